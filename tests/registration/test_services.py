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
    verify_claim(claim, world.committee)
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
    verify_claim(claim, world.committee)
    with pytest.raises(DomainError):
        reject_claim(claim, world.committee, "late")
    with pytest.raises(DomainError):
        verify_claim(claim, world.committee)


def test_my_claims_and_reviewable_compounds(db, world, unit):
    claim_unit(world.resident, unit, "A")
    assert [c.unit_id for c in claims_of(world.resident)] == [unit.id]
    assert [(c.name, n) for c, n in reviewable_compounds(world.committee)] == [("文宴雅居", 1)]
    assert [c.name for c, _ in reviewable_compounds(world.staff)] == ["延中小区"]
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
                    verify_claim(target, reviewer)
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
        verify_claim(claim, world.committee)
    assert claim.status == ClaimStatus.PENDING
