"""What a reviewer must see before deciding a claim (DESIGN §4.1): the unit's other verified
owners, the roster's owner name when it differs from the claimant's, and the answers of the
unit's verified owners when they were told of the claim."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import joinedload

from portal.auth.models import User
from portal.extensions import db
from portal.registration.models import ClaimAnswer, ClaimStatus, OwnerAnswer, UnitClaim
from portal.statements import built_once

if TYPE_CHECKING:
    from portal.registration.queue import ClaimCard


@dataclass(frozen=True)
class ClaimWarnings:
    """What a reviewer must see before verifying a claim: the unit's other verified owners,
    the roster's owner name when it differs from the claimant's, and what the unit's verified
    owners answered when they were told of the claim."""

    other_owners: list[str] = field(default_factory=list)
    roster_name: str = ""
    answers: list[ClaimAnswer] = field(default_factory=list)

    @property
    def needs_certificate_check(self) -> bool:
        """A claim on a unit that already has a verified owner, or by someone the roster does
        not name, is verified only after the reviewer has checked the ownership certificate."""
        return bool(self.other_owners or self.roster_name)

    @property
    def shown(self) -> bool:
        """Whether the reviewer has anything to read (the queue skips the empty box)."""
        return bool(self.other_owners or self.roster_name or self.answers)

    @property
    def not_known(self) -> list[ClaimAnswer]:
        return [a for a in self.answers if a.answer == OwnerAnswer.NOT_KNOWN]


def same_name(a: str, b: str) -> bool:
    return "".join(a.split()).casefold() == "".join(b.split()).casefold()


def claim_warnings(claims: list[UnitClaim] | list[ClaimCard]) -> dict[int, ClaimWarnings]:
    """The warnings of each claim (a claim or the queue's card of it), by claim id, in two
    queries however many claims there are."""
    if not claims:
        return {}
    owners: dict[int, list[tuple[int, str]]] = {}
    rows = db.session.execute(_verified_owners(), {"unit_ids": list({claim.unit_id for claim in claims})})
    for unit_id, user_id, name in rows:
        owners.setdefault(unit_id, []).append((user_id, name))
    answers: dict[int, list[ClaimAnswer]] = {}
    for answer in db.session.scalars(_answers(), {"claim_ids": [claim.id for claim in claims]}):
        answers.setdefault(answer.claim_id, []).append(answer)
    return {
        claim.id: _warnings_of(claim, owners.get(claim.unit_id, []), answers.get(claim.id, []))
        for claim in claims
    }


@built_once
def _verified_owners() -> Select:
    return (
        select(UnitClaim.unit_id, User.id, User.name)
        .join(User, User.id == UnitClaim.user_id)
        .where(UnitClaim.unit_id.in_(bindparam("unit_ids", expanding=True)))
        .where(UnitClaim.status == ClaimStatus.VERIFIED)
        .order_by(User.name)
    )


@built_once
def _answers() -> Select:
    return (
        select(ClaimAnswer)
        .options(joinedload(ClaimAnswer.user))
        .where(ClaimAnswer.claim_id.in_(bindparam("claim_ids", expanding=True)))
        .order_by(ClaimAnswer.created_at, ClaimAnswer.id)
    )


def _warnings_of(
    claim: UnitClaim | ClaimCard, owners: list[tuple[int, str]], answers: list[ClaimAnswer]
) -> ClaimWarnings:
    group = claim.unit.owner_group
    roster_name = group.owner_name.strip() if group is not None and not group.is_developer else ""
    differs = roster_name and not same_name(roster_name, claim.user.name)
    return ClaimWarnings(
        [name for user_id, name in owners if user_id != claim.user_id],
        roster_name if differs else "",
        answers,
    )
