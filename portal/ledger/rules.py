"""Rules of the public ledger, without a database: amounts in yuan as exact integer fen, months
as YYYYMM, and which months may be published."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l

from portal.errors import DomainError

#: A single entry above 100 million yuan is a typing mistake, not a compound's ledger.
MAX_AMOUNT_FEN = 100_000_000_00
_AMOUNT = re.compile(r"([0-9]{1,12})(?:\.([0-9]*))?")
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")


def parse_amount(text: str) -> int:
    """Yuan as written by a person ("12.34", "200000", "1,234.5", "12.30") → integer fen,
    exactly, never through a float. More than two decimal places that are not zeros are
    refused, as are zero, negatives and amounts of 100 million yuan or more."""
    cleaned = (text or "").strip().replace(",", "").replace("，", "").removeprefix("¥").strip()
    match = _AMOUNT.fullmatch(cleaned)
    if not match:
        raise DomainError(_l("Write the amount in yuan with digits, e.g. 1234.56."))
    whole, fraction = match.group(1), match.group(2) or ""
    if len(fraction) > 2 and fraction[2:].strip("0"):
        raise DomainError(_l("An amount has at most two decimal places (fen)."))
    fen = int(whole) * 100 + int(fraction[:2].ljust(2, "0"))
    if fen <= 0:
        raise DomainError(_l("The amount must be more than zero."))
    if fen >= MAX_AMOUNT_FEN:
        raise DomainError(_l("The amount is too large for one entry."))
    return fen


def yuan(fen: int) -> str:
    """Integer fen as yuan with two decimals: 123456 → "1234.56", -5 → "-0.05"."""
    sign = "-" if fen < 0 else ""
    whole, part = divmod(abs(fen), 100)
    return f"{sign}{whole}.{part:02d}"


def yuan_grouped(fen: int) -> str:
    """Fen as yuan for reading: thousands separated, "1,234.56"."""
    sign = "-" if fen < 0 else ""
    whole, part = divmod(abs(fen), 100)
    return f"{sign}{whole:,}.{part:02d}"


def period_of(day: date) -> int:
    """The month of a day as YYYYMM."""
    return day.year * 100 + day.month


def parse_month(text: str) -> int:
    """ "2026-11" → 202611; anything else is refused."""
    match = _MONTH.fullmatch(text or "")
    if not match or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 1900:
        raise DomainError(_l("Give the month as YYYY-MM, e.g. 2026-11."))
    return int(match.group(1)) * 100 + int(match.group(2))


def month_text(period: int) -> str:
    """202611 → "2026-11"."""
    return f"{period // 100:04d}-{period % 100:02d}"


def month_start(period: int) -> date:
    return date(period // 100, period % 100, 1)


def previous_period(period: int) -> int:
    year, month = divmod(period, 100)
    return (year - 1) * 100 + 12 if month == 1 else period - 1


def next_period(period: int) -> int:
    year, month = divmod(period, 100)
    return (year + 1) * 100 + 1 if month == 12 else period + 1


def may_publish(period: int, today: date) -> bool:
    """Only a month that is over may be published (so that a reversing entry, dated the day it
    is made, always falls in a month still open)."""
    return period < period_of(today)


@dataclass(frozen=True)
class Summary:
    """A month's or a year's account: the balance brought forward, income, spending and the
    balance carried forward, all in fen."""

    period: int
    opening: int
    income: int
    spending: int

    @property
    def closing(self) -> int:
        return self.opening + self.income - self.spending


def carried_forward(opening: int, totals: list[tuple[int, int, int]]) -> list[Summary]:
    """Summaries for consecutive periods given (period, income, spending) in order, each
    opening with the previous closing balance."""
    summaries = []
    for period, income, spending in totals:
        summary = Summary(period, opening, income, spending)
        summaries.append(summary)
        opening = summary.closing
    return summaries
