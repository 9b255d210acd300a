"""Notices of a compound's board, their corrections (amendments), and who published them."""

from __future__ import annotations

import enum
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Boolean, ColumnElement, ForeignKey, Index, String, Text, and_, or_
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.auth.models import User
from portal.columns import CreatedAt, UTCDateTime, enum_column
from portal.extensions import db
from portal.places.models import Compound
from portal.uploads import Upload
from portal.workflow import Stateful, Transition, Workflow


class NoticeCategory(enum.StrEnum):
    MEETING = "meeting"
    RESULT = "result"
    DECISION = "decision"
    FINANCE = "finance"
    NEWS = "news"
    OTHER = "other"


CATEGORY_LABELS = {
    NoticeCategory.MEETING: _l("Meeting notice"),
    NoticeCategory.RESULT: _l("Result announcement"),
    NoticeCategory.DECISION: _l("Committee decision"),
    NoticeCategory.FINANCE: _l("Finance"),
    NoticeCategory.NEWS: _l("Community news"),
    NoticeCategory.OTHER: _l("Other"),
}


class PublisherKind(enum.StrEnum):
    """The body a notice is published in the name of (the person is kept as the author)."""

    COMMITTEE = "committee"
    PREPARATORY_GROUP = "preparatory_group"
    COMMUNITY = "community"
    STREET_OFFICE = "street_office"


class NoticeStatus(enum.StrEnum):
    """Stored: published or withdrawn. `scheduled` (before its publish time) and `expired`
    (after its expiry) follow from the clock."""

    SCHEDULED = "scheduled"
    PUBLISHED = "published"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self])


STATUS_LABELS = {
    NoticeStatus.SCHEDULED: _l("Scheduled"),
    NoticeStatus.PUBLISHED: _l("Published"),
    NoticeStatus.EXPIRED: _l("Expired"),
    NoticeStatus.WITHDRAWN: _l("Withdrawn"),
}


def notice_state(notice: Notice, now: datetime) -> NoticeStatus:
    """The notice's state at `now`: scheduled before its publish time, expired after its
    expiry, withdrawn once withdrawn."""
    if notice.status == NoticeStatus.WITHDRAWN:
        return NoticeStatus.WITHDRAWN
    if now < notice.publish_at:
        return NoticeStatus.SCHEDULED
    if notice.expires_at is not None and notice.expires_at <= now:
        return NoticeStatus.EXPIRED
    return NoticeStatus.PUBLISHED


def notice_state_in(states: frozenset, now: datetime) -> ColumnElement:
    """SQL: the notice's state at `now` is one of `states`."""
    issued = Notice.status == NoticeStatus.PUBLISHED
    by_clock = {
        NoticeStatus.SCHEDULED: and_(issued, Notice.publish_at > now),
        NoticeStatus.PUBLISHED: and_(
            issued, Notice.publish_at <= now, or_(Notice.expires_at.is_(None), Notice.expires_at > now)
        ),
        NoticeStatus.EXPIRED: and_(issued, Notice.publish_at <= now, Notice.expires_at <= now),
        NoticeStatus.WITHDRAWN: Notice.status == NoticeStatus.WITHDRAWN,
    }
    return or_(*(by_clock[state] for state in states))


class Notice(Stateful, CreatedAt, db.Model):
    """A notice on a compound's board. Public unless `owners_only`; invisible before
    `publish_at`; off the board (still reachable, marked expired) after `expires_at`."""

    __tablename__ = "notices"
    __table_args__ = (Index("ix_notices_board", "compound_id", "status", "publish_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    compound_id: Mapped[int] = mapped_column(ForeignKey("compounds.id"))
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    category: Mapped[NoticeCategory] = mapped_column(enum_column(NoticeCategory))
    publisher: Mapped[PublisherKind] = mapped_column(enum_column(PublisherKind))
    #: The person who wrote it; None for notices the portal wrote from a record (a meeting).
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    status: Mapped[NoticeStatus] = mapped_column(enum_column(NoticeStatus), default=NoticeStatus.PUBLISHED)
    publish_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    pinned: Mapped[bool] = mapped_column(Boolean, default=False)
    owners_only: Mapped[bool] = mapped_column(Boolean, default=False)
    #: What an automatic notice was written from ("meeting:12:final"): one notice per source.
    source: Mapped[str | None] = mapped_column(String(100), unique=True)
    #: Whether the compound's owners have been told of it (notices written by people).
    owners_told: Mapped[bool] = mapped_column(Boolean, default=False)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    withdraw_reason: Mapped[str] = mapped_column(String(500), default="")

    compound: Mapped[Compound] = relationship()
    author: Mapped[User | None] = relationship()
    attachments: Mapped[list[NoticeAttachment]] = relationship(
        back_populates="notice", order_by="NoticeAttachment.id", cascade="all, delete-orphan"
    )
    amendments: Mapped[list[NoticeAmendment]] = relationship(
        back_populates="notice", order_by="NoticeAmendment.id", cascade="all, delete-orphan"
    )

    workflow = Workflow(
        "notice",
        NoticeStatus,
        labels=STATUS_LABELS,
        state_of=notice_state,
        state_in=notice_state_in,
        transitions=[
            Transition(
                "withdraw",
                {NoticeStatus.SCHEDULED, NoticeStatus.PUBLISHED, NoticeStatus.EXPIRED},
                NoticeStatus.WITHDRAWN,
                "notice_withdrawn",
                _l("This notice has already been withdrawn."),
            ),
        ],
    )

    @property
    def automatic(self) -> bool:
        """Written by the portal from another record (a meeting), not by a person."""
        return self.source is not None


class NoticeAmendment(CreatedAt, db.Model):
    """A correction added to a published notice: the original text stays as published, and
    the correction is shown under it with its date."""

    __tablename__ = "notice_amendments"

    id: Mapped[int] = mapped_column(primary_key=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("notices.id", ondelete="CASCADE"), index=True)
    text: Mapped[str] = mapped_column(Text)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    notice: Mapped[Notice] = relationship(back_populates="amendments")
    author: Mapped[User | None] = relationship()


class NoticeAttachment(db.Model):
    """A document or photo that goes with a notice (a shared upload), seen by whoever may read
    the notice."""

    __tablename__ = "notice_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("notices.id", ondelete="CASCADE"), index=True)
    upload_id: Mapped[int] = mapped_column(ForeignKey("uploads.id"), unique=True)

    notice: Mapped[Notice] = relationship(back_populates="attachments")
    upload: Mapped[Upload] = relationship()
