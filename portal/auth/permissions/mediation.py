"""Rules of the mediation station: residents file complaints about their compound and see only
their own; a case is seen by its complainant and the mediators of its street office's station
(never by the compound's committee or the property company); the station's mediators handle
its cases and read its statistics."""

from __future__ import annotations

from flask import g
from flask_babel import lazy_gettext as _l

from portal.auth.models import Role
from portal.auth.permissions.core import Refusal, explained_by, hides_existence, signed_in


def is_mediator(user, street_office) -> bool:
    """Staff of the street office's mediation station (a mediator grant on that office)."""
    if not user.is_authenticated or street_office is None:
        return False
    office_id = getattr(street_office, "id", street_office)
    return any(g_.role == Role.MEDIATOR and g_.street_office_id == office_id for g_ in user.grants)


def is_any_mediator(user) -> bool:
    return user.is_authenticated and any(grant.role == Role.MEDIATOR for grant in user.grants)


def mediator_office_ids(user) -> set[int]:
    if not user.is_authenticated:
        return set()
    return {grant.street_office_id for grant in user.grants if grant.role == Role.MEDIATOR}


def complainant_compound_ids(user) -> set[int]:
    """The compounds the person may complain about: where a claim of theirs stands."""
    if not user.is_authenticated:
        return set()
    from portal.registration.services import claimed_compound_ids

    cache = g.setdefault("claimed_compound_ids", {})
    if user.id not in cache:
        cache[user.id] = claimed_compound_ids(user)
    return cache[user.id]


def _claim_first(user, **_objects):
    from flask import url_for

    return Refusal(
        str(_l("Complaints are filed about your own compound: claim your unit first.")),
        str(_l("Claim my unit")),
        url_for("registration.index"),
    )


@explained_by(_claim_first)
def can_file_complaint(user, **_objects) -> bool:
    """A resident with a claim on a unit (verified or pending) files about that compound."""
    return signed_in(user) and bool(complainant_compound_ids(user))


def can_see_my_complaints(user, **_objects) -> bool:
    """Every signed-in person has a list of their own complaints (perhaps empty)."""
    return signed_in(user)


@hides_existence
def can_view_complaint(user, complaint) -> bool:
    """The complainant and the mediators of the case's station; nobody else learns it exists."""
    return user.is_authenticated and (
        complaint.complainant_id == user.id or is_mediator(user, complaint.street_office_id)
    )


def is_party(user, complaint) -> bool:
    """Whether a session made the person a party to the case."""
    return user.is_authenticated and any(party.user_id == user.id for party in complaint.parties)


@hides_existence
def can_read_complaint(user, complaint) -> bool:
    """The case page: the complainant and the station see it whole; a party that a session
    added (a committee member, the property company's manager) sees only what is shared with
    the parties. Nobody else learns it exists."""
    return can_view_complaint(user, complaint) or is_party(user, complaint)


def _staff_only(user, complaint=None, **_objects):
    if complaint is not None and complaint.complainant_id == user.id:
        return _l("Only the mediation station's staff do this.")
    return None


@hides_existence
@explained_by(_staff_only)
def can_handle_complaint(user, complaint) -> bool:
    """The station's mediators accept, decline, assign, mediate and close its cases."""
    return is_mediator(user, complaint.street_office_id)


def _complainant_only(user, complaint=None, **_objects):
    if complaint is not None and is_mediator(user, complaint.street_office_id):
        return _l("Only the person who filed the complaint does this.")
    return None


@hides_existence
@explained_by(_complainant_only)
def can_act_as_complainant(user, complaint) -> bool:
    """Only the complainant withdraws, adds information and rates the handling."""
    return user.is_authenticated and complaint.complainant_id == user.id


@hides_existence
def can_view_complaint_attachment(user, attachment) -> bool:
    """An attachment is seen by whoever sees its case."""
    return can_view_complaint(user, attachment.complaint)


def _not_station_staff(user, street_office=None, **_objects):
    if is_any_mediator(user):
        return None  # a mediator of another office: the queue is not theirs to know of
    return _l("Only the staff of this street office's mediation station see its cases.")


@hides_existence
@explained_by(_not_station_staff)
def can_work_station(user, street_office) -> bool:
    """The station's mediators work its queue."""
    return is_mediator(user, street_office)


@hides_existence
@explained_by(_not_station_staff)
def can_view_mediation_statistics(user, street_office) -> bool:
    """The station's figures are for its mediators (the housing bureau's admins too)."""
    from portal.auth.permissions.core import is_admin

    return is_mediator(user, street_office) or is_admin(user)
