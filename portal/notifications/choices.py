"""Each person's choices: which kinds reach them by email and by SMS, and their email address."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.errors import DomainError
from portal.extensions import db
from portal.notifications.kinds import KINDS
from portal.notifications.models import NotificationContact, NotificationPreference

EMAIL = re.compile(r"^[^@\s<>]{1,64}@[^@\s<>]+\.[^@\s<>]{2,}$")
MAX_EMAIL = 254


def email_of(user) -> str:
    """The person's email address for notifications ("" when none is given)."""
    contact = db.session.get(NotificationContact, user.id)
    return contact.email if contact else ""


def choices_of(user) -> dict[str, tuple[bool, bool]]:
    """{kind: (by email, by SMS)} for every registered kind: the person's choice or the default."""
    rows = db.session.scalars(select(NotificationPreference).where(NotificationPreference.user_id == user.id))
    chosen = {row.kind: (row.email, row.sms) for row in rows}
    return {code: chosen.get(code, (kind.email, kind.sms)) for code, kind in KINDS.items()}


def save_choices(user, email: str, choices: dict[str, tuple[bool, bool]]) -> None:
    """Keep the person's email address (optional) and channels for each kind."""
    email = (email or "").strip()
    if email and (len(email) > MAX_EMAIL or not EMAIL.match(email)):
        raise DomainError(_l("Enter a valid email address, or leave it empty."))
    contact = db.session.get(NotificationContact, user.id) or NotificationContact(user_id=user.id)
    contact.email = email
    db.session.add(contact)
    existing = {
        row.kind: row
        for row in db.session.scalars(
            select(NotificationPreference).where(NotificationPreference.user_id == user.id)
        )
    }
    for code, (by_email, by_sms) in choices.items():
        if code not in KINDS:
            continue
        row = existing.get(code) or NotificationPreference(user_id=user.id, kind=code)
        row.email, row.sms = bool(by_email), bool(by_sms)
        db.session.add(row)
    db.session.flush()
