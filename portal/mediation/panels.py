"""The mediation station on the compound page: for a resident of the compound, the way to file
a complaint and their own complaints about it (nobody else's: cases are private); and, for
overviews, each compound's open and overdue complaints."""

from __future__ import annotations

from typing import NamedTuple

from sqlalchemy import Select, bindparam, case, func, select

from portal.auth.permissions import complainant_compound_ids
from portal.columns import utcnow
from portal.extensions import db
from portal.mediation.models import FINAL, Complaint
from portal.panels import compound_fact, compound_panel
from portal.statements import built_once


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


class OpenComplaints(NamedTuple):
    """A compound's complaints not yet finished, and how many of them are past their deadline."""

    open: int
    overdue: int


@compound_fact("open_complaints")
def open_complaints(compounds) -> dict[int, OpenComplaints]:
    """Open and overdue complaints per compound, in one GROUP BY (counts only: cases are
    private)."""
    rows = db.session.execute(_open_complaints(), {"ids": [c.id for c in compounds], "now": utcnow()})
    return {compound_id: OpenComplaints(int(n), int(overdue or 0)) for compound_id, n, overdue in rows}


@built_once
def _open_complaints() -> Select:
    """Open and overdue (at the parameter `now`) complaints of the compounds `ids`."""
    from portal.mediation.services.queue import overdue_condition

    return (
        select(
            Complaint.compound_id,
            func.count(Complaint.id),
            func.sum(case((overdue_condition(bindparam("now")), 1), else_=0)),
        )
        .where(Complaint.compound_id.in_(bindparam("ids", expanding=True)), Complaint.status.not_in(FINAL))
        .group_by(Complaint.compound_id)
    )
