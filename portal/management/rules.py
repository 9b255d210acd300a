"""Rules of fees and management, without a database: which schedule is in force on a day."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date


def in_force(schedules: Sequence, day: date):
    """The schedule in force on `day`: the latest whose `effective_from` is on or before it
    (None before the first one)."""
    started = [s for s in schedules if s.effective_from <= day]
    return max(started, key=lambda s: s.effective_from, default=None)
