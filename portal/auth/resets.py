"""Forgotten passwords: a one-time code sent by SMS, or a reset code that the committee or
community staff hand over in person after checking the owner's ID.

Codes are stored as an HMAC (keyed with SECRET_KEY), never in clear. An SMS code has 6 digits
and lasts 10 minutes; an in-person code has 8 digits and lasts 24 hours. Either is used once and
allows 5 tries (counted before the check, so that parallel guesses cannot slip through). Asking
for an SMS code is limited per phone and per address, and answered the same whether or not the
phone has an account. Redeeming a code sets the new password and ends every other session and
API token of the person.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import logging
import secrets
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, delete, update
from sqlalchemy.orm import Mapped, mapped_column

from portal import audit
from portal.auth import throttle
from portal.auth.models import User
from portal.auth.permissions.accounts import can_issue_reset_code
from portal.auth.services import end_other_access, find_user, normalize_phone, password_problem
from portal.columns import CreatedAt, UTCDateTime, enum_column, utcnow
from portal.errors import DomainError
from portal.extensions import db
from portal.messaging import DeliveryFailed, send_sms

log = logging.getLogger(__name__)
MAX_TRIES = 5


class ResetKind(enum.StrEnum):
    SMS = "sms"
    IN_PERSON = "in_person"


LIFETIME = {ResetKind.SMS: timedelta(minutes=10), ResetKind.IN_PERSON: timedelta(hours=24)}
DIGITS = {ResetKind.SMS: 6, ResetKind.IN_PERSON: 8}


class PasswordReset(CreatedAt, db.Model):
    """A code that lets one person choose a new password once, until it expires."""

    __tablename__ = "password_resets"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    kind: Mapped[ResetKind] = mapped_column(enum_column(ResetKind))
    code_hash: Mapped[str] = mapped_column(String(64))
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    attempts: Mapped[int] = mapped_column(default=0)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: Who handed an in-person code over (None for SMS codes).
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))


def _digest(code: str) -> str:
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, code.encode(), hashlib.sha256).hexdigest()


def clean_code(raw: str) -> str:
    """The digits of a typed code (spaces and dashes dropped)."""
    return "".join(ch for ch in raw or "" if ch.isdigit())[:12]


def _new_code(user: User, kind: ResetKind, issued_by: User | None = None) -> str:
    """A fresh code of `kind` for the person; earlier unused codes of that kind are dropped."""
    db.session.execute(
        delete(PasswordReset).where(
            PasswordReset.user_id == user.id, PasswordReset.kind == kind, PasswordReset.used_at.is_(None)
        )
    )
    code = "".join(secrets.choice("0123456789") for _ in range(DIGITS[kind]))
    reset = PasswordReset(
        user_id=user.id,
        kind=kind,
        code_hash=_digest(code),
        expires_at=utcnow() + LIFETIME[kind],
        issued_by_id=getattr(issued_by, "id", None),
    )
    db.session.add(reset)
    db.session.flush()
    return code


def send_reset_code(phone: str) -> None:
    """Text a 6-digit code to the phone if it belongs to an active account; the caller answers
    the same either way. Raises SignInPaused when the phone or address asked too often."""
    phone = normalize_phone(phone)
    throttle.spend("RESET_LIMIT_PER_PHONE", "reset-phone", phone)
    throttle.spend("RESET_LIMIT_PER_ADDRESS", "reset-address", throttle.address())
    user = find_user(phone)
    if user is None or not user.active:
        return
    code = _new_code(user, ResetKind.SMS)
    text = _(
        "Your password reset code is %(code)s, valid for 10 minutes. Do not tell it to anyone.", code=code
    )
    try:
        send_sms(phone, f"【社区自治】{text}")
    except DeliveryFailed:
        log.warning("reset code for user %s could not be sent", user.id)


def redeem(phone: str, code: str, new_password: str) -> User | None:
    """Set a new password with a valid code; None when the code is wrong, used, expired or out
    of tries (the try is counted and kept). Ends the person's other sessions and tokens."""
    phone, code = normalize_phone(phone), clean_code(code)
    throttle.spend("RESET_LIMIT_PER_ADDRESS", "reset-guess-address", throttle.address())
    user = find_user(phone)
    if user is None or not user.active or not code:
        return None
    now = utcnow()
    tried = db.session.execute(
        update(PasswordReset)
        .where(
            PasswordReset.user_id == user.id,
            PasswordReset.used_at.is_(None),
            PasswordReset.expires_at > now,
            PasswordReset.attempts < MAX_TRIES,
        )
        .values(attempts=PasswordReset.attempts + 1)
        .returning(PasswordReset.id, PasswordReset.code_hash, PasswordReset.kind, PasswordReset.issued_by_id)
    ).all()
    match = next((row for row in tried if hmac.compare_digest(row.code_hash, _digest(code))), None)
    if match is None:
        return None
    problem = password_problem(new_password, user.phone, user.name)
    if problem:
        raise DomainError(problem)
    used = update(PasswordReset).where(PasswordReset.id == match.id, PasswordReset.used_at.is_(None))
    if db.session.execute(used.values(used_at=now)).rowcount != 1:
        return None  # used at the same moment by another request
    user.set_password(new_password)
    end_other_access(user)
    throttle.forgive_account(phone)
    after = {"method": match.kind, "issued_by_id": match.issued_by_id}
    audit.record("password_reset", user, after=after, actor=user)
    return user


def issue_in_person_code(issuer: User, phone: str) -> tuple[User, str, datetime]:
    """A reset code for a resident or claimant of a compound the issuer looks after (its
    committee, or its community's staff), to be handed over after checking their ID; shown
    once, valid 24 hours. Returns the person, the code and when it expires."""
    person = find_user(normalize_phone(phone))
    compound = _compound_in_scope(issuer, person) if person is not None else None
    if compound is None:
        raise DomainError(_l("No account with this number has a claim in a compound you look after."))
    code = _new_code(person, ResetKind.IN_PERSON, issued_by=issuer)
    audit.record(
        "password_reset_code_issued",
        person,
        after={
            "person": person.name,
            "phone": person.phone,
            "compound": compound.name,
            "issued_by": issuer.name,
        },
        compound_id=compound.id,
        actor=issuer,
    )
    return person, f"{code[:4]} {code[4:]}", utcnow() + LIFETIME[ResetKind.IN_PERSON]


def _compound_in_scope(issuer: User, person: User):
    """A compound where the person has a claim (of any status) and the issuer may hand codes."""
    from portal.registration.services import claims_of

    compounds = {claim.unit.building.compound.id: claim.unit.building.compound for claim in claims_of(person)}
    return next((c for c in compounds.values() if can_issue_reset_code(issuer, c)), None)
