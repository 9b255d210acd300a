"""Rules of the notice board: who publishes on a compound's board and who reads what."""

from __future__ import annotations

from portal.auth.permissions.core import hides_existence, is_admin, is_committee_member, is_community_staff
from portal.auth.permissions.places import can_view_roster
from portal.auth.permissions.registration import is_verified_owner


def can_publish_notices(user, compound) -> bool:
    """The compound's committee (or preparatory group), its community's staff and the street
    office (for now: admins) publish on its board. Mediators do not."""
    return (
        is_admin(user) or is_committee_member(user, compound) or is_community_staff(user, compound.community)
    )


def can_read_owners_notices(user, compound) -> bool:
    """Owners-only notices are read by the compound's verified owners, its committee, its
    community's staff and admins."""
    return can_view_roster(user, compound) or is_verified_owner(user, compound)


@hides_existence
def can_view_notice(user, notice) -> bool:
    """A published notice is public unless it is for owners only; a scheduled one is seen only
    by those who publish on the board until its time comes."""
    if notice.state.value == "scheduled":
        return can_publish_notices(user, notice.compound)
    return not notice.owners_only or can_read_owners_notices(user, notice.compound)


@hides_existence
def can_manage_notice(user, notice) -> bool:
    """Those who publish on the compound's board edit, correct, pin and withdraw its notices."""
    return can_publish_notices(user, notice.compound)


@hides_existence
def can_view_notice_attachment(user, attachment) -> bool:
    """A notice's documents are seen by whoever may read the notice."""
    return can_view_notice(user, attachment.notice)
