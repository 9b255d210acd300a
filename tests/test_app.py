"""Application factory, configuration, security headers, language and text size, errors."""

import re

import pytest

from portal import create_app
from portal.config import ConfigError


def test_production_refuses_a_missing_or_short_secret_key(monkeypatch):
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigError, match="SECRET_KEY"):
        create_app()
    monkeypatch.setenv("SECRET_KEY", "too-short")
    with pytest.raises(ConfigError, match="at least 32"):
        create_app()


def test_production_starts_with_a_strong_key_and_secure_cookies(monkeypatch):
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    monkeypatch.setenv("SECRET_KEY", "k" * 40)
    app = create_app()
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["SESSION_COOKIE_HTTPONLY"]
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_debug_mode_uses_a_development_key(monkeypatch):
    monkeypatch.setenv("FLASK_DEBUG", "1")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    app = create_app()
    assert app.config["SECRET_KEY"] and not app.config["SESSION_COOKIE_SECURE"]


def test_database_url_is_normalised_for_psycopg(monkeypatch):
    from portal.config import database_url

    monkeypatch.setenv("DATABASE_URL", "postgres://u@h/db")
    assert database_url("/tmp") == "postgresql+psycopg://u@h/db"
    monkeypatch.delenv("DATABASE_URL")
    assert database_url("/srv/instance") == "sqlite:////srv/instance/portal.sqlite3"


def test_security_headers(client):
    response = client.get("/")
    csp = response.headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"]


def test_no_inline_script_or_style_in_pages(client, world):
    for url in ("/", f"/places/compounds/{world.compound_a.id}", "/auth/login", "/auth/register"):
        page = client.get(url).data.decode()
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page), url
        assert " style=" not in page, url


def test_chinese_by_default_and_english_by_switch(client, world):
    page = client.get("/").data.decode()
    assert '<html lang="zh-CN"' in page and "社区自治" in page and "登录" in page
    client.post("/preferences/language", data={"lang": "en", "next": "/auth/login"})
    page = client.get("/").data.decode()
    assert '<html lang="en"' in page and "Sign in" in page
    client.post("/preferences/language", data={"lang": "xx"})
    assert '<html lang="en"' in client.get("/").data.decode()
    client.post("/preferences/language", data={"lang": "zh_Hans_CN"})
    assert '<html lang="zh-CN"' in client.get("/").data.decode()


def test_large_text_mode_persists(client, db):
    assert 'class="large-text"' not in client.get("/").data.decode()
    response = client.post("/preferences/text-size", data={"next": "/auth/login"})
    assert response.headers["Location"] == "/auth/login"
    assert 'class="large-text"' in client.get("/").data.decode()
    client.post("/preferences/text-size")
    assert 'class="large-text"' not in client.get("/").data.decode()


def test_friendly_error_pages_in_chinese(client, db):
    response = client.get("/no-such-page")
    assert response.status_code == 404 and "页面不存在" in response.data.decode()


def test_the_chinese_catalog_is_complete():
    from pathlib import Path

    from babel.messages.pofile import read_po

    path = Path(__file__).parents[1] / "portal/translations/zh_Hans_CN/LC_MESSAGES/messages.po"
    catalog = read_po(path.open("rb"))
    untranslated = [message.id for message in catalog if message.id and not message.string]
    fuzzy = [message.id for message in catalog if message.id and message.fuzzy]
    assert untranslated == [] and fuzzy == []


def test_upload_size_is_limited(app):
    assert 0 < app.config["MAX_CONTENT_LENGTH"] <= 16 * 1024 * 1024


def test_server_errors_get_a_friendly_page_and_roll_back(database_url, db):
    from portal.places.models import StreetOffice

    app = create_app(
        {"TESTING": True, "PROPAGATE_EXCEPTIONS": False, "SQLALCHEMY_DATABASE_URI": database_url}
    )

    @app.get("/boom")
    def boom():
        db.session.add(StreetOffice(name="半途而废"))
        db.session.flush()
        raise RuntimeError("boom")

    with app.app_context():
        response = app.test_client().get("/boom")
        assert response.status_code == 500 and "出错了" in response.data.decode()
        assert db.session.query(StreetOffice).count() == 0
        db.engine.dispose()


def test_other_http_errors_are_translated_too(client, db):
    response = client.get("/auth/logout")  # POST only
    assert response.status_code == 405 and "无法处理" in response.get_data(as_text=True)


def test_huge_ids_and_pages_are_not_found(client, world):
    from tests.conftest import login

    login(client, world.committee)
    assert client.get("/places/compounds/99999999999999999999").status_code == 404
    assert client.get("/registration/claims/2147483648").status_code == 404
    response = client.get(f"/registration/review/{world.compound_a.id}?page=99999999999999999999")
    assert response.status_code == 200


def test_nul_bytes_are_refused(client, db):
    assert client.post("/auth/login", data={"phone": "1390000000\x00", "password": "x"}).status_code == 400
    assert client.get("/?q=%00").status_code == 400


def test_preferences_do_not_make_the_session_permanent(client, world):
    from tests.conftest import login

    login(client, world.resident)
    response = client.post("/preferences/language", data={"lang": "en"})
    cookies = response.headers.getlist("Set-Cookie")
    assert any(c.startswith("lang=en") and "Max-Age" in c for c in cookies)
    assert not any(c.startswith("session=") and "Expires" in c for c in cookies)


def test_anonymous_post_is_sent_to_the_login_page_and_back_to_the_form_page(client, world, db):
    from portal.registration.services import claim_unit

    claim = claim_unit(world.resident, world.compound_a.buildings[0].units[0], "CERT")
    db.session.commit()
    response = client.post(
        f"/registration/claims/{claim.id}/verify",
        headers={"Referer": "http://portal.test/registration/review"},
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/auth/login?next=/registration/review")
