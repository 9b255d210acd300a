"""Documents of agenda items and proxies' written authorisations: PDFs and photos kept through
the shared upload store (`portal.uploads`), linked to their meeting, item or owner group."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, select
from werkzeug.datastructures import FileStorage

from portal import audit, uploads
from portal.assembly.models import Attachment, AttachmentPurpose, Meeting, MeetingItem, MeetingStatus
from portal.auth.models import User
from portal.electorate import ElectorateGroup
from portal.extensions import db
from portal.statements import built_once

#: The largest document or authorisation accepted.
MAX_ATTACHMENT_BYTES = uploads.DEFAULT_LIMIT


def _store(
    file: FileStorage, meeting: Meeting, purpose: AttachmentPurpose, actor: User, **links
) -> Attachment:
    upload = uploads.store(file, uploaded_by=actor, limit=MAX_ATTACHMENT_BYTES)
    attachment = Attachment(meeting_id=meeting.id, purpose=purpose, upload=upload, **links)
    db.session.add(attachment)
    db.session.flush()
    audit.record(
        "attachment_added",
        attachment,
        after={"name": upload.original_name, "purpose": purpose.value},
        compound_id=meeting.compound_id,
        actor=actor,
    )
    return attachment


def attach_to_item(item: MeetingItem, file: FileStorage, *, actor: User) -> Attachment:
    """Add a document to an agenda item while the meeting is still a draft (the published
    agenda, documents included, does not change)."""
    Meeting.workflow.hold(
        item.meeting, {MeetingStatus.DRAFT}, _l("Documents can be added only before the notice is published.")
    )
    return _store(file, item.meeting, AttachmentPurpose.ITEM, actor, item_id=item.id)


def attach_authorisation(
    meeting: Meeting, group: ElectorateGroup, file: FileStorage, *, actor: User
) -> Attachment:
    """Keep the written authorisation of a proxy ballot with the owner group it is for."""
    return _store(file, meeting, AttachmentPurpose.PROXY_AUTHORISATION, actor, group_id=group.id)


@built_once
def _item_documents():
    """`attachments_of`' query, built once (parameter: meeting_id)."""
    return (
        select(Attachment)
        .where(Attachment.meeting_id == bindparam("meeting_id"), Attachment.purpose == AttachmentPurpose.ITEM)
        .order_by(Attachment.id)
    )


def attachments_of(meeting: Meeting) -> dict[int, list[Attachment]]:
    """The item documents of a meeting, by item id."""
    found: dict[int, list[Attachment]] = {}
    for attachment in db.session.scalars(_item_documents(), {"meeting_id": meeting.id}):
        found.setdefault(attachment.item_id, []).append(attachment)
    return found
