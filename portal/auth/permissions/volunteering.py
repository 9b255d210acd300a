"""Rules of volunteer service: who organises activities, who signs up, who checks volunteers
in and sees their personal data, and who reads a community's statistics."""

from __future__ import annotations

from flask import g

from portal.auth.permissions.core import (
    hides_existence,
    is_admin,
    is_committee_member,
    is_community_staff,
    signed_in,
)


def can_organise_in_compound(user, compound) -> bool:
    """The compound's committee and its community's staff organise activities for it."""
    return is_committee_member(user, compound) or is_community_staff(user, compound.community)


def can_organise_in_community(user, community) -> bool:
    """The community's staff organise activities for the whole community."""
    return is_community_staff(user, community)


def can_organise_activity(user, activity) -> bool:
    """The organisers of an activity: the committee of its compound (for a compound's
    activity) and the staff of its community. Only they see volunteers' personal data."""
    if activity.compound is not None and is_committee_member(user, activity.compound):
        return True
    return is_community_staff(user, activity.community)


def is_resident_for(user, activity) -> bool:
    """A resident of the activity's compound, or of any compound of its community for a
    community-wide activity: a verified owner or a registered resident (a claim on a unit
    that stands, verified or pending). Cached for the request."""
    if not user.is_authenticated:
        return False
    from portal.registration.services import claimed_compound_ids

    cache = g.setdefault("claimed_compound_ids", {})
    if user.id not in cache:
        cache[user.id] = claimed_compound_ids(user)
    return lives_in(cache[user.id], activity)


def lives_in(compound_ids: set[int], activity) -> bool:
    """Whether any of these compounds is the activity's, or of its community when the
    activity is for the whole community."""
    if activity.compound_id is not None:
        return activity.compound_id in compound_ids
    return any(compound.id in compound_ids for compound in activity.community.compounds)


def can_view_activity(user, activity) -> bool:
    """Activities are public (title, place, sessions, places left); a cancelled one too."""
    return True


def can_sign_up_to(user, activity) -> bool:
    """Residents of the activity's compound or community sign up to its sessions (the service
    checks deadlines, age and places). The same for every session of the activity, so a page
    of its sessions asks once."""
    return is_resident_for(user, activity)


def can_sign_up(user, session) -> bool:
    """Whoever may sign up to the session's activity (`can_sign_up_to`)."""
    return can_sign_up_to(user, session.activity)


@hides_existence
def can_view_signup(user, signup) -> bool:
    """A sign-up is seen by the volunteer and the activity's organisers."""
    if not user.is_authenticated:
        return False
    return signup.user_id == user.id or can_organise_activity(user, signup.session.activity)


@hides_existence
def can_cancel_signup(user, signup) -> bool:
    """Only the volunteer cancels their own sign-up (the service checks the deadline)."""
    return user.is_authenticated and signup.user_id == user.id


@hides_existence
def can_record_attendance(user, signup) -> bool:
    """The activity's organisers check volunteers in and out, mark no-shows and correct."""
    return can_organise_activity(user, signup.session.activity)


def can_take_attendance(user, session) -> bool:
    """The activity's organisers open a session's check-in list."""
    return can_organise_activity(user, session.activity)


def can_manage_activity(user, activity) -> bool:
    """The activity's organisers cancel it and read its attendance and hours."""
    return can_organise_activity(user, activity)


def can_view_volunteer_statistics(user, community) -> bool:
    """Hours by month and category are for the community's staff and admins."""
    return is_admin(user) or is_community_staff(user, community)


def can_volunteer(user, **_objects) -> bool:
    """Every signed-in person has their own volunteer record (perhaps empty)."""
    return signed_in(user)


@hides_existence
def can_view_certificate(user, certificate) -> bool:
    """A certificate's full page is for its holder; anyone checks its code publicly."""
    return user.is_authenticated and certificate.user_id == user.id
