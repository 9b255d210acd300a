"""Facts about compounds that registration provides to overviews: how many owner groups have a
verified owner."""

from __future__ import annotations

from sqlalchemy import Select, bindparam, func, select

from portal.extensions import db
from portal.panels import compound_fact
from portal.places.models import Unit
from portal.registration.models import ClaimStatus, UnitClaim
from portal.statements import built_once


@compound_fact("verified_owner_groups")
def verified_owner_groups(compounds) -> dict[int, int]:
    """Owner groups with at least one verified owner, per compound, in one GROUP BY. The units
    are narrowed to the compounds too: without it PostgreSQL hashed every unit of the district
    (200,000 for 200 compounds) to join a page's claims."""
    rows = db.session.execute(_verified_owner_groups(), {"ids": [c.id for c in compounds]})
    return {compound_id: int(n) for compound_id, n in rows}


@built_once
def _verified_owner_groups() -> Select:
    ids = bindparam("ids", expanding=True)
    return (
        select(UnitClaim.compound_id, func.count(func.distinct(Unit.owner_group_id)))
        .join(Unit, Unit.id == UnitClaim.unit_id)
        .where(
            UnitClaim.status == ClaimStatus.VERIFIED,
            UnitClaim.compound_id.in_(ids),
            Unit.compound_id.in_(ids),
        )
        .group_by(UnitClaim.compound_id)
    )
