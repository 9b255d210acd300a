"""Volunteer service in each person's to-do: organisers' sessions to check in now, and the
attendance records left without a check-out (which count nothing until corrected). Each
provider answers in at most one query, and in none for someone who organises nothing."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select

from portal.auth.models import Role
from portal.columns import utcnow
from portal.extensions import db
from portal.formatting import local_time
from portal.todo import NORMAL, URGENT, TodoItem, todo_provider
from portal.volunteering.models import Activity, ServiceSession, Signup, SignupStatus
from portal.volunteering.services import sessions_to_check_in
from portal.volunteering.services.activities import _organiser_scope

ORGANISERS = (Role.COMMITTEE, Role.COMMUNITY_STAFF)


def _organises(user) -> bool:
    return any(grant.role in ORGANISERS for grant in user.grants)


@todo_provider("volunteer_check_in")
def check_in_volunteers(user):
    """Sessions of the person's activities starting within 12 hours or under way."""
    if not _organises(user):
        return []
    return [
        TodoItem(
            "volunteer_check_in",
            _("Check in the volunteers of %(title)s", title=session.activity.title),
            url_for("volunteering.check_in_list", session_id=session.id),
            session.starts_at,
            _("Open the check-in list"),
            URGENT,
            _(
                "%(start)s–%(end)s, %(place)s",
                start=local_time(session.starts_at),
                end=local_time(session.ends_at, "HH:mm"),
                place=session.activity.place,
            ),
        )
        for session in sessions_to_check_in(user)
    ]


@todo_provider("volunteer_corrections")
def attendance_to_correct(user):
    """Volunteers checked in but never out of a session that has ended, by session."""
    if not _organises(user):
        return []
    missing = func.count(Signup.id)
    rows = db.session.execute(
        select(ServiceSession, missing)
        .join(Activity, Activity.id == ServiceSession.activity_id)
        .join(Signup, Signup.session_id == ServiceSession.id)
        .where(
            _organiser_scope(user),
            ServiceSession.ends_at < utcnow(),
            Signup.status == SignupStatus.CHECKED_IN,
        )
        .group_by(ServiceSession.id)
        .order_by(ServiceSession.starts_at)
    ).all()
    return [
        TodoItem(
            "volunteer_corrections",
            ngettext(
                "%(num)d volunteer of %(title)s has no check-out",
                "%(num)d volunteers of %(title)s have no check-out",
                count,
                title=session.activity.title,
            ),
            url_for("volunteering.check_in_list", session_id=session.id),
            None,
            _("Correct the attendance"),
            NORMAL,
            _(
                "Hours count only once the check-out is corrected (session of %(date)s).",
                date=local_time(session.starts_at, "yyyy-MM-dd"),
            ),
        )
        for session, count in rows
    ]
