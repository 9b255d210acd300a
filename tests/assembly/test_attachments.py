"""Documents of agenda items and proxy authorisations: PDFs and images only (through the shared
upload store), served only to those who may see them, and never left behind by a refusal."""

import io
from datetime import timedelta
from pathlib import Path

import pytest
import time_machine
from sqlalchemy import func, select

from portal.assembly.models import Attachment, AttachmentPurpose, Ballot
from portal.assembly.services import publish
from portal.errors import DomainError
from portal.uploads import Upload
from tests.assembly.conftest import NOW
from tests.conftest import login
from tests.images import PDF, png

PNG = png()


@pytest.fixture(autouse=True)
def folder(app, tmp_path, monkeypatch) -> Path:
    path = tmp_path / "uploads"
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(path))
    return path


def stored_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


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
    assert db.session.scalar(select(Attachment)).upload.content_type == "application/pdf"
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
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "private, no-store"
    assert (
        "filename*=UTF-8''%E8%AE%AE%E9%A2%98%E8%AF%B4%E6%98%8E.pdf" in response.headers["Content-Disposition"]
    )
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


def test_the_attach_form_says_which_files_it_takes(client, db, new_meeting, world):
    meeting = new_meeting()
    db.session.commit()
    login(client, world.committee)
    page = client.get(f"/assembly/meetings/{meeting.id}").get_data(as_text=True)
    assert 'accept="application/pdf,image/png,image/jpeg,image/webp"' in page
    assert "PDF、PNG、JPEG或WebP，不超过 5 MB" in page


def _refuse_the_audit(monkeypatch, error):
    """Make the audit record that follows the stored file fail, as a later refusal would."""
    from portal import audit

    record = audit.record

    def refusing(action, *args, **kwargs):
        if action == "attachment_added":
            raise error
        return record(action, *args, **kwargs)

    monkeypatch.setattr(audit, "record", refusing)


def test_a_request_refused_after_the_file_was_stored_leaves_nothing(
    client, db, folder, new_meeting, world, monkeypatch
):
    meeting = new_meeting()
    db.session.commit()
    login(client, world.committee)
    with monkeypatch.context() as patch:
        _refuse_the_audit(patch, DomainError("refused after the file was written"))
        response = client.post(
            f"/assembly/items/{meeting.items[0].id}/attachments",
            data={"file": (io.BytesIO(PDF), "议题说明.pdf")},
            content_type="multipart/form-data",
            follow_redirects=True,
        )
    assert "refused after the file was written" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Upload.id))) == 0
    assert stored_files(folder) == []
    assert _attach(client, meeting.items[0].id, PDF).status_code == 302
    assert len(stored_files(folder)) == 1  # a committed request keeps its file


def test_a_request_failing_after_the_file_was_stored_leaves_nothing(
    client, db, folder, new_meeting, world, monkeypatch
):
    meeting = new_meeting()
    db.session.commit()
    login(client, world.committee)
    _refuse_the_audit(monkeypatch, RuntimeError("the server failed"))
    with pytest.raises(RuntimeError):
        _attach(client, meeting.items[0].id, PDF)
    assert stored_files(folder) == []
