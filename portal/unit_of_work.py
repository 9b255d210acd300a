"""One transaction per request (the unit of work).

Views never commit or roll back. When a view returns normally, the request's transaction is
committed before the response leaves; when a business rule refuses the action (`DomainError`),
everything the request wrote is rolled back and the refusal is shown: on the form that was sent
(`refusal_shown_on`), as a flash (`carry_out`), as the error page, or as the API's JSON error.
Services flush; only this module commits for a request.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from flask import Flask, current_app, flash, g, has_request_context, request
from flask_wtf import FlaskForm
from wtforms import Field

from portal.errors import DomainError
from portal.extensions import db

#: Requests with these methods only read; any other request may write.
READING_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class PortalFlask(Flask):
    """Flask, with each request's work committed once when its view has returned."""

    def dispatch_request(self):
        response = super().dispatch_request()
        session = db.session()
        # The page is written by now: a reading request's objects need not be expired at commit
        # (marking each of them costs CPU and nothing reads them again).
        session.expire_on_commit = request.method not in READING_METHODS
        try:
            session.commit()
        finally:
            session.expire_on_commit = True
        return response


def roll_back() -> None:
    """Undo everything the request has written so far (after a refusal)."""
    db.session.rollback()


@contextmanager
def refusal_shown_on(form: FlaskForm, field: Field | None = None) -> Iterator[None]:
    """Run service calls; a refusal rolls the request back and is shown on the form (beside
    `field` when given), which keeps everything that was typed. Code after a refused call in
    the block does not run."""
    try:
        yield
    except DomainError as error:
        roll_back()
        form.refusal = error
        (field.errors if field is not None else form.form_errors).append(error.message)


def carry_out(action: Callable[[], object], success: str, category: str = "success") -> bool:
    """Run one service call for a POST button: flash `success`, or roll back and flash the
    refusal. Returns whether it was done (the request commits when the view returns)."""
    try:
        action()
    except DomainError as error:
        roll_back()
        flash(error.message, "danger")
        return False
    flash(success, category)
    return True


def writes(view: Callable) -> Callable:
    """Mark a GET view that always writes (e.g. marks a notification read), so that on SQLite it
    takes the write lock when its transaction begins, as every POST does. A view that writes for
    some viewers only calls `start_writing` when it must."""
    view.writes = True
    return view


def writes_when(condition: Callable[[], bool]) -> Callable:
    """Mark a GET view that writes only on some requests (e.g. only when a key is given, since
    only then may a private read have to be logged): it takes the write lock when `condition()`
    holds as its transaction begins, and reads without it otherwise."""

    def mark(view: Callable) -> Callable:
        view.writes = condition
        return view

    return mark


def start_writing() -> None:
    """A reading request that finds it must write after all (the station's staff opened a case,
    whose view is audited) calls this before its first write. On SQLite the reading transaction
    ends here and the next one takes the write lock (a deferred transaction could not be
    upgraded once another worker had committed); on PostgreSQL the request goes on in its
    transaction. Only the readers who write wait for SQLite's lock, not every reader of the page."""
    if not has_request_context() or may_write():
        return
    g.writing = True
    session = db.session()
    if session.in_transaction() and session.get_bind().dialect.name == "sqlite":
        session.expire_on_commit = False  # what was read stays loaded for the page
        try:
            session.commit()  # nothing written yet: this only ends the read snapshot
        finally:
            session.expire_on_commit = True


def may_write() -> bool:
    """Whether the current request may write: any method but GET/HEAD/OPTIONS, a view marked
    with `@writes`, or a reading request that has called `start_writing`."""
    if not has_request_context():
        return False
    if request.method not in READING_METHODS or g.get("writing"):
        return True
    view = current_app.view_functions.get(request.endpoint or "")
    marked = getattr(view, "writes", False)
    return bool(marked() if callable(marked) else marked)
