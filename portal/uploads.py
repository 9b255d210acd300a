"""Uploads shared by every capability: files judged by their first bytes (PDF, PNG, JPEG, WebP),
photos re-encoded without their metadata, kept under random names in a configurable store, and
served only through the owning record's route and permission rule.

An owning record (an assembly attachment, a complaint's photo, ...) points at its `Upload`; the
upload row knows nothing of owners or permissions. A view loads the owner under its own
`@requires` rule and answers with `send_upload(upload)`: there is no generic download route.

The file is written after its row is flushed and removed again when the transaction rolls back
(or ends without a commit), so a refused request leaves no orphan in the store.
"""

from __future__ import annotations

import enum
import hashlib
import logging
import re
import secrets
import unicodedata
from collections.abc import Collection, Mapping
from functools import cache
from importlib import import_module
from pathlib import Path
from typing import BinaryIO, Protocol
from urllib.parse import quote

from babel.lists import format_list
from flask import abort, current_app, send_file
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, event
from sqlalchemy.orm import Mapped, Session, SessionTransaction, mapped_column
from werkzeug.datastructures import FileStorage

from portal import photos
from portal.auth.models import User
from portal.columns import CreatedAt
from portal.errors import DomainError
from portal.extensions import db

log = logging.getLogger(__name__)

MEGABYTE = 1024 * 1024
#: The largest file one call accepts unless the caller passes another limit.
DEFAULT_LIMIT = 5 * MEGABYTE


class Kind(enum.StrEnum):
    """The kinds of file the portal accepts."""

    PDF = "pdf"
    PNG = "png"
    JPEG = "jpeg"
    WEBP = "webp"

    @property
    def label(self) -> str:
        return "WebP" if self is Kind.WEBP else self.name


ALL_KINDS = frozenset(Kind)
IMAGES = frozenset({Kind.PNG, Kind.JPEG, Kind.WEBP})
#: The type each kind is announced as to browsers (in `accept=`).
MEDIA_TYPES = {
    Kind.PDF: "application/pdf",
    Kind.PNG: "image/png",
    Kind.JPEG: "image/jpeg",
    Kind.WEBP: "image/webp",
}
#: The extension a stored file's name ends with, by the type it is stored as.
EXTENSIONS = {"application/pdf": ".pdf", "image/png": ".png", "image/jpeg": ".jpg"}
KNOWN_SUFFIXES = {".pdf", ".png", ".jpg", ".jpeg", ".jpe", ".webp"}


def kind_of(data: bytes) -> Kind | None:
    """The kind a file really is, judged by its first bytes (not its name or declared type)."""
    if data.startswith(b"%PDF-"):
        return Kind.PDF
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return Kind.PNG
    if data.startswith(b"\xff\xd8\xff"):
        return Kind.JPEG
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return Kind.WEBP
    return None


class Upload(CreatedAt, db.Model):
    """A stored file: what it is and who sent it. Whoever owns it (an attachment, a complaint)
    points at it and decides who may see it."""

    __tablename__ = "uploads"

    id: Mapped[int] = mapped_column(primary_key=True)
    #: The random name the file is stored under (never derived from what the sender typed).
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    #: The sender's file name, cleaned (no path, no control characters), for downloads.
    original_name: Mapped[str] = mapped_column(String(200))
    content_type: Mapped[str] = mapped_column(String(50))
    size: Mapped[int]
    #: SHA-256 of the stored bytes (unknown for files stored before uploads were shared and
    #: missing from the store when that migration ran).
    sha256: Mapped[str | None] = mapped_column(String(64))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


# --- the store -----------------------------------------------------------------------------------


class Store(Protocol):
    """Where files live. `UPLOAD_STORE=package.module:Class` names the class; it is built with
    the app's config. Names are always `Upload.stored_name` values (lowercase hex)."""

    def save(self, name: str, data: bytes) -> None: ...

    def open(self, name: str) -> BinaryIO: ...  # FileNotFoundError when it is not there

    def delete(self, name: str) -> None: ...  # nothing happens when it is not there


STORED_NAME = re.compile(r"[0-9a-f]{16,64}")


class LocalStore:
    """Files in the folder `UPLOAD_FOLDER` (outside `static/`, never served directly)."""

    def __init__(self, config: Mapping) -> None:
        self.folder = Path(config["UPLOAD_FOLDER"])

    def path(self, name: str) -> Path:
        if not STORED_NAME.fullmatch(name):
            raise ValueError(f"not a stored name: {name!r}")
        return self.folder / name

    def save(self, name: str, data: bytes) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        with open(self.path(name), "xb") as file:  # never overwrite another upload
            file.write(data)

    def open(self, name: str) -> BinaryIO:
        return open(self.path(name), "rb")

    def delete(self, name: str) -> None:
        self.path(name).unlink(missing_ok=True)


@cache
def _store_class(dotted: str) -> type:
    module, _, name = dotted.partition(":")
    return getattr(import_module(module), name)


def upload_store() -> Store:
    """The store configured by `UPLOAD_STORE` (`portal.uploads:LocalStore` by default)."""
    config = current_app.config
    return _store_class(config.get("UPLOAD_STORE", "portal.uploads:LocalStore"))(config)


# --- storing -------------------------------------------------------------------------------------


def store(
    file: FileStorage,
    *,
    uploaded_by: User | None,
    limit: int = DEFAULT_LIMIT,
    kinds: Collection[Kind] = ALL_KINDS,
) -> Upload:
    """Keep an uploaded file: refused when empty, larger than `limit` bytes (at most limit+1
    bytes are read) or not one of `kinds` by its first bytes. Photos are re-encoded (EXIF
    removed, upright, at most 2,048 px: see `portal.photos`); PDFs are stored as they are, not
    rewritten. The row is flushed, then the file
    written; a rollback of the transaction removes the file again."""
    data = _read(file, limit)
    kind = kind_of(data)
    if kind not in kinds:
        raise DomainError(_wrong_type(kinds))
    content, content_type = prepared(data, kind, kinds)
    upload = Upload(
        stored_name=secrets.token_hex(16),
        original_name=clean_name(file.filename, content_type),
        content_type=content_type,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        uploaded_by_id=uploaded_by.id if uploaded_by is not None else None,
    )
    db.session.add(upload)
    db.session.flush()
    target = upload_store()
    target.save(upload.stored_name, content)
    _remove_on_rollback(db.session(), target, upload.stored_name)
    return upload


def _read(file: FileStorage, limit: int) -> bytes:
    data = file.stream.read(limit + 1)
    if len(data) > limit:
        raise DomainError(_l("The file is larger than %(n)s MB.", n=megabytes(limit)))
    if not data:
        raise DomainError(_l("The file is empty."))
    return data


def megabytes(limit: int) -> str:
    """A byte limit as megabytes for people: 5242880 → "5", 524288 → "0.5"."""
    return f"{limit / MEGABYTE:.1f}".removesuffix(".0")


def accepted_types(kinds: Collection[Kind] = ALL_KINDS) -> str:
    """The accepted kinds in the reader's language: "PDF、PNG、JPEG或WebP", "PNG, JPEG, or WebP"."""
    labels = [kind.label for kind in Kind if kind in kinds]
    return format_list(labels, style="or", locale=get_locale() or current_app.config["BABEL_DEFAULT_LOCALE"])


def _wrong_type(kinds: Collection[Kind]):
    return _l("The file must be a %(types)s file.", types=accepted_types(kinds))


def clean_name(name: str | None, content_type: str) -> str:
    """The sender's file name made harmless for display and downloads: the last path part only,
    without control or invisible formatting characters (NUL, bidi overrides), at most 200
    characters, ending with the extension of the type the file is stored as."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if unicodedata.category(c) not in {"Cc", "Cf"}).strip(" .")
    extension = EXTENSIONS[content_type]
    stem, dot, suffix = name.rpartition(".")
    if not dot:
        stem, suffix = name, ""
    if f".{suffix.lower()}" == extension or (extension == ".jpg" and suffix.lower() in {"jpeg", "jpe"}):
        extension = f".{suffix}"
    elif f".{suffix.lower()}" not in KNOWN_SUFFIXES:
        stem = name
    stem = stem.strip(" .")[: 200 - len(extension)] or "file"
    return stem + extension


def prepared(data: bytes, kind: Kind, kinds: Collection[Kind] = ALL_KINDS) -> tuple[bytes, str]:
    """What is stored, and its type: a PDF as it came (PDFs are not rewritten); a photo
    re-encoded without its EXIF, upright and scaled down (`portal.photos.reencoded`). A photo
    Pillow cannot decode is refused naming the accepted `kinds`."""
    if kind is Kind.PDF:
        return data, "application/pdf"
    try:
        return photos.reencoded(data, kind.name)
    except photos.UnreadableImage as error:
        raise DomainError(_wrong_type(kinds)) from error


# --- no orphans: files written in a transaction that does not commit are removed ---------------

_WRITTEN = "portal_uploads_written"


def _remove_on_rollback(session: Session, target: Store, name: str) -> None:
    transaction = session.get_nested_transaction() or session.get_transaction()
    session.info.setdefault(_WRITTEN, []).append((target, name, transaction))


def _remove(session: Session, entries: list) -> None:
    written = session.info[_WRITTEN]
    for entry in entries:
        written.remove(entry)
        target, name, _transaction = entry
        try:
            target.delete(name)
        except Exception:  # never fail a rollback over a file
            log.exception("Could not remove the upload %s after a rollback", name)


def _within(transaction: SessionTransaction | None, ancestor: SessionTransaction) -> bool:
    while transaction is not None:
        if transaction is ancestor:
            return True
        transaction = transaction.parent
    return False


@event.listens_for(Session, "after_commit")
def _keep_committed(session: Session) -> None:
    """Files of a committed transaction stay (a released savepoint's wait for the outer
    transaction)."""
    if session.info.get(_WRITTEN) and not session.in_nested_transaction():
        session.info[_WRITTEN].clear()


@event.listens_for(Session, "after_soft_rollback")
def _remove_rolled_back(session: Session, previous_transaction: SessionTransaction) -> None:
    """A rolled-back savepoint takes the files written inside it along."""
    if session.info.get(_WRITTEN):
        entries = session.info[_WRITTEN]
        _remove(session, [entry for entry in entries if _within(entry[2], previous_transaction)])


@event.listens_for(Session, "after_transaction_end")
def _remove_uncommitted(session: Session, transaction: SessionTransaction) -> None:
    """The outer transaction ended without a commit (rolled back, or the session closed after
    an error): its files go."""
    if transaction.parent is None and session.info.get(_WRITTEN):
        _remove(session, list(session.info[_WRITTEN]))


# --- serving and forms ---------------------------------------------------------------------------


def open_upload(upload: Upload) -> BinaryIO:
    """The stored bytes of an upload, for reading (e.g. to bundle several into an export)."""
    return upload_store().open(upload.stored_name)


def send_upload(upload: Upload, *, inline: bool = False):
    """The response that hands out an upload: a download under its original name (Chinese
    names encoded per RFC 6266), or for an image with `inline=True` shown in the page. Never
    cached by shared caches or kept by the browser, never type-sniffed. Call it from the owner's
    route, after its `@requires` rule has allowed the user."""
    try:
        source = open_upload(upload)
    except FileNotFoundError:
        log.error("Upload %s (%s) is missing from the store", upload.id, upload.stored_name)
        abort(404)
    response = send_file(source, mimetype=upload.content_type, conditional=False, etag=False)
    response.content_length = upload.size
    response.headers["Content-Disposition"] = _disposition(upload, inline and upload.is_image)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _disposition(upload: Upload, inline: bool) -> str:
    """RFC 6266: the original name in UTF-8, and for old clients an ASCII name (the portal's
    own when nothing of the original name is ASCII)."""
    plain = unicodedata.normalize("NFKD", upload.original_name).encode("ascii", "ignore").decode()
    plain = re.sub(r"[^A-Za-z0-9._-]", "", plain)
    if not plain.rpartition(".")[0].strip("._-"):
        plain = f"upload-{upload.id}{EXTENSIONS[upload.content_type]}"
    original = quote(upload.original_name, safe="")
    return f"{'inline' if inline else 'attachment'}; filename=\"{plain}\"; filename*=UTF-8''{original}"
