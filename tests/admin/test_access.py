"""Every route of the operators' pages × every role → the expected status."""

from tests.access import LOGIN, OK, REDIRECT, expect, page_access_test

ROUTES = [
    ("GET", "/admin/audit", expect(403, anonymous=LOGIN, admin=OK), None),
    ("GET", "/admin/roles", expect(403, anonymous=LOGIN, admin=OK), None),
    ("POST", "/admin/roles/{grant}/revoke", expect(403, anonymous=LOGIN, admin=REDIRECT), {}),
    # A refused form (no such account): the admin gets the page back, everyone else 403.
    (
        "POST",
        "/admin/accounts/deactivate",
        expect(403, anonymous=LOGIN, admin=422),
        {"deactivate-phone": "13799990000"},
    ),
]


test_access = page_access_test(ROUTES)
