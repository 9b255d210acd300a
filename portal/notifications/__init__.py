"""Notifications: "tell these people X about Y". One call (`notify`) writes one row per person
in the same transaction as the change that caused it (an outbox); people read them in the
inbox, and `flask notifications deliver` sends them on by email and SMS as each person chose.

    from portal.notifications import notify
    notify(owner_ids(compound), kind="meeting_announced",
           title=_l("Meeting %(title)s is announced", title=meeting.title),
           url=url_for("assembly.meeting", meeting_id=meeting.id), subject=("meeting", meeting.id))
"""

from flask import Blueprint

bp = Blueprint("notifications", __name__, url_prefix="/notifications")

from portal.notifications import cli, routes  # noqa: E402,F401
from portal.notifications.kinds import Kind, register_kind  # noqa: E402,F401
from portal.notifications.outbox import notify, owner_ids, path_for  # noqa: E402,F401
