"""The forum's pure rules: the 15-minute edit window, the rate limit, "taken up" links."""

from datetime import UTC, datetime, timedelta

from portal.forum import rules
from portal.links import is_portal_path

T = datetime(2026, 12, 1, 2, 0, tzinfo=UTC)


def test_edit_window_includes_its_bound():
    assert rules.may_edit(T, T + timedelta(minutes=15))
    assert not rules.may_edit(T, T + timedelta(minutes=15, seconds=1))


def test_rate_limit():
    assert not rules.over_rate_limit(4, 0, new_topic=True)
    assert rules.over_rate_limit(5, 0, new_topic=False)
    assert rules.over_rate_limit(0, 10, new_topic=True)
    assert not rules.over_rate_limit(0, 10, new_topic=False)


def test_taken_up_links_point_into_the_portal():
    assert is_portal_path("/notices/12") and is_portal_path("/assembly/items/3?tab=votes#v")
    for link in (
        "https://evil.example",
        "//evil.example/x",
        "notices/12",
        "/\\evil",
        "/" + "x" * 300,
        "/\t/evil.example",
        "/\n/evil.example",
        "/\r/evil.example",
        "/ /evil.example",
        "/\u3000/evil.example",
        "/\x00x",
        "/\u200b/evil.example",
        "/notices/1 2",
        "",
    ):
        assert not is_portal_path(link), repr(link)


def test_a_hidden_post_is_shown_to_its_author_and_the_moderators_only():
    from types import SimpleNamespace

    from portal.forum.rules import shown_to

    author = SimpleNamespace(id=1, is_authenticated=True)
    other = SimpleNamespace(id=2, is_authenticated=True)
    anonymous = SimpleNamespace(id=None, is_authenticated=False)
    hidden = SimpleNamespace(hidden=True, author_id=1)
    visible = SimpleNamespace(hidden=False, author_id=1)
    assert shown_to(visible, other, False) and shown_to(visible, anonymous, False)
    assert shown_to(hidden, author, False) and shown_to(hidden, other, True)
    assert not shown_to(hidden, other, False) and not shown_to(hidden, anonymous, False)
