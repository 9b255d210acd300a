"""The machinery of the access tables: each blueprint's `tests/<capability>/test_access.py` (pages)
and `test_api_access.py` (API) lists every route × every role → the expected status, and
tests/test_access_tables.py checks that together they cover every route of the app."""

from __future__ import annotations

import pytest

from portal.auth.models import User
from portal.registration.services import claim_unit, verify_claim
from tests.conftest import login, make_user

ROLES = ("anonymous", "resident", "claimant", "owner", "committee", "fred", "staff", "mediator", "admin")
API_ROLES = ("anonymous", "resident", "committee", "fred", "staff", "mediator", "admin")
OK, REDIRECT, LOGIN = 200, 302, "login"
ROUTE_FIELDS = ("method", "template", "expected", "data")


def expect(default, roles=ROLES, **overrides):
    """Every role gets `default` unless named: `expect(403, admin=OK)`."""
    return {role: overrides.get(role, default) for role in roles}


PUBLIC = expect(OK)
SIGNED_IN = expect(OK, anonymous=LOGIN)


def route_ids(routes) -> list[str]:
    return [f"{route[0]} {route[1]}" for route in routes]


def base_ids(world, db) -> dict:
    """The objects every table can name: the compounds, a building and unit of compound A, a
    pending claim on it by the world's resident (the claimant), a verified owner of A (another
    unit) and a role grant."""
    unit = world.compound_a.buildings[0].units[0]
    claim = claim_unit(world.resident, unit, "CERT")
    owner = make_user("13722222222", "业主")
    verify_claim(
        claim_unit(owner, world.compound_a.buildings[0].units[1], "CERT"),
        world.committee,
        certificate_checked=True,
    )
    db.session.commit()
    return {
        "a": world.compound_a.id,
        "b": world.compound_b.id,
        "c": world.compound_c.id,
        "building": unit.building_id,
        "unit": unit.id,
        "claim": claim.id,
        "owner": owner.id,
        "grant": world.mediator.grants[0].id,
    }


def user_for(role: str, world, db, ids: dict) -> User | None:
    """The user who plays `role` (a resident with no claims is made on demand)."""
    if role == "anonymous":
        return None
    if role == "resident":
        return make_user("13711111111", "路人")
    if role == "owner":
        return db.session.get(User, ids["owner"])
    return getattr(world, {"claimant": "resident"}.get(role, role))


def check_page(client, world, db, ids, role, method, template, expected, data) -> None:
    """Open the page as `role` and compare with the table (LOGIN: sent to the sign-in page)."""
    user = user_for(role, world, db, ids)
    db.session.commit()
    login(client, user)
    url = template.format(**ids)
    response = client.open(url, method=method, data=data)
    want = expected[role]
    if want == LOGIN:
        assert response.status_code == 302 and "/auth/login" in response.headers["Location"], (
            url,
            role,
            response.status_code,
        )
    else:
        assert response.status_code == want, (url, role, response.status_code)


def check_api(client, world, ids, bearer, role, method, template, expected, body) -> None:
    """Call the API as `role` with a bearer token and compare with the table; always JSON."""
    headers = {} if role == "anonymous" else bearer(getattr(world, role))
    response = client.open(template.format(**ids), method=method, json=body, headers=headers)
    assert response.status_code == expected[role], (template, role, response.status_code, response.json)
    assert response.is_json


def page_access_test(routes):
    """The table-driven test of a page table: `test_access = page_access_test(ROUTES)`; the
    module's `ids` fixture (default: `base_ids`) names the objects of its URL templates."""

    @pytest.mark.parametrize("role", ROLES)
    @pytest.mark.parametrize(ROUTE_FIELDS, routes, ids=route_ids(routes))
    def test_access(client, world, db, ids, role, method, template, expected, data):
        check_page(client, world, db, ids, role, method, template, expected, data)

    return test_access


def api_access_test(routes):
    """The table-driven test of an API table: `test_api_access = api_access_test(ROUTES)`."""

    @pytest.mark.parametrize("role", API_ROLES)
    @pytest.mark.parametrize(ROUTE_FIELDS, routes, ids=route_ids(routes))
    def test_api_access(client, world, ids, bearer, role, method, template, expected, data):
        check_api(client, world, ids, bearer, role, method, template, expected, data)

    return test_api_access
