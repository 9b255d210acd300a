"""The public ledger's audit actions: entries recorded, reversing entries, months published."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, bindparam, select

from portal.audit import Field, action_group, register_action, register_subject
from portal.audit.formats import choice
from portal.extensions import db
from portal.ledger import rules
from portal.ledger.models import CATEGORY_LABELS, DIRECTION_LABELS, LedgerEntry, LedgerMonth
from portal.statements import built_once

LEDGER = action_group("ledger", _l("Public ledger"))


def entry_labels(ids: list[int]) -> dict[int, str]:
    rows = db.session.execute(_entries(), {"ids": ids})
    return {i: f"{day.isoformat()} ¥{rules.yuan(fen)}" for i, day, fen in rows}


@built_once
def _entries() -> Select:
    return select(LedgerEntry.id, LedgerEntry.entry_date, LedgerEntry.amount_fen).where(
        LedgerEntry.id.in_(bindparam("ids", expanding=True))
    )


def month_labels(ids: list[int]) -> dict[int, str]:
    rows = db.session.execute(_months(), {"ids": ids})
    return {i: rules.month_text(period) for i, period in rows}


@built_once
def _months() -> Select:
    return select(LedgerMonth.id, LedgerMonth.period).where(
        LedgerMonth.id.in_(bindparam("ids", expanding=True))
    )


register_subject("LedgerEntry", entry_labels, label=_l("Ledger entry"))
register_subject("LedgerMonth", month_labels, label=_l("Ledger month"))

ENTRY = {
    "date": Field(_l("Date")),
    "category": Field(_l("Category"), choice({c.value: label for c, label in CATEGORY_LABELS.items()})),
    "direction": Field(
        _l("Income or spending"), choice({d.value: label for d, label in DIRECTION_LABELS.items()})
    ),
    "amount": Field(_l("Amount (yuan)")),
    "counterparty": Field(_l("Paid by or paid to")),
    "note": Field(_l("Note")),
    "reason": Field(_l("Reason")),
    "reverses": Field(_l("Reverses entry")),
}

register_action(
    "ledger_entry_recorded",
    LEDGER,
    _l("recorded %(direction)s of %(amount)s yuan on %(date)s in the ledger"),
    label=_l("Ledger entry recorded"),
    fields=ENTRY,
)
register_action(
    "ledger_entry_reversed",
    LEDGER,
    _l("reversed ledger entry %(reverses)s: %(reason)s"),
    label=_l("Ledger entry reversed"),
    fields=ENTRY,
)
register_action(
    "ledger_month_published",
    LEDGER,
    _l("published the ledger of %(month)s"),
    label=_l("Ledger month published"),
    fields={"month": Field(_l("Month"))},
)
