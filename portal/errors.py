"""Domain errors and the friendly error pages."""

from __future__ import annotations

from flask import Flask, render_template
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
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
    413: (_l("File too large"), _l("The file you sent is too large.")),
    429: (_l("Too many attempts"), _l("Too many attempts. Please wait a few minutes and try again.")),
    500: (_l("Something went wrong"), _l("An error occurred on our side. Please try again later.")),
}


OTHER_ERROR = (
    _l("Request not possible"),
    _l("This request cannot be handled. Please go back and try again."),
)


def render_error(code: int, message=None):
    title, default_message = ERROR_PAGES.get(code, OTHER_ERROR)
    page = render_template("errors/error.html", code=code, title=title, message=message or default_message)
    return page, code


def register_error_handlers(app: Flask) -> None:
    """Answer errors with translated pages in the site's layout."""
    from portal.extensions import db

    def handler(code: int):
        def handle(error):
            db.session.rollback()  # nothing of a failed request is kept; the page may query
            return render_error(code)

        return handle

    for code in ERROR_PAGES:
        app.register_error_handler(code, handler(code))

    @app.errorhandler(HTTPException)
    def other_http_error(error: HTTPException):
        """Every other HTTP error (405, 410, …) in the same translated page."""
        db.session.rollback()
        return render_error(error.code or 500)

    @app.errorhandler(CSRFError)
    def csrf_error(error):
        return render_error(400, _l("Your form expired or was sent from elsewhere. Please try again."))
