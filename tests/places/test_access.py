"""Every route of compound pages and rosters × every role → the expected status."""

from tests.access import LOGIN, OK, PUBLIC, REDIRECT, expect, page_access_test

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


test_access = page_access_test(ROUTES)
