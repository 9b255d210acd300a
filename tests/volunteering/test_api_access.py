"""The API of volunteer service × every role → the expected status. The API's resident is
the world's resident, who has a pending claim in compound A (a registered resident)."""

from datetime import timedelta

import pytest

from portal.columns import utcnow
from portal.volunteering import services
from portal.volunteering.models import Category
from tests.access import API_ROLES, api_access_test, base_ids, expect
from tests.volunteering.test_access import activity_ids

ACTIVITY = {
    "title": "楼道清理",
    "category": "environment",
    "place": "3号楼",
    "sessions": [{"starts_at": "2099-06-06T01:00:00Z", "ends_at": "2099-06-06T03:00:00Z", "capacity": 10}],
    "signup_closes_at": "2099-06-05T12:00:00Z",
    "cancel_closes_at": "2099-06-05T12:00:00Z",
    "min_age": 0,
}
ORGANISERS = {"committee": 200, "staff": 200}

ROUTES = [
    (
        "POST",
        "/api/v1/compounds/{a}/activities",
        expect(403, API_ROLES, anonymous=401, committee=201, staff=201),
        ACTIVITY,
    ),
    ("GET", "/api/v1/compounds/{a}/activities", expect(200, API_ROLES), None),
    (
        "POST",
        "/api/v1/sessions/{empty_session}/signups",
        expect(403, API_ROLES, anonymous=401, resident=201),
        {},
    ),
    ("DELETE", "/api/v1/signups/{own_signup}", expect(404, API_ROLES, anonymous=401, resident=200), None),
    (
        "POST",
        "/api/v1/signups/{own_signup}/check-in",
        expect(404, API_ROLES, anonymous=401, **ORGANISERS),
        None,
    ),
    (
        "POST",
        "/api/v1/signups/{own_signup}/check-out",
        expect(404, API_ROLES, anonymous=401, committee=422, staff=422),
        None,
    ),
    ("GET", "/api/v1/me/volunteering", expect(200, API_ROLES, anonymous=401), None),
    ("GET", "/api/v1/certificates/{code}", expect(200, API_ROLES), None),
]


@pytest.fixture
def ids(app, world, db):
    """The page table's objects, a session nobody signed up for, and the API resident's own
    sign-up to a session that starts within the hour (check-in is open)."""
    found = base_ids(world, db)
    with app.test_request_context():
        from portal.auth.models import User

        found |= activity_ids(world, db, db.session.get(User, found["owner"]))
        starts = utcnow() + timedelta(minutes=30)
        other = services.create_activity(
            compound=world.compound_a,
            title="另一场",
            category=Category.OTHER,
            place="南门",
            sessions=[services.SessionDraft(starts, starts + timedelta(hours=1), 2)] * 2,
            signup_closes_at=starts,
            cancel_closes_at=starts,
            actor=world.committee,
        )
        own = services.sign_up(other.sessions[0], world.resident).signup
        db.session.commit()
    return {**found, "empty_session": other.sessions[1].id, "own_signup": own.id}


test_api_access = api_access_test(ROUTES)
