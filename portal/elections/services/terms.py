"""The committee's term: created from an election's final result with its members and
alternates, and the deadlines that follow (first meeting within 7 days, filing with the street
office within 30 days, re-election due 3 months before the end)."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from portal import audit
from portal.auth.models import User
from portal.calendar import beijing_date
from portal.columns import utcnow
from portal.elections import rules
from portal.elections.models import CommitteeTerm, Election, MemberKind, TermMember
from portal.errors import DomainError
from portal.extensions import db
from portal.places.models import Compound


def _years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def start_term(election: Election, *, actor: User, now: datetime | None = None) -> CommitteeTerm:
    """The final announcement creates the term: the elected as members and the alternates, in
    the order of the result, from the announcement's day for `term_years` years."""
    from portal.elections.services.counting import count

    now = now or utcnow()
    starts = beijing_date(now)
    term = CommitteeTerm(
        compound_id=election.compound_id,
        election_id=election.id,
        starts_on=starts,
        ends_on=_years_later(starts, election.term_years),
    )
    kinds = {rules.Outcome.ELECTED: MemberKind.MEMBER, rules.Outcome.ALTERNATE: MemberKind.ALTERNATE}
    rank = 0
    for candidate, standing in count(election, now).standings():
        if standing.outcome in kinds:
            rank += 1
            term.members.append(
                TermMember(
                    rank=rank,
                    name=candidate.name,
                    owner_key=candidate.owner_key,
                    user_id=candidate.user_id,
                    kind=kinds[standing.outcome],
                )
            )
    db.session.add(term)
    db.session.flush()
    audit.record(
        "committee_term_started",
        term,
        after={"starts_on": term.starts_on.isoformat(), "ends_on": term.ends_on.isoformat(), "members": rank},
        compound_id=election.compound_id,
        actor=actor,
    )
    return term


def current_term(compound: Compound, today: date | None = None) -> CommitteeTerm | None:
    """The compound's term running today (the latest one started)."""
    today = today or beijing_date(utcnow())
    query = (
        select(CommitteeTerm)
        .options(selectinload(CommitteeTerm.members))
        .where(
            CommitteeTerm.compound_id == compound.id,
            CommitteeTerm.starts_on <= today,
            CommitteeTerm.ends_on > today,
        )
        .order_by(CommitteeTerm.starts_on.desc())
    )
    return db.session.scalars(query).first()


def terms_of(compound: Compound) -> list[CommitteeTerm]:
    query = (
        select(CommitteeTerm)
        .options(selectinload(CommitteeTerm.members))
        .where(CommitteeTerm.compound_id == compound.id)
        .order_by(CommitteeTerm.starts_on.desc())
    )
    return list(db.session.scalars(query))


def record_filing(term: CommitteeTerm, filed_on: date, *, actor: User) -> CommitteeTerm:
    """Street-office (community) staff record the day the term was filed (备案)."""
    if filed_on < term.starts_on or filed_on > beijing_date(utcnow()):
        raise DomainError(_l("The filing date is between the start of the term and today."))
    term.filed_on = filed_on
    audit.record(
        "committee_term_filed",
        term,
        after={"filed_on": filed_on.isoformat()},
        compound_id=term.compound_id,
        actor=actor,
    )
    return term
