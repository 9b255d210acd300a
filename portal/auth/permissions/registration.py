"""Rules of owner registration: who sees and decides claims, and who is an owner."""

from __future__ import annotations

from flask import g

from portal.auth.models import Role
from portal.auth.permissions.core import (
    _grants,
    compound_has_committee,
    hides_existence,
    is_committee_member,
    is_community_staff,
)


def can_review_any_claims(user) -> bool:
    """Whether the user may review claims somewhere (committee members and community staff)."""
    return bool(_grants(user, Role.COMMITTEE) or _grants(user, Role.COMMUNITY_STAFF))


def can_review_claims(user, compound) -> bool:
    """The compound's committee verifies owner claims; where the compound has no committee,
    the staff of its community do (DESIGN §4.1)."""
    if is_committee_member(user, compound):
        return True
    return is_community_staff(user, compound.community) and not compound_has_committee(compound)


@hides_existence
def can_view_claim(user, claim) -> bool:
    """A claim is seen by the claimant and by those who review the compound's claims."""
    if not user.is_authenticated:
        return False
    return claim.user_id == user.id or can_review_claims(user, claim.unit.building.compound)


@hides_existence
def can_decide_claim(user, claim) -> bool:
    """Reviewers decide claims of their compound, but never their own claim."""
    if not user.is_authenticated or claim.user_id == user.id:
        return False
    return can_review_claims(user, claim.unit.building.compound)


def is_verified_owner(user, compound) -> bool:
    """An owner of the compound: a verified claim on one of its units (cached for the request)."""
    if not user.is_authenticated:
        return False
    from portal.registration.services import is_owner

    cache = g.setdefault("is_verified_owner", {})
    if compound.id not in cache:
        cache[compound.id] = is_owner(user, compound)
    return cache[compound.id]
