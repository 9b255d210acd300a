"""Meetings of the owners' assembly: creating, announcing, voting on every channel, closing.

Stored states are draft, announced, final and cancelled; voting and counted follow from the
clock (`status_of`), so no scheduled job is needed for a meeting to open or close on time.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import format_datetime
from flask_babel import lazy_gettext as _l
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload
from werkzeug.datastructures import FileStorage

from portal import audit
from portal.assembly.models import (
    DEFAULT_NOTICE_DAYS,
    DEFAULT_OBJECTION_DAYS,
    Assembly,
    AssemblyStatus,
    Ballot,
    BallotChannel,
    BallotChoice,
    Meeting,
    MeetingForm,
    MeetingItem,
    MeetingKind,
    MeetingOwner,
    MeetingStatus,
    Objection,
)
from portal.assembly.rules import Matter
from portal.auth.models import User
from portal.columns import utcnow
from portal.errors import ConflictError, DomainError
from portal.extensions import db
from portal.places.models import Building, Compound, OwnerGroup, Unit
from portal.registration.services import verified_owner_keys

MIN_VOTING_DAYS = 5
MAX_VOTING_DAYS = 60


@dataclass(frozen=True)
class ItemDraft:
    """An agenda item as submitted: title, description and Art. 278 matter."""

    title: str
    description: str
    matter: Matter


def settings_of(compound: Compound) -> Assembly:
    """The compound's assembly record, or unsaved defaults when it has none yet."""
    found = db.session.scalar(select(Assembly).where(Assembly.compound_id == compound.id))
    return found or Assembly(
        compound_id=compound.id,
        status=AssemblyStatus.NONE,
        notice_days=DEFAULT_NOTICE_DAYS,
        objection_days=DEFAULT_OBJECTION_DAYS,
    )


def status_of(meeting: Meeting, now: datetime | None = None) -> MeetingStatus:
    """The meeting's state now: an announced meeting is voting inside its window and counted
    (open for objections) after it."""
    if meeting.status != MeetingStatus.ANNOUNCED:
        return meeting.status
    now = now or utcnow()
    if now < meeting.voting_opens_at:
        return MeetingStatus.ANNOUNCED
    if now < meeting.voting_closes_at:
        return MeetingStatus.VOTING
    return MeetingStatus.COUNTED


def objections_close_at(meeting: Meeting) -> datetime:
    """The end of the objection period that follows the close of voting."""
    return meeting.voting_closes_at + timedelta(days=meeting.objection_days)


def _check_window(opens_at: datetime, closes_at: datetime) -> None:
    length = closes_at - opens_at
    if not timedelta(days=MIN_VOTING_DAYS) <= length <= timedelta(days=MAX_VOTING_DAYS):
        raise DomainError(
            _l(
                "The voting window must last from %(min)d to %(max)d days.",
                min=MIN_VOTING_DAYS,
                max=MAX_VOTING_DAYS,
            )
        )


def _check_items(items: list[ItemDraft]) -> None:
    if not items:
        raise DomainError(_l("A meeting needs at least one agenda item."))
    for item in items:
        if not item.title.strip() or len(item.title) > 200:
            raise DomainError(_l("Every agenda item needs a title of at most 200 characters."))


def create_meeting(
    compound: Compound,
    *,
    title: str,
    kind: MeetingKind,
    form: MeetingForm,
    opens_at: datetime,
    closes_at: datetime,
    items: list[ItemDraft],
    actor: User,
) -> Meeting:
    """A draft meeting with its agenda; nothing is public until the notice is published."""
    if not title.strip() or len(title) > 200:
        raise DomainError(_l("The meeting needs a title of at most 200 characters."))
    _check_window(opens_at, closes_at)
    _check_items(items)
    meeting = Meeting(
        compound_id=compound.id,
        title=title.strip(),
        kind=kind,
        form=form,
        voting_opens_at=opens_at,
        voting_closes_at=closes_at,
        objection_days=settings_of(compound).objection_days,
        created_by_id=actor.id,
        items=[
            MeetingItem(number=n, title=i.title.strip(), description=i.description.strip(), matter=i.matter)
            for n, i in enumerate(items, start=1)
        ],
    )
    db.session.add(meeting)
    db.session.flush()
    audit.record(
        "meeting_created", meeting, after={"title": meeting.title}, compound_id=compound.id, actor=actor
    )
    return meeting


def earliest_opening(compound: Compound, now: datetime | None = None) -> datetime:
    """The earliest moment voting may open if the notice is published now (DESIGN §4.2)."""
    return (now or utcnow()) + timedelta(days=settings_of(compound).notice_days)


def publish(meeting: Meeting, *, actor: User, now: datetime | None = None) -> Meeting:
    """Publish the notice: freeze the roster (the denominators) and the agenda. Voting may open
    no sooner than the compound's notice period (15 days by default) after this."""
    now = now or utcnow()
    if meeting.status != MeetingStatus.DRAFT:
        raise DomainError(_l("Only a draft meeting can be announced."))
    earliest = earliest_opening(meeting.compound, now)
    if meeting.voting_opens_at < earliest:
        raise DomainError(
            _l(
                "Voting may open no sooner than %(days)d days after the notice: %(date)s at the earliest.",
                days=settings_of(meeting.compound).notice_days,
                date=format_datetime(earliest, "yyyy-MM-dd HH:mm"),
            )
        )
    _require_published_roster(meeting.compound)
    rows = _roster_snapshot(meeting)
    if not rows:
        raise DomainError(_l("The compound's roster is empty; import it before announcing a meeting."))
    _move(
        meeting, {MeetingStatus.DRAFT}, MeetingStatus.ANNOUNCED, _l("Only a draft meeting can be announced.")
    )
    db.session.execute(insert(MeetingOwner), rows)
    meeting.total_area_hundredths = sum(row["area_hundredths"] for row in rows)
    meeting.total_owners = len(rows)
    meeting.announced_at = now
    db.session.flush()
    audit.record(
        "meeting_announced",
        meeting,
        after={"total_area_hundredths": meeting.total_area_hundredths, "total_owners": meeting.total_owners},
        compound_id=meeting.compound_id,
        actor=actor,
    )
    return meeting


def _roster_snapshot(meeting: Meeting) -> list[dict]:
    """One row per owner group of the compound with its units and summed area."""
    query = (
        select(OwnerGroup.owner_key, OwnerGroup.owner_name, Building.name, Unit.name, Unit.area_hundredths)
        .join(Unit, Unit.owner_group_id == OwnerGroup.id)
        .join(Building, Building.id == Unit.building_id)
        .where(OwnerGroup.compound_id == meeting.compound_id)
        .order_by(OwnerGroup.owner_key, Building.name, Unit.name)
    )
    groups: dict[str, dict] = {}
    for key, name, building, unit, area in db.session.execute(query):
        row = groups.setdefault(
            key,
            {
                "meeting_id": meeting.id,
                "owner_key": key,
                "owner_name": name,
                "units": [],
                "area_hundredths": 0,
            },
        )
        row["units"].append(f"{building} {unit}")
        row["area_hundredths"] += area
    return [{**row, "units": "、".join(row["units"])} for row in groups.values()]


def _move(
    meeting: Meeting, sources: set, target: MeetingStatus, refusal, *, opens_after: datetime | None = None
):
    """Change the stored state only if it is still one of `sources` (and, for a cancellation,
    voting has not opened by `opens_after`): a conditional UPDATE, so that two committee members
    acting at once (publish and cancel, or publish twice) cannot both succeed."""
    from sqlalchemy import or_, update

    statement = (
        update(Meeting).where(Meeting.id == meeting.id, Meeting.status.in_(sources)).values(status=target)
    )
    if opens_after is not None:
        statement = statement.where(
            or_(Meeting.status == MeetingStatus.DRAFT, Meeting.voting_opens_at > opens_after)
        )
    if db.session.execute(statement.execution_options(synchronize_session=False)).rowcount != 1:
        db.session.refresh(meeting)
        raise DomainError(refusal)
    meeting.status = target


def _require_published_roster(compound: Compound) -> None:
    """While the assembly is being established, the first meeting waits for the preparatory
    group to publish the confirmed roster."""
    assembly = settings_of(compound)
    if assembly.status == AssemblyStatus.PREPARING and assembly.roster_published_at is None:
        raise DomainError(_l("Publish the confirmed roster before announcing the first meeting."))


def cancel(meeting: Meeting, reason: str, *, actor: User, now: datetime | None = None) -> Meeting:
    """Cancel a meeting before its voting opens, with a reason that is published."""
    if status_of(meeting, now) not in (MeetingStatus.DRAFT, MeetingStatus.ANNOUNCED):
        raise DomainError(_l("A meeting can only be cancelled before voting opens."))
    if not reason.strip():
        raise DomainError(_l("Give the reason for cancelling the meeting."))
    before = meeting.status.value
    _move(
        meeting,
        {MeetingStatus.DRAFT, MeetingStatus.ANNOUNCED},
        MeetingStatus.CANCELLED,
        _l("A meeting can only be cancelled before voting opens."),
        opens_after=now or utcnow(),
    )
    meeting.cancel_reason = reason.strip()[:500]
    audit.record(
        "meeting_cancelled",
        meeting,
        before={"status": before},
        after={"status": "cancelled", "reason": reason},
        compound_id=meeting.compound_id,
        actor=actor,
    )
    return meeting


def finalise(meeting: Meeting, *, actor: User, now: datetime | None = None) -> Meeting:
    """Publish the final announcement once the objection period is over."""
    now = now or utcnow()
    if status_of(meeting, now) != MeetingStatus.COUNTED:
        raise DomainError(_l("Only a counted meeting can be finalised."))
    if any(not objection.answered_at for objection in objections_of(meeting)):
        raise DomainError(_l("Answer every objection before the final announcement."))
    if now < objections_close_at(meeting):
        raise DomainError(
            _l(
                "The objection period runs until %(date)s.",
                date=format_datetime(objections_close_at(meeting), "yyyy-MM-dd HH:mm"),
            )
        )
    meeting.status, meeting.finalised_at = MeetingStatus.FINAL, now
    from portal.assembly.establishment import mark_established

    mark_established(meeting.compound, now=now)
    audit.record(
        "meeting_finalised", meeting, after={"status": "final"}, compound_id=meeting.compound_id, actor=actor
    )
    return meeting


# --- ballots ------------------------------------------------------------------------------------


def meeting_owners_of(user: User, meeting: Meeting) -> list[MeetingOwner]:
    """The frozen owner groups the user may vote for: those they are a verified owner in."""
    keys = verified_owner_keys(user, meeting.compound)
    if not keys:
        return []
    query = select(MeetingOwner).where(
        MeetingOwner.meeting_id == meeting.id, MeetingOwner.owner_key.in_(keys)
    )
    return list(db.session.scalars(query.order_by(MeetingOwner.owner_key)))


def _items_by_id(
    meeting: Meeting, choices: dict[int, BallotChoice]
) -> list[tuple[MeetingItem, BallotChoice]]:
    """The chosen items in agenda order, so that concurrent submissions write (and lock) their
    rows in the same order and cannot deadlock."""
    items = {item.id: item for item in meeting.items}
    unknown = [item_id for item_id in choices if item_id not in items]
    if unknown or not choices:
        raise DomainError(_l("Choose agree, oppose or abstain on at least one item of this meeting."))
    chosen = [(items[item_id], BallotChoice(choice)) for item_id, choice in choices.items()]
    return sorted(chosen, key=lambda pair: pair[0].number)


def require_voting(meeting: Meeting, now: datetime | None) -> None:
    """Refuse unless the meeting's voting window is open now."""
    if status_of(meeting, now) != MeetingStatus.VOTING:
        raise DomainError(_l("Voting on this meeting is not open."))


def _describe(ballot: Ballot) -> str:
    from portal.assembly.forms import CHANNEL_LABELS

    channel = CHANNEL_LABELS[ballot.channel]
    who = ballot.cast_by.name if ballot.cast_by else ""
    return str(
        _l(
            "%(owner)s already voted %(channel)s (%(who)s, %(when)s).",
            owner=ballot.owner.owner_key,
            channel=channel,
            who=who,
            when=format_datetime(ballot.cast_at, "yyyy-MM-dd HH:mm"),
        )
    )


def _existing(item: MeetingItem, owner: MeetingOwner) -> Ballot | None:
    query = (
        select(Ballot)
        .options(joinedload(Ballot.cast_by), joinedload(Ballot.owner))
        .where(Ballot.item_id == item.id, Ballot.meeting_owner_id == owner.id)
    )
    return db.session.scalar(query)


def _record(meeting, item, owner, choice, channel, actor, *, proxy_name="", receipt="", now) -> Ballot:
    """Insert the group's ballot on the item, or change an online one. The unique constraint
    settles a race: the loser re-reads and is treated as a second attempt."""
    for _attempt in range(2):
        ballot = _existing(item, owner)
        if ballot is not None:
            if ballot.channel != BallotChannel.ONLINE or channel != BallotChannel.ONLINE:
                raise ConflictError(_describe(ballot))
            ballot.choice, ballot.cast_by_id, ballot.receipt, ballot.cast_at = choice, actor.id, receipt, now
            return ballot
        ballot = Ballot(
            meeting_id=meeting.id,
            item_id=item.id,
            meeting_owner_id=owner.id,
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


def cast_online(
    meeting: Meeting, user: User, choices: dict[int, BallotChoice], *, now: datetime | None = None
) -> str:
    """A verified owner votes on some or all items for every owner group they belong to; a
    later online vote replaces an earlier one until voting closes. Returns the receipt code."""
    now = now or utcnow()
    require_voting(meeting, now)
    owners = meeting_owners_of(user, meeting)
    if not owners:
        raise DomainError(_l("Only verified owners of this compound can vote online."))
    receipt = secrets.token_hex(5).upper()
    for item, choice in _items_by_id(meeting, choices):
        for owner in owners:
            _record(meeting, item, owner, choice, BallotChannel.ONLINE, user, receipt=receipt, now=now)
    audit.record(
        "ballot_cast_online",
        meeting,
        after={
            "receipt": receipt,
            "owners": [o.owner_key for o in owners],
            "choices": {str(k): str(v) for k, v in choices.items()},
        },
        compound_id=meeting.compound_id,
        actor=user,
    )
    return receipt


def enter_ballot(
    meeting: Meeting,
    *,
    owner_key: str,
    channel: BallotChannel,
    choices: dict[int, BallotChoice],
    actor: User,
    proxy_name: str = "",
    authorisation: FileStorage | None = None,
    now: datetime | None = None,
) -> list[Ballot]:
    """The committee enters a paper or proxy ballot for one owner group (by its roster key;
    `@developer` for the developer). A proxy ballot comes with the proxy's name and the written
    authorisation (kept as an attachment). A group that already voted on an item is refused."""
    now = now or utcnow()
    require_voting(meeting, now)
    if channel == BallotChannel.ONLINE:
        raise DomainError(_l("Online ballots are cast by the owners themselves."))
    if channel == BallotChannel.PROXY and not proxy_name.strip():
        raise DomainError(_l("Give the name of the proxy."))
    if channel == BallotChannel.PROXY and not authorisation:
        raise DomainError(_l("Attach the written authorisation of the proxy."))
    owner = db.session.scalar(
        select(MeetingOwner).where(MeetingOwner.meeting_id == meeting.id, MeetingOwner.owner_key == owner_key)
    )
    if owner is None:
        raise DomainError(_l("No owner with the key %(key)s is in this meeting's roster.", key=owner_key))
    ballots = [
        _record(meeting, item, owner, choice, channel, actor, proxy_name=proxy_name.strip()[:100], now=now)
        for item, choice in _items_by_id(meeting, choices)
    ]
    if authorisation:
        from portal.assembly.attachments import attach_authorisation

        attach_authorisation(meeting, owner_key, authorisation, actor=actor)
    audit.record(
        f"ballot_entered_{channel.value}",
        meeting,
        after={
            "owner": owner_key,
            "proxy": proxy_name,
            "choices": {str(k): str(v) for k, v in choices.items()},
        },
        compound_id=meeting.compound_id,
        actor=actor,
    )
    return ballots


def ballots_by_receipt(meeting: Meeting, receipt: str) -> list[Ballot]:
    """The ballots a receipt code stands for (what the voter can look up later)."""
    query = (
        select(Ballot)
        .options(joinedload(Ballot.item), joinedload(Ballot.owner))
        .where(Ballot.meeting_id == meeting.id, Ballot.receipt == receipt.strip().upper())
    )
    return list(db.session.scalars(query))


def meetings_of(compound: Compound, *, with_drafts: bool) -> list[Meeting]:
    """The compound's meetings, newest first; drafts only for those who manage them."""
    query = select(Meeting).where(Meeting.compound_id == compound.id)
    if not with_drafts:
        query = query.where(Meeting.status != MeetingStatus.DRAFT)
    return list(db.session.scalars(query.order_by(Meeting.voting_opens_at.desc(), Meeting.id.desc())))


def ballots_of(meeting: Meeting, owners: list[MeetingOwner]) -> dict[tuple[int, int], Ballot]:
    """The ballots already recorded for these owner groups, by (item id, meeting owner id)."""
    if not owners:
        return {}
    query = (
        select(Ballot)
        .options(joinedload(Ballot.cast_by))
        .where(Ballot.meeting_id == meeting.id, Ballot.meeting_owner_id.in_([o.id for o in owners]))
    )
    return {(b.item_id, b.meeting_owner_id): b for b in db.session.scalars(query)}


# --- after the vote: objections, corrections, the register ---------------------------------------

MAX_TEXT = 2000


def in_objection_period(meeting: Meeting, now: datetime | None = None) -> bool:
    """Whether voting has closed and owners may still object to the preliminary result."""
    now = now or utcnow()
    return status_of(meeting, now) == MeetingStatus.COUNTED and now < objections_close_at(meeting)


def _text(value: str, message) -> str:
    value = (value or "").strip()
    if not value or len(value) > MAX_TEXT:
        raise DomainError(message)
    return value


def file_objection(meeting: Meeting, user: User, text: str, *, now: datetime | None = None) -> Objection:
    """An owner objects to the preliminary result during the objection period."""
    now = now or utcnow()
    if not in_objection_period(meeting, now):
        raise DomainError(_l("Objections can be filed only during the objection period."))
    if not verified_owner_keys(user, meeting.compound):
        raise DomainError(_l("Only verified owners of this compound can object."))
    text = _text(text, _l("Write your objection (at most %(n)d characters).", n=MAX_TEXT))
    objection = Objection(meeting_id=meeting.id, user_id=user.id, text=text, created_at=now)
    db.session.add(objection)
    db.session.flush()
    audit.record(
        "objection_filed", objection, after={"text": text}, compound_id=meeting.compound_id, actor=user
    )
    return objection


def answer_objection(
    objection: Objection, actor: User, answer: str, *, now: datetime | None = None
) -> Objection:
    """The committee answers an objection (once; the answer is published with it)."""
    if objection.answered_at is not None:
        raise DomainError(_l("This objection has already been answered."))
    objection.answer = _text(answer, _l("Write the answer (at most %(n)d characters).", n=MAX_TEXT))
    objection.answered_by_id, objection.answered_at = actor.id, now or utcnow()
    audit.record("objection_answered", objection, after={"answer": objection.answer}, actor=actor)
    return objection


def objections_of(meeting: Meeting) -> list[Objection]:
    query = (
        select(Objection)
        .options(joinedload(Objection.user), joinedload(Objection.answered_by))
        .where(Objection.meeting_id == meeting.id)
        .order_by(Objection.created_at, Objection.id)
    )
    return list(db.session.scalars(query))


def correct_ballot(
    ballot: Ballot, actor: User, choice: BallotChoice, reason: str, *, now: datetime | None = None
) -> Ballot:
    """During the objection period the committee corrects a paper or proxy ballot, with a
    written reason; the tally is recomputed from the ballots. Online ballots belong to voters."""
    now = now or utcnow()
    meeting = db.session.get(Meeting, ballot.meeting_id)
    if not in_objection_period(meeting, now):
        raise DomainError(_l("Ballots can be corrected only during the objection period."))
    if ballot.channel == BallotChannel.ONLINE:
        raise DomainError(_l("Online ballots can be changed only by the voter, while voting is open."))
    reason = _text(reason, _l("Give the reason for the correction."))
    before = {"choice": ballot.choice.value}
    ballot.choice = BallotChoice(choice)
    audit.record(
        "ballot_corrected",
        ballot,
        before=before,
        after={"choice": ballot.choice.value, "reason": reason},
        compound_id=meeting.compound_id,
        actor=actor,
    )
    return ballot


def register_of(meeting: Meeting) -> list[Ballot]:
    """Every ballot of the meeting with its owner group and item (the ballot register)."""
    query = (
        select(Ballot)
        .join(MeetingOwner, MeetingOwner.id == Ballot.meeting_owner_id)
        .join(MeetingItem, MeetingItem.id == Ballot.item_id)
        .options(joinedload(Ballot.owner), joinedload(Ballot.item), joinedload(Ballot.cast_by))
        .where(Ballot.meeting_id == meeting.id)
        .order_by(MeetingOwner.owner_key, MeetingItem.number)
    )
    return list(db.session.scalars(query))


def log_inspection(meeting: Meeting, user: User, what: str) -> None:
    """Owners may inspect the register after the final announcement; every look is logged."""
    audit.record(
        "register_inspected", meeting, after={"what": what}, compound_id=meeting.compound_id, actor=user
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


def update_draft(
    meeting: Meeting,
    *,
    title: str,
    kind: MeetingKind,
    form: MeetingForm,
    opens_at: datetime,
    closes_at: datetime,
    items: list[ItemDraft],
    actor: User,
) -> Meeting:
    """Change a draft meeting; items keep their number (and documents) where they stay."""
    if meeting.status != MeetingStatus.DRAFT:
        raise DomainError(_l("Only a draft meeting can be changed; the published agenda is final."))
    if not title.strip() or len(title) > 200:
        raise DomainError(_l("The meeting needs a title of at most 200 characters."))
    _check_window(opens_at, closes_at)
    _check_items(items)
    meeting.title, meeting.kind, meeting.form = title.strip(), kind, form
    meeting.voting_opens_at, meeting.voting_closes_at = opens_at, closes_at
    existing = {item.number: item for item in meeting.items}
    for number, draft in enumerate(items, start=1):
        item = existing.pop(number, None) or MeetingItem(number=number, meeting=meeting)
        item.title, item.description, item.matter = (
            draft.title.strip(),
            draft.description.strip(),
            draft.matter,
        )
    for item in existing.values():
        meeting.items.remove(item)
    db.session.flush()
    audit.record(
        "meeting_changed",
        meeting,
        after={"title": meeting.title},
        compound_id=meeting.compound_id,
        actor=actor,
    )
    return meeting
