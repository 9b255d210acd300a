"""Volunteer service on the compound page: the upcoming activities open to its residents
(its own and its community's), with the places left in their next sessions."""

from __future__ import annotations

from portal.auth.permissions import can_organise_in_compound
from portal.panels import compound_panel
from portal.volunteering.services import upcoming_activities
from portal.volunteering.views import listing

PANEL_LIMIT = 5


@compound_panel("volunteering", order=40, template="volunteering/_panel.html")
def volunteering_panel(compound, user) -> dict:
    """Up to five upcoming activities with places left; organisers get the way to a new one."""
    activities = upcoming_activities(compound=compound, limit=PANEL_LIMIT)
    return {"listing": listing(activities), "can_organise": can_organise_in_compound(user, compound)}
