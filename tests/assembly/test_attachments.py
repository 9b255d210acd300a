"""Documents of agenda items and proxy authorisations: PDFs and images only, served only to
those who may see them."""

import io
from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import select

from portal.assembly.models import Attachment, AttachmentPurpose, Ballot
from portal.assembly.services import publish
from tests.assembly.conftest import NOW
from tests.conftest import login

PDF = b"%PDF-1.4\n% test\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20


@pytest.fixture(autouse=True)
def uploads(app, tmp_path):
    before = app.config["UPLOAD_FOLDER"]
    app.config["UPLOAD_FOLDER"] = str(tmp_path / "uploads")
    yield
    app.config["UPLOAD_FOLDER"] = before


def _attach(client, item_id, data, name="议题说明.pdf"):
    return client.post(
        f"/assembly/items/{item_id}/attachments",
        data={"file": (io.BytesIO(data), name)},
        content_type="multipart/form-data",
    )


def test_documents_are_attached_to_draft_items_and_served_to_viewers(
    app, client, db, new_meeting, world, owners
):
    meeting = new_meeting()
    db.session.commit()
    login(client, world.committee)
    assert _attach(client, meeting.items[0].id, PDF).status_code == 302
    refused = _attach(client, meeting.items[0].id, b"<html>not a pdf</html>", "x.pdf")
    assert refused.status_code == 302
    assert db.session.scalar(select(Attachment.content_type)) == "application/pdf"
    assert len(db.session.scalars(select(Attachment)).all()) == 1
    with app.test_request_context():
        publish(meeting, actor=world.committee, now=NOW)
    db.session.commit()
    assert _attach(client, meeting.items[0].id, PNG, "图.png").status_code == 302  # too late: refused
    assert len(db.session.scalars(select(Attachment)).all()) == 1
    document = db.session.scalar(select(Attachment))
    login(client, owners["A1"])
    response = client.get(f"/assembly/attachments/{document.id}")
    assert response.status_code == 200 and response.data == PDF
    assert response.headers["Content-Type"] == "application/pdf"
    login(client, world.fred)
    assert client.get(f"/assembly/attachments/{document.id}").status_code == 404


def test_a_proxy_ballot_needs_the_written_authorisation(app, client, db, new_meeting, world, owners):
    meeting = new_meeting()
    with app.test_request_context():
        publish(meeting, actor=world.committee, now=NOW)
    db.session.commit()
    item = meeting.items[0]
    with time_machine.travel(meeting.voting_opens_at + timedelta(hours=1), tick=False):
        login(client, world.committee)
        data = {"owner_key": "B2", "channel": "proxy", "proxy_name": "李四之子", f"item_{item.id}": "agree"}
        missing = client.post(f"/assembly/meetings/{meeting.id}/paper", data=data)
        assert missing.status_code == 422 and db.session.scalar(select(Ballot)) is None
        with_file = dict(data, authorisation=(io.BytesIO(PNG), "委托书.png"))
        done = client.post(
            f"/assembly/meetings/{meeting.id}/paper", data=with_file, content_type="multipart/form-data"
        )
        assert done.status_code == 302
        authorisation = db.session.scalar(select(Attachment))
        assert authorisation.purpose == AttachmentPurpose.PROXY_AUTHORISATION
        assert client.get(f"/assembly/attachments/{authorisation.id}").status_code == 200
        login(client, owners["A1"])
        assert client.get(f"/assembly/attachments/{authorisation.id}").status_code == 404
