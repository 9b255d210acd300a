"""Running service calls at the same moment in separate threads, each with its own database
session and request context, as two workers would."""

from __future__ import annotations

import threading
from collections.abc import Callable

from portal.errors import DomainError
from portal.extensions import db


def race(app, *actions: Callable[[], object], before: Callable[[], None] | None = None) -> list[str]:
    """Run each action in its own thread, started together; each commits on success. Returns
    "ok" or "refused: <message>" (a DomainError) or the name of any other exception, in order."""
    outcomes: list[str] = [""] * len(actions)
    barrier = threading.Barrier(len(actions))

    def run(index: int, action: Callable[[], object]) -> None:
        with app.app_context(), app.test_request_context(method="POST"):
            try:
                if before:
                    before()
                barrier.wait()
                action()
                db.session.commit()
                outcomes[index] = "ok"
            except DomainError as error:
                db.session.rollback()
                outcomes[index] = f"refused: {error.message}"
            except Exception as error:
                db.session.rollback()
                outcomes[index] = type(error).__name__
            finally:
                db.session.remove()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


def detail(app, action) -> str:
    """Run one action in a thread like `race` and return the full error text (for debugging)."""
    import traceback

    result = []

    def run():
        with app.app_context(), app.test_request_context(method="POST"):
            try:
                action()
                db.session.commit()
                result.append("ok")
            except Exception:
                result.append(traceback.format_exc())
                db.session.rollback()
            finally:
                db.session.remove()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    return result[0]
