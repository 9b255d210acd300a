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


def test_a_reading_request_that_must_write_takes_the_lock_from_then_on(app, world, db, sqlite_only):
    from portal.unit_of_work import may_write, start_writing

    seen = []

    def before(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    with app.test_request_context("/", method="GET"), app.app_context():
        event.listen(db.engine, "before_cursor_execute", before)
        try:
            compound = db.session.get(Compound, world.compound_a.id)
            read = list(seen)
            assert not may_write()
            start_writing()
            assert may_write()
            compound.name = "读后要写"  # what was read is still loaded: no statement before the write
            db.session.commit()
        finally:
            event.remove(db.engine, "before_cursor_execute", before)
    assert read[0] == "BEGIN" and read[1].startswith("SELECT")
    assert seen[len(read) :] == ["BEGIN IMMEDIATE", "UPDATE compounds SET name=? WHERE compounds.id = ?"]
    db.session.rollback()
    assert db.session.get(Compound, world.compound_a.id).name == "读后要写"


@pytest.mark.parametrize(
    "who, begins", [("complainant", ["BEGIN"]), ("mediator", ["BEGIN", "BEGIN IMMEDIATE"])]
)
def test_only_the_staff_who_are_audited_wait_for_the_lock_on_a_case_page(
    app, client, world, db, sqlite_only, who, begins
):
    """A complainant reading their own case does not queue behind the writers; the station's
    staff, whose every view is audited, take the write lock before the audit record."""
    from portal.audit import AuditRecord
    from portal.mediation import services
    from portal.mediation.models import Category, Respondent
    from portal.registration.services import claim_unit
    from tests.conftest import login, make_user
    from tests.meetings import unit_named

    owner = make_user("13600000099", "读者")
    claim_unit(owner, unit_named(world.compound_a, "1号楼", "101"), "CERT")
    complaint = services.file_complaint(
        owner,
        world.compound_a,
        category=Category.REPAIRS,
        respondent=Respondent.PROPERTY_COMPANY,
        description="三号楼楼道的灯已经坏了一个多月。",
        mediation_consent=True,
        files=(),
    )
    db.session.commit()
    path = f"/mediation/complaints/{complaint.id}"
    login(client, owner if who == "complainant" else world.mediator)
    seen = []

    def before(conn, cursor, statement, parameters, context, executemany):
        seen.append(statement)

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        assert client.get(path).status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", before)
    assert [s for s in seen if s.startswith("BEGIN")] == begins
    viewed = db.session.scalars(select(AuditRecord).where(AuditRecord.action == "complaint_viewed")).all()
    assert len(viewed) == (1 if who == "mediator" else 0)


def test_writers_take_turns_through_a_file_lock_held_until_their_transaction_ends(
    app, world, db, sqlite_only
):
    """Writers wait for their turn on a file lock beside the database (looked at every half
    millisecond) rather than in SQLite's busy handler, whose sleeps grow to 100 ms."""
    import fcntl

    lock_path = f"{db.engine.url.database}-writers.lock"

    def free() -> bool:
        with open(lock_path, "ab") as other:
            try:
                fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                return False
            fcntl.flock(other, fcntl.LOCK_UN)
            return True

    with app.test_request_context("/", method="GET"), app.app_context():
        db.session.get(Compound, world.compound_a.id)
        assert free()  # a reader takes no turn
        db.session.rollback()
    with app.test_request_context("/", method="POST"), app.app_context():
        db.session.get(Compound, world.compound_a.id).name = "轮到我写"
        assert not free()
        db.session.commit()
        assert free()  # the turn ends with the transaction
