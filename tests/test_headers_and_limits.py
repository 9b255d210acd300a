"""Private pages are not stored by browsers or proxies; HSTS where cookies are secure; the 413
page says the limit; API text fields refuse markup as the forms do."""

from portal import create_app
from tests.conftest import login


def test_private_pages_are_not_stored(client, world, db):
    assert "no-store" not in client.get("/auth/login").headers.get("Cache-Control", "")
    login(client, world.committee)
    for url in ("/auth/profile", f"/places/compounds/{world.compound_a.id}/roster", "/"):
        assert "no-store" in client.get(url).headers.get("Cache-Control", ""), url


def test_api_answers_to_a_signed_in_client_are_not_stored(client, world, db, bearer):
    response = client.get(f"/api/v1/compounds/{world.compound_a.id}/units", headers=bearer(world.committee))
    assert "no-store" in response.headers["Cache-Control"]


def test_strict_transport_security_when_cookies_are_secure(monkeypatch, tmp_path):
    monkeypatch.delenv("FLASK_DEBUG", raising=False)
    monkeypatch.setenv("SECRET_KEY", "k" * 40)
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'p.sqlite3'}"})
    assert app.config["SESSION_COOKIE_SECURE"]
    response = app.test_client().get("/auth/login")
    assert "max-age=" in response.headers["Strict-Transport-Security"]


def test_no_strict_transport_security_on_plain_http(client, db):
    assert "Strict-Transport-Security" not in client.get("/auth/login").headers


def test_the_413_page_says_the_limit_in_megabytes(client, app, world, db):
    login(client, world.staff)
    response = client.post(
        "/places/roster/import", data=b"x" * (app.config["MAX_CONTENT_LENGTH"] + 10), content_type="text/csv"
    )
    assert response.status_code == 413 and "8 MB" in response.get_data(as_text=True)


def test_api_text_fields_refuse_markup(client, world, db, bearer):
    unit = world.compound_a.buildings[0].units[0]
    response = client.post(
        f"/api/v1/units/{unit.id}/claims",
        json={"certificate_no": "<script>alert(1)</script>"},
        headers=bearer(world.resident),
    )
    assert response.status_code == 422 and "certificate_no" in response.json["fields"]
