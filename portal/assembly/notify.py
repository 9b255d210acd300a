"""Whom the assembly tells, and when: owners when a meeting is announced, when voting opens,
two days before it closes (those whose group has not voted), when the preliminary result and
the final announcement are out; the owner who objected when the committee answers.

Moves of the meeting's workflow are heard through `transitioned`; what follows from the clock
(voting opens, closes soon, has closed) through the delivery command's `due` scan. Each is
told once (a one-time key per meeting), however often the scan runs.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.assembly.models import Ballot, Meeting, MeetingStatus, meeting_state_in
from portal.assembly.services import in_objection_period
from portal.assembly.services.ballots import ballots_changed
from portal.assembly.services.objections import objection_answered
from portal.electorate import ElectorateHolder, ElectorateUnit
from portal.extensions import db
from portal.formatting import local_time
from portal.notifications import notify, owner_ids, path_for, register_kind
from portal.notifications.outbox import already_told
from portal.notifications.signals import due
from portal.workflow import transitioned

CLOSING_SOON = timedelta(days=2)

register_kind("ballot_changed", _l("A co-owner changed your online vote"), sms=True)


def _tell_owners(
    meeting: Meeting, kind: str, title, now: datetime, *, people=None, endpoint="assembly.meeting"
) -> int:
    return notify(
        owner_ids(meeting.compound) if people is None else people,
        kind=kind,
        title=title,
        url=path_for(endpoint, meeting_id=meeting.id),
        subject=("meeting", meeting.id),
        once=f"{kind}:meeting:{meeting.id}",
        now=now,
    )


@transitioned.connect_via("meeting")
def on_meeting_moved(sender, *, record: Meeting, transition, actor, now: datetime) -> None:
    """The notice and the final announcement reach the compound's owners."""
    names = {"compound": record.compound.name, "title": record.title}
    if transition.name == "publish":
        title = _l("%(compound)s: the owners' assembly meeting %(title)s is announced", **names)
        _tell_owners(record, "meeting_announced", title, now)
    elif transition.name == "finalise":
        title = _l("%(compound)s: the final announcement of %(title)s is out", **names)
        _tell_owners(record, "final_announcement", title, now, endpoint="assembly.announcement")


@objection_answered.connect_via("assembly")
def on_objection_answered(sender, *, objection, actor) -> None:
    """The owner who objected learns that the committee has answered."""
    meeting = objection.meeting
    notify(
        [objection.user_id],
        kind="objection_answered",
        title=_l("The committee answered your objection to %(title)s", title=meeting.title),
        url=path_for("assembly.meeting", meeting_id=meeting.id) + "#objections",
        subject=("objection", objection.id),
    )


def _meetings(state: MeetingStatus, now: datetime) -> list[Meeting]:
    return list(
        db.session.scalars(
            select(Meeting).where(meeting_state_in(frozenset({state}), now)).order_by(Meeting.id)
        )
    )


def _untold(meetings: list[Meeting], kind: str) -> list[Meeting]:
    told = already_told(f"{kind}:meeting:{m.id}" for m in meetings)
    return [m for m in meetings if f"{kind}:meeting:{m.id}" not in told]


def owners_who_have_not_voted(meeting: Meeting) -> list[int]:
    """Owners of the compound who vote for at least one group of the meeting's frozen roster
    (held at the notice, or verified on its unit since) and none of whose groups has voted."""
    from portal.registration.services import verified_holdings

    holdings = verified_holdings(meeting.compound)
    unit_group = dict(
        db.session.execute(
            select(ElectorateUnit.unit_id, ElectorateUnit.group_id).where(
                ElectorateUnit.electorate_id == meeting.electorate_id
            )
        ).all()
    )
    groups: dict[int, set[int]] = defaultdict(set)
    for user_id, unit_id in holdings:
        if unit_id in unit_group:
            groups[user_id].add(unit_group[unit_id])
    held = select(ElectorateHolder.user_id, ElectorateHolder.group_id).where(
        ElectorateHolder.electorate_id == meeting.electorate_id
    )
    for user_id, group_id in db.session.execute(held):
        groups[user_id].add(group_id)
    voted = set(db.session.scalars(select(Ballot.group_id).where(Ballot.meeting_id == meeting.id).distinct()))
    return sorted(user_id for user_id, theirs in groups.items() if not theirs & voted)


@due.connect
def tell_what_the_clock_brings(sender, *, now: datetime) -> int:
    """The scan: voting has opened; voting closes within two days (to those who have not
    voted); the vote has closed and the preliminary result is out (during objections)."""
    told = 0
    voting = _meetings(MeetingStatus.VOTING, now)
    for meeting in _untold(voting, "voting_opens"):
        names = {"compound": meeting.compound.name, "title": meeting.title}
        told += _tell_owners(
            meeting, "voting_opens", _l("%(compound)s: voting on %(title)s is open", **names), now
        )
    closing = [m for m in voting if m.voting_closes_at - now <= CLOSING_SOON]
    for meeting in _untold(closing, "voting_closes_soon"):
        title = _l(
            "Voting on %(title)s closes on %(date)s and your vote is missing",
            title=meeting.title,
            date=local_time(meeting.voting_closes_at),
        )
        told += _tell_owners(
            meeting, "voting_closes_soon", title, now, people=owners_who_have_not_voted(meeting)
        )
    counted = [m for m in _meetings(MeetingStatus.COUNTED, now) if in_objection_period(m, now)]
    for meeting in _untold(counted, "preliminary_result"):
        names = {"compound": meeting.compound.name, "title": meeting.title}
        title = _l("%(compound)s: the preliminary result of %(title)s is out", **names)
        told += _tell_owners(meeting, "preliminary_result", title, now, endpoint="assembly.announcement")
    return told


@ballots_changed.connect_via("assembly")
def on_ballots_changed(sender, *, meeting: Meeting, changes, actor) -> None:
    """Co-owners count as one owner, so one may change the group's online vote, but the
    earlier voter is told, with a link to their receipt (which shows what changed)."""
    receipts: dict[int, str] = {}
    for change in changes:
        if change.previous_cast_by_id is not None and change.previous_cast_by_id != actor.id:
            receipts.setdefault(change.previous_cast_by_id, change.previous_receipt)
    for user_id, receipt in receipts.items():
        notify(
            [user_id],
            kind="ballot_changed",
            title=_l(
                "%(name)s changed your online vote in 《%(meeting)s》 at %(when)s",
                name=actor.name,
                meeting=meeting.title,
                when=local_time(changes[0].changed_at),
            ),
            url=path_for("assembly.receipt", meeting_id=meeting.id, code=receipt),
            subject=("meeting", meeting.id),
        )
