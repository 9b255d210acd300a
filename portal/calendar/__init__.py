"""Working days: China's official calendar with its make-up working days (调休), plus the days
an office closes itself, for deadlines counted in working days.

The rules are pure functions (`portal.calendar.rules`, re-exported here); an office's closed
days live in `portal.calendar.models` and are read by `portal.calendar.services`.
"""

from portal.calendar import audit_actions, models  # noqa: F401  (the audit actions, the closed_days table)
from portal.calendar.rules import (
    BEIJING,
    Deadline,
    add_days,
    add_working_days,
    beijing_date,
    end_of_day,
    is_provisional,
    is_working_day,
    official_calendar_known,
    provisional_note,
    start_of_day,
    unknown_years,
    working_days_between,
)

__all__ = [
    "BEIJING",
    "Deadline",
    "add_days",
    "add_working_days",
    "beijing_date",
    "end_of_day",
    "is_provisional",
    "is_working_day",
    "official_calendar_known",
    "provisional_note",
    "start_of_day",
    "unknown_years",
    "working_days_between",
]
