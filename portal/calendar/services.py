"""An office's own closed days, and its deadlines counted with them."""

from __future__ import annotations

from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal import audit
from portal.calendar.models import ClosedDay
from portal.calendar.rules import Deadline, add_working_days, working_days_between
from portal.errors import DomainError
from portal.extensions import db

MAX_REASON_LENGTH = 200


def closed_days(street_office_id: int, start: date, end: date) -> set[date]:
    """The days from `start` to `end` (both included) that the office closed itself."""
    query = select(ClosedDay.day).where(
        ClosedDay.street_office_id == street_office_id, ClosedDay.day.between(start, end)
    )
    return set(db.session.scalars(query))


def closed_day_reasons(street_office_id: int, start: date, end: date) -> dict[date, str]:
    """The office's closed days from `start` to `end` with the reason of each."""
    query = select(ClosedDay.day, ClosedDay.reason).where(
        ClosedDay.street_office_id == street_office_id, ClosedDay.day.between(start, end)
    )
    return dict(db.session.execute(query).all())


def close_day(office, day: date, reason: str, *, actor=None) -> ClosedDay:
    """Close the office on `day` (audited); closing a day already closed changes its reason."""
    reason = (reason or "").strip()
    if len(reason) > MAX_REASON_LENGTH:
        raise DomainError(_l("The reason may have at most %(n)d characters.", n=MAX_REASON_LENGTH))
    closed = db.session.scalar(
        select(ClosedDay).where(ClosedDay.street_office_id == office.id, ClosedDay.day == day)
    )
    before = {"day": day.isoformat(), "reason": closed.reason} if closed else None
    if closed is None:
        closed = ClosedDay(street_office_id=office.id, day=day)
        db.session.add(closed)
    closed.reason = reason
    db.session.flush()
    after = {"day": day.isoformat(), "reason": reason, "street_office_id": office.id}
    audit.record("office_day_closed", closed, before=before, after=after, actor=actor)
    return closed


def reopen_day(office, day: date, *, actor=None) -> bool:
    """Take back a closed day (audited); returns whether the day was closed."""
    closed = db.session.scalar(
        select(ClosedDay).where(ClosedDay.street_office_id == office.id, ClosedDay.day == day)
    )
    if closed is None:
        return False
    before = {"day": day.isoformat(), "reason": closed.reason, "street_office_id": office.id}
    audit.record("office_day_reopened", closed, before=before, actor=actor)
    db.session.delete(closed)
    db.session.flush()
    return True


def office_deadline(street_office_id: int, start: date, n: int) -> Deadline:
    """`add_working_days` with the office's closed days: the end of the n-th working day after
    `start` on which the office works. Reads the closed days of a window that covers the
    deadline (one query, rarely two)."""
    end = start + timedelta(days=2 * n + 14)
    while True:
        deadline = add_working_days(start, n, closed_days(street_office_id, start, end))
        if deadline.day <= end:
            return deadline
        end = deadline.day + timedelta(days=n + 14)


def office_working_days_between(street_office_id: int, a: date, b: date) -> int:
    """`working_days_between` with the office's closed days."""
    low, high = sorted((a, b))
    return working_days_between(a, b, closed_days(street_office_id, low, high))
