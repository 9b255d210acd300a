"""The API of the person's own to-do × every role → the expected status."""

import pytest

from tests.access import API_ROLES, ROUTE_FIELDS, base_ids, check_api, expect, route_ids

ROUTES = [
    ("GET", "/api/v1/me/todo", expect(200, API_ROLES, anonymous=401), None),
]


@pytest.fixture
def ids(world, db):
    return base_ids(world, db)


@pytest.mark.parametrize("role", API_ROLES)
@pytest.mark.parametrize(ROUTE_FIELDS, ROUTES, ids=route_ids(ROUTES))
def test_api_access(client, world, ids, bearer, role, method, template, expected, data):
    check_api(client, world, ids, bearer, role, method, template, expected, data)
