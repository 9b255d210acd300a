"""Every page of the public ledger × every role → the expected status. The ledger is for the
compound's verified owners, its committee, its community's staff and admins; a resident whose
claim is pending is told why (403); anyone else sees nothing of it (404)."""

import io
from datetime import date

import pytest
from werkzeug.datastructures import FileStorage

from portal.ledger import services
from portal.ledger.models import Direction, LedgerCategory
from tests.access import LOGIN, OK, REDIRECT, base_ids, expect, page_access_test
from tests.images import png

READERS = expect(404, anonymous=LOGIN, claimant=403, owner=OK, committee=OK, staff=OK, admin=OK)
KEEPERS = expect(404, anonymous=LOGIN, owner=403, committee=OK, staff=403, admin=403)
KEEPERS_ACT = {**KEEPERS, "committee": REDIRECT}
ENTRY = {"entry_date": "2020-01-06", "direction": "income", "category": "other", "amount": "1.00"}

ROUTES = [
    ("GET", "/ledger/compounds/{a}", READERS, None),
    ("GET", "/ledger/compounds/{a}/summary", READERS, None),
    ("GET", "/ledger/compounds/{a}/months/2020-01/statement", READERS, None),
    ("GET", "/ledger/compounds/{a}/ledger.csv", READERS, None),
    ("GET", "/ledger/compounds/{a}/ledger.xlsx", READERS, None),
    (
        "GET",
        "/ledger/entries/{entry}/voucher",
        expect(404, anonymous=LOGIN, **{r: OK for r in ("owner", "committee", "staff", "admin")}),
        None,
    ),
    ("GET", "/ledger/compounds/{a}/new", KEEPERS, None),
    ("POST", "/ledger/compounds/{a}/new", KEEPERS_ACT, ENTRY),
    ("GET", "/ledger/entries/{entry}/reverse", KEEPERS, None),
    ("POST", "/ledger/entries/{entry}/reverse", KEEPERS_ACT, {"reason": "重复"}),
    ("POST", "/ledger/compounds/{a}/months/2020-02/publish", KEEPERS_ACT, {}),
    ("GET", "/ledger/compounds/{b}", expect(404, anonymous=LOGIN, fred=OK, admin=OK), None),
    ("GET", "/ledger/compounds/{c}/new", expect(404, anonymous=LOGIN, staff=OK, admin=403), None),
]


def ledger_ids(world, db) -> dict:
    """An entry of compound A of January 2020 with a voucher."""
    voucher = FileStorage(io.BytesIO(png()), filename="收据.png", content_type="image/png")
    entry = services.record_entry(
        world.compound_a,
        entry_date=date(2020, 1, 5),
        category=LedgerCategory.PARKING_RENT,
        direction=Direction.INCOME,
        amount_fen=20000000,
        counterparty="车主",
        voucher=voucher,
        actor=world.committee,
    )
    db.session.commit()
    return {"entry": entry.id}


@pytest.fixture
def ids(app, world, db):
    found = base_ids(world, db)
    with app.test_request_context():
        return {**found, **ledger_ids(world, db)}


test_access = page_access_test(ROUTES)
