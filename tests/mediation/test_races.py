"""Concurrency on PostgreSQL: two mediators accepting the same case at once (one wins, the
other is told the state the case is now in), and complaints filed at the same moment (their
case numbers are all different, the year's counter row made once)."""

from sqlalchemy import select

from portal.auth.models import User
from portal.extensions import db as _db
from portal.mediation import services
from portal.mediation.models import Category, Complaint, ComplaintStatus, Respondent
from portal.places.models import Compound
from tests.races import race


def _accept(complaint_id: int, user_id: int):
    return lambda: services.accept(_db.session.get(Complaint, complaint_id), _db.session.get(User, user_id))


def test_two_mediators_accept_the_same_case(app, db, world, people, new_complaint, postgres_only):
    complaint = new_complaint()
    outcomes = race(app, _accept(complaint.id, world.mediator.id), _accept(complaint.id, people["钱"].id))
    assert sorted(outcomes)[0] == "ok", outcomes
    refused = sorted(outcomes)[1]
    assert refused.startswith("refused:") and "已受理" in refused, outcomes
    db.session.expire_all()
    assert db.session.get(Complaint, complaint.id).status is ComplaintStatus.ACCEPTED
    accepted = [e for e in db.session.get(Complaint, complaint.id).events if e.status == "accepted"]
    assert len(accepted) == 1


def _file(user_id: int, compound_id: int):
    return lambda: services.file_complaint(
        _db.session.get(User, user_id),
        _db.session.get(Compound, compound_id),
        category=Category.NOISE,
        respondent=Respondent.OTHER,
        description="夜间施工噪音，影响休息。",
        mediation_consent=True,
    )


def test_concurrent_filings_get_different_numbers(app, db, world, people, postgres_only):
    filers = [
        (people["甲"].id, world.compound_a.id),
        (people["丙"].id, world.compound_a.id),
        (people["丁"].id, world.compound_c.id),
        (people["戊"].id, world.compound_b.id),
    ] * 3
    outcomes = race(app, *(_file(*filer) for filer in filers))
    assert outcomes == ["ok"] * len(filers), outcomes
    db.session.rollback()
    numbers = db.session.scalars(select(Complaint.number)).all()
    assert len(numbers) == len(set(numbers)) == len(filers)
    assert sorted(int(n[-6:]) for n in numbers) == list(range(1, len(filers) + 1))
