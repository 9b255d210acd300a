"""The owners' assembly's audit actions: establishing it, meetings, ballots on every channel,
objections and documents; meetings, items, ballots and objections by readable labels."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, bindparam, select

from portal.assembly.labels import CHOICE_LABELS
from portal.assembly.models import STATUS_LABELS, Attachment, Ballot, Meeting, MeetingItem, Objection
from portal.audit import Field, action_group, labels_by, register_action, register_subject
from portal.audit.formats import area_hundredths, area_m2, choice, days
from portal.electorate import ElectorateGroup
from portal.extensions import db
from portal.statements import built_once
from portal.translation import text as _

ASSEMBLY = action_group("assembly", _l("Owners' assembly"))

CHOICES = {choice.value: label for choice, label in CHOICE_LABELS.items()}
STATUSES = {status.value: label for status, label in STATUS_LABELS.items()}


def item_labels(ids: list[int]) -> dict[int, str]:
    """An agenda item as its number and title."""
    rows = db.session.execute(_item_labels(), {"ids": ids})
    return {ident: _("item %(number)d %(title)s", number=n, title=title) for ident, n, title in rows}


@built_once
def _item_labels() -> Select:
    return select(MeetingItem.id, MeetingItem.number, MeetingItem.title).where(
        MeetingItem.id.in_(bindparam("ids", expanding=True))
    )


def ballot_labels(ids: list[int]) -> dict[int, str]:
    """A ballot as its owner's units, item number and meeting."""
    rows = db.session.execute(_ballot_labels(), {"ids": ids})
    return {
        ident: _(
            "%(owner)s, item %(number)d of meeting 《%(meeting)s》", owner=units or key, number=n, meeting=t
        )
        for ident, units, key, n, t in rows
    }


@built_once
def _ballot_labels() -> Select:
    return (
        select(Ballot.id, ElectorateGroup.units, ElectorateGroup.owner_key, MeetingItem.number, Meeting.title)
        .join(ElectorateGroup, Ballot.group_id == ElectorateGroup.id)
        .join(MeetingItem, Ballot.item_id == MeetingItem.id)
        .join(Meeting, Ballot.meeting_id == Meeting.id)
        .where(Ballot.id.in_(bindparam("ids", expanding=True)))
    )


def _meeting_of(model):
    """Objections and documents by the title of their meeting."""

    def load(ids: list[int]) -> dict[int, str]:
        return dict(db.session.execute(_titles_of_meetings_of(model), {"ids": ids}).all())

    return load


@built_once
def _titles_of_meetings_of(model) -> Select:
    query = select(model.id, Meeting.title).join(Meeting, model.meeting_id == Meeting.id)
    return query.where(model.id.in_(bindparam("ids", expanding=True)))


register_subject("Assembly", label=_l("Owners' assembly"))
register_subject("Meeting", labels_by(Meeting, "title"), label=_l("Meeting"))
register_subject("MeetingItem", item_labels, label=_l("Agenda item"))
register_subject("Ballot", ballot_labels, label=_l("Ballot"))
register_subject("Objection", _meeting_of(Objection), label=_l("Objection"))
register_subject("Attachment", _meeting_of(Attachment), label=_l("Document"))

# --- establishing the assembly -------------------------------------------------------------------

register_action(
    "assembly_application_signed",
    ASSEMBLY,
    _l("signed the application to establish the owners' assembly"),
    label=_l("Application to establish the assembly signed"),
)
register_action(
    "preparatory_group_formed",
    ASSEMBLY,
    _l("formed the preparatory group: %(members)s"),
    fields={"members": Field(_l("Members (mobile numbers)"))},
    label=_l("Preparatory group set up"),
)
register_action(
    "assembly_roster_published",
    ASSEMBLY,
    _l("published the roster for the first meeting: %(owner_groups)s owners, %(total_area)s"),
    fields={
        "units": Field(_l("Units")),
        "total_area": Field(_l("Total area"), area_m2),
        "owner_groups": Field(_l("Owners (by the headcount rule)")),
    },
    label=_l("Roster published for the first meeting"),
)
register_action(
    "assembly_established",
    ASSEMBLY,
    _l("announced the first meeting's final result: the owners' assembly is established"),
    label=_l("Owners' assembly established"),
)
register_action(
    "assembly_settings_changed",
    ASSEMBLY,
    _l("set the notice period to %(notice_days)s and the objection period to %(objection_days)s"),
    fields={
        "notice_days": Field(_l("Notice period"), days),
        "objection_days": Field(_l("Objection period"), days),
        "paper_days": Field(_l("Days for paper ballots after the close"), days),
        "blank_counts_as_abstain": Field(_l("Blank items count as abstaining")),
    },
    label=_l("Assembly settings changed"),
)

# --- meetings -----------------------------------------------------------------------------------

MEETING_FIELDS = {
    "title": Field(_l("Title")),
    "status": Field(_l("Status"), choice(STATUSES)),
    "reason": Field(_l("Reason")),
    "total_owners": Field(_l("Owners (by the headcount rule)")),
    "total_area_hundredths": Field(_l("Total area"), area_hundredths),
}

register_action(
    "meeting_created",
    ASSEMBLY,
    _l("created the meeting 《%(subject)s》"),
    fields=MEETING_FIELDS,
    label=_l("Meeting created"),
)
register_action(
    "meeting_changed",
    ASSEMBLY,
    _l("changed the meeting 《%(subject)s》"),
    fields=MEETING_FIELDS,
    label=_l("Meeting changed"),
)
register_action(
    "meeting_announced",
    ASSEMBLY,
    _l(
        "published the notice of the meeting 《%(subject)s》, freezing the roster at %(total_owners)s"
        " owners and %(total_area_hundredths)s"
    ),
    _l("published the notice of the meeting 《%(subject)s》"),
    fields=MEETING_FIELDS,
    label=_l("Meeting notice published"),
)
register_action(
    "meeting_cancelled",
    ASSEMBLY,
    _l("cancelled the meeting 《%(subject)s》: %(reason)s"),
    _l("cancelled the meeting 《%(subject)s》"),
    fields=MEETING_FIELDS,
    label=_l("Meeting cancelled"),
)
register_action(
    "meeting_finalised",
    ASSEMBLY,
    _l("announced the final result of the meeting 《%(subject)s》"),
    fields=MEETING_FIELDS,
    label=_l("Final result announced"),
)

# --- ballots ------------------------------------------------------------------------------------

BALLOT_FIELDS = {
    "units": Field(_l("Units of the owner")),
    "owner": Field(_l("Owner key")),
    "owners": Field(_l("Owner keys")),
    "proxy": Field(_l("Proxy")),
    "receipt": Field(_l("Receipt code")),
    "choices": Field(_l("Choices"), choice(CHOICES), keys_refer_to="MeetingItem"),
    "choice": Field(_l("Choice"), choice(CHOICES)),
    "reason": Field(_l("Reason")),
    "collected_on": Field(_l("Collected on")),
    "replaced_receipts": Field(_l("Replaced a co-owner's ballots (receipt codes)")),
}

register_action(
    "ballot_cast_online",
    ASSEMBLY,
    _l("voted online in the meeting 《%(subject)s》 (receipt code %(receipt)s)"),
    _l("voted online in the meeting 《%(subject)s》"),
    fields=BALLOT_FIELDS,
    label=_l("Online vote"),
)
register_action(
    "ballot_entered_paper",
    ASSEMBLY,
    _l("entered a paper ballot for %(units)s in meeting 《%(subject)s》"),
    _l("entered a paper ballot for owner %(owner)s in meeting 《%(subject)s》"),
    fields=BALLOT_FIELDS,
    label=_l("Paper ballot entered"),
)
register_action(
    "ballot_entered_proxy",
    ASSEMBLY,
    _l("entered a proxy ballot for %(units)s, cast by %(proxy)s, in meeting 《%(subject)s》"),
    _l("entered a proxy ballot for owner %(owner)s, cast by %(proxy)s, in meeting 《%(subject)s》"),
    _l("entered a proxy ballot for owner %(owner)s in meeting 《%(subject)s》"),
    fields=BALLOT_FIELDS,
    label=_l("Proxy ballot entered"),
)
register_action(
    "ballot_corrected",
    ASSEMBLY,
    _l("corrected the ballot of %(subject)s: %(reason)s"),
    _l("corrected the ballot of %(subject)s"),
    fields=BALLOT_FIELDS,
    label=_l("Ballot corrected"),
)
register_action(
    "ballot_voided",
    ASSEMBLY,
    _l("voided the paper ballot of %(units)s in meeting 《%(subject)s》: %(reason)s"),
    _l("voided a paper ballot in meeting 《%(subject)s》"),
    fields=BALLOT_FIELDS,
    label=_l("Ballot voided"),
)
register_action(
    "register_inspected",
    ASSEMBLY,
    _l("looked at the ballot register of the meeting 《%(subject)s》"),
    fields={
        "what": Field(
            _l("What was seen"),
            choice(
                {
                    "register page": _l("the register page"),
                    "register csv": _l("the register as CSV"),
                    "register xlsx": _l("the register as XLSX"),
                }
            ),
        )
    },
    label=_l("Ballot register inspected"),
)

# --- objections and documents -------------------------------------------------------------------

register_action(
    "objection_filed",
    ASSEMBLY,
    _l("objected to the result of the meeting 《%(subject)s》"),
    fields={"text": Field(_l("Objection"))},
    label=_l("Objection filed"),
)
register_action(
    "objection_answered",
    ASSEMBLY,
    _l("answered an objection to the result of the meeting 《%(subject)s》"),
    fields={"answer": Field(_l("Answer"))},
    label=_l("Objection answered"),
)
register_action(
    "attachment_added",
    ASSEMBLY,
    _l("added the document “%(name)s” (%(purpose)s) to the meeting 《%(subject)s》"),
    _l("added a document to the meeting 《%(subject)s》"),
    fields={
        "name": Field(_l("File name")),
        "purpose": Field(
            _l("Kind of document"),
            choice(
                {"item": _l("document of an agenda item"), "proxy_authorisation": _l("proxy's authorisation")}
            ),
        ),
    },
    label=_l("Document added"),
)
register_action(
    "paper_ballots_imported",
    ASSEMBLY,
    _l("entered %(ballots)s paper ballots of %(owners)s owners from a file in meeting 《%(subject)s》"),
    fields={
        "ballots": Field(_l("Ballots")),
        "owners": Field(_l("Owners")),
        "items": Field(_l("Ballots per item")),
        "file_sha256": Field(_l("File fingerprint (SHA-256)")),
        "owner_keys": Field(_l("Owner keys")),
    },
    label=_l("Paper ballots imported from a file"),
)
