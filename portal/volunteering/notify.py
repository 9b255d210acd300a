"""Whom volunteer service tells: a volunteer promoted from the waitlist when a place frees
(by SMS too: the session may be soon), and the volunteers of an activity that is cancelled.
Both are heard from the workflow's `transitioned` signal, in the same transaction."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.extensions import db
from portal.formatting import local_time
from portal.notifications import notify, path_for, register_kind
from portal.volunteering.models import Activity, ServiceSession, Signup, SignupStatus
from portal.workflow import transitioned

register_kind("volunteer_promoted", _l("A place freed and you moved up from a volunteer waitlist"), sms=True)
register_kind(
    "volunteer_activity_cancelled", _l("A volunteer activity you signed up for is cancelled"), sms=True
)


def _activity_path(session: ServiceSession) -> str:
    return path_for("volunteering.activity", activity_id=session.activity_id) + f"#session-{session.id}"


@transitioned.connect_via("volunteer_signup")
def on_signup_moved(sender, *, record: Signup, transition, actor, now: datetime) -> None:
    """The first on the waitlist learns at once that a place freed and is theirs."""
    if transition.name != "promote":
        return
    session = record.session
    notify(
        [record.user_id],
        kind="volunteer_promoted",
        title=_l(
            "A place freed: you are now signed up for %(title)s on %(when)s",
            title=session.activity.title,
            when=local_time(session.starts_at),
        ),
        url=_activity_path(session),
        subject=("volunteer_signup", record.id),
        now=now,
    )


@transitioned.connect_via("volunteer_activity")
def on_activity_moved(sender, *, record: Activity, transition, actor, now: datetime) -> None:
    """Everyone signed up (or waiting) for a session still to come learns of the cancellation."""
    if transition.name != "cancel":
        return
    people = db.session.scalars(
        select(Signup.user_id)
        .join(ServiceSession, ServiceSession.id == Signup.session_id)
        .where(
            ServiceSession.activity_id == record.id,
            ServiceSession.starts_at > now,
            Signup.status.in_([SignupStatus.CONFIRMED, SignupStatus.WAITLISTED]),
        )
        .distinct()
    ).all()
    notify(
        people,
        kind="volunteer_activity_cancelled",
        title=_l("%(title)s is cancelled: %(reason)s", title=record.title, reason=record.cancel_reason),
        url=path_for("volunteering.activity", activity_id=record.id),
        subject=("volunteer_activity", record.id),
        now=now,
    )
