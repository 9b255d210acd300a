"""Facts about compounds that registration provides to overviews: how many owner groups have a
verified owner."""

from __future__ import annotations

from sqlalchemy import func, select

from portal.extensions import db
from portal.panels import compound_fact
from portal.places.models import Unit
from portal.registration.models import ClaimStatus, UnitClaim


@compound_fact("verified_owner_groups")
def verified_owner_groups(compounds) -> dict[int, int]:
    """Owner groups with at least one verified owner, per compound, in one GROUP BY. The units
    are narrowed to the compounds too: without it PostgreSQL hashed every unit of the district
    (200,000 for 200 compounds) to join a page's claims."""
    ids = [c.id for c in compounds]
    query = (
        select(UnitClaim.compound_id, func.count(func.distinct(Unit.owner_group_id)))
        .join(Unit, Unit.id == UnitClaim.unit_id)
        .where(
            UnitClaim.status == ClaimStatus.VERIFIED,
            UnitClaim.compound_id.in_(ids),
            Unit.compound_id.in_(ids),
        )
        .group_by(UnitClaim.compound_id)
    )
    return {compound_id: int(n) for compound_id, n in db.session.execute(query)}
