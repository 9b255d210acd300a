"""The registration's claims as queries that other services compose into their own statements
(the frozen electorate's "whom does this person vote for", the to-do's meetings), so that asking
costs no extra round trip. They read the claims table; nobody else does by hand."""

from __future__ import annotations

from sqlalchemy import ScalarSelect, Select, func, select

from portal.places.models import Compound
from portal.registration.models import ClaimStatus, UnitClaim

#: Claims that still stand: verified, or waiting for a decision.
STANDING_STATUSES = (ClaimStatus.VERIFIED, ClaimStatus.PENDING, ClaimStatus.ON_HOLD)


def claims_of(user_id: int) -> Select:
    """Every claim of the user: unit id, status and compound id."""
    return select(UnitClaim.unit_id, UnitClaim.status, UnitClaim.compound_id).where(
        UnitClaim.user_id == user_id
    )


def claimed_units(user_id: int) -> Select:
    """The units the user has a claim on (whatever its status), to filter on."""
    return select(UnitClaim.unit_id).where(UnitClaim.user_id == user_id)


def claimed_compounds(user_id: int) -> Select:
    """The compounds where the user has a claim that still stands (as `claimed_compound_ids`),
    to filter on: `Meeting.compound_id.in_(claimed_compounds(user.id))`."""
    return select(UnitClaim.compound_id).where(
        UnitClaim.user_id == user_id, UnitClaim.status.in_(STANDING_STATUSES)
    )


def counted_in_compound(status: ClaimStatus) -> ScalarSelect:
    """How many claims of the outer statement's compound are in `status` (a correlated count)."""
    query = select(func.count(UnitClaim.id)).where(
        UnitClaim.compound_id == Compound.id, UnitClaim.status == status
    )
    return query.scalar_subquery()
