"""Server-side sessions: signing out ends the session and its remember cookie everywhere it
was copied; a password change ends the other sessions; deactivation ends them all; the profile
page lists the sessions and signs out one device."""

from datetime import timedelta

import time_machine
from sqlalchemy import event, func, select

from portal.auth.models import User
from portal.auth.sessions import UserSession
from portal.columns import utcnow
from tests.conftest import PASSWORD, make_user

PHONE = "13812345678"


def _sign_in(client, remember=False, agent="Mozilla/5.0 (Android 10; Mobile)"):
    data = {"phone": PHONE, "password": PASSWORD}
    if remember:
        data["remember"] = "y"
    response = client.post("/auth/login", data=data, headers={"User-Agent": agent})
    assert response.status_code == 302
    return response


def _copy_cookies(source, target, names=("session", "remember_token")):
    for name in names:
        cookie = source.get_cookie(name, domain="portal.test")
        if cookie is not None:
            target.set_cookie(name, cookie.value, domain="portal.test")


def test_signing_out_ends_a_copied_session_cookie(app, db):
    make_user(PHONE)
    db.session.commit()
    victim, thief = app.test_client(), app.test_client()
    _sign_in(victim)
    _copy_cookies(victim, thief, names=("session",))
    assert thief.get("/auth/profile").status_code == 200
    victim.post("/auth/logout")
    assert thief.get("/auth/profile").status_code == 302


def test_signing_out_ends_a_copied_remember_cookie(app, db):
    make_user(PHONE)
    db.session.commit()
    victim, thief = app.test_client(), app.test_client()
    _sign_in(victim, remember=True)
    _copy_cookies(victim, thief, names=("remember_token",))
    assert thief.get("/auth/profile").status_code == 200  # restored from the remember cookie
    victim.post("/auth/logout")
    thief.delete_cookie("session", domain="portal.test")
    assert thief.get("/auth/profile").status_code == 302


def test_each_sign_in_is_a_session_row_with_its_device(app, db):
    user = make_user(PHONE)
    db.session.commit()
    client = app.test_client()
    _sign_in(client, agent="TestPhone/1.0")
    row = db.session.scalar(select(UserSession))
    assert row.user_id == user.id and row.user_agent == "TestPhone/1.0" and row.client_address
    cookie = client.get_cookie("session", domain="portal.test")
    assert cookie is not None and row.key_hash not in cookie.value  # only the hash is stored


def test_deactivating_an_account_ends_all_its_sessions(app, db, world):
    from portal.auth.services import deactivate_user

    user = make_user(PHONE)
    db.session.commit()
    clients = [app.test_client(), app.test_client()]
    for client in clients:
        _sign_in(client, remember=True)
    deactivate_user(db.session.get(User, user.id), by=world.admin)
    db.session.commit()
    assert db.session.scalar(select(func.count(UserSession.id))) == 0
    for client in clients:
        assert client.get("/auth/profile").status_code == 302


def test_profile_lists_sessions_and_signs_out_one_device(app, db):
    make_user(PHONE)
    db.session.commit()
    phone, laptop = app.test_client(), app.test_client()
    _sign_in(phone, agent="Mozilla/5.0 (Linux; Android 10; HUAWEI) Mobile")
    _sign_in(laptop, agent="Mozilla/5.0 (Windows NT 10.0) Firefox/140.0")
    page = phone.get("/auth/profile").get_data(as_text=True)
    assert "Android" in page and "Windows" in page
    other = db.session.scalar(select(UserSession).where(UserSession.user_agent.contains("Windows")))
    assert phone.post(f"/auth/sessions/{other.id}/end").status_code == 302
    assert laptop.get("/auth/profile").status_code == 302
    assert phone.get("/auth/profile").status_code == 200


def test_nobody_ends_someone_elses_session(app, db):
    make_user(PHONE)
    stranger = make_user("13812345679")
    db.session.commit()
    mine = app.test_client()
    _sign_in(mine)
    row = db.session.scalar(select(UserSession))
    other = app.test_client()
    assert other.post("/auth/login", data={"phone": stranger.phone, "password": PASSWORD}).status_code == 302
    assert other.post(f"/auth/sessions/{row.id}/end").status_code == 404
    assert mine.get("/auth/profile").status_code == 200


def test_the_user_loader_is_one_query(app, db):
    make_user(PHONE)
    db.session.commit()
    client = app.test_client()
    _sign_in(client)
    client.get("/auth/password")  # the first request after sign-in may note when it was seen
    statements = []

    def before(conn, cursor, statement, *args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        assert client.get("/auth/password").status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", before)
    loading = [s for s in statements if "FROM users" in s or "FROM role_grants" in s]
    assert len(loading) == 1, statements
    assert "user_sessions" in loading[0] and "role_grants" in loading[0]


def test_last_seen_is_noted_at_most_every_few_minutes(app, db):
    make_user(PHONE)
    db.session.commit()
    client = app.test_client()
    start = utcnow()
    with time_machine.travel(start, tick=False):
        _sign_in(client)
    first = db.session.scalar(select(UserSession.last_seen_at))
    with time_machine.travel(start + timedelta(minutes=2), tick=False):
        client.get("/auth/profile")
    assert db.session.scalar(select(UserSession.last_seen_at)) == first
    with time_machine.travel(start + timedelta(minutes=10), tick=False):
        client.get("/auth/profile")
    assert db.session.scalar(select(UserSession.last_seen_at)) > first
