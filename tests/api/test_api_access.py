"""The API's own endpoints (tokens, the OpenAPI document) × every role → the expected status."""

from tests.access import API_ROLES, api_access_test, expect

ROUTES = [
    ("POST", "/api/v1/tokens", expect(422, API_ROLES), {}),
    ("GET", "/api/v1/openapi.json", expect(200, API_ROLES), None),
    ("DELETE", "/api/v1/tokens/current", expect(204, API_ROLES, anonymous=401), None),
]


test_api_access = api_access_test(ROUTES)
