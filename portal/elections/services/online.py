"""Online ballots of an election, cast in a constant handful of statements whatever the number
of the voter's owner groups (as the assembly's online vote, portal/assembly/services/online.py).

A vote reads the person's groups with their ballots in one query (which also checks, in the
database and under a shared lock on the election's row, that voting is open), then writes every
group's ballot with one `INSERT … ON CONFLICT (election_id, group_id) DO UPDATE`. The update is
guarded: it replaces only an online ballot as it was read (its receipt one of those read; every
online vote writes a new random receipt), so a ballot recorded or changed by someone else in
between (a co-owner at the same moment, a paper ballot being entered) is never overwritten
unseen: its row comes back unwritten and is read again, then refused (paper, proxy) or replaced
with its history kept (a co-owner). The approvals of the written ballots are then replaced: one
DELETE (only when a ballot was replaced) and one INSERT.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from datetime import datetime
from typing import NamedTuple

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, and_, bindparam, delete, insert, select
from sqlalchemy.orm import joinedload

from portal import audit
from portal.assembly.models import BallotChannel
from portal.auth.models import User
from portal.columns import UTCDateTime, utcnow
from portal.elections.models import (
    Approval,
    Candidate,
    Election,
    ElectionBallot,
    ElectionBallotChange,
    ElectionStatus,
    election_state_in,
)
from portal.elections.services.ballots import refusal, replaced_ballot, require_voting
from portal.electorate import ElectorateGroup, voter_group_ids
from portal.errors import DomainError
from portal.extensions import db
from portal.online_votes import GuardedUpsert, receipt_guard, rounds
from portal.statements import built_once

VOTING = frozenset({ElectionStatus.VOTING})
ONLY_OWNERS = _l("Only verified owners of this compound can vote online.")


class _Seen(NamedTuple):
    """A ballot as read before the vote writes: what the guard of the upsert compares with."""

    id: int
    channel: BallotChannel
    cast_by_id: int | None
    receipt: str
    cast_at: datetime


_SEEN_COLUMNS = (
    ElectionBallot.id,
    ElectionBallot.channel,
    ElectionBallot.cast_by_id,
    ElectionBallot.receipt,
    ElectionBallot.cast_at,
)


def _read_voter(election: Election, user: User, now: datetime) -> tuple[list[tuple[int, str]], dict]:
    """The person's groups in the election, (id, owner key) in owner-key order, and their
    ballots by group id, in one query. It reads the election's row under a shared lock
    (PostgreSQL; SQLite's writer already holds the database) with the condition that voting is
    open now: a cancellation committed meanwhile is seen, and a later one waits for this vote."""
    params = {"election_id": election.id, "now": now, "user_id": user.id}
    params["electorate_id"] = election.electorate_id
    groups: dict[int, tuple[int, str]] = {}
    seen: dict[int, _Seen] = {}
    for group_id, key, ballot_id, *ballot in db.session.execute(_voter_query(), params):
        groups.setdefault(group_id, (group_id, key))
        if ballot_id is not None:
            seen[group_id] = _Seen(ballot_id, *ballot)
    return list(groups.values()), seen


@built_once
def _voter_query() -> Select:
    """`_read_voter`'s query, built once (parameters: election_id, now, user_id, electorate_id)."""
    voting_now = election_state_in(VOTING, bindparam("now", type_=UTCDateTime()))
    voter = voter_group_ids(bindparam("user_id"), [bindparam("electorate_id")])
    return (
        select(ElectorateGroup.id, ElectorateGroup.owner_key, *_SEEN_COLUMNS)
        .select_from(ElectorateGroup)
        .join(Election, and_(Election.id == bindparam("election_id"), voting_now))
        .outerjoin(
            ElectionBallot,
            and_(ElectionBallot.election_id == Election.id, ElectionBallot.group_id == ElectorateGroup.id),
        )
        .where(ElectorateGroup.id.in_(voter))
        .order_by(ElectorateGroup.owner_key)
        .with_for_update(read=True, of=Election)
    )


def _read_again(election: Election, group_ids: Iterable[int]) -> dict[int, _Seen]:
    """The ballots of these groups as they are now (after a concurrent write)."""
    query = select(ElectionBallot.group_id, *_SEEN_COLUMNS).where(
        ElectionBallot.election_id == election.id, ElectionBallot.group_id.in_(list(group_ids))
    )
    return {group_id: _Seen(*rest) for group_id, *rest in db.session.execute(query)}


def _refuse_other_channels(seen: dict[int, _Seen], group_ids: Iterable[int]) -> None:
    """A group that voted on paper or by proxy cannot vote online."""
    for group_id in group_ids:
        found = seen.get(group_id)
        if found is not None and found.channel != BallotChannel.ONLINE:
            ballot = db.session.get(ElectionBallot, found.id, options=[joinedload(ElectionBallot.owner)])
            raise refusal(ballot)


#: The online ballots' upsert: a new ballot, or an online ballot as it was seen cast again (its
#: approvals are replaced after).
_UPSERT = GuardedUpsert(
    table="election_ballots",
    columns="election_id, group_id, channel, cast_by_id, proxy_name, receipt, cast_at",
    row=":election_id, :group_{n}, 'online', :cast_by_id, '', :receipt, :cast_at",
    conflict="election_id, group_id",
    updates="cast_by_id = excluded.cast_by_id, receipt = excluded.receipt, cast_at = excluded.cast_at",
    returning="id, group_id",
)


def _upsert(group_ids: list[int], seen: dict[int, _Seen], params: dict) -> dict[int, int]:
    """Write the groups' ballots in one statement: insert, or replace an online ballot as it
    was seen (`portal.online_votes`). Returns the ballot id of each group written; a group
    missing was written by someone else since it was read."""
    size, values = receipt_guard(seen)
    values |= params
    for n, group_id in enumerate(group_ids):
        values[f"group_{n}"] = group_id
    written = db.session.execute(_UPSERT.statement(len(group_ids), size), values)
    return {group_id: ballot_id for ballot_id, group_id in written}


def _changes(election, seen, written, actor, now) -> list[ElectionBallotChange]:
    """The history of the online ballots this vote replaced that another person had cast
    (what they approved is read before the approvals are replaced; only then)."""
    return [
        replaced_ballot(found, election.id, actor, now)
        for group_id, found in seen.items()
        if group_id in written and found.cast_by_id != actor.id
    ]


def _write(election, user, groups, seen, receipt, now) -> tuple[dict[int, int], set[int], list]:
    """Write the ballot of every group, in owner-key order, in rounds
    (`portal.online_votes.rounds`). Returns the ballot id of each group, the ids of the ballots
    replaced (their approvals are to go) and the changes to keep."""
    ballots: dict[int, int] = {}
    replaced: set[int] = set()
    changes: list[ElectionBallotChange] = []
    params = {"election_id": election.id, "cast_by_id": user.id, "receipt": receipt, "cast_at": now}
    for seen_now, written in rounds(
        [group_id for group_id, _key in groups],
        seen,
        read_again=lambda group_ids: _read_again(election, group_ids),
        refuse=_refuse_other_channels,
        upsert=lambda group_ids, seen_now: _upsert(group_ids, seen_now, params),
    ):
        changes += _changes(election, seen_now, written, user, now)
        replaced |= {found.id for group_id, found in seen_now.items() if group_id in written}
        ballots |= written
    return ballots, replaced, changes


@built_once
def _insert_approvals():
    return insert(Approval.__table__)


def _approve(ballot_ids: Iterable[int], replaced: set[int], candidates: list[Candidate]) -> None:
    """The written ballots approve these candidates (the replaced ones no longer their earlier)."""
    if replaced:
        db.session.execute(delete(Approval).where(Approval.ballot_id.in_(sorted(replaced))))
    rows = [{"ballot_id": b, "candidate_id": c.id} for b in sorted(ballot_ids) for c in candidates]
    if rows:  # executemany: one statement whose compiled form is cached, whatever the number of rows
        db.session.connection().execute(_insert_approvals(), rows)


def cast_online(
    election: Election, user: User, candidates: list[Candidate], *, now: datetime | None = None
) -> str:
    """A verified owner votes for every owner group they vote for; a later online vote replaces
    an earlier one until voting closes, and one cast by a co-owner is replaced with its history
    kept and the earlier voter told. Returns the receipt code."""
    now = now or utcnow()
    require_voting(election, now)
    groups, seen = _read_voter(election, user, now) if election.electorate_id else ([], {})
    if not groups:
        db.session.refresh(election)  # voting may have been closed meanwhile: say so
        require_voting(election, now)
        raise DomainError(ONLY_OWNERS)
    receipt = secrets.token_hex(5).upper()
    ballots, replaced, changes = _write(election, user, groups, seen, receipt, now)
    _approve(ballots.values(), replaced, candidates)
    if changes:
        db.session.add_all(changes)
        db.session.flush()
    earlier = sorted({change.previous_receipt for change in changes if change.previous_receipt})
    audit.record(
        "election_ballot_cast",
        election,
        after={
            "receipt": receipt,
            "owners": [key for _id, key in groups],
            "candidates": [c.number for c in candidates],
            **({"replaced_receipts": "、".join(earlier)} if earlier else {}),
        },
        compound_id=election.compound_id,
        actor=user,
    )
    if changes:
        from portal.elections.notices import tell_ballot_changed

        tell_ballot_changed(election, changes, actor=user)
    return receipt
