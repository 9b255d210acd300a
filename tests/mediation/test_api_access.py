"""The API of the mediation station × every role → the expected status. The API's resident is
the world's resident (a pending claim on compound A), the complainant of the case here; the
committee of the same compound, the community's staff and admins get 404 for it; the mediator
of its street office works it (and is told 403 for what only the complainant does)."""

import pytest

from portal.auth.models import User
from tests.access import API_ROLES, base_ids, check_api, expect
from tests.mediation.test_access import case_ids

COMPLAINT = {
    "compound_id": 0,
    "category": "noise",
    "respondent": "neighbour",
    "respondent_detail": "2号楼 201",
    "description": "楼上每天深夜装修，影响休息。",
    "mediation_consent": True,
}

ROUTES = [
    ("POST", "/api/v1/complaints", expect(403, API_ROLES, anonymous=401, resident=201), "complaint"),
    (
        "GET",
        "/api/v1/complaints/{case}",
        expect(404, API_ROLES, anonymous=401, resident=200, mediator=200),
        None,
    ),
    ("GET", "/api/v1/me/complaints", expect(200, API_ROLES, anonymous=401), None),
    (
        "POST",
        "/api/v1/complaints/{case}/attachments",
        expect(404, API_ROLES, anonymous=401, resident=422, mediator=403),
        None,
    ),
    ("GET", "/api/v1/offices/{office}/complaints", expect(403, API_ROLES, anonymous=401, mediator=200), None),
    (
        "POST",
        "/api/v1/complaints/{case}/transitions",
        expect(404, API_ROLES, anonymous=401, resident=200, mediator=403),
        {"action": "withdraw"},
    ),
    (
        "POST",
        "/api/v1/complaints/{case}/transitions",
        expect(404, API_ROLES, anonymous=401, resident=403, mediator=200),
        {"action": "accept"},
    ),
]


@pytest.fixture
def ids(app, world, db):
    found = base_ids(world, db)
    with app.test_request_context():
        return {**found, **case_ids(world, db, db.session.get(User, world.resident.id))}


@pytest.mark.parametrize("role", API_ROLES)
@pytest.mark.parametrize(
    ("method", "template", "expected", "data"), ROUTES, ids=[f"{r[0]} {r[1]}" for r in ROUTES]
)
def test_api_access(client, world, ids, bearer, role, method, template, expected, data):
    body = {**COMPLAINT, "compound_id": world.compound_a.id} if data == "complaint" else data
    check_api(client, world, ids, bearer, role, method, template, expected, body)
