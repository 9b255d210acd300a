"""Forgotten passwords: ask for a code by SMS, choose a new password with a code, and the
staff page where the committee or community staff make an in-person reset code."""

from flask import flash, redirect, render_template, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user

from portal.auth import bp, resets, sessions
from portal.auth.forms import ResetCodeForm, ResetForm, ResetRequestForm
from portal.auth.permissions import anyone, can_issue_any_reset_codes, requires
from portal.forms import render_form
from portal.unit_of_work import refusal_shown_on

#: The phone number typed on the first step, offered again on the second.
RESET_PHONE = "reset_phone"


@bp.route("/reset", methods=["GET", "POST"])
@requires(anyone)
def reset():
    """Step 1: a code by SMS (the same answer whether or not the number has an account)."""
    form = ResetRequestForm()
    if form.validate_on_submit():
        resets.send_reset_code(form.phone.data)
        session[RESET_PHONE] = form.phone.data
        flash(
            _("If this number has an account, a code is on its way by SMS. It is valid for 10 minutes."),
            "info",
        )
        return redirect(url_for("auth.choose_password"))
    return render_form("auth/reset.html", form)


@bp.route("/reset/new", methods=["GET", "POST"])
@requires(anyone)
def choose_password():
    """Step 2: the code and a new password; signs the person in and ends their other access."""
    form = ResetForm()
    if not form.is_submitted():
        form.phone.data = session.get(RESET_PHONE, "")
    if form.validate_on_submit():
        with refusal_shown_on(form, form.password):
            user = resets.redeem(form.phone.data, form.code.data, form.password.data)
            if user is None:
                form.form_errors.append(
                    _("The code is not correct, has expired or was already used. Ask for a new one.")
                )
            else:
                session.pop(RESET_PHONE, None)
                sessions.open_session(user)
                login_user(user)
                flash(_("Your new password is set, and you are signed in."), "success")
                return redirect(url_for("main.home"))
    return render_form("auth/choose_password.html", form)


@bp.route("/reset-codes", methods=["GET", "POST"])
@requires(can_issue_any_reset_codes)
def reset_codes():
    """For an owner who cannot receive SMS: after checking their ID in person, make a code
    (shown once) that lets them choose a new password."""
    form = ResetCodeForm()
    if form.validate_on_submit():
        with refusal_shown_on(form, form.phone):
            person, code, expires_at = resets.issue_in_person_code(current_user, form.phone.data)
            page = render_template("auth/reset_code.html", person=person, code=code, expires_at=expires_at)
            return page, 200, {"Cache-Control": "no-store"}
    return render_form("auth/reset_codes.html", form)
