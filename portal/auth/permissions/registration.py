"""Rules of owner registration: who sees and decides claims, and who is an owner."""

from __future__ import annotations

from flask import g, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.auth.models import Role
from portal.auth.permissions.core import (
    Refusal,
    _grants,
    compound_has_committee,
    explained_by,
    hides_existence,
    is_committee_member,
    is_community_staff,
)


def claim_first(rule_text, user, compound) -> Refusal:
    """A refusal for something reserved to the compound's verified owners: the rule, where the
    person stands (no claim, a claim waiting or rejected) and the way forward."""
    from portal.registration.models import ClaimStatus
    from portal.registration.services import claim_statuses

    statuses = set(claim_statuses(user, compound).values())
    if statuses & {ClaimStatus.PENDING, ClaimStatus.ON_HOLD}:
        situation = _("Your claim in %(compound)s is waiting for verification.", compound=compound.name)
        return Refusal(
            _("%(rule)s %(situation)s", rule=rule_text, situation=situation),
            _("My units"),
            url_for("registration.index"),
        )
    if ClaimStatus.REJECTED in statuses:
        situation = _(
            "Your claim in %(compound)s was rejected: correct it and send it again.", compound=compound.name
        )
        return Refusal(
            _("%(rule)s %(situation)s", rule=rule_text, situation=situation),
            _("My units"),
            url_for("registration.index"),
        )
    situation = _(
        "You are not a verified owner of %(compound)s yet: please claim your unit first.",
        compound=compound.name,
    )
    return Refusal(
        _("%(rule)s %(situation)s", rule=rule_text, situation=situation),
        _("Claim my unit"),
        url_for("registration.choose_building", compound_id=compound.id),
    )


def _why_not_review(user, compound) -> str:
    if is_community_staff(user, compound.community):
        return _l(
            "%(compound)s has an owners' committee now, and the committee verifies its owners.",
            compound=compound.name,
        )
    return _l(
        "Owner claims are verified by the compound's owners' committee, or by its community's staff "
        "where there is no committee."
    )


def can_review_any_claims(user) -> bool:
    """Whether the user may review claims somewhere (committee members and community staff)."""
    return bool(_grants(user, Role.COMMITTEE) or _grants(user, Role.COMMUNITY_STAFF))


@explained_by(_why_not_review)
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


@hides_existence
def can_answer_claim(user, claim) -> bool:
    """A verified owner of the claimed unit answers someone else's claim on it (co-owner, or
    not known to them); the claimant never answers their own claim."""
    if not user.is_authenticated or claim.user_id == user.id:
        return False
    from portal.registration.services import is_verified_owner_of_unit

    return is_verified_owner_of_unit(user, claim.unit_id)


def is_verified_owner(user, compound) -> bool:
    """An owner of the compound: a verified claim on one of its units (cached for the request)."""
    if not user.is_authenticated:
        return False
    from portal.registration.services import is_owner

    cache = g.setdefault("is_verified_owner", {})
    if compound.id not in cache:
        cache[compound.id] = is_owner(user, compound)
    return cache[compound.id]
