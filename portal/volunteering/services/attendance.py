"""On the day: the organiser checks volunteers in and out (from the list, or by the short
code a volunteer shows), marks no-shows, and corrects a record with a reason (audited).
The service time of each sign-up is kept in `minutes`, by `rules.service_minutes`."""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from portal.auth.models import User
from portal.columns import utcnow
from portal.errors import DomainError
from portal.extensions import db
from portal.formatting import local_time
from portal.volunteering import rules
from portal.volunteering.models import (
    HOLDING_A_PLACE,
    SIGNUP_STATUS_LABELS,
    Activity,
    ServiceSession,
    Signup,
    SignupStatus,
)

MAX_REASON = 500


def _move(signup: Signup, name: str, actor: User, now: datetime, values: dict, after: dict | None = None):
    session = signup.session
    context = {"volunteer": signup.user.name, "activity": session.activity.title}
    context["session"] = local_time(session.starts_at)
    return Signup.workflow.move(
        signup,
        name,
        actor=actor,
        now=now,
        values=values,
        after=context | (after or {}),
        compound_id=session.activity.compound_id,
    )


def check_in(signup: Signup, *, actor: User, now: datetime | None = None) -> Signup:
    """Check a confirmed volunteer in (also one marked as not come who turns up late), from
    2 hours before the session starts until it ends."""
    now = now or utcnow()
    session = signup.session
    if not rules.check_in_open(now, session.starts_at, session.ends_at):
        raise DomainError(_l("Check-in is open from 2 hours before the session starts until it ends."))
    return _move(signup, "check_in", actor, now, {"checked_in_at": now})


def check_out(signup: Signup, *, actor: User, now: datetime | None = None) -> Signup:
    """Check a volunteer out: their service time is recorded (capped, in quarter hours)."""
    now = now or utcnow()
    session = signup.session
    if signup.checked_in_at is not None and now <= signup.checked_in_at:
        raise DomainError(_l("The check-out must come after the check-in."))
    minutes = rules.service_minutes(signup.checked_in_at, now, session.starts_at, session.ends_at)
    return _move(
        signup, "check_out", actor, now, {"checked_out_at": now, "minutes": minutes}, {"minutes": minutes}
    )


def mark_no_show(signup: Signup, *, actor: User, now: datetime | None = None) -> Signup:
    """Mark a confirmed volunteer who did not come, once the session has started."""
    now = now or utcnow()
    if now < signup.session.starts_at:
        raise DomainError(_l("A volunteer can be marked as not come once the session has started."))
    return _move(signup, "no_show", actor, now, {})


def correct_attendance(
    signup: Signup,
    *,
    checked_in_at: datetime,
    checked_out_at: datetime,
    reason: str,
    actor: User,
    now: datetime | None = None,
) -> Signup:
    """The organiser corrects a record once the session has started (a forgotten check-in or
    check-out, a wrong time, a volunteer marked absent who came), with a reason; the hours
    follow the same rule, and the audit trail keeps the times before and after."""
    reason = (reason or "").strip()
    if not reason or len(reason) > MAX_REASON:
        raise DomainError(_l("Give the reason for the correction (at most 500 characters)."))
    if checked_out_at <= checked_in_at:
        raise DomainError(_l("The check-out must come after the check-in."))
    now = now or utcnow()
    if now < signup.session.starts_at:
        raise DomainError(_l("Attendance can be corrected once the session has started."))
    if checked_out_at > now:
        raise DomainError(_l("The check-out cannot be in the future."))
    session = signup.session
    minutes = rules.service_minutes(checked_in_at, checked_out_at, session.starts_at, session.ends_at)
    before = {
        "checked_in_at": local_time(signup.checked_in_at),
        "checked_out_at": local_time(signup.checked_out_at),
    }
    values = {
        "checked_in_at": checked_in_at,
        "checked_out_at": checked_out_at,
        "minutes": minutes,
        "correction_reason": reason,
    }
    after = {
        "previously": before,
        "checked_in_at": local_time(checked_in_at),
        "checked_out_at": local_time(checked_out_at),
        "minutes": minutes,
        "reason": reason,
    }
    return _move(signup, "correct", actor, now, values, after)


def check_in_by_code(session: ServiceSession, code: str, *, actor: User, now: datetime | None = None):
    """The code a volunteer shows: checks them in, or out when they are checked in already.
    Returns the sign-up and what was done ("in" or "out")."""
    code = (code or "").strip()
    signup = db.session.scalar(select(Signup).where(Signup.session_id == session.id, Signup.code == code))
    if signup is None or signup.status not in HOLDING_A_PLACE:
        raise DomainError(_l("No volunteer of this session has the code %(code)s.", code=code[:8]))
    if signup.status == SignupStatus.CHECKED_IN:
        return check_out(signup, actor=actor, now=now), "out"
    return check_in(signup, actor=actor, now=now), "in"


def session_roster(session: ServiceSession) -> tuple[list[Signup], list[Signup]]:
    """The session's volunteers holding a place, and its waitlist, each in arrival order."""
    query = (
        select(Signup)
        .options(joinedload(Signup.user))
        .where(Signup.session_id == session.id, Signup.status != SignupStatus.CANCELLED)
        .order_by(Signup.seq)
    )
    signups = list(db.session.scalars(query))
    holding = [s for s in signups if s.status in HOLDING_A_PLACE]
    return holding, [s for s in signups if s.status == SignupStatus.WAITLISTED]


def attendance_rows(activity: Activity) -> list[list]:
    """Attendance and hours of every session of the activity, one row per volunteer holding
    a place, with a header: what the organiser exports as CSV/XLSX and sees as the
    attendance sheet."""
    header = [
        _("Session"),
        _("Volunteer"),
        _("Mobile"),
        _("Status"),
        _("Checked in"),
        _("Checked out"),
        _("Hours"),
    ]
    query = (
        select(Signup)
        .join(ServiceSession, ServiceSession.id == Signup.session_id)
        .options(joinedload(Signup.user), joinedload(Signup.session))
        .where(ServiceSession.activity_id == activity.id, Signup.status.in_(HOLDING_A_PLACE))
        .order_by(ServiceSession.starts_at, Signup.seq)
    )
    rows = [
        [
            local_time(s.session.starts_at),
            s.user.name,
            s.user.phone,
            str(SIGNUP_STATUS_LABELS[s.status]),
            local_time(s.checked_in_at),
            local_time(s.checked_out_at),
            rules.hours_text(s.minutes),
        ]
        for s in db.session.scalars(query)
    ]
    return [header, *rows]
