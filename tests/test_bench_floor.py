"""The benchmark's floor (bench/floor.py): the portal with one empty signed-in page, which
bench/run.py and bench/profile_pages.py measure as the least any signed-in page can cost. It must
stay what it claims to be: the layout as every signed-in page shows it, nothing more."""

from __future__ import annotations

import pytest

from bench.floor import FLOOR_PATH, add_floor
from portal import create_app
from portal.extensions import db as _db
from tests.conftest import count_queries, login, make_user


@pytest.fixture
def floor_app(app, db):
    """A second portal app on the test database, with the floor added (the suite's app keeps
    only the portal's own routes)."""
    floor = add_floor(create_app({key: app.config[key] for key in ("TESTING", "SQLALCHEMY_DATABASE_URI")}))
    with floor.app_context():
        yield floor
        _db.session.remove()
        _db.engine.dispose()


def test_the_floor_is_the_signed_in_layout_with_nothing_in_it(floor_app):
    owner = make_user("13800000099", name="楼层测试")
    client = floor_app.test_client()
    login(client, owner)
    with count_queries(_db.engine) as statements:
        page = client.get(FLOOR_PATH, headers={"Accept-Language": "zh-CN"})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "楼层测试" in html  # the account menu, as on every signed-in page
    assert 'name="csrf_token"' in html and "main-nav" in html
    assert "<p>-</p>" in html  # and nothing of a page's own
    # The person with their grants and unread count, and nothing else (SQLite's BEGIN aside).
    begins = 1 if _db.engine.dialect.name == "sqlite" else 0
    assert statements() == 1 + begins


def test_the_floor_asks_a_visitor_to_sign_in(floor_app):
    page = floor_app.test_client().get(FLOOR_PATH)
    assert page.status_code == 302 and "/auth/login" in page.headers["Location"]
