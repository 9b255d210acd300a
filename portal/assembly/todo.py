"""The owners' assembly in each person's to-do: owners' ballots to cast; the committee's drafts
to publish, paper ballots to enter, objections to answer and results to finalise; community
staff's applications waiting for a preparatory group and compounds without a committee.

Each provider answers in a constant number of queries, whatever the number of meetings."""

from __future__ import annotations

from datetime import timedelta

from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import Select, and_, bindparam, exists, func, or_, select
from sqlalchemy.orm import joinedload

from portal.assembly.establishment import GROUP_DEADLINE
from portal.assembly.models import (
    DEFAULT_NOTICE_DAYS,
    Assembly,
    AssemblyStatus,
    Ballot,
    Meeting,
    MeetingItem,
    MeetingStatus,
    Objection,
    meeting_state_in,
)
from portal.auth.models import Role, RoleGrant
from portal.columns import UTCDateTime, utcnow
from portal.electorate import voter_groups
from portal.extensions import db
from portal.formatting import local_time
from portal.places.models import Community, Compound
from portal.registration.queries import claimed_compounds
from portal.statements import built_once
from portal.todo import NORMAL, ROUTINE, URGENT, TodoItem, todo_provider

VOTING = frozenset({MeetingStatus.VOTING})


@built_once
def _ballots_to_cast() -> Select:
    """`ballots_to_cast`'s query, built once (parameters: user_id, now): each meeting open for
    voting in a compound where the person claims a unit, with its number of items, once per
    owner group the person votes for there, with the group's number of ballots."""
    user_id, now = bindparam("user_id"), bindparam("now", type_=UTCDateTime())
    voting_here = and_(Meeting.compound_id.in_(claimed_compounds(user_id)), meeting_state_in(VOTING, now))
    mine = voter_groups(user_id, select(Meeting.electorate_id).where(voting_here)).subquery("mine")
    return (
        select(Meeting, func.count(MeetingItem.id), func.count(Ballot.id))
        .join(mine, mine.c.electorate_id == Meeting.electorate_id)
        .join(MeetingItem, MeetingItem.meeting_id == Meeting.id)
        .outerjoin(Ballot, and_(Ballot.item_id == MeetingItem.id, Ballot.group_id == mine.c.group_id))
        .where(voting_here)
        .group_by(Meeting.id, mine.c.group_id)
        .order_by(Meeting.id)
    )


def _meeting_url(meeting: Meeting, anchor: str = "") -> str:
    return url_for("assembly.meeting", meeting_id=meeting.id) + anchor


def _scope_ids(user, role: Role, column: str) -> list[int]:
    return [getattr(grant, column) for grant in user.grants if grant.role == role]


@todo_provider("vote")
def ballots_to_cast(user):
    """Every meeting open for voting in which one of the person's owner groups has not voted
    on every item (whatever the channel), until voting closes: one query, from the person's
    claims (meetings of compounds they claim in, their groups there, each group's ballots)."""
    rows = db.session.execute(_ballots_to_cast(), {"user_id": user.id, "now": utcnow()}).all()
    to_vote = {meeting.id: meeting for meeting, count, cast in rows if cast < count}
    return [
        TodoItem(
            "vote",
            _("Vote on “%(title)s”", title=meeting.title),
            url_for("assembly.vote", meeting_id=meeting.id),
            meeting.voting_closes_at,
            _("Vote now"),
            URGENT,
        )
        for meeting in to_vote.values()
    ]


@todo_provider("committee")
def committee_work(user):
    """For the compounds where the person sits on the committee (or preparatory group): drafts
    to publish, paper ballots to enter while voting, objections to answer, and results to
    finalise once the objection period is over and every objection is answered."""
    compound_ids = _scope_ids(user, Role.COMMITTEE, "compound_id")
    if not compound_ids:
        return []
    now = utcnow()
    unanswered = select(func.count(Objection.id)).where(
        Objection.meeting_id == Meeting.id, Objection.answered_at.is_(None)
    )
    query = (
        select(Meeting, Assembly.notice_days, unanswered.scalar_subquery())
        .outerjoin(Assembly, Assembly.compound_id == Meeting.compound_id)
        .options(joinedload(Meeting.compound))
        .where(
            Meeting.compound_id.in_(compound_ids),
            or_(
                Meeting.status == MeetingStatus.DRAFT,
                meeting_state_in(frozenset({MeetingStatus.VOTING, MeetingStatus.COUNTED}), now),
            ),
        )
    )
    items = []
    for meeting, notice_days, objections in db.session.execute(query):
        items += _meeting_work(meeting, notice_days or DEFAULT_NOTICE_DAYS, objections, now)
    return items


def _meeting_work(meeting: Meeting, notice_days: int, objections: int, now) -> list[TodoItem]:
    """What the committee has to do for one meeting in its current state."""
    state = Meeting.workflow.state_of(meeting, now)
    title, place = meeting.title, meeting.compound.name
    if state == MeetingStatus.DRAFT:
        return [
            TodoItem(
                "publish_draft",
                _("Publish the notice of “%(title)s”", title=title),
                _meeting_url(meeting),
                meeting.voting_opens_at - timedelta(days=notice_days),
                _("Open the draft"),
                NORMAL,
                _(
                    "%(compound)s: publish at least %(days)d days before voting opens.",
                    compound=place,
                    days=notice_days,
                ),
            )
        ]
    if state == MeetingStatus.VOTING:
        return [
            TodoItem(
                "enter_paper_ballots",
                _("Enter the paper ballots of “%(title)s”", title=title),
                url_for("assembly.paper", meeting_id=meeting.id),
                meeting.voting_closes_at,
                _("Enter ballots"),
                ROUTINE,
                _("%(compound)s: paper and proxy ballots are entered while voting is open.", compound=place),
            )
        ]
    closes = meeting.voting_closes_at + timedelta(days=meeting.objection_days)
    if objections:
        return [
            TodoItem(
                "answer_objection",
                ngettext(
                    "Answer %(num)d objection to “%(title)s”",
                    "Answer %(num)d objections to “%(title)s”",
                    objections,
                    title=title,
                ),
                _meeting_url(meeting, "#objections"),
                closes,
                _("Answer"),
                URGENT,
                place,
            )
        ]
    if now >= closes:
        return [
            TodoItem(
                "finalise_meeting",
                _("Publish the final announcement of “%(title)s”", title=title),
                _meeting_url(meeting),
                None,
                _("Open the meeting"),
                NORMAL,
                _(
                    "%(compound)s: the objection period ended %(when)s.",
                    compound=place,
                    when=local_time(closes),
                ),
            )
        ]
    return []


@todo_provider("community_staff")
def community_work(user):
    """For community staff: applications to establish an assembly that wait for a preparatory
    group (due 60 days after the application), and compounds of the community that have no
    owners' committee yet (one item per community)."""
    community_ids = _scope_ids(user, Role.COMMUNITY_STAFF, "community_id")
    if not community_ids:
        return []
    has_committee = exists().where(RoleGrant.role == Role.COMMITTEE, RoleGrant.compound_id == Compound.id)
    waiting = and_(Assembly.status == AssemblyStatus.NONE, Assembly.applied_at.is_not(None))
    rows = db.session.execute(
        select(Compound.id, Compound.name, Community.name, Assembly.applied_at, waiting)
        .join(Community, Community.id == Compound.community_id)
        .outerjoin(Assembly, Assembly.compound_id == Compound.id)
        .where(Compound.community_id.in_(community_ids), ~has_committee)
        .order_by(Community.name, Compound.name)
    ).all()
    items = [
        _group_item(compound_id, name, applied_at) for compound_id, name, _c, applied_at, due in rows if due
    ]
    without = {}
    for compound_id, name, community, _applied, due in rows:
        if not due:
            without.setdefault(community, []).append((compound_id, name))
    return items + [_no_committee_item(community, compounds) for community, compounds in without.items()]


def _group_item(compound_id: int, name: str, applied_at) -> TodoItem:
    return TodoItem(
        "form_preparatory_group",
        _("Form the preparatory group of %(compound)s", compound=name),
        url_for("assembly.establishment", compound_id=compound_id),
        applied_at + GROUP_DEADLINE,
        _("Form the group"),
        URGENT,
        _("Owners applied %(when)s to establish their owners' assembly.", when=local_time(applied_at)),
    )


def _no_committee_item(community: str, compounds: list[tuple[int, str]]) -> TodoItem:
    """One item per community: the compound's establishment page when there is one such
    compound, else the list of compounds whose owners the staff verify."""
    names = "、".join(name for _id, name in compounds[:3]) + ("…" if len(compounds) > 3 else "")
    if len(compounds) == 1:
        title = _("%(compound)s has no owners' committee yet", compound=names)
        url = url_for("assembly.establishment", compound_id=compounds[0][0])
    else:
        title = ngettext(
            "%(num)d compound of %(community)s has no owners' committee yet: %(names)s",
            "%(num)d compounds of %(community)s have no owners' committee yet: %(names)s",
            len(compounds),
            community=community,
            names=names,
        )
        url = url_for("registration.review")
    detail = _("Until there is one, you verify its owners and help them establish the owners' assembly.")
    return TodoItem("no_committee", title, url, None, _("Have a look"), ROUTINE, detail)
