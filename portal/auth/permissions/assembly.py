"""Rules of the owners' assembly: meetings, voting, objections, the register and establishing."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.auth.permissions.core import (
    Refusal,
    explained_by,
    hides_existence,
    is_admin,
    is_committee_member,
    is_community_staff,
)
from portal.auth.permissions.places import can_view_roster
from portal.auth.permissions.registration import claim_first, is_verified_owner

# --- explanations of refusals (only where the meeting is no secret to the person) -----------


def _why_not_see_meetings(user, compound) -> Refusal:
    return claim_first(
        _l(
            "The meetings of the owners' assembly are open to the verified owners of the compound, "
            "its owners' committee and its community's staff."
        ),
        user,
        compound,
    )


def _owners_only(message):
    """An explanation for a rule reserved to the compound's verified owners: said to those who
    may see the meeting, with the way to become an owner; nothing is said to the others."""

    def explain(user, meeting) -> Refusal | None:
        if meeting.status.value == "draft" or not can_view_meetings(user, meeting.compound):
            return None
        return claim_first(message, user, meeting.compound)

    return explain


def _why_not_register(user, meeting) -> str | None:
    """While voting nobody sees choices; owners see the register after the final announcement."""
    from portal.assembly.services import status_of

    if meeting.status.value == "draft" or not can_view_meetings(user, meeting.compound):
        return None
    state = status_of(meeting).value
    if state in ("announced", "voting"):
        return _l(
            "Nobody can see the ballots while voting is open, so that no one can be pressed to vote "
            "one way. The committee checks the register after voting closes; owners can inspect it "
            "after the final announcement."
        )
    if state == "counted" and is_verified_owner(user, meeting.compound):
        return _l("Owners can inspect the ballot register once the final announcement is published.")
    if state == "cancelled":
        return _l("This meeting was cancelled; it has no ballots.")
    return _l("Only the owners of this compound and its committee can inspect the ballot register.")


# --- rules ------------------------------------------------------------------------------------


def can_manage_meetings(user, compound) -> bool:
    """The compound's owners' committee (or preparatory group) runs its assembly meetings."""
    return is_committee_member(user, compound)


@explained_by(_why_not_see_meetings)
def can_view_meetings(user, compound) -> bool:
    """Assembly meetings are published to the compound's owners, and seen by its committee,
    its community's staff and admins."""
    return can_view_roster(user, compound) or is_verified_owner(user, compound)


@hides_existence
def can_view_meeting(user, meeting) -> bool:
    """A meeting is seen by those who see its compound's meetings; drafts only by the committee."""
    if meeting.status.value == "draft":
        return can_manage_meetings(user, meeting.compound)
    return can_view_meetings(user, meeting.compound)


@hides_existence
def can_manage_meeting(user, meeting) -> bool:
    """The committee of the meeting's compound announces it, enters paper ballots, finalises."""
    return can_manage_meetings(user, meeting.compound)


@hides_existence
@explained_by(_owners_only(_l("Only verified owners of this compound can vote.")))
def can_vote(user, meeting) -> bool:
    """Verified owners of the compound vote online (the service checks the window)."""
    return meeting.status.value != "draft" and is_verified_owner(user, meeting.compound)


@hides_existence
@explained_by(_owners_only(_l("Only verified owners of this compound can object to a result.")))
def can_object(user, meeting) -> bool:
    """Verified owners of the compound may object to a preliminary result."""
    return can_vote(user, meeting)


@hides_existence
def can_answer_objection(user, objection) -> bool:
    """The compound's committee answers objections."""
    return can_manage_meetings(user, objection.meeting.compound)


@hides_existence
def can_correct_ballot(user, ballot) -> bool:
    """The compound's committee corrects paper and proxy ballots (the service checks when)."""
    return can_manage_meetings(user, ballot.meeting.compound)


@hides_existence
@explained_by(_why_not_register)
def can_inspect_register(user, meeting) -> bool:
    """Nobody sees choices while voting is open. Once voting has closed the committee sees the
    ballot register (to check and correct paper ballots); the compound's owners see it once the
    final announcement is out, and each of their looks is logged."""
    from portal.assembly.services import status_of

    state = status_of(meeting).value
    if can_manage_meetings(user, meeting.compound):
        return state in ("counted", "final")
    return state == "final" and is_verified_owner(user, meeting.compound)


def can_sign_application(user, compound) -> bool:
    """Verified owners co-sign the application to establish the owners' assembly."""
    return is_verified_owner(user, compound)


def can_form_preparatory_group(user, compound) -> bool:
    """The community's staff (or an admin) form the preparatory group of a compound."""
    return is_admin(user) or is_community_staff(user, compound.community)


@hides_existence
def can_manage_item(user, item) -> bool:
    """The committee adds documents to the agenda items of its compound's meetings."""
    return can_manage_meetings(user, item.meeting.compound)


@hides_existence
def can_view_attachment(user, attachment) -> bool:
    """Item documents are seen with the meeting; proxy authorisations by the committee."""
    if attachment.purpose.value == "item":
        return can_view_meeting(user, attachment.meeting)
    return can_manage_meetings(user, attachment.meeting.compound)
