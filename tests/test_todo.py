"""The to-do registry (portal/todo.py): providers, order, and the time left in words."""

from datetime import UTC, datetime, timedelta

from flask_login import AnonymousUserMixin

from portal import todo
from portal.todo import ROUTINE, URGENT, TodoItem, time_left, todo_for, todo_provider

NOW = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)


def test_items_of_every_provider_come_most_urgent_first(app, db, world, monkeypatch):
    monkeypatch.setattr(todo, "_providers", {})
    later, sooner = NOW + timedelta(days=5), NOW + timedelta(days=1)

    @todo_provider("one")
    def one(user):
        return [TodoItem("a", "routine", "/a", None, priority=ROUTINE), TodoItem("b", "later", "/b", later)]

    @todo_provider("two")
    def two(user):
        return [TodoItem("c", "sooner", "/c", sooner), TodoItem("d", "urgent", "/d", None, priority=URGENT)]

    assert [item.title for item in todo_for(world.resident)] == ["urgent", "sooner", "later", "routine"]
    assert todo_for(AnonymousUserMixin()) == []


def test_time_left_in_words(app):
    with app.test_request_context():
        assert time_left(NOW + timedelta(days=3, hours=5), NOW) == "还剩 3 天"
        assert time_left(NOW + timedelta(hours=5, minutes=3), NOW) == "还剩 5 小时"
        assert time_left(NOW + timedelta(minutes=20), NOW) == "还剩不到 1 小时"
        assert time_left(NOW - timedelta(days=2, hours=1), NOW) == "已过期 2 天"
        assert time_left(NOW - timedelta(hours=2), NOW) == "已过期"
        assert time_left(None, NOW) == ""


def test_time_left_in_english(app):
    with app.test_request_context(headers={"Cookie": "lang=en"}):
        assert time_left(NOW + timedelta(days=1, hours=1), NOW) == "1 day left"
        assert time_left(NOW + timedelta(days=3), NOW) == "3 days left"


def test_the_capabilities_register_their_providers(app):
    assert {"vote", "committee", "community_staff", "claims", "verify_claims"} <= set(todo.providers())
