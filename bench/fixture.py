"""The benchmark database: compounds with rosters, owners and claims, the first compound's
life (a meeting open for voting, notices, volunteering and the newer capabilities' rows), and
the people the pages are requested as, signed in the way the login does it."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.capability_rows import MEDIATOR_PHONE  # noqa: E402
from bench.pages import (  # noqa: E402
    ADMIN_PHONE,
    COMMITTEE_PHONE,
    NOTICES,
    OWNER_PHONE,
    PASSWORD,
    SESSIONS,
    VOTERS,
)


def build_database(url: str, compounds: int, units: int) -> dict:
    """Create the schema with the migrations and fill it; returns the ids the pages need."""
    from flask_migrate import upgrade
    from sqlalchemy import insert
    from werkzeug.security import generate_password_hash

    from bench.roster_import import make_roster
    from portal import create_app
    from portal.auth.models import Role, User
    from portal.auth.services import grant_role, register_user
    from portal.extensions import db
    from portal.places.models import Unit
    from portal.places.roster import import_roster
    from portal.places.services import ensure_compound
    from portal.registration.models import ClaimStatus, UnitClaim

    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        upgrade()
        shared_hash = generate_password_hash(PASSWORD)
        fixture = {}
        for n in range(compounds):
            compound = ensure_compound(f"基准小区{n + 1:03d}", f"基准社区{n // 4 + 1}", "基准街道")
            import_roster(compound, make_roster(units, seed=n))
            unit_ids = db.session.scalars(db.select(Unit.id).where(Unit.compound_id == compound.id)).all()
            prefix = f"137{n:03d}" if compounds > 100 else f"137{n:02d}"
            digits = 11 - len(prefix)
            users = [
                {
                    "phone": f"{prefix}{k:0{digits}d}",
                    "name": f"业主{n}-{k}",
                    "password_hash": shared_hash,
                    "active": True,
                }
                for k in range(len(unit_ids) * 6 // 10)
            ]
            db.session.execute(insert(User), users)
            user_ids = db.session.scalars(
                db.select(User.id).where(User.phone.like(f"{prefix}%")).order_by(User.id)
            ).all()
            claims = [
                {
                    "user_id": user_id,
                    "unit_id": unit_id,
                    "compound_id": compound.id,
                    "certificate_no": f"CERT{unit_id}",
                    "status": ClaimStatus.PENDING if k % 10 == 0 else ClaimStatus.VERIFIED,
                    "reason": "",
                }
                for k, (user_id, unit_id) in enumerate(zip(user_ids, unit_ids, strict=False))
            ]
            db.session.execute(insert(UnitClaim), claims)
            if n == 0:
                committee = register_user(COMMITTEE_PHONE, "基准委员", PASSWORD)
                grant_role(committee, Role.COMMITTEE, compound)
                admin = register_user(ADMIN_PHONE, "基准管理员", PASSWORD)
                grant_role(admin, Role.ADMIN)
                fixture = {"compound": compound.id, **first_compound(compound, committee)}
            db.session.commit()
        if db.engine.dialect.name == "postgresql":
            # After a bulk load, what autovacuum does in production (it is off on some machines,
            # this one included): the planner's statistics, and the visibility map and hint bits,
            # without which the first reads of every row write (and are checkpointed during the
            # runs) and index-only scans visit the table anyway.
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.exec_driver_sql("VACUUM ANALYZE")
        db.engine.dispose()
    return fixture


def first_compound(compound, committee) -> dict:
    """The first compound's life: a meeting open for voting (with one owner's receipt),
    notices on its board, a volunteering activity with sessions and a few sign-ups, and the
    newer capabilities' rows (bench/capability_rows.py: an election open for voting, a
    mediation queue, forum topics, a published month of the ledger)."""
    from bench.capability_rows import add_rows
    from portal.assembly.services import cast_online, read_choices
    from portal.auth.models import User
    from portal.extensions import db
    from portal.notices.models import NoticeCategory
    from portal.notices.services import publish_notice
    from portal.volunteering.models import Category
    from portal.volunteering.services import SessionDraft, create_activity, sign_up

    meeting = open_meeting(compound, committee)
    owner = db.session.scalar(db.select(User).where(User.phone == OWNER_PHONE))
    cast_online(meeting, owner, read_choices(meeting, {item.id: "agree" for item in meeting.items}))
    notices = [
        publish_notice(
            compound,
            title=f"基准通知{k}",
            body="停水通知：明日上午九时至十二时，请提前储水。\n\n" * 5,
            category=NoticeCategory.DECISION,
            publisher=committee,
        )
        for k in range(NOTICES)
    ]
    tomorrow = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=2)
    activity = create_activity(
        compound=compound,
        title="基准志愿巡逻",
        category=Category.ENVIRONMENT,
        place="小区东门",
        sessions=[
            SessionDraft(tomorrow + timedelta(days=k), tomorrow + timedelta(days=k, hours=2), 1000)
            for k in range(SESSIONS)
        ],
        signup_closes_at=tomorrow,
        cancel_closes_at=tomorrow,
        actor=committee,
    )
    sign_up(activity.sessions[0], owner)
    newer = add_rows(compound, committee, owner, PASSWORD, datetime.now(UTC))
    return {
        **newer,
        "meeting": meeting.id,
        "items": [item.id for item in meeting.items],
        "notice": notices[-1].id,
        "activity": activity.id,
        "session": [session.id for session in activity.sessions[1:]],
        "first_session": activity.sessions[0].id,
    }


def open_meeting(compound, committee):
    """A meeting of the compound whose voting is open now (notice published 16 days ago)."""
    from portal.assembly.models import MeetingForm, MeetingKind
    from portal.assembly.rules import Matter
    from portal.assembly.services import ItemDraft, create_meeting, publish

    now = datetime.now(UTC)
    meeting = create_meeting(
        compound,
        title="基准会议",
        kind=MeetingKind.REGULAR,
        form=MeetingForm.WRITTEN,
        opens_at=now - timedelta(days=1),
        closes_at=now + timedelta(days=9),
        items=[ItemDraft(f"议题{n}", "", Matter.COVENANT) for n in range(1, 4)],
        actor=committee,
    )
    publish(meeting, actor=committee, now=now - timedelta(days=16))
    return meeting


@dataclass
class Identity:
    """How one signed-in person's requests are made: the portal's session cookie with its CSRF
    token, a bearer token for the API, and the anchors' cookie."""

    user_id: int
    cookie: str = ""
    csrf: str = ""
    bearer: str = ""
    anchor_cookie: str = ""
    anchor_csrf: str = ""


def sign_people_in(url: str, secret: str, fixture: dict) -> dict[str, list[Identity]]:
    """Open server-side sessions and API tokens for the people the pages are measured as, the
    way signing in does (without paying the password hash for each of them)."""
    from flask import g, session
    from flask_login import login_user
    from flask_wtf.csrf import generate_csrf

    from bench import anchor
    from portal import create_app

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": secret, "SESSION_COOKIE_SECURE": False})
    from portal.api.services import issue_token
    from portal.assembly.models import Meeting
    from portal.auth.models import User
    from portal.auth.sessions import open_session
    from portal.electorate import DEVELOPER_OWNER_KEY, ElectorateGroup, ElectorateHolder
    from portal.extensions import db

    serializer = app.session_interface.get_signing_serializer(app)
    anchor.app.secret_key = secret

    def identity(user: User, group_id: int | None = None) -> Identity:
        with app.test_request_context("/", environ_base={"REMOTE_ADDR": "127.0.0.1"}):
            open_session(user)
            login_user(user)
            g.pop("csrf_token", None)  # cached in the app context, which every sign-in shares
            csrf = generate_csrf()
            cookie = f"{app.config['SESSION_COOKIE_NAME']}={serializer.dumps(dict(session))}"
            bearer, _ = issue_token(user)
        anchor_cookie, anchor_csrf = anchor.session_cookie(user.id, group_id)
        return Identity(user.id, cookie, csrf, bearer, anchor_cookie, anchor_csrf)

    with app.app_context():
        one = {
            phone: db.session.scalar(db.select(User).where(User.phone == phone))
            for phone in (OWNER_PHONE, COMMITTEE_PHONE, ADMIN_PHONE, MEDIATOR_PHONE)
        }
        # The owners of the meeting's frozen electorate, each once (the election open in the same
        # compound has an electorate of its own, with the same people).
        electorate_id = db.session.get(Meeting, fixture["meeting"]).electorate_id
        groups = db.session.execute(
            db.select(User, ElectorateHolder.group_id)
            .join(ElectorateHolder, ElectorateHolder.user_id == User.id)
            .join(ElectorateGroup, ElectorateGroup.id == ElectorateHolder.group_id)
            .where(ElectorateGroup.electorate_id == electorate_id)
            .where(ElectorateGroup.owner_key != DEVELOPER_OWNER_KEY)  # the developer votes by proxy
            .order_by(User.id)
            .limit(VOTERS)
        ).all()
        people = {
            "owner": [identity(one[OWNER_PHONE])],
            "committee": [identity(one[COMMITTEE_PHONE])],
            "admin": [identity(one[ADMIN_PHONE])],
            "mediator": [identity(one[MEDIATOR_PHONE])],
            "owners": [identity(user, group_id) for user, group_id in groups],
        }
        db.session.commit()
        db.engine.dispose()
    people["api-owners"] = people["owners"]
    return people
