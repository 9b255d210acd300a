"""Volunteer service's audit actions: activities organised and cancelled, sign-ups, promotions,
cancellations, check-in and check-out, no-shows, corrections and certificates."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, bindparam, select

from portal.audit import Field, action_group, labels_by, register_action, register_subject
from portal.audit.formats import choice
from portal.extensions import db
from portal.statements import built_once
from portal.volunteering.models import (
    CATEGORY_LABELS,
    SIGNUP_STATUS_LABELS,
    Activity,
    Certificate,
    ServiceSession,
    Signup,
)
from portal.volunteering.rules import hours_text

VOLUNTEERING = action_group("volunteering", _l("Volunteer service"))


def signup_labels(ids: list[int]) -> dict[int, str]:
    """A sign-up by its activity's title."""
    return dict(db.session.execute(_signups(), {"ids": ids}).all())


@built_once
def _signups() -> Select:
    return (
        select(Signup.id, Activity.title)
        .join(ServiceSession, ServiceSession.id == Signup.session_id)
        .join(Activity, Activity.id == ServiceSession.activity_id)
        .where(Signup.id.in_(bindparam("ids", expanding=True)))
    )


def _hours(value) -> str:
    return hours_text(value) if isinstance(value, int) and not isinstance(value, bool) else str(value)


register_subject("Activity", labels_by(Activity, "title"), label=_l("Volunteer activity"))
register_subject("Signup", signup_labels, label=_l("Volunteer sign-up"))
register_subject("Certificate", labels_by(Certificate, "code"), label=_l("Volunteer certificate"))

CONTEXT = {
    "volunteer": Field(_l("Volunteer")),
    "activity": Field(_l("Activity")),
    "session": Field(_l("Session")),
    "status": Field(_l("Status"), choice({s.value: label for s, label in SIGNUP_STATUS_LABELS.items()})),
    "minutes": Field(_l("Service hours"), _hours),
    "reason": Field(_l("Reason")),
}

register_action(
    "volunteer_activity_created",
    VOLUNTEERING,
    _l("organised the volunteer activity %(title)s with %(sessions)s sessions"),
    label=_l("Volunteer activity organised"),
    fields={
        "title": Field(_l("Title")),
        "category": Field(_l("Category"), choice({c.value: label for c, label in CATEGORY_LABELS.items()})),
        "sessions": Field(_l("Sessions")),
    },
)
register_action(
    "volunteer_activity_cancelled",
    VOLUNTEERING,
    _l("cancelled the volunteer activity %(title)s: %(reason)s"),
    label=_l("Volunteer activity cancelled"),
    fields={"title": Field(_l("Title")), "reason": Field(_l("Reason"))},
)
register_action(
    "volunteer_signed_up",
    VOLUNTEERING,
    _l("signed up for %(activity)s on %(session)s (%(status)s)"),
    label=_l("Signed up to volunteer"),
    fields=CONTEXT,
)
register_action(
    "volunteer_promoted",
    VOLUNTEERING,
    _l("freed a place: %(volunteer)s is promoted from the waitlist of %(activity)s on %(session)s"),
    label=_l("Promoted from the waitlist"),
    fields=CONTEXT,
)
register_action(
    "volunteer_signup_cancelled",
    VOLUNTEERING,
    _l("cancelled the sign-up of %(volunteer)s for %(activity)s on %(session)s"),
    label=_l("Volunteer sign-up cancelled"),
    fields=CONTEXT,
)
register_action(
    "volunteer_checked_in",
    VOLUNTEERING,
    _l("checked in %(volunteer)s at %(activity)s on %(session)s"),
    label=_l("Volunteer checked in"),
    fields=CONTEXT,
)
register_action(
    "volunteer_checked_out",
    VOLUNTEERING,
    _l("checked out %(volunteer)s at %(activity)s on %(session)s: %(minutes)s hours"),
    label=_l("Volunteer checked out"),
    fields=CONTEXT,
)
register_action(
    "volunteer_no_show",
    VOLUNTEERING,
    _l("marked %(volunteer)s as not come to %(activity)s on %(session)s"),
    label=_l("Volunteer marked as not come"),
    fields=CONTEXT,
)
register_action(
    "volunteer_hours_corrected",
    VOLUNTEERING,
    _l(
        "corrected the attendance of %(volunteer)s at %(activity)s on %(session)s"
        " to %(minutes)s hours: %(reason)s"
    ),
    label=_l("Volunteer attendance corrected"),
    fields=CONTEXT
    | {
        "checked_in_at": Field(_l("Checked in")),
        "checked_out_at": Field(_l("Checked out")),
        "previously": Field(_l("Before the correction")),
    },
)
register_action(
    "volunteer_certificate_issued",
    VOLUNTEERING,
    _l("was issued a volunteer service certificate for %(hours)s hours (code %(code)s)"),
    label=_l("Volunteer certificate issued"),
    fields={"volunteer": Field(_l("Volunteer")), "hours": Field(_l("Hours")), "code": Field(_l("Code"))},
)
