"""Owner registration in each person's to-do: a resident's claim to make or to correct, and the
claims waiting for the reviewer (the compound's committee, or community staff where there is
no committee). One query per provider."""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import bindparam, exists, func, select
from sqlalchemy.orm import joinedload

from portal.auth.models import Role, RoleGrant
from portal.extensions import db
from portal.formatting import local_time
from portal.places.models import Building, Compound, Unit
from portal.registration.models import ClaimStatus, UnitClaim
from portal.statements import built_once
from portal.todo import NORMAL, ROUTINE, URGENT, TodoItem, todo_provider


@todo_provider("claims")
def own_claims(user):
    """A rejected claim is to be corrected and sent again (with the right certificate number);
    a resident without any claim or role is invited to claim their unit."""
    claims = list(db.session.scalars(_own_claims(), {"user_id": user.id}))
    if not claims and not user.grants:
        return [
            TodoItem(
                "claim_unit",
                _("Claim your unit to take part as an owner"),
                url_for("registration.choose_compound"),
                None,
                _("Claim my unit"),
                ROUTINE,
                _("Once the owners' committee has verified it, you can vote in the owners' assembly."),
            )
        ]
    return [_fix(claim) for claim in claims if claim.status == ClaimStatus.REJECTED]


@built_once
def _own_claims():
    """`own_claims`' query, built once (parameter: user_id)."""
    return (
        select(UnitClaim)
        .options(joinedload(UnitClaim.unit).joinedload(Unit.building).joinedload(Building.compound))
        .where(UnitClaim.user_id == bindparam("user_id"))
        .order_by(UnitClaim.created_at, UnitClaim.id)
    )


def _fix(claim: UnitClaim) -> TodoItem:
    unit = f"{claim.unit.building.compound.name} {claim.unit.label}"
    return TodoItem(
        "fix_claim",
        _("Correct your claim on %(unit)s and send it again", unit=unit),
        url_for("registration.claim", unit_id=claim.unit_id),
        None,
        _("Correct and send again"),
        URGENT,
        _("Reason given: %(reason)s", reason=claim.reason),
    )


@todo_provider("answer_claims")
def claims_to_answer(user):
    """Someone else claims a unit the person is a verified owner of: they say whether the
    claimant is a co-owner or not known to them (one query)."""
    from portal.registration.services import claims_on_my_units

    return [
        TodoItem(
            "answer_claim",
            _(
                "%(name)s claims your unit %(unit)s: a co-owner, or not known to you?",
                name=claim.user.name,
                unit=f"{claim.unit.building.compound.name} {claim.unit.label}",
            ),
            url_for("registration.index", _anchor="claims-on-mine"),
            None,
            _("Answer"),
            URGENT,
            _("If you do not know this person, the claim is put on hold for the reviewers."),
        )
        for claim, answer in claims_on_my_units(user)
        if answer is None
    ]


@todo_provider("verify_claims")
def claims_to_verify(user):
    """Pending claims of the compounds the person reviews (never their own claims), one item
    per compound with the count and the oldest claim's date; oldest compound first."""
    committee = [g.compound_id for g in user.grants if g.role == Role.COMMITTEE]
    communities = [g.community_id for g in user.grants if g.role == Role.COMMUNITY_STAFF]
    if not committee and not communities:
        return []
    values = {"committee": committee, "communities": communities, "user_id": user.id}
    rows = db.session.execute(_claims_to_verify(), values)
    return [
        TodoItem(
            "verify_claims",
            ngettext(
                "Verify %(num)d owner claim of %(compound)s",
                "Verify %(num)d owner claims of %(compound)s",
                count,
                compound=name,
            ),
            url_for("registration.queue", compound_id=compound_id),
            None,
            _("Verify owners"),
            NORMAL + min(rank, 30),  # the compound whose claims wait longest first
            _("The oldest was sent %(when)s.", when=local_time(since)),
        )
        for rank, (compound_id, name, count, since) in enumerate(rows)
    ]


@built_once
def _claims_to_verify():
    """`claims_to_verify`' query, built once (parameters: the compounds of the person's committee
    grants, the communities of their staff grants, user_id)."""
    has_committee = exists().where(RoleGrant.role == Role.COMMITTEE, RoleGrant.compound_id == Compound.id)
    scope = Compound.id.in_(bindparam("committee", expanding=True)) | (
        Compound.community_id.in_(bindparam("communities", expanding=True)) & ~has_committee
    )
    oldest = func.min(UnitClaim.created_at)
    return (
        select(Compound.id, Compound.name, func.count(UnitClaim.id), oldest)
        .join(UnitClaim, UnitClaim.compound_id == Compound.id)
        .where(
            scope,
            UnitClaim.status.in_([ClaimStatus.PENDING, ClaimStatus.ON_HOLD]),
            UnitClaim.user_id != bindparam("user_id"),
        )
        .group_by(Compound.id, Compound.name)
        .order_by(oldest)
    )
