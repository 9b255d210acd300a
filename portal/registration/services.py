"""Owner registration: claiming a unit, and the committee's verification (DESIGN §4.1)."""

from __future__ import annotations

from blinker import Namespace
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, bindparam, delete, exists, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from portal import audit
from portal.auth.models import Role, RoleGrant, User
from portal.columns import utcnow
from portal.errors import DomainError
from portal.extensions import db
from portal.paging import Page
from portal.places.models import Building, Community, Compound, Unit, UnitStatus
from portal.places.signals import units_changed_owner
from portal.registration import queries, queue
from portal.registration.models import ClaimAnswer, ClaimStatus, OwnerAnswer, UnitClaim
from portal.registration.warnings import claim_warnings
from portal.statements import built_once

MAX_REASON_LENGTH = 500
#: The most claims one person may have waiting (pending or on hold) at a time: nobody owns
#: many units they have not yet been verified for, and a flood of claims burdens the reviewers.
MAX_OPEN_CLAIMS = 5
#: Claims still waiting for a decision.
OPEN_STATUSES = (ClaimStatus.PENDING, ClaimStatus.ON_HOLD)

#: Sent (sender "registration") with `claim` after a claim is filed, in the same transaction.
claim_filed = Namespace().signal("claim-filed")


def _snapshot(claim: UnitClaim) -> dict:
    return {"status": claim.status.value, "unit_id": claim.unit_id, "reason": claim.reason}


def claim_unit(user: User, unit: Unit, certificate_no: str) -> UnitClaim:
    """File a claim on a unit. A pending or verified claim by the same user cannot be filed
    twice; a rejected one is reopened with the new certificate number."""
    certificate_no = certificate_no.strip()
    if not certificate_no:
        raise DomainError(_l("Enter the number of your property certificate."))
    if unit.status != UnitStatus.DELIVERED:
        raise DomainError(_l("This unit has not been handed over to a buyer, so it cannot be claimed yet."))
    claim = db.session.scalar(
        select(UnitClaim).where(UnitClaim.user_id == user.id, UnitClaim.unit_id == unit.id)
    )
    if claim is not None and claim.status != ClaimStatus.REJECTED:
        raise DomainError(_l("You have already claimed this unit."))
    _refuse_too_many_open_claims(user)
    before = _snapshot(claim) if claim else None
    if claim is None:
        claim = UnitClaim(user_id=user.id, unit_id=unit.id, compound_id=unit.compound_id)
        db.session.add(claim)
    else:  # sent again: the unit's owners are asked again (their earlier answers stay in the audit)
        db.session.execute(delete(ClaimAnswer).where(ClaimAnswer.claim_id == claim.id))
    claim.certificate_no = certificate_no
    claim.status, claim.reason, claim.decided_by_id, claim.decided_at = ClaimStatus.PENDING, "", None, None
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError as error:
        raise DomainError(_l("You have already claimed this unit.")) from error
    audit.record(
        "claim_filed", claim, before=before, after=_snapshot(claim), compound_id=unit.compound_id, actor=user
    )
    claim_filed.send("registration", claim=claim)
    return claim


def _refuse_too_many_open_claims(user: User) -> None:
    """At most MAX_OPEN_CLAIMS claims of one person wait for a decision at a time."""
    waiting = db.session.scalar(
        select(func.count(UnitClaim.id)).where(
            UnitClaim.user_id == user.id, UnitClaim.status.in_(OPEN_STATUSES)
        )
    )
    if waiting >= MAX_OPEN_CLAIMS:
        raise DomainError(
            _l(
                "You already have %(n)d claims waiting for verification. Please wait until they are "
                "decided before claiming another unit.",
                n=waiting,
            )
        )


def _decide(claim: UnitClaim, reviewer: User, transition: str, reason: str, after: dict | None = None):
    """Verify or reject a pending claim through the claim workflow (a conditional update, so
    that two reviewers acting at once cannot both decide it)."""
    return UnitClaim.workflow.move(
        claim,
        transition,
        actor=reviewer,
        values={"reason": reason, "decided_by_id": reviewer.id, "decided_at": utcnow()},
        after={**({"reason": reason} if reason else {}), **(after or {})} or None,
    )


def verify_claim(claim: UnitClaim, reviewer: User, *, certificate_checked: bool = False) -> UnitClaim:
    """Verify a pending claim: the claimant becomes an owner of the compound and a member of
    the unit's owner group. A unit that is now unsold or undelivered (the developer's) cannot
    be verified, whatever it was when the claim was filed. A claim on a unit with another
    verified owner, or whose claimant the roster does not name, needs the reviewer's
    confirmation that they checked the ownership certificate (recorded in the audit)."""
    if claim.unit.status != UnitStatus.DELIVERED:
        raise DomainError(_l("This unit has not been handed over to a buyer, so it cannot be claimed yet."))
    if claim_warnings([claim])[claim.id].needs_certificate_check:
        if not certificate_checked:
            raise DomainError(
                _l(
                    "This unit already has a verified owner, or the claimant's name differs from the "
                    "roster. Check the ownership certificate, confirm that you did, then verify."
                )
            )
        return _decide(claim, reviewer, "verify", "", {"certificate_checked": True})
    return _decide(claim, reviewer, "verify", "")


def reject_claim(claim: UnitClaim, reviewer: User, reason: str) -> UnitClaim:
    """Reject a pending claim; the reason is shown to the claimant."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_l("Give the reason for rejecting the claim."))
    if len(reason) > MAX_REASON_LENGTH:
        raise DomainError(_l("The reason may have at most %(n)d characters.", n=MAX_REASON_LENGTH))
    return _decide(claim, reviewer, "reject", reason)


def is_verified_owner_of_unit(user: User, unit_id: int) -> bool:
    """Whether the user holds a verified claim on this unit."""
    query = select(
        exists().where(
            UnitClaim.user_id == user.id,
            UnitClaim.unit_id == unit_id,
            UnitClaim.status == ClaimStatus.VERIFIED,
        )
    )
    return bool(db.session.scalar(query))


def answer_claim(claim: UnitClaim, owner: User, answer: OwnerAnswer) -> ClaimAnswer:
    """A verified owner of the unit answers someone else's claim on it, once: a co-owner, or
    not known to them. "Not known" puts a waiting claim on hold, so that it cannot be verified
    until a reviewer has looked at it again with the answer in view. Audited."""
    if claim.status not in OPEN_STATUSES:
        raise DomainError(_l("This claim has already been decided."))
    record = ClaimAnswer(claim_id=claim.id, user_id=owner.id, answer=OwnerAnswer(answer))
    try:
        with db.session.begin_nested():
            db.session.add(record)
            db.session.flush()
    except IntegrityError as error:
        raise DomainError(_l("You have already answered this claim.")) from error
    audit.record(
        "claim_answered",
        claim,
        after={"answer": record.answer.value},
        compound_id=claim.compound_id,
        actor=owner,
    )
    if record.answer == OwnerAnswer.NOT_KNOWN and claim.status == ClaimStatus.PENDING:
        UnitClaim.workflow.move(claim, "hold", actor=owner)
    return record


def release_claim(claim: UnitClaim, reviewer: User) -> UnitClaim:
    """A reviewer who has looked again at a claim on hold (with the owners' answers in view)
    sends it back to the queue, where it can be verified or rejected."""
    return UnitClaim.workflow.move(claim, "release", actor=reviewer)


def claims_on_my_units(user: User) -> list[tuple[UnitClaim, ClaimAnswer | None]]:
    """Other people's claims, still waiting, on the units the user is a verified owner of,
    with the user's answer to each (None when not answered yet), oldest first."""
    return [(claim, answer) for claim, answer in db.session.execute(_claims_on_mine(), {"user_id": user.id})]


@built_once
def _claims_on_mine() -> Select:
    """`claims_on_my_units`' query, built once (parameter: user_id)."""
    user_id = bindparam("user_id")
    mine = select(UnitClaim.unit_id).where(
        UnitClaim.user_id == user_id, UnitClaim.status == ClaimStatus.VERIFIED
    )
    return (
        select(UnitClaim, ClaimAnswer)
        .outerjoin(ClaimAnswer, (ClaimAnswer.claim_id == UnitClaim.id) & (ClaimAnswer.user_id == user_id))
        .options(_with_unit(), joinedload(UnitClaim.user))
        .where(UnitClaim.unit_id.in_(mine), UnitClaim.user_id != user_id, UnitClaim.status.in_(OPEN_STATUSES))
        .order_by(UnitClaim.created_at, UnitClaim.id)
    )


def _with_unit():
    return joinedload(UnitClaim.unit).joinedload(Unit.building).joinedload(Building.compound)


def claims_of(user: User) -> list[UnitClaim]:
    """The user's own claims, newest first."""
    query = select(UnitClaim).options(_with_unit()).where(UnitClaim.user_id == user.id)
    return list(db.session.scalars(query.order_by(UnitClaim.created_at.desc(), UnitClaim.id.desc())))


def review_queue(compound: Compound, status: ClaimStatus, *, page: int = 1, per_page: int = 50) -> Page:
    """The compound's claims in one status, oldest first, paginated: cards with the claim's
    unit (its label and roster owner group), the claimant and who decided it
    (`registration.queue`)."""
    return queue.review_queue(compound.id, status, page=page, per_page=per_page)


def reviewable_compounds(user: User) -> list[tuple[Compound, int, int]]:
    """Compounds whose claims the user reviews, with their counts of waiting and held claims:
    those where the user sits on the committee, and those of the user's communities that have
    no committee."""
    if not user.is_authenticated:
        return []
    committee_ids = [g.compound_id for g in user.grants if g.role == Role.COMMITTEE]
    community_ids = [g.community_id for g in user.grants if g.role == Role.COMMUNITY_STAFF]
    has_committee = exists().where(RoleGrant.role == Role.COMMITTEE, RoleGrant.compound_id == Compound.id)
    scope = Compound.id.in_(committee_ids) | (Compound.community_id.in_(community_ids) & ~has_committee)
    counted = queries.counted_in_compound
    rows = db.session.execute(
        select(Compound, counted(ClaimStatus.PENDING), counted(ClaimStatus.ON_HOLD))
        .join(Compound.community)
        .options(joinedload(Compound.community))
        .where(scope)
        .order_by(Community.name, Compound.name)
    )
    return [(compound, pending, held) for compound, pending, held in rows]


def is_owner(user: User, compound: Compound) -> bool:
    """A verified claim on any unit of the compound makes the user one of its owners."""
    if not user.is_authenticated:
        return False
    return bool(db.session.scalar(_is_owner_query(), {"user_id": user.id, "compound_id": compound.id}))


@built_once
def _is_owner_query():
    """`is_owner`'s query, built once (parameters: user_id, compound_id)."""
    return select(
        exists().where(
            UnitClaim.user_id == bindparam("user_id"),
            UnitClaim.compound_id == bindparam("compound_id"),
            UnitClaim.status == ClaimStatus.VERIFIED,
        )
    )


def units_of_building(building: Building) -> list[Unit]:
    return list(db.session.scalars(select(Unit).where(Unit.building_id == building.id).order_by(Unit.name)))


@units_changed_owner.connect
def reopen_claims_of_units_with_a_new_owner(compound: Compound, *, unit_ids: list[int]) -> int:
    """When the roster gives a unit another owner, its verified claims are no longer proof of
    ownership: send them back to the queue (audited) and return how many."""
    claims = db.session.scalars(
        select(UnitClaim).where(UnitClaim.unit_id.in_(unit_ids), UnitClaim.status == ClaimStatus.VERIFIED)
    ).all()
    reason = str(_l("The roster now names another owner for this unit; please verify again."))
    for claim in claims:
        UnitClaim.workflow.move(
            claim,
            "reopen",
            values={"reason": reason, "decided_by_id": None, "decided_at": None},
            after={"reason": reason},
        )
    return len(claims)


def verified_owner_keys(user: User, compound: Compound) -> set[str]:
    """The owner keys of the groups the user is a verified owner in, within the compound."""
    from portal.places.models import DEVELOPER_OWNER_KEY, OwnerGroup

    query = (
        select(OwnerGroup.owner_key)
        .join(Unit, Unit.owner_group_id == OwnerGroup.id)
        .join(UnitClaim, UnitClaim.unit_id == Unit.id)
        .where(
            UnitClaim.user_id == user.id,
            UnitClaim.compound_id == compound.id,
            UnitClaim.status == ClaimStatus.VERIFIED,
            OwnerGroup.owner_key != DEVELOPER_OWNER_KEY,  # the developer votes through a proxy
        )
    )
    return set(db.session.scalars(query))


def verified_holdings(compound: Compound) -> list[tuple[int, int]]:
    """(user id, unit id) of every verified claim in the compound: who holds which unit now."""
    query = select(UnitClaim.user_id, UnitClaim.unit_id).where(
        UnitClaim.compound_id == compound.id, UnitClaim.status == ClaimStatus.VERIFIED
    )
    return [(user_id, unit_id) for user_id, unit_id in db.session.execute(query)]


def claim_statuses(user: User, compound: Compound | None = None) -> dict[int, ClaimStatus]:
    """The status of each of the user's claims in the compound (in every compound when none
    is given), by unit id."""
    query = select(UnitClaim.unit_id, UnitClaim.status).where(UnitClaim.user_id == user.id)
    if compound is not None:
        query = query.where(UnitClaim.compound_id == compound.id)
    return {unit_id: ClaimStatus(status) for unit_id, status in db.session.execute(query)}


def claimed_compound_ids(user: User) -> set[int]:
    """The compounds where the user has a claim that still stands (verified, or pending)."""
    return set(db.session.scalars(_claimed_compounds(), {"user_id": user.id}))


@built_once
def _claimed_compounds() -> Select:
    """`claimed_compound_ids`' query, built once (parameter: user_id)."""
    return queries.claimed_compounds(bindparam("user_id")).distinct()


def verified_group_ids(compound: Compound, user_ids: list[int]) -> set[int]:
    """The owner groups of the compound in which these users are verified owners."""
    if not user_ids:
        return set()
    query = (
        select(Unit.owner_group_id)
        .join(UnitClaim, UnitClaim.unit_id == Unit.id)
        .where(
            UnitClaim.compound_id == compound.id,
            UnitClaim.user_id.in_(user_ids),
            UnitClaim.status == ClaimStatus.VERIFIED,
        )
    )
    return set(db.session.scalars(query))
