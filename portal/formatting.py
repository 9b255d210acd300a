"""Display helpers used by templates: areas and local times."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import format_datetime


def area(value) -> str:
    """An area in m² with exactly two decimals (hundredths given as int are converted)."""
    if isinstance(value, int):
        value = Decimal(value).scaleb(-2)
    return f"{Decimal(value):,.2f}"


def local_time(value, fmt: str = "yyyy-MM-dd HH:mm") -> str:
    """A UTC timestamp shown in the portal's timezone (Asia/Shanghai)."""
    return format_datetime(value, fmt) if value else ""
