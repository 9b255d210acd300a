"""Configuration read from the environment, with safe development defaults."""

from __future__ import annotations

import logging
import os
from pathlib import Path

MIN_SECRET_KEY_LENGTH = 32
DEV_SECRET_KEY = "dev-only-secret-key-never-use-in-production"


class ConfigError(RuntimeError):
    """Raised when the application must not start with the given configuration."""


def database_url(instance_path: str) -> str:
    """The database URL: DATABASE_URL, or SQLite under the instance folder."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return f"sqlite:///{Path(instance_path) / 'portal.sqlite3'}"
    if url.startswith("postgres://"):
        url = "postgresql://" + url.removeprefix("postgres://")
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


def is_production(settings: dict) -> bool:
    """Production is anything that is neither debug mode nor a test run."""
    return not settings.get("DEBUG") and not settings.get("TESTING")


def load(instance_path: str, overrides: dict | None) -> dict:
    """Build the settings dictionary for `create_app`."""
    overrides = overrides or {}
    debug = os.environ.get("FLASK_DEBUG", "").lower() in {"1", "true", "yes"}
    settings = {
        "DEBUG": debug,
        "TESTING": False,
        "SECRET_KEY": os.environ.get("SECRET_KEY", ""),
        "SQLALCHEMY_DATABASE_URI": database_url(instance_path),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "BABEL_DEFAULT_LOCALE": "zh_Hans_CN",
        "BABEL_DEFAULT_TIMEZONE": "Asia/Shanghai",
        "LANGUAGES": {"zh_Hans_CN": "中文", "en": "English"},
        "BOOTSTRAP_SERVE_LOCAL": True,
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": False,
        # Failed sign-ins (web and API token) counted per account over all addresses (high, so
        # that a stranger cannot lock an owner out), per account from one address, per address.
        "LOGIN_LIMIT_PER_ACCOUNT": os.environ.get("LOGIN_LIMIT_PER_ACCOUNT", "50 per hour"),
        "LOGIN_LIMIT_PER_ACCOUNT_ADDRESS": os.environ.get(
            "LOGIN_LIMIT_PER_ACCOUNT_ADDRESS", "5 per 15 minutes"
        ),
        "LOGIN_LIMIT_PER_ADDRESS": os.environ.get("LOGIN_LIMIT_PER_ADDRESS", "30 per 15 minutes"),
        # Password reset codes asked for (SMS) per phone number, and asked for or tried per address.
        "RESET_LIMIT_PER_PHONE": os.environ.get("RESET_LIMIT_PER_PHONE", "3 per hour"),
        "RESET_LIMIT_PER_ADDRESS": os.environ.get("RESET_LIMIT_PER_ADDRESS", "10 per hour"),
        "REGISTER_LIMIT_PER_ADDRESS": os.environ.get("REGISTER_LIMIT_PER_ADDRESS", "20 per hour"),
        "MAX_CONTENT_LENGTH": int(os.environ.get("MAX_CONTENT_LENGTH", 8 * 1024 * 1024)),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "PAGE_SIZE": 50,
        "TRUSTED_PROXIES": int(os.environ.get("TRUSTED_PROXIES", "0")),
        "UPLOAD_FOLDER": os.environ.get("UPLOAD_FOLDER", str(Path(instance_path) / "uploads")),
        # Where uploads are kept: files under UPLOAD_FOLDER, or "package.module:Class" (object storage).
        "UPLOAD_STORE": os.environ.get("UPLOAD_STORE", "portal.uploads:LocalStore"),
        # Text messages: "log" writes them to the log; "package.module:Class" is a real provider.
        "SMS_BACKEND": os.environ.get("SMS_BACKEND", "log"),
        # Email (Flask-Mailman): "console" prints; "smtp" sends through MAIL_SERVER.
        "MAIL_BACKEND": os.environ.get("MAIL_BACKEND", "console"),
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", "localhost"),
        "MAIL_PORT": int(os.environ.get("MAIL_PORT", "25")),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME"),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD"),
        "MAIL_USE_TLS": os.environ.get("MAIL_USE_TLS", "").lower() in {"1", "true", "yes"},
        "MAIL_DEFAULT_SENDER": os.environ.get("MAIL_DEFAULT_SENDER", "社区自治 <noreply@localhost>"),
    }
    settings.update(overrides)
    secure = os.environ.get("SESSION_COOKIE_SECURE", "1" if is_production(settings) else "0")
    settings.setdefault("SESSION_COOKIE_SECURE", secure.lower() in {"1", "true", "yes"})
    settings["REMEMBER_COOKIE_SECURE"] = settings["SESSION_COOKIE_SECURE"]
    # Public pages are kept this long for anonymous visitors (see portal/page_cache.py); off
    # where pages must show every change at once (development, tests).
    cache_default = "10" if is_production(settings) else "0"
    settings.setdefault(
        "PUBLIC_PAGE_CACHE_SECONDS", int(os.environ.get("PUBLIC_PAGE_CACHE_SECONDS", cache_default))
    )
    if not settings["SECRET_KEY"] and not is_production(settings):
        settings["SECRET_KEY"] = DEV_SECRET_KEY
    check_secret_key(settings)
    if is_production(settings) and settings["RATELIMIT_STORAGE_URI"].startswith("memory://"):
        logging.getLogger(__name__).warning(
            "RATELIMIT_STORAGE_URI is memory://: each worker process counts failed logins on its own."
            " Set it to redis://… when running several workers."
        )
    return settings


def check_secret_key(settings: dict) -> None:
    """Refuse to run in production without a strong SECRET_KEY."""
    if not is_production(settings):
        return
    key = settings.get("SECRET_KEY") or ""
    if len(key) < MIN_SECRET_KEY_LENGTH or key == DEV_SECRET_KEY:
        raise ConfigError(
            "SECRET_KEY must be set to a random string of at least "
            f"{MIN_SECRET_KEY_LENGTH} characters in production, for example:\n"
            "  export SECRET_KEY=\"$(python3 -c 'import secrets; print(secrets.token_hex(32))')\"\n"
            "For local development set FLASK_DEBUG=1 instead."
        )
