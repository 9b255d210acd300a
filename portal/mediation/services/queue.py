"""The station's queue: filters, sorting, what is overdue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, case, or_, select
from sqlalchemy.orm import load_only, selectinload

from portal.auth.models import Role, User
from portal.columns import utcnow
from portal.extensions import db
from portal.mediation.models import (
    UNDER_WAY,
    Category,
    Complaint,
    S,
)
from portal.paging import like
from portal.places.models import Compound

# --- the queue ---------------------------------------------------------------------------------


@dataclass
class QueueFilter:
    status: str = ""
    category: str = ""
    compound_id: int | None = None
    compound_name: str = ""  # part of the compound's name
    mediator_id: int | None = None
    overdue: bool = False
    sort: str = "deadline"


def overdue_condition(now: datetime):
    """SQL: the case's running deadline has passed."""
    return or_(
        and_(Complaint.status == S.SUBMITTED, Complaint.accept_by < now),
        and_(Complaint.status.in_(UNDER_WAY), Complaint.conclude_by < now),
    )


#: The running deadline of a case, in SQL (none for a finished case).
RUNNING_DEADLINE = case(
    (Complaint.status == S.SUBMITTED, Complaint.accept_by),
    (Complaint.status.in_(UNDER_WAY), Complaint.conclude_by),
    else_=None,
)
SORTS = {
    "deadline": (RUNNING_DEADLINE.is_(None), RUNNING_DEADLINE),
    "newest": (Complaint.id.desc(),),
    "oldest": (Complaint.id,),
}


#: What a case's card (and the API's summary) shows: the case's columns, its compound's name and
#: its mediator's name; not its text, contact, reasons and ratings (a queue lists up to 500).
CARD_COLUMNS = (
    load_only(
        Complaint.number,
        Complaint.street_office_id,
        Complaint.compound_id,
        Complaint.category,
        Complaint.status,
        Complaint.submitted_at,
        Complaint.accept_by,
        Complaint.conclude_by,
        Complaint.mediator_id,
    ),
    selectinload(Complaint.compound).load_only(Compound.name),
    selectinload(Complaint.mediator).load_only(User.name),
)


def queue(street_office_id: int, wanted: QueueFilter, now: datetime | None = None) -> list[Complaint]:
    """The station's cases, filtered and sorted (open cases by deadline first)."""
    now = now or utcnow()
    query = select(Complaint).where(Complaint.street_office_id == street_office_id)
    if wanted.status in S.__members__.values():
        query = query.where(Complaint.status == S(wanted.status))
    if wanted.category in Category.__members__.values():
        query = query.where(Complaint.category == Category(wanted.category))
    if wanted.compound_id:
        query = query.where(Complaint.compound_id == wanted.compound_id)
    if wanted.compound_name:
        named = select(Compound.id).where(Compound.name.ilike(like(wanted.compound_name), escape="\\"))
        query = query.where(Complaint.compound_id.in_(named))
    if wanted.mediator_id:
        query = query.where(Complaint.mediator_id == wanted.mediator_id)
    if wanted.overdue:
        query = query.where(overdue_condition(now))
    order = SORTS.get(wanted.sort, SORTS["deadline"])
    query = query.options(*CARD_COLUMNS)
    return list(db.session.scalars(query.order_by(*order, Complaint.id).limit(500)))


def overdue_cases(user, now: datetime | None = None) -> list[Complaint]:
    """The overdue open cases of the stations where `user` is a mediator (one query)."""
    offices = [g.street_office_id for g in user.grants if g.role == Role.MEDIATOR]
    if not offices:
        return []
    query = select(Complaint).where(
        Complaint.street_office_id.in_(offices), overdue_condition(now or utcnow())
    )
    return list(db.session.scalars(query.order_by(Complaint.accept_by).limit(50)))
