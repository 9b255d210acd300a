"""Formatters for audit values: each turns a stored JSON value into readable text."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from portal.formatting import area
from portal.translation import as_text
from portal.translation import text as _

EMPTY = "—"


def readable(value: Any) -> str:
    """Any stored value as text without JSON punctuation: lists joined with 、, mappings as
    "key: value" pairs, yes/no for booleans, a dash for nothing."""
    if value is None or value == "" or value == [] or value == {}:
        return EMPTY
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, list | tuple):
        return _(", ").join(readable(item) for item in value)
    if isinstance(value, dict):
        return _("; ").join(f"{key}: {readable(item)}" for key, item in value.items())
    return str(value)


def choice(labels: Mapping[str, Any]) -> Callable[[Any], str]:
    """A stored code shown by its label (e.g. a claim's status as 待核验/已核验/已驳回)."""

    def show(value: Any) -> str:
        label = labels.get(value) if isinstance(value, str) else None
        return as_text(label) if label is not None else readable(value)

    return show


def area_hundredths(value: Any) -> str:
    """An area stored in hundredths of m², e.g. 8050 as "80.50 m²"."""
    if not isinstance(value, int) or isinstance(value, bool):
        return readable(value)
    return _("%(area)s m²", area=area(value))


def area_m2(value: Any) -> str:
    """An area stored as a decimal string of m², e.g. "464.75" as "464.75 m²"."""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return readable(value)
    if not number.is_finite():
        return readable(value)
    return _("%(area)s m²", area=area(number))


def days(value: Any) -> str:
    """A number of days."""
    if not isinstance(value, int) or isinstance(value, bool):
        return readable(value)
    return _("%(n)d days", n=value)


def truncated(limit: int) -> Callable[[Any], str]:
    """A list shown by its first `limit` entries, then how many more there are."""

    def show(value: Any) -> str:
        if not isinstance(value, list) or len(value) <= limit:
            return readable(value)
        shown = readable(value[:limit])
        return _("%(shown)s and %(more)d more", shown=shown, more=len(value) - limit)

    return show
