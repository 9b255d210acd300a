"""Flask extensions, created unbound and initialised by `create_app`."""

import fcntl
import sqlite3
import time

from flask_babel import Babel
from flask_bootstrap import Bootstrap5
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_mailman import Mail
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect
from sqlalchemy import MetaData, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.pool import Pool

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base with a stable constraint naming convention."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
bootstrap = Bootstrap5()
mail = Mail()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


@event.listens_for(Engine, "connect")
def _sqlite_manual_transactions(dbapi_connection, connection_record):
    """Let SQLAlchemy, not the pysqlite driver, begin SQLite transactions, so that SAVEPOINTs
    nest inside the request's transaction and a rollback undoes everything (SQLAlchemy's
    documented recipe for pysqlite)."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.isolation_level = None
        # Readers then never block the writer (a read transaction now lasts until the end).
        dbapi_connection.execute("PRAGMA journal_mode=WAL")


@event.listens_for(Engine, "begin")
def _sqlite_begin(connection):
    """A request that may write (see `unit_of_work.may_write`) takes SQLite's write lock when
    its transaction begins (waiting up to the driver's 5 s busy timeout for another writer).
    A deferred transaction that read first would otherwise fail with "database is locked" at
    its first write whenever another worker committed in between, since its snapshot could no
    longer be upgraded."""
    if connection.dialect.name == "sqlite":
        from portal.unit_of_work import may_write

        if may_write():
            _take_writers_turn(connection)
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        else:
            connection.exec_driver_sql("BEGIN")


#: How long a writer waits for its turn before going ahead anyway (SQLite's own 5 s busy timeout
#: then applies), and how often it looks.
WRITERS_TURN_SECONDS = 5.0
WRITERS_TURN_POLL = 0.0005


def _take_writers_turn(connection) -> None:
    """Writers of one SQLite database take turns through a file lock beside it before they ask
    for SQLite's write lock. SQLite's own wait (its busy handler) sleeps longer and longer
    between tries, up to 100 ms, while the worker that just committed takes the lock again at
    once for its next request: under load a writer could wait for many others' turns, which
    made the votes' p99 several times their median (bench/README.md). The file lock is looked
    at every half millisecond and held until the connection goes back to the pool."""
    path = connection.engine.url.database
    info = connection.info
    if not path or path == ":memory:" or info.get("writers_turn"):
        return
    lock = info.get("writers_lock")
    if lock is None:
        lock = info["writers_lock"] = open(f"{path}-writers.lock", "ab")  # noqa: SIM115 (kept open)
    deadline = time.monotonic() + WRITERS_TURN_SECONDS
    while True:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            if time.monotonic() >= deadline:
                return
            time.sleep(WRITERS_TURN_POLL)
        else:
            info["writers_turn"] = True
            return


@event.listens_for(Pool, "checkin")
def _end_writers_turn(dbapi_connection, connection_record) -> None:
    """The request is over (its transaction committed or rolled back): the next writer's turn."""
    info = connection_record.info
    if info.pop("writers_turn", False):
        fcntl.flock(info["writers_lock"], fcntl.LOCK_UN)
