"""Flask extensions, created unbound and initialised by `create_app`."""

import sqlite3

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

        connection.exec_driver_sql("BEGIN IMMEDIATE" if may_write() else "BEGIN")
