"""Every route of the operators' pages × every role → the expected status."""

import pytest

from tests.access import LOGIN, OK, REDIRECT, ROLES, ROUTE_FIELDS, base_ids, check_page, expect, route_ids

ROUTES = [
    ("GET", "/admin/audit", expect(403, anonymous=LOGIN, admin=OK), None),
    ("GET", "/admin/roles", expect(403, anonymous=LOGIN, admin=OK), None),
    ("POST", "/admin/roles/{grant}/revoke", expect(403, anonymous=LOGIN, admin=REDIRECT), {}),
]


@pytest.fixture
def ids(world, db):
    return base_ids(world, db)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(ROUTE_FIELDS, ROUTES, ids=route_ids(ROUTES))
def test_access(client, world, db, ids, role, method, template, expected, data):
    check_page(client, world, db, ids, role, method, template, expected, data)
