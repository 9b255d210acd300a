"""A notice's documents and photos: written with the notice, photos without their location,
shown to whoever may read the notice, and a refused file loses nothing that was typed."""

import io

from PIL import Image
from sqlalchemy import select

from portal.notices.models import Notice
from portal.uploads import open_upload
from tests.conftest import login
from tests.images import PDF, phone_photo

NOTICE = {"title": "楼道粉刷通知", "category": "news", "body": "下周一起粉刷 2 号楼楼道。"}


def _files(*files):
    return {"documents": [(io.BytesIO(data), name) for data, name in files]}


def test_a_notice_carries_a_photo_without_its_location_and_a_pdf(client, world, db):
    login(client, world.committee)
    response = client.post(
        f"/notices/compounds/{world.compound_a.id}/new",
        data={**NOTICE, **_files((phone_photo(), "楼道.jpg"), (PDF, "施工方案.pdf"))},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    notice = db.session.scalar(select(Notice).where(Notice.title == "楼道粉刷通知"))
    photo, plan = notice.attachments
    assert (photo.upload.content_type, plan.upload.content_type) == ("image/jpeg", "application/pdf")
    with open_upload(photo.upload) as stored:
        assert not Image.open(stored).getexif().get_ifd(0x8825)  # no GPS left
    client.get("/auth/logout")
    login(client, None)
    page = client.get(f"/notices/{notice.id}").get_data(as_text=True)
    assert "施工方案.pdf" in page and f"/notices/attachments/{photo.id}?inline=1" in page
    download = client.get(f"/notices/attachments/{plan.id}")
    assert download.status_code == 200 and download.data.startswith(b"%PDF")


def test_a_refused_file_keeps_what_was_typed_and_stores_nothing(client, world, db):
    login(client, world.committee)
    response = client.post(
        f"/notices/compounds/{world.compound_a.id}/new",
        data={**NOTICE, **_files((b"MZ\x90\x00 not a photo", "照片.jpg"))},
        content_type="multipart/form-data",
    )
    text = response.get_data(as_text=True)
    assert response.status_code == 422 and "楼道粉刷通知" in text and "下周一起粉刷" in text
    assert db.session.scalar(select(Notice).where(Notice.title == "楼道粉刷通知")) is None


def test_at_most_six_documents(client, world, db):
    login(client, world.committee)
    response = client.post(
        f"/notices/compounds/{world.compound_a.id}/new",
        data={**NOTICE, **_files(*[(PDF, f"{n}.pdf") for n in range(7)])},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422 and "最多" in response.get_data(as_text=True)
