"""Every page of volunteer service × every role → the expected status. Volunteers' personal
data (check-in lists, attendance, sign-ups, certificates) is for the activity's organisers
(the compound's committee, the community's staff) and the volunteer only."""

from datetime import date, timedelta

import pytest

from portal.auth.models import User
from portal.columns import utcnow
from portal.volunteering import services
from portal.volunteering.models import Category, Certificate
from tests.access import LOGIN, OK, PUBLIC, REDIRECT, SIGNED_IN, base_ids, expect, page_access_test

ORGANISERS = {"committee": OK, "staff": OK}
ORGANISERS_ACT = {"committee": REDIRECT, "staff": REDIRECT}

ROUTES = [
    ("GET", "/volunteering/", PUBLIC, None),
    ("GET", "/volunteering/communities/{community}", PUBLIC, None),
    ("GET", "/volunteering/activities/{activity}", PUBLIC, None),
    (
        "GET",
        "/volunteering/sessions/{session}/signup",
        expect(403, anonymous=LOGIN, claimant=OK, owner=OK),
        None,
    ),
    (
        "POST",
        "/volunteering/sessions/{session}/signup",
        expect(403, anonymous=LOGIN, claimant=REDIRECT, owner=409),
        {},
    ),
    ("POST", "/volunteering/signups/{signup}/cancel", expect(404, anonymous=LOGIN, owner=REDIRECT), {}),
    ("GET", "/volunteering/me", SIGNED_IN, None),
    ("POST", "/volunteering/me/leaderboard", expect(REDIRECT, anonymous=LOGIN), {"on": "1"}),
    ("POST", "/volunteering/communities/{community}/certificate", expect(REDIRECT, anonymous=LOGIN), {}),
    ("GET", "/volunteering/certificates/{certificate}", expect(404, anonymous=LOGIN, owner=OK), None),
    ("GET", "/volunteering/verify", PUBLIC, None),
    ("GET", "/volunteering/verify/{code}", PUBLIC, None),
    ("GET", "/volunteering/compounds/{a}/new", expect(403, anonymous=LOGIN, **ORGANISERS), None),
    ("GET", "/volunteering/communities/{community}/new", expect(403, anonymous=LOGIN, staff=OK), None),
    (
        "POST",
        "/volunteering/activities/{activity}/cancel",
        expect(403, anonymous=LOGIN, **ORGANISERS_ACT),
        {"reason": "下雨"},
    ),
    (
        "GET",
        "/volunteering/activities/{activity}/attendance",
        expect(403, anonymous=LOGIN, **ORGANISERS),
        None,
    ),
    (
        "GET",
        "/volunteering/activities/{activity}/attendance.xlsx",
        expect(403, anonymous=LOGIN, **ORGANISERS),
        None,
    ),
    ("GET", "/volunteering/sessions/{session}/check-in", expect(403, anonymous=LOGIN, **ORGANISERS), None),
    (
        "POST",
        "/volunteering/sessions/{session}/code",
        expect(403, anonymous=LOGIN, **ORGANISERS_ACT),
        {"code": "1"},
    ),
    ("POST", "/volunteering/signups/{signup}/check-in", expect(404, anonymous=LOGIN, **ORGANISERS_ACT), {}),
    ("POST", "/volunteering/signups/{signup}/check-out", expect(404, anonymous=LOGIN, **ORGANISERS_ACT), {}),
    ("POST", "/volunteering/signups/{signup}/no-show", expect(404, anonymous=LOGIN, **ORGANISERS_ACT), {}),
    ("GET", "/volunteering/signups/{signup}/correct", expect(404, anonymous=LOGIN, **ORGANISERS), None),
]


def activity_ids(world, db, owner: User) -> dict:
    """A patrol of compound A starting in an hour, organised by the community's staff, with
    the owner signed up, and a certificate of the owner's."""
    starts = utcnow() + timedelta(hours=1)
    activity = services.create_activity(
        compound=world.compound_a,
        title="巡逻",
        category=Category.PATROL,
        place="北门",
        sessions=[services.SessionDraft(starts, starts + timedelta(hours=2), 3)],
        signup_closes_at=starts,
        cancel_closes_at=starts,
        actor=world.staff,
    )
    session = activity.sessions[0]
    signup = services.sign_up(session, owner).signup
    certificate = Certificate(
        code="ABCDEFGHJKLM",
        user_id=owner.id,
        community_id=world.community.id,
        holder_name=owner.name,
        issuer="南关社区居民委员会",
        minutes=120,
        first_on=date(2026, 11, 1),
        last_on=date(2026, 11, 1),
        issued_at=utcnow(),
        lines=[],
    )
    db.session.add(certificate)
    db.session.commit()
    return {
        "community": world.community.id,
        "activity": activity.id,
        "session": session.id,
        "signup": signup.id,
        "certificate": certificate.id,
        "code": certificate.code,
    }


@pytest.fixture
def ids(app, world, db):
    found = base_ids(world, db)
    with app.test_request_context():
        return {**found, **activity_ids(world, db, db.session.get(User, found["owner"]))}


test_access = page_access_test(ROUTES)
