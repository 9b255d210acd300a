"""Each person's to-do (待办): what the signed-in person should do now, from every role they hold.

A capability registers a provider once, at import (from its package `__init__`):

    @todo_provider("vote")
    def ballots_to_cast(user) -> Iterable[TodoItem]: ...

A provider is given the signed-in user and returns their items in a constant number of queries
(however many meetings, claims or compounds there are), and in none when the person holds no
role it is about (read `user.grants`, which is loaded with the user). The home page and
`GET /api/v1/me/todo` show the items of every provider, most urgent first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from flask_babel import ngettext

from portal.columns import utcnow

#: Priorities: lower comes first. Votes and deadlines set by law first, routine work after.
URGENT, NORMAL, ROUTINE = 10, 50, 90


@dataclass(frozen=True)
class TodoItem:
    """One thing to do: its kind (a stable code such as `vote`), a title in the reader's
    language, the page where it is done, its deadline (UTC, or None), the label of the big
    button, a priority (lower first) and an optional line of detail."""

    kind: str
    title: str
    url: str
    due_at: datetime | None = None
    button_label: str = ""
    priority: int = NORMAL
    detail: str = ""


Provider = Callable[[object], Iterable[TodoItem]]
_providers: dict[str, Provider] = {}


def todo_provider(name: str) -> Callable[[Provider], Provider]:
    """Register a provider of to-do items under `name` (registering a name again replaces it)."""

    def register(provider: Provider) -> Provider:
        _providers[name] = provider
        return provider

    return register


def providers() -> dict[str, Provider]:
    """The registered providers by name (for tests and overviews)."""
    return dict(_providers)


def _order(item: TodoItem) -> tuple:
    due = item.due_at.timestamp() if item.due_at else float("inf")
    return (item.priority, due, item.title)


def todo_for(user) -> list[TodoItem]:
    """Everything `user` should do now, from every provider, most urgent first (an anonymous
    visitor has nothing to do)."""
    if not getattr(user, "is_authenticated", False):
        return []
    items = [item for provider in _providers.values() for item in provider(user)]
    return sorted(items, key=_order)


def time_left(due_at: datetime | None, now: datetime | None = None) -> str:
    """How long is left until `due_at`, in words ("还剩 3 天", "还剩 5 小时"), or how long
    ago it passed; empty without a deadline."""
    if due_at is None:
        return ""
    seconds = (due_at - (now or utcnow())).total_seconds()
    hours = int(abs(seconds) // 3600)
    days = hours // 24
    if seconds >= 0:
        if days >= 1:
            return ngettext("%(num)d day left", "%(num)d days left", days)
        if hours >= 1:
            return ngettext("%(num)d hour left", "%(num)d hours left", hours)
        return _("Less than an hour left")
    if days >= 1:
        return ngettext("Overdue by %(num)d day", "Overdue by %(num)d days", days)
    return _("Overdue")
