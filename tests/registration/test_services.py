"""Claims and their verification."""

import threading

import pytest
from sqlalchemy import func, select

from portal.audit import AuditRecord
from portal.errors import DomainError
from portal.extensions import db as _db
from portal.registration.models import ClaimStatus, UnitClaim
from portal.registration.services import (
    claim_unit,
    claims_of,
    is_owner,
    reject_claim,
    reviewable_compounds,
    verify_claim,
)


@pytest.fixture
def unit(world):
    return world.compound_a.buildings[0].units[0]


def test_claim_verify_makes_an_owner(db, world, unit):
    claim = claim_unit(world.resident, unit, " 豫(2021)许昌市不动产权第0000001号 ")
    assert claim.status == ClaimStatus.PENDING and claim.certificate_no.startswith("豫")
    assert not is_owner(world.resident, world.compound_a)
    verify_claim(claim, world.committee, certificate_checked=True)
    assert claim.status == ClaimStatus.VERIFIED and claim.decided_by_id == world.committee.id
    assert is_owner(world.resident, world.compound_a)
    assert not is_owner(world.resident, world.compound_b)
    actions = db.session.scalars(select(AuditRecord.action).order_by(AuditRecord.id)).all()
    assert actions[-2:] == ["claim_filed", "claim_verified"]


def test_a_claim_cannot_be_filed_twice(db, world, unit):
    claim_unit(world.resident, unit, "A")
    with pytest.raises(DomainError):
        claim_unit(world.resident, unit, "B")


def test_rejection_needs_a_reason_and_can_be_answered_with_a_new_claim(db, world, unit):
    claim = claim_unit(world.resident, unit, "WRONG")
    with pytest.raises(DomainError):
        reject_claim(claim, world.committee, "  ")
    with pytest.raises(DomainError):
        reject_claim(claim, world.committee, "x" * 501)
    reject_claim(claim, world.committee, "证书号与登记簿不符")
    assert claim.status == ClaimStatus.REJECTED and claim.reason == "证书号与登记簿不符"
    again = claim_unit(world.resident, unit, "RIGHT")
    assert again.id == claim.id and again.status == ClaimStatus.PENDING and again.reason == ""


def test_a_decided_claim_cannot_be_decided_again(db, world, unit):
    claim = claim_unit(world.resident, unit, "A")
    verify_claim(claim, world.committee, certificate_checked=True)
    with pytest.raises(DomainError):
        reject_claim(claim, world.committee, "late")
    with pytest.raises(DomainError):
        verify_claim(claim, world.committee, certificate_checked=True)


def test_my_claims_and_reviewable_compounds(db, world, unit):
    claim_unit(world.resident, unit, "A")
    assert [c.unit_id for c in claims_of(world.resident)] == [unit.id]
    assert [(c.name, n, held) for c, n, held in reviewable_compounds(world.committee)] == [("文宴雅居", 1, 0)]
    assert [c.name for c, _, _ in reviewable_compounds(world.staff)] == ["延中小区"]
    assert reviewable_compounds(world.fred)[0][0].name == "三国苑"
    assert reviewable_compounds(world.resident) == []


def test_two_reviewers_deciding_at_once_leave_one_decision(app, db, world, unit):
    claim = claim_unit(world.resident, unit, "A")
    db.session.commit()
    claim_id, reviewer_id = claim.id, world.committee.id
    outcomes, barrier = [], threading.Barrier(2)

    def decide(action):
        with app.app_context():
            from portal.auth.models import User

            target = _db.session.get(UnitClaim, claim_id)
            reviewer = _db.session.get(User, reviewer_id)
            barrier.wait()
            try:
                if action == "verify":
                    verify_claim(target, reviewer, certificate_checked=True)
                else:
                    reject_claim(target, reviewer, "no")
                _db.session.commit()
                outcomes.append(action)
            except Exception as error:
                _db.session.rollback()
                outcomes.append(type(error).__name__)
            finally:
                _db.session.remove()

    threads = [threading.Thread(target=decide, args=(a,)) for a in ("verify", "reject")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(o in ("verify", "reject") for o in outcomes) == 1, outcomes
    db.session.rollback()  # a fresh transaction sees what the threads committed
    decided = db.session.scalar(
        select(func.count(AuditRecord.id)).where(AuditRecord.action.in_(["claim_verified", "claim_rejected"]))
    )
    assert decided == 1


def test_the_developers_units_cannot_be_claimed(db, world):
    from portal.places.models import UnitStatus

    unsold = next(u for b in world.compound_a.buildings for u in b.units if u.status == UnitStatus.UNSOLD)
    with pytest.raises(DomainError):
        claim_unit(world.resident, unsold, "CERT")


def test_a_unit_that_went_back_to_the_developer_cannot_be_verified_nor_voted_for(db, world):
    from portal.places.roster import import_roster
    from tests.conftest import ROSTER

    unit = next(
        u for b in world.compound_a.buildings for u in b.units if u.name == "201" and b.name == "1号楼"
    )
    claim = claim_unit(world.resident, unit, "CERT")
    import_roster(
        world.compound_a,
        ROSTER.replace("1号楼,201,75.00,,B2,李四,,".encode(), "1号楼,201,75.00,,,,,undelivered".encode()),
    )
    with pytest.raises(DomainError):
        verify_claim(claim, world.committee, certificate_checked=True)
    assert claim.status == ClaimStatus.PENDING


# --- Ownership integrity (issue 9): a second claim on a verified owner's unit -----------------


def _records(db, action):
    return db.session.scalars(select(AuditRecord).where(AuditRecord.action == action)).all()


def test_a_claim_by_the_rosters_owner_on_a_free_unit_needs_no_certificate_confirmation(db, world, unit):
    from portal.registration.warnings import claim_warnings
    from tests.conftest import make_user

    zhang = make_user("13700000101", "张 三")  # the roster's owner of 1号楼 101 (spaces ignored)
    claim = claim_unit(zhang, unit, "CERT")
    assert not claim_warnings([claim])[claim.id].needs_certificate_check
    verify_claim(claim, world.committee)
    assert claim.status == ClaimStatus.VERIFIED
    assert "certificate_checked" not in _records(db, "claim_verified")[-1].after


def test_a_name_that_differs_from_the_roster_needs_the_certificate_checked(db, world, unit):
    from portal.registration.warnings import claim_warnings

    claim = claim_unit(world.resident, unit, "CERT")
    warnings = claim_warnings([claim])[claim.id]
    assert warnings.roster_name == "张三" and warnings.other_owners == []
    with pytest.raises(DomainError, match="权属证书"):
        verify_claim(claim, world.committee)
    assert claim.status == ClaimStatus.PENDING
    verify_claim(claim, world.committee, certificate_checked=True)
    assert _records(db, "claim_verified")[-1].after == {"status": "verified", "certificate_checked": True}


def test_a_claim_on_a_unit_with_a_verified_owner_is_marked_and_needs_the_certificate(db, world, unit):
    from portal.registration.warnings import claim_warnings
    from tests.conftest import make_user

    zhang = make_user("13700000102", "张三")
    verify_claim(claim_unit(zhang, unit, "CERT-1"), world.committee)
    intruder = make_user("13700000103", "张三")  # same name as the roster: only the owner warns
    claim = claim_unit(intruder, unit, "INVENTED")
    assert claim_warnings([claim])[claim.id].other_owners == ["张三"]
    with pytest.raises(DomainError):
        verify_claim(claim, world.committee)
    assert claim.status == ClaimStatus.PENDING


def test_the_verified_owner_answers_co_owner_or_not_known(db, world, unit):
    from portal.registration.models import OwnerAnswer
    from portal.registration.services import answer_claim, claims_on_my_units, release_claim
    from portal.registration.warnings import claim_warnings
    from tests.conftest import make_user

    owner = make_user("13700000104", "张三")
    verify_claim(claim_unit(owner, unit, "CERT-1"), world.committee)
    spouse = make_user("13700000105", "王芳")
    stranger = make_user("13700000106", "刘洋")
    first = claim_unit(spouse, unit, "CERT-1")
    second = claim_unit(stranger, unit, "INVENTED")
    assert [c.id for c, answer in claims_on_my_units(owner)] == [first.id, second.id]
    answer_claim(first, owner, OwnerAnswer.CO_OWNER)
    assert first.status == ClaimStatus.PENDING
    with pytest.raises(DomainError):
        answer_claim(first, owner, OwnerAnswer.NOT_KNOWN)  # once
    answer_claim(second, owner, OwnerAnswer.NOT_KNOWN)
    assert second.status == ClaimStatus.ON_HOLD
    assert [r.after for r in _records(db, "claim_answered")] == [
        {"answer": "co_owner"},
        {"answer": "not_known"},
    ]
    assert _records(db, "claim_held")[-1].actor_id == owner.id
    # On hold, it cannot be verified, even with the certificate checked; the reviewer looks again.
    with pytest.raises(DomainError):
        verify_claim(second, world.committee, certificate_checked=True)
    [not_known] = claim_warnings([second])[second.id].not_known
    assert not_known.user_id == owner.id
    release_claim(second, world.committee)
    assert (
        second.status == ClaimStatus.PENDING
        and _records(db, "claim_released")[-1].actor_id == world.committee.id
    )
    verify_claim(second, world.committee, certificate_checked=True)
    assert second.status == ClaimStatus.VERIFIED


def test_open_claims_per_person_are_limited(db, world):
    from portal.places.models import UnitStatus
    from portal.registration.services import MAX_OPEN_CLAIMS

    units = [u for b in world.compound_a.buildings for u in b.units if u.status == UnitStatus.DELIVERED]
    units += [u for b in world.compound_b.buildings for u in b.units if u.status == UnitStatus.DELIVERED]
    assert len(units) > MAX_OPEN_CLAIMS
    for unit in units[:MAX_OPEN_CLAIMS]:
        claim_unit(world.resident, unit, "CERT")
    with pytest.raises(DomainError, match="您已有5份认领等待核验"):
        claim_unit(world.resident, units[MAX_OPEN_CLAIMS], "CERT")
    reject_claim(claims_of(world.resident)[0], world.committee, "不符")
    claim_unit(world.resident, units[MAX_OPEN_CLAIMS], "CERT")  # one decided: room for another


def test_a_rejected_claim_sent_again_asks_the_owner_again(db, world, unit):
    from portal.registration.models import OwnerAnswer
    from portal.registration.services import answer_claim, claims_on_my_units
    from tests.conftest import make_user

    owner = make_user("13700000107", "张三")
    verify_claim(claim_unit(owner, unit, "CERT-1"), world.committee)
    stranger = make_user("13700000108", "刘洋")
    claim = claim_unit(stranger, unit, "INVENTED")
    answer_claim(claim, owner, OwnerAnswer.NOT_KNOWN)
    reject_claim(claim, world.committee, "业主不认识申请人")
    again = claim_unit(stranger, unit, "INVENTED-2")
    assert again.status == ClaimStatus.PENDING
    assert claims_on_my_units(owner) == [(again, None)]  # to be answered again
    answer_claim(again, owner, OwnerAnswer.NOT_KNOWN)
    assert again.status == ClaimStatus.ON_HOLD


def test_the_queue_shows_each_claim_as_the_claim_page_does(db, world, unit):
    from portal.registration.services import review_queue
    from portal.registration.warnings import claim_warnings
    from tests.conftest import make_user

    zhang = make_user("13700000107", "张三")
    verified = claim_unit(zhang, unit, "CERT-1")
    verify_claim(verified, world.committee)
    waiting = claim_unit(world.resident, unit, "CERT-2")
    db.session.commit()
    [card] = review_queue(world.compound_a, ClaimStatus.VERIFIED).items
    assert (card.id, card.user.name, card.user.phone, card.certificate_no) == (
        verified.id,
        "张三",
        zhang.phone,
        "CERT-1",
    )
    assert (card.unit.label, card.decided_by.name, card.decided_at) == (
        unit.label,
        world.committee.name,
        verified.decided_at,
    )
    group = unit.owner_group
    assert (card.unit.owner_group.owner_name, card.unit.owner_group.is_developer) == (
        group.owner_name,
        group.is_developer,
    )
    [pending] = review_queue(world.compound_a, ClaimStatus.PENDING).items
    assert pending.decided_by is None and pending.status == ClaimStatus.PENDING
    assert claim_warnings([pending]) == claim_warnings([waiting])
    assert claim_warnings([pending])[waiting.id].other_owners == ["张三"]
