"""The shared upload store: types judged by their first bytes, size limits, cleaned names,
photos re-encoded without EXIF (upright, scaled down), decompression bombs refused, no file
left behind by a transaction that does not commit, and the download headers."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path
from typing import ClassVar

import pytest
from PIL import Image
from sqlalchemy import func, select
from werkzeug.datastructures import FileStorage

from portal import uploads
from portal.errors import DomainError
from portal.upload_fields import UploadField
from portal.uploads import IMAGES, LocalStore, Upload, send_upload
from tests.images import PDF, bomb, phone_photo, picture, png, png_header


def names_all_types(message: str) -> bool:
    return all(label in message for label in ("PDF", "PNG", "JPEG", "WebP"))


@pytest.fixture
def folder(app, tmp_path, monkeypatch) -> Path:
    """An empty upload folder for this test."""
    path = tmp_path / "uploads"
    monkeypatch.setitem(app.config, "UPLOAD_FOLDER", str(path))
    return path


def stored_files(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def store(data: bytes, name: str = "file.pdf", **options) -> Upload:
    return uploads.store(FileStorage(io.BytesIO(data), filename=name), uploaded_by=None, **options)


def refusal(data: bytes, name: str = "file.pdf", **options) -> str:
    with pytest.raises(DomainError) as refused:
        store(data, name, **options)
    return str(refused.value.message)


def stored_image(folder: Path, upload: Upload) -> Image.Image:
    return Image.open(folder / upload.stored_name)


SPOOFED = {
    "text named .pdf": (b"just some text, not a PDF\n", "report.pdf"),
    "executable named .jpg": (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200, "photo.jpg"),
    "html": (b"<!DOCTYPE html><html><script>alert(1)</script></html>", "page.pdf"),
    "svg": (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "logo.png"),
    "zip": (b"PK\x03\x04\x14\x00\x00\x00" + b"\x00" * 100, "archive.pdf"),
    "jpeg header then junk": (b"\xff\xd8\xff\xe0" + bytes(range(256)) * 20, "photo.jpg"),
    "png header then junk": (b"\x89PNG\r\n\x1a\n" + b"\x00" * 300, "image.png"),
    "webp header then junk": (b"RIFF\x00\x01\x00\x00WEBPVP8 " + b"\x07" * 300, "image.webp"),
}


@pytest.mark.parametrize("data,name", SPOOFED.values(), ids=SPOOFED.keys())
def test_files_that_are_not_what_they_claim_are_refused_naming_the_accepted_types(db, folder, data, name):
    assert names_all_types(refusal(data, name))
    assert db.session.scalar(select(func.count(Upload.id))) == 0
    assert stored_files(folder) == []


def test_a_caller_may_accept_images_only(db, folder):
    message = refusal(PDF, kinds=IMAGES)
    assert "PNG、JPEG或WebP" in message and "PDF" not in message
    assert store(png(), "a.png", kinds=IMAGES).content_type == "image/png"


def test_size_limit_exactly_the_limit_is_accepted_one_byte_more_is_not(db, folder):
    limit = uploads.DEFAULT_LIMIT
    padded = PDF + b"%" * (limit - len(PDF))
    assert store(padded).size == limit
    assert "5 MB" in refusal(padded + b"%")
    assert "0.5 MB" in refusal(PDF * 40_000, limit=512 * 1024)


def test_no_more_than_the_limit_and_one_byte_is_read():
    class Endless(io.RawIOBase):
        read_so_far = 0

        def readinto(self, buffer):
            buffer[:] = b"%" * len(buffer)
            self.read_so_far += len(buffer)
            return len(buffer)

    stream = Endless()
    with pytest.raises(DomainError):
        uploads._read(FileStorage(stream, filename="big.pdf"), 1000)
    assert stream.read_so_far <= 1001


def test_an_empty_file_is_refused(db, folder):
    assert refusal(b"") and stored_files(folder) == []


@pytest.mark.parametrize(
    "sent,kept",
    [
        ("../../etc/passwd", "passwd.pdf"),
        ("..\\..\\windows\\win.ini", "win.ini.pdf"),
        ("C:\\Users\\张\\委托书.pdf", "委托书.pdf"),
        ("a\x00b\x1f.pdf", "ab.pdf"),
        ("invoice\u202efdp.exe", "invoicefdp.exe.pdf"),
        ("..", "file.pdf"),
        ("", "file.pdf"),
        ("报告.PDF", "报告.PDF"),
        ("报告.png", "报告.pdf"),
    ],
)
def test_the_original_name_is_cleaned_and_the_file_stored_under_a_random_name(db, folder, sent, kept):
    upload = store(PDF, sent)
    assert upload.original_name == kept
    assert len(upload.stored_name) == 32 and int(upload.stored_name, 16) >= 0
    assert stored_files(folder) == [upload.stored_name]


def test_long_names_are_cut_to_200_characters_keeping_the_extension(db, folder):
    assert store(PDF, "议" * 300 + ".pdf").original_name == "议" * 196 + ".pdf"


def test_pdfs_are_stored_as_they_are(db, folder):
    upload = store(PDF, "议题说明.pdf")
    assert (folder / upload.stored_name).read_bytes() == PDF
    assert (upload.content_type, upload.size) == ("application/pdf", len(PDF))
    assert upload.sha256 == hashlib.sha256(PDF).hexdigest()


def test_exif_gps_device_xmp_and_comments_are_removed_from_photos(db, folder):
    sent = phone_photo()
    assert Image.open(io.BytesIO(sent)).getexif().get_ifd(0x8825)  # the photo did carry GPS
    upload = store(sent, "IMG_0001.jpg")
    kept = (folder / upload.stored_name).read_bytes()
    image = stored_image(folder, upload)
    assert dict(image.getexif()) == {} and not image.getexif().get_ifd(0x8825)
    assert not {"exif", "xmp", "comment"} & set(image.info)
    for leak in (b"Exif", b"SnoopPhone", b"GPS", b"taken at home"):
        assert leak not in kept
    assert upload.sha256 == hashlib.sha256(kept).hexdigest() and upload.size == len(kept)


def test_png_metadata_is_removed_and_png_stays_png(db, folder):
    from PIL.PngImagePlugin import PngInfo

    text = PngInfo()
    text.add_text("Author", "张三 13800000000")
    exif = Image.Exif()
    exif[0x010F] = "SnoopPhone"
    sent = png(exif=exif, pnginfo=text)
    upload = store(sent, "截图.png")
    image = stored_image(folder, upload)
    assert (upload.content_type, upload.original_name, image.format) == ("image/png", "截图.png", "PNG")
    assert dict(image.getexif()) == {} and "Author" not in image.info
    assert b"13800000000" not in (folder / upload.stored_name).read_bytes()


def test_the_exif_orientation_is_applied_before_it_is_removed(db, folder):
    upload = store(phone_photo(orientation=6, size=(400, 200)), "sideways.jpg")
    image = stored_image(folder, upload).convert("RGB")
    assert image.size == (200, 400)  # turned a quarter clockwise, as the camera meant
    red, blue = image.getpixel((100, 20)), image.getpixel((100, 380))
    assert red[0] > 200 > red[2] and blue[2] > 200 > blue[0]


def test_large_photos_are_scaled_down_to_2048_pixels(db, folder):
    upload = store(picture((4000, 3000), "JPEG"), "big.jpg")
    assert stored_image(folder, upload).size == (2048, 1536)
    tall = store(picture((1000, 3000), "PNG"), "tall.png")
    assert stored_image(folder, tall).size == (683, 2048)


def test_webp_photos_become_jpeg(db, folder):
    upload = store(picture((300, 200), "WEBP"), "相片.webp")
    assert (upload.content_type, upload.original_name) == ("image/jpeg", "相片.jpg")
    assert stored_image(folder, upload).format == "JPEG"


def test_transparent_images_become_jpeg_on_white_only_when_they_were_jpeg_or_webp(db, folder):
    out = io.BytesIO()
    Image.new("RGBA", (20, 20), (255, 0, 0, 0)).save(out, "WEBP", lossless=True)
    image = stored_image(folder, store(out.getvalue(), "clear.webp"))
    assert image.mode == "RGB" and image.getpixel((10, 10)) == (255, 255, 255)


@pytest.mark.parametrize(
    "data",
    [bomb((10_000, 10_000)), png_header(7_100, 7_100), png_header(100_000, 100_000)],
    ids=["real bomb", "over the portal's limit", "over Pillow's limit"],
)
def test_decompression_bombs_are_refused(db, folder, data):
    assert "50" in refusal(data, "bomb.png")
    assert stored_files(folder) == []


def test_a_rollback_removes_the_file_and_a_commit_keeps_it(db, folder):
    upload = store(PDF)
    assert stored_files(folder) == [upload.stored_name]
    db.session.rollback()
    assert stored_files(folder) == []
    kept = store(PDF).stored_name
    db.session.commit()
    db.session.rollback()
    assert stored_files(folder) == [kept]


def test_a_rolled_back_savepoint_removes_only_its_own_files(db, folder):
    outer = store(PDF).stored_name
    savepoint = db.session.begin_nested()
    store(PDF)
    savepoint.rollback()
    assert stored_files(folder) == [outer]
    with db.session.begin_nested():
        inner = store(PDF).stored_name
    db.session.commit()
    assert stored_files(folder) == sorted([outer, inner])


def test_a_released_savepoint_goes_with_the_outer_transaction(db, folder):
    with db.session.begin_nested():
        store(PDF)
    db.session.rollback()
    assert stored_files(folder) == []


def test_a_session_closed_without_a_commit_removes_its_files(db, folder):
    store(PDF)
    db.session.close()
    assert stored_files(folder) == []


def test_downloads_are_attachments_with_safe_headers(app, db, folder):
    upload = store(PDF, "业主大会议题说明.pdf")
    with app.test_request_context():
        response = send_upload(upload)
        response.direct_passthrough = False
        assert response.get_data() == PDF
    assert response.mimetype == "application/pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cache-Control"] == "private, no-store"
    disposition = response.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=UTF-8''%E4%B8%9A%E4%B8%BB%E5%A4%A7%E4%BC%9A" in disposition
    assert f'filename="upload-{upload.id}.pdf"' in disposition  # for clients without filename*


def test_names_with_quotes_and_separators_stay_inside_the_header(app, db, folder):
    upload = store(PDF, 'a";b\r\nX-Evil: 1 报告.pdf')
    with app.test_request_context():
        disposition = send_upload(upload).headers["Content-Disposition"]
    assert disposition.startswith('attachment; filename="abX-Evil1.pdf"; filename*=UTF-8')
    assert "\n" not in disposition and "\r" not in disposition and disposition.count('"') == 2
    assert "a%22%3BbX-Evil%3A%201%20%E6%8A%A5" in disposition


def test_images_may_be_shown_inline_but_pdfs_are_always_downloaded(app, db, folder):
    image, document = store(png(), "小图.png"), store(PDF, "a.pdf")
    with app.test_request_context():
        shown = send_upload(image, inline=True)
        still_downloaded = send_upload(document, inline=True)
    assert shown.headers["Content-Disposition"].startswith("inline;")
    assert shown.headers["X-Content-Type-Options"] == "nosniff" and shown.mimetype == "image/png"
    assert still_downloaded.headers["Content-Disposition"].startswith("attachment;")


def test_a_file_missing_from_the_store_is_a_404(app, db, folder):
    from werkzeug.exceptions import NotFound

    upload = store(PDF)
    (folder / upload.stored_name).unlink()
    with app.test_request_context(), pytest.raises(NotFound):
        send_upload(upload)


def test_the_local_store_takes_only_stored_names(tmp_path):
    local = LocalStore({"UPLOAD_FOLDER": str(tmp_path)})
    for name in ("../../etc/passwd", "a/b", "", "ABC" * 10):
        with pytest.raises(ValueError):
            local.path(name)


class MemoryStore:
    """A store that keeps files in memory, as an object-storage client would keep them away."""

    files: ClassVar[dict[str, bytes]] = {}

    def __init__(self, config) -> None:
        pass

    def save(self, name: str, data: bytes) -> None:
        self.files[name] = data

    def open(self, name: str):
        return io.BytesIO(self.files[name])

    def delete(self, name: str) -> None:
        self.files.pop(name, None)


def test_the_store_is_chosen_by_configuration(app, db, folder, monkeypatch):
    monkeypatch.setitem(app.config, "UPLOAD_STORE", "tests.test_uploads:MemoryStore")
    upload = store(PDF, "云端.pdf")
    assert MemoryStore.files[upload.stored_name] == PDF and stored_files(folder) == []
    with app.test_request_context():
        response = send_upload(upload)
        response.direct_passthrough = False
        assert response.get_data() == PDF
    db.session.rollback()
    assert MemoryStore.files == {}


def test_the_upload_field_says_which_types_it_takes_and_how_large(app):
    from flask_wtf import FlaskForm

    from portal.preferences import LANGUAGE_COOKIE

    class Form(FlaskForm):
        photo = UploadField("照片", kinds=IMAGES, limit=2 * 1024 * 1024, description="最多一张")
        document = UploadField("文件", required=True)

    with app.test_request_context(headers={"Cookie": f"{LANGUAGE_COOKIE}=en"}):
        form = Form(meta={"csrf": False})
        assert 'accept="image/png,image/jpeg,image/webp"' in form.photo()
        assert str(form.photo.description) == "最多一张 PNG, JPEG, or WebP; at most 2 MB"
        assert str(form.document.description) == "PDF, PNG, JPEG, or WebP; at most 5 MB"
        assert "required" in form.document()
