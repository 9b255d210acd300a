"""Rules of management and fees: everyone reads a compound's mode, contract and fees; the
bodies that publish on its board record them."""

from __future__ import annotations

from portal.auth.models import Role
from portal.auth.permissions.notices import can_publish_notices


def can_view_management(user, compound) -> bool:
    """A compound's management mode, provider, contract and fees are public (DESIGN §4.7)."""
    return True


def can_manage_fees(user, compound) -> bool:
    """The compound's committee, its community's staff and the street office (admins) record
    fee schedules, contracts and mode changes, which are posted on its board."""
    return can_publish_notices(user, compound)


def can_view_overview(user, **_objects) -> bool:
    """The overview of compounds is for the street office (admins, for now) and community
    staff (their communities' compounds)."""
    if not user.is_authenticated:
        return False
    return any(grant.role in (Role.ADMIN, Role.COMMUNITY_STAFF) for grant in user.grants)
