"""API tokens end with a password change or deactivation, can be listed and revoked on the
profile page, and the token in use can revoke itself (DELETE /api/v1/tokens/current)."""

from datetime import timedelta

import time_machine
from sqlalchemy import select

from portal.api.models import ApiToken
from portal.auth.models import User
from portal.columns import utcnow
from tests.conftest import PASSWORD, login


def _token(client, user, agent="PortalApp/2.1 (Android 10)"):
    response = client.post(
        "/api/v1/tokens",
        json={"phone": user.phone, "password": PASSWORD},
        headers={"User-Agent": agent},
    )
    assert response.status_code == 201
    return {"Authorization": f"Bearer {response.json['token']}"}


def _units(client, world, headers):
    return client.get(f"/api/v1/compounds/{world.compound_a.id}/units", headers=headers).status_code


def test_a_password_change_ends_api_tokens(client, world, db):
    headers = _token(client, world.resident)
    assert _units(client, world, headers) == 200
    login(client, world.resident)
    changed = client.post(
        "/auth/password",
        data={"current": PASSWORD, "password": "plum blossom lane 42", "confirm": "plum blossom lane 42"},
    )
    assert changed.status_code == 302
    assert _units(client, world, headers) == 401


def test_deactivation_ends_api_tokens(client, world, db):
    from portal.auth.services import deactivate_user

    headers = _token(client, world.resident)
    deactivate_user(db.session.get(User, world.resident.id), by=world.admin)
    db.session.commit()
    assert _units(client, world, headers) == 401
    assert db.session.scalar(select(ApiToken)) is None


def test_the_token_in_use_revokes_itself(client, world, db):
    headers = _token(client, world.resident)
    other = _token(client, world.resident)
    response = client.delete("/api/v1/tokens/current", headers=headers)
    assert response.status_code == 204
    assert _units(client, world, headers) == 401
    assert _units(client, world, other) == 200
    assert client.delete("/api/v1/tokens/current", headers=headers).status_code == 401


def test_tokens_note_their_client_and_last_use_at_most_every_few_minutes(client, world, db):
    start = utcnow()
    with time_machine.travel(start, tick=False):
        headers = _token(client, world.resident, agent="PortalApp/2.1 " + "x" * 500)
    token = db.session.scalar(select(ApiToken))
    assert token.client.startswith("PortalApp/2.1") and len(token.client) <= 200
    assert token.created_at is not None and token.last_used_at is None
    with time_machine.travel(start + timedelta(minutes=1), tick=False):
        _units(client, world, headers)
    first = db.session.scalar(select(ApiToken.last_used_at))
    assert first is not None
    with time_machine.travel(start + timedelta(minutes=2), tick=False):
        _units(client, world, headers)
    assert db.session.scalar(select(ApiToken.last_used_at)) == first
    with time_machine.travel(start + timedelta(minutes=10), tick=False):
        _units(client, world, headers)
    assert db.session.scalar(select(ApiToken.last_used_at)) > first


def test_the_profile_lists_tokens_and_revokes_one(client, world, db):
    headers = _token(client, world.resident, agent="PortalApp/2.1 (Android 10)")
    _token(client, world.committee)
    login(client, world.resident)
    page = client.get("/auth/profile").get_data(as_text=True)
    assert "PortalApp/2.1" in page
    mine = db.session.scalar(select(ApiToken).where(ApiToken.user_id == world.resident.id))
    theirs = db.session.scalar(select(ApiToken).where(ApiToken.user_id == world.committee.id))
    assert client.post(f"/auth/tokens/{theirs.id}/revoke").status_code == 404
    assert client.post(f"/auth/tokens/{mine.id}/revoke").status_code == 302
    assert _units(client, world, headers) == 401
    assert db.session.get(ApiToken, theirs.id) is not None


def test_revoking_the_current_token_is_documented(client, db):
    spec = client.get("/api/v1/openapi.json").json
    operation = spec["paths"]["/api/v1/tokens/current"]["delete"]
    assert "204" in operation["responses"] and "401" in operation["responses"]


def test_a_new_token_can_be_asked_for_with_a_token_in_hand(client, world, db):
    """The bearer user is loaded first (on SQLite a POST's transaction then holds the write
    lock): checking the password must not wait for that lock (it answered 503 after 5 s)."""
    headers = _token(client, world.resident)
    response = client.post(
        "/api/v1/tokens", json={"phone": world.resident.phone, "password": PASSWORD}, headers=headers
    )
    assert response.status_code == 201
