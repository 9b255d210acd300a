"""The demo shows the station at work: cases in several states at 南关街道, one overdue, one
agreed, one rated, and a to-do for the demo mediator."""

from sqlalchemy import select

from portal.auth.models import User
from portal.columns import utcnow
from portal.demo import load_demo
from portal.mediation.models import Complaint
from portal.mediation.rules import is_overdue
from portal.mediation.todo import cases_to_handle


def test_the_demo_cases(app, db):
    load_demo()
    db.session.commit()
    cases = db.session.scalars(select(Complaint)).all()
    assert {c.status.value for c in cases} == {"submitted", "agreed", "in_mediation", "closed"}
    assert any(is_overdue(c.current_deadline, utcnow()) for c in cases)
    assert any(c.rating for c in cases) and any(c.agreement for c in cases)
    mediator = db.session.scalar(select(User).where(User.phone == "13900000004"))
    with app.test_request_context():
        assert len(cases_to_handle(mediator)) >= 2
    load_demo()
    db.session.commit()
    assert len(db.session.scalars(select(Complaint)).all()) == len(cases)
