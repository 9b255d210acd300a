"""Every route of the home page and the display preferences × every role → the expected status."""

from tests.access import PUBLIC, REDIRECT, expect, page_access_test

ROUTES = [
    ("GET", "/", PUBLIC, None),
    ("GET", "/glossary", PUBLIC, None),
    ("GET", "/favicon.ico", PUBLIC, None),
    ("POST", "/preferences/language", expect(REDIRECT), {"lang": "en"}),
    ("POST", "/preferences/text-size", expect(REDIRECT), {}),
]


test_access = page_access_test(ROUTES)
