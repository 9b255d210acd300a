"""Public pages kept for anonymous visitors: fresh enough, never shared with signed-in users,
and each visitor's form token is their own."""

import re

import pytest

from portal.page_cache import TOKEN_PLACEHOLDER, PageCache
from tests.conftest import count_queries, login

TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def cache_on(app, monkeypatch):
    clock = Clock()
    monkeypatch.setitem(app.config, "PUBLIC_PAGE_CACHE_SECONDS", 10)
    monkeypatch.setattr("portal.page_cache.time.monotonic", clock)
    app.extensions.pop("portal_page_cache", None)
    yield clock
    app.extensions.pop("portal_page_cache", None)


def rename(db, compound, name):
    compound.name = name
    db.session.commit()


def test_anonymous_visitors_get_the_kept_page_until_it_expires(client, world, db, cache_on):
    assert "文宴雅居" in client.get("/").get_data(as_text=True)
    rename(db, world.compound_a, "文宴新居")
    cache_on.now += 9
    with count_queries(db.engine) as queries:
        page = client.get("/").get_data(as_text=True)
    assert "文宴雅居" in page and queries() == 0
    cache_on.now += 2
    assert "文宴新居" in client.get("/").get_data(as_text=True)


def test_the_compound_page_is_kept_and_still_checks_the_compound(client, world, db, cache_on):
    path = f"/places/compounds/{world.compound_a.id}"
    assert client.get(path).status_code == 200
    rename(db, world.compound_a, "文宴新居")
    with count_queries(db.engine) as queries:
        assert "文宴雅居" in client.get(path).get_data(as_text=True)
    assert queries() == 0
    assert client.get("/places/compounds/999999").status_code == 404
    assert client.get("/places/compounds/999999").status_code == 404  # a refusal is never kept


def test_signed_in_users_always_see_the_current_page(client, world, db, cache_on):
    client.get("/")
    rename(db, world.compound_a, "文宴新居")
    login(client, world.resident)
    assert "文宴新居" in client.get("/").get_data(as_text=True)


def test_languages_text_sizes_and_searches_are_kept_apart(client, world, db, cache_on):
    chinese = client.get("/").get_data(as_text=True)
    client.post("/preferences/language", data={"lang": "en"})
    english = client.get("/").get_data(as_text=True)
    client.post("/preferences/text-size")
    large = client.get("/").get_data(as_text=True)
    searched = client.get("/?q=三国").get_data(as_text=True)
    assert 'lang="zh-CN"' in chinese and 'lang="en"' in english
    assert 'class="large-text"' in large and 'class="large-text"' not in english
    assert "三国苑" in searched and "文宴雅居" not in searched


def test_a_waiting_message_is_shown_not_hidden_by_the_cache(client, world, db, cache_on):
    client.get("/")
    with client.session_transaction() as session:
        session["_flashes"] = [("info", "请先登录")]
    assert "请先登录" in client.get("/").get_data(as_text=True)


def test_each_visitor_gets_their_own_working_token(app, world, db, cache_on):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        first, second = app.test_client(), app.test_client()
        first_token = TOKEN.search(first.get("/").get_data(as_text=True)).group(1)
        second_page = second.get("/").get_data(as_text=True)
        second_token = TOKEN.search(second_page).group(1)
        assert first_token != second_token and TOKEN_PLACEHOLDER not in second_page
        response = second.post("/preferences/language", data={"csrf_token": second_token, "lang": "en"})
        assert response.status_code == 302
        response = second.post("/preferences/language", data={"csrf_token": first_token, "lang": "en"})
        assert response.status_code == 400
    finally:
        app.config["WTF_CSRF_ENABLED"] = False


def test_the_cache_is_off_by_default_in_tests_and_development(client, world, db):
    client.get("/")
    rename(db, world.compound_a, "文宴新居")
    assert "文宴新居" in client.get("/").get_data(as_text=True)


def test_the_cache_forgets_the_least_recently_used_page():
    cache = PageCache(capacity=2)
    cache.put(("a",), "A", expires=10)
    cache.put(("b",), "B", expires=10)
    assert cache.get(("a",), now=1) == "A"
    cache.put(("c",), "C", expires=10)
    assert cache.get(("b",), now=1) is None
    assert cache.get(("a",), now=1) == "A" and cache.get(("c",), now=1) == "C"
    assert cache.get(("a",), now=10) is None


def test_only_pages_anyone_may_see_can_be_kept():
    from portal.auth.permissions import requires, signed_in
    from portal.page_cache import public_page

    with pytest.raises(TypeError):
        public_page(requires(signed_in)(lambda: "private"))
    with pytest.raises(TypeError):
        public_page(lambda: "no rule declared")
