"""The choices of the mediation station and their labels: categories, respondents, contact
methods, the case's states (and groups of them), reasons to decline, routes left."""

from __future__ import annotations

import enum

from flask_babel import lazy_gettext as _l


class Category(enum.StrEnum):
    """What the complaint is about (the order of the issue's list)."""

    FEES = "fees"
    REPAIRS = "repairs"
    PARKING = "parking"
    SANITATION = "sanitation"
    GREENING = "greening"
    NOISE = "noise"
    PETS = "pets"
    ILLEGAL_BUILDING = "illegal_building"
    SERVICE_QUALITY = "service_quality"
    COMMITTEE_CONDUCT = "committee_conduct"
    OTHER = "other"


CATEGORY_LABELS = {
    Category.FEES: _l("Property fees"),
    Category.REPAIRS: _l("Repairs and leaks"),
    Category.PARKING: _l("Parking"),
    Category.SANITATION: _l("Sanitation"),
    Category.GREENING: _l("Greening"),
    Category.NOISE: _l("Noise"),
    Category.PETS: _l("Pets"),
    Category.ILLEGAL_BUILDING: _l("Illegal building"),
    Category.SERVICE_QUALITY: _l("Quality of property service"),
    Category.COMMITTEE_CONDUCT: _l("Conduct of the owners' committee"),
    Category.OTHER: _l("Other"),
}


class Respondent(enum.StrEnum):
    """Whom the complaint is against."""

    PROPERTY_COMPANY = "property_company"
    OWNERS_COMMITTEE = "owners_committee"
    SERVICE_CENTRE = "service_centre"
    NEIGHBOUR = "neighbour"
    OTHER = "other"


RESPONDENT_LABELS = {
    Respondent.PROPERTY_COMPANY: _l("The property company"),
    Respondent.OWNERS_COMMITTEE: _l("The owners' committee"),
    Respondent.SERVICE_CENTRE: _l("The community's property service centre"),
    Respondent.NEIGHBOUR: _l("A neighbour"),
    Respondent.OTHER: _l("Someone else"),
}


class ContactMethod(enum.StrEnum):
    PHONE = "phone"
    SMS = "sms"
    PORTAL = "portal"


CONTACT_LABELS = {
    ContactMethod.PHONE: _l("By phone"),
    ContactMethod.SMS: _l("By text message"),
    ContactMethod.PORTAL: _l("Only through this portal"),
}


class ComplaintStatus(enum.StrEnum):
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    ASSIGNED = "assigned"
    IN_MEDIATION = "in_mediation"
    AGREED = "agreed"
    FAILED = "failed"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"


STATUS_LABELS = {
    ComplaintStatus.SUBMITTED: _l("Submitted"),
    ComplaintStatus.ACCEPTED: _l("Accepted"),
    ComplaintStatus.DECLINED: _l("Declined"),
    ComplaintStatus.ASSIGNED: _l("Assigned to a mediator"),
    ComplaintStatus.IN_MEDIATION: _l("In mediation"),
    ComplaintStatus.AGREED: _l("Agreement reached"),
    ComplaintStatus.FAILED: _l("Mediation failed"),
    ComplaintStatus.CLOSED: _l("Closed"),
    ComplaintStatus.WITHDRAWN: _l("Withdrawn"),
}
S = ComplaintStatus
#: The states in which the station still works on the case (the conclusion deadline runs).
UNDER_WAY = frozenset({S.ACCEPTED, S.ASSIGNED, S.IN_MEDIATION})
#: The states from which the complainant may withdraw (before an agreement).
WITHDRAWABLE = frozenset({S.SUBMITTED, S.ACCEPTED, S.ASSIGNED, S.IN_MEDIATION})
#: The states after which nothing more happens to the case.
FINAL = frozenset({S.DECLINED, S.CLOSED, S.WITHDRAWN})


class DeclineReason(enum.StrEnum):
    OUT_OF_SCOPE = "out_of_scope"
    PARTY_REFUSES = "party_refuses"
    DUPLICATE = "duplicate"


DECLINE_LABELS = {
    DeclineReason.OUT_OF_SCOPE: _l("Outside the station's scope"),
    DeclineReason.PARTY_REFUSES: _l("A party refuses mediation"),
    DeclineReason.DUPLICATE: _l("Duplicate of another case"),
}


class Route(enum.StrEnum):
    """The routes left when mediation fails (人民调解法 第二十六条)."""

    ARBITRATION = "arbitration"
    ADMINISTRATIVE = "administrative"
    COURT = "court"


ROUTE_LABELS = {
    Route.ARBITRATION: _l("Arbitration"),
    Route.ADMINISTRATIVE: _l("A complaint to the administrative authority (the housing bureau)"),
    Route.COURT: _l("A lawsuit at the people's court"),
}
