"""Management and fees on the compound page: the fees in force and the way to the history."""

from __future__ import annotations

from portal.calendar import beijing_date
from portal.columns import utcnow
from portal.management.services import fee_in_force
from portal.panels import compound_panel


@compound_panel("management", order=30, template="management/_panel.html")
def management_panel(compound, user) -> dict:
    """The fee schedule in force today (public), perhaps none yet."""
    return {"fees": fee_in_force(compound, beijing_date(utcnow()))}
