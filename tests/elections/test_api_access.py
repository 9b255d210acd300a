"""The elections API × every role → the expected status (the API's resident has a pending claim
in compound A, so is no owner)."""

import pytest

from portal.auth.models import User
from tests.access import API_ROLES, api_access_test, base_ids, expect
from tests.elections.access_ids import election_ids

ELECTION = {
    "title": "第二届业委会选举",
    "seats": 3,
    "alternates": 1,
    "term_years": 5,
    "nominations_close_at": "2099-05-01T00:00:00Z",
    "voting_opens_at": "2099-06-01T00:00:00Z",
    "voting_closes_at": "2099-06-08T00:00:00Z",
}


def committee(status, **others):
    return expect(404, API_ROLES, anonymous=401, committee=status, **others)


ROUTES = [
    (
        "POST",
        "/api/v1/compounds/{a}/elections",
        expect(403, API_ROLES, anonymous=401, committee=201),
        ELECTION,
    ),
    ("POST", "/api/v1/elections/{draft}/open", committee(200), None),
    ("POST", "/api/v1/elections/{voting}/candidates", committee(422), {"owner_key": "B2"}),
    ("POST", "/api/v1/elections/{voting}/publish", committee(422), None),
    ("POST", "/api/v1/elections/{voting}/ballots", committee(403, staff=403, admin=403), {"candidates": []}),
    (
        "POST",
        "/api/v1/elections/{voting}/paper-ballots",
        committee(201),
        {"owner_key": "B2", "channel": "paper", "candidates": []},
    ),
    ("GET", "/api/v1/elections/{voting}/result", committee(200, staff=200, admin=200), None),
]


@pytest.fixture
def ids(app, world, db):
    found = base_ids(world, db)
    with app.test_request_context():
        return {**found, **election_ids(world, db, db.session.get(User, found["owner"]))}


test_api_access = api_access_test(ROUTES)
