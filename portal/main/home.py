"""What the home page shows besides the to-do: the person's own compounds first, then one
page of the district's compounds (found by name or address)."""

from __future__ import annotations

from portal.auth.models import Role
from portal.places.cards import CompoundCard, compounds_with_ids
from portal.registration.services import claimed_compound_ids


def own_compounds(user) -> list[CompoundCard]:
    """The compounds a person belongs to: where they claimed a unit (verified or still being
    checked) and whose owners' committee they sit on. None for a visitor."""
    if not user.is_authenticated:
        return []
    committee = {grant.compound_id for grant in user.grants if grant.role == Role.COMMITTEE}
    return compounds_with_ids(claimed_compound_ids(user) | committee)
