"""Account pages: register, sign in, sign out, profile and password."""

from urllib.parse import urlsplit

from flask import abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from portal.api.services import revoke_token as revoke_api_token
from portal.api.services import tokens_of
from portal.auth import bp, services, sessions
from portal.auth.forms import LoginForm, PasswordForm, ProfileForm, RegisterForm
from portal.auth.permissions import anyone, requires, signed_in
from portal.extensions import limiter
from portal.forms import EmptyForm, render_form
from portal.unit_of_work import refusal_shown_on


def safe_next(target: str | None) -> str:
    """Only follow `next` to a path on this site."""
    if target and target.isprintable():
        parts = urlsplit(target)
        local = target.startswith("/") and not target.startswith("//") and "\\" not in target
        if local and not parts.scheme and not parts.netloc:
            return target
    return url_for("main.home")


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["REGISTER_LIMIT_PER_ADDRESS"], methods=["POST"])
@requires(anyone)
def register():
    form = RegisterForm()
    if form.validate_on_submit():
        with refusal_shown_on(form, form.phone):
            user = services.register_user(form.phone.data, form.name.data, form.password.data)
            sessions.open_session(user)
            login_user(user)
            flash(_("Welcome, %(name)s. Your account is ready.", name=user.name), "success")
            return redirect(url_for("registration.index"))
    return render_form("auth/register.html", form)


@bp.route("/login", methods=["GET", "POST"])
@requires(anyone)
def login():
    """Sign in; failed attempts are counted per address and per account (auth/throttle)."""
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")))
    form = LoginForm()
    if form.validate_on_submit():
        user = services.sign_in(form.phone.data, form.password.data)
        if user:
            sessions.open_session(user)
            login_user(user, remember=form.remember.data)
            flash(_("You are signed in."), "success")
            return redirect(safe_next(request.args.get("next")))
        form.form_errors.append(services.sign_in_refusal(form.phone.data))
    return render_form("auth/login.html", form)


@bp.post("/logout")
@requires(signed_in)
def logout():
    """Sign out: the session's row is deleted, so copies of its cookies stop working too."""
    sessions.close_session(current_user.session_key)
    logout_user()
    flash(_("You are signed out."), "info")
    return redirect(url_for("main.home"))


@bp.route("/profile", methods=["GET", "POST"])
@requires(signed_in)
def profile():
    form = ProfileForm()
    if request.method == "GET":
        form.name.data = current_user.name
    if form.validate_on_submit():
        current_user.name = form.name.data.strip()
        flash(_("Your profile is saved."), "success")
        return redirect(url_for("auth.profile"))
    return render_form(
        "auth/profile.html",
        form,
        devices=sessions.sessions_of(current_user),
        is_current=sessions.is_current,
        device_label=sessions.device_label,
        tokens=tokens_of(current_user),
        end_form=EmptyForm(),
    )


@bp.post("/sessions/<int:session_id>/end")
@requires(signed_in)
def end_session(session_id: int):
    """Sign one of my devices out (my own sessions only; another's is a 404)."""
    if not EmptyForm().validate_on_submit():
        abort(400)
    if not sessions.end_session_of(current_user, session_id):
        abort(404)
    flash(_("That device is signed out."), "info")
    return redirect(url_for("auth.profile"))


@bp.post("/tokens/<int:token_id>/revoke")
@requires(signed_in)
def revoke_token(token_id: int):
    """Revoke one of my API tokens (my own only; another's is a 404)."""
    if not EmptyForm().validate_on_submit():
        abort(400)
    if not revoke_api_token(current_user, token_id):
        abort(404)
    flash(_("The app access is revoked."), "info")
    return redirect(url_for("auth.profile"))


@bp.route("/password", methods=["GET", "POST"])
@requires(signed_in)
def password():
    form = PasswordForm()
    if form.validate_on_submit():
        with refusal_shown_on(form, form.current):
            services.change_password(current_user, form.current.data, form.password.data)
            flash(_("Your password is changed."), "success")
            return redirect(url_for("auth.profile"))
    return render_form("auth/password.html", form)
