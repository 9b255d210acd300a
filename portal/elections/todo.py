"""Elections and the committee's term in each person's to-do: owners' ballots to cast; the
committee's term reminders (first meeting within 7 days, filing within 30 days, re-election due
3 months before the term ends). Each provider answers in a constant number of queries."""

from __future__ import annotations

from datetime import timedelta

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import Select, and_, bindparam, exists, select
from sqlalchemy.orm import selectinload

from portal.auth.models import Role
from portal.calendar import beijing_date, end_of_day
from portal.columns import UTCDateTime, utcnow
from portal.elections.models import CommitteeTerm, Election, ElectionBallot, ElectionStatus, election_state_in
from portal.elections.rules import term_reminders
from portal.elections.services.committee_meetings import notices_due
from portal.elections.services.terms import has_chair
from portal.electorate import voter_groups
from portal.extensions import db
from portal.registration.queries import claimed_compounds
from portal.statements import built_once
from portal.todo import NORMAL, URGENT, TodoItem, todo_provider

VOTING = frozenset({ElectionStatus.VOTING})


@built_once
def _ballots_to_cast() -> Select:
    """`election_ballots_to_cast`'s query, built once (parameters: user_id, now): each election
    open for voting in a compound where the person claims a unit, in which one of the owner
    groups the person votes for has no ballot yet."""
    user_id, now = bindparam("user_id"), bindparam("now", type_=UTCDateTime())
    voting_here = and_(Election.compound_id.in_(claimed_compounds(user_id)), election_state_in(VOTING, now))
    mine = voter_groups(user_id, select(Election.electorate_id).where(voting_here)).subquery("mine")
    not_voted = ~exists().where(ElectionBallot.group_id == mine.c.group_id)
    return (
        select(Election)
        .where(voting_here, Election.electorate_id.in_(select(mine.c.electorate_id).where(not_voted)))
        .order_by(Election.id)
    )


@todo_provider("election_vote")
def election_ballots_to_cast(user):
    """Every election open for voting in which one of the person's owner groups has no ballot:
    one query, from the person's claims (as the meetings' ballots to cast)."""
    elections = db.session.scalars(_ballots_to_cast(), {"user_id": user.id, "now": utcnow()})
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
