"""The owners' assembly (业主大会): its establishment, meetings, agenda items, the frozen roster
of each meeting and the ballots cast on every channel."""

from __future__ import annotations

import enum
from datetime import datetime
from functools import cache

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ColumnElement,
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
    and_,
    false,
    or_,
)
from sqlalchemy.orm import Mapped, joinedload, mapped_column, relationship

from portal.assembly.rules import Matter, Rule, rule_for
from portal.auth.models import User
from portal.columns import CreatedAt, UTCDateTime, enum_column
from portal.electorate import Electorate
from portal.extensions import db
from portal.places.models import Compound
from portal.uploads import Upload
from portal.workflow import Stateful, Transition, Workflow

DEFAULT_NOTICE_DAYS = 15
DEFAULT_OBJECTION_DAYS = 7
#: Days after voting closes during which paper ballots collected by the deadline may still be
#: entered, before the preliminary result.
DEFAULT_PAPER_DAYS = 2


class AssemblyStatus(enum.StrEnum):
    NONE = "none"
    PREPARING = "preparing"
    ESTABLISHED = "established"


ASSEMBLY_STATUS_LABELS = {
    AssemblyStatus.NONE: _l("Not established"),
    AssemblyStatus.PREPARING: _l("Preparatory group at work"),
    AssemblyStatus.ESTABLISHED: _l("Established"),
}


class Assembly(Stateful, db.Model):
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
    #: Days after the vote closes for entering paper ballots collected by the deadline.
    paper_days: Mapped[int] = mapped_column(
        default=DEFAULT_PAPER_DAYS, server_default=str(DEFAULT_PAPER_DAYS)
    )
    #: The rules of procedure (议事规则) count a blank item or an invalid paper ballot (废票) as
    #: abstaining (taking part); otherwise they do not count at all.
    blank_counts_as_abstain: Mapped[bool] = mapped_column(default=False, server_default=false())
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

    workflow = Workflow(
        "assembly",
        AssemblyStatus,
        labels=ASSEMBLY_STATUS_LABELS,
        transitions=[
            Transition(
                "prepare",
                {AssemblyStatus.NONE},
                AssemblyStatus.PREPARING,
                "preparatory_group_formed",
                _l("The preparatory group has already been formed."),
            ),
            Transition(
                "establish",
                {AssemblyStatus.PREPARING},
                AssemblyStatus.ESTABLISHED,
                "assembly_established",
                _l("Only an assembly being prepared can be established."),
            ),
        ],
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
    """Stored states are draft, announced, final and cancelled; `voting`, `collecting` and
    `counted` follow from the clock: an announced meeting inside its voting window, in the days
    after it when paper ballots collected by the deadline are still entered, and after those."""

    DRAFT = "draft"
    ANNOUNCED = "announced"
    VOTING = "voting"
    COLLECTING = "collecting"
    COUNTED = "counted"
    FINAL = "final"
    CANCELLED = "cancelled"

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self])


STATUS_LABELS = {
    MeetingStatus.DRAFT: _l("Draft"),
    MeetingStatus.ANNOUNCED: _l("Announced"),
    MeetingStatus.VOTING: _l("Voting open"),
    MeetingStatus.COLLECTING: _l("Voting closed, paper ballots being entered"),
    MeetingStatus.COUNTED: _l("Counted, open for objections"),
    MeetingStatus.FINAL: _l("Final"),
    MeetingStatus.CANCELLED: _l("Cancelled"),
}


def meeting_state(meeting: Meeting, now: datetime) -> MeetingStatus:
    """The meeting's state at `now`: an announced meeting is voting inside its window and
    counted (open for objections) after it."""
    if meeting.status != MeetingStatus.ANNOUNCED:
        return meeting.status
    if now < meeting.voting_opens_at:
        return MeetingStatus.ANNOUNCED
    if now < meeting.voting_closes_at:
        return MeetingStatus.VOTING
    if now < meeting.counted_at:
        return MeetingStatus.COLLECTING
    return MeetingStatus.COUNTED


def meeting_state_in(states: frozenset, now: datetime) -> ColumnElement:
    """SQL: the meeting's state at `now` is one of `states` (the clock read in the database
    row, so that a conditional UPDATE cannot act on a window that has moved)."""
    announced = Meeting.status == MeetingStatus.ANNOUNCED
    by_clock = {
        MeetingStatus.ANNOUNCED: and_(announced, Meeting.voting_opens_at > now),
        MeetingStatus.VOTING: and_(announced, Meeting.voting_opens_at <= now, Meeting.voting_closes_at > now),
        MeetingStatus.COLLECTING: and_(announced, Meeting.voting_closes_at <= now, Meeting.counted_at > now),
        MeetingStatus.COUNTED: and_(announced, Meeting.counted_at <= now),
    }

    return or_(*(by_clock.get(state, Meeting.status == state) for state in states))


class Meeting(Stateful, CreatedAt, db.Model):
    """A meeting of the owners' assembly, with its voting window and frozen roster totals."""

    __tablename__ = "meetings"
    __table_args__ = (
        CheckConstraint("voting_closes_at > voting_opens_at", name="window_order"),
        CheckConstraint("counted_at >= voting_closes_at", name="counted_after_close"),
    )

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
    #: When the preliminary result is out: the close of voting plus the days for entering paper
    #: ballots collected by then (the compound's setting when the meeting was drafted).
    counted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: The compound's rule on blank items and invalid paper ballots, as when the notice went out.
    blank_counts_as_abstain: Mapped[bool] = mapped_column(default=False, server_default=false())
    #: The roster frozen when the notice is published: the denominators of every item.
    electorate_id: Mapped[int | None] = mapped_column(ForeignKey("electorates.id"))
    cancel_reason: Mapped[str] = mapped_column(String(500), default="")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    compound: Mapped[Compound] = relationship()
    electorate: Mapped[Electorate | None] = relationship()
    items: Mapped[list[MeetingItem]] = relationship(
        back_populates="meeting", order_by="MeetingItem.number", cascade="all, delete-orphan"
    )

    workflow = Workflow(
        "meeting",
        MeetingStatus,
        labels=STATUS_LABELS,
        state_of=meeting_state,
        state_in=meeting_state_in,
        transitions=[
            Transition(
                "publish",
                {MeetingStatus.DRAFT},
                MeetingStatus.ANNOUNCED,
                "meeting_announced",
                _l("Only a draft meeting can be announced."),
            ),
            Transition(
                "cancel",
                {MeetingStatus.DRAFT, MeetingStatus.ANNOUNCED},
                MeetingStatus.CANCELLED,
                "meeting_cancelled",
                _l("A meeting can only be cancelled before voting opens."),
            ),
            Transition(
                "finalise",
                {MeetingStatus.COUNTED},
                MeetingStatus.FINAL,
                "meeting_finalised",
                _l("Only a counted meeting can be finalised."),
            ),
        ],
    )

    @staticmethod
    @cache
    def loaded_with() -> tuple:
        """A meeting named by a URL comes with its compound and the compound's community (every
        rule about it reads them), its agenda and its frozen roster (the page's tally reads its
        totals) (see `requires`)."""
        return (
            joinedload(Meeting.compound).joinedload(Compound.community),
            joinedload(Meeting.items),
            joinedload(Meeting.electorate),
        )

    @property
    def total_area_hundredths(self) -> int | None:
        """The frozen roster's total area (None before the notice)."""
        return self.electorate.total_area_hundredths if self.electorate else None

    @property
    def total_owners(self) -> int | None:
        """The frozen roster's owner groups (None before the notice)."""
        return self.electorate.total_owners if self.electorate else None


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

    @property
    def rule(self) -> Rule:
        """The passing rule of the item's matter (three quarters for matters 6–8)."""
        return rule_for(self.matter)


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
    """A document of an agenda item, or a proxy's written authorisation: which meeting, item or
    owner group it belongs to; the file itself is an `Upload` (PDF or image)."""

    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"), index=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("meeting_items.id", ondelete="CASCADE"))
    group_id: Mapped[int | None] = mapped_column(ForeignKey("electorate_groups.id", ondelete="CASCADE"))
    purpose: Mapped[AttachmentPurpose] = mapped_column(enum_column(AttachmentPurpose, length=30))
    upload_id: Mapped[int] = mapped_column(ForeignKey("uploads.id"), unique=True)

    upload: Mapped[Upload] = relationship(lazy="joined")
    meeting: Mapped[Meeting] = relationship()


from portal.assembly.ballot_models import VOTER_CHOICES, Ballot, BallotChange, BallotChannel, BallotChoice  # noqa: E402,F401  (moved; imported from here too)
