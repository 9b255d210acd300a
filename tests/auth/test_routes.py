"""Register, sign in and out, rate limits, CSRF, profile and password pages."""

import re

import pytest
from sqlalchemy import func, select

from portal.auth.models import User
from tests.conftest import PASSWORD, login, make_user


def _register(client, **fields):
    data = {"phone": "13812345678", "name": "张三", "password": "mei4hua8jie", "confirm": "mei4hua8jie"}
    data.update(fields)
    return client.post("/auth/register", data=data)


def test_register_signs_in_and_lands_on_my_units(client, db):
    response = _register(client)
    assert response.status_code == 302 and response.headers["Location"].endswith("/registration/")
    assert client.get("/registration/").status_code == 200


@pytest.mark.parametrize(
    "fields",
    [
        {"phone": "123"},
        {"name": ""},
        {"password": "short", "confirm": "short"},
        {"confirm": "other4pass"},
        {"name": "x" * 51},
        {"phone": "<script>alert(1)</script>"},
    ],
)
def test_bad_registration_is_refused_and_stores_nothing(client, db, fields):
    response = _register(client, **fields)
    assert response.status_code == 422
    assert b"is-invalid" in response.data
    assert b"<script>alert(1)</script>" not in response.data
    assert db.session.scalar(select(func.count(User.id))) == 0


def test_duplicate_phone_is_refused(client, db):
    make_user("13812345678")
    db.session.commit()
    response = _register(client)
    assert response.status_code == 422 and b"is-invalid" in response.data
    assert db.session.scalar(select(func.count(User.id))) == 1


def test_login_and_logout(client, db):
    make_user("13812345678")
    db.session.commit()
    response = client.post("/auth/login", data={"phone": "138 1234 5678", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/auth/profile").status_code == 200
    assert client.post("/auth/logout").status_code == 302
    assert client.get("/auth/profile").status_code == 302


def test_wrong_password_and_unknown_phone_get_the_same_answer(client, db):
    make_user("13812345678")
    db.session.commit()
    wrong = client.post("/auth/login", data={"phone": "13812345678", "password": "nope4nope"})
    unknown = client.post("/auth/login", data={"phone": "13999999999", "password": "nope4nope"})
    assert wrong.status_code == unknown.status_code == 422

    def alert(response):
        return re.search(
            rb'<div class="alert alert-danger"[^>]*>(.*?)</div>\s*</div>', response.data, re.S
        ).group(1)

    assert alert(wrong) == alert(unknown)


def test_failed_logins_are_limited_per_account(client, app, db):
    make_user("13812345678")
    db.session.commit()
    for _ in range(5):
        assert (
            client.post("/auth/login", data={"phone": "13812345678", "password": "bad4pass"}).status_code
            == 422
        )
    assert (
        client.post("/auth/login", data={"phone": "13812345678", "password": "bad4pass"}).status_code == 429
    )
    # The right password is refused too while the account is limited; other accounts are not.
    assert client.post("/auth/login", data={"phone": "13812345678", "password": PASSWORD}).status_code == 429
    make_user("13812345679")
    db.session.commit()
    assert client.post("/auth/login", data={"phone": "13812345679", "password": PASSWORD}).status_code == 302


def test_failed_logins_are_limited_per_address(client, app, db):
    app.config["LOGIN_LIMIT_PER_ADDRESS"] = "3 per minute"
    try:
        for n in range(3):
            client.post("/auth/login", data={"phone": f"1381234560{n}", "password": "bad4pass"})
        assert (
            client.post("/auth/login", data={"phone": "13812345609", "password": "bad4pass"}).status_code
            == 429
        )
    finally:
        app.config["LOGIN_LIMIT_PER_ADDRESS"] = "30 per 15 minutes"


def test_successful_logins_do_not_count(client, db):
    make_user("13812345678")
    db.session.commit()
    for _ in range(8):
        assert (
            client.post("/auth/login", data={"phone": "13812345678", "password": PASSWORD}).status_code == 302
        )
        client.post("/auth/logout")


def test_csrf_is_required_on_forms(client, app, db):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = _register(client)
        assert response.status_code == 400
        assert db.session.scalar(select(func.count(User.id))) == 0
        page = client.get("/auth/register").data.decode()
        token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
        assert _register(client, csrf_token=token).status_code == 302
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/x",
        "///evil.example/x",
        "/\\evil.example",
        "/\t/evil.example",
        "javascript:alert(1)",
    ],
)
def test_next_only_redirects_to_local_paths(client, db, target):
    make_user("13812345678")
    db.session.commit()
    response = client.post(f"/auth/login?next={target}", data={"phone": "13812345678", "password": PASSWORD})
    assert response.headers["Location"] in ("/", "http://portal.test/")


def test_next_to_a_local_path_is_followed(client, db):
    make_user("13812345678")
    db.session.commit()
    response = client.post(
        "/auth/login?next=/registration/", data={"phone": "13812345678", "password": PASSWORD}
    )
    assert response.headers["Location"] == "/registration/"


def test_profile_and_password_change(client, db):
    user = make_user("13812345678")
    db.session.commit()
    login(client, user)
    assert client.post("/auth/profile", data={"name": "张三丰"}).status_code == 302
    assert db.session.get(User, user.id).name == "张三丰"
    bad = client.post(
        "/auth/password",
        data={"current": "wrong4pass", "password": "Plum7lane9tea", "confirm": "Plum7lane9tea"},
    )
    assert bad.status_code == 422 and b"is-invalid" in bad.data
    ok = client.post(
        "/auth/password", data={"current": PASSWORD, "password": "Plum7lane9tea", "confirm": "Plum7lane9tea"}
    )
    assert ok.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).check_password("Plum7lane9tea")


def test_remember_me_sets_a_cookie(client, db):
    make_user("13812345678")
    db.session.commit()
    response = client.post(
        "/auth/login", data={"phone": "13812345678", "password": PASSWORD, "remember": "y"}
    )
    assert "remember_token=" in response.headers.get("Set-Cookie", "") or any(
        "remember_token" in value for value in response.headers.getlist("Set-Cookie")
    )


def test_changing_the_password_ends_other_sessions(app, db):
    make_user("13812345678")
    db.session.commit()
    phone, other, this = "13812345678", app.test_client(), app.test_client()
    for client in (other, this):
        assert client.post("/auth/login", data={"phone": phone, "password": PASSWORD}).status_code == 302
    response = this.post(
        "/auth/password", data={"current": PASSWORD, "password": "Plum7lane9tea", "confirm": "Plum7lane9tea"}
    )
    assert response.status_code == 302
    assert this.get("/auth/profile").status_code == 200  # this session goes on
    assert other.get("/auth/profile").status_code == 302  # the other is signed out


def test_a_deactivated_account_is_signed_out(client, db):
    user = make_user("13812345678")
    db.session.commit()
    login(client, user)
    assert client.get("/auth/profile").status_code == 200
    user.active = False
    db.session.commit()
    assert client.get("/auth/profile").status_code == 302


def test_registration_is_rate_limited_per_address(client, app, db):
    app.config["REGISTER_LIMIT_PER_ADDRESS"] = "2 per minute"
    try:
        for n in range(2):
            _register(client, phone=f"1381234567{n}")
            client.post("/auth/logout")
        assert _register(client, phone="13812345679").status_code == 429
    finally:
        app.config["REGISTER_LIMIT_PER_ADDRESS"] = "20 per hour"


def test_parallel_guesses_cannot_pass_the_account_limit(app, db):
    import threading

    make_user("13812345678")
    db.session.commit()
    statuses, barrier = [], threading.Barrier(10)

    def guess():
        client = app.test_client()
        barrier.wait()
        statuses.append(
            client.post("/auth/login", data={"phone": "13812345678", "password": "bad4pass"}).status_code
        )

    threads = [threading.Thread(target=guess) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [422] * 5 + [429] * 5
