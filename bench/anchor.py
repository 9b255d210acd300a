"""The hand-tuned anchors for bench/run.py: the same work as a portal page, done by hand.

A plain Flask app with SQLAlchemy Core (no ORM), one Jinja template compiled at import and no
extensions, served by bench/run.py with the portal's gunicorn settings, against the portal's own
tables in the benchmark database (so the rows are real) but none of the portal's code:

- `POST /vote` (the write anchor): reads the signed-in user by id, upserts one ballot row per
  agenda item of the benchmark meeting under the (item, owner group) unique constraint, inserts
  one audit row, commits and answers 303;
- `GET /queue` (the read anchor): reads the signed-in user, selects 50 claims of the compound
  with their owner and unit, and renders a table with two small forms (a hidden CSRF input and a
  button) per row.

The signed session cookie (Flask's own) carries the user's id, the owner group they vote for and
a CSRF token; bench/run.py mints it with `session_cookie`. The meeting's items and the compound
come from the environment (`ANCHOR_MEETING_ID`, `ANCHOR_ITEM_IDS`, `ANCHOR_COMPOUND_ID`).
"""

from __future__ import annotations

import hmac
import os
import secrets
import sys
from datetime import UTC, datetime

from flask import Flask, Response, abort, redirect, request, session
from jinja2 import Environment
from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    create_engine,
    event,
    select,
)
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

metadata = MetaData()
users = Table(
    "users",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("name", String),
    Column("active", Boolean),
)
units = Table("units", metadata, Column("id", Integer, primary_key=True), Column("name", String))
claims = Table(
    "unit_claims",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer),
    Column("unit_id", Integer),
    Column("compound_id", Integer),
    Column("certificate_no", String),
    Column("status", String),
)
ballots = Table(
    "ballots",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("meeting_id", Integer),
    Column("item_id", Integer),
    Column("group_id", Integer),
    Column("choice", String),
    Column("channel", String),
    Column("cast_by_id", Integer),
    Column("proxy_name", String),
    Column("receipt", String),
    Column("cast_at", DateTime),
    Column("void_reason", String),
)
audit_records = Table(
    "audit_records",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("created_at", DateTime),
    Column("actor_id", Integer),
    Column("action", String),
    Column("subject_type", String),
    Column("subject_id", Integer),
    Column("compound_id", Integer),
    Column("after", JSON),
)

URL = os.environ.get("DATABASE_URL", "sqlite://")
engine = create_engine(URL, pool_pre_ping=True)
SQLITE = engine.dialect.name == "sqlite"
upsert = sqlite_insert if SQLITE else postgresql_insert


@event.listens_for(engine, "connect")
def _sqlite_manual_transactions(dbapi_connection, _record):
    """The portal's SQLite settings: WAL, and transactions begun by SQLAlchemy (see `_begin`)."""
    if SQLITE:
        dbapi_connection.isolation_level = None
        dbapi_connection.execute("PRAGMA journal_mode=WAL")


@event.listens_for(engine, "begin")
def _begin(connection):
    """As the portal: a writing request takes SQLite's write lock when it begins. (When the
    portal is imported in the same process, as in bench/profile_pages.py, its own listener on
    every engine already does this.)"""
    if SQLITE and "portal.extensions" not in sys.modules:
        connection.exec_driver_sql("BEGIN IMMEDIATE" if request.method == "POST" else "BEGIN")


MEETING_ID = int(os.environ.get("ANCHOR_MEETING_ID", "0"))
ITEM_IDS = [int(n) for n in os.environ.get("ANCHOR_ITEM_IDS", "").split(",") if n]
COMPOUND_ID = int(os.environ.get("ANCHOR_COMPOUND_ID", "0"))
CHOICES = frozenset({"agree", "oppose", "abstain"})

QUEUE = Environment(autoescape=True).from_string(
    """<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>待审核</title></head><body>
<p>{{ user.name }}</p>
<table><thead><tr><th>业主</th><th>房屋</th><th>证号</th><th>状态</th><th></th></tr></thead><tbody>
{% for row in rows %}<tr><td>{{ row.name }}</td><td>{{ row.unit }}</td><td>{{ row.certificate_no }}</td>
<td>{{ row.status }}</td><td>
<form method="post" action="/claims/{{ row.id }}/verify"><input type="hidden" name="csrf_token" \
value="{{ token }}"><button type="submit">通过</button></form>
<form method="post" action="/claims/{{ row.id }}/reject"><input type="hidden" name="csrf_token" \
value="{{ token }}"><button type="submit">驳回</button></form></td></tr>
{% endfor %}</tbody></table></body></html>"""
)

app = Flask(__name__)
app.secret_key = os.environ.get("SECRET_KEY", "anchor")


def session_cookie(user_id: int, group_id: int | None = None) -> tuple[str, str]:
    """The signed session cookie (name=value) of a signed-in user, and its CSRF token."""
    token = secrets.token_hex(16)
    data = {"uid": user_id, "gid": group_id, "csrf": token}
    value = app.session_interface.get_signing_serializer(app).dumps(data)
    return f"{app.config['SESSION_COOKIE_NAME']}={value}", token


def _signed_in_user(connection):
    user_id = session.get("uid")
    if user_id is None:
        abort(401)
    user = connection.execute(
        select(users.c.id, users.c.name).where(users.c.id == user_id, users.c.active)
    ).first()
    if user is None:
        abort(401)
    return user


@app.get("/")
def hello():
    return "anchor"


@app.post("/vote")
def vote():
    """The write anchor: one ballot per agenda item for the user's owner group, and an audit row."""
    if not hmac.compare_digest(request.form.get("csrf_token", ""), session.get("csrf", "")):
        abort(400)
    choice = request.form.get("choice", "")
    if choice not in CHOICES:
        abort(400)
    now = datetime.now(UTC).replace(tzinfo=None)
    receipt = secrets.token_hex(5).upper()
    with engine.begin() as connection:
        user = _signed_in_user(connection)
        rows = [
            {
                "meeting_id": MEETING_ID,
                "item_id": item_id,
                "group_id": session["gid"],
                "choice": choice,
                "channel": "online",
                "cast_by_id": user.id,
                "proxy_name": "",
                "receipt": receipt,
                "cast_at": now,
                "void_reason": "",
            }
            for item_id in ITEM_IDS
        ]
        statement = upsert(ballots).values(rows)
        excluded = statement.excluded
        connection.execute(
            statement.on_conflict_do_update(
                index_elements=["item_id", "group_id"],
                set_={"choice": excluded.choice, "receipt": excluded.receipt, "cast_at": excluded.cast_at},
                where=ballots.c.channel == "online",
            )
        )
        connection.execute(
            audit_records.insert().values(
                created_at=now,
                actor_id=user.id,
                action="ballot_cast_online",
                subject_type="Meeting",
                subject_id=MEETING_ID,
                compound_id=COMPOUND_ID,
                after={"receipt": receipt, "choice": choice},
            )
        )
    return redirect(f"/receipt?code={receipt}", 303)


@app.get("/queue")
def queue():
    """The read anchor: 50 claims of the compound, each with its verify and reject forms."""
    with engine.connect() as connection:
        user = _signed_in_user(connection)
        rows = connection.execute(
            select(
                claims.c.id,
                claims.c.certificate_no,
                claims.c.status,
                users.c.name,
                units.c.name.label("unit"),
            )
            .join(users, users.c.id == claims.c.user_id)
            .join(units, units.c.id == claims.c.unit_id)
            .where(claims.c.compound_id == COMPOUND_ID, claims.c.status == "pending")
            .order_by(claims.c.id)
            .limit(50)
        ).all()
    html = QUEUE.render(user=user, rows=rows, token=session["csrf"])
    return Response(html, content_type="text/html; charset=utf-8")
