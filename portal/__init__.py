"""社区自治 portal: the application factory."""

from __future__ import annotations

from pathlib import Path

from flask import Flask, session
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from portal import config
from portal.extensions import babel, bootstrap, csrf, db, limiter, login_manager, migrate

BLUEPRINTS = ("main", "auth", "places", "registration", "admin")


def create_app(overrides: dict | None = None) -> Flask:
    """Build the application: config, extensions, blueprints, commands, error pages."""
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder="../templates",
        static_folder="../static",
    )
    app.config.update(config.load(app.instance_path, overrides))
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    _init_extensions(app)
    _register_blueprints(app)
    _register_commands(app)
    _register_template_helpers(app)
    _register_security_headers(app)
    from portal.errors import register_error_handlers

    register_error_handlers(app)
    return app


def select_locale() -> str:
    """The language chosen with the switch (kept in the session), else Chinese."""
    from flask import current_app, has_request_context

    languages = current_app.config["LANGUAGES"]
    if has_request_context() and session.get("lang") in languages:
        return session["lang"]
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def _init_extensions(app: Flask) -> None:
    from portal import audit  # noqa: F401  (registers the audit table)
    from portal.auth.models import User

    db.init_app(app)
    migrate.init_app(app, db, render_as_batch=True, directory=str(Path(app.root_path).parent / "migrations"))
    csrf.init_app(app)
    babel.init_app(app, locale_selector=select_locale)
    bootstrap.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to open this page.")
    login_manager.login_message_category = "info"

    @login_manager.user_loader
    def load_user(user_id: str):
        from sqlalchemy import select
        from sqlalchemy.orm import selectinload

        if not user_id.isdigit():
            return None
        query = select(User).options(selectinload(User.grants)).where(User.id == int(user_id))
        return db.session.scalar(query)


def _register_blueprints(app: Flask) -> None:
    from importlib import import_module

    for name in BLUEPRINTS:
        app.register_blueprint(import_module(f"portal.{name}").bp)


def _register_commands(app: Flask) -> None:
    from portal.auth.cli import users
    from portal.demo import demo
    from portal.places.cli import roster

    for group in (users, roster, demo):
        app.cli.add_command(group)


def _register_template_helpers(app: Flask) -> None:
    from portal import formatting
    from portal.auth import permissions

    app.jinja_env.globals.update(perm=permissions, get_locale=get_locale)
    app.jinja_env.filters.update(area=formatting.area, local_time=formatting.local_time)

    @app.context_processor
    def preferences():
        return {
            "large_text": bool(session.get("large_text")),
            "html_lang": "zh-CN" if str(get_locale()).startswith("zh") else "en",
        }


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
        return response
