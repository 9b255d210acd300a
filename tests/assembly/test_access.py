"""Every page of the owners' assembly × every role → the expected status."""

import io
from datetime import timedelta

import pytest
from werkzeug.datastructures import FileStorage

from portal import uploads
from portal.assembly.models import (
    Attachment,
    AttachmentPurpose,
    Ballot,
    BallotChannel,
    BallotChoice,
    Objection,
)
from portal.assembly.rules import Matter
from portal.assembly.services import ItemDraft, create_meeting, publish
from portal.columns import utcnow
from portal.electorate import group_by_key
from tests.access import (
    LOGIN,
    OK,
    PUBLIC,
    REDIRECT,
    SIGNED_IN,
    base_ids,
    expect,
    page_access_test,
)

ROUTES = [
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
    # Who may see the meeting but not vote is told why (403); the others learn nothing (404).
    (
        "GET",
        "/assembly/meetings/{meeting}/vote",
        expect(404, anonymous=LOGIN, owner=OK, committee=403, staff=403, admin=403),
        None,
    ),
    (
        "POST",
        "/assembly/meetings/{meeting}/vote/review",
        expect(404, anonymous=LOGIN, owner=422, committee=403, staff=403, admin=403),
        {},
    ),
    (
        "GET",
        "/assembly/meetings/{meeting}/receipt",
        expect(404, anonymous=LOGIN, owner=OK, committee=403, staff=403, admin=403),
        None,
    ),
    ("GET", "/assembly/receipts", SIGNED_IN, None),
    ("GET", "/assembly/meetings/{meeting}/paper", expect(404, anonymous=LOGIN, committee=OK), None),
    ("POST", "/assembly/meetings/{meeting}/paper/upload", expect(404, anonymous=LOGIN, committee=422), {}),
    ("GET", "/assembly/meetings/{meeting}/announcement", expect(404, anonymous=LOGIN), None),
    (
        "POST",
        "/assembly/meetings/{meeting}/objections",
        expect(404, anonymous=LOGIN, owner=REDIRECT, committee=403, staff=403, admin=403),
        {"text": "异议"},
    ),
    (
        "POST",
        "/assembly/objections/{objection}/answer",
        expect(404, anonymous=LOGIN, committee=REDIRECT),
        {"answer": "答"},
    ),
    (
        "GET",
        "/assembly/meetings/{meeting}/register",
        expect(404, anonymous=LOGIN, owner=403, committee=403, staff=403, admin=403),
        None,
    ),
    (
        "GET",
        "/assembly/meetings/{meeting}/register.csv",
        expect(404, anonymous=LOGIN, owner=403, committee=403, staff=403, admin=403),
        None,
    ),
    ("GET", "/assembly/meetings/{meeting}/tally.csv", expect(404, anonymous=LOGIN), None),
    (
        "POST",
        "/assembly/ballots/{ballot}/correct",
        expect(404, anonymous=LOGIN, committee=REDIRECT),
        {"choice": "agree", "reason": "更正"},
    ),
    (
        "POST",
        "/assembly/ballots/{ballot}/void",
        expect(404, anonymous=LOGIN, committee=REDIRECT),
        {"reason": "录错了业主"},
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
]


@pytest.fixture
def ids(app, world, db):
    """A meeting of compound A with its notice published, an objection, a paper ballot and an
    item document."""
    from portal.assembly.models import MeetingForm, MeetingKind

    found = base_ids(world, db)
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
    objection = Objection(meeting_id=meeting.id, user_id=found["owner"], text="异议")
    ballot = Ballot(
        meeting_id=meeting.id,
        item_id=meeting.items[0].id,
        group_id=group_by_key(meeting.electorate, "A1").id,
        choice=BallotChoice.AGREE,
        channel=BallotChannel.PAPER,
        cast_by_id=world.committee.id,
    )
    upload = uploads.store(FileStorage(io.BytesIO(b"%PDF-"), "a.pdf"), uploaded_by=world.committee)
    document = Attachment(
        meeting_id=meeting.id, item_id=meeting.items[0].id, purpose=AttachmentPurpose.ITEM, upload=upload
    )
    db.session.add_all([objection, ballot, document])
    db.session.commit()
    return {
        **found,
        "item": meeting.items[0].id,
        "attachment": document.id,
        "objection": objection.id,
        "ballot": ballot.id,
        "meeting": meeting.id,
    }


test_access = page_access_test(ROUTES)
