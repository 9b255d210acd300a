"""Display helpers used by templates: areas and local times."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from functools import cache
from zoneinfo import ZoneInfo

from flask import current_app, has_app_context
from flask_babel import format_datetime

#: The numeric patterns the portal shows, as strftime formats: they read the same in every
#: language, so they need no locale data (Babel's formatter costs ~17 µs a call, this ~2 µs).
NUMERIC_PATTERNS = {
    "yyyy-MM-dd": "%Y-%m-%d",
    "yyyy-MM-dd HH:mm": "%Y-%m-%d %H:%M",
    "yyyy-MM-dd HH:mm:ss": "%Y-%m-%d %H:%M:%S",
    "HH:mm": "%H:%M",
}


def area(value) -> str:
    """An area in m² with exactly two decimals (hundredths given as int are converted)."""
    if isinstance(value, int):
        value = Decimal(value).scaleb(-2)
    return f"{Decimal(value):,.2f}"


@cache
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def local_time(value: datetime | None, fmt: str = "yyyy-MM-dd HH:mm") -> str:
    """A UTC timestamp shown in the portal's timezone (Asia/Shanghai); `fmt` is a Babel
    (CLDR) pattern."""
    if not value:
        return ""
    strftime = NUMERIC_PATTERNS.get(fmt)
    if strftime is None or not has_app_context():
        return format_datetime(value, fmt)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    zone = _zone(current_app.config["BABEL_DEFAULT_TIMEZONE"])
    return value.astimezone(zone).strftime(strftime)


def time_span(starts_at: datetime | None, ends_at: datetime | None) -> str:
    """A span of time within a day as pages show it: the start's date and time, then the
    end's time ("2026-12-04 19:00–21:00")."""
    return f"{local_time(starts_at)}–{local_time(ends_at, 'HH:mm')}"


def area_text(hundredths: int | None) -> str:
    """Hundredths of a square metre as plain text with two decimals ("80.50"), for data."""
    return f"{Decimal(hundredths or 0).scaleb(-2):.2f}"
