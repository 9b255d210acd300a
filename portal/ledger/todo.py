"""The ledger in its keepers' to-do: last month's ledger still to publish, for the compounds
whose committee they are on (one query; none for someone who keeps no ledger)."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select

from portal.auth.models import Role
from portal.calendar import beijing_date
from portal.columns import utcnow
from portal.extensions import db
from portal.ledger import rules
from portal.ledger.models import LedgerEntry, LedgerMonth
from portal.places.models import Compound
from portal.todo import ROUTINE, TodoItem, todo_provider


@todo_provider("ledger_publish")
def months_to_publish(user):
    """Last month, where it has entries and is not yet published."""
    compound_ids = [g.compound_id for g in user.grants if g.role == Role.COMMITTEE]
    if not compound_ids:
        return []
    last = rules.previous_period(rules.period_of(beijing_date(utcnow())))
    # Within the person's compounds, so that the index (compound, period) is used rather than
    # a scan of every entry of the district.
    has_entries = select(LedgerEntry.compound_id).where(
        LedgerEntry.compound_id.in_(compound_ids), LedgerEntry.period == last
    )
    published = select(LedgerMonth.compound_id).where(
        LedgerMonth.compound_id.in_(compound_ids), LedgerMonth.period == last
    )
    rows = db.session.execute(
        select(Compound.id, Compound.name).where(
            Compound.id.in_(compound_ids), Compound.id.in_(has_entries), Compound.id.not_in(published)
        )
    )
    return [
        TodoItem(
            "ledger_publish",
            _(
                "Publish the ledger of %(month)s for %(compound)s",
                month=rules.month_text(last),
                compound=name,
            ),
            url_for("ledger.month", compound_id=compound_id, month=rules.month_text(last)),
            None,
            _("Open the ledger"),
            ROUTINE,
        )
        for compound_id, name in rows
    ]
