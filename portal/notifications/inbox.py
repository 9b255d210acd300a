"""Reading notifications: the unread count in the header, the inbox, and marking read."""

from __future__ import annotations

from datetime import datetime

from flask import g, has_request_context
from sqlalchemy import bindparam, func, select, update

from portal.columns import utcnow
from portal.extensions import db
from portal.notifications.models import Notification
from portal.statements import built_once
from portal.translation import catalogue


def unread_count(user) -> int:
    """How many of the user's notifications are unread (one indexed query, once a request)."""
    if not getattr(user, "is_authenticated", False):
        return 0
    if "unread_notifications" not in g:
        g.unread_notifications = db.session.scalar(_unread_of_user(), {"user_id": user.id}) or 0
    return g.unread_notifications


@built_once
def _unread_of_user():
    """Built once (every signed-in page asks): how many of a user's notifications are unread."""
    return select(func.count(Notification.id)).where(
        Notification.user_id == bindparam("user_id"), Notification.read_at.is_(None)
    )


def inbox_query(user):
    """The user's notifications, newest first."""
    return select(Notification).where(Notification.user_id == user.id).order_by(Notification.id.desc())


def translate(msgid: str, params: dict | None) -> str:
    """A stored message in the current language, its parameters translated too."""
    text = catalogue().ugettext(msgid)
    if not params:
        return text
    values = {
        key: translate(value["msgid"], value.get("params")) if isinstance(value, dict) else value
        for key, value in params.items()
    }
    try:
        return text % values
    except (KeyError, ValueError, TypeError):  # a catalogue that does not match its message
        return msgid % values if "%(" in msgid else msgid


def title_of(notification: Notification) -> str:
    """The notification's title in the reader's language."""
    return translate(notification.title_msgid, notification.title_params)


def open_notification(notification: Notification, now: datetime | None = None) -> str:
    """Mark the notification read (when opened through the inbox) and return where it leads."""
    if notification.read_at is None:
        notification.read_at = now or utcnow()
        forget_unread_count()
    return notification.url


def mark_all_read(user, now: datetime | None = None) -> int:
    """Mark every unread notification of the user read; returns how many."""
    statement = (
        update(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=now or utcnow())
        .execution_options(synchronize_session=False)
    )
    forget_unread_count()
    return db.session.execute(statement).rowcount


def forget_unread_count() -> None:
    """The request's unread count is read again when next asked (its notifications changed)."""
    if has_request_context():
        g.pop("unread_notifications", None)
