"""Cell parsers shared by every import: each takes the cell's text and its column name and
returns the value, or raises CellError with a message that names the column.

Numbers are written with the ASCII digits 0–9, an optional leading minus sign and (for decimals)
one decimal point: a subset of what Python's `int()` and `Decimal()` accept. Refused, each with
its own message: a leading "+", exponents ("1e2", "1E+999999999"), NaN and Infinity, thousands
separators and underscores, and any other digit (full-width "８０", superscript "¹", Arabic-Indic
…): a full-width digit is refused, not converted, so that what is stored is what the file shows.
"""

from __future__ import annotations

import enum
import functools
import re
from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l

from portal.tabular.errors import CellError

_INTEGER = re.compile(r"-?[0-9]+")
_DECIMAL = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_EXPONENT = re.compile(r"[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)[eE][-+]?[0-9]+")
_NOT_FINITE = {"nan", "snan", "inf", "infinity"}
_DATE = re.compile(r"([0-9]{4})[-/]([0-9]{1,2})[-/]([0-9]{1,2})")
#: Longer text is not a plausible number (and would make int() slow or refuse it).
MAX_NUMBER_LENGTH = 30


def _number_text(text: str, column: str, pattern: re.Pattern, *, integer: bool) -> str:
    """`text` when it is a plain number of the pattern's kind; otherwise CellError saying why."""
    if pattern.fullmatch(text):
        if len(text) > MAX_NUMBER_LENGTH:
            raise CellError(_l("%(column)s is too long to be a number.", column=column))
        return text
    if not text:
        raise CellError(_l("%(column)s is empty.", column=column))
    value = text[:40]
    if not text.isascii() and any(character.isdigit() for character in text):
        raise CellError(
            _l(
                "%(column)s “%(value)s”: write the number with the digits 0–9 only.",
                column=column,
                value=value,
            )
        )
    if text.startswith("+") and pattern.fullmatch(text[1:]):
        raise CellError(_l("%(column)s: write the number without a + sign.", column=column))
    if _EXPONENT.fullmatch(text):
        raise CellError(
            _l(
                "%(column)s “%(value)s”: write the number in full, without an exponent.",
                column=column,
                value=value,
            )
        )
    if integer and _DECIMAL.fullmatch(text):
        raise CellError(_l("%(column)s must be a whole number.", column=column))
    if text.lstrip("+-").lower() in _NOT_FINITE:
        raise CellError(_l("%(column)s must be a finite number.", column=column))
    raise CellError(_l("%(column)s “%(value)s” is not a number.", column=column, value=value))


def _check_bounds(value, column: str, minimum, maximum) -> None:
    if minimum is not None and value < minimum:
        raise CellError(_l("%(column)s must be at least %(minimum)s.", column=column, minimum=minimum))
    if maximum is not None and value > maximum:
        raise CellError(_l("%(column)s must be at most %(maximum)s.", column=column, maximum=maximum))


def parse_int(text: str, column: str, minimum: int | None = None, maximum: int | None = None) -> int:
    """A whole number such as "12" or "-3", within the bounds (both inclusive)."""
    value = int(_number_text(text, column, _INTEGER, integer=True))
    _check_bounds(value, column, minimum, maximum)
    return value


def _scaled(text: str, column: str, places: int) -> int:
    """The number times 10**places, exactly (no Decimal context, no rounding)."""
    whole, _, fraction = _number_text(text, column, _DECIMAL, integer=False).partition(".")
    if len(fraction) > places and fraction[places:].strip("0"):
        raise CellError(_l("%(column)s may have at most %(n)d decimal places.", column=column, n=places))
    magnitude = int((whole.lstrip("-") or "0") + fraction[:places].ljust(places, "0"))
    return -magnitude if whole.startswith("-") else magnitude


def parse_decimal(
    text: str,
    column: str,
    places: int = 2,
    minimum: Decimal | None = None,
    maximum: Decimal | None = None,
) -> Decimal:
    """An exact decimal with at most `places` decimal places (trailing zeros do not count:
    "80.500" is 80.50, "1.005" is refused for two places), within the bounds (inclusive).
    Returned with exactly `places` places; "-0" is 0."""
    number = Decimal(_scaled(text, column, places)).scaleb(-places)
    _check_bounds(number, column, minimum, maximum)
    return number


def parse_hundredths(
    text: str, column: str, minimum: Decimal | None = None, maximum: Decimal | None = None
) -> int:
    """A two-place decimal as an integer count of hundredths: areas in 0.01 m², money in fen.
    The bounds are in the file's unit (m², yuan)."""
    hundredths = _scaled(text, column, 2)
    _check_bounds(Decimal(hundredths).scaleb(-2), column, minimum, maximum)
    return hundredths


@functools.cache
def _members(enum_class: type[enum.Enum]) -> dict[str, enum.Enum]:
    values = {str(member.value): member for member in enum_class}
    return {**{value.lower(): member for value, member in values.items()}, **values}


def parse_choice(enum_class: type[enum.Enum], text: str, column: str, default=None):
    """One of the enum's values (exactly, or in other letter case); an empty cell is `default`
    when one is given, otherwise refused."""
    if not text and default is not None:
        return default
    members = _members(enum_class)
    member = members.get(text)
    if member is None:
        member = members.get(text.lower())
    if member is not None:
        return member
    allowed = "/".join(str(member.value) for member in enum_class)
    raise CellError(_l("%(column)s must be one of %(allowed)s.", column=column, allowed=allowed))


def parse_date(text: str, column: str, minimum: date | None = None, maximum: date | None = None) -> date:
    """A calendar date written 2026-12-01 (ISO, as XLSX dates are read) or 2026/12/1 (as Excel
    in China saves dates to CSV), within the bounds (inclusive)."""
    match = _DATE.fullmatch(text)
    try:
        value = date(*(int(part) for part in match.groups())) if match else None
    except ValueError:
        value = None
    if value is None:
        raise CellError(_l("%(column)s must be a date such as 2026-12-01.", column=column))
    _check_bounds(value, column, minimum, maximum)
    return value


def parse_text(text: str, column: str, max_length: int, *, required: bool = True) -> str:
    """Text of at most `max_length` characters; an empty cell is refused when `required`."""
    if required and not text:
        raise CellError(_l("%(column)s is empty.", column=column))
    if len(text) > max_length:
        raise CellError(_l("%(column)s is longer than %(n)d characters.", column=column, n=max_length))
    return text
