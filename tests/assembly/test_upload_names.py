"""An upload whose file name holds a NUL is refused cleanly: a 4xx, no row and no orphan file."""

import io
import os

from sqlalchemy import func, select

from portal.assembly.models import Attachment
from tests.conftest import login

PDF = b"%PDF-1.4\n% test\n"


def _files(folder):
    return sorted(name for _, _, names in os.walk(folder) for name in names) if os.path.isdir(folder) else []


def test_a_nul_in_an_upload_name_is_refused_and_leaves_no_file(app, client, db, new_meeting, world):
    meeting = new_meeting()
    db.session.commit()
    login(client, world.committee)
    folder = app.config["UPLOAD_FOLDER"]
    before = _files(folder)
    response = client.post(
        f"/assembly/items/{meeting.items[0].id}/attachments",
        data={"file": (io.BytesIO(PDF), "议题\x00说明.pdf")},
        content_type="multipart/form-data",
    )
    assert 400 <= response.status_code < 500
    assert db.session.scalar(select(func.count(Attachment.id))) == 0
    assert _files(folder) == before
