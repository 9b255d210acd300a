"""Capacity under concurrency on PostgreSQL: sign-ups racing for the last places, and a
cancellation racing new sign-ups. The session's row lock makes them queue in arrival order."""

from datetime import timedelta

from sqlalchemy import select

from portal.auth.models import User
from portal.columns import utcnow
from portal.extensions import db as _db
from portal.registration.services import claim_unit
from portal.volunteering import services
from portal.volunteering.models import ServiceSession, Signup, SignupStatus
from tests.conftest import make_user
from tests.races import race


def _residents(db, world, count: int) -> list[int]:
    """`count` registered residents of compound A (pending claims on its units)."""
    units = [u for b in world.compound_a.buildings for u in b.units if u.status.value == "delivered"]
    people = []
    for n in range(count):
        person = make_user(f"1350000{n:04d}", f"志愿者{n}")
        claim_unit(person, units[n % len(units)], f"CERT{n}")
        people.append(person.id)
    db.session.commit()
    return people


def _session(db, world, capacity: int) -> int:
    starts = utcnow() + timedelta(days=2)
    activity = services.create_activity(
        compound=world.compound_a,
        title="抢名额",
        category=services.activities.Category.PATROL,
        place="北门",
        sessions=[services.SessionDraft(starts, starts + timedelta(hours=2), capacity)],
        signup_closes_at=starts,
        cancel_closes_at=starts,
        actor=world.staff,
    )
    db.session.commit()
    return activity.sessions[0].id


def _sign_up(session_id: int, user_id: int):
    return lambda: services.sign_up(
        _db.session.get(ServiceSession, session_id), _db.session.get(User, user_id)
    )


def test_fifty_people_racing_for_ten_places(app, db, world, postgres_only):
    people = _residents(db, world, 50)
    session_id = _session(db, world, capacity=10)
    outcomes = race(app, *(_sign_up(session_id, person) for person in people))
    assert outcomes == ["ok"] * 50, outcomes
    db.session.rollback()
    signups = db.session.scalars(
        select(Signup).where(Signup.session_id == session_id).order_by(Signup.seq)
    ).all()
    assert [s.seq for s in signups] == list(range(1, 51))  # one arrival order, no gaps, no repeats
    assert [s.status for s in signups] == [SignupStatus.CONFIRMED] * 10 + [SignupStatus.WAITLISTED] * 40
    assert [s.signed_up_at for s in signups] == sorted(s.signed_up_at for s in signups)
    positions = services.waitlist_positions(signups)
    assert [positions[s.id] for s in signups[10:]] == list(range(1, 41))
    assert db.session.get(ServiceSession, session_id).signup_seq == 50


def test_a_cancellation_racing_new_signups_promotes_exactly_one(app, db, world, postgres_only):
    people = _residents(db, world, 8)
    session_id = _session(db, world, capacity=2)
    session = db.session.get(ServiceSession, session_id)
    first = services.sign_up(session, db.session.get(User, people[0])).signup
    services.sign_up(session, db.session.get(User, people[1]))
    services.sign_up(session, db.session.get(User, people[2]))  # first on the waitlist
    db.session.commit()

    def cancel():
        signup = _db.session.get(Signup, first.id)
        services.cancel_signup(signup, actor=signup.user)

    outcomes = race(app, cancel, *(_sign_up(session_id, person) for person in people[3:]))
    assert outcomes == ["ok"] * 6, outcomes
    db.session.rollback()
    signups = db.session.scalars(
        select(Signup).where(Signup.session_id == session_id).order_by(Signup.seq)
    ).all()
    held = [s for s in signups if s.status == SignupStatus.CONFIRMED]
    assert len(held) == 2 and signups[2].status == SignupStatus.CONFIRMED  # the first waiting was promoted
    assert [s.user_id for s in held] == people[1:3]
    waiting = [s for s in signups if s.status == SignupStatus.WAITLISTED]
    assert len(waiting) == 5


def test_the_same_person_twice_at_once_gets_one_signup(app, db, world, postgres_only):
    (person,) = _residents(db, world, 1)
    session_id = _session(db, world, capacity=3)
    outcomes = race(app, _sign_up(session_id, person), _sign_up(session_id, person))
    assert sorted(outcomes)[0] == "ok" and sorted(outcomes)[1].startswith("refused: "), outcomes
    db.session.rollback()
    assert len(db.session.scalars(select(Signup).where(Signup.session_id == session_id)).all()) == 1
