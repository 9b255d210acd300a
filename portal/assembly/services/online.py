"""Online votes of an assembly meeting: whom a verified owner votes for, what their groups have
voted so far, and casting a vote in a constant handful of statements whatever the number of
items or groups.

A vote reads the person's groups with their ballots in one query (which also checks, in the
database and under a shared lock on the meeting's row, that voting is open), then writes every
ballot with one `INSERT … ON CONFLICT (item_id, group_id) DO UPDATE`. The update is guarded: it
replaces only an online ballot as it was read (its receipt one of those read; every online vote
writes a new random receipt), so a ballot recorded or changed by someone else in between (a
co-owner at the same moment, a paper ballot being entered) is never overwritten unseen: its row
comes back unwritten and is read again, then refused (paper) or replaced with its history kept
(a co-owner).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import datetime
from typing import NamedTuple

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, and_, bindparam, select, tuple_
from sqlalchemy.orm import joinedload

from portal import audit, electorate
from portal.assembly.models import (
    Ballot,
    BallotChange,
    BallotChannel,
    BallotChoice,
    Meeting,
    MeetingItem,
    MeetingStatus,
    meeting_state_in,
)
from portal.assembly.services.ballots import (
    _describe,
    _in_agenda_order,
    ballots_changed,
    require_voting,
)
from portal.auth.models import User
from portal.columns import UTCDateTime, utcnow
from portal.electorate import ElectorateGroup, voter_group_ids
from portal.errors import ConflictError, DomainError
from portal.extensions import db
from portal.online_votes import GuardedUpsert, receipt_guard, rounds
from portal.statements import built_once

VOTING = frozenset({MeetingStatus.VOTING})
ONLY_OWNERS = _l("Only verified owners of this compound can vote online.")


def voting_groups(user: User, meeting: Meeting) -> list[ElectorateGroup]:
    """The frozen owner groups `user` votes for in this meeting (by the units they held at the
    notice; see `portal.electorate.groups_of`), in one query."""
    if meeting.electorate_id is None:
        return []
    return electorate.groups_of_each(user, [meeting.electorate_id]).get(meeting.electorate_id, [])


def groups_with_ballots(
    meeting: Meeting, user: User
) -> tuple[list[ElectorateGroup], dict[tuple[int, int], Ballot]]:
    """The groups `user` votes for in the meeting and the ballots they have so far, by (item id,
    group id), with who cast each: in one query (the ballot page, the meeting page)."""
    if meeting.electorate_id is None or not getattr(user, "is_authenticated", False):
        return [], {}
    params = {"meeting_id": meeting.id, "user_id": user.id, "electorate_id": meeting.electorate_id}
    groups: dict[int, ElectorateGroup] = {}
    ballots: dict[tuple[int, int], Ballot] = {}
    for group, ballot in db.session.execute(_groups_with_ballots(), params):
        groups.setdefault(group.id, group)
        if ballot is not None:
            ballots[(ballot.item_id, group.id)] = ballot
    return list(groups.values()), ballots


@built_once
def _groups_with_ballots() -> Select:
    """`groups_with_ballots`' query, built once (parameters: meeting_id, user_id, electorate_id)."""
    voter = voter_group_ids(bindparam("user_id"), [bindparam("electorate_id")])
    return (
        select(ElectorateGroup, Ballot)
        .select_from(ElectorateGroup)
        .join(MeetingItem, MeetingItem.meeting_id == bindparam("meeting_id"))
        .outerjoin(Ballot, and_(Ballot.item_id == MeetingItem.id, Ballot.group_id == ElectorateGroup.id))
        .options(joinedload(Ballot.cast_by))
        .where(ElectorateGroup.id.in_(voter))
        .order_by(ElectorateGroup.owner_key, Ballot.item_id)
    )


def check_online(
    meeting: Meeting, user: User, choices: dict[int, BallotChoice], *, now: datetime | None = None
) -> tuple[list[ElectorateGroup], list[tuple[MeetingItem, BallotChoice]]]:
    """What an online vote with these choices would record (the owner groups, and the chosen
    items in agenda order), checked as casting it would be but without writing anything: the
    review step shows it before the owner confirms."""
    require_voting(meeting, now or utcnow())
    groups = voting_groups(user, meeting)
    if not groups:
        raise DomainError(ONLY_OWNERS)
    return groups, _in_agenda_order(meeting, choices)


class _Seen(NamedTuple):
    """A ballot as read before the vote writes: what the guard of the upsert compares with."""

    id: int
    choice: BallotChoice
    channel: BallotChannel
    cast_by_id: int | None
    receipt: str
    cast_at: datetime


class _Group(NamedTuple):
    id: int
    owner_key: str
    units: str


_SEEN_COLUMNS = (
    Ballot.item_id,
    Ballot.id,
    Ballot.choice,
    Ballot.channel,
    Ballot.cast_by_id,
    Ballot.receipt,
    Ballot.cast_at,
)


def _read_voter(meeting: Meeting, user: User, now: datetime) -> tuple[list[_Group], dict]:
    """The person's groups in the meeting and their ballots, by (item id, group id), in one
    query. The query reads the meeting's row under a shared lock (PostgreSQL; SQLite's writer
    already holds the database) with the condition that voting is open now: a publication,
    cancellation or final announcement committed meanwhile is seen and waits for this vote."""
    params = {"meeting_id": meeting.id, "now": now, "user_id": user.id}
    params["electorate_id"] = meeting.electorate_id
    groups: dict[int, _Group] = {}
    seen: dict[tuple[int, int], _Seen] = {}
    for group_id, key, units, item_id, *ballot in db.session.execute(_voter_query(), params):
        groups.setdefault(group_id, _Group(group_id, key, units))
        if item_id is not None:
            seen[(item_id, group_id)] = _Seen(*ballot)
    return list(groups.values()), seen


@built_once
def _voter_query() -> Select:
    """`_read_voter`'s query, built once (parameters: meeting_id, now, user_id, electorate_id)."""
    voting_now = meeting_state_in(VOTING, bindparam("now", type_=UTCDateTime()))
    voter = voter_group_ids(bindparam("user_id"), [bindparam("electorate_id")])
    return (
        select(ElectorateGroup.id, ElectorateGroup.owner_key, ElectorateGroup.units, *_SEEN_COLUMNS)
        .select_from(ElectorateGroup)
        .join(Meeting, and_(Meeting.id == bindparam("meeting_id"), voting_now))
        .join(MeetingItem, MeetingItem.meeting_id == Meeting.id)
        .outerjoin(Ballot, and_(Ballot.item_id == MeetingItem.id, Ballot.group_id == ElectorateGroup.id))
        .where(ElectorateGroup.id.in_(voter))
        .order_by(ElectorateGroup.owner_key)
        .with_for_update(read=True, of=Meeting)
    )


def _read_again(meeting: Meeting, pairs: Iterable[tuple[int, int]]) -> dict:
    """The ballots of these (item id, group id) pairs as they are now (after a concurrent write)."""
    query = select(Ballot.group_id, *_SEEN_COLUMNS).where(
        Ballot.meeting_id == meeting.id, tuple_(Ballot.item_id, Ballot.group_id).in_(list(pairs))
    )
    return {(item_id, group_id): _Seen(*rest) for group_id, item_id, *rest in db.session.execute(query)}


def _refuse_other_channels(seen: dict, pairs: Iterable[tuple[int, int]]) -> None:
    """A group that voted on paper or by proxy on an item cannot vote on it online."""
    for pair in pairs:
        found = seen.get(pair)
        if found is not None and found.channel != BallotChannel.ONLINE:
            raise ConflictError(_describe(db.session.get(Ballot, found.id)))


#: The online ballots' upsert: a new ballot, or a new choice on an online ballot as it was seen.
_UPSERT = GuardedUpsert(
    table="ballots",
    columns="meeting_id, item_id, group_id, choice, channel, cast_by_id, proxy_name, receipt, cast_at,"
    " void_reason",
    row=":meeting_id, :item_{n}, :group_{n}, :choice_{n}, 'online', :cast_by_id, '', :receipt, :cast_at, ''",
    conflict="item_id, group_id",
    updates="choice = excluded.choice, cast_by_id = excluded.cast_by_id, receipt = excluded.receipt,"
    " cast_at = excluded.cast_at",
    returning="item_id, group_id",
)


def _upsert(pairs: list[tuple[int, int]], choice_of: dict, seen: dict, params: dict) -> set[tuple[int, int]]:
    """Write the ballots of these (item id, group id) pairs in one statement: insert, or
    replace an online ballot as it was seen (`portal.online_votes`). Returns the pairs written;
    a pair missing was written by someone else since it was read."""
    size, values = receipt_guard(seen)
    values |= params
    for n, (item_id, group_id) in enumerate(pairs):
        values |= {f"item_{n}": item_id, f"group_{n}": group_id, f"choice_{n}": choice_of[item_id].value}
    statement = _UPSERT.statement(len(pairs), size)
    return set(db.session.execute(statement, values).tuples())


def _changes(meeting, seen, written, actor, now) -> list[BallotChange]:
    """The history of the online ballots this vote replaced that another person had cast."""
    return [
        BallotChange(
            ballot_id=found.id,
            meeting_id=meeting.id,
            previous_choice=found.choice,
            previous_cast_by_id=found.cast_by_id,
            previous_receipt=found.receipt,
            previous_cast_at=found.cast_at,
            changed_by_id=actor.id,
            changed_at=now,
        )
        for pair, found in seen.items()
        if pair in written and found.cast_by_id != actor.id
    ]


def _write(meeting, user, chosen, groups, seen, receipt, now) -> list[BallotChange]:
    """Write the ballots of every chosen item for every group, in agenda order then owner key
    (the order paper imports write in, so that they cannot deadlock), in rounds
    (`portal.online_votes.rounds`). Returns the history of the ballots replaced."""
    choice_of = {item.id: choice for item, choice in chosen}
    params = {"meeting_id": meeting.id, "cast_by_id": user.id, "receipt": receipt, "cast_at": now}
    changes: list[BallotChange] = []
    for seen_now, written in rounds(
        [(item.id, group.id) for item, _choice in chosen for group in groups],
        seen,
        read_again=lambda pairs: _read_again(meeting, pairs),
        refuse=_refuse_other_channels,
        upsert=lambda pairs, seen_now: _upsert(pairs, choice_of, seen_now, params),
    ):
        changes += _changes(meeting, seen_now, written, user, now)
    return changes


def cast_online(
    meeting: Meeting, user: User, choices: dict[int, BallotChoice], *, now: datetime | None = None
) -> str:
    """A verified owner votes on some or all items for every owner group they vote for; a
    later online vote replaces an earlier one until voting closes, and one cast by a co-owner
    is replaced with its history kept and the earlier voter told. Returns the receipt code."""
    now = now or utcnow()
    require_voting(meeting, now)
    groups, seen = _read_voter(meeting, user, now) if meeting.electorate_id else ([], {})
    if not groups:
        db.session.refresh(meeting)  # voting may have been closed meanwhile: say so
        require_voting(meeting, now)
        raise DomainError(ONLY_OWNERS)
    chosen = _in_agenda_order(meeting, choices)
    receipt = secrets.token_hex(5).upper()
    changes = _write(meeting, user, chosen, groups, seen, receipt, now)
    if changes:
        db.session.add_all(changes)
        db.session.flush()
    replaced = sorted({change.previous_receipt for change in changes if change.previous_receipt})
    audit.record(
        "ballot_cast_online",
        meeting,
        after={
            "receipt": receipt,
            "owners": [g.owner_key for g in groups],
            "units": "、".join(g.units for g in groups),
            "choices": {str(k): str(v) for k, v in choices.items()},
            **({"replaced_receipts": "、".join(replaced)} if replaced else {}),
        },
        compound_id=meeting.compound_id,
        actor=user,
    )
    if changes:
        ballots_changed.send("assembly", meeting=meeting, changes=changes, actor=user)
    return receipt
