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
]


test_access = page_access_test(ROUTES)
