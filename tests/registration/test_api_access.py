"""The API of owner registration × every role → the expected status."""

import pytest

from tests.access import API_ROLES, api_access_test, base_ids, expect

ROUTES = [
    ("POST", "/api/v1/units/{unit2}/claims", expect(201, API_ROLES, anonymous=401), {"certificate_no": "C"}),
    (
        "POST",
        "/api/v1/claims/{claim}/verify",
        expect(404, API_ROLES, anonymous=401, committee=200),
        {"certificate_checked": True},
    ),
    (
        "POST",
        "/api/v1/claims/{claim}/reject",
        expect(404, API_ROLES, anonymous=401, committee=200),
        {"reason": "不符"},
    ),
    # Nobody of these roles owns the claimed unit: the answer is not theirs to give.
    ("POST", "/api/v1/claims/{claim}/answer", expect(404, API_ROLES, anonymous=401), {"answer": "co_owner"}),
    # Releasing a claim that is not on hold is refused to the reviewer (422), unseen by the rest.
    ("POST", "/api/v1/claims/{claim}/release", expect(404, API_ROLES, anonymous=401, committee=422), {}),
    ("GET", "/api/v1/claims/on-my-units", expect(200, API_ROLES, anonymous=401), None),
]


@pytest.fixture
def ids(world, db):
    return {**base_ids(world, db), "unit2": world.compound_a.buildings[0].units[2].id}


test_api_access = api_access_test(ROUTES)
