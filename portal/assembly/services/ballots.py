"""Ballots of an assembly meeting on every channel: online by the owners themselves, paper and
proxy entered by the committee; one ballot per frozen owner group per item, whatever the
channel (a unique constraint settles races); receipts and the ballot register."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from blinker import Namespace
from flask_babel import format_datetime
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload
from werkzeug.datastructures import FileStorage

from portal import audit, electorate
from portal.assembly.labels import CHANNEL_LABELS
from portal.assembly.models import (
    VOTER_CHOICES,
    Ballot,
    BallotChange,
    BallotChannel,
    BallotChoice,
    Meeting,
    MeetingItem,
    MeetingStatus,
)
from portal.assembly.services.meetings import status_of
from portal.auth.models import User
from portal.calendar import beijing_date
from portal.columns import utcnow
from portal.electorate import ElectorateGroup
from portal.errors import ConflictError, DomainError
from portal.extensions import db

#: Sent (sender "assembly") with `meeting`, `changes` (the BallotChange rows written) and `actor`
#: when an online vote replaced ballots another person of the group had cast, in the same
#: transaction: the earlier voter is told.
ballots_changed = Namespace().signal("ballots-changed")


VOTER_VALUES = frozenset(choice.value for choice in VOTER_CHOICES)
PAPER_VALUES = frozenset(choice.value for choice in BallotChoice)


def read_choices(
    meeting: Meeting, raw: Mapping, *, by: str = "id", paper: bool = False
) -> dict[int, BallotChoice]:
    """The choices sent by a form, the API or a paper file, by item id: `raw` maps an item's
    id (or its agenda number, with `by="number"`) given as int or text to "agree", "oppose" or
    "abstain" (a paper ballot may also say "blank" or "invalid"); empty answers are left out.
    Anything else is refused."""
    items = {str(getattr(item, by)): item.id for item in meeting.items}
    allowed = PAPER_VALUES if paper else VOTER_VALUES
    choices = {}
    for key, value in raw.items():
        if not value:
            continue
        if str(key) not in items or value not in allowed:
            raise DomainError(_l("Choose agree, oppose or abstain on items of this meeting only."))
        choices[items[str(key)]] = BallotChoice(value)
    return choices


def _in_agenda_order(
    meeting: Meeting, choices: dict[int, BallotChoice]
) -> list[tuple[MeetingItem, BallotChoice]]:
    """The chosen items in agenda order, so that concurrent submissions write (and lock) their
    rows in the same order and cannot deadlock."""
    items = {item.id: item for item in meeting.items}
    if not choices or any(item_id not in items for item_id in choices):
        raise DomainError(_l("Choose agree, oppose or abstain on at least one item of this meeting."))
    chosen = [(items[item_id], BallotChoice(choice)) for item_id, choice in choices.items()]
    return sorted(chosen, key=lambda pair: pair[0].number)


def require_voting(meeting: Meeting, now: datetime | None) -> None:
    """Refuse unless the meeting's voting window is open now."""
    if status_of(meeting, now) != MeetingStatus.VOTING:
        raise DomainError(_l("Voting on this meeting is not open."))


def closing_day(meeting: Meeting) -> date:
    """The Beijing date on which voting closes (the deadline for collecting paper ballots)."""
    return beijing_date(meeting.voting_closes_at)


def require_paper_entry(meeting: Meeting, now: datetime, collected_on: date) -> None:
    """Paper and proxy ballots are entered while voting is open, and in the days after the
    close (the compound's setting) if they were collected by the closing day; never once the
    preliminary result is out."""
    state = status_of(meeting, now)
    if state not in (MeetingStatus.VOTING, MeetingStatus.COLLECTING):
        raise DomainError(
            _l("Paper ballots can be entered only while voting is open and in the days after it.")
        )
    if collected_on > beijing_date(now) or collected_on > closing_day(meeting):
        raise DomainError(
            _l(
                "The collection date must be no later than today and the closing day, %(day)s.",
                day=closing_day(meeting).isoformat(),
            )
        )


def _describe(ballot: Ballot) -> str:
    return str(
        _l(
            "%(owner)s already voted %(channel)s (%(who)s, %(when)s).",
            owner=ballot.owner.owner_key,
            channel=CHANNEL_LABELS[ballot.channel],
            who=ballot.cast_by.name if ballot.cast_by else "",
            when=format_datetime(ballot.cast_at, "yyyy-MM-dd HH:mm"),
        )
    )


def _existing(item: MeetingItem, group: ElectorateGroup) -> Ballot | None:
    query = (
        select(Ballot)
        .options(joinedload(Ballot.cast_by), joinedload(Ballot.owner))
        .where(Ballot.item_id == item.id, Ballot.group_id == group.id)
    )
    return db.session.scalar(query)


def _record(
    meeting, item, group, choice, channel, actor, *, proxy_name="", receipt="", now, changes=None
) -> Ballot:
    """Insert the group's ballot on the item, or change an online one. The unique constraint
    settles a race: the loser re-reads and is treated as a second attempt. An online ballot
    another person cast (a co-owner) is changed, never silently: the earlier choice, voter and
    receipt are kept in the ballot's history (and appended to `changes`)."""
    for _attempt in range(2):
        ballot = _existing(item, group)
        if ballot is not None:
            if ballot.channel != BallotChannel.ONLINE or channel != BallotChannel.ONLINE:
                raise ConflictError(_describe(ballot))
            if ballot.cast_by_id != actor.id:
                change = BallotChange(
                    ballot_id=ballot.id,
                    meeting_id=meeting.id,
                    previous_choice=ballot.choice,
                    previous_cast_by_id=ballot.cast_by_id,
                    previous_receipt=ballot.receipt,
                    previous_cast_at=ballot.cast_at,
                    changed_by_id=actor.id,
                    changed_at=now,
                )
                db.session.add(change)
                if changes is not None:
                    changes.append(change)
            ballot.choice, ballot.cast_by_id, ballot.receipt, ballot.cast_at = choice, actor.id, receipt, now
            return ballot
        ballot = Ballot(
            meeting_id=meeting.id,
            item_id=item.id,
            group_id=group.id,
            choice=choice,
            channel=channel,
            cast_by_id=actor.id,
            proxy_name=proxy_name,
            receipt=receipt,
            cast_at=now,
        )
        try:
            with db.session.begin_nested():
                db.session.add(ballot)
                db.session.flush()
        except IntegrityError:
            continue
        return ballot
    raise ConflictError(_l("Another ballot for this owner was recorded at the same moment; please reload."))


def enter_ballot(
    meeting: Meeting,
    *,
    owner_key: str,
    channel: BallotChannel,
    choices: dict[int, BallotChoice],
    actor: User,
    proxy_name: str = "",
    authorisation: FileStorage | None = None,
    collected_on: date | None = None,
    spoilt: bool = False,
    whole_sheet: bool = True,
    now: datetime | None = None,
) -> list[Ballot]:
    """The committee enters a paper or proxy ballot for one owner group (by its roster key;
    `@developer` for the developer). Items left empty on the sheet are recorded as blank, and a
    spoilt sheet (废票) as invalid on every item; how those count is the compound's rule. A
    proxy ballot comes with the proxy's name and the written authorisation (kept as an
    attachment). A group that already voted on an item is refused. With `whole_sheet=False`
    (rows of a file) only the items given are recorded."""
    now = now or utcnow()
    collected_on = collected_on or beijing_date(now)
    require_paper_entry(meeting, now, collected_on)
    if channel == BallotChannel.ONLINE:
        raise DomainError(_l("Online ballots are cast by the owners themselves."))
    if channel == BallotChannel.PROXY and not proxy_name.strip():
        raise DomainError(_l("Give the name of the proxy."))
    if channel == BallotChannel.PROXY and not authorisation:
        raise DomainError(_l("Attach the written authorisation of the proxy."))
    group = electorate.group_by_key(meeting.electorate, owner_key)
    if group is None:
        raise DomainError(_l("No owner with the key %(key)s is in this meeting's roster.", key=owner_key))
    ballots = [
        _record(meeting, item, group, choice, channel, actor, proxy_name=proxy_name.strip()[:100], now=now)
        for item, choice in _in_agenda_order(
            meeting, _whole_sheet(meeting, choices, spoilt) if whole_sheet else choices
        )
    ]
    for ballot in ballots:
        ballot.collected_on = collected_on
    if authorisation:
        from portal.assembly.attachments import attach_authorisation

        attach_authorisation(meeting, group, authorisation, actor=actor)
    audit.record(
        f"ballot_entered_{channel.value}",
        meeting,
        after={
            "owner": owner_key,
            "units": group.units,
            "proxy": proxy_name,
            "collected_on": collected_on.isoformat(),
            "choices": {str(b.item_id): b.choice.value for b in ballots},
        },
        compound_id=meeting.compound_id,
        actor=actor,
    )
    return ballots


def _whole_sheet(meeting: Meeting, choices: dict[int, BallotChoice], spoilt: bool) -> dict[int, BallotChoice]:
    """Every item of a paper sheet: invalid throughout when spoilt, else as marked, with the
    items left empty recorded as blank."""
    if spoilt:
        return {item.id: BallotChoice.INVALID for item in meeting.items}
    if not choices:
        raise DomainError(_l("Mark the choices of the sheet, or record it as an invalid ballot."))
    return {item.id: choices.get(item.id, BallotChoice.BLANK) for item in meeting.items}


def ballots_by_receipt(meeting: Meeting, receipt: str) -> list[Ballot]:
    """The ballots a receipt code stands for (what the voter can look up later)."""
    query = (
        select(Ballot)
        .options(joinedload(Ballot.item), joinedload(Ballot.owner))
        .where(Ballot.meeting_id == meeting.id, Ballot.receipt == receipt.strip().upper())
    )
    return list(db.session.scalars(query))


def ballots_of(meeting: Meeting, groups: list[ElectorateGroup]) -> dict[tuple[int, int], Ballot]:
    """The ballots already recorded for these owner groups, by (item id, group id)."""
    if not groups:
        return {}
    query = (
        select(Ballot)
        .options(joinedload(Ballot.cast_by))
        .where(Ballot.meeting_id == meeting.id, Ballot.group_id.in_([g.id for g in groups]))
    )
    return {(b.item_id, b.group_id): b for b in db.session.scalars(query)}


def register_of(meeting: Meeting) -> list[Ballot]:
    """Every ballot of the meeting with its owner group and item (the ballot register)."""
    query = (
        select(Ballot)
        .join(ElectorateGroup, ElectorateGroup.id == Ballot.group_id)
        .join(MeetingItem, MeetingItem.id == Ballot.item_id)
        .options(joinedload(Ballot.owner), joinedload(Ballot.item), joinedload(Ballot.cast_by))
        .where(Ballot.meeting_id == meeting.id)
        .order_by(ElectorateGroup.owner_key, MeetingItem.number)
    )
    return list(db.session.scalars(query))


def log_inspection(meeting: Meeting, user: User, what: str) -> None:
    """Owners may inspect the register after the final announcement; every look is logged."""
    audit.record(
        "register_inspected",
        meeting,
        after={"what": what},
        compound_id=meeting.compound_id,
        actor=user,
    )


def counted_by(meeting: Meeting) -> list[str]:
    """Who entered the paper and proxy ballots of the meeting (online ballots count
    themselves), for the announcement."""
    query = (
        select(User.name)
        .join(Ballot, Ballot.cast_by_id == User.id)
        .where(Ballot.meeting_id == meeting.id, Ballot.channel != BallotChannel.ONLINE)
        .distinct()
        .order_by(User.name)
    )
    return list(db.session.scalars(query))
