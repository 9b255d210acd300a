"""Every page of committee elections × every role → the expected status. Compound A has a
committee, so it runs the elections (staff and admins only when the committee cannot act);
owners see published elections, stand and vote; drafts and other compounds' elections are 404."""

import pytest

from portal.auth.models import User
from tests.access import LOGIN, OK, PUBLIC, REDIRECT, base_ids, expect, page_access_test
from tests.elections.access_ids import election_ids

SEE = {"owner": OK, "committee": OK, "staff": OK, "admin": OK}
COMMITTEE = expect(404, anonymous=LOGIN, committee=OK)
COMMITTEE_ACTS = expect(404, anonymous=LOGIN, committee=REDIRECT)
OWNERS_ONLY = expect(404, anonymous=LOGIN, owner=OK, committee=403, staff=403, admin=403)

ROUTES = [
    ("GET", "/elections/compounds/{a}", expect(403, anonymous=LOGIN, **SEE), None),
    ("GET", "/elections/compounds/{b}", expect(403, anonymous=LOGIN, fred=OK, admin=OK), None),
    ("GET", "/elections/compounds/{a}/new", expect(403, anonymous=LOGIN, committee=OK), None),
    ("GET", "/elections/compounds/{c}/new", expect(403, anonymous=LOGIN, staff=OK, admin=OK), None),
    ("POST", "/elections/compounds/{a}/new", expect(403, anonymous=LOGIN, committee=422), {"title": "x"}),
    ("GET", "/elections/{voting}", expect(404, anonymous=LOGIN, **SEE), None),
    ("GET", "/elections/{draft}", COMMITTEE, None),
    ("POST", "/elections/{draft}/open", COMMITTEE_ACTS, {}),
    ("GET", "/elections/{voting}/stand", OWNERS_ONLY, None),
    (
        "POST",
        "/elections/{voting}/stand",
        expect(404, anonymous=LOGIN, owner=422, committee=403, staff=403, admin=403),
        {"statement": "x"},
    ),
    ("GET", "/elections/{voting}/vote", OWNERS_ONLY, None),
    (
        "POST",
        "/elections/{voting}/vote",
        expect(404, anonymous=LOGIN, owner=REDIRECT, committee=403, staff=403, admin=403),
        {},
    ),
    ("GET", "/elections/{voting}/receipt", OWNERS_ONLY, None),
    ("GET", "/elections/candidates/{candidate}/photo", expect(404, anonymous=LOGIN, **SEE), None),
    ("GET", "/elections/committee/{a}", PUBLIC, None),
    ("GET", "/elections/{voting}/nominate", COMMITTEE, None),
    (
        "POST",
        "/elections/{voting}/nominate",
        expect(404, anonymous=LOGIN, committee=422),
        {"owner_key": "B2"},
    ),
    ("POST", "/elections/candidates/{candidate}/reject", COMMITTEE_ACTS, {"reason": "不符合"}),
    ("POST", "/elections/{voting}/publish", COMMITTEE_ACTS, {}),
    ("POST", "/elections/{voting}/cancel", COMMITTEE_ACTS, {}),
    ("GET", "/elections/{voting}/paper", COMMITTEE, None),
    (
        "POST",
        "/elections/{voting}/paper",
        expect(404, anonymous=LOGIN, committee=REDIRECT),
        {"owner_key": "A1", "channel": "paper"},
    ),
    ("POST", "/elections/{voting}/finalise", COMMITTEE_ACTS, {}),
    (
        "POST",
        "/elections/{voting}/objections",
        expect(404, anonymous=LOGIN, owner=REDIRECT, committee=403, staff=403, admin=403),
        {"text": "异议"},
    ),
    ("POST", "/elections/objections/{objection}/answer", COMMITTEE_ACTS, {"answer": "答复"}),
    ("POST", "/elections/{voting}/corrections", COMMITTEE_ACTS, {"owner_key": "A1", "reason": "录错"}),
    ("POST", "/elections/{voting}/corrections/void", COMMITTEE_ACTS, {"owner_key": "A1", "reason": "录错"}),
    ("POST", "/elections/{voting}/paper/upload", expect(404, anonymous=LOGIN, committee=422), {}),
    (
        "POST",
        "/elections/terms/{term}/filing",
        expect(403, anonymous=LOGIN, staff=REDIRECT, admin=REDIRECT),
        {"filed_on": "2026-01-01"},
    ),
    ("GET", "/elections/committee/{a}/meetings", expect(403, anonymous=LOGIN, **SEE), None),
    ("GET", "/elections/committee/{a}/meetings/new", expect(403, anonymous=LOGIN, committee=OK), None),
    (
        "POST",
        "/elections/committee/{a}/meetings/new",
        expect(403, anonymous=LOGIN, committee=422),
        {"title": ""},
    ),
    ("GET", "/elections/meetings/{cm_draft}", COMMITTEE, None),
    ("GET", "/elections/meetings/{cm_published}", expect(404, anonymous=LOGIN, **SEE), None),
    ("POST", "/elections/meetings/{cm_draft}/attendance", COMMITTEE_ACTS, {}),
    ("POST", "/elections/meetings/{cm_draft}/minutes", COMMITTEE_ACTS, {"minutes": "纪要"}),
    ("POST", "/elections/meetings/{cm_draft}/decisions", COMMITTEE_ACTS, {"text": "决定"}),
    ("POST", "/elections/meetings/{cm_draft}/publish", COMMITTEE_ACTS, {}),
    ("POST", "/elections/terms/{term}/posts", COMMITTEE_ACTS, {"chair": "{member}"}),
    ("POST", "/elections/members/{member}/leave", COMMITTEE_ACTS, {"basis": "辞职"}),
    ("POST", "/elections/members/{member}/cross-post", COMMITTEE_ACTS, {"post": "居委会委员"}),
]


@pytest.fixture
def ids(app, world, db):
    found = base_ids(world, db)
    with app.test_request_context():
        return {**found, **election_ids(world, db, db.session.get(User, found["owner"]))}


test_access = page_access_test(ROUTES)
