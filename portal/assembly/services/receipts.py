"""What voters see of their votes afterwards: their receipts, where their vote in a meeting
stands, and the changes a co-owner made to the group's online ballot since."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import joinedload

from portal.assembly.models import (
    Ballot,
    BallotChange,
    BallotChannel,
    BallotChoice,
    Meeting,
    MeetingItem,
)
from portal.assembly.services.ballots import ballots_of
from portal.auth.models import User
from portal.electorate import ElectorateGroup
from portal.extensions import db
from portal.statements import built_once


def _changes_query():
    """A meeting's ballot changes (parameter: meeting_id), oldest first, with who changed them."""
    return (
        select(BallotChange)
        .options(
            joinedload(BallotChange.changed_by),
            joinedload(BallotChange.previous_cast_by),
            joinedload(BallotChange.ballot).joinedload(Ballot.item),
            joinedload(BallotChange.ballot).joinedload(Ballot.owner),
        )
        .where(BallotChange.meeting_id == bindparam("meeting_id"))
        .order_by(BallotChange.changed_at, BallotChange.id)
    )


@built_once
def _changes_by_receipt() -> Select:
    return _changes_query().where(BallotChange.previous_receipt == bindparam("receipt"))


@built_once
def _changes_of_ballots() -> Select:
    return _changes_query().where(BallotChange.ballot_id.in_(bindparam("ballot_ids", expanding=True)))


def changes_by_receipt(meeting: Meeting, receipt: str) -> list[BallotChange]:
    """The ballots of a receipt that a co-owner has changed since: what the receipt's voter
    chose, who changed it and when (the ballot's choice now is on `change.ballot`)."""
    values = {"meeting_id": meeting.id, "receipt": receipt.strip().upper()}
    return list(db.session.scalars(_changes_by_receipt(), values))


@built_once
def _changes_of_ballots_cast_by() -> Select:
    return (
        select(BallotChange)
        .options(
            joinedload(BallotChange.changed_by),
            joinedload(BallotChange.ballot).joinedload(Ballot.item),
            joinedload(BallotChange.ballot).joinedload(Ballot.meeting),
        )
        .where(BallotChange.previous_cast_by_id == bindparam("user_id"))
        .order_by(BallotChange.changed_at.desc(), BallotChange.id)
    )


def changes_of(user: User) -> list[BallotChange]:
    """The person's online ballots that a co-owner has changed since, newest first (so that
    "my receipts" does not lose them without a word)."""
    return list(db.session.scalars(_changes_of_ballots_cast_by(), {"user_id": user.id}))


def last_changes(meeting: Meeting, ballots: list[Ballot]) -> dict[int, BallotChange]:
    """The latest change by another person of each of these ballots, by ballot id (for the
    vote page: "changed by 刘洋 at 14:02; earlier: agree")."""
    if not ballots:
        return {}
    values = {"meeting_id": meeting.id, "ballot_ids": [b.id for b in ballots]}
    return {change.ballot_id: change for change in db.session.scalars(_changes_of_ballots(), values)}


@dataclass(frozen=True)
class OwnVote:
    """Where the person's vote in a meeting stands: their latest online ballot (time and
    receipt code; none when only paper or proxy ballots were entered for them) and whether
    every owner group they vote for has a ballot on every item."""

    cast_at: datetime | None
    receipt: str
    complete: bool
    online: bool


def own_vote(
    meeting: Meeting,
    user: User,
    groups: list[ElectorateGroup],
    ballots: dict[tuple[int, int], Ballot] | None = None,
) -> OwnVote | None:
    """The person's vote in the meeting, or None when none of their groups has voted (their
    groups' `ballots` by (item id, group id) when already read, see `groups_with_ballots`)."""
    ballots = ballots_of(meeting, groups) if ballots is None else ballots
    if not ballots:
        return None
    mine = [b for b in ballots.values() if b.channel == BallotChannel.ONLINE and b.cast_by_id == user.id]
    latest = max(mine, key=lambda ballot: ballot.cast_at) if mine else None
    complete = all((item.id, group.id) in ballots for item in meeting.items for group in groups)
    online = all(ballot.channel == BallotChannel.ONLINE for ballot in ballots.values())
    return OwnVote(latest.cast_at if latest else None, latest.receipt if latest else "", complete, online)


@dataclass(frozen=True)
class Receipt:
    """One online vote of a person as it stands: the meeting, the code, when, and the ballots
    (one per item and owner group)."""

    meeting: Meeting
    code: str
    cast_at: datetime
    ballots: list[Ballot]

    @property
    def choices(self) -> list[tuple[MeetingItem, BallotChoice]]:
        """Each item voted on with its choice, in agenda order (the same for every group)."""
        by_item = {ballot.item.number: (ballot.item, ballot.choice) for ballot in self.ballots}
        return [by_item[number] for number in sorted(by_item)]

    @property
    def units(self) -> str:
        return "；".join(sorted({ballot.owner.units for ballot in self.ballots}))


@built_once
def _online_ballots_cast_by() -> Select:
    """The online ballots the person (`user_id`) cast that still stand, newest first."""
    return (
        select(Ballot)
        .options(
            joinedload(Ballot.item),
            joinedload(Ballot.owner),
            joinedload(Ballot.meeting).joinedload(Meeting.compound),
        )
        .where(
            Ballot.cast_by_id == bindparam("user_id"),
            Ballot.channel == BallotChannel.ONLINE,
            Ballot.receipt != "",
        )
        .order_by(Ballot.cast_at.desc(), Ballot.id)
    )


def receipts_of(user: User) -> list[Receipt]:
    """Every receipt of the person's online votes that still stands (a later vote replaces an
    earlier one), newest first, in one query."""
    grouped: dict[tuple[int, str], list[Ballot]] = {}
    for ballot in db.session.scalars(_online_ballots_cast_by(), {"user_id": user.id}):
        grouped.setdefault((ballot.meeting_id, ballot.receipt), []).append(ballot)
    return [Receipt(found[0].meeting, code, found[0].cast_at, found) for (_m, code), found in grouped.items()]
