"""When a message may go out: no SMS between 21:00 and 08:00 Beijing time (it waits until
08:00); email at any time. Retries wait longer each time (exponential backoff)."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

from portal.calendar.rules import BEIJING
from portal.notifications.models import Channel

QUIET_FROM, QUIET_UNTIL = time(21, 0), time(8, 0)
FIRST_RETRY, LONGEST_WAIT = timedelta(minutes=1), timedelta(hours=1)


def is_quiet(at: datetime) -> bool:
    """Whether `at` falls in the SMS quiet hours (21:00–08:00 in Beijing)."""
    local = at.astimezone(BEIJING).time()
    return local >= QUIET_FROM or local < QUIET_UNTIL


def next_allowed(channel: Channel, at: datetime) -> datetime:
    """The first moment from `at` at which a message on `channel` may be sent."""
    if channel != Channel.SMS or not is_quiet(at):
        return at
    local = at.astimezone(BEIJING)
    morning = local.replace(hour=QUIET_UNTIL.hour, minute=0, second=0, microsecond=0)
    if local.time() >= QUIET_FROM:
        morning += timedelta(days=1)
    return morning.astimezone(UTC)


def backoff(attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th failure: 1, 2, 4 ... minutes, at most an hour."""
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_WAIT)
