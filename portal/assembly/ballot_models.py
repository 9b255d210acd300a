"""Ballots of the owners' assembly: the choices, the channels, one ballot per owner group and
item, and the history of a co-owner's changes."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING

from sqlalchemy import (
    ForeignKey,
    Index,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.auth.models import User
from portal.columns import UTCDateTime, enum_column, utcnow
from portal.electorate import ElectorateGroup
from portal.extensions import db

if TYPE_CHECKING:
    from portal.assembly.models import Meeting, MeetingItem


class BallotChoice(enum.StrEnum):
    """What a ballot says on an item. BLANK (an item left empty on a paper ballot) and INVALID
    (a spoilt paper ballot, 废票) count as abstaining or not at all, by the compound's rules."""

    AGREE = "agree"
    OPPOSE = "oppose"
    ABSTAIN = "abstain"
    BLANK = "blank"
    INVALID = "invalid"


#: The choices a voter makes; BLANK and INVALID are recorded for paper ballots only.
VOTER_CHOICES = (BallotChoice.AGREE, BallotChoice.OPPOSE, BallotChoice.ABSTAIN)


class BallotChannel(enum.StrEnum):
    ONLINE = "online"
    PAPER = "paper"
    PROXY = "proxy"


class Ballot(db.Model):
    """One owner group's choice on one item. The unique constraint makes it one ballot per
    group per item whatever the channel, even when two submissions race."""

    __tablename__ = "ballots"
    __table_args__ = (
        UniqueConstraint("item_id", "group_id"),
        Index("ix_ballots_meeting_item", "meeting_id", "item_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    item_id: Mapped[int] = mapped_column(ForeignKey("meeting_items.id", ondelete="CASCADE"))
    group_id: Mapped[int] = mapped_column(ForeignKey("electorate_groups.id", ondelete="CASCADE"))
    choice: Mapped[BallotChoice] = mapped_column(enum_column(BallotChoice))
    channel: Mapped[BallotChannel] = mapped_column(enum_column(BallotChannel))
    #: The owner who voted online, or the committee member who entered a paper or proxy ballot.
    cast_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    proxy_name: Mapped[str] = mapped_column(String(100), default="")
    receipt: Mapped[str] = mapped_column(String(16), default="", index=True)
    cast_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: For paper and proxy ballots: the day the committee collected the sheet (Beijing date);
    #: it may be entered after the close only if collected by the closing day.
    collected_on: Mapped[date | None]
    #: A paper or proxy ballot entered for the wrong owner is voided (kept, not counted).
    voided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    voided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    void_reason: Mapped[str] = mapped_column(String(500), default="", server_default="")

    cast_by: Mapped[User | None] = relationship(foreign_keys=[cast_by_id])
    owner: Mapped[ElectorateGroup] = relationship()
    item: Mapped[MeetingItem] = relationship()
    meeting: Mapped[Meeting] = relationship()


class BallotChange(db.Model):
    """An online ballot replaced by another person of the same owner group (a co-owner): the
    earlier choice, who had cast it and with which receipt, and who changed it when. Co-owners
    count as one owner, so either may change the group's ballot, but never silently."""

    __tablename__ = "ballot_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    ballot_id: Mapped[int] = mapped_column(ForeignKey("ballots.id", ondelete="CASCADE"), index=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    previous_choice: Mapped[BallotChoice] = mapped_column(enum_column(BallotChoice))
    previous_cast_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    previous_receipt: Mapped[str] = mapped_column(String(16), default="", index=True)
    previous_cast_at: Mapped[datetime] = mapped_column(UTCDateTime)
    changed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime)

    ballot: Mapped[Ballot] = relationship()
    previous_cast_by: Mapped[User | None] = relationship(foreign_keys=[previous_cast_by_id])
    changed_by: Mapped[User] = relationship(foreign_keys=[changed_by_id])
