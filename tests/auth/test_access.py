"""Every route of accounts × every role → the expected status."""

import pytest

from tests.access import (
    LOGIN,
    OK,
    PUBLIC,
    REDIRECT,
    ROLES,
    ROUTE_FIELDS,
    SIGNED_IN,
    base_ids,
    check_page,
    expect,
    route_ids,
)

ROUTES = [
    ("GET", "/auth/register", PUBLIC, None),
    ("GET", "/auth/login", expect(REDIRECT, anonymous=OK), None),
    ("POST", "/auth/logout", expect(REDIRECT, anonymous=LOGIN), {}),
    ("GET", "/auth/profile", SIGNED_IN, None),
    ("GET", "/auth/password", SIGNED_IN, None),
    ("GET", "/auth/reset", PUBLIC, None),
    ("GET", "/auth/reset/new", PUBLIC, None),
    ("GET", "/auth/reset-codes", expect(403, anonymous=LOGIN, committee=OK, fred=OK, staff=OK), None),
    ("POST", "/auth/sessions/999999/end", expect(404, anonymous=LOGIN), {}),
    ("POST", "/auth/tokens/999999/revoke", expect(404, anonymous=LOGIN), {}),
]


@pytest.fixture
def ids(world, db):
    return base_ids(world, db)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(ROUTE_FIELDS, ROUTES, ids=route_ids(ROUTES))
def test_access(client, world, db, ids, role, method, template, expected, data):
    check_page(client, world, db, ids, role, method, template, expected, data)
