"""Every route × every role → the expected status, and no route without a declared rule."""

from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from portal.assembly.models import (
    Attachment,
    AttachmentPurpose,
    Ballot,
    BallotChannel,
    BallotChoice,
    MeetingForm,
    MeetingKind,
    MeetingOwner,
    Objection,
)
from portal.assembly.rules import Matter
from portal.assembly.services import ItemDraft, create_meeting, publish
from portal.auth.models import User
from portal.columns import utcnow
from portal.registration.services import claim_unit, verify_claim
from tests.conftest import login, make_user

ROLES = ("anonymous", "resident", "claimant", "owner", "committee", "fred", "staff", "mediator", "admin")
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
    (
        "GET",
        "/assembly/compounds/{a}",
        expect(403, anonymous=LOGIN, owner=OK, committee=OK, staff=OK, admin=OK),
        None,
    ),
    ("GET", "/assembly/compounds/{a}/new", expect(403, anonymous=LOGIN, committee=OK), None),
    (
        "GET",
        "/assembly/meetings/{meeting}",
        expect(404, anonymous=LOGIN, owner=OK, committee=OK, staff=OK, admin=OK),
        None,
    ),
    ("POST", "/assembly/meetings/{meeting}/publish", expect(404, anonymous=LOGIN, committee=REDIRECT), {}),
    ("POST", "/assembly/meetings/{meeting}/finalise", expect(404, anonymous=LOGIN, committee=REDIRECT), {}),
    (
        "POST",
        "/assembly/meetings/{meeting}/cancel",
        expect(404, anonymous=LOGIN, committee=REDIRECT),
        {"reason": "改期"},
    ),
    ("GET", "/assembly/meetings/{meeting}/vote", expect(404, anonymous=LOGIN, owner=OK), None),
    ("GET", "/assembly/meetings/{meeting}/receipt", expect(404, anonymous=LOGIN, owner=OK), None),
    ("GET", "/assembly/meetings/{meeting}/paper", expect(404, anonymous=LOGIN, committee=OK), None),
    ("POST", "/assembly/meetings/{meeting}/paper/upload", expect(404, anonymous=LOGIN, committee=422), {}),
    ("GET", "/assembly/meetings/{meeting}/announcement", expect(404, anonymous=LOGIN), None),
    (
        "POST",
        "/assembly/meetings/{meeting}/objections",
        expect(404, anonymous=LOGIN, owner=REDIRECT),
        {"text": "异议"},
    ),
    (
        "POST",
        "/assembly/objections/{objection}/answer",
        expect(404, anonymous=LOGIN, committee=REDIRECT),
        {"answer": "答"},
    ),
    ("GET", "/assembly/meetings/{meeting}/register", expect(404, anonymous=LOGIN), None),  # not while voting
    ("GET", "/assembly/meetings/{meeting}/register.csv", expect(404, anonymous=LOGIN), None),
    ("GET", "/assembly/meetings/{meeting}/tally.csv", expect(404, anonymous=LOGIN), None),
    (
        "POST",
        "/assembly/ballots/{ballot}/correct",
        expect(404, anonymous=LOGIN, committee=REDIRECT),
        {"choice": "agree", "reason": "更正"},
    ),
    ("GET", "/assembly/compounds/{a}/establishment", PUBLIC, None),
    ("POST", "/assembly/compounds/{a}/establishment/sign", expect(403, anonymous=LOGIN, owner=REDIRECT), {}),
    (
        "POST",
        "/assembly/compounds/{a}/establishment/group",
        expect(403, anonymous=LOGIN, staff=REDIRECT, admin=REDIRECT),
        {"phones": "13000000000"},
    ),
    (
        "POST",
        "/assembly/compounds/{a}/establishment/roster",
        expect(403, anonymous=LOGIN, committee=REDIRECT),
        {},
    ),
    ("POST", "/assembly/items/{item}/attachments", expect(404, anonymous=LOGIN, committee=REDIRECT), {}),
    (
        "GET",
        "/assembly/attachments/{attachment}",
        expect(404, anonymous=LOGIN, owner=OK, committee=OK, staff=OK, admin=OK),
        None,
    ),
    ("POST", "/assembly/compounds/{a}/settings", expect(403, anonymous=LOGIN, committee=REDIRECT), {}),
    ("GET", "/assembly/meetings/{meeting}/edit", expect(404, anonymous=LOGIN, committee=REDIRECT), None),
    ("GET", "/admin/audit", expect(403, anonymous=LOGIN, admin=OK), None),
    ("GET", "/admin/roles", expect(403, anonymous=LOGIN, admin=OK), None),
    ("POST", "/admin/roles/{grant}/revoke", expect(403, anonymous=LOGIN, admin=REDIRECT), {}),
]


@pytest.fixture
def ids(app, world, db):
    claimant = world.resident
    unit = world.compound_a.buildings[0].units[0]
    claim = claim_unit(claimant, unit, "CERT")
    owner = make_user("13722222222", "业主")
    verify_claim(claim_unit(owner, world.compound_a.buildings[0].units[1], "CERT"), world.committee)
    meeting = create_meeting(
        world.compound_a,
        title="会议",
        kind=MeetingKind.REGULAR,
        form=MeetingForm.WRITTEN,
        opens_at=utcnow() + timedelta(days=20),
        closes_at=utcnow() + timedelta(days=30),
        items=[ItemDraft("议题", "", Matter.COVENANT)],
        actor=world.committee,
    )
    with app.test_request_context():
        publish(meeting, actor=world.committee)
    objection = Objection(meeting_id=meeting.id, user_id=owner.id, text="异议")
    first_owner = db.session.scalar(select(MeetingOwner).where(MeetingOwner.meeting_id == meeting.id))
    ballot = Ballot(
        meeting_id=meeting.id,
        item_id=meeting.items[0].id,
        meeting_owner_id=first_owner.id,
        choice=BallotChoice.AGREE,
        channel=BallotChannel.PAPER,
        cast_by_id=world.committee.id,
    )
    document = Attachment(
        meeting_id=meeting.id,
        item_id=meeting.items[0].id,
        purpose=AttachmentPurpose.ITEM,
        original_name="a.pdf",
        stored_name="0" * 32,
        content_type="application/pdf",
        size=5,
    )
    db.session.add_all([objection, ballot, document])
    db.session.commit()
    (Path(app.config["UPLOAD_FOLDER"]) / document.stored_name).parent.mkdir(parents=True, exist_ok=True)
    (Path(app.config["UPLOAD_FOLDER"]) / document.stored_name).write_bytes(b"%PDF-")
    return {
        "item": meeting.items[0].id,
        "attachment": document.id,
        "objection": objection.id,
        "ballot": ballot.id,
        "owner": owner.id,
        "meeting": meeting.id,
        "a": world.compound_a.id,
        "b": world.compound_b.id,
        "c": world.compound_c.id,
        "building": unit.building_id,
        "unit": unit.id,
        "claim": claim.id,
        "grant": world.mediator.grants[0].id,
    }


def _user(world, role, ids, db):
    if role == "anonymous":
        return None
    from tests.conftest import make_user

    if role == "resident":
        return make_user("13711111111", "路人")
    if role == "owner":
        return db.session.get(User, ids["owner"])
    return getattr(world, {"claimant": "resident"}.get(role, role))


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("method", "template", "expected", "data"), ROUTES, ids=[f"{r[0]} {r[1]}" for r in ROUTES]
)
def test_access(client, world, db, ids, role, method, template, expected, data):
    user = _user(world, role, ids, db)
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
            url = template.format(
                a=1,
                b=1,
                c=1,
                building=1,
                unit=1,
                claim=1,
                grant=1,
                meeting=1,
                objection=1,
                ballot=1,
                item=1,
                attachment=1,
            )
            covered.add(adapter.match(url, method=method)[0])
    endpoints = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if not rule.endpoint.endswith("static") and not rule.endpoint.startswith(("api.", "api-docs."))
    }  # the API has its own table in tests/api/test_access.py
    assert endpoints - covered == set()


def test_every_route_declares_a_permission_rule(app):
    missing = [
        endpoint
        for endpoint, view in app.view_functions.items()
        if not endpoint.endswith("static") and not getattr(view, "permission_rule", None)
    ]
    assert missing == []
