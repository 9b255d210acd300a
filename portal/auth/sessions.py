"""Server-side sessions: one `UserSession` row per sign-in.

The session cookie (and the remember-me cookie) carry a random key whose SHA-256 hash is the
row's `key_hash`; the key itself is stored nowhere. A session lasts as long as its row: signing
out deletes the row, so a copy of the cookie or of its remember cookie stops working at once; a
password change deletes the person's other rows, and deactivating an account deletes them all.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import g, has_request_context, request
from sqlalchemy import ForeignKey, String, bindparam, delete, func, select, update
from sqlalchemy.orm import Mapped, joinedload, mapped_column, relationship

from portal.auth.models import User
from portal.columns import UTCDateTime, utcnow
from portal.extensions import db
from portal.statements import built_once

#: `last_seen_at` is written at most this often per session (not on every request).
SEEN_EVERY = timedelta(minutes=5)
MAX_USER_AGENT = 200
MAX_KEY_LENGTH = 100


class UserSession(db.Model):
    """One signed-in device of a person: created at sign-in, deleted at sign-out."""

    __tablename__ = "user_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_agent: Mapped[str] = mapped_column(String(MAX_USER_AGENT), default="")
    client_address: Mapped[str] = mapped_column(String(45), default="")

    user: Mapped[User] = relationship()


def digest(key: str) -> str:
    """The stored form of a session key or token."""
    return hashlib.sha256(key.encode()).hexdigest()


def client_details() -> dict:
    """The requesting device's User-Agent (truncated) and address, for lists of sessions."""
    if not has_request_context():
        return {"user_agent": "", "client_address": ""}
    agent = request.headers.get("User-Agent", "")[:MAX_USER_AGENT]
    return {"user_agent": agent, "client_address": (request.remote_addr or "")[:45]}


def open_session(user: User) -> str:
    """Start a session for `user` (at sign-in) and return the key the cookie carries; the user
    object then answers Flask-Login's `get_id()` with it."""
    key = secrets.token_urlsafe(32)
    db.session.add(UserSession(key_hash=digest(key), user_id=user.id, **client_details()))
    db.session.flush()
    user.session_key = key
    return key


@built_once
def _user_by_session_key(with_unread: bool = False):
    """The active user of a session (with their grants), by the key's hash, and for a page
    the count of their unread notifications (the header shows it): built once, on first use
    (when every model is mapped), since every signed-in request runs it."""
    from portal.notifications.models import Notification

    columns = [User, UserSession.id, UserSession.last_seen_at]
    if with_unread:
        unread = select(func.count(Notification.id)).where(
            Notification.user_id == User.id, Notification.read_at.is_(None)
        )
        columns.append(unread.scalar_subquery())
    return (
        select(*columns)
        .join(UserSession, UserSession.user_id == User.id)
        .options(joinedload(User.grants))
        .where(UserSession.key_hash == bindparam("key_hash"), User.active)
    )


def load_user(key: str) -> User | None:
    """The active user of the session with this key, with their grants, in one query; on a
    page (GET), the same query counts their unread notifications for the header."""
    if not key or len(key) > MAX_KEY_LENGTH:
        return None
    page = has_request_context() and request.method == "GET"
    found = db.session.execute(_user_by_session_key(page), {"key_hash": digest(key)}).unique().first()
    if found is None:
        return None
    user, session_id, last_seen, *unread = found
    if unread:
        g.unread_notifications = unread[0] or 0  # as portal.notifications.inbox.unread_count keeps it
    user.session_key = key
    g.user_session_id = session_id
    if last_seen <= utcnow() - SEEN_EVERY:
        touch_later(update(UserSession).where(UserSession.id == session_id).values(last_seen_at=utcnow()))
    return user


def touch_later(statement) -> None:
    """Note a bookkeeping write (when a session or token was last used) to be made after the
    request's own transaction, so that a reading request never upgrades to a write mid-way."""
    g.setdefault("touches", []).append(statement)


def note_seen() -> None:
    """After the request: make the bookkeeping writes in a short transaction of their own; a
    failure there (the database being down) never fails the response."""
    from sqlalchemy.exc import SQLAlchemyError

    statements = g.pop("touches", [])
    if not statements:
        return
    try:
        db.session.commit()
        for statement in statements:
            db.session.execute(statement)
        db.session.commit()
    except SQLAlchemyError:
        db.session.rollback()


def close_session(key: str | None) -> None:
    """End the session with this key (signing out)."""
    if key:
        db.session.execute(delete(UserSession).where(UserSession.key_hash == digest(key)))


def close_other_sessions(user: User, keep: str | None = None) -> None:
    """End every session of `user` but the one with key `keep` (after a password change)."""
    statement = delete(UserSession).where(UserSession.user_id == user.id)
    if keep:
        statement = statement.where(UserSession.key_hash != digest(keep))
    db.session.execute(statement)


def sessions_of(user: User) -> list[UserSession]:
    """The person's signed-in devices, most recently seen first."""
    query = (
        select(UserSession)
        .where(UserSession.user_id == user.id)
        .order_by(UserSession.last_seen_at.desc(), UserSession.id.desc())
    )
    return list(db.session.scalars(query))


def end_session_of(user: User, session_id: int) -> bool:
    """Sign one of the person's own devices out; False when it is not theirs (or gone)."""
    statement = delete(UserSession).where(UserSession.id == session_id, UserSession.user_id == user.id)
    return db.session.execute(statement).rowcount > 0


def is_current(session: UserSession) -> bool:
    """Whether this row is the session of the current request."""
    return has_request_context() and g.get("user_session_id") == session.id


_SYSTEMS = (("Android", "Android"), ("iPhone", "iPhone"), ("iPad", "iPad"), ("Windows", "Windows"))
_SYSTEMS += (("Mac OS", "Mac"), ("HarmonyOS", "HarmonyOS"), ("Linux", "Linux"))
_BROWSERS = (("MicroMessenger", "WeChat"), ("Edg/", "Edge"), ("Firefox", "Firefox"), ("Chrome", "Chrome"))
_BROWSERS += (("Safari", "Safari"),)


def device_label(user_agent: str) -> str:
    """A short name of a device from its User-Agent ("Android · WeChat"), or the text itself."""
    system = next((name for marker, name in _SYSTEMS if marker in user_agent), "")
    browser = next((name for marker, name in _BROWSERS if marker in user_agent), "")
    return " · ".join(part for part in (system, browser) if part) or user_agent[:60]
