"""Fee schedules with their history and the one in force, contracts covering several compounds
(连片), and changes of mode that keep the history; each change posted on the board."""

from datetime import date

import pytest

from portal.errors import ConflictError, DomainError
from portal.management import rules, services
from portal.management.models import FeeBasis
from portal.notices.models import Notice
from portal.places.models import ManagementMode, ManagementPeriod


def _fees(world, day, fee, parking=3000, basis=FeeBasis.HOUSEHOLD, decided_by="2021年业主大会 第3项"):
    return services.set_fees(
        world.compound_a,
        effective_from=day,
        property_fee_fen=fee,
        basis=basis,
        parking_fee_fen=parking,
        decided_by=decided_by,
        actor=world.committee,
    )


def test_fee_history_and_the_schedule_in_force(db, world):
    first = _fees(world, date(2021, 6, 1), 5000)
    second = _fees(world, date(2024, 1, 1), 85, basis=FeeBasis.AREA, parking=0)
    future = _fees(world, date(2099, 1, 1), 90, basis=FeeBasis.AREA)
    db.session.commit()
    assert services.fee_history(world.compound_a) == [future, second, first]
    assert services.fee_in_force(world.compound_a, date(2021, 5, 31)) is None
    assert services.fee_in_force(world.compound_a, date(2021, 6, 1)) == first
    assert services.fee_in_force(world.compound_a, date(2023, 12, 31)) == first
    assert services.fee_in_force(world.compound_a, date(2026, 11, 1)) == second
    assert rules.in_force(services.fee_history(world.compound_a), date(2099, 1, 1)) == future
    assert services.fee_in_force(world.compound_b, date(2026, 11, 1)) is None


def test_each_schedule_is_posted_with_its_decision(db, world):
    schedule = _fees(world, date(2021, 6, 1), 5000)
    notice = db.session.get(Notice, schedule.notice_id)
    assert "2021-06-01" in notice.title and "50.00" in notice.body and "第3项" in notice.body
    assert not notice.owners_only


def test_refusals(db, world):
    _fees(world, date(2021, 6, 1), 5000)
    with pytest.raises(ConflictError):
        _fees(world, date(2021, 6, 1), 6000)
    with pytest.raises(DomainError):
        _fees(world, date(2022, 1, 1), 5000, decided_by=" ")
    with pytest.raises(DomainError):
        _fees(world, date(2022, 1, 1), 100_001)


def test_a_contract_covers_several_compounds(db, world):
    contract = services.record_contract(
        [world.compound_a, world.compound_c],
        provider="长葛市安居物业服务有限公司",
        starts_on=date(2021, 10, 1),
        ends_on=date(2024, 9, 30),
        service_standard="每日保洁",
        actor=world.staff,
    )
    db.session.commit()
    assert contract.consolidated
    assert services.contracts_of(world.compound_c) == [contract]
    assert {c.id for c in services.contracts_of(world.compound_a)[0].compounds} == {
        world.compound_a.id,
        world.compound_c.id,
    }
    assert services.contracts_of(world.compound_b) == []
    with pytest.raises(DomainError):
        services.record_contract(
            [world.compound_a], provider="x", starts_on=date(2021, 1, 2), ends_on=date(2021, 1, 1), actor=None
        )


def test_a_change_of_mode_keeps_the_history(db, world):
    a = world.compound_a
    a.management_periods.append(
        ManagementPeriod(
            mode=ManagementMode.BASIC, provider="南关社区物业服务中心", started_on=date(2020, 3, 1)
        )
    )
    db.session.flush()
    services.change_mode(
        a,
        mode=ManagementMode.PROFESSIONAL,
        provider="汉都物业",
        started_on=date(2021, 9, 1),
        actor=world.committee,
    )
    db.session.commit()
    periods = sorted(a.management_periods, key=lambda p: p.started_on)
    assert [(p.mode, p.ended_on) for p in periods] == [
        (ManagementMode.BASIC, date(2021, 8, 31)),
        (ManagementMode.PROFESSIONAL, None),
    ]
    assert a.current_management.provider == "汉都物业"
    assert (
        db.session.query(Notice)
        .filter(Notice.compound_id == a.id, Notice.title.contains("2021-09-01"))
        .count()
        == 1
    )
    with pytest.raises(DomainError):
        services.change_mode(
            a, mode=ManagementMode.BASIC, provider="", started_on=date(2021, 9, 1), actor=world.committee
        )


def test_a_schedule_links_its_decision_in_the_portal(db, world):
    schedule = services.set_fees(
        world.compound_a,
        effective_from=date(2021, 6, 1),
        property_fee_fen=5000,
        basis=FeeBasis.HOUSEHOLD,
        parking_fee_fen=3000,
        decided_by="2021年业主大会 第3项",
        decision_url="/assembly/meetings/1",
        actor=world.committee,
    )
    assert schedule.decision_url == "/assembly/meetings/1"
    with pytest.raises(DomainError):
        services.set_fees(
            world.compound_a,
            effective_from=date(2022, 6, 1),
            property_fee_fen=5000,
            basis=FeeBasis.HOUSEHOLD,
            parking_fee_fen=3000,
            decided_by="x",
            decision_url="https://evil.example/",
            actor=world.committee,
        )
