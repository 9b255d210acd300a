"""Accounts: registration, sign-in, passwords and role grants."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash
from zxcvbn import zxcvbn

from portal import audit
from portal.auth import sessions, throttle
from portal.auth.models import ROLE_SCOPE, Role, RoleGrant, User
from portal.errors import DomainError
from portal.extensions import db
from portal.forms import FORBIDDEN_CHARACTERS

#: Mainland China mobile numbers: 11 digits starting 13–19.
PHONE_PATTERN = re.compile(r"^1[3-9]\d{9}$")
MIN_PASSWORD_LENGTH = 8
#: zxcvbn's score (0–4) a password needs, and how much of it zxcvbn looks at (it is slow on
#: very long input; the form allows 128 characters).
MIN_PASSWORD_SCORE = 3
MAX_CHECKED_LENGTH = 64
MAX_NAME_LENGTH = 50
_DUMMY_HASH = generate_password_hash("timing-equaliser")


def normalize_phone(raw: str) -> str:
    """Strip spaces, dashes and a +86 prefix from a phone number."""
    phone = re.sub(r"[\s-]", "", raw or "")
    return phone.removeprefix("+86")


def is_valid_phone(phone: str) -> bool:
    """Whether the text is a mainland mobile number."""
    return bool(PHONE_PATTERN.match(phone))


def password_problem(password: str, phone: str = "", name: str = ""):
    """Why a password is too weak, or None. At least 8 characters, not containing the phone
    number, and not easy to guess as zxcvbn judges it (score 3 of 4: resists about 10^10
    guesses), with the phone number and the name as words an attacker would try first.

    No symbol rule and no "letters and digits both" rule: zxcvbn already refuses `password1`
    or `abc12345`, and it accepts an easy-to-type phrase such as three unrelated words and a
    number, which is what elderly owners can remember."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return _l("The password must have at least %(n)d characters.", n=MIN_PASSWORD_LENGTH)
    if phone and phone in password:
        return _l("The password must not contain your phone number.")
    words = [word for word in (phone, name, phone[-4:] if phone else "") if word]
    if zxcvbn(password[:MAX_CHECKED_LENGTH], user_inputs=words)["score"] < MIN_PASSWORD_SCORE:
        return _l(
            "This password is too easy to guess. Try a longer one that is easy for you to remember,"
            " for example three unrelated words and a number."
        )
    return None


def find_user(phone: str) -> User | None:
    return db.session.scalar(select(User).where(User.phone == normalize_phone(phone)))


def register_user(phone: str, name: str, password: str) -> User:
    """Create an account; the phone number is the login and must be unused."""
    phone = normalize_phone(phone)
    if not is_valid_phone(phone):
        raise DomainError(_l("Enter an 11-digit mainland mobile number."))
    if find_user(phone):
        raise DomainError(_l("This phone number is already registered. Please sign in."))
    name = (name or "").strip()
    if not name or len(name) > MAX_NAME_LENGTH or FORBIDDEN_CHARACTERS.search(name):
        raise DomainError(_l("Enter your real name (at most %(n)d characters).", n=MAX_NAME_LENGTH))
    problem = password_problem(password, phone, name)
    if problem:
        raise DomainError(problem)
    user = User(phone=phone, name=name)
    user.set_password(password)
    db.session.add(user)
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError as error:  # registered at the same moment by another request
        raise DomainError(_l("This phone number is already registered. Please sign in.")) from error
    return user


def authenticate(phone: str, password: str) -> User | None:
    """The active user with this phone and password, or None (same work either way).

    The stored hash is read in a short transaction of its own and checked outside any: the hash
    costs ~0.1 s of CPU, and a request transaction open that long would hold SQLite's write lock
    (a POST takes it at BEGIN) or a PostgreSQL connection for nothing. Only when the request
    has begun its transaction already is the hash read (and checked) within it."""
    query = select(User.id, User.password_hash, User.active).where(User.phone == normalize_phone(phone))
    if db.session().in_transaction():
        # The request already holds a transaction (e.g. it loaded a bearer token's user): on
        # SQLite that is the write lock, which a second connection would wait for in vain.
        account = db.session.execute(query).first()
    else:
        with db.engine.connect() as connection:
            account = connection.execute(query).first()
    stored_hash = account.password_hash if account is not None else _DUMMY_HASH
    if not check_password_hash(stored_hash, password) or account is None or not account.active:
        return None
    return db.session.get(User, account.id)


def sign_in(phone: str, password: str) -> User | None:
    """The account with this phone and password, counting the attempt first (per address and
    per account, see auth/throttle); raises SignInPaused when a count is spent."""
    phone = normalize_phone(phone)
    attempt = throttle.begin_attempt(phone)
    if not attempt.allowed:
        raise throttle.SignInPaused(attempt.locked_until)
    user = authenticate(phone, password)
    if user is not None:
        throttle.succeeded(phone)
    return user


def sign_in_refusal(phone: str) -> str:
    """What a failed sign-in is told: the same for unknown accounts, with a warning before the
    last attempt."""
    message = str(_l("The phone number or password is not correct."))
    if throttle.attempts_left(normalize_phone(phone)) == 1:
        message += str(_l("You can try %(n)d more time before sign-in is paused.", n=1))
    return message


def change_password(user: User, current: str, new: str) -> None:
    """Replace the password after checking the current one."""
    if not user.check_password(current):
        raise DomainError(_l("The current password is not correct."))
    problem = password_problem(new, user.phone, user.name)
    if problem:
        raise DomainError(problem)
    user.set_password(new)
    end_other_access(user, keep=user.session_key)
    audit.record("password_changed", user, actor=user)


def end_other_access(user: User, keep: str | None = None) -> None:
    """End every session of the person but the one with key `keep`, and all their API tokens:
    whoever learnt the old password, or copied a cookie or token, is out."""
    from portal.api.services import revoke_tokens_of

    sessions.close_other_sessions(user, keep=keep)
    revoke_tokens_of(user)


def deactivate_user(user: User, *, by: User | None = None) -> None:
    """Close an account: it can no longer sign in, and every session and API token of it ends now."""
    user.active = False
    end_other_access(user)
    audit.record("account_deactivated", user, after={"name": user.name, "phone": user.phone}, actor=by)


def _grant_snapshot(grant: RoleGrant) -> dict:
    return {
        "user": grant.user.phone,
        "role": grant.role.value,
        "compound_id": grant.compound_id,
        "community_id": grant.community_id,
        "street_office_id": grant.street_office_id,
        "preparatory": grant.preparatory,
    }


def grant_role(
    user: User, role: Role, scope=None, *, granted_by: User | None = None, preparatory: bool = False
) -> RoleGrant:
    """Give `user` the role within `scope` (a compound, community or street office per
    ROLE_SCOPE); granting a role the user already holds returns the existing grant."""
    scope_kind = ROLE_SCOPE[role]
    scope_type = {"compound": "Compound", "community": "Community", "street_office": "StreetOffice"}
    if (scope_kind is None and scope is not None) or (
        scope_kind is not None and type(scope).__name__ != scope_type[scope_kind]
    ):
        raise DomainError(_l("This role must be granted for the right kind of place."))
    scope_ids = {f"{scope_kind}_id": scope.id} if scope_kind else {}
    for grant in user.grants:
        if grant.role == role and all(getattr(grant, k) == v for k, v in scope_ids.items()):
            return grant
    grant = RoleGrant(
        user=user,
        role=role,
        granted_by_id=getattr(granted_by, "id", None),
        preparatory=preparatory,
        **scope_ids,
    )
    db.session.add(grant)
    db.session.flush()
    audit.record(
        "role_granted",
        grant,
        after=_grant_snapshot(grant),
        compound_id=grant.compound_id,
        actor=granted_by,
    )
    return grant


def revoke_role(grant: RoleGrant, *, revoked_by: User | None = None) -> None:
    """Take a grant back, keeping its record in the audit trail. Administrators cannot revoke
    their own administrator role, so that nobody locks the portal's operators out by mistake."""
    if revoked_by is not None and grant.role == Role.ADMIN and grant.user_id == revoked_by.id:
        raise DomainError(_l("You cannot revoke your own administrator role."))
    audit.record(
        "role_revoked",
        grant,
        before=_grant_snapshot(grant),
        compound_id=grant.compound_id,
        actor=revoked_by,
    )
    db.session.delete(grant)
    db.session.flush()
