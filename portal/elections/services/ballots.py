"""Ballots of an election on every channel: online by the owners themselves, paper and proxy
entered by the organisers; one ballot per frozen owner group whatever the channel (a unique
constraint settles races); each ballot approves up to `seats` candidates, and approving none
is a blank ballot that counts as taking part. As for assembly meetings, an owner may change
their online ballot until voting closes; a ballot on another channel is refused (409)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, delete, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload
from werkzeug.datastructures import FileStorage

from portal import audit, electorate
from portal.assembly.labels import CHANNEL_LABELS
from portal.assembly.models import BallotChannel
from portal.auth.models import User
from portal.calendar import beijing_date
from portal.columns import utcnow
from portal.elections.models import (
    Approval,
    Candidate,
    CandidateStatus,
    Election,
    ElectionBallot,
    ElectionBallotChange,
    ElectionStatus,
)
from portal.elections.services.elections import status_of
from portal.electorate import ElectorateGroup
from portal.errors import ConflictError, DomainError
from portal.extensions import db
from portal.statements import built_once
from portal.uploads import store


def voting_groups(user: User, election: Election) -> list[ElectorateGroup]:
    """The frozen owner groups `user` votes for (co-owners of a group share its one ballot)."""
    if election.electorate is None:
        return []
    return electorate.groups_of(user, election.electorate, election.compound)


def read_candidates(election: Election, raw: Iterable, *, by: str = "id") -> list[Candidate]:
    """The listed candidates chosen, by id (or by list number with `by="number"`): at most
    `seats` of them, each once. None chosen is a blank ballot."""
    listed = {str(getattr(c, by)): c for c in election.candidates if c.status == CandidateStatus.NOMINATED}
    chosen: dict[int, Candidate] = {}
    for value in raw:
        candidate = listed.get(str(value).strip())
        if candidate is None:
            raise DomainError(_l("Choose candidates of this election's list only."))
        chosen[candidate.id] = candidate
    if len(chosen) > election.seats:
        raise DomainError(
            _l(
                "Approve at most %(seats)d candidates: the committee has %(seats)d seats.",
                seats=election.seats,
            )
        )
    return sorted(chosen.values(), key=lambda c: c.number)


def require_voting(election: Election, now: datetime) -> None:
    if status_of(election, now) != ElectionStatus.VOTING:
        raise DomainError(_l("Voting in this election is not open."))


def require_paper_entry(election: Election, now: datetime, collected_on: date) -> None:
    """Paper and proxy ballots are entered while voting is open and in the days after it, if
    collected by the closing day (as for meetings)."""
    if status_of(election, now) not in (ElectionStatus.VOTING, ElectionStatus.COLLECTING):
        raise DomainError(
            _l("Paper ballots can be entered only while voting is open and in the days after it.")
        )
    closing_day = beijing_date(election.voting_closes_at)
    if collected_on > beijing_date(now) or collected_on > closing_day:
        raise DomainError(
            _l(
                "The collection date must be no later than today and the closing day, %(day)s.",
                day=closing_day.isoformat(),
            )
        )


def refusal(ballot: ElectionBallot) -> ConflictError:
    """Why a ballot cannot be replaced: its group already voted on paper or by proxy."""
    return ConflictError(
        _l(
            "%(owner)s already voted %(channel)s.",
            owner=ballot.owner.owner_key,
            channel=CHANNEL_LABELS[ballot.channel],
        )
    )


def _existing(election: Election, group: ElectorateGroup) -> ElectionBallot | None:
    query = select(ElectionBallot).where(
        ElectionBallot.election_id == election.id, ElectionBallot.group_id == group.id
    )
    return db.session.scalar(query)


def set_approvals(ballot: ElectionBallot, candidates: list[Candidate]) -> None:
    """Replace the candidates the ballot approves."""
    db.session.execute(delete(Approval).where(Approval.ballot_id == ballot.id))
    if candidates:
        db.session.execute(
            insert(Approval), [{"ballot_id": ballot.id, "candidate_id": c.id} for c in candidates]
        )


def _approved_numbers(ballot_id: int) -> list[int]:
    query = (
        select(Candidate.number)
        .join(Approval, Approval.candidate_id == Candidate.id)
        .where(Approval.ballot_id == ballot_id)
        .order_by(Candidate.number)
    )
    return list(db.session.scalars(query))


def replaced_ballot(ballot, election_id: int, actor: User, now: datetime) -> ElectionBallotChange:
    """The history of an online ballot another person cast that `actor` replaces now: what it
    approved (read before its approvals are replaced), by whom, its receipt and time. `ballot`
    is the ballot or a row of it with `id`, `cast_by_id`, `receipt` and `cast_at`."""
    return ElectionBallotChange(
        ballot_id=ballot.id,
        election_id=election_id,
        previous_numbers=_approved_numbers(ballot.id),
        previous_cast_by_id=ballot.cast_by_id,
        previous_receipt=ballot.receipt,
        previous_cast_at=ballot.cast_at,
        changed_by_id=actor.id,
        changed_at=now,
    )


def _record(
    election, group, candidates, channel, actor, *, now, receipt="", proxy_name="", changes=None
) -> ElectionBallot:
    """Insert the group's ballot, or replace an online one by a later online one; the unique
    constraint settles a race: the loser re-reads and is treated as a second attempt. An online
    ballot another person cast (a co-owner) is replaced, never silently: the earlier approvals,
    voter and receipt are kept in the ballot's history (and appended to `changes`)."""
    for _attempt in range(2):
        ballot = _existing(election, group)
        if ballot is not None:
            if ballot.channel != BallotChannel.ONLINE or channel != BallotChannel.ONLINE:
                raise refusal(ballot)
            if ballot.cast_by_id != actor.id:
                change = replaced_ballot(ballot, election.id, actor, now)
                db.session.add(change)
                if changes is not None:
                    changes.append(change)
            ballot.cast_by_id, ballot.receipt, ballot.cast_at = actor.id, receipt, now
            set_approvals(ballot, candidates)
            return ballot
        ballot = ElectionBallot(
            election_id=election.id,
            group_id=group.id,
            channel=channel,
            cast_by_id=actor.id,
            receipt=receipt,
            proxy_name=proxy_name,
            cast_at=now,
        )
        try:
            with db.session.begin_nested():
                db.session.add(ballot)
                db.session.flush()
        except IntegrityError:
            continue
        set_approvals(ballot, candidates)
        return ballot
    raise ConflictError(_l("Another ballot for this owner was recorded at the same moment; please reload."))


def _changes_query(election: Election):
    return (
        select(ElectionBallotChange)
        .options(
            joinedload(ElectionBallotChange.changed_by),
            joinedload(ElectionBallotChange.previous_cast_by),
            joinedload(ElectionBallotChange.ballot).joinedload(ElectionBallot.owner),
        )
        .where(ElectionBallotChange.election_id == election.id)
        .order_by(ElectionBallotChange.changed_at, ElectionBallotChange.id)
    )


def changes_by_receipt(election: Election, receipt: str) -> list[ElectionBallotChange]:
    """The ballots of a receipt that a co-owner has replaced since: what the receipt's voter
    approved, who changed it and when (the ballot as it is now is on `change.ballot`)."""
    query = _changes_query(election).where(ElectionBallotChange.previous_receipt == receipt.strip().upper())
    return list(db.session.scalars(query))


def last_changes(election: Election, ballots: list[ElectionBallot]) -> dict[int, ElectionBallotChange]:
    """The latest change by another person of each of these ballots, by ballot id (for the
    vote page: "changed by 刘洋 at 14:02; earlier choice: 1, 3")."""
    if not ballots:
        return {}
    query = _changes_query(election).where(ElectionBallotChange.ballot_id.in_([b.id for b in ballots]))
    return {change.ballot_id: change for change in db.session.scalars(query)}


def enter_ballot(
    election: Election,
    *,
    owner_key: str,
    channel: BallotChannel,
    candidates: list[Candidate],
    actor: User,
    proxy_name: str = "",
    authorisation: FileStorage | None = None,
    collected_on: date | None = None,
    now: datetime | None = None,
) -> ElectionBallot:
    """The organisers enter a paper or proxy ballot for one owner group (by its roster key). A
    proxy ballot needs the proxy's name and the written authorisation. A group that already
    voted on any channel is refused."""
    now = now or utcnow()
    collected_on = collected_on or beijing_date(now)
    require_paper_entry(election, now, collected_on)
    if channel == BallotChannel.ONLINE:
        raise DomainError(_l("Online ballots are cast by the owners themselves."))
    if channel == BallotChannel.PROXY and not proxy_name.strip():
        raise DomainError(_l("Give the name of the proxy."))
    if channel == BallotChannel.PROXY and not authorisation:
        raise DomainError(_l("Attach the written authorisation of the proxy."))
    group = electorate.group_by_key(election.electorate, (owner_key or "").strip())
    if group is None:
        raise DomainError(_l("No owner with the key %(key)s is in this election's roster.", key=owner_key))
    ballot = _record(
        election, group, candidates, channel, actor, now=now, proxy_name=proxy_name.strip()[:100]
    )
    ballot.collected_on = collected_on
    if authorisation:
        ballot.authorisation_id = store(authorisation, uploaded_by=actor).id
    audit.record(
        f"election_ballot_entered_{channel.value}",
        election,
        after={
            "owner": group.owner_key,
            "proxy": proxy_name,
            "collected_on": collected_on.isoformat(),
            "candidates": [c.number for c in candidates],
        },
        compound_id=election.compound_id,
        actor=actor,
    )
    return ballot


def own_ballots(election: Election, groups: list[ElectorateGroup]) -> list[ElectionBallot]:
    """The ballots already recorded for these owner groups."""
    if not groups:
        return []
    values = {"election_id": election.id, "group_ids": [g.id for g in groups]}
    return list(db.session.scalars(_own_ballots_query(), values))


@built_once
def _own_ballots_query():
    """`own_ballots`' query, built once (parameters: election_id, group_ids)."""
    return select(ElectionBallot).where(
        ElectionBallot.election_id == bindparam("election_id"),
        ElectionBallot.group_id.in_(bindparam("group_ids", expanding=True)),
    )


def ballots_by_receipt(election: Election, receipt: str) -> list[ElectionBallot]:
    query = select(ElectionBallot).where(
        ElectionBallot.election_id == election.id, ElectionBallot.receipt == receipt.strip().upper()
    )
    return list(db.session.scalars(query))
