"""Rules of places: who sees and imports a compound's roster."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _

from portal.auth.models import Role
from portal.auth.permissions.core import (
    Refusal,
    _grants,
    explained_by,
    is_admin,
    is_committee_member,
    is_community_staff,
)


def _why_not_roster(user, compound) -> Refusal:
    return Refusal(
        _(
            "The roster lists every owner's name and phone number, so only the compound's owners' "
            "committee, its community's staff and administrators can open it. The compound's page "
            "shows its figures to everyone."
        ),
        _("The compound's page"),
        url_for("places.compound", compound_id=compound.id),
    )


def can_import_any_roster(user) -> bool:
    """Admins and community staff may open the roster upload page."""
    return is_admin(user) or bool(_grants(user, Role.COMMUNITY_STAFF))


def can_import_roster(user, compound) -> bool:
    """Admins, and the staff of the compound's community, import its roster."""
    return is_admin(user) or is_community_staff(user, compound.community)


@explained_by(_why_not_roster)
def can_view_roster(user, compound) -> bool:
    """The unit-by-unit roster (owner names and phones) is for the compound's committee, its
    community's staff and admins."""
    return (
        is_admin(user) or is_committee_member(user, compound) or is_community_staff(user, compound.community)
    )


def can_edit_compound_contact(user, compound) -> bool:
    """The compound's owners' committee (or preparatory group) keeps its contact hours and
    phone up to date on the compound page."""
    return is_committee_member(user, compound)
