"""Rules of committee elections and the committee's term: who calls and runs an election, who
stands and votes, who sees what, and who records the term's filing."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.auth.permissions.core import (
    explained_by,
    hides_existence,
    is_admin,
    is_committee_member,
    is_community_staff,
)
from portal.auth.permissions.places import can_view_roster
from portal.auth.permissions.registration import claim_first, is_verified_owner


def committee_cannot_act(compound) -> bool:
    """The committee cannot act when nobody holds the committee role for the compound, when
    its elected term has expired, or when no more than half of its seats are filled (cached
    for the request)."""
    from flask import g

    from portal.elections.services.terms import committee_can_act

    cache = g.setdefault("committee_can_act", {})
    if compound.id not in cache:
        cache[compound.id] = committee_can_act(compound)
    return not cache[compound.id]


def can_run_elections(user, compound) -> bool:
    """The committee (or the preparatory group, which holds the committee role before the
    first election) calls and runs elections; when the committee cannot act, the staff acting
    for the street office (the community's staff) and admins do."""
    if is_committee_member(user, compound):
        return True
    # The grants first: they are in hand, while whether the committee can act takes two queries.
    return (is_admin(user) or is_community_staff(user, compound.community)) and committee_cannot_act(compound)


def _why_not_see(user, compound):
    return claim_first(
        _l(
            "Committee elections are open to the verified owners of the compound, its owners' committee "
            "and its community's staff."
        ),
        user,
        compound,
    )


@explained_by(_why_not_see)
def can_view_elections(user, compound) -> bool:
    """Elections are published to the compound's owners and seen by those who see its roster."""
    return can_view_roster(user, compound) or is_verified_owner(user, compound)


@hides_existence
def can_view_election(user, election) -> bool:
    """An election is seen like the compound's elections; a draft only by those who run it."""
    if election.status.value == "draft":
        return can_run_elections(user, election.compound)
    return can_view_elections(user, election.compound)


@hides_existence
def can_manage_election(user, election) -> bool:
    """Those who run the compound's elections open nominations, enter nominations, reject,
    publish the list, enter paper ballots and finalise."""
    return can_run_elections(user, election.compound)


@hides_existence
def can_manage_candidate(user, candidate) -> bool:
    """Those who run the election reject a nomination."""
    return can_run_elections(user, candidate.election.compound)


def _owners_only(user, election):
    if election.status.value == "draft" or not can_view_elections(user, election.compound):
        return None
    return claim_first(_l("Only verified owners of this compound can do this."), user, election.compound)


@hides_existence
@explained_by(_owners_only)
def can_vote_in_election(user, election) -> bool:
    """Verified owners of the compound vote (the service checks the window)."""
    return election.status.value != "draft" and is_verified_owner(user, election.compound)


@hides_existence
@explained_by(_owners_only)
def can_stand(user, election) -> bool:
    """Verified owners of the compound nominate themselves (the service checks the window)."""
    return election.status.value != "draft" and is_verified_owner(user, election.compound)


@hides_existence
def can_view_candidate_photo(user, candidate) -> bool:
    """A candidate's photo is seen with the election."""
    return can_view_election(user, candidate.election)


def can_view_committee(user, compound) -> bool:
    """The committee's members, roles, contact hours and past terms are public."""
    return True


def can_record_filing(user, term) -> bool:
    """The community's staff (for the street office) and admins record the filing (备案)."""
    return is_admin(user) or is_community_staff(user, term.compound.community)


def can_run_committee_meetings(user, compound) -> bool:
    """The committee's members schedule committee and joint meetings and keep their minutes."""
    return is_committee_member(user, compound)


@hides_existence
def can_manage_committee_meeting(user, meeting) -> bool:
    """The members of the meeting's committee record attendance, minutes and decisions."""
    return is_committee_member(user, meeting.compound)


@hides_existence
def can_view_committee_meeting(user, meeting) -> bool:
    """Published minutes and decisions are read by the compound's owners (and by those who see
    its roster: the committee, the community's staff, admins); drafts by the members only."""
    if meeting.status.value == "draft":
        return is_committee_member(user, meeting.compound)
    return can_view_elections(user, meeting.compound)


@hides_existence
def can_manage_term(user, term) -> bool:
    """The committee's members record posts (chair, vice chair), cross-posts and changes."""
    return is_committee_member(user, term.compound)


@hides_existence
def can_manage_member(user, member) -> bool:
    """The committee's members record a member's resignation or removal and cross-posts."""
    return is_committee_member(user, member.term.compound)


@hides_existence
@explained_by(_owners_only)
def can_object_to_election(user, election) -> bool:
    """Verified owners of the compound object to a preliminary result (the service checks when)."""
    return can_vote_in_election(user, election)


@hides_existence
def can_answer_election_objection(user, objection) -> bool:
    """Those who run the election answer objections."""
    return can_run_elections(user, objection.election.compound)
