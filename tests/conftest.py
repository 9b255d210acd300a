"""Fixtures: the app on SQLite (default) or PostgreSQL (DATABASE_URL), a world of places,
and one user per role, plus Fred, a committee member of another compound who tries what he
must not."""

from __future__ import annotations

import os
import uuid
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from flask import has_app_context
from flask.testing import FlaskClient
from sqlalchemy import create_engine, event, text
from werkzeug.security import generate_password_hash

from portal import create_app
from portal.auth import throttle
from portal.auth.models import Role, User
from portal.auth.services import grant_role
from portal.extensions import db as _db
from portal.extensions import limiter
from portal.places.models import Community, Compound, StreetOffice
from portal.places.roster import import_roster

#: Fixtures of meetings (owners, new_meeting) serve the assembly's and the ground floor's tests.
pytest_plugins = ["tests.meetings"]

PASSWORD = "Secret123pass"
ROSTER = (
    "building,unit,area_m2,area_source,owner_key,owner_name,owner_phone,status\n"
    "1号楼,101,80.50,registered,A1,张三,13800000011,delivered\n"
    "1号楼,102,60.25,surveyed,A1,张三,13800000011,delivered\n"
    "1号楼,201,75.00,,B2,李四,,\n"
    "2号楼,101,90.00,contract,C3,王五,,delivered\n"
    "2号楼,102,88.88,,,,,unsold\n"
    "2号楼,201,70.12,,,,,undelivered\n"
).encode()


def _is_postgres(url: str) -> bool:
    return url.startswith("postgresql")


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """A fresh SQLite file, or a fresh schema in the PostgreSQL database of DATABASE_URL."""
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
        return
    from portal.config import database_url as normalise

    url = normalise("")
    schema = f"test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    yield f"{url}{'&' if '?' in url else '?'}options=-csearch_path%3D{schema}"
    with admin.connect() as connection:
        connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    admin.dispose()


class RequestClient(FlaskClient):
    """A test client whose every request runs in its own application context, as in
    production: `g`, the locale and the database session are not shared with the test body."""

    def open(self, *args, **kwargs):
        if has_app_context():
            _db.session.commit()  # end the test body's transaction, as a finished request would
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        if has_app_context():
            _db.session.expire_all()  # the test body then reads what the request wrote
        return response


@pytest.fixture(scope="session")
def app(database_url, tmp_path_factory):
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": database_url,
            "WTF_CSRF_ENABLED": False,
            "SERVER_NAME": "portal.test",
            "PAGE_SIZE": 20,
            "UPLOAD_FOLDER": str(tmp_path_factory.mktemp("uploads")),
            "MAIL_BACKEND": "locmem",
        }
    )
    app.test_client_class = RequestClient
    with app.app_context():
        _db.create_all()
    yield app
    with app.app_context():
        _db.session.remove()
        _db.drop_all()
        _db.engine.dispose()


@pytest.fixture
def db(app):
    """The database, emptied after each test."""
    with app.app_context():
        yield _db
        _db.session.rollback()
        _db.session.remove()
        with _db.engine.begin() as connection:
            for table in reversed(_db.metadata.sorted_tables):
                connection.execute(table.delete())
        limiter.reset()
        throttle.reset()


@pytest.fixture
def client(app, db):
    return app.test_client()


#: A cheap hash of PASSWORD, so that fixtures do not spend seconds on scrypt.
_PASSWORD_HASH = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")


def make_user(phone: str, name: str = "测试用户", password: str = PASSWORD) -> User:
    user = User(phone=phone, name=name, password_hash=_PASSWORD_HASH)
    if password != PASSWORD:
        user.set_password(password)
    _db.session.add(user)
    _db.session.flush()
    return user


@dataclass
class World:
    """Two street offices; community 南关 has compounds A (with a committee) and C (without);
    community 西关 has compound B (with a committee)."""

    office: StreetOffice
    other_office: StreetOffice
    community: Community
    other_community: Community
    compound_a: Compound
    compound_b: Compound
    compound_c: Compound
    admin: User
    committee: User
    fred: User
    staff: User
    mediator: User
    resident: User


@pytest.fixture
def world(db) -> World:
    office = StreetOffice(name="南关街道办事处", district="魏都区")
    other_office = StreetOffice(name="西关街道办事处", district="魏都区")
    community = Community(name="南关社区", street_office=office)
    other_community = Community(name="西关社区", street_office=other_office)
    a = Compound(name="文宴雅居", community=community)
    c = Compound(name="延中小区", community=community)
    b = Compound(name="三国苑", community=other_community)
    db.session.add_all([office, other_office, community, other_community, a, b, c])
    db.session.flush()
    for compound in (a, b, c):
        import_roster(compound, ROSTER)
    users = {
        "admin": make_user("13900000001", "管理员"),
        "committee": make_user("13900000002", "业委会委员"),
        "fred": make_user("13900000003", "别的小区委员"),
        "staff": make_user("13900000004", "社区工作人员"),
        "mediator": make_user("13900000005", "调解员"),
        "resident": make_user("13900000006", "居民"),
    }
    grant_role(users["admin"], Role.ADMIN)
    grant_role(users["committee"], Role.COMMITTEE, a)
    grant_role(users["fred"], Role.COMMITTEE, b)
    grant_role(users["staff"], Role.COMMUNITY_STAFF, community)
    grant_role(users["mediator"], Role.MEDIATOR, office)
    db.session.commit()
    return World(office, other_office, community, other_community, a, b, c, **users)


def login(client, user: User | None) -> None:
    """Sign `user` in by opening a server-side session for them and putting its key in the
    cookie (the login form has its own tests)."""
    from portal.auth.sessions import open_session

    key = None
    if user is not None:
        key = open_session(user)
        _db.session.commit()
    with client.session_transaction() as session:
        session.clear()
        if key is not None:
            session["_user_id"] = key
            session["_fresh"] = True


@contextmanager
def count_queries(engine):
    """Count the SQL statements run inside the block: `with count_queries(e) as n: ...; n()`."""
    statements = []

    def before(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield lambda: len(statements)
    finally:
        event.remove(engine, "before_cursor_execute", before)


@pytest.fixture
def bearer(db):
    """Headers that sign a user in to the API: bearer(user)."""
    from portal.api.services import issue_token

    def make(user):
        token, _ = issue_token(user)
        db.session.commit()
        return {"Authorization": f"Bearer {token}"}

    return make


@pytest.fixture
def postgres_only(db):
    """Skip on SQLite, where writers take the database lock at their first read."""
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL's row locking only")


@pytest.fixture
def ids(world, db):
    """The objects an access table's URLs name (see tests/access.py); tables override it."""
    from tests.access import base_ids

    return base_ids(world, db)
