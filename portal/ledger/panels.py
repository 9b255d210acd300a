"""The public ledger on the compound page: for those who read it, the last published month's
balance and the way to the ledger."""

from __future__ import annotations

from portal.auth.permissions import can_record_ledger, can_view_ledger
from portal.ledger.services import month_summary, published_through
from portal.panels import compound_fact, compound_panel


@compound_panel("ledger", order=35, template="ledger/_panel.html")
def ledger_panel(compound, user) -> dict | None:
    """Nothing for those who may not read the ledger; else the latest published month."""
    if not can_view_ledger(user, compound):
        return None
    latest = published_through([compound.id]).get(compound.id)
    summary = month_summary(compound, latest) if latest else None
    return {"summary": summary, "keeper": can_record_ledger(user, compound)}


@compound_fact("ledger_published_through")
def ledger_published_through(compounds) -> dict[int, int]:
    """The latest published month (YYYYMM) of each compound's ledger, in one query."""
    return published_through([compound.id for compound in compounds])
