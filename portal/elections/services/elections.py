"""Elections as a whole: the draft with its settings, opening nominations, publishing the
candidate list (which freezes the electorate), cancelling before the vote, and the final
announcement. Every change of state goes through `Election.workflow`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import format_datetime
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal import audit, electorate
from portal.assembly.services import earliest_opening, settings_of
from portal.assembly.services.meetings import MAX_VOTING_DAYS, MIN_VOTING_DAYS
from portal.auth.models import User
from portal.columns import utcnow
from portal.elections import rules
from portal.elections.models import CandidateStatus, Election, ElectionStatus
from portal.errors import DomainError
from portal.extensions import db
from portal.places.models import Compound

MAX_TITLE = 200


@dataclass(frozen=True)
class Settings:
    """An election's settings as submitted."""

    title: str
    seats: int
    alternates: int
    term_years: int
    nominations_close_at: datetime
    voting_opens_at: datetime
    voting_closes_at: datetime


def status_of(election: Election, now: datetime | None = None) -> ElectionStatus:
    """The election's state now (voting and counted follow from the clock)."""
    return Election.workflow.state_of(election, now)


def check_settings(compound: Compound, settings: Settings) -> None:
    """The seat count and term by the rule, a title, nominations closing before the vote, and
    a voting window of 5 to 60 days as for meetings."""
    if not settings.title.strip() or len(settings.title) > MAX_TITLE:
        raise DomainError(_l("The election needs a title of at most 200 characters."))
    rules.check_seats(settings.seats, compound.roster_units)
    rules.check_alternates(settings.alternates)
    rules.check_term(settings.term_years)
    if settings.nominations_close_at > settings.voting_opens_at:
        raise DomainError(_l("Nominations must close before voting opens."))
    window = settings.voting_closes_at - settings.voting_opens_at
    if not timedelta(days=MIN_VOTING_DAYS) <= window <= timedelta(days=MAX_VOTING_DAYS):
        raise DomainError(
            _l(
                "The voting window must last from %(min)d to %(max)d days.",
                min=MIN_VOTING_DAYS,
                max=MAX_VOTING_DAYS,
            )
        )


def _counted_at(compound: Compound, closes_at: datetime) -> datetime:
    return closes_at + timedelta(days=settings_of(compound).paper_days)


def create_election(compound: Compound, settings: Settings, *, actor: User) -> Election:
    """A draft election; nothing is public until nominations open."""
    check_settings(compound, settings)
    election = Election(
        compound_id=compound.id,
        title=settings.title.strip(),
        seats=settings.seats,
        alternates=settings.alternates,
        term_years=settings.term_years,
        nominations_close_at=settings.nominations_close_at,
        voting_opens_at=settings.voting_opens_at,
        voting_closes_at=settings.voting_closes_at,
        counted_at=_counted_at(compound, settings.voting_closes_at),
        objection_days=settings_of(compound).objection_days,
        created_by_id=actor.id,
    )
    db.session.add(election)
    db.session.flush()
    audit.record(
        "election_created",
        election,
        after={"title": election.title, "seats": election.seats, "term_years": election.term_years},
        compound_id=compound.id,
        actor=actor,
    )
    return election


def open_nominations(election: Election, *, actor: User, now: datetime | None = None) -> Election:
    """Owners may now nominate themselves and the organisers enter nominations."""
    return Election.workflow.move(election, "open_nominations", actor=actor, now=now)


def standing_candidates(election: Election) -> list:
    return [c for c in election.candidates if c.status == CandidateStatus.NOMINATED]


def publish_list(election: Election, *, actor: User, now: datetime | None = None) -> Election:
    """Publish the candidate list: the electorate (the denominators) and the list are frozen,
    and voting may open no sooner than the compound's notice period after this (as for
    meetings). The list is posted as a notice and owners are told."""
    now = now or utcnow()
    Election.workflow.hold(
        election,
        {ElectionStatus.NOMINATING},
        _l("The candidate list can be published only while nominations are open."),
        now,
    )
    if now < election.nominations_close_at:
        raise DomainError(
            _l(
                "Nominations are open until %(date)s; publish the candidate list after they close.",
                date=format_datetime(election.nominations_close_at, "yyyy-MM-dd HH:mm"),
            )
        )
    earliest = earliest_opening(election.compound, now)
    if election.voting_opens_at < earliest:
        raise DomainError(
            _l(
                "Voting may open no sooner than %(days)d days after the candidate list is published: "
                "%(date)s at the earliest.",
                days=settings_of(election.compound).notice_days,
                date=format_datetime(earliest, "yyyy-MM-dd HH:mm"),
            )
        )
    if not standing_candidates(election):
        raise DomainError(_l("The list has no candidates yet."))
    frozen = electorate.freeze(election.compound, now=now)
    keys = electorate.keys_of(frozen)
    for candidate in standing_candidates(election):
        if candidate.owner_key not in keys:
            raise DomainError(
                _l(
                    "%(name)s is no longer an owner in the roster; reject the nomination first.",
                    name=candidate.name,
                )
            )
    Election.workflow.move(
        election,
        "publish",
        actor=actor,
        now=now,
        values={
            "published_at": now,
            "electorate_id": frozen.id,
            "counted_at": _counted_at(election.compound, election.voting_closes_at),
        },
        after={"total_area_hundredths": frozen.total_area_hundredths, "total_owners": frozen.total_owners},
    )
    from portal.elections.notices import post_candidate_list

    post_candidate_list(election, actor=actor, now=now)
    return election


def cancel(election: Election, *, actor: User, now: datetime | None = None) -> Election:
    """Cancel an election before its voting opens."""
    return Election.workflow.move(election, "cancel", actor=actor, now=now)


def objections_close_at(election: Election) -> datetime:
    """The end of the objection period after the preliminary result."""
    return election.counted_at + timedelta(days=election.objection_days)


def finalise(election: Election, *, actor: User, now: datetime | None = None) -> Election:
    """The final announcement, once the objection period is over and every objection is
    answered: posted as a notice, owners told, and the committee's term created from the result
    (none when nobody is elected: the sitting committee, if any, stays)."""
    from portal.elections.services.objections import objections_of

    now = now or utcnow()
    Election.workflow.hold(
        election, {ElectionStatus.COUNTED}, _l("Only a counted election can be finalised."), now
    )
    if any(objection.answered_at is None for objection in objections_of(election)):
        raise DomainError(_l("Answer every objection before the final announcement."))
    if now < objections_close_at(election):
        raise DomainError(
            _l(
                "The objection period runs until %(date)s.",
                date=format_datetime(objections_close_at(election), "yyyy-MM-dd HH:mm"),
            )
        )
    from portal.elections.notices import post_result
    from portal.elections.services.terms import anyone_elected, start_term

    Election.workflow.move(
        election,
        "finalise",
        actor=actor,
        now=now,
        values={"finalised_at": now},
        after={"term_started": anyone_elected(election, now)},
    )

    post_result(election, actor=actor, now=now, final=True)
    start_term(election, actor=actor, now=now)
    return election


def elections_of(compound: Compound, *, with_drafts: bool) -> list[Election]:
    """The compound's elections, newest first; drafts only for those who run them."""
    query = select(Election).where(Election.compound_id == compound.id)
    if not with_drafts:
        query = query.where(Election.status != ElectionStatus.DRAFT)
    return list(db.session.scalars(query.order_by(Election.voting_opens_at.desc(), Election.id.desc())))
