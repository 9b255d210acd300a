"""Every route of the home page and the display preferences × every role → the expected status."""

import pytest

from tests.access import PUBLIC, REDIRECT, ROLES, ROUTE_FIELDS, base_ids, check_page, expect, route_ids

ROUTES = [
    ("GET", "/", PUBLIC, None),
    ("GET", "/glossary", PUBLIC, None),
    ("GET", "/favicon.ico", PUBLIC, None),
    ("POST", "/preferences/language", expect(REDIRECT), {"lang": "en"}),
    ("POST", "/preferences/text-size", expect(REDIRECT), {}),
]


@pytest.fixture
def ids(world, db):
    return base_ids(world, db)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(ROUTE_FIELDS, ROUTES, ids=route_ids(ROUTES))
def test_access(client, world, db, ids, role, method, template, expected, data):
    check_page(client, world, db, ids, role, method, template, expected, data)
