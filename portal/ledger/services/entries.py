"""Writing the ledger: an entry in a month still open, a reversing entry (never an edit), and
publishing a month that is over, which locks it and posts its statement on the board."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, func, select
from werkzeug.datastructures import FileStorage

from portal import audit
from portal.auth.models import User
from portal.calendar import beijing_date
from portal.columns import utcnow
from portal.errors import ConflictError, DomainError
from portal.extensions import db
from portal.ledger import rules
from portal.ledger.models import Direction, LedgerCategory, LedgerEntry, LedgerMonth
from portal.places.models import Compound
from portal.uploads import store
from portal.workflow import lock

MAX_COUNTERPARTY, MAX_NOTE, MAX_REASON = 200, 500, 500
EARLIEST = date(2000, 1, 1)


def is_published(compound_id: int, period: int) -> bool:
    query = select(exists().where(LedgerMonth.compound_id == compound_id, LedgerMonth.period == period))
    return bool(db.session.scalar(query))


def latest_published(compound_id: int) -> int | None:
    """The latest published month of the compound (months are published in order, so every
    entry dated in or before it is in a published statement)."""
    query = select(func.max(LedgerMonth.period)).where(LedgerMonth.compound_id == compound_id)
    found = db.session.scalar(query)
    return int(found) if found is not None else None


def _refuse_locked(compound: Compound, period: int) -> None:
    """An entry dated in or before the latest published month would change a statement the
    owners have read: refused (call with the compound locked)."""
    latest = latest_published(compound.id)
    if latest is not None and period <= latest:
        raise ConflictError(
            _l(
                "The ledger is published up to %(month)s: entries dated in or before it are locked. "
                "Correct them with a reversing entry, which is dated today.",
                month=rules.month_text(latest),
            )
        )


def _refuse_out_of_order(compound: Compound, period: int) -> None:
    """Months are published in order: not before the latest published month, and not while an
    earlier month with entries is unpublished (empty months need no statement)."""
    latest = latest_published(compound.id)
    if latest is not None and period < latest:
        raise ConflictError(
            _l("The ledger is already published up to %(month)s.", month=rules.month_text(latest))
        )
    published = select(LedgerMonth.period).where(LedgerMonth.compound_id == compound.id)
    earlier = db.session.scalar(
        select(func.min(LedgerEntry.period)).where(
            LedgerEntry.compound_id == compound.id,
            LedgerEntry.period < period,
            LedgerEntry.period.not_in(published),
        )
    )
    if earlier is not None:
        raise ConflictError(
            _l(
                "Publish %(earlier)s first: months are published in order.",
                earlier=rules.month_text(int(earlier)),
            )
        )


def _snapshot(entry: LedgerEntry) -> dict:
    return {
        "date": entry.entry_date.isoformat(),
        "category": entry.category.value,
        "direction": entry.direction.value,
        "amount": rules.yuan(entry.amount_fen),
        "counterparty": entry.counterparty,
        "note": entry.note,
    }


def record_entry(
    compound: Compound,
    *,
    entry_date: date,
    category: LedgerCategory,
    direction: Direction,
    amount_fen: int,
    counterparty: str = "",
    note: str = "",
    voucher: FileStorage | None = None,
    actor: User | None,
    now: datetime | None = None,
) -> LedgerEntry:
    """Record income or spending of the common parts on a day not in the future, after the
    latest published month; the compound's row lock keeps a publication from slipping in."""
    today = beijing_date(now or utcnow())
    if not EARLIEST <= entry_date <= today:
        raise DomainError(_l("The date must be between 2000 and today."))
    if amount_fen <= 0 or amount_fen >= rules.MAX_AMOUNT_FEN:
        raise DomainError(_l("The amount must be more than zero."))
    if len(counterparty) > MAX_COUNTERPARTY or len(note) > MAX_NOTE:
        raise DomainError(_l("The counterparty or the note is too long."))
    lock(compound)
    _refuse_locked(compound, rules.period_of(entry_date))
    entry = LedgerEntry(
        compound_id=compound.id,
        entry_date=entry_date,
        period=rules.period_of(entry_date),
        category=LedgerCategory(category),
        direction=Direction(direction),
        amount_fen=amount_fen,
        counterparty=counterparty.strip(),
        note=note.strip(),
        recorded_by_id=actor.id if actor else None,
        recorded_at=now or utcnow(),
    )
    if voucher is not None and voucher.filename:
        entry.voucher = store(voucher, uploaded_by=actor)
    db.session.add(entry)
    db.session.flush()
    audit.record("ledger_entry_recorded", entry, after=_snapshot(entry), compound_id=compound.id, actor=actor)
    return entry


def reverse_entry(entry: LedgerEntry, reason: str, *, actor: User | None, now: datetime | None = None):
    """Correct an entry by a new entry dated today with the opposite effect and the reason;
    an entry is reversed at most once and a reversal is not itself reversed."""
    reason = (reason or "").strip()
    if not reason or len(reason) > MAX_REASON:
        raise DomainError(_l("Give the reason for the correction (at most 500 characters)."))
    if entry.reverses_id is not None:
        raise DomainError(_l("A reversing entry cannot itself be reversed."))
    lock(entry.compound)
    taken = select(exists().where(LedgerEntry.reverses_id == entry.id))
    if db.session.scalar(taken):
        raise ConflictError(_l("This entry has already been reversed."))
    today = beijing_date(now or utcnow())
    _refuse_locked(entry.compound, rules.period_of(today))
    reversal = LedgerEntry(
        compound_id=entry.compound_id,
        entry_date=today,
        period=rules.period_of(today),
        category=entry.category,
        direction=entry.direction,
        amount_fen=-entry.amount_fen,
        counterparty=entry.counterparty,
        note=reason,
        recorded_by_id=actor.id if actor else None,
        recorded_at=now or utcnow(),
        reverses_id=entry.id,
    )
    db.session.add(reversal)
    db.session.flush()
    audit.record(
        "ledger_entry_reversed",
        reversal,
        after={**_snapshot(reversal), "reverses": entry.id, "reason": reason},
        compound_id=entry.compound_id,
        actor=actor,
    )
    return reversal


def publish_month(
    compound: Compound, period: int, *, actor: User, now: datetime | None = None
) -> LedgerMonth:
    """Publish a month that is over: its entries are locked from now on, and its statement
    goes on the compound's board for the owners."""
    now = now or utcnow()
    if not rules.may_publish(period, beijing_date(now)):
        raise DomainError(_l("Only a month that is over can be published."))
    lock(compound)
    _refuse_locked_twice(compound, period)
    _refuse_out_of_order(compound, period)
    month = LedgerMonth(compound_id=compound.id, period=period, published_at=now, published_by_id=actor.id)
    db.session.add(month)
    db.session.flush()
    from portal.ledger.notify import post_statement

    month.notice_id = post_statement(compound, period, actor, now).id
    audit.record(
        "ledger_month_published",
        month,
        after={"month": rules.month_text(period)},
        compound_id=compound.id,
        actor=actor,
    )
    return month


def _refuse_locked_twice(compound: Compound, period: int) -> None:
    if is_published(compound.id, period):
        raise ConflictError(_l("%(month)s is already published.", month=rules.month_text(period)))
