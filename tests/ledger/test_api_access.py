"""The public ledger's API × every role → the expected status. The API's resident has a pending
claim in compound A: told 403; another compound's committee (fred) and the mediator get 404."""

import pytest

from tests.access import API_ROLES, api_access_test, base_ids, expect
from tests.ledger.test_access import ledger_ids

READERS = expect(404, API_ROLES, anonymous=401, resident=403, committee=200, staff=200, admin=200)
ENTRY = {"date": "2020-01-06", "category": "repairs", "direction": "spending", "amount": "12.34"}

ROUTES = [
    ("GET", "/api/v1/compounds/{a}/ledger", READERS, None),
    (
        "POST",
        "/api/v1/compounds/{a}/ledger/entries",
        expect(404, API_ROLES, anonymous=401, committee=201, staff=403, admin=403),
        ENTRY,
    ),
    (
        "POST",
        "/api/v1/ledger/entries/{entry}/reverse",
        expect(404, API_ROLES, anonymous=401, committee=201, staff=403, admin=403),
        {"reason": "重复"},
    ),
    (
        "POST",
        "/api/v1/compounds/{a}/ledger/months/2020-01/publish",
        expect(404, API_ROLES, anonymous=401, committee=200, staff=403, admin=403),
        None,
    ),
]


@pytest.fixture
def ids(app, world, db):
    found = base_ids(world, db)
    with app.test_request_context():
        return {**found, **ledger_ids(world, db)}


test_api_access = api_access_test(ROUTES)
