"""The reviewers' queue read as light cards: a page of 50 claims shows a few columns of each claim,
its unit, the unit's roster owner, the claimant and who decided it. Read as plain rows of one
statement (built once) instead of six ORM objects per claim, which cost more to load than to
show (bench/README.md, "Where the time goes now")."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, bindparam, func, select
from sqlalchemy.orm import aliased

from portal.auth.models import User
from portal.extensions import db
from portal.paging import Page, paged_rows, windowed
from portal.places.models import DEVELOPER_OWNER_KEY, Building, OwnerGroup, Unit
from portal.registration.models import ClaimStatus, UnitClaim
from portal.statements import built_once


@dataclass(slots=True)
class Person:
    """The claimant or the reviewer who decided, as the queue shows them."""

    name: str
    phone: str = ""


@dataclass(slots=True)
class RosterOwner:
    """The unit's owner group in the roster: who the roster names as the owner."""

    owner_name: str
    owner_phone: str
    is_developer: bool


@dataclass(slots=True)
class UnitCard:
    label: str
    owner_group: RosterOwner


@dataclass(slots=True)
class ClaimCard:
    """What the queue shows of a claim and what its warnings read (`warnings.claim_warnings`):
    the names of `UnitClaim`'s columns and relationships, so the claim page's macros read both."""

    id: int
    compound_id: int
    unit_id: int
    user_id: int
    certificate_no: str
    status: ClaimStatus
    reason: str
    created_at: datetime
    decided_at: datetime | None
    user: Person
    unit: UnitCard
    decided_by: Person | None


def review_queue(compound_id: int, status: ClaimStatus, *, page: int, per_page: int) -> Page:
    """The compound's claims in one status, oldest first, a page of cards and how many there
    are in all."""
    values = {"compound_id": compound_id, "status": status}

    def count() -> int:
        counted = select(func.count(UnitClaim.id)).where(
            UnitClaim.compound_id == compound_id, UnitClaim.status == status
        )
        return db.session.scalar(counted)

    rows, total = paged_rows(_review_queue(), count, page=page, per_page=per_page, values=values)
    return Page([_card(row) for row in rows], page, per_page, total)


def _card(row) -> ClaimCard:
    """A card from a row of `_review_queue`: the claim's nine columns, then the names."""
    user_name, user_phone, building, unit, owner_key, owner_name, owner_phone, decider = row[9:17]
    return ClaimCard(
        *row[:9],
        Person(user_name, user_phone),
        UnitCard(
            f"{building} {unit}", RosterOwner(owner_name, owner_phone, owner_key == DEVELOPER_OWNER_KEY)
        ),
        None if decider is None else Person(decider),
    )


@built_once
def _review_queue() -> Select:
    decider = aliased(User)
    query = (
        select(
            UnitClaim.id,
            UnitClaim.compound_id,
            UnitClaim.unit_id,
            UnitClaim.user_id,
            UnitClaim.certificate_no,
            UnitClaim.status,
            UnitClaim.reason,
            UnitClaim.created_at,
            UnitClaim.decided_at,
            User.name,
            User.phone,
            Building.name,
            Unit.name,
            OwnerGroup.owner_key,
            OwnerGroup.owner_name,
            OwnerGroup.owner_phone,
            decider.name,
        )
        .join(User, User.id == UnitClaim.user_id)
        .join(Unit, Unit.id == UnitClaim.unit_id)
        .join(Building, Building.id == Unit.building_id)
        .join(OwnerGroup, OwnerGroup.id == Unit.owner_group_id)
        .outerjoin(decider, decider.id == UnitClaim.decided_by_id)
        .where(UnitClaim.compound_id == bindparam("compound_id"), UnitClaim.status == bindparam("status"))
        .order_by(UnitClaim.created_at, UnitClaim.id)
    )
    return windowed(query)
