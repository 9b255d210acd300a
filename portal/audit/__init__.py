"""The audit trail: who changed what, when, with the state before and after.

Every action is registered once by the capability that owns it (`register_action`, in its
`audit_actions.py`), so that `record` can refuse a code nobody registered and the audit page
can say in a sentence what each record means (`portal.audit.reading.describe`).

Every POST that records something writes one row here, so `record` writes it with one Core
INSERT in the caller's transaction at once, not through the ORM's unit of work (whose flush of
a new object at commit cost as much as the rest of a vote's writes).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import has_request_context
from flask_login import current_user
from sqlalchemy import JSON, ForeignKey, String, bindparam, insert, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.audit.registry import (
    Field,
    UnregisteredAction,
    action_group,
    get_action,
    register_action,
    register_subject,
)
from portal.columns import UTCDateTime, utcnow
from portal.extensions import db
from portal.statements import built_once

__all__ = [
    "AuditRecord",
    "Field",
    "UnregisteredAction",
    "action_group",
    "labels_by",
    "record",
    "register_action",
    "register_subject",
]


class AuditRecord(db.Model):
    """One state change that matters, written in the same transaction as the change."""

    __tablename__ = "audit_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    action: Mapped[str] = mapped_column(String(50), index=True)
    subject_type: Mapped[str] = mapped_column(String(50))
    subject_id: Mapped[int | None]
    compound_id: Mapped[int | None] = mapped_column(ForeignKey("compounds.id"), index=True)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    actor = relationship("User")
    compound = relationship("Compound")


@built_once
def _insert():
    """The INSERT of one record, built once (every column given, so its compiled form is reused)."""
    return insert(AuditRecord.__table__)


def record(
    action: str,
    subject: Any,
    *,
    before: dict | None = None,
    after: dict | None = None,
    compound_id: int | None = None,
    actor: Any = None,
) -> AuditRecord:
    """Write an audit record for `subject` in the caller's transaction (at once: an object
    `subject` names by id must have been flushed, as before). Returns the record as written
    (a transient object, not in the session; its `id` is not read back).

    The action must be registered (UnregisteredAction otherwise), so that no capability can
    write records the audit page cannot read. The actor defaults to the signed-in user;
    command-line actions pass None or a user.
    """
    get_action(action)
    if actor is None and has_request_context() and current_user.is_authenticated:
        actor = current_user
    values = {
        "created_at": utcnow(),
        "actor_id": getattr(actor, "id", None),
        "action": action,
        "subject_type": type(subject).__name__,
        "subject_id": getattr(subject, "id", None),
        "compound_id": compound_id,
        "before": before,
        "after": after,
    }
    db.session.execute(_insert(), values)
    return AuditRecord(**values)


def labels_by(model, column: str):
    """A subject type's label loader (`register_subject`) that shows each subject by one column
    of its own table (a meeting's title, a person's name, a complaint's number): one statement
    for all the ids of a page, built once per model and column."""

    def load(ids: list[int]) -> dict[int, str]:
        return dict(db.session.execute(_labels(model, column), {"ids": ids}).all())

    return load


@built_once
def _labels(model, column: str):
    return select(model.id, getattr(model, column)).where(model.id.in_(bindparam("ids", expanding=True)))
