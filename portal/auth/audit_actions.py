"""The accounts' audit actions and subjects: passwords and role grants; accounts by name."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, bindparam, select

from portal.audit import Field, action_group, labels_by, register_action, register_subject
from portal.audit.formats import choice
from portal.auth.models import RoleGrant, User
from portal.extensions import db
from portal.statements import built_once

ACCOUNTS = action_group("auth", _l("Accounts and roles"))

ROLE_NAMES = {
    "committee": _l("Owners' committee member"),
    "community_staff": _l("Community staff"),
    "mediator": _l("Mediator"),
    "admin": _l("Administrator"),
}


def grant_holders(ids: list[int]) -> dict[int, str]:
    """A grant by the name of the account that holds it."""
    return dict(db.session.execute(_grant_holders(), {"ids": ids}).all())


@built_once
def _grant_holders() -> Select:
    query = select(RoleGrant.id, User.name).join(User, RoleGrant.user_id == User.id)
    return query.where(RoleGrant.id.in_(bindparam("ids", expanding=True)))


register_subject("User", labels_by(User, "name"), label=_l("Account"))
register_subject("RoleGrant", grant_holders, label=_l("Role"))

GRANT_FIELDS = {
    "user": Field(_l("Mobile number of the account")),
    "role": Field(_l("Role"), choice(ROLE_NAMES)),
    "compound_id": Field(_l("Compound"), refers_to="Compound"),
    "community_id": Field(_l("Community"), refers_to="Community"),
    "street_office_id": Field(_l("Street office"), refers_to="StreetOffice"),
    "preparatory": Field(_l("Preparatory group")),
}

register_action(
    "password_changed", ACCOUNTS, _l("changed the password of %(subject)s"), label=_l("Password changed")
)
register_action(
    "role_granted",
    ACCOUNTS,
    _l("granted %(user)s the role %(role)s in %(compound_id)s"),
    _l("granted %(user)s the role %(role)s in %(community_id)s"),
    _l("granted %(user)s the role %(role)s in %(street_office_id)s"),
    _l("granted %(user)s the role %(role)s"),
    fields=GRANT_FIELDS,
    label=_l("Role granted"),
)
register_action(
    "role_revoked",
    ACCOUNTS,
    _l("revoked the role %(role)s of %(user)s in %(compound_id)s"),
    _l("revoked the role %(role)s of %(user)s in %(community_id)s"),
    _l("revoked the role %(role)s of %(user)s in %(street_office_id)s"),
    _l("revoked the role %(role)s of %(user)s"),
    fields=GRANT_FIELDS,
    label=_l("Role revoked"),
)
register_action(
    "password_reset",
    ACCOUNTS,
    _l("reset the password of %(subject)s with a code (%(method)s)"),
    fields={
        "method": Field(
            _l("How"), choice({"sms": _l("code sent by SMS"), "in_person": _l("code handed over in person")})
        ),
        "issued_by_id": Field(_l("Code issued by"), refers_to="User"),
    },
    label=_l("Password reset"),
)
register_action(
    "password_reset_code_issued",
    ACCOUNTS,
    _l("handed %(person)s of %(compound)s a password reset code after checking their ID"),
    fields={
        "person": Field(_l("Person")),
        "phone": Field(_l("Mobile number")),
        "compound": Field(_l("Compound")),
        "issued_by": Field(_l("Issued by")),
    },
    label=_l("Reset code issued in person"),
)
register_action(
    "account_deactivated",
    ACCOUNTS,
    _l("deactivated the account of %(name)s (%(phone)s), ending its sessions and API tokens"),
    fields={"name": Field(_l("Name")), "phone": Field(_l("Mobile number"))},
    label=_l("Account deactivated"),
)
