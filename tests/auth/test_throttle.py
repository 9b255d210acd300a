"""Failed sign-ins are counted per client address and per (account, address), for the web form
and the API's token endpoint alike; a per-account bound far higher than either, so that a
stranger cannot lock an owner out; a warning before the last attempt; a locked page that says
until when and how to reset the password; and no 500 when Flask-Limiter is switched off."""

import subprocess
import sys
import textwrap

from tests.conftest import PASSWORD, make_user

OWNER = "13812345678"


def _web(client, phone, password="bad4pass", address="10.0.0.1"):
    return client.post(
        "/auth/login", data={"phone": phone, "password": password}, environ_base={"REMOTE_ADDR": address}
    )


def _api(client, phone, password="bad4pass", address="10.0.0.1"):
    return client.post(
        "/api/v1/tokens", json={"phone": phone, "password": password}, environ_base={"REMOTE_ADDR": address}
    )


def test_the_token_endpoint_limits_each_address(client, db):
    statuses = [_api(client, f"138000{n:05d}").status_code for n in range(31)]
    assert statuses[:30] == [401] * 30 and statuses[30] == 429
    assert _api(client, "13800000099", address="10.0.0.2").status_code == 401  # others are not


def test_web_and_api_share_the_count(client, db):
    make_user(OWNER)
    db.session.commit()
    for _ in range(3):
        assert _web(client, OWNER).status_code == 422
    assert _api(client, OWNER).status_code == 401
    assert _api(client, OWNER).status_code == 401
    assert _web(client, OWNER).status_code == 429


def test_a_stranger_cannot_lock_the_owner_out(client, db):
    make_user(OWNER)
    db.session.commit()
    for _ in range(5):
        assert _web(client, OWNER, address="203.0.113.9").status_code == 422
    assert _web(client, OWNER, address="203.0.113.9").status_code == 429
    assert _api(client, OWNER, address="203.0.113.9").status_code == 429
    # The owner, at home, still gets in by the web and by the API.
    assert _web(client, OWNER, PASSWORD, address="198.51.100.7").status_code == 302
    client.post("/auth/logout")
    assert _api(client, OWNER, PASSWORD, address="198.51.100.7").status_code == 201


def test_the_account_bound_is_far_higher_and_points_to_a_reset(client, app, db):
    make_user(OWNER)
    db.session.commit()
    assert app.config["LOGIN_LIMIT_PER_ACCOUNT"] == "50 per hour"
    app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "6 per hour"
    try:
        for n in range(6):
            assert _web(client, OWNER, address=f"10.1.0.{n}").status_code == 422
        locked = _web(client, OWNER, PASSWORD, address="10.2.0.1")
        assert locked.status_code == 429
        page = locked.get_data(as_text=True)
        assert "北京时间" in page and "/auth/reset" in page
        api = _api(client, OWNER, PASSWORD, address="10.2.0.2")
        assert api.status_code == 429 and "北京时间" in api.json["message"]
        assert int(api.headers["Retry-After"]) > 0
    finally:
        app.config["LOGIN_LIMIT_PER_ACCOUNT"] = "50 per hour"


def test_a_warning_before_the_last_attempt(client, db):
    make_user(OWNER)
    db.session.commit()
    pages = [_web(client, OWNER).get_data(as_text=True) for _ in range(4)]
    assert "还可尝试 1 次" not in pages[2]
    assert "还可尝试 1 次" in pages[3]


def test_the_warning_is_the_same_for_unknown_accounts(client, db):
    for _ in range(3):
        _api(client, "13900000000")
    assert "还可尝试 1 次" in _api(client, "13900000000").json["message"]


def test_successful_sign_ins_do_not_use_up_the_address_count(client, app, db):
    make_user(OWNER)
    db.session.commit()
    app.config["LOGIN_LIMIT_PER_ADDRESS"] = "3 per minute"
    try:
        for _ in range(5):
            assert _web(client, OWNER, PASSWORD).status_code == 302
            client.post("/auth/logout")
    finally:
        app.config["LOGIN_LIMIT_PER_ADDRESS"] = "30 per 15 minutes"


def test_no_server_error_when_flask_limiter_is_switched_off(tmp_path):
    """RATELIMIT_ENABLED=False (limits kept at a gateway): a fresh process, since Flask-Limiter
    is one object per process."""
    script = textwrap.dedent(
        f"""
        from portal import create_app
        from portal.extensions import db
        from tests.conftest import make_user, PASSWORD
        app = create_app({{"TESTING": True, "RATELIMIT_ENABLED": False, "WTF_CSRF_ENABLED": False,
                          "SQLALCHEMY_DATABASE_URI": "sqlite:///{tmp_path / "off.sqlite3"}"}})
        with app.app_context():
            db.create_all()
            make_user("{OWNER}")
            db.session.commit()
        client = app.test_client()
        print(client.post("/api/v1/tokens", json={{"phone": "{OWNER}", "password": "bad4pass"}}).status_code)
        print(client.post("/api/v1/tokens", json={{"phone": "{OWNER}", "password": PASSWORD}}).status_code)
        print(client.post("/auth/login", data={{"phone": "{OWNER}", "password": "bad4pass"}}).status_code)
        print(client.post("/auth/login", data={{"phone": "{OWNER}", "password": PASSWORD}}).status_code)
        """
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.stdout.split() == ["401", "201", "422", "302"], done.stderr[-2000:]
