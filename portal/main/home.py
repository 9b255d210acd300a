"""What the home page shows besides the to-do: the person's own compounds first, then one
page of the district's compounds (found by name or address)."""

from __future__ import annotations

from sqlalchemy import or_

from portal.auth.models import Role
from portal.places.cards import CompoundCard, compounds_where
from portal.places.models import Compound
from portal.registration.queries import claimed_compounds


def own_compounds(user) -> list[CompoundCard]:
    """The compounds a person belongs to: where they claimed a unit (verified or still being
    checked) and whose owners' committee they sit on. None for a visitor."""
    if not user.is_authenticated:
        return []
    committee = sorted({grant.compound_id for grant in user.grants if grant.role == Role.COMMITTEE})
    claimed = Compound.id.in_(claimed_compounds(user.id))
    return compounds_where(or_(claimed, Compound.id.in_(committee)) if committee else claimed)
