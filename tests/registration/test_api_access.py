"""The API of owner registration × every role → the expected status."""

import pytest

from tests.access import API_ROLES, ROUTE_FIELDS, base_ids, check_api, expect, route_ids

ROUTES = [
    ("POST", "/api/v1/units/{unit2}/claims", expect(201, API_ROLES, anonymous=401), {"certificate_no": "C"}),
    ("POST", "/api/v1/claims/{claim}/verify", expect(404, API_ROLES, anonymous=401, committee=200), None),
    (
        "POST",
        "/api/v1/claims/{claim}/reject",
        expect(404, API_ROLES, anonymous=401, committee=200),
        {"reason": "不符"},
    ),
]


@pytest.fixture
def ids(world, db):
    return {**base_ids(world, db), "unit2": world.compound_a.buildings[0].units[2].id}


@pytest.mark.parametrize("role", API_ROLES)
@pytest.mark.parametrize(ROUTE_FIELDS, ROUTES, ids=route_ids(ROUTES))
def test_api_access(client, world, ids, bearer, role, method, template, expected, data):
    check_api(client, world, ids, bearer, role, method, template, expected, data)
