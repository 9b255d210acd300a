"""The mediation station on the compound page: for a resident of the compound, the way to file
a complaint and their own complaints about it (nobody else's: cases are private)."""

from __future__ import annotations

from sqlalchemy import select

from portal.auth.permissions import complainant_compound_ids
from portal.extensions import db
from portal.mediation.models import Complaint
from portal.panels import compound_panel


@compound_panel("mediation", order=60, template="mediation/_panel.html")
def mediation_panel(compound, user) -> dict | None:
    """Shown only to residents of the compound."""
    if compound.id not in complainant_compound_ids(user):
        return None
    query = (
        select(Complaint)
        .where(Complaint.compound_id == compound.id, Complaint.complainant_id == user.id)
        .order_by(Complaint.id.desc())
        .limit(5)
    )
    return {"complaints": list(db.session.scalars(query))}
