"""The API's own endpoints (tokens, the OpenAPI document) × every role → the expected status."""

import pytest

from tests.access import API_ROLES, ROUTE_FIELDS, base_ids, check_api, expect, route_ids

ROUTES = [
    ("POST", "/api/v1/tokens", expect(422, API_ROLES), {}),
    ("GET", "/api/v1/openapi.json", expect(200, API_ROLES), None),
    ("DELETE", "/api/v1/tokens/current", expect(204, API_ROLES, anonymous=401), None),
]


@pytest.fixture
def ids(world, db):
    return base_ids(world, db)


@pytest.mark.parametrize("role", API_ROLES)
@pytest.mark.parametrize(ROUTE_FIELDS, ROUTES, ids=route_ids(ROUTES))
def test_api_access(client, world, ids, bearer, role, method, template, expected, data):
    check_api(client, world, ids, bearer, role, method, template, expected, data)
