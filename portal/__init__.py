"""社区自治 portal: the application factory."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, request
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.routing import IntegerConverter

from portal import assets, config, input_guard, preferences
from portal.extensions import babel, bootstrap, csrf, db, limiter, login_manager, mail, migrate
from portal.unit_of_work import PortalFlask

BLUEPRINTS = (
    "main",
    "auth",
    "places",
    "registration",
    "assembly",
    "volunteering",
    "ledger",
    "management",
    "forum",
    "elections",
    "mediation",
    "open311",
    "admin",
    "notifications",
    "notices",
)
MAX_ID = 2**31 - 1


def create_app(overrides: dict | None = None) -> Flask:
    """Build the application: config, extensions, blueprints, commands, error pages."""
    app = PortalFlask(
        __name__,
        instance_relative_config=True,
        template_folder="../templates",
        static_folder="../static",
    )
    app.config.update(config.load(app.instance_path, overrides))
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    _trust_proxies(app)
    app.url_map.converters["int"] = BoundedIntConverter
    app.json.ensure_ascii = False  # Chinese stays readable in JSON (still HTML-safe in templates)
    _init_extensions(app)
    _register_blueprints(app)
    from portal.api import init_api

    init_api(app)
    _register_commands(app)
    _register_template_helpers(app)
    _register_security_headers(app)
    assets.install(app)
    from portal.errors import register_error_handlers

    register_error_handlers(app)
    return app


class BoundedIntConverter(IntegerConverter):
    """`<int:...>` limited to the database's integer range, so that a huge id is a 404."""

    def __init__(self, map, *args, **kwargs):
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def _trust_proxies(app: Flask) -> None:
    """Behind N reverse proxies, take the client address and scheme from their headers."""
    hops = app.config["TRUSTED_PROXIES"]
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def _init_extensions(app: Flask) -> None:
    from portal import audit  # noqa: F401  (registers the audit table)
    from portal.auth import sessions  # noqa: F401  (registers the sessions table)

    db.init_app(app)
    migrate.init_app(app, db, render_as_batch=True, directory=str(Path(app.root_path).parent / "migrations"))
    csrf.init_app(app)
    babel.init_app(app, locale_selector=preferences.language)
    bootstrap.init_app(app)
    limiter.init_app(app)
    mail.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to open this page.")
    login_manager.login_message_category = "info"

    @login_manager.user_loader
    def load_user(session_key: str):
        """The active user of a current server-side session (portal.auth.sessions)."""
        from portal.auth.sessions import load_user

        return load_user(session_key)

    @app.after_request
    def note_session_seen(response):
        from portal.auth.sessions import note_seen

        note_seen()
        return response


def _register_blueprints(app: Flask) -> None:
    from importlib import import_module

    for name in BLUEPRINTS:
        app.register_blueprint(import_module(f"portal.{name}").bp)


def _register_commands(app: Flask) -> None:
    from portal.assembly.cli import assembly
    from portal.auth.cli import users
    from portal.calendar.cli import calendar
    from portal.demo import demo
    from portal.elections.cli import elections
    from portal.places.cli import roster

    for group in (users, roster, demo, assembly, elections, calendar):
        app.cli.add_command(group)


def _register_template_helpers(app: Flask) -> None:
    from portal import formatting, layout, translation
    from portal.auth import permissions

    translation.install(app)
    layout.install(app)

    app.jinja_env.globals.update(perm=permissions, get_locale=get_locale)
    app.jinja_env.filters.update(
        area=formatting.area, local_time=formatting.local_time, time_span=formatting.time_span
    )

    @app.context_processor
    def display_preferences():
        return {
            "large_text": preferences.large_text(),
            "html_lang": "zh-CN" if str(get_locale()).startswith("zh") else "en",
        }

    input_guard.install(app)


CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'self'; "
    "object-src 'none'"
)


def _register_security_headers(app: Flask) -> None:
    @app.after_request
    def security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        if app.config["SESSION_COOKIE_SECURE"]:  # production, behind TLS
            response.headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        # Private pages (rosters, registers, exports): never stored. Static files are the same
        # for everyone (portal.assets caches them for a year).
        private = request.endpoint != "static" and _signed_in()
        if private and "no-store" not in response.headers.get("Cache-Control", ""):
            response.headers["Cache-Control"] = "no-store"
        return response


def _signed_in() -> bool:
    """Whether this request was signed in (without loading the user just to ask)."""
    from flask import g
    from flask_login import AnonymousUserMixin

    user = g.get("_login_user")  # not `is_authenticated`: after the commit it would reload the user
    return user is not None and not isinstance(user, AnonymousUserMixin)
