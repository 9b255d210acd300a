"""Elections and the committee's term in each person's to-do: owners' ballots to cast; the
committee's term reminders (first meeting within 7 days, filing within 30 days, re-election due
3 months before the term ends). Each provider answers in a constant number of queries."""

from __future__ import annotations

from datetime import timedelta

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal import electorate
from portal.auth.models import Role
from portal.calendar import beijing_date, end_of_day
from portal.columns import utcnow
from portal.elections.models import CommitteeTerm, Election, ElectionBallot, ElectionStatus, election_state_in
from portal.elections.rules import term_reminders
from portal.elections.services.committee_meetings import notices_due
from portal.elections.services.terms import has_chair
from portal.extensions import db
from portal.registration.services import claimed_compound_ids
from portal.todo import NORMAL, URGENT, TodoItem, todo_provider

VOTING = frozenset({ElectionStatus.VOTING})


@todo_provider("election_vote")
def election_ballots_to_cast(user):
    """Every election open for voting in which one of the person's owner groups has no ballot."""
    compound_ids = claimed_compound_ids(user)
    if not compound_ids:
        return []
    elections = list(
        db.session.scalars(
            select(Election).where(
                Election.compound_id.in_(compound_ids), election_state_in(VOTING, utcnow())
            )
        )
    )
    groups = electorate.groups_of_each(user, [e.electorate_id for e in elections])
    group_ids = [g.id for found in groups.values() for g in found]
    voted = (
        set(db.session.scalars(select(ElectionBallot.group_id).where(ElectionBallot.group_id.in_(group_ids))))
        if group_ids
        else set()
    )
    return [
        TodoItem(
            "election_vote",
            _("Vote in the election “%(title)s”", title=election.title),
            url_for("elections.vote", election_id=election.id),
            election.voting_closes_at,
            _("Vote now"),
            URGENT,
        )
        for election in elections
        if any(g.id not in voted for g in groups.get(election.electorate_id, []))
    ]


@todo_provider("committee_term")
def term_reminders_due(user):
    """The committee's reminders of its current term (members' to-do)."""
    compound_ids = [g.compound_id for g in user.grants if g.role == Role.COMMITTEE]
    if not compound_ids:
        return []
    today = beijing_date(utcnow())
    terms = db.session.scalars(
        select(CommitteeTerm)
        .options(selectinload(CommitteeTerm.members))
        .where(
            CommitteeTerm.compound_id.in_(compound_ids),
            CommitteeTerm.starts_on <= today,
            CommitteeTerm.ends_on > today,
        )
        .order_by(CommitteeTerm.starts_on.desc(), CommitteeTerm.id.desc())
    )
    # Only each compound's latest-started term is the sitting one (as on the committee's page):
    # an outgoing term still within its dates has no reminders left to give.
    latest: dict[int, CommitteeTerm] = {}
    for term in terms:
        latest.setdefault(term.compound_id, term)
    items = []
    for term in latest.values():
        url = url_for("elections.committee", compound_id=term.compound_id)
        for reminder in term_reminders(
            term.starts_on, term.ends_on, term.filed_on, has_chair=has_chair(term), today=today
        ):
            items.append(
                TodoItem(
                    f"committee_{reminder.code}",
                    str(reminder.label),
                    url,
                    end_of_day(reminder.due_on),
                    _("Open"),
                    URGENT if reminder.due_on - today <= timedelta(days=7) else NORMAL,
                )
            )
    for meeting, due_at in notices_due(compound_ids):
        items.append(
            TodoItem(
                "committee_decisions",
                _("Post the decisions of “%(title)s” as a notice", title=meeting.title),
                url_for("elections.committee_meeting", meeting_id=meeting.id),
                due_at,
                _("Open"),
                URGENT,
            )
        )
    return items
