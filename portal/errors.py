"""Domain errors and the friendly error pages."""

from __future__ import annotations

from flask import Flask, current_app, has_request_context, jsonify, make_response, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError, StatementError
from werkzeug.exceptions import HTTPException


class DomainError(Exception):
    """A business rule refused an action; `message` is translated text for the user."""

    def __init__(self, message, *, details: list | None = None):
        super().__init__(str(message))
        self.message = message
        self.details = details or []


class ConflictError(DomainError):
    """The action collides with something already recorded (e.g. a second ballot)."""


ERROR_PAGES = {
    400: (_l("Bad request"), _l("The request could not be understood. Please go back and try again.")),
    403: (_l("Not allowed"), _l("You do not have permission to open this page.")),
    404: (_l("Page not found"), _l("The page you asked for does not exist or is not visible to you.")),
    413: (_l("File too large"), _l("The file you sent is too large: at most %(mb)s MB.")),
    429: (_l("Too many attempts"), _l("Too many attempts. Please wait a few minutes and try again.")),
    500: (_l("Something went wrong"), _l("An error occurred on our side. Please try again later.")),
    503: (
        _l("Something went wrong"),
        _l("The service is unavailable for a moment. Please try again in a few minutes."),
    ),
}
#: Server errors: their page is rendered without the database (which may be what failed).
SERVER_ERRORS = frozenset({500, 503})


OTHER_ERROR = (
    _l("Request not possible"),
    _l("This request cannot be handled. Please go back and try again."),
)


ERROR_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    422: "invalid",
    429: "too_many_requests",
    500: "server_error",
    503: "unavailable",
}
OTHER_ERROR_PAGES = {
    401: (_l("Sign-in needed"), _l("A valid sign-in is needed for this request.")),
    409: (_l("Conflict"), _l("This conflicts with something already recorded.")),
    422: (_l("Invalid data"), _l("Some of the data sent is not valid.")),
}


def is_api_request() -> bool:
    return has_request_context() and request.path.startswith("/api/")


def render_error(code: int, message=None, fields: dict | None = None):
    """The error as a translated page, or as JSON `{"error", "message", "fields"}` for the API."""
    title, default_message = ERROR_PAGES.get(code) or OTHER_ERROR_PAGES.get(code, OTHER_ERROR)
    if is_api_request():
        body = {"error": ERROR_CODES.get(code, "error"), "message": str(message or default_message)}
        body["fields"] = fields or {}
        return jsonify(body), code
    if code == 413:
        default_message = default_message % {"mb": current_app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)}
    if code in SERVER_ERRORS:
        return _server_error_page(code, title, message or default_message)
    page = render_template("errors/error.html", code=code, title=title, message=message or default_message)
    return page, code


def _server_error_page(code: int, title, message):
    """A page that needs no database: the user is not loaded for it (if not loaded yet), and
    its template has no navigation that would read the user or their grants."""
    from flask import g
    from flask_login import AnonymousUserMixin

    if "_login_user" not in g:
        g._login_user = AnonymousUserMixin()
    return render_template("errors/server_error.html", code=code, title=title, message=message), code


def register_error_handlers(app: Flask) -> None:
    """Answer errors with translated pages in the site's layout."""
    from portal.auth.throttle import SignInPaused
    from portal.extensions import db

    def handler(code: int):
        def handle(error):
            db.session.rollback()  # nothing of a failed request is kept; the page may query
            return render_error(code, fields=_fields_of(error))

        return handle

    for code in ERROR_PAGES:
        app.register_error_handler(code, handler(code))

    @app.errorhandler(HTTPException)
    def other_http_error(error: HTTPException):
        """Every other HTTP error (401, 405, 409, 422, …) in the same translated form."""
        db.session.rollback()
        response = make_response(render_error(error.code or 500, fields=_fields_of(error)))
        allowed = getattr(error, "valid_methods", None)
        if allowed:  # 405 says which methods the URL takes
            response.headers["Allow"] = ", ".join(allowed)
        return response

    @app.errorhandler(SignInPaused)
    def sign_in_paused(error: SignInPaused):
        """Too many failed sign-ins: until when (Beijing time), and how to get in now."""
        from portal.formatting import local_time

        until = local_time(error.until)
        message = _l(
            "Too many failed sign-ins. Sign-in is paused until %(time)s (Beijing time). You can"
            " reset your password to sign in now.",
            time=until,
        )
        if is_api_request():
            response = make_response(render_error(429, message))
        else:
            response = make_response(render_template("auth/locked.html", until=until), 429)
        response.headers["Retry-After"] = str(error.retry_after)
        return response

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_error(400, _l("Your form expired or was sent from elsewhere. Please try again."))

    @app.errorhandler(DomainError)
    def refused(error: DomainError):
        """A refusal no view showed itself: nothing of the request is kept, and the rule's
        message is the answer (409 for a collision with something recorded, else 422)."""
        db.session.rollback()
        return render_error(409 if isinstance(error, ConflictError) else 422, error.message)

    @app.errorhandler(OperationalError)
    def database_unavailable(error: OperationalError):
        """The database cannot be reached: 503, with a page that does not need it."""
        app.logger.error("database unavailable: %s", error)
        db.session.rollback()
        return render_error(503)

    @app.errorhandler(OverflowError)
    def out_of_range(error: OverflowError):
        """A date or number outside what can be stored (e.g. a year-1 date moved to UTC)."""
        db.session.rollback()
        return render_error(422, _l("A date or number sent is out of range."))

    @app.errorhandler(StatementError)
    def unstorable(error: StatementError):
        """A value that could not be bound for the database because it is out of range (a
        year-1 date moved to UTC) is the client's error; anything else stays a server error."""
        db.session.rollback()
        if isinstance(error.orig, OverflowError) and not isinstance(error, DBAPIError):
            return render_error(422, _l("A date or number sent is out of range."))
        raise error

    @app.errorhandler(IntegrityError)
    def collided(error: IntegrityError):
        """A constraint refused the write at commit: something was recorded at the same moment."""
        db.session.rollback()
        return render_error(409, _l("This was recorded by someone else at the same moment. Please reload."))


def _fields_of(error) -> dict:
    """Field errors that request parsing attached to the exception (webargs/flask-smorest)."""
    messages = (getattr(error, "data", None) or {}).get("messages") or {}
    # webargs groups messages by location ("json", "query"); the client wants the fields.
    merged = {}
    for value in messages.values() if isinstance(messages, dict) else []:
        if isinstance(value, dict):
            merged.update(value)
    return merged
