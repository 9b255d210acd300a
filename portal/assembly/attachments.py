"""The upload store for meeting documents and proxy authorisations: PDFs and images only,
recognised by their first bytes, kept under random names outside the web root."""

from __future__ import annotations

import secrets
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from werkzeug.datastructures import FileStorage

from portal import audit
from portal.assembly.models import Attachment, AttachmentPurpose, Meeting, MeetingItem, MeetingStatus
from portal.auth.models import User
from portal.electorate import ElectorateGroup
from portal.errors import DomainError
from portal.extensions import db

MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
#: What a file must start with to be accepted, and the type it is then served as.
SIGNATURES = {b"%PDF-": "application/pdf", b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}


def upload_folder() -> Path:
    folder = Path(current_app.config["UPLOAD_FOLDER"])
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def content_type_of(data: bytes) -> str | None:
    """The type a file really has, judged by its first bytes, if it is one we accept."""
    return next((kind for magic, kind in SIGNATURES.items() if data.startswith(magic)), None)


def _store(
    upload: FileStorage, meeting: Meeting, purpose: AttachmentPurpose, actor: User, **links
) -> Attachment:
    data = upload.read(MAX_ATTACHMENT_BYTES + 1)
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise DomainError(_l("The file is larger than %(n)d MB.", n=MAX_ATTACHMENT_BYTES // (1024 * 1024)))
    kind = content_type_of(data)
    if kind is None:
        raise DomainError(_l("Only PDF files and PNG or JPEG images can be attached."))
    stored_name = secrets.token_hex(16)
    (upload_folder() / stored_name).write_bytes(data)
    attachment = Attachment(
        meeting_id=meeting.id,
        purpose=purpose,
        original_name=(upload.filename or "file")[-200:],
        stored_name=stored_name,
        content_type=kind,
        size=len(data),
        uploaded_by_id=actor.id,
        **links,
    )
    db.session.add(attachment)
    db.session.flush()
    audit.record(
        "attachment_added",
        attachment,
        after={"name": attachment.original_name, "purpose": purpose.value},
        compound_id=meeting.compound_id,
        actor=actor,
    )
    return attachment


def attach_to_item(item: MeetingItem, upload: FileStorage, *, actor: User) -> Attachment:
    """Add a document to an agenda item while the meeting is still a draft (the published
    agenda, documents included, does not change)."""
    Meeting.workflow.hold(
        item.meeting, {MeetingStatus.DRAFT}, _l("Documents can be added only before the notice is published.")
    )
    return _store(upload, item.meeting, AttachmentPurpose.ITEM, actor, item_id=item.id)


def attach_authorisation(
    meeting: Meeting, group: ElectorateGroup, upload: FileStorage, *, actor: User
) -> Attachment:
    """Keep the written authorisation of a proxy ballot with the owner group it is for."""
    return _store(upload, meeting, AttachmentPurpose.PROXY_AUTHORISATION, actor, group_id=group.id)


def attachments_of(meeting: Meeting) -> dict[int, list[Attachment]]:
    """The item documents of a meeting, by item id."""
    query = select(Attachment).where(
        Attachment.meeting_id == meeting.id, Attachment.purpose == AttachmentPurpose.ITEM
    )
    found: dict[int, list[Attachment]] = {}
    for attachment in db.session.scalars(query.order_by(Attachment.id)):
        found.setdefault(attachment.item_id, []).append(attachment)
    return found


def path_of(attachment: Attachment) -> Path:
    return upload_folder() / attachment.stored_name
