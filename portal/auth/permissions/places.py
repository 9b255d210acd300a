"""Rules of places: who sees and imports a compound's roster."""

from __future__ import annotations

from portal.auth.models import Role
from portal.auth.permissions.core import _grants, is_admin, is_committee_member, is_community_staff


def can_import_any_roster(user) -> bool:
    """Admins and community staff may open the roster upload page."""
    return is_admin(user) or bool(_grants(user, Role.COMMUNITY_STAFF))


def can_import_roster(user, compound) -> bool:
    """Admins, and the staff of the compound's community, import its roster."""
    return is_admin(user) or is_community_staff(user, compound.community)


def can_view_roster(user, compound) -> bool:
    """The unit-by-unit roster (owner names and phones) is for the compound's committee, its
    community's staff and admins."""
    return (
        is_admin(user) or is_committee_member(user, compound) or is_community_staff(user, compound.community)
    )
