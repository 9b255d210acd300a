"""Every API endpoint × every role (tokens, not cookies) → the expected status."""

import pytest

from tests.api.test_api import MEETING

ROLES = ("anonymous", "resident", "committee", "fred", "staff", "admin")


def expect(default, **overrides):
    return {role: overrides.get(role, default) for role in ROLES}


ROUTES = [
    ("POST", "/api/v1/tokens", expect(422), {}),
    ("GET", "/api/v1/compounds", expect(200), None),
    ("GET", "/api/v1/compounds/{a}/units", expect(200, anonymous=401), None),
    ("POST", "/api/v1/units/{unit}/claims", expect(201, anonymous=401), {"certificate_no": "C"}),
    ("POST", "/api/v1/claims/{claim}/verify", expect(404, anonymous=401, committee=200), None),
    ("POST", "/api/v1/claims/{claim}/reject", expect(404, anonymous=401, committee=200), {"reason": "不符"}),
    ("POST", "/api/v1/compounds/{a}/meetings", expect(403, anonymous=401, committee=201), MEETING),
    ("POST", "/api/v1/meetings/{meeting}/publish", expect(404, anonymous=401, committee=422), None),
    ("POST", "/api/v1/meetings/{meeting}/ballots", expect(404, anonymous=401), {"choices": {"1": "agree"}}),
    (
        "POST",
        "/api/v1/meetings/{meeting}/paper-ballots",
        expect(404, anonymous=401, committee=422),
        {"owner_key": "A1", "channel": "paper", "choices": {"1": "agree"}},
    ),
    ("GET", "/api/v1/meetings/{meeting}/tally", expect(404, anonymous=401, committee=200), None),
    ("GET", "/api/v1/openapi.json", expect(200), None),
]


@pytest.fixture
def ids(db, world):
    from portal.assembly.models import MeetingForm, MeetingKind
    from portal.assembly.rules import Matter
    from portal.assembly.services import ItemDraft, create_meeting
    from portal.columns import utcnow
    from portal.registration.services import claim_unit

    unit = world.compound_a.buildings[0].units[0]
    claim = claim_unit(world.resident, unit, "CERT")
    from datetime import timedelta

    meeting = create_meeting(
        world.compound_a,
        title="会议",
        kind=MeetingKind.REGULAR,
        form=MeetingForm.WRITTEN,
        opens_at=utcnow() + timedelta(days=3),
        closes_at=utcnow() + timedelta(days=10),
        items=[ItemDraft("议题", "", Matter.COVENANT)],
        actor=world.committee,
    )
    db.session.commit()
    return {
        "a": world.compound_a.id,
        "unit": world.compound_a.buildings[0].units[1].id,
        "claim": claim.id,
        "meeting": meeting.id,
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("method", "template", "expected", "body"), ROUTES, ids=[f"{r[0]} {r[1]}" for r in ROUTES]
)
def test_api_access(client, world, ids, bearer, role, method, template, expected, body):
    headers = {} if role == "anonymous" else bearer(getattr(world, role))
    response = client.open(template.format(**ids), method=method, json=body, headers=headers)
    assert response.status_code == expected[role], (role, response.json)
    assert response.is_json


def test_every_api_route_is_in_the_table(app):
    covered = set()
    adapter = app.url_map.bind("portal.test")
    for method, template, _, _ in ROUTES:
        covered.add(adapter.match(template.format(a=1, unit=1, claim=1, meeting=1), method=method)[0])
    endpoints = {
        rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint.startswith(("api.", "api-docs."))
    }
    assert endpoints - covered == set()
