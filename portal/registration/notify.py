"""Whom registration tells: the claimant when their claim is verified or rejected, and the
verified owners of a unit when someone else claims it."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.extensions import db
from portal.notifications import notify, path_for
from portal.registration.models import ClaimStatus, UnitClaim
from portal.registration.services import claim_filed
from portal.workflow import transitioned


@transitioned.connect_via("claim")
def on_claim_decided(sender, *, record: UnitClaim, transition, actor, now) -> None:
    """The claimant learns the committee's decision (and the reason of a rejection)."""
    names = {"unit": record.unit.label, "compound": record.unit.building.compound.name}
    if transition.name == "verify":
        title = _l("Your claim on %(unit)s of %(compound)s is verified: you are an owner", **names)
    elif transition.name == "reject":
        title = _l(
            "Your claim on %(unit)s of %(compound)s is rejected: %(reason)s", reason=record.reason, **names
        )
    else:
        return
    notify(
        [record.user_id],
        kind="claim_decided",
        title=title,
        url=path_for("registration.claim_detail", claim_id=record.id),
        subject=("claim", record.id),
        now=now,
    )


@claim_filed.connect_via("registration")
def on_claim_filed(sender, *, claim: UnitClaim) -> None:
    """A claim on a unit that already has verified owners: they are told, so that a wrong
    claim does not go unnoticed."""
    owners = db.session.scalars(
        select(UnitClaim.user_id).where(
            UnitClaim.unit_id == claim.unit_id,
            UnitClaim.status == ClaimStatus.VERIFIED,
            UnitClaim.user_id != claim.user_id,
        )
    ).all()
    if owners:
        notify(
            owners,
            kind="unit_claimed",
            title=_l(
                "Someone else has claimed %(unit)s of %(compound)s, of which you are a verified owner",
                unit=claim.unit.label,
                compound=claim.unit.building.compound.name,
            ),
            url=path_for("registration.index"),
            subject=("claim", claim.id),
        )
