"""Every route of accounts × every role → the expected status."""

from tests.access import (
    LOGIN,
    OK,
    PUBLIC,
    REDIRECT,
    SIGNED_IN,
    expect,
    page_access_test,
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


test_access = page_access_test(ROUTES)
