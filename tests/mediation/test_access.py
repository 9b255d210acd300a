"""Every page of the mediation station (and Open311) × every role → the expected status. A case
is seen by its complainant (the owner here) and the mediators of its street office: the
compound's committee, the community's staff, other residents and admins get 404; the
station's pages answer 403 to anyone who is no mediator."""

from __future__ import annotations

import pytest

from portal.auth.models import User
from portal.mediation import services
from portal.mediation.models import Category, Respondent
from tests.access import LOGIN, OK, PUBLIC, REDIRECT, SIGNED_IN, base_ids, expect, page_access_test
from tests.images import picture
from tests.mediation.conftest import upload

FILERS = {"claimant": OK, "owner": OK}
OWN_CASE = expect(404, anonymous=LOGIN, owner=OK, mediator=OK)
STATION = expect(404, anonymous=LOGIN, owner=403)
STATION_PAGE = expect(403, anonymous=LOGIN, mediator=OK)
COMPLAINANT = expect(404, anonymous=LOGIN, mediator=403)
CASE = "/mediation/complaints/{case}"

ROUTES = [
    ("GET", "/mediation/", SIGNED_IN, None),
    ("GET", "/mediation/new", expect(403, anonymous=LOGIN, **FILERS), None),
    ("POST", "/mediation/new", expect(403, anonymous=LOGIN, claimant=422, owner=422), {}),
    ("GET", CASE, OWN_CASE, None),
    ("POST", f"{CASE}/withdraw", COMPLAINANT | {"owner": REDIRECT}, {}),
    ("POST", f"{CASE}/information", COMPLAINANT | {"owner": 422}, {}),
    (
        "POST",
        f"{CASE}/messages",
        expect(404, anonymous=LOGIN, owner=REDIRECT, mediator=REDIRECT),
        {"text": "你好"},
    ),
    ("POST", f"{CASE}/rating", COMPLAINANT | {"owner": 422}, {"rating": "5"}),
    ("GET", "/mediation/attachments/{attachment}", OWN_CASE, None),
    ("GET", "/mediation/offices/{office}/queue", STATION_PAGE, None),
    ("GET", "/mediation/offices/{office}/deadlines", STATION_PAGE, None),
    (
        "POST",
        "/mediation/offices/{office}/deadlines",
        expect(403, anonymous=LOGIN, mediator=REDIRECT),
        {"accept_working_days": "5", "conclude_days": "30"},
    ),
    (
        "POST",
        "/mediation/offices/{office}/closed-days",
        expect(403, anonymous=LOGIN, mediator=REDIRECT),
        {"day": "2026-12-24", "reason": "培训"},
    ),
    (
        "POST",
        "/mediation/offices/{office}/closed-days/2026-12-24/reopen",
        expect(403, anonymous=LOGIN, mediator=REDIRECT),
        {},
    ),
    ("POST", "/mediation/offices/{office}/assign", expect(403, anonymous=LOGIN, mediator=REDIRECT), {}),
    ("POST", f"{CASE}/accept", STATION | {"mediator": REDIRECT}, {}),
    (
        "POST",
        f"{CASE}/decline",
        STATION | {"mediator": REDIRECT},
        {"reason": "out_of_scope", "note": "不属于"},
    ),
    ("POST", f"{CASE}/assign", STATION | {"mediator": 422}, {}),
    ("POST", f"{CASE}/sessions", STATION | {"mediator": 422}, {}),
    ("POST", f"{CASE}/agreement", STATION | {"mediator": 422}, {}),
    ("POST", f"{CASE}/judicial", STATION | {"mediator": 422}, {}),
    ("POST", f"{CASE}/failure", STATION | {"mediator": 422}, {}),
    ("POST", f"{CASE}/parties", STATION | {"mediator": 422}, {"phone": "13900000002"}),
    ("POST", f"{CASE}/close", STATION | {"mediator": REDIRECT}, {}),
    ("POST", f"{CASE}/extend", STATION | {"mediator": 422}, {}),
    ("GET", "/mediation/offices/{office}/statistics", STATION_PAGE | {"admin": OK}, None),
    ("GET", "/mediation/offices/{office}/cases.csv", STATION_PAGE | {"admin": OK}, None),
    ("GET", "/open311/discovery.json", PUBLIC, None),
    ("GET", "/open311/v2/services.json", PUBLIC, None),
    ("GET", "/open311/v2/services/repairs.xml", PUBLIC, None),
    ("GET", "/open311/v2/requests.json", PUBLIC, None),
    ("POST", "/open311/v2/requests.json", expect(403), {}),
    ("GET", "/open311/v2/requests/{number}.xml", PUBLIC, None),
]


def case_ids(world, db, owner: User) -> dict:
    """A complaint of the owner about compound A, with a photo."""
    complaint = services.file_complaint(
        owner,
        world.compound_a,
        category=Category.PARKING,
        respondent=Respondent.PROPERTY_COMPANY,
        description="车位被外来车辆长期占用。",
        mediation_consent=True,
        files=[upload(picture(size=(20, 20)))],
    )
    db.session.commit()
    return {
        "case": complaint.id,
        "number": complaint.number,
        "attachment": complaint.attachments[0].id,
        "office": world.office.id,
    }


@pytest.fixture
def ids(app, world, db):
    found = base_ids(world, db)
    with app.test_request_context():
        return {**found, **case_ids(world, db, db.session.get(User, found["owner"]))}


test_access = page_access_test(ROUTES)
