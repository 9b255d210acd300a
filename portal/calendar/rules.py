"""Working days in China, for deadlines counted in working days (工作日).

The official calendar is the State Council General Office's yearly notice on public holidays
(国务院办公厅关于…部分节假日安排的通知): public holidays are days off even on a weekday, and the
make-up working days it names (调休上班) are working days even on a Saturday or Sunday. The
`chinese-calendar` package carries those notices for 2004–2026; for a year it does not know yet
(the notice comes out each November), the rules here fall back to Monday–Friday (weekends off, no
holidays) and mark the result provisional. Nothing here ever lets its NotImplementedError out.

Days are counted as the Civil Code counts periods (民法典 第二百零一条): the day of the event
is not counted, counting starts on the next day; and a period ends at 24:00 of its last day
(第二百零三条), which `end_of_day` gives as the last microsecond of that day in Beijing time.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo

import chinese_calendar
from flask_babel import lazy_gettext as _l

#: China's one time zone: deadlines end at midnight in Beijing.
BEIJING = ZoneInfo("Asia/Shanghai")
ONE_DAY = timedelta(days=1)
SATURDAY = 5


@dataclass(frozen=True)
class Deadline:
    """The last day of a period; provisional when a day of it falls in a year whose official
    holidays are not published yet (counted as Monday–Friday until they are)."""

    day: date
    provisional: bool = False
    unknown_years: tuple[int, ...] = ()

    @property
    def due_at(self) -> datetime:
        """The moment the period ends (24:00 Beijing time of `day`), as an aware UTC time."""
        return end_of_day(self.day)

    def missed(self, now: datetime) -> bool:
        """Whether the period was over at `now` (an aware time)."""
        return now > self.due_at

    def note(self):
        """A sentence for pages showing a provisional deadline, or None."""
        return provisional_note(self.unknown_years) if self.provisional else None


def provisional_note(years: tuple[int, ...]):
    """The note for a provisional deadline: "the official holidays for 2027 are not published yet"."""
    shown = "、".join(str(year) for year in years)
    return _l("Provisional: the official holidays for %(years)s are not published yet.", years=shown)


@cache
def official_calendar_known(year: int) -> bool:
    """Whether the installed `chinese-calendar` carries the State Council's notice for `year`."""
    try:
        chinese_calendar.is_workday(date(year, 6, 1))
    except NotImplementedError:
        return False
    return True


def _officially_working(day: date) -> bool:
    """Working day by the official calendar, or Monday–Friday for a year it does not know."""
    if official_calendar_known(day.year):
        return chinese_calendar.is_workday(day)
    return day.weekday() < SATURDAY


def is_working_day(day: date, closed: Collection[date] = ()) -> bool:
    """A working day: a weekday that is not a public holiday, or a make-up working day (调休)
    on a weekend, by the State Council's notice for the year; and not a day the office closed
    itself (`closed`: training, a local holiday). Years without a notice yet: Monday–Friday."""
    return day not in closed and _officially_working(day)


def is_provisional(start: date, end: date) -> bool:
    """Whether any day from `start` to `end` falls in a year without a published notice."""
    return bool(unknown_years(start, end))


def unknown_years(start: date, end: date) -> tuple[int, ...]:
    """The years from `start` to `end` whose official holidays are not known (yet)."""
    low, high = sorted((start.year, end.year))
    return tuple(year for year in range(low, high + 1) if not official_calendar_known(year))


def add_working_days(start: date, n: int, closed: Collection[date] = ()) -> Deadline:
    """The end of the n-th working day counted from the day after `start` (民法典 第二百零一条:
    the day of submission is not counted), e.g. "accept within 3 working days": a complaint
    filed on a Wednesday with no holiday near is due by the end of the following Monday.
    n = 0 is `start` itself."""
    if n < 0:
        raise ValueError("n must not be negative")
    closed = frozenset(closed)
    day = start
    for _ in range(n):
        day += ONE_DAY
        while not is_working_day(day, closed):
            day += ONE_DAY
    return _deadline(day, start)


def add_days(start: date, n: int, closed: Collection[date] = ()) -> Deadline:
    """The last day of a period of n calendar days ("conclude within 30 days"), counted from
    the day after `start` (民法典 第二百零一条); when that day is not a working day (a weekend,
    a public holiday, a day the office closed), the period ends on the next working day
    instead (第二百零三条: 以法定休假日结束的次日为期间的最后一日)."""
    if n < 0:
        raise ValueError("n must not be negative")
    closed = frozenset(closed)
    day = start + timedelta(days=n)
    while n and not is_working_day(day, closed):
        day += ONE_DAY
    return _deadline(day, start)


def _deadline(day: date, start: date) -> Deadline:
    unknown = unknown_years(start, day)
    return Deadline(day, provisional=bool(unknown), unknown_years=unknown)


def working_days_between(a: date, b: date, closed: Collection[date] = ()) -> int:
    """How many working days passed from `a` to `b`, counted like `add_working_days`: the
    days after `a` up to and including `b` (so a deadline of n working days is kept when
    `working_days_between(submitted, done) <= n`). Negative when `b` is before `a`."""
    if b < a:
        return -working_days_between(b, a, closed)
    closed = frozenset(closed)
    count, day = 0, a
    while day < b:
        day += ONE_DAY
        count += is_working_day(day, closed)
    return count


def start_of_day(day: date) -> datetime:
    """00:00 Beijing time of `day`, as an aware UTC time."""
    return datetime.combine(day, time.min, BEIJING).astimezone(UTC)


def end_of_day(day: date) -> datetime:
    """The last moment of `day` in Beijing time (23:59:59.999999; a period ends at 24:00,
    民法典 第二百零三条), as an aware UTC time. A deadline is kept while `now <= end_of_day`."""
    return datetime.combine(day, time.max, BEIJING).astimezone(UTC)


def beijing_date(moment: datetime) -> date:
    """The calendar date in Beijing of an aware time (what "the day of submission" means)."""
    return moment.astimezone(BEIJING).date()
