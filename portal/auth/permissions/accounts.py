"""Rules of accounts: who hands password reset codes to owners in person."""

from __future__ import annotations

from portal.auth.models import Role
from portal.auth.permissions.core import _grants, is_committee_member, is_community_staff


def can_issue_any_reset_codes(user) -> bool:
    """Committee members and community staff may open the reset code page."""
    return bool(_grants(user, Role.COMMITTEE) or _grants(user, Role.COMMUNITY_STAFF))


def can_issue_reset_code(user, compound) -> bool:
    """After checking an owner's ID in person, the compound's committee, or the staff of its
    community, may give them a code to choose a new password."""
    return is_committee_member(user, compound) or is_community_staff(user, compound.community)
