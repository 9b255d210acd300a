"""Display preferences (language, large text), kept in their own long-lived cookies so that
choosing them never extends a signed-in session."""

from __future__ import annotations

from flask import Response, current_app, has_request_context, request

LANGUAGE_COOKIE = "lang"
LARGE_TEXT_COOKIE = "large_text"
ONE_YEAR = 365 * 24 * 3600


def language() -> str:
    """The language chosen with the switch (API clients: their Accept-Language), else the
    default (Chinese)."""
    default = current_app.config["BABEL_DEFAULT_LOCALE"]
    if not has_request_context():
        return default
    if request.path.startswith("/api/"):
        best = request.accept_languages.best_match(["zh", "en"])
        return "en" if best == "en" else default
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    return chosen if chosen in current_app.config["LANGUAGES"] else default


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
