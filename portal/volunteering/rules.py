"""The rules of volunteer service, as pure functions: places and the waitlist, deadlines, age
and guardian consent, service hours and star levels. No database here; services apply them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from portal.calendar.rules import BEIJING

#: Service hours count in whole quarter hours, rounded down.
QUARTER_HOUR = 15
#: Star levels of the national practice (《志愿服务记录与证明出具办法》 and the star rating of
#: the China volunteer service network): 1 star at 100 hours, then 300, 600, 1,000, 1,500.
STAR_HOURS = (100, 300, 600, 1000, 1500)
#: Adulthood (Civil Code Art. 17): a person under 18 is a minor.
ADULT_AGE = 18
#: Sessions' days, and ages on them, are Beijing days.


@dataclass(frozen=True)
class Placement:
    """Where a new sign-up goes: confirmed (position None) or the waitlist at `position`
    (1 is the first to be promoted)."""

    confirmed: bool
    position: int | None


def place_signup(capacity: int, confirmed: int, waitlisted: int) -> Placement:
    """A sign-up takes a place while fewer than `capacity` are confirmed; otherwise it joins
    the end of the waitlist, behind the `waitlisted` already there."""
    if confirmed < capacity:
        return Placement(True, None)
    return Placement(False, waitlisted + 1)


def places_left(capacity: int, confirmed: int) -> int:
    """Places still free (never negative, even if capacity was lowered)."""
    return max(capacity - confirmed, 0)


def promotions(capacity: int, confirmed: int, waitlisted: int) -> int:
    """How many of the waitlist move up now: as many as there are free places."""
    return min(places_left(capacity, confirmed), waitlisted)


def signup_closes_at(activity_deadline: datetime, starts_at: datetime) -> datetime:
    """Sign-ups to a session close at the activity's sign-up deadline, and at the latest when
    the session starts (nobody signs up for a session under way or past)."""
    return min(activity_deadline, starts_at)


def cancel_closes_at(activity_deadline: datetime, starts_at: datetime) -> datetime:
    """A confirmed volunteer may cancel (and so free the place for the waitlist) until the
    activity's cancellation deadline, and at the latest until the session starts."""
    return min(activity_deadline, starts_at)


def is_open(now: datetime, closes_at: datetime) -> bool:
    """A deadline is open strictly before its moment."""
    return now < closes_at


#: The organiser can check volunteers in from 2 hours before a session starts.
CHECK_IN_OPENS_BEFORE = timedelta(hours=2)


def check_in_open(now: datetime, starts_at: datetime, ends_at: datetime) -> bool:
    """Check-in is taken from 2 hours before the start until the end of the session (later
    arrivals are recorded by a correction, with its reason)."""
    return starts_at - CHECK_IN_OPENS_BEFORE <= now < ends_at


def local_day(moment: datetime) -> date:
    """The day (in Beijing) on which a moment falls."""
    return moment.astimezone(BEIJING).date()


def age_on(birth_date: date, day: date) -> int:
    """Age in whole years on `day` (a birthday on 29 February counts on 1 March)."""
    years = day.year - birth_date.year
    return years - ((day.month, day.day) < (birth_date.month, birth_date.day))


def is_minor(birth_date: date, day: date) -> bool:
    return age_on(birth_date, day) < ADULT_AGE


def old_enough(min_age: int, birth_date: date | None, day: date) -> bool:
    """Adults (no birth date declared) meet any minimum age up to 18; a minor must have
    reached `min_age` on the day of the session."""
    if birth_date is None:
        return min_age <= ADULT_AGE
    return age_on(birth_date, day) >= min_age


def service_minutes(
    checked_in_at: datetime | None,
    checked_out_at: datetime | None,
    starts_at: datetime,
    ends_at: datetime,
) -> int:
    """Service time in minutes: check-out minus check-in (a late arrival or an early departure
    counts only the time served), capped at the session's length, rounded down to a quarter
    hour. Without a check-in or a check-out, or with a check-out before the check-in, nothing
    counts (until the organiser corrects it)."""
    if checked_in_at is None or checked_out_at is None or checked_out_at <= checked_in_at:
        return 0
    served = min(checked_out_at - checked_in_at, ends_at - starts_at)
    minutes = int(served // timedelta(minutes=1))
    return minutes - minutes % QUARTER_HOUR


def hours(minutes: int) -> Decimal:
    """Minutes as hours with two decimals, exact for quarter hours (735 → Decimal("12.25"))."""
    return (Decimal(minutes) / 60).quantize(Decimal("0.01"))


def hours_text(minutes: int) -> str:
    """Hours as the API writes them: "12.25"."""
    return f"{hours(minutes):.2f}"


def star_level(minutes: int) -> int:
    """Stars reached with this many minutes of service (0 to 5)."""
    return sum(1 for threshold in STAR_HOURS if minutes >= threshold * 60)


def next_star_hours(minutes: int) -> int | None:
    """The hours at which the next star is reached, or None at five stars."""
    return next((threshold for threshold in STAR_HOURS if minutes < threshold * 60), None)


def name_initial(name: str) -> str:
    """What the public verification page shows of a name: its first character only (陈桂芳 →
    陈); not even the name's length."""
    return name.strip()[:1]
