"""API tokens: stored as a SHA-256 hash, never in clear."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.auth.models import User
from portal.columns import CreatedAt, UTCDateTime
from portal.extensions import db


class ApiToken(CreatedAt, db.Model):
    """A bearer token of one user, valid until it expires, is revoked, or the password changes."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: When the token was last used (written at most every few minutes).
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The User-Agent of the client it was issued to (truncated).
    client: Mapped[str] = mapped_column(String(200), default="", server_default="")

    user: Mapped[User] = relationship()
