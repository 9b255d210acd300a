"""The station's figures: cases by month, category, compound and state (counted in SQL),
median days to acceptance and to conclusion, the share agreed, the shares within the
deadlines, and satisfaction; and the case list for export (no personal data)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from portal.extensions import db
from portal.mediation import rules
from portal.mediation.models import Complaint, MediationAgreement
from portal.places.models import Compound

DAY_SECONDS = 86400


@dataclass
class Figures:
    total: int = 0
    by_month: list[tuple[str, int]] = field(default_factory=list)
    by_category: list[tuple[str, int]] = field(default_factory=list)
    by_compound: list[tuple[str, int]] = field(default_factory=list)
    by_state: list[tuple[str, int]] = field(default_factory=list)
    median_days_to_acceptance: float | None = None
    median_days_to_conclusion: float | None = None
    concluded: int = 0
    agreed: int = 0
    share_agreed: int | None = None
    decided: int = 0
    decided_in_time: int = 0
    share_decided_in_time: int | None = None
    share_concluded_in_time: int | None = None
    concluded_in_time: int = 0
    ratings: int = 0
    mean_rating: float | None = None


def _scope(street_office_id: int, month: str | None):
    conditions = [Complaint.street_office_id == street_office_id]
    if month:
        conditions.append(Complaint.month == month)
    return conditions


def _grouped(column, conditions) -> list[tuple[str, int]]:
    query = select(column, func.count(Complaint.id)).where(*conditions).group_by(column).order_by(column)
    return [(str(key.value if hasattr(key, "value") else key), n) for key, n in db.session.execute(query)]


def figures(street_office_id: int, month: str | None = None) -> Figures:
    """Everything the statistics page shows, for the whole history or one month of submission."""
    where = _scope(street_office_id, month)
    result = Figures()
    result.by_month = _grouped(Complaint.month, where)
    result.by_category = _grouped(Complaint.category, where)
    result.by_state = _grouped(Complaint.status, where)
    compound_rows = db.session.execute(
        select(Compound.name, func.count(Complaint.id))
        .join(Compound, Compound.id == Complaint.compound_id)
        .where(*where)
        .group_by(Compound.name)
        .order_by(Compound.name)
    )
    result.by_compound = [(name, n) for name, n in compound_rows]
    result.total = sum(n for _, n in result.by_state)
    _timing(result, where)
    rated = db.session.execute(
        select(func.count(Complaint.rating), func.sum(Complaint.rating)).where(
            *where, Complaint.rating.is_not(None)
        )
    ).one()
    result.ratings = rated[0] or 0
    result.mean_rating = round((rated[1] or 0) / result.ratings, 1) if result.ratings else None
    return result


def _timing(result: Figures, where) -> None:
    rows = db.session.execute(
        select(
            Complaint.submitted_at,
            Complaint.accepted_at,
            Complaint.decided_at,
            Complaint.accept_by,
            Complaint.concluded_at,
            Complaint.conclude_by,
            MediationAgreement.id,
        )
        .outerjoin(MediationAgreement, MediationAgreement.complaint_id == Complaint.id)
        .where(*where)
    ).all()
    to_accept, to_conclude = [], []
    for submitted, accepted, decided, accept_by, concluded, conclude_by, agreement in rows:
        if accepted:
            to_accept.append((accepted - submitted).total_seconds() / DAY_SECONDS)
        if decided:
            result.decided += 1
            result.decided_in_time += decided <= accept_by
        if concluded and accepted:
            to_conclude.append((concluded - accepted).total_seconds() / DAY_SECONDS)
            result.concluded += 1
            result.agreed += agreement is not None
            result.concluded_in_time += conclude_by is not None and concluded <= conclude_by
    result.median_days_to_acceptance = rules.median_days(to_accept)
    result.median_days_to_conclusion = rules.median_days(to_conclude)
    result.share_agreed = rules.share(result.agreed, result.concluded)
    result.share_decided_in_time = rules.share(result.decided_in_time, result.decided)
    result.share_concluded_in_time = rules.share(result.concluded_in_time, result.concluded)


def case_rows(street_office_id: int, month: str | None = None) -> list[Complaint]:
    """The cases for the export, oldest first (numbers, dates, states: no descriptions)."""
    query = select(Complaint).where(*_scope(street_office_id, month)).order_by(Complaint.id)
    return list(db.session.scalars(query))


def months(street_office_id: int) -> list[str]:
    query = select(Complaint.month).where(Complaint.street_office_id == street_office_id).distinct()
    return sorted(db.session.scalars(query), reverse=True)
