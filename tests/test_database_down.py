"""With the database down, everyone gets the friendly error page with the security headers:
signed-in users too (their page must not load the user for the navigation)."""

import pytest
from sqlalchemy.exc import OperationalError

from tests.conftest import login


@pytest.fixture
def database_down(db, monkeypatch):
    def refuse(*args, **kwargs):
        raise OperationalError("connect", {}, Exception("connection refused"))

    def down():
        db.session.remove()
        db.engine.dispose()
        monkeypatch.setattr(db.engine, "connect", refuse)

    return down


@pytest.mark.parametrize("who", [None, "resident", "admin"])
def test_the_error_page_renders_without_the_database(app, client, world, db, database_down, who):
    login(client, getattr(world, who) if who else None)
    database_down()
    app.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        response = client.get("/auth/profile" if who else "/")
    finally:
        app.config["PROPAGATE_EXCEPTIONS"] = None
    page = response.get_data(as_text=True)
    assert response.status_code in (500, 503)
    assert "Content-Security-Policy" in response.headers and response.headers["X-Frame-Options"] == "DENY"
    assert 'lang="zh-CN"' in page and "出错" in page
    assert "Internal Server Error" not in page


def test_the_api_answers_json_without_the_database(app, client, world, db, database_down, bearer):
    headers = bearer(world.resident)
    url = f"/api/v1/compounds/{world.compound_a.id}/units"
    database_down()
    app.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        response = client.get(url, headers=headers)
    finally:
        app.config["PROPAGATE_EXCEPTIONS"] = None
    assert response.status_code in (500, 503) and response.is_json and response.json["message"]
