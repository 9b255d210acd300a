"""What the home page shows besides the to-do: the person's own compounds first, then one
page of the district's compounds (found by name or address)."""

from __future__ import annotations

from sqlalchemy import Select, bindparam, or_

from portal.auth.models import Role
from portal.places.cards import CompoundCard, cards_of, cards_where
from portal.places.models import Compound
from portal.registration.queries import claimed_compounds
from portal.statements import built_once


@built_once
def _own_compounds() -> Select:
    """The cards of the compounds where the person (`user_id`) has a claim that stands or
    whose committee they sit on (`committee`: the compounds' ids), in one statement."""
    claimed = Compound.id.in_(claimed_compounds(bindparam("user_id")))
    return cards_where(or_(claimed, Compound.id.in_(bindparam("committee", expanding=True))))


def own_compounds(user) -> list[CompoundCard]:
    """The compounds a person belongs to: where they claimed a unit (verified or still being
    checked) and whose owners' committee they sit on. None for a visitor."""
    if not user.is_authenticated:
        return []
    committee = sorted({grant.compound_id for grant in user.grants if grant.role == Role.COMMITTEE})
    return cards_of(_own_compounds(), {"user_id": user.id, "committee": committee})
