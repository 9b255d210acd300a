"""Every route of compound pages and rosters × every role → the expected status."""

import pytest

from tests.access import (
    LOGIN,
    OK,
    PUBLIC,
    REDIRECT,
    ROLES,
    ROUTE_FIELDS,
    base_ids,
    check_page,
    expect,
    route_ids,
)

ROUTES = [
    ("GET", "/places/compounds/{a}", PUBLIC, None),
    (
        "GET",
        "/places/compounds/{a}/roster",
        expect(403, anonymous=LOGIN, committee=OK, staff=OK, admin=OK),
        None,
    ),
    ("GET", "/places/compounds/{b}/roster", expect(403, anonymous=LOGIN, fred=OK, admin=OK), None),
    ("GET", "/places/roster/import", expect(403, anonymous=LOGIN, staff=OK, admin=OK), None),
    ("GET", "/places/compounds/{a}/contact", expect(403, anonymous=LOGIN, committee=OK), None),
    (
        "POST",
        "/places/compounds/{a}/contact",
        expect(403, anonymous=LOGIN, committee=REDIRECT),
        {"hours": "每周六上午", "phone": "0374-1234567"},
    ),
]


@pytest.fixture
def ids(world, db):
    return base_ids(world, db)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(ROUTE_FIELDS, ROUTES, ids=route_ids(ROUTES))
def test_access(client, world, db, ids, role, method, template, expected, data):
    check_page(client, world, db, ids, role, method, template, expected, data)
