"""Issuing, checking, listing and revoking API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import g
from sqlalchemy import delete, select, update
from sqlalchemy.orm import joinedload

from portal.api.models import ApiToken
from portal.auth.models import User
from portal.auth.sessions import SEEN_EVERY, client_details, touch_later
from portal.columns import utcnow
from portal.extensions import db

TOKEN_LIFETIME = timedelta(days=30)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user: User, now: datetime | None = None) -> tuple[str, datetime]:
    """A new random token for the user; only its hash is stored, with the client it went to."""
    token = secrets.token_urlsafe(32)
    expires_at = (now or utcnow()) + TOKEN_LIFETIME
    client = client_details()["user_agent"]
    db.session.add(ApiToken(user_id=user.id, token_hash=_digest(token), expires_at=expires_at, client=client))
    db.session.flush()
    return token, expires_at


def user_for_token(token: str, now: datetime | None = None) -> User | None:
    """The active user a valid, unexpired token belongs to; notes when it was used (at most
    every few minutes) and which token the request came with."""
    if not token or len(token) > 200:
        return None
    now = now or utcnow()
    query = (
        select(ApiToken)
        .options(joinedload(ApiToken.user).joinedload(User.grants))
        .where(ApiToken.token_hash == _digest(token))
    )
    found = db.session.scalars(query).unique().first()
    if found is None or found.expires_at <= now or not found.user.active:
        return None
    g.api_token_id = found.id
    if found.last_used_at is None or found.last_used_at <= now - SEEN_EVERY:
        touch_later(update(ApiToken).where(ApiToken.id == found.id).values(last_used_at=now))
    return found.user


def tokens_of(user: User) -> list[ApiToken]:
    """The person's unexpired tokens, newest first."""
    query = (
        select(ApiToken)
        .where(ApiToken.user_id == user.id, ApiToken.expires_at > utcnow())
        .order_by(ApiToken.created_at.desc(), ApiToken.id.desc())
    )
    return list(db.session.scalars(query))


def revoke_token(user: User, token_id: int) -> bool:
    """Revoke one of the person's own tokens; False when it is not theirs (or gone)."""
    statement = delete(ApiToken).where(ApiToken.id == token_id, ApiToken.user_id == user.id)
    return db.session.execute(statement).rowcount > 0


def revoke_tokens_of(user: User) -> None:
    """Revoke every token of the person (their password changed, or the account was closed)."""
    db.session.execute(delete(ApiToken).where(ApiToken.user_id == user.id))


def current_token_id() -> int | None:
    """The id of the token the current API request was signed in with."""
    return g.get("api_token_id")
