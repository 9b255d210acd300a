"""Owners' committee elections (业委会选举): the election, its candidates, one ballot per frozen
owner group with the candidates it approves, and the committee's term that a final result
creates with its members."""

from __future__ import annotations

import enum
from datetime import date, datetime
from functools import cache

from flask_babel import lazy_gettext as _l
from sqlalchemy import (
    JSON,
    CheckConstraint,
    ColumnElement,
    ForeignKey,
    String,
    Text,
    UniqueConstraint,
    and_,
    or_,
)
from sqlalchemy.orm import Mapped, joinedload, mapped_column, relationship

from portal.assembly.models import BallotChannel
from portal.auth.models import User
from portal.columns import CreatedAt, UTCDateTime, enum_column, utcnow
from portal.electorate import Electorate, ElectorateGroup
from portal.extensions import db
from portal.places.models import Compound
from portal.uploads import Upload
from portal.workflow import Stateful, Transition, Workflow


class ElectionStatus(enum.StrEnum):
    """Stored: draft, nominating, published (the candidate list), final, cancelled. `voting`,
    `collecting` and `counted` follow from the clock, as for assembly meetings."""

    DRAFT = "draft"
    NOMINATING = "nominating"
    PUBLISHED = "published"
    VOTING = "voting"
    COLLECTING = "collecting"
    COUNTED = "counted"
    FINAL = "final"
    CANCELLED = "cancelled"


STATUS_LABELS = {
    ElectionStatus.DRAFT: _l("Draft"),
    ElectionStatus.NOMINATING: _l("Nominations open"),
    ElectionStatus.PUBLISHED: _l("Candidate list published"),
    ElectionStatus.VOTING: _l("Voting open"),
    ElectionStatus.COLLECTING: _l("Voting closed, paper ballots being entered"),
    ElectionStatus.COUNTED: _l("Counted, open for objections"),
    ElectionStatus.FINAL: _l("Final"),
    ElectionStatus.CANCELLED: _l("Cancelled"),
}


def election_state(election: Election, now: datetime) -> ElectionStatus:
    """A published election is voting inside its window, collecting paper ballots in the days
    after it, and counted (open for objections) after those."""
    if election.status != ElectionStatus.PUBLISHED:
        return election.status
    if now < election.voting_opens_at:
        return ElectionStatus.PUBLISHED
    if now < election.voting_closes_at:
        return ElectionStatus.VOTING
    if now < election.counted_at:
        return ElectionStatus.COLLECTING
    return ElectionStatus.COUNTED


def election_state_in(states: frozenset, now: datetime) -> ColumnElement:
    """SQL: the election's state at `now` is one of `states` (the clock read in the row)."""
    published = Election.status == ElectionStatus.PUBLISHED
    by_clock = {
        ElectionStatus.PUBLISHED: and_(published, Election.voting_opens_at > now),
        ElectionStatus.VOTING: and_(
            published, Election.voting_opens_at <= now, Election.voting_closes_at > now
        ),
        ElectionStatus.COLLECTING: and_(
            published, Election.voting_closes_at <= now, Election.counted_at > now
        ),
        ElectionStatus.COUNTED: and_(published, Election.counted_at <= now),
    }
    return or_(*(by_clock.get(state, Election.status == state) for state in states))


class Election(Stateful, CreatedAt, db.Model):
    """An election of the owners' committee: seats, alternates, term, and its windows."""

    __tablename__ = "elections"
    __table_args__ = (
        CheckConstraint("voting_closes_at > voting_opens_at", name="window_order"),
        CheckConstraint("voting_opens_at >= nominations_close_at", name="nominations_first"),
        CheckConstraint("counted_at >= voting_closes_at", name="counted_after_close"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    compound_id: Mapped[int] = mapped_column(ForeignKey("compounds.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    status: Mapped[ElectionStatus] = mapped_column(enum_column(ElectionStatus), default=ElectionStatus.DRAFT)
    seats: Mapped[int]
    alternates: Mapped[int] = mapped_column(default=0)
    term_years: Mapped[int]
    nominations_close_at: Mapped[datetime] = mapped_column(UTCDateTime)
    voting_opens_at: Mapped[datetime] = mapped_column(UTCDateTime)
    voting_closes_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: The close plus the compound's days for entering paper ballots collected by then.
    counted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    objection_days: Mapped[int]
    published_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    finalised_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    electorate_id: Mapped[int | None] = mapped_column(ForeignKey("electorates.id"))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    compound: Mapped[Compound] = relationship()
    electorate: Mapped[Electorate | None] = relationship()
    candidates: Mapped[list[Candidate]] = relationship(
        back_populates="election", order_by="Candidate.number", cascade="all, delete-orphan"
    )

    @staticmethod
    @cache
    def loaded_with() -> tuple:
        """An election named by a URL comes with its compound and the compound's community
        (every rule about it reads them), its frozen roster and its candidates (its pages and
        its ballot list them; see `requires`)."""
        return (
            joinedload(Election.compound).joinedload(Compound.community),
            joinedload(Election.electorate),
            joinedload(Election.candidates),
        )

    workflow = Workflow(
        "election",
        ElectionStatus,
        labels=STATUS_LABELS,
        state_of=election_state,
        state_in=election_state_in,
        transitions=[
            Transition(
                "open_nominations",
                {ElectionStatus.DRAFT},
                ElectionStatus.NOMINATING,
                "election_nominations_opened",
                _l("Only a draft election can open its nominations."),
            ),
            Transition(
                "publish",
                {ElectionStatus.NOMINATING},
                ElectionStatus.PUBLISHED,
                "election_list_published",
                _l("The candidate list can be published only while nominations are open."),
            ),
            Transition(
                "cancel",
                {ElectionStatus.DRAFT, ElectionStatus.NOMINATING, ElectionStatus.PUBLISHED},
                ElectionStatus.CANCELLED,
                "election_cancelled",
                _l("An election can only be cancelled before voting opens."),
            ),
            Transition(
                "finalise",
                {ElectionStatus.COUNTED},
                ElectionStatus.FINAL,
                "election_finalised",
                _l("Only a counted election can be finalised."),
            ),
        ],
    )

    @property
    def total_area_hundredths(self) -> int | None:
        return self.electorate.total_area_hundredths if self.electorate else None

    @property
    def total_owners(self) -> int | None:
        return self.electorate.total_owners if self.electorate else None


class CandidateStatus(enum.StrEnum):
    NOMINATED = "nominated"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


CANDIDATE_STATUS_LABELS = {
    CandidateStatus.NOMINATED: _l("Nominated"),
    CandidateStatus.REJECTED: _l("Rejected"),
    CandidateStatus.WITHDRAWN: _l("Withdrawn"),
}


class Candidate(CreatedAt, db.Model):
    """A nominee: one person per owner group of the compound's roster, with a statement and an
    optional photo. Numbered in the order of nomination; the list keeps the standing ones."""

    __tablename__ = "election_candidates"
    __table_args__ = (
        UniqueConstraint("election_id", "owner_key"),
        UniqueConstraint("election_id", "number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("elections.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    owner_key: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(100))
    #: The owner's account when they nominated themself (or hold a verified claim on the group).
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    statement: Mapped[str] = mapped_column(Text, default="")
    photo_id: Mapped[int | None] = mapped_column(ForeignKey("uploads.id"))
    status: Mapped[CandidateStatus] = mapped_column(
        enum_column(CandidateStatus), default=CandidateStatus.NOMINATED
    )
    reject_reason: Mapped[str] = mapped_column(String(500), default="")
    nominated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    election: Mapped[Election] = relationship(back_populates="candidates")
    photo: Mapped[Upload | None] = relationship(lazy="joined")
    user: Mapped[User | None] = relationship(foreign_keys=[user_id])


class ElectionBallot(db.Model):
    """One owner group's ballot in an election, whatever the channel (the unique constraint
    settles races); the candidates it approves are its approvals. No approval: a blank ballot,
    which still counts as taking part."""

    __tablename__ = "election_ballots"
    __table_args__ = (UniqueConstraint("election_id", "group_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("elections.id", ondelete="CASCADE"), index=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("electorate_groups.id", ondelete="CASCADE"))
    channel: Mapped[BallotChannel] = mapped_column(enum_column(BallotChannel))
    cast_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    proxy_name: Mapped[str] = mapped_column(String(100), default="")
    receipt: Mapped[str] = mapped_column(String(16), default="", index=True)
    cast_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    collected_on: Mapped[date | None]
    #: A proxy's written authorisation (a shared upload).
    authorisation_id: Mapped[int | None] = mapped_column(ForeignKey("uploads.id"))

    owner: Mapped[ElectorateGroup] = relationship()
    cast_by: Mapped[User | None] = relationship()
    approvals: Mapped[list[Approval]] = relationship(cascade="all, delete-orphan")


class Approval(db.Model):
    """A ballot approves a candidate."""

    __tablename__ = "election_approvals"

    ballot_id: Mapped[int] = mapped_column(
        ForeignKey("election_ballots.id", ondelete="CASCADE"), primary_key=True
    )
    candidate_id: Mapped[int] = mapped_column(
        ForeignKey("election_candidates.id", ondelete="CASCADE"), primary_key=True
    )


class ElectionBallotChange(db.Model):
    """An online election ballot replaced by another person of the same owner group (a
    co-owner): the candidates it approved (by number), who had cast it and with which receipt,
    and who changed it when. Co-owners count as one owner, so either may change the group's
    ballot, but never silently."""

    __tablename__ = "election_ballot_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    ballot_id: Mapped[int] = mapped_column(ForeignKey("election_ballots.id", ondelete="CASCADE"), index=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("elections.id", ondelete="CASCADE"), index=True)
    previous_numbers: Mapped[list[int]] = mapped_column(JSON, default=list)
    previous_cast_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    previous_receipt: Mapped[str] = mapped_column(String(16), default="", index=True)
    previous_cast_at: Mapped[datetime] = mapped_column(UTCDateTime)
    changed_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    changed_at: Mapped[datetime] = mapped_column(UTCDateTime)

    ballot: Mapped[ElectionBallot] = relationship()
    previous_cast_by: Mapped[User | None] = relationship(foreign_keys=[previous_cast_by_id])
    changed_by: Mapped[User] = relationship(foreign_keys=[changed_by_id])


class MemberKind(enum.StrEnum):
    MEMBER = "member"
    ALTERNATE = "alternate"


class Post(enum.StrEnum):
    CHAIR = "chair"
    VICE_CHAIR = "vice_chair"
    MEMBER = "member"


POST_LABELS = {Post.CHAIR: _l("Chair"), Post.VICE_CHAIR: _l("Vice chair"), Post.MEMBER: _l("Member")}
MEMBER_KIND_LABELS = {MemberKind.MEMBER: _l("Member"), MemberKind.ALTERNATE: _l("Alternate")}


class CommitteeTerm(CreatedAt, db.Model):
    """A committee's term, created by an election's final announcement, with its dates and
    the day the street office recorded its filing (备案)."""

    __tablename__ = "committee_terms"

    id: Mapped[int] = mapped_column(primary_key=True)
    compound_id: Mapped[int] = mapped_column(ForeignKey("compounds.id"), index=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("elections.id"), unique=True)
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    filed_on: Mapped[date | None]

    election: Mapped[Election] = relationship()
    compound: Mapped[Compound] = relationship()
    members: Mapped[list[TermMember]] = relationship(
        back_populates="term", order_by="TermMember.rank", cascade="all, delete-orphan"
    )


class TermMember(db.Model):
    """A member (or alternate) of a term, in the order of the result; `left_on` when they
    resigned or were removed, with the recorded basis."""

    __tablename__ = "committee_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    term_id: Mapped[int] = mapped_column(ForeignKey("committee_terms.id", ondelete="CASCADE"), index=True)
    rank: Mapped[int]
    name: Mapped[str] = mapped_column(String(100))
    owner_key: Mapped[str] = mapped_column(String(64))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[MemberKind] = mapped_column(enum_column(MemberKind))
    post: Mapped[Post] = mapped_column(enum_column(Post), default=Post.MEMBER)
    #: A post held in the community party organisation or the residents' committee (交叉任职).
    cross_post: Mapped[str] = mapped_column(String(100), default="")
    left_on: Mapped[date | None]
    left_basis: Mapped[str] = mapped_column(String(500), default="")

    term: Mapped[CommitteeTerm] = relationship(back_populates="members")


class ElectionObjection(CreatedAt, db.Model):
    """An owner's objection to an election's preliminary result, and the organisers' answer."""

    __tablename__ = "election_objections"

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("elections.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    text: Mapped[str] = mapped_column(Text)
    answer: Mapped[str] = mapped_column(Text, default="")
    answered_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    election: Mapped[Election] = relationship()
    user: Mapped[User] = relationship(foreign_keys=[user_id])


class VoidedElectionBallot(db.Model):
    """A paper or proxy ballot voided in the objection period (entered for the wrong owner),
    kept as it was with who voided it, when and why. It no longer counts, and the owner group
    may vote again on paper."""

    __tablename__ = "election_voided_ballots"

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(ForeignKey("elections.id", ondelete="CASCADE"), index=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("electorate_groups.id", ondelete="CASCADE"))
    channel: Mapped[BallotChannel] = mapped_column(enum_column(BallotChannel))
    proxy_name: Mapped[str] = mapped_column(String(100), default="")
    cast_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    cast_at: Mapped[datetime] = mapped_column(UTCDateTime)
    collected_on: Mapped[date | None]
    #: The candidates it approved, by their numbers on the list.
    numbers: Mapped[list[int]] = mapped_column(JSON, default=list)
    voided_at: Mapped[datetime] = mapped_column(UTCDateTime)
    voided_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    reason: Mapped[str] = mapped_column(Text)

    owner: Mapped[ElectorateGroup] = relationship()
    voided_by: Mapped[User] = relationship(foreign_keys=[voided_by_id])


from portal.elections.meeting_models import (  # noqa: E402,F401  (moved; imported from here too)
    ATTENDANCE_LABELS,
    BODY_LABELS,
    MEETING_KIND_LABELS,
    Attendance,
    Body,
    CommitteeMeeting,
    CommitteeMeetingKind,
    CommitteeMeetingStatus,
    Decision,
    MeetingAttendance,
    Participant,
)
