"""Display preferences (language, large text), kept in their own long-lived cookies so that
choosing them never extends a signed-in session."""

from __future__ import annotations

from flask import Response, current_app, has_request_context, request

LANGUAGE_COOKIE = "lang"
LARGE_TEXT_COOKIE = "large_text"
ONE_YEAR = 365 * 24 * 3600


def language() -> str:
    """The language chosen with the switch, else the default (Chinese)."""
    chosen = request.cookies.get(LANGUAGE_COOKIE) if has_request_context() else None
    if chosen in current_app.config["LANGUAGES"]:
        return chosen
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def large_text() -> bool:
    """Whether the visitor asked for large text."""
    return has_request_context() and request.cookies.get(LARGE_TEXT_COOKIE) == "1"


def remember(response: Response, name: str, value: str) -> Response:
    """Keep a preference for a year, with the same cookie protections as the session."""
    response.set_cookie(
        name,
        value,
        max_age=ONE_YEAR,
        httponly=True,
        samesite="Lax",
        secure=current_app.config["SESSION_COOKIE_SECURE"],
    )
    return response
