"""Owner registration's audit actions: claims filed, decided and sent back; claims by unit
and claimant."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, bindparam, select

from portal.audit import Field, action_group, register_action, register_subject
from portal.audit.formats import choice
from portal.auth.models import User
from portal.extensions import db
from portal.places.models import Building, Unit
from portal.registration.models import UnitClaim
from portal.statements import built_once
from portal.translation import text as _

REGISTRATION = action_group("registration", _l("Owner registration"))


def claim_labels(ids: list[int]) -> dict[int, str]:
    """A claim as its unit and claimant, e.g. "1号楼 1单元101 (刘洋)"."""
    rows = db.session.execute(_claims(), {"ids": ids})
    return {
        ident: _("%(unit)s (%(name)s)", unit=f"{building} {unit}", name=name)
        for ident, building, unit, name in rows
    }


@built_once
def _claims() -> Select:
    return (
        select(UnitClaim.id, Building.name, Unit.name, User.name)
        .join(Unit, UnitClaim.unit_id == Unit.id)
        .join(Building, Unit.building_id == Building.id)
        .join(User, UnitClaim.user_id == User.id)
        .where(UnitClaim.id.in_(bindparam("ids", expanding=True)))
    )


register_subject("UnitClaim", claim_labels, label=_l("Claim"))

CLAIM_FIELDS = {
    "status": Field(
        _l("Status"),
        choice(
            {
                "pending": _l("Waiting for verification"),
                "verified": _l("Verified"),
                "rejected": _l("Rejected"),
                "on_hold": _l("On hold"),
            }
        ),
    ),
    "unit_id": Field(_l("Unit"), refers_to="Unit"),
    "reason": Field(_l("Reason")),
    "certificate_checked": Field(_l("Ownership certificate checked")),
    "answer": Field(
        _l("Owner's answer"), choice({"co_owner": _l("Co-owner"), "not_known": _l("Not known to me")})
    ),
}

register_action(
    "claim_filed",
    REGISTRATION,
    _l("claimed the unit %(unit_id)s as its owner"),
    _l("filed the owner claim %(subject)s"),
    fields=CLAIM_FIELDS,
    label=_l("Claim filed"),
)
register_action(
    "claim_verified",
    REGISTRATION,
    _l("verified the owner claim %(subject)s"),
    fields=CLAIM_FIELDS,
    label=_l("Claim verified"),
)
register_action(
    "claim_rejected",
    REGISTRATION,
    _l("rejected the owner claim %(subject)s: %(reason)s"),
    _l("rejected the owner claim %(subject)s"),
    fields=CLAIM_FIELDS,
    label=_l("Claim rejected"),
)
register_action(
    "claim_reopened",
    REGISTRATION,
    _l("sent the owner claim %(subject)s back for verification: %(reason)s"),
    _l("sent the owner claim %(subject)s back for verification"),
    fields=CLAIM_FIELDS,
    label=_l("Claim sent back for verification"),
)
register_action(
    "claim_answered",
    REGISTRATION,
    _l("answered the owner claim %(subject)s on their unit: %(answer)s"),
    _l("answered the owner claim %(subject)s on their unit"),
    fields=CLAIM_FIELDS,
    label=_l("Claim answered by the unit's owner"),
)
register_action(
    "claim_held",
    REGISTRATION,
    _l("put the owner claim %(subject)s on hold"),
    fields=CLAIM_FIELDS,
    label=_l("Claim put on hold"),
)
register_action(
    "claim_released",
    REGISTRATION,
    _l("looked again at the owner claim %(subject)s and released it for verification"),
    fields=CLAIM_FIELDS,
    label=_l("Claim released for verification"),
)
