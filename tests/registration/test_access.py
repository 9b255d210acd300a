"""Every route of owner registration × every role → the expected status."""

from tests.access import (
    LOGIN,
    OK,
    REDIRECT,
    SIGNED_IN,
    expect,
    page_access_test,
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
    ("POST", "/registration/claims/{claim}/release", expect(404, anonymous=LOGIN, committee=REDIRECT), {}),
    # Only a verified owner of the claimed unit answers (the table's owner holds another unit).
    ("POST", "/registration/claims/{claim}/answer", expect(404, anonymous=LOGIN), {"answer": "co_owner"}),
]


test_access = page_access_test(ROUTES)
