"""Volunteer service pages for organisers (the compound's committee, the community's staff):
organising an activity, cancelling it, the check-in list with big buttons and the code
entry, no-shows, corrections with a reason, and the attendance sheet."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal import tabular
from portal.auth.permissions import (
    can_manage_activity,
    can_organise_in_community,
    can_organise_in_compound,
    can_record_attendance,
    can_take_attendance,
    requires,
)
from portal.calendar.rules import BEIJING
from portal.columns import utcnow
from portal.errors import DomainError
from portal.forms import EmptyForm, render_form, to_utc
from portal.places.models import Community, Compound
from portal.unit_of_work import carry_out, refusal_shown_on, roll_back
from portal.volunteering import bp, services
from portal.volunteering.forms import ActivityForm, CancelActivityForm, CodeForm, CorrectionForm
from portal.volunteering.models import Activity, Category, ServiceSession, Signup
from portal.volunteering.routes.public import labels


def _create(form: ActivityForm, **scope):
    sessions = form.sessions()
    signup_closes_at, cancel_closes_at = form.deadlines(sessions)
    return services.create_activity(
        **scope,
        title=form.title.data,
        category=Category(form.category.data),
        place=form.place.data,
        description=form.description.data or "",
        contact=form.contact.data or "",
        sessions=sessions,
        signup_closes_at=signup_closes_at,
        cancel_closes_at=cancel_closes_at,
        min_age=form.min_age.data or 0,
        guardian_consent_required=form.guardian_consent_required.data,
        actor=current_user,
    )


def _new_activity(form: ActivityForm, place_name: str, **scope):
    if form.validate_on_submit():
        with refusal_shown_on(form):
            activity = _create(form, **scope)
            flash(_("The activity is published; residents can sign up now."), "success")
            return redirect(url_for("volunteering.activity", activity_id=activity.id))
    return render_form("volunteering/new_activity.html", form, place_name=place_name)


@bp.route("/compounds/<int:compound_id>/new", methods=["GET", "POST"])
@requires(can_organise_in_compound, compound=Compound)
def new_compound_activity(compound: Compound):
    return _new_activity(ActivityForm(), compound.name, compound=compound)


@bp.route("/communities/<int:community_id>/new", methods=["GET", "POST"])
@requires(can_organise_in_community, community=Community)
def new_community_activity(community: Community):
    return _new_activity(ActivityForm(), community.name, community=community)


@bp.post("/activities/<int:activity_id>/cancel")
@requires(can_manage_activity, activity=Activity)
def cancel_activity(activity: Activity):
    form = CancelActivityForm()
    if not form.validate_on_submit():
        flash(_("Give the reason for cancelling (at most 500 characters)."), "danger")
    else:
        carry_out(
            lambda: services.cancel_activity(activity, form.reason.data, actor=current_user),
            _("The activity is cancelled."),
        )
    return redirect(url_for("volunteering.activity", activity_id=activity.id))


@bp.get("/activities/<int:activity_id>/attendance")
@requires(can_manage_activity, activity=Activity)
def attendance(activity: Activity):
    rows = services.attendance_rows(activity)
    return render_template("volunteering/attendance.html", activity=activity, header=rows[0], rows=rows[1:])


@bp.get("/activities/<int:activity_id>/attendance.<fmt>")
@requires(can_manage_activity, activity=Activity)
def attendance_export(activity: Activity, fmt: str):
    """Attendance and hours as CSV or XLSX (another format is a 404)."""
    return tabular.download(services.attendance_rows(activity), fmt, f"attendance-{activity.id}")


@bp.get("/sessions/<int:session_id>/check-in")
@requires(can_take_attendance, session=ServiceSession)
def check_in_list(session: ServiceSession):
    holding, waitlist = services.session_roster(session)
    return render_template(
        "volunteering/check_in.html",
        session=session,
        activity=session.activity,
        holding=holding,
        waitlist=waitlist,
        code_form=CodeForm(),
        action_form=EmptyForm(),
        now=utcnow(),
        **labels(),
    )


def _back_to_list(signup: Signup):
    return redirect(
        url_for("volunteering.check_in_list", session_id=signup.session_id) + f"#signup-{signup.id}"
    )


@bp.post("/sessions/<int:session_id>/code")
@requires(can_take_attendance, session=ServiceSession)
def check_in_code(session: ServiceSession):
    form = CodeForm()
    if not form.validate_on_submit():
        flash(_("Enter the volunteer's 6-digit code."), "danger")
        return redirect(url_for("volunteering.check_in_list", session_id=session.id))
    try:
        signup, what = services.check_in_by_code(session, form.code.data, actor=current_user)
    except DomainError as error:
        roll_back()
        flash(error.message, "danger")
    else:
        message = _("%(name)s is checked in.") if what == "in" else _("%(name)s is checked out.")
        flash(message % {"name": signup.user.name}, "success")
    return redirect(url_for("volunteering.check_in_list", session_id=session.id))


def _attendance_action(signup: Signup, action, message: str):
    carry_out(lambda: action(signup, actor=current_user), message % {"name": signup.user.name})
    return _back_to_list(signup)


@bp.post("/signups/<int:signup_id>/check-in")
@requires(can_record_attendance, signup=Signup)
def check_in(signup: Signup):
    return _attendance_action(signup, services.check_in, _("%(name)s is checked in."))


@bp.post("/signups/<int:signup_id>/check-out")
@requires(can_record_attendance, signup=Signup)
def check_out(signup: Signup):
    return _attendance_action(signup, services.check_out, _("%(name)s is checked out."))


@bp.post("/signups/<int:signup_id>/no-show")
@requires(can_record_attendance, signup=Signup)
def no_show(signup: Signup):
    return _attendance_action(signup, services.mark_no_show, _("%(name)s is marked as not come."))


@bp.route("/signups/<int:signup_id>/correct", methods=["GET", "POST"])
@requires(can_record_attendance, signup=Signup)
def correct(signup: Signup):
    form = CorrectionForm()
    if form.validate_on_submit():
        with refusal_shown_on(form):
            services.correct_attendance(
                signup,
                checked_in_at=to_utc(form.checked_in_at.data),
                checked_out_at=to_utc(form.checked_out_at.data),
                reason=form.reason.data,
                actor=current_user,
            )
            flash(_("The attendance of %(name)s is corrected.", name=signup.user.name), "success")
            return _back_to_list(signup)
    if not form.is_submitted():
        _prefill(form, signup)
    return render_form("volunteering/correct.html", form, signup=signup, session=signup.session, **labels())


def _prefill(form: CorrectionForm, signup: Signup) -> None:
    """The times recorded so far (or the session's), in Beijing time, for the organiser to fix."""
    session = signup.session
    form.checked_in_at.data = _local(signup.checked_in_at or session.starts_at)
    form.checked_out_at.data = _local(signup.checked_out_at or session.ends_at)


def _local(moment):
    return moment.astimezone(BEIJING).replace(tzinfo=None, second=0, microsecond=0)
