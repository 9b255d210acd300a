"""The residents' forum (议事厅) of a compound: topics and replies in one table of posts (a reply
names its topic), photos, one-click support, reports, and the moderation and "taken up" marks."""

from __future__ import annotations

import enum
from datetime import datetime
from functools import cache

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, joinedload, mapped_column, relationship

from portal.auth.models import User
from portal.columns import UTCDateTime, enum_column, utcnow
from portal.extensions import db
from portal.places.models import Compound
from portal.uploads import Upload


class ForumCategory(enum.StrEnum):
    SUGGESTION = "suggestion"
    REPAIRS = "repairs"
    ENVIRONMENT = "environment"
    PARKING = "parking"
    SAFETY = "safety"
    FEES = "fees"
    NEIGHBOURS = "neighbours"
    OTHER = "other"


CATEGORY_LABELS = {
    ForumCategory.SUGGESTION: _l("Suggestions"),
    ForumCategory.REPAIRS: _l("Repairs and facilities"),
    ForumCategory.ENVIRONMENT: _l("Cleaning and greening"),
    ForumCategory.PARKING: _l("Parking and traffic"),
    ForumCategory.SAFETY: _l("Safety"),
    ForumCategory.FEES: _l("Fees and accounts"),
    ForumCategory.NEIGHBOURS: _l("Neighbours"),
    ForumCategory.OTHER: _l("Other"),
}


class ForumPost(db.Model):
    """A topic (`topic_id` empty: it has a title and a category) or a reply to one. Hidden
    posts keep their text for the author and the moderators; the author may ask for a review."""

    __tablename__ = "forum_posts"
    __table_args__ = (
        Index("ix_forum_posts_compound_topic_activity", "compound_id", "topic_id", "last_activity_at"),
        Index("ix_forum_posts_author_created", "author_id", "created_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    compound_id: Mapped[int] = mapped_column(ForeignKey("compounds.id", ondelete="CASCADE"))
    topic_id: Mapped[int | None] = mapped_column(ForeignKey("forum_posts.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    category: Mapped[ForumCategory | None] = mapped_column(enum_column(ForumCategory))
    title: Mapped[str] = mapped_column(String(100), default="")
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    last_activity_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    support_count: Mapped[int] = mapped_column(default=0)
    reply_count: Mapped[int] = mapped_column(default=0)
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    hidden_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    hidden_reason: Mapped[str] = mapped_column(String(500), default="")
    review_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    review_note: Mapped[str] = mapped_column(String(500), default="")
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    taken_up_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    taken_up_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    taken_up_url: Mapped[str] = mapped_column(String(300), default="")
    taken_up_note: Mapped[str] = mapped_column(String(300), default="")

    compound: Mapped[Compound] = relationship()
    author: Mapped[User] = relationship(foreign_keys=[author_id])
    topic: Mapped[ForumPost | None] = relationship(remote_side=[id])
    photos: Mapped[list[ForumPhoto]] = relationship(order_by="ForumPhoto.id", cascade="all, delete-orphan")

    @staticmethod
    @cache
    def loaded_with() -> tuple:
        """A post named by a URL comes with its compound and the compound's community (every
        rule about it reads them) (see `requires`)."""
        return (joinedload(ForumPost.compound).joinedload(Compound.community),)

    @property
    def is_topic(self) -> bool:
        return self.topic_id is None

    @property
    def hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def thread_id(self) -> int:
        return self.topic_id or self.id


class ForumPhoto(db.Model):
    __tablename__ = "forum_photos"

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("forum_posts.id", ondelete="CASCADE"), index=True)
    upload_id: Mapped[int] = mapped_column(ForeignKey("uploads.id"))

    post: Mapped[ForumPost] = relationship(back_populates="photos")
    upload: Mapped[Upload] = relationship()


class ForumSupport(db.Model):
    """One person's support of a topic: at most one (the primary key makes it so)."""

    __tablename__ = "forum_supports"

    post_id: Mapped[int] = mapped_column(ForeignKey("forum_posts.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)


class ForumReport(db.Model):
    """A report of a post by a reader, until a moderator hides the post or dismisses it."""

    __tablename__ = "forum_reports"
    __table_args__ = (UniqueConstraint("post_id", "reporter_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("forum_posts.id", ondelete="CASCADE"), index=True)
    reporter_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    post: Mapped[ForumPost] = relationship()
