"""The outbox: `notify` writes one notification per person in the caller's transaction, so a
change that is rolled back tells nobody and a change that is committed is never lost (the
delivery command sends the rows on after the commit).

A title is given as `_l("... %(name)s ...", name=...)`: its message id and parameters are
stored, and each reader sees it translated into their own language.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from flask import current_app, has_request_context, url_for
from flask_babel.speaklater import LazyString
from sqlalchemy import JSON, Boolean, Integer, Select, String, insert, literal, select
from sqlalchemy.exc import IntegrityError

from portal.columns import utcnow
from portal.extensions import db
from portal.notifications.inbox import forget_unread_count
from portal.notifications.kinds import kind_of
from portal.notifications.models import Notification, NotificationMark
from portal.notifications.signals import tell


def _plain(value: Any) -> Any:
    """A parameter as stored: numbers and text as they are, lazy text as its own message."""
    if isinstance(value, LazyString):
        msgid, params = message_of(value)
        return {"msgid": msgid, "params": params}
    if isinstance(value, (int, float, str)) or value is None:
        return value
    return str(value)


def message_of(title) -> tuple[str, dict]:
    """(message id, parameters) of a title given as lazy text, or as plain text."""
    if isinstance(title, LazyString):
        return str(title._args[0]), {key: _plain(value) for key, value in title._kwargs.items()}
    return str(title), {}


def _user_ids(users_or_ids: Iterable) -> list[int]:
    ids = {getattr(u, "id", u) for u in users_or_ids if u is not None}
    return sorted(i for i in ids if isinstance(i, int))


def _first_time(key: str, now: datetime) -> bool:
    """Record the one-time key; False when it was recorded before (by anyone)."""
    if db.session.get(NotificationMark, key) is not None:
        return False
    try:
        with db.session.begin_nested():
            db.session.add(NotificationMark(key=key, created_at=now))
            db.session.flush()
    except IntegrityError:
        return False
    return True


def notify(
    users_or_ids: Iterable,
    *,
    kind: str,
    title,
    url: str = "",
    subject: tuple[str, int] | None = None,
    once: str | None = None,
    now: datetime | None = None,
) -> int:
    """Tell these people (users or ids) something of `kind`, leading to `url` (a path of the
    portal), about `subject` ("meeting", 3). With `once` (a key such as
    "voting_opens:meeting:3") the whole call happens at most once, whoever calls it again.
    Returns how many notifications were written."""
    kind_of(kind)
    now = now or utcnow()
    ids = _user_ids(users_or_ids)
    if once is not None and not _first_time(once, now):
        return 0
    if not ids:
        return 0
    msgid, params = message_of(title)
    subject_type, subject_id = subject or ("", None)
    rows = [
        {
            "user_id": user_id,
            "kind": kind,
            "title_msgid": msgid,
            "title_params": params,
            "url": url,
            "subject_type": subject_type,
            "subject_id": subject_id,
            "created_at": now,
            "planned": False,
        }
        for user_id in ids
    ]
    db.session.execute(insert(Notification), rows)
    forget_unread_count()
    return len(rows)


def notify_selected(
    user_ids: Select,
    *,
    kind: str,
    title,
    url: str = "",
    subject: tuple[str, int] | None = None,
    now: datetime | None = None,
) -> None:
    """`notify` the people a query selects (one column of user ids, each once), in one
    `INSERT … SELECT`: telling a station's staff costs no round trip to read who they are."""
    kind_of(kind)
    msgid, params = message_of(title)
    subject_type, subject_id = subject or ("", None)
    chosen = user_ids.subquery("chosen")
    rows = select(
        chosen.c[0],
        literal(kind, String()),
        literal(msgid, String()),
        literal(params, JSON()),
        literal(url, String()),
        literal(subject_type, String()),
        literal(subject_id, Integer()),
        literal(now or utcnow(), Notification.created_at.type),
        literal(False, Boolean()),
    )
    columns = ["user_id", "kind", "title_msgid", "title_params", "url", "subject_type", "subject_id"]
    db.session.execute(insert(Notification).from_select([*columns, "created_at", "planned"], rows))
    forget_unread_count()


@tell.connect
def _told(sender, **kwargs) -> int:
    """The signal form of `notify`: `tell.send(sender, users=..., kind=..., title=..., ...)`."""
    users = kwargs.pop("users")
    return notify(users, **kwargs)


def owner_ids(compound) -> list[int]:
    """The compound's verified owners (a verified claim on one of its units), by id."""
    from portal.registration.services import verified_holdings

    return sorted({user_id for user_id, _unit in verified_holdings(compound)})


def already_told(keys: Iterable[str]) -> set[str]:
    """Which of these one-time keys have been used (one query)."""
    keys = list(keys)
    if not keys:
        return set()
    return set(db.session.scalars(select(NotificationMark.key).where(NotificationMark.key.in_(keys))))


def path_for(endpoint: str, **values) -> str:
    """The path of a page ("/notices/3"), in a request or outside one (the delivery command's
    scan), for a notification's `url`."""
    if has_request_context():
        return url_for(endpoint, **values)
    return current_app.url_map.bind(
        "localhost", script_name=current_app.config.get("APPLICATION_ROOT") or "/"
    ).build(endpoint, values)
