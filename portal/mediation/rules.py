"""Rules of the mediation station, as pure functions: case numbers, deadlines (accept or decline
within 3 working days of submission; conclude within 30 days of acceptance, extendable once),
what is overdue, and the figures of the statistics."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from datetime import date, datetime
from statistics import median

from portal.calendar.rules import Deadline, add_days, add_working_days

DEFAULT_ACCEPT_WORKING_DAYS = 3
DEFAULT_CONCLUDE_DAYS = 30
#: Judicial confirmation is applied for within 30 days of the agreement taking effect
#: (人民调解法 第三十三条).
JUDICIAL_CONFIRMATION_DAYS = 30
MAX_ATTACHMENTS = 6


def case_number(year: int, serial: int) -> str:
    """The case number: TJ-YYYY-NNNNNN, serial numbers restarting each year."""
    return f"TJ-{year:04d}-{serial:06d}"


def accept_deadline(submitted_on: date, working_days: int, closed: Collection[date] = ()) -> Deadline:
    """Accept or decline by the end of the n-th working day after the day of submission
    (the day itself not counted, 民法典 第二百零一条), skipping the station's closed days:
    filed on a Wednesday with no holiday near, 3 working days end on the next Monday."""
    return add_working_days(submitted_on, working_days, closed)


def conclude_deadline(accepted_on: date, days: int, closed: Collection[date] = ()) -> Deadline:
    """Conclude within n days of acceptance; a period ending on a day off ends on the next
    working day (民法典 第二百零三条)."""
    return add_days(accepted_on, days, closed)


def is_overdue(deadline: datetime | None, now: datetime) -> bool:
    """Whether the running deadline has passed."""
    return deadline is not None and now > deadline


def judicial_confirmation_in_time(signed_on: date, applied_on: date) -> bool:
    """Whether the application for judicial confirmation came within 30 days of signing."""
    return 0 <= (applied_on - signed_on).days <= JUDICIAL_CONFIRMATION_DAYS


def median_days(spans: Iterable[float]) -> float | None:
    """The median of durations in days (None without any), to one decimal."""
    values = list(spans)
    return round(median(values), 1) if values else None


def share(part: int, whole: int) -> int | None:
    """A share in whole percent, rounded half up in integers (None for an empty whole)."""
    return (200 * part + whole) // (2 * whole) if whole else None
