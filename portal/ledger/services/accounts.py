"""Reading the ledger: a month's account with the balance brought forward, monthly and yearly
summaries (sums in SQL, grouped by month or year and direction), and what is published."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Select, bindparam, case, func, select
from sqlalchemy.orm import joinedload

from portal.extensions import db
from portal.ledger import rules
from portal.ledger.models import Direction, LedgerEntry, LedgerMonth
from portal.places.models import Compound
from portal.statements import built_once

SIGNED = case(
    (LedgerEntry.direction == Direction.INCOME, LedgerEntry.amount_fen), else_=-LedgerEntry.amount_fen
)


@dataclass(frozen=True)
class MonthAccount:
    """A month of the ledger: its summary, its entries in date order and whether it is published."""

    summary: rules.Summary
    entries: list[LedgerEntry]
    published: LedgerMonth | None


def balance_before(compound: Compound, period: int) -> int:
    """The balance brought forward into `period`: every entry of earlier months."""
    return int(db.session.scalar(_balance_before(), {"compound_id": compound.id, "period": period}))


@built_once
def _balance_before() -> Select:
    return select(func.coalesce(func.sum(SIGNED), 0)).where(
        LedgerEntry.compound_id == bindparam("compound_id"), LedgerEntry.period < bindparam("period")
    )


def _totals(compound: Compound, by: str, first: int, last: int) -> dict[int, list[int]]:
    """{month or year (`by`): [income, spending]} over the periods first..last, in one GROUP BY."""
    values = {"compound_id": compound.id, "first": first, "last": last}
    totals: dict[int, list[int]] = {}
    for group, direction, amount in db.session.execute(_totals_by(by), values):
        totals.setdefault(int(group), [0, 0])[0 if direction == Direction.INCOME else 1] += int(amount)
    return totals


@built_once
def _totals_by(by: str) -> Select:
    key = LedgerEntry.period if by == "month" else LedgerEntry.period // 100
    return (
        select(key, LedgerEntry.direction, func.sum(LedgerEntry.amount_fen))
        .where(
            LedgerEntry.compound_id == bindparam("compound_id"),
            LedgerEntry.period.between(bindparam("first"), bindparam("last")),
        )
        .group_by(key, LedgerEntry.direction)
    )


def entries_of(compound: Compound, period: int) -> list[LedgerEntry]:
    """The month's entries in date order, with who recorded them and the reversals each way."""
    return list(db.session.scalars(_entries(), {"compound_id": compound.id, "period": period}).unique())


@built_once
def _entries() -> Select:
    return (
        select(LedgerEntry)
        .where(LedgerEntry.compound_id == bindparam("compound_id"), LedgerEntry.period == bindparam("period"))
        .options(
            joinedload(LedgerEntry.recorded_by),
            joinedload(LedgerEntry.reversed_by),
            joinedload(LedgerEntry.reverses),
        )
        .order_by(LedgerEntry.entry_date, LedgerEntry.id)
    )


def entries_of_year(compound: Compound, year: int) -> list[LedgerEntry]:
    """A year's entries in date order, with who recorded them (for exports)."""
    query = (
        select(LedgerEntry)
        .where(
            LedgerEntry.compound_id == compound.id,
            LedgerEntry.period.between(year * 100 + 1, year * 100 + 12),
        )
        .options(joinedload(LedgerEntry.recorded_by))
        .order_by(LedgerEntry.entry_date, LedgerEntry.id)
    )
    return list(db.session.scalars(query))


def month_summary(compound: Compound, period: int) -> rules.Summary:
    """The month's figures in two queries."""
    income, spending = _totals(compound, "month", period, period).get(period, [0, 0])
    return rules.Summary(period, balance_before(compound, period), income, spending)


def month_account(compound: Compound, period: int) -> MonthAccount:
    """The month's account in four queries."""
    published = db.session.scalar(_month_published(), {"compound_id": compound.id, "period": period})
    return MonthAccount(month_summary(compound, period), entries_of(compound, period), published)


@built_once
def _month_published() -> Select:
    return select(LedgerMonth).where(
        LedgerMonth.compound_id == bindparam("compound_id"), LedgerMonth.period == bindparam("period")
    )


def monthly_summaries(compound: Compound, year: int, last_period: int) -> list[rules.Summary]:
    """Each month of `year` up to `last_period`, the balance carried from month to month."""
    first, last = year * 100 + 1, min(year * 100 + 12, last_period)
    if last < first:
        return []
    totals = _totals(compound, "month", first, last)
    periods = [year * 100 + m for m in range(1, last % 100 + 1)]
    rows = [(p, *totals.get(p, [0, 0])) for p in periods]
    return rules.carried_forward(balance_before(compound, first), rows)


def yearly_summaries(compound: Compound) -> list[rules.Summary]:
    """Every year from the first entry on, the balance carried from year to year (`period`
    of each summary is the year)."""
    totals = _totals(compound, "year", 0, 999999)
    if not totals:
        return []
    years = range(min(totals), max(totals) + 1)
    return rules.carried_forward(0, [(y, *totals.get(y, [0, 0])) for y in years])


def published_periods(compound: Compound) -> set[int]:
    query = select(LedgerMonth.period).where(LedgerMonth.compound_id == compound.id)
    return set(db.session.scalars(query))


def published_through(compound_ids: list[int]) -> dict[int, int]:
    """The latest published month of each compound, in one query (compounds with none are left out)."""
    rows = db.session.execute(_published_through(), {"ids": compound_ids})
    return {compound_id: int(period) for compound_id, period in rows}


@built_once
def _published_through() -> Select:
    return (
        select(LedgerMonth.compound_id, func.max(LedgerMonth.period))
        .where(LedgerMonth.compound_id.in_(bindparam("ids", expanding=True)))
        .group_by(LedgerMonth.compound_id)
    )
