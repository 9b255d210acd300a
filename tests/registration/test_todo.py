"""Registration's to-do providers: a resident's claim to make or correct, and the claims waiting
for the committee (or for community staff where a compound has no committee)."""

from datetime import UTC, datetime

import pytest
import time_machine

from portal.registration.services import claim_unit, reject_claim
from portal.todo import todo_for
from tests.conftest import make_user


@pytest.fixture
def todo(app):
    def of(user, kind=None):
        with app.test_request_context():
            items = todo_for(user)
        return [item for item in items if kind is None or item.kind == kind]

    return of


def _unit(compound, n=0):
    return compound.buildings[0].units[n]


def test_a_plain_resident_is_invited_to_claim_and_then_waits(db, todo, world):
    [invite] = todo(world.resident)
    assert invite.kind == "claim_unit" and invite.url == "/registration/compounds"
    assert invite.title == "认领您的房屋，以业主身份参与"
    claim_unit(world.resident, _unit(world.compound_a), "CERT")
    db.session.commit()
    assert todo(world.resident) == []  # waiting for the committee: nothing to do


def test_a_rejected_claim_is_to_be_corrected(db, todo, world):
    claim = claim_unit(world.resident, _unit(world.compound_a), "CERT-1")
    reject_claim(claim, world.committee, "证号与登记簿不符")
    db.session.commit()
    [fix] = todo(world.resident)
    assert fix.kind == "fix_claim" and fix.url == f"/registration/units/{claim.unit_id}/claim"
    assert fix.title == "更正文宴雅居 1号楼 101的认领并重新提交" and "证号与登记簿不符" in fix.detail
    claim_unit(world.resident, _unit(world.compound_a), "CERT-2")  # sent again: pending
    db.session.commit()
    assert todo(world.resident) == []


def test_people_with_a_role_are_not_invited_to_claim(todo, world):
    for user in (world.admin, world.mediator):
        assert todo(user) == []


def test_claims_to_verify_for_the_committee_and_for_staff_where_there_is_no_committee(db, todo, world):
    with time_machine.travel(datetime(2026, 12, 1, 1, 0, tzinfo=UTC), tick=False):
        claim_unit(world.resident, _unit(world.compound_a), "CERT")
        claim_unit(make_user("13711111111"), _unit(world.compound_c), "CERT")
    with time_machine.travel(datetime(2026, 12, 2, 1, 0, tzinfo=UTC), tick=False):
        claim_unit(make_user("13722222222"), _unit(world.compound_a, 1), "CERT")
        claim_unit(make_user("13733333333"), _unit(world.compound_b), "CERT")
    claim_unit(world.committee, _unit(world.compound_a, 2), "CERT")  # their own: not theirs to verify
    db.session.commit()
    [committee] = todo(world.committee, "verify_claims")
    assert committee.title == "核验文宴雅居的 2 份业主认领"
    assert committee.url == f"/registration/review/{world.compound_a.id}"
    assert committee.detail == "最早的一份提交于 2026-12-01 09:00。"
    [staff] = todo(world.staff, "verify_claims")  # only C: A has a committee, B is elsewhere
    assert staff.title == "核验延中小区的 1 份业主认领"
    [fred] = todo(world.fred, "verify_claims")
    assert fred.title == "核验三国苑的 1 份业主认领"
