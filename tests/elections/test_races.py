"""Races of elections on PostgreSQL, with real threads: two submissions of one owner group's
ballot at the same moment (co-owners online, or online against the committee's paper entry)."""

from datetime import timedelta

from sqlalchemy import func, select

from portal.assembly.models import BallotChannel
from portal.auth.models import User
from portal.columns import utcnow
from portal.elections import services
from portal.elections.models import Election, ElectionBallot
from portal.extensions import db as _db
from tests.races import race


def _listed_now(db, world, owners):
    """An election whose voting opened an hour ago, with candidate 甲."""
    now = utcnow()
    published = now - timedelta(days=20)
    election = services.create_election(
        world.compound_a,
        services.Settings(
            "竞态选举",
            3,
            0,
            5,
            published + timedelta(days=1),
            now - timedelta(hours=1),
            now + timedelta(days=9),
        ),
        actor=world.committee,
    )
    services.open_nominations(election, actor=world.committee, now=published)
    services.nominate_self(election, owners["A1"], statement="", now=published)
    services.publish_list(election, actor=world.committee, now=published)
    db.session.commit()
    return election.id


def _online(election_id, user_id):
    def vote():
        election = _db.session.get(Election, election_id)
        services.cast_online(
            election, _db.session.get(User, user_id), services.read_candidates(election, [1], by="number")
        )

    return vote


def _paper(election_id, user_id):
    def enter():
        election = _db.session.get(Election, election_id)
        services.enter_ballot(
            election,
            owner_key="C3",
            channel=BallotChannel.PAPER,
            candidates=[],
            actor=_db.session.get(User, user_id),
        )

    return enter


def _ballots(election_id) -> int:
    return _db.session.scalar(
        select(func.count(ElectionBallot.id)).where(ElectionBallot.election_id == election_id)
    )


def test_co_owners_voting_at_once_leave_one_ballot(app, db, world, owners, postgres_only):
    with app.test_request_context():
        election_id = _listed_now(db, world, owners)
    outcomes = race(app, _online(election_id, owners["C3"].id), _online(election_id, owners["C3b"].id))
    assert "IntegrityError" not in outcomes and outcomes.count("ok") >= 1, outcomes
    db.session.rollback()
    assert _ballots(election_id) == 1


def test_online_against_paper_at_once_leaves_one_ballot_and_a_conflict(app, db, world, owners, postgres_only):
    with app.test_request_context():
        election_id = _listed_now(db, world, owners)
    outcomes = race(app, _online(election_id, owners["C3"].id), _paper(election_id, world.committee.id))
    assert sorted(o.split(":")[0] for o in outcomes) == ["ok", "refused"], outcomes
    db.session.rollback()
    assert _ballots(election_id) == 1
