"""Issuing and checking API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal.api.models import ApiToken
from portal.auth.models import User
from portal.columns import utcnow
from portal.extensions import db

TOKEN_LIFETIME = timedelta(days=30)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(user: User, now: datetime | None = None) -> tuple[str, datetime]:
    """A new random token for the user; only its hash is stored."""
    token = secrets.token_urlsafe(32)
    expires_at = (now or utcnow()) + TOKEN_LIFETIME
    db.session.add(ApiToken(user_id=user.id, token_hash=_digest(token), expires_at=expires_at))
    db.session.flush()
    return token, expires_at


def user_for_token(token: str, now: datetime | None = None) -> User | None:
    """The active user a valid, unexpired token belongs to."""
    if not token or len(token) > 200:
        return None
    query = (
        select(ApiToken)
        .options(selectinload(ApiToken.user).selectinload(User.grants))
        .where(ApiToken.token_hash == _digest(token))
    )
    found = db.session.scalar(query)
    if found is None or found.expires_at <= (now or utcnow()) or not found.user.active:
        return None
    return found.user
