"""The API of places × every role → the expected status."""

from tests.access import API_ROLES, api_access_test, expect

ROUTES = [
    ("GET", "/api/v1/compounds", expect(200, API_ROLES), None),
    ("GET", "/api/v1/compounds/{a}/units", expect(200, API_ROLES, anonymous=401), None),
]


test_api_access = api_access_test(ROUTES)
