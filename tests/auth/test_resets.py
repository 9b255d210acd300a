"""Forgotten passwords: a one-time code by SMS, or a reset code handed over in person by the
committee or community staff; both end in choosing a new password, which signs the person in
and ends their other sessions and API tokens."""

import re
from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import func, select

from portal.audit import AuditRecord
from portal.auth.models import User
from portal.auth.resets import PasswordReset
from portal.columns import utcnow
from portal.messaging import sms_sender
from portal.registration.services import claim_unit
from tests.conftest import PASSWORD, login, make_user

NEW = "plum blossom lane 42"


@pytest.fixture
def sent(app):
    with app.app_context():
        outbox = sms_sender().sent
        outbox.clear()
        yield outbox
        outbox.clear()


def _ask_for_code(client, phone, address="10.0.0.1"):
    return client.post("/auth/reset", data={"phone": phone}, environ_base={"REMOTE_ADDR": address})


def _code_in(sent, phone):
    texts = [text for to, text in sent if to == phone]
    return re.search(r"\d{6}", texts[-1]).group(0)


def _reset(client, phone, code, password=NEW, address="10.0.0.1"):
    data = {"phone": phone, "code": code, "password": password, "confirm": password}
    return client.post("/auth/reset/new", data=data, environ_base={"REMOTE_ADDR": address})


def test_a_code_by_sms_resets_the_password_signs_in_and_ends_other_access(
    app, client, world, db, sent, bearer
):
    other = app.test_client()
    login(other, world.resident)
    headers = bearer(world.resident)
    asked = _ask_for_code(client, world.resident.phone)
    assert asked.status_code == 302 and asked.headers["Location"].endswith("/auth/reset/new")
    code = _code_in(sent, world.resident.phone)
    assert db.session.scalar(select(PasswordReset.code_hash)) != code  # stored hashed
    done = _reset(client, world.resident.phone, code)
    assert done.status_code == 302
    assert client.get("/auth/profile").status_code == 200  # signed in
    assert other.get("/auth/profile").status_code == 302  # the other session ended
    assert client.get(f"/api/v1/compounds/{world.compound_a.id}/units", headers=headers).status_code == 401
    assert db.session.get(User, world.resident.id).check_password(NEW)
    assert db.session.scalar(select(AuditRecord.action).where(AuditRecord.action == "password_reset"))
    again = app.test_client()
    assert _reset(again, world.resident.phone, code, "another plum lane 43").status_code == 422  # once only


def test_the_answer_is_the_same_whether_or_not_the_phone_has_an_account(client, world, db, sent):
    known = _ask_for_code(client, world.resident.phone)
    unknown = _ask_for_code(client, "13766666666")
    assert known.status_code == unknown.status_code == 302
    assert known.headers["Location"] == unknown.headers["Location"]
    assert [to for to, _ in sent] == [world.resident.phone]
    page_known = client.get("/auth/reset/new").get_data(as_text=True)
    assert "13766666666" in page_known  # the form remembers the number typed, either way
    refused = _reset(client, "13766666666", "123456")
    wrong = _reset(
        client,
        world.resident.phone,
        "000000" if _code_in(sent, world.resident.phone) != "000000" else "111111",
    )
    assert refused.status_code == wrong.status_code == 422

    def alert(response):
        return re.search(r"alert-danger[^>]*>(.*?)</div>", response.get_data(as_text=True), re.S).group(1)

    assert alert(refused) == alert(wrong)


def test_a_code_is_valid_ten_minutes(client, world, db, sent):
    start = utcnow()
    with time_machine.travel(start, tick=False):
        _ask_for_code(client, world.resident.phone)
    code = _code_in(sent, world.resident.phone)
    with time_machine.travel(start + timedelta(minutes=11), tick=False):
        assert _reset(client, world.resident.phone, code).status_code == 422
    assert db.session.get(User, world.resident.id).check_password(PASSWORD)


def test_five_tries_then_the_code_is_dead(client, world, db, sent):
    _ask_for_code(client, world.resident.phone)
    code = _code_in(sent, world.resident.phone)
    wrong = "000000" if code != "000000" else "111111"
    for n in range(5):
        assert _reset(client, world.resident.phone, wrong, address=f"10.3.0.{n}").status_code == 422
    assert _reset(client, world.resident.phone, code, address="10.3.1.1").status_code == 422
    assert db.session.get(User, world.resident.id).check_password(PASSWORD)


def test_codes_are_rate_limited_per_phone_and_per_address(client, world, db, sent):
    statuses = [_ask_for_code(client, world.resident.phone, f"10.4.0.{n}").status_code for n in range(4)]
    assert statuses == [302, 302, 302, 429]
    assert len(sent) == 3
    by_address = [_ask_for_code(client, f"1376666{n:04d}", "10.5.0.1").status_code for n in range(11)]
    assert by_address[:10] == [302] * 10 and by_address[10] == 429


def test_a_locked_owner_gets_in_through_a_reset(client, app, world, db, sent):
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "3 per hour"
    try:
        for n in range(3):
            client.post(
                "/auth/login",
                data={"phone": world.resident.phone, "password": "bad4pass"},
                environ_base={"REMOTE_ADDR": f"10.6.0.{n}"},
            )
        locked = client.post("/auth/login", data={"phone": world.resident.phone, "password": PASSWORD})
        assert locked.status_code == 429 and "/auth/reset" in locked.get_data(as_text=True)
        _ask_for_code(client, world.resident.phone)
        assert _reset(client, world.resident.phone, _code_in(sent, world.resident.phone)).status_code == 302
        client.post("/auth/logout")
        signed_in = client.post("/auth/login", data={"phone": world.resident.phone, "password": NEW})
        assert signed_in.status_code == 302
    finally:
        app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "50 per hour"


def _claimant(world, db):
    person = make_user("13755555555", "陈桂芳")
    claim_unit(person, world.compound_a.buildings[0].units[0], "CERT")
    db.session.commit()
    return person


def _issue(client, phone):
    return client.post("/auth/reset-codes", data={"phone": phone})


def test_the_committee_hands_a_reset_code_to_an_owner(app, client, world, db):
    person = _claimant(world, db)
    login(client, world.committee)
    page = _issue(client, person.phone)
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    code = re.search(r'data-reset-code="([0-9 ]+)"', text).group(1)
    assert "陈桂芳" in text and "no-store" in page.headers["Cache-Control"]
    record = db.session.scalar(select(AuditRecord).where(AuditRecord.action == "password_reset_code_issued"))
    assert record.actor_id == world.committee.id and record.subject_id == person.id
    assert record.after["person"] == "陈桂芳" and record.compound_id == world.compound_a.id
    owner = app.test_client()
    assert _reset(owner, person.phone, code).status_code == 302
    assert owner.get("/auth/profile").status_code == 200
    assert _reset(app.test_client(), person.phone, code, "another plum lane 43").status_code == 422


def test_community_staff_hand_codes_for_their_compounds_only(client, world, db):
    person = _claimant(world, db)
    login(client, world.staff)
    assert _issue(client, person.phone).status_code == 200
    login(client, world.fred)  # committee of another compound
    refused = _issue(client, person.phone)
    assert refused.status_code == 422
    assert db.session.scalar(select(func.count(PasswordReset.id))) == 1
    stranger = make_user("13744444444")
    db.session.commit()
    login(client, world.committee)
    assert _issue(client, stranger.phone).status_code == 422  # no claim in the compound


def test_an_in_person_code_is_valid_a_day(client, world, db):
    person = _claimant(world, db)
    login(client, world.committee)
    start = utcnow()
    with time_machine.travel(start, tick=False):
        code = re.search(r'data-reset-code="([0-9 ]+)"', _issue(client, person.phone).get_data(as_text=True))
    client.post("/auth/logout")
    with time_machine.travel(start + timedelta(hours=25), tick=False):
        assert _reset(client, person.phone, code.group(1)).status_code == 422


def test_residents_cannot_open_the_reset_code_page(client, world, db):
    login(client, world.resident)
    assert client.get("/auth/reset-codes").status_code == 403
