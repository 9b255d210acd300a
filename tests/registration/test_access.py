"""Every route of owner registration × every role → the expected status."""

import pytest

from tests.access import (
    LOGIN,
    OK,
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
    ("GET", "/registration/", SIGNED_IN, None),
    ("GET", "/registration/compounds", SIGNED_IN, None),
    ("GET", "/registration/compounds/{a}/buildings", SIGNED_IN, None),
    ("GET", "/registration/buildings/{building}/units", SIGNED_IN, None),
    ("GET", "/registration/units/{unit}/claim", SIGNED_IN, None),
    ("GET", "/registration/review", expect(403, anonymous=LOGIN, committee=OK, fred=OK, staff=OK), None),
    ("GET", "/registration/review/{a}", expect(403, anonymous=LOGIN, committee=OK), None),
    ("GET", "/registration/review/{c}", expect(403, anonymous=LOGIN, staff=OK), None),
    ("GET", "/registration/claims/{claim}", expect(404, anonymous=LOGIN, claimant=OK, committee=OK), None),
    ("POST", "/registration/claims/{claim}/verify", expect(404, anonymous=LOGIN, committee=REDIRECT), {}),
    (
        "POST",
        "/registration/claims/{claim}/reject",
        expect(404, anonymous=LOGIN, committee=REDIRECT),
        {"reason": "不符"},
    ),
]


@pytest.fixture
def ids(world, db):
    return base_ids(world, db)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(ROUTE_FIELDS, ROUTES, ids=route_ids(ROUTES))
def test_access(client, world, db, ids, role, method, template, expected, data):
    check_page(client, world, db, ids, role, method, template, expected, data)
