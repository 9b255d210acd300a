"""Rules of the public ledger (收支公示): who keeps a compound's ledger and who reads it."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.auth.permissions.core import (
    compound_has_committee,
    explained_by,
    hides_existence,
    is_admin,
    is_committee_member,
    is_community_staff,
)
from portal.auth.permissions.registration import is_verified_owner


def can_keep_ledger(user, compound) -> bool:
    """The compound's committee records entries, reverses them and publishes months; where no
    committee exists yet, the community's staff (its property service centre) do."""
    if is_committee_member(user, compound):
        return True
    return is_community_staff(user, compound.community) and not compound_has_committee(compound)


def _explain_owners_only(user, compound=None, **_objects):
    """Residents of the compound are told the ledger is for its verified owners; to anyone
    else the ledger stays hidden."""
    from portal.registration.services import claimed_compound_ids

    if compound is not None and user.is_authenticated and compound.id in claimed_compound_ids(user):
        return _l("The ledger is for the compound's verified owners. It opens once your claim is verified.")
    return None


@hides_existence
@explained_by(_explain_owners_only)
def can_view_ledger(user, compound) -> bool:
    """The ledger is read by the compound's verified owners, its committee, its community's
    staff and admins (the street office)."""
    return (
        is_verified_owner(user, compound)
        or is_committee_member(user, compound)
        or is_community_staff(user, compound.community)
        or is_admin(user)
    )


@hides_existence
def can_view_ledger_entry(user, entry) -> bool:
    """An entry and its voucher are seen by whoever reads the compound's ledger."""
    return can_view_ledger(user, entry.compound)


def _explain_keepers_only(user, compound=None, entry=None, **_objects):
    compound = compound or (entry.compound if entry is not None else None)
    if compound is not None and can_view_ledger(user, compound):
        return _l("Only the committee keeps the ledger.")
    return None


@hides_existence
@explained_by(_explain_keepers_only)
def can_record_ledger(user, compound) -> bool:
    """Those who keep the ledger record entries and publish months (readers are told why not,
    others see nothing)."""
    return can_keep_ledger(user, compound)


@hides_existence
@explained_by(_explain_keepers_only)
def can_reverse_ledger_entry(user, entry) -> bool:
    """Those who keep the entry's ledger correct it with a reversing entry."""
    return can_keep_ledger(user, entry.compound)
