"""The station's queue: filters, sorting, what is overdue."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, and_, bindparam, case, or_, select
from sqlalchemy.orm import joinedload, load_only

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
from portal.statements import built_once

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
    joinedload(Complaint.compound).load_only(Compound.name),
    joinedload(Complaint.mediator).load_only(User.name),
)


def queue(street_office_id: int, wanted: QueueFilter, now: datetime | None = None) -> list[Complaint]:
    """The station's cases, filtered and sorted (open cases by deadline first)."""
    values = {"street_office_id": street_office_id}
    if wanted.status in S.__members__.values():
        values["status"] = S(wanted.status)
    if wanted.category in Category.__members__.values():
        values["category"] = Category(wanted.category)
    if wanted.compound_id:
        values["compound_id"] = wanted.compound_id
    if wanted.compound_name:
        values["compound_name"] = like(wanted.compound_name)
    if wanted.mediator_id:
        values["mediator_id"] = wanted.mediator_id
    if wanted.overdue:
        values["now"] = now or utcnow()
    sort = wanted.sort if wanted.sort in SORTS else "deadline"
    return list(db.session.scalars(_queue(frozenset(values), sort), values))


@built_once
def _queue(filters: frozenset[str], sort: str) -> Select:
    """The station's cases (at most 500) narrowed by the `filters` given as parameters (a
    status, a category, a compound by id or by the LIKE pattern of its name, a mediator, overdue
    at `now`), in the order `sort`: built once for each combination."""
    query = select(Complaint).where(Complaint.street_office_id == bindparam("street_office_id"))
    for name in ("status", "category", "compound_id", "mediator_id"):
        if name in filters:
            query = query.where(getattr(Complaint, name) == bindparam(name))
    if "compound_name" in filters:
        named = select(Compound.id).where(Compound.name.ilike(bindparam("compound_name"), escape="\\"))
        query = query.where(Complaint.compound_id.in_(named))
    if "now" in filters:
        query = query.where(overdue_condition(bindparam("now")))
    return query.options(*CARD_COLUMNS).order_by(*SORTS[sort], Complaint.id).limit(500)


def overdue_cases(user, now: datetime | None = None) -> list[Complaint]:
    """The overdue open cases of the stations where `user` is a mediator (one query)."""
    offices = [g.street_office_id for g in user.grants if g.role == Role.MEDIATOR]
    if not offices:
        return []
    query = select(Complaint).where(
        Complaint.street_office_id.in_(offices), overdue_condition(now or utcnow())
    )
    return list(db.session.scalars(query.order_by(Complaint.accept_by).limit(50)))
