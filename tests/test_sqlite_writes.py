"""Two requests that read, then write, in two workers at once: on SQLite the second must wait for
the first instead of failing with "database is locked" (issue found by bench/run.py)."""

import threading
import time

import pytest
from sqlalchemy import event, select

from portal.places.models import Compound


@pytest.fixture
def sqlite_only(db):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("SQLite's locking only")


def statements_in(app, db, method: str) -> list[str]:
    seen = []

    def before(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        with app.test_request_context("/", method=method), app.app_context():
            db.session.scalar(select(Compound.id))
            db.session.rollback()
    finally:
        event.remove(db.engine, "before_cursor_execute", before)
    return seen


def test_only_requests_that_may_write_take_the_write_lock(app, world, db, sqlite_only):
    assert statements_in(app, db, "POST")[0] == "BEGIN IMMEDIATE"
    assert statements_in(app, db, "GET")[0] == "BEGIN"


def test_two_writing_requests_read_then_write_without_failing(app, world, db, sqlite_only):
    compound_id = world.compound_a.id
    first_has_read = threading.Event()
    failures = []

    def request(name: str, pause: float, wait_for: threading.Event | None):
        try:
            with app.test_request_context("/", method="POST"), app.app_context():
                if wait_for is not None:
                    wait_for.wait(5)
                compound = db.session.get(Compound, compound_id)  # read ...
                first_has_read.set()
                time.sleep(pause)
                compound.name = name  # ... then write
                db.session.commit()
        except Exception as error:
            failures.append(error)

    slow = threading.Thread(target=request, args=("先读后写", 0.3, None))
    quick = threading.Thread(target=request, args=("后到先写", 0.0, first_has_read))
    slow.start()
    quick.start()
    slow.join()
    quick.join()
    assert failures == []
    db.session.rollback()
    assert db.session.get(Compound, compound_id).name == "后到先写"  # it waited for the first
