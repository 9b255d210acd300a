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
    services.publish_list(election, actor=world.committee, now=published + timedelta(days=1))
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


def test_two_members_leaving_at_once_promote_two_alternates(app, db, world, postgres_only):
    from datetime import date

    from portal.elections.models import CommitteeTerm, ElectionStatus, MemberKind, TermMember

    with app.test_request_context():
        now = utcnow()
        election = Election(
            compound_id=world.compound_a.id,
            title="第一届",
            status=ElectionStatus.FINAL,
            seats=3,
            alternates=2,
            term_years=5,
            nominations_close_at=now - timedelta(days=30),
            voting_opens_at=now - timedelta(days=20),
            voting_closes_at=now - timedelta(days=10),
            counted_at=now - timedelta(days=10),
            objection_days=7,
        )
        db.session.add(election)
        db.session.flush()
        term = CommitteeTerm(
            compound_id=world.compound_a.id,
            election_id=election.id,
            starts_on=date.today(),
            ends_on=date.today().replace(year=date.today().year + 5),
            members=[
                TermMember(
                    rank=n + 1,
                    name=name,
                    owner_key=f"K{n}",
                    kind=MemberKind.MEMBER if n < 3 else MemberKind.ALTERNATE,
                )
                for n, name in enumerate("甲乙丙丁戊")
            ],
        )
        db.session.add(term)
        db.session.commit()
        ids = [m.id for m in term.members]
        committee_id = world.committee.id

    def leave(member_id):
        def act():
            services.member_leaves(
                _db.session.get(TermMember, member_id), "辞职", actor=_db.session.get(User, committee_id)
            )

        return act

    outcomes = race(app, leave(ids[0]), leave(ids[1]))
    assert outcomes == ["ok", "ok"], outcomes
    db.session.rollback()
    db.session.expire_all()
    kinds = {m.name: m.kind for m in db.session.get(CommitteeTerm, term.id).members}
    assert kinds["丁"] == MemberKind.MEMBER and kinds["戊"] == MemberKind.MEMBER


def test_two_owners_standing_at_once_get_two_numbers(app, db, world, owners, postgres_only):
    with app.test_request_context():
        now = utcnow()
        election = services.create_election(
            world.compound_a,
            services.Settings(
                "竞态提名",
                3,
                0,
                5,
                now + timedelta(days=5),
                now + timedelta(days=20),
                now + timedelta(days=25),
            ),
            actor=world.committee,
        )
        services.open_nominations(election, actor=world.committee)
        db.session.commit()
        election_id = election.id

    def stand(user_id):
        def act():
            services.nominate_self(
                _db.session.get(Election, election_id), _db.session.get(User, user_id), statement=""
            )

        return act

    import time

    from sqlalchemy import event

    from portal.elections.models import Candidate

    def slow_flush(session, _context, _instances):
        """Widen the window between reading the last number and inserting the candidate."""
        if any(isinstance(obj, Candidate) for obj in session.new):
            time.sleep(0.5)

    event.listen(_db.session, "before_flush", slow_flush)
    try:
        outcomes = race(app, stand(owners["A1"].id), stand(owners["B2"].id))
    finally:
        event.remove(_db.session, "before_flush", slow_flush)
    assert outcomes == ["ok", "ok"], outcomes
    db.session.rollback()
    numbers = sorted(c.number for c in db.session.get(Election, election_id).candidates)
    assert numbers == [1, 2]
