"""Volunteer service on the compound page: the upcoming activities open to its residents
(its own and its community's), with the places left in their next sessions."""

from __future__ import annotations

from portal.auth.permissions import can_organise_in_compound
from portal.panels import compound_fact, compound_panel
from portal.statements import built_once
from portal.volunteering.services import upcoming_activities
from portal.volunteering.views import listing

PANEL_LIMIT = 5


@compound_panel("volunteering", order=40, template="volunteering/_panel.html")
def volunteering_panel(compound, user) -> dict:
    """Up to five upcoming activities with places left; organisers get the way to a new one."""
    activities = upcoming_activities(compound=compound, limit=PANEL_LIMIT)
    return {"listing": listing(activities), "can_organise": can_organise_in_compound(user, compound)}


@compound_fact("volunteer_minutes_this_year")
def volunteer_minutes_this_year(compounds) -> dict[int, int]:
    """Service minutes recorded this year (Beijing) at each compound's own activities."""
    from datetime import date

    from portal.calendar import beijing_date
    from portal.calendar.rules import start_of_day
    from portal.columns import utcnow
    from portal.extensions import db

    start = start_of_day(date(beijing_date(utcnow()).year, 1, 1))
    rows = db.session.execute(_minutes_since(), {"ids": [c.id for c in compounds], "start": start})
    return {compound_id: int(minutes or 0) for compound_id, minutes in rows}


@built_once
def _minutes_since():
    """Service minutes of the sessions from `start` on, at the activities of the compounds `ids`."""
    from sqlalchemy import bindparam, func, select

    from portal.volunteering.models import Activity, ServiceSession, Signup

    return (
        select(Activity.compound_id, func.sum(Signup.minutes))
        .join(ServiceSession, ServiceSession.id == Signup.session_id)
        .join(Activity, Activity.id == ServiceSession.activity_id)
        .where(
            Activity.compound_id.in_(bindparam("ids", expanding=True)),
            ServiceSession.starts_at >= bindparam("start"),
        )
        .group_by(Activity.compound_id)
    )
