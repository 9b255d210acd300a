"""Every route × every role → the expected status, and no route without a declared rule."""

import pytest

from portal.registration.services import claim_unit
from tests.conftest import login

ROLES = ("anonymous", "resident", "claimant", "committee", "fred", "staff", "mediator", "admin")
OK, REDIRECT, LOGIN = 200, 302, "login"


def expect(default, **overrides):
    return {role: overrides.get(role, default) for role in ROLES}


PUBLIC = expect(OK)
SIGNED_IN = expect(OK, anonymous=LOGIN)
# (method, url template, expected by role, form data)
ROUTES = [
    ("GET", "/", PUBLIC, None),
    ("POST", "/preferences/language", expect(REDIRECT), {"lang": "en"}),
    ("POST", "/preferences/text-size", expect(REDIRECT), {}),
    ("GET", "/auth/register", PUBLIC, None),
    ("GET", "/auth/login", expect(REDIRECT, anonymous=OK), None),
    ("POST", "/auth/logout", expect(REDIRECT, anonymous=LOGIN), {}),
    ("GET", "/auth/profile", SIGNED_IN, None),
    ("GET", "/auth/password", SIGNED_IN, None),
    ("GET", "/places/compounds/{a}", PUBLIC, None),
    (
        "GET",
        "/places/compounds/{a}/roster",
        expect(403, anonymous=LOGIN, committee=OK, staff=OK, admin=OK),
        None,
    ),
    ("GET", "/places/compounds/{b}/roster", expect(403, anonymous=LOGIN, fred=OK, admin=OK), None),
    ("GET", "/places/roster/import", expect(403, anonymous=LOGIN, staff=OK, admin=OK), None),
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
    ("GET", "/admin/audit", expect(403, anonymous=LOGIN, admin=OK), None),
    ("GET", "/admin/roles", expect(403, anonymous=LOGIN, admin=OK), None),
    ("POST", "/admin/roles/{grant}/revoke", expect(403, anonymous=LOGIN, admin=REDIRECT), {}),
]


@pytest.fixture
def ids(world, db):
    claimant = world.resident
    unit = world.compound_a.buildings[0].units[0]
    claim = claim_unit(claimant, unit, "CERT")
    db.session.commit()
    return {
        "a": world.compound_a.id,
        "b": world.compound_b.id,
        "c": world.compound_c.id,
        "building": unit.building_id,
        "unit": unit.id,
        "claim": claim.id,
        "grant": world.mediator.grants[0].id,
    }


def _user(world, role):
    if role == "anonymous":
        return None
    from tests.conftest import make_user

    if role == "resident":
        return make_user("13711111111", "路人")
    return getattr(world, {"claimant": "resident"}.get(role, role))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("method", "template", "expected", "data"), ROUTES, ids=[f"{r[0]} {r[1]}" for r in ROUTES]
)
def test_access(client, world, db, ids, role, method, template, expected, data):
    user = _user(world, role)
    db.session.commit()
    login(client, user)
    url = template.format(**ids)
    response = client.open(url, method=method, data=data)
    want = expected[role]
    if want == LOGIN:
        assert response.status_code == 302 and "/auth/login" in response.headers["Location"], (
            response.status_code
        )
    else:
        assert response.status_code == want, (url, role, response.status_code)


def test_every_route_is_in_the_table(app):
    covered = set()
    with app.test_request_context():
        adapter = app.url_map.bind("portal.test")
        for method, template, _, _ in ROUTES:
            url = template.format(a=1, b=1, c=1, building=1, unit=1, claim=1, grant=1)
            covered.add(adapter.match(url, method=method)[0])
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules() if not rule.endpoint.endswith("static")}
    assert endpoints - covered == set()


def test_every_route_declares_a_permission_rule(app):
    missing = [
        endpoint
        for endpoint, view in app.view_functions.items()
        if not endpoint.endswith("static") and not getattr(view, "permission_rule", None)
    ]
    assert missing == []
