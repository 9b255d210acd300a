"""The owners' assembly (业主大会): its establishment, meetings, agenda items, the frozen roster
of each meeting and the ballots cast on every channel."""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.assembly.rules import Matter
from portal.auth.models import User
from portal.columns import CreatedAt, UTCDateTime, enum_column, utcnow
from portal.extensions import db
from portal.places.models import Compound

DEFAULT_NOTICE_DAYS = 15
DEFAULT_OBJECTION_DAYS = 7


class AssemblyStatus(enum.StrEnum):
    NONE = "none"
    PREPARING = "preparing"
    ESTABLISHED = "established"


class Assembly(db.Model):
    """A compound's owners' assembly: whether it exists yet, and its settings."""

    __tablename__ = "assemblies"

    id: Mapped[int] = mapped_column(primary_key=True)
    compound_id: Mapped[int] = mapped_column(ForeignKey("compounds.id", ondelete="CASCADE"), unique=True)
    status: Mapped[AssemblyStatus] = mapped_column(enum_column(AssemblyStatus), default=AssemblyStatus.NONE)
    preparing_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    established_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Days between the notice and the opening of the vote (at least 15 by default).
    notice_days: Mapped[int] = mapped_column(default=DEFAULT_NOTICE_DAYS)
    #: Days after the vote closes during which owners may object to the preliminary result.
    objection_days: Mapped[int] = mapped_column(default=DEFAULT_OBJECTION_DAYS)
    #: When the first owner signed the application to establish the assembly.
    applied_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The roster the preparatory group confirmed and published before the first meeting.
    roster_published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    roster_area_hundredths: Mapped[int | None] = mapped_column(BigInteger)
    roster_owners: Mapped[int | None]

    compound: Mapped[Compound] = relationship()
    signatures: Mapped[list[AssemblySignature]] = relationship(
        back_populates="assembly", order_by="AssemblySignature.id", cascade="all, delete-orphan"
    )


class AssemblySignature(CreatedAt, db.Model):
    """A verified owner's signature on the application to establish the assembly."""

    __tablename__ = "assembly_signatures"
    __table_args__ = (UniqueConstraint("assembly_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    assembly_id: Mapped[int] = mapped_column(ForeignKey("assemblies.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))

    assembly: Mapped[Assembly] = relationship(back_populates="signatures")
    user: Mapped[User] = relationship()


class MeetingKind(enum.StrEnum):
    REGULAR = "regular"
    EXTRAORDINARY = "extraordinary"


class MeetingForm(enum.StrEnum):
    COLLECTIVE = "collective"
    WRITTEN = "written"


class MeetingStatus(enum.StrEnum):
    """Stored states; `voting` and `counted` follow from the clock (see services.status_of)."""

    DRAFT = "draft"
    ANNOUNCED = "announced"
    VOTING = "voting"
    COUNTED = "counted"
    FINAL = "final"
    CANCELLED = "cancelled"


class Meeting(CreatedAt, db.Model):
    """A meeting of the owners' assembly, with its voting window and frozen roster totals."""

    __tablename__ = "meetings"
    __table_args__ = (CheckConstraint("voting_closes_at > voting_opens_at", name="window_order"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    compound_id: Mapped[int] = mapped_column(ForeignKey("compounds.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[MeetingKind] = mapped_column(enum_column(MeetingKind))
    form: Mapped[MeetingForm] = mapped_column(enum_column(MeetingForm))
    status: Mapped[MeetingStatus] = mapped_column(enum_column(MeetingStatus), default=MeetingStatus.DRAFT)
    voting_opens_at: Mapped[datetime] = mapped_column(UTCDateTime)
    voting_closes_at: Mapped[datetime] = mapped_column(UTCDateTime)
    announced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finalised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    objection_days: Mapped[int] = mapped_column(default=DEFAULT_OBJECTION_DAYS)
    #: The roster frozen when the notice is published: the denominators of every item.
    total_area_hundredths: Mapped[int | None] = mapped_column(BigInteger)
    total_owners: Mapped[int | None]
    cancel_reason: Mapped[str] = mapped_column(String(500), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    compound: Mapped[Compound] = relationship()
    items: Mapped[list[MeetingItem]] = relationship(
        back_populates="meeting", order_by="MeetingItem.number", cascade="all, delete-orphan"
    )


class MeetingItem(db.Model):
    """One item of the agenda, tagged with the Art. 278 matter that decides its rule."""

    __tablename__ = "meeting_items"
    __table_args__ = (UniqueConstraint("meeting_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    matter: Mapped[Matter] = mapped_column(enum_column(Matter, length=30))

    meeting: Mapped[Meeting] = relationship(back_populates="items")


class MeetingOwner(db.Model):
    """An owner group as frozen in a meeting's roster: its key, name, units and area. Ballots
    point here, so a later roster import cannot change a meeting's counts."""

    __tablename__ = "meeting_owners"
    __table_args__ = (UniqueConstraint("meeting_id", "owner_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    owner_key: Mapped[str] = mapped_column(String(64))
    owner_name: Mapped[str] = mapped_column(String(100), default="")
    units: Mapped[str] = mapped_column(Text, default="")
    area_hundredths: Mapped[int] = mapped_column(BigInteger)


class BallotChoice(enum.StrEnum):
    AGREE = "agree"
    OPPOSE = "oppose"
    ABSTAIN = "abstain"


class BallotChannel(enum.StrEnum):
    ONLINE = "online"
    PAPER = "paper"
    PROXY = "proxy"


class Ballot(db.Model):
    """One owner group's choice on one item. The unique constraint makes it one ballot per
    group per item whatever the channel, even when two submissions race."""

    __tablename__ = "ballots"
    __table_args__ = (
        UniqueConstraint("item_id", "meeting_owner_id"),
        Index("ix_ballots_meeting_item", "meeting_id", "item_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    item_id: Mapped[int] = mapped_column(ForeignKey("meeting_items.id", ondelete="CASCADE"))
    meeting_owner_id: Mapped[int] = mapped_column(ForeignKey("meeting_owners.id", ondelete="CASCADE"))
    choice: Mapped[BallotChoice] = mapped_column(enum_column(BallotChoice))
    channel: Mapped[BallotChannel] = mapped_column(enum_column(BallotChannel))
    #: The owner who voted online, or the committee member who entered a paper or proxy ballot.
    cast_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    proxy_name: Mapped[str] = mapped_column(String(100), default="")
    receipt: Mapped[str] = mapped_column(String(16), default="", index=True)
    cast_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    cast_by: Mapped[User | None] = relationship()
    owner: Mapped[MeetingOwner] = relationship()
    item: Mapped[MeetingItem] = relationship()
    meeting: Mapped[Meeting] = relationship()


class Objection(CreatedAt, db.Model):
    """An owner's objection to a preliminary result, and the committee's answer."""

    __tablename__ = "objections"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    text: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text, default="")
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    answered_by: Mapped[User | None] = relationship(foreign_keys=[answered_by_id])
    meeting: Mapped[Meeting] = relationship()


class AttachmentPurpose(enum.StrEnum):
    ITEM = "item"
    PROXY_AUTHORISATION = "proxy_authorisation"


class Attachment(CreatedAt, db.Model):
    """A PDF or image: a document of an agenda item, or a proxy's written authorisation. The
    file lives in the upload store under `stored_name`; the database keeps what it is."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("meeting_items.id", ondelete="CASCADE"))
    meeting_owner_id: Mapped[int | None] = mapped_column(ForeignKey("meeting_owners.id", ondelete="CASCADE"))
    purpose: Mapped[AttachmentPurpose] = mapped_column(enum_column(AttachmentPurpose, length=30))
    original_name: Mapped[str] = mapped_column(String(200))
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    content_type: Mapped[str] = mapped_column(String(50))
    size: Mapped[int]
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    meeting: Mapped[Meeting] = relationship()
