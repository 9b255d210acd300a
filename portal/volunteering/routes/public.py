"""Volunteer service pages for residents and the public: upcoming activities, an activity and
its sessions, signing up and cancelling, one's own record and certificates, and the public
verification of a certificate's code."""

from __future__ import annotations

import segno
from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from portal.auth.permissions import (
    anyone,
    can_cancel_signup,
    can_manage_activity,
    can_organise_in_community,
    can_sign_up,
    can_sign_up_to,
    can_view_activity,
    can_view_certificate,
    can_view_volunteer_statistics,
    can_volunteer,
    requires,
)
from portal.columns import utcnow
from portal.errors import DomainError
from portal.forms import EmptyForm, render_form
from portal.places.models import Community
from portal.translation import shown_labels
from portal.unit_of_work import carry_out, refusal_shown_on, roll_back
from portal.volunteering import bp, rules, services
from portal.volunteering.forms import SignupForm, VerifyForm
from portal.volunteering.models import (
    CATEGORY_LABELS,
    SIGNUP_STATUS_LABELS,
    Activity,
    Certificate,
    ServiceSession,
    Signup,
)
from portal.volunteering.views import listing, offers_sign_up, session_rows


def labels() -> dict:
    """What the volunteer service's pages show labels with (translated once per page: lists show
    them per row)."""
    return {
        "category_labels": shown_labels(CATEGORY_LABELS),
        "status_labels": shown_labels(SIGNUP_STATUS_LABELS),
        "rules": rules,
    }


@bp.get("/")
@requires(anyone)
def index():
    """Upcoming activities everywhere; an organiser's sessions to check in and activities."""
    return render_template(
        "volunteering/index.html",
        upcoming=listing(services.upcoming_activities()),
        to_check_in=services.sessions_to_check_in(current_user),
        organised=listing(services.organised_by(current_user)),
        **labels(),
    )


@bp.get("/communities/<int:community_id>")
@requires(anyone, community=Community)
def community(community: Community):
    """A community's upcoming activities, its leaderboard (for those signed in) and, for its
    staff, hours by month and category."""
    statistics = can_view_volunteer_statistics(current_user, community)
    return render_template(
        "volunteering/community.html",
        community=community,
        upcoming=listing(services.upcoming_activities(community=community)),
        leaderboard=services.leaderboard(community) if current_user.is_authenticated else [],
        statistics=services.hours_by_month_and_category(community) if statistics else None,
        can_organise=can_organise_in_community(current_user, community),
        **labels(),
    )


@bp.get("/activities/<int:activity_id>")
@requires(can_view_activity, activity=Activity)
def activity(activity: Activity):
    """An activity and its sessions, each with the visitor's sign-up or the way to sign up."""
    mine = services.my_signup([session.id for session in activity.sessions], current_user)
    rows = session_rows(activity, mine, services.waitlist_positions(list(mine.values())), utcnow())
    return render_template(
        "volunteering/activity.html",
        activity=activity,
        sessions=rows,
        manage=can_manage_activity(current_user, activity),
        may_sign_up=offers_sign_up(rows) and can_sign_up_to(current_user, activity),
        action_form=EmptyForm(),
        **labels(),
    )


@bp.route("/sessions/<int:session_id>/signup", methods=["GET", "POST"])
@requires(can_sign_up, session=ServiceSession)
def sign_up(session: ServiceSession):
    form = SignupForm()
    if form.validate_on_submit():
        with refusal_shown_on(form):
            result = services.sign_up(session, current_user, minor=form.minor())
            _flash_signup(result)
            return redirect(
                url_for("volunteering.activity", activity_id=session.activity_id) + f"#session-{session.id}"
            )
    return render_form(
        "volunteering/signup.html", form, session=session, activity=session.activity, **labels()
    )


def _flash_signup(result: services.SignupResult) -> None:
    if result.position is None:
        flash(_("You are signed up. Your check-in code is %(code)s.", code=result.signup.code), "success")
    else:
        flash(_("The session is full: you are number %(n)d on the waitlist.", n=result.position), "warning")
    for other in result.overlaps:
        flash(
            _(
                "Note: this overlaps with %(title)s, which you also signed up for.",
                title=other.activity.title,
            ),
            "info",
        )


@bp.post("/signups/<int:signup_id>/cancel")
@requires(can_cancel_signup, signup=Signup)
def cancel(signup: Signup):
    carry_out(lambda: services.cancel_signup(signup, actor=current_user), _("Your sign-up is cancelled."))
    if request.form.get("back") == "me":
        return redirect(url_for("volunteering.me"))
    return redirect(url_for("volunteering.activity", activity_id=signup.session.activity_id))


@bp.get("/me")
@requires(can_volunteer)
def me():
    return render_template(
        "volunteering/me.html",
        record=services.record_of(current_user),
        on_leaderboard=services.on_leaderboard(current_user),
        certificates=services.certificates_of(current_user),
        form=EmptyForm(),
        **labels(),
    )


@bp.post("/me/leaderboard")
@requires(can_volunteer)
def leaderboard_choice():
    on = request.form.get("on") == "1"
    services.set_leaderboard(current_user, on)
    flash(_("Your name is on the leaderboard.") if on else _("Your name is off the leaderboard."), "success")
    return redirect(url_for("volunteering.me"))


@bp.post("/communities/<int:community_id>/certificate")
@requires(can_volunteer, community=Community)
def issue_certificate(community: Community):
    """Issue a certificate of the signed-in volunteer's hours in the community's activities."""
    try:
        certificate = services.issue_certificate(current_user, community)
    except DomainError as error:
        roll_back()
        flash(error.message, "danger")
        return redirect(url_for("volunteering.me"))
    return redirect(url_for("volunteering.certificate", certificate_id=certificate.id))


def _qr_data_uri(code: str) -> str:
    url = url_for("volunteering.verify_code", code=code, _external=True)
    return segno.make(url, error="m").svg_data_uri(scale=3, border=2)


@bp.get("/certificates/<int:certificate_id>")
@requires(can_view_certificate, certificate=Certificate)
def certificate(certificate: Certificate):
    return render_template(
        "volunteering/certificate.html",
        certificate=certificate,
        qr=_qr_data_uri(certificate.code),
        verify_url=url_for("volunteering.verify_code", code=certificate.code, _external=True),
        **labels(),
    )


@bp.get("/verify")
@requires(anyone)
def verify():
    form = VerifyForm(request.args)
    if request.args.get("code") and form.validate():
        return redirect(url_for("volunteering.verify_code", code=services.normalise_code(form.code.data)))
    return render_template("volunteering/verify.html", form=form, certificate=None, checked=False)


@bp.get("/verify/<code>")
@requires(anyone)
def verify_code(code: str):
    found = services.certificate_by_code(code)
    form = VerifyForm(data={"code": code[:20]})
    page = render_template("volunteering/verify.html", form=form, certificate=found, checked=True, **labels())
    return page, 200 if found else 404
