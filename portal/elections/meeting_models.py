"""The committee's meetings and joint meetings (联席会议): kinds, attendance, the bodies taking
part, participants and decisions."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.columns import CreatedAt, UTCDateTime, enum_column
from portal.extensions import db
from portal.places.models import Compound

if TYPE_CHECKING:
    from portal.elections.models import CommitteeTerm, TermMember


class CommitteeMeetingKind(enum.StrEnum):
    COMMITTEE = "committee"
    JOINT = "joint"


class CommitteeMeetingStatus(enum.StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"


MEETING_KIND_LABELS = {
    CommitteeMeetingKind.COMMITTEE: _l("Committee meeting"),
    CommitteeMeetingKind.JOINT: _l("Joint meeting (联席会议)"),
}


class Attendance(enum.StrEnum):
    PRESENT = "present"
    ABSENT = "absent"
    LEAVE = "leave"


ATTENDANCE_LABELS = {
    Attendance.PRESENT: _l("Present"),
    Attendance.ABSENT: _l("Absent"),
    Attendance.LEAVE: _l("On leave"),
}


class Body(enum.StrEnum):
    """The bodies of a joint meeting (联席会议)."""

    PARTY = "party"
    RESIDENTS_COMMITTEE = "residents_committee"
    OWNERS_COMMITTEE = "owners_committee"
    PROPERTY = "property"
    OTHER = "other"


BODY_LABELS = {
    Body.PARTY: _l("Community party organisation"),
    Body.RESIDENTS_COMMITTEE: _l("Residents' committee"),
    Body.OWNERS_COMMITTEE: _l("Owners' committee"),
    Body.PROPERTY: _l("Property company or service centre"),
    Body.OTHER: _l("Other"),
}


class CommitteeMeeting(CreatedAt, db.Model):
    """A committee meeting or a joint meeting: agenda, attendance, minutes and decisions.
    Drafts are seen by the members; published minutes by the owners."""

    __tablename__ = "committee_meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    compound_id: Mapped[int] = mapped_column(ForeignKey("compounds.id"), index=True)
    term_id: Mapped[int] = mapped_column(ForeignKey("committee_terms.id"), index=True)
    kind: Mapped[CommitteeMeetingKind] = mapped_column(enum_column(CommitteeMeetingKind))
    status: Mapped[CommitteeMeetingStatus] = mapped_column(
        enum_column(CommitteeMeetingStatus), default=CommitteeMeetingStatus.DRAFT
    )
    title: Mapped[str] = mapped_column(String(200))
    held_at: Mapped[datetime] = mapped_column(UTCDateTime)
    place: Mapped[str] = mapped_column(String(200), default="")
    agenda: Mapped[str] = mapped_column(Text, default="")
    minutes: Mapped[str] = mapped_column(Text, default="")
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    compound: Mapped[Compound] = relationship()
    term: Mapped[CommitteeTerm] = relationship()
    attendance: Mapped[list[MeetingAttendance]] = relationship(cascade="all, delete-orphan")
    participants: Mapped[list[Participant]] = relationship(
        order_by="Participant.id", cascade="all, delete-orphan"
    )
    decisions: Mapped[list[Decision]] = relationship(order_by="Decision.number", cascade="all, delete-orphan")


class MeetingAttendance(db.Model):
    __tablename__ = "committee_attendance"

    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("committee_meetings.id", ondelete="CASCADE"), primary_key=True
    )
    member_id: Mapped[int] = mapped_column(
        ForeignKey("committee_members.id", ondelete="CASCADE"), primary_key=True
    )
    status: Mapped[Attendance] = mapped_column(enum_column(Attendance))

    member: Mapped[TermMember] = relationship()


class Participant(db.Model):
    """A participant of a joint meeting other than the committee's members: a staff user
    invited by their role, or a named outside participant, with the body they speak for."""

    __tablename__ = "committee_participants"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("committee_meetings.id", ondelete="CASCADE"), index=True
    )
    body: Mapped[Body] = mapped_column(enum_column(Body, length=30))
    name: Mapped[str] = mapped_column(String(100))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class Decision(db.Model):
    """A decision of a meeting with the votes of the members present; it is adopted only with
    more than half of all the committee's members. `noticed_at`: posted as a notice."""

    __tablename__ = "committee_decisions"
    __table_args__ = (UniqueConstraint("meeting_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("committee_meetings.id", ondelete="CASCADE"))
    number: Mapped[int]
    text: Mapped[str] = mapped_column(Text)
    votes_for: Mapped[int]
    votes_against: Mapped[int]
    abstentions: Mapped[int]
    members: Mapped[int]
    adopted: Mapped[bool]
    noticed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
