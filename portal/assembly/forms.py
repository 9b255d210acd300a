"""Meeting, ballot and cancellation forms."""

from __future__ import annotations

from functools import lru_cache

from flask import request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    DateField,
    Form,
    FormField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields import DateTimeLocalField, FieldList
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from portal import tabular
from portal.assembly.labels import CHOICE_LABELS, MATTER_LABELS
from portal.assembly.models import VOTER_CHOICES, BallotChannel, MeetingForm, MeetingKind
from portal.assembly.paper_import import HEADER as PAPER_HEADER
from portal.assembly.paper_import import MAX_ROWS as PAPER_MAX_ROWS
from portal.assembly.rules import Matter
from portal.assembly.services.meetings import ItemDraft
from portal.forms import LOCAL_FORMATS, plain_text, to_local, to_utc  # noqa: F401  (to_utc: routes)
from portal.upload_fields import UploadField

#: Empty item slots a new meeting starts with; more are added on the page, up to MAX_ITEMS.
ITEM_SLOTS = 3
MAX_ITEMS = 50


class ItemForm(Form):
    title = StringField(_l("Item title"), validators=[Optional(), Length(max=200), plain_text])
    description = TextAreaField(_l("Explanation"), validators=[Optional(), Length(max=5000)])
    matter = SelectField(
        _l("Matter (Civil Code Art. 278)"),
        choices=[SelectChoice("", "—")]
        + [SelectChoice(m.value, label) for m, label in MATTER_LABELS.items()],
        validators=[Optional()],
    )


class MeetingDraftForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200), plain_text])
    kind = SelectField(
        _l("Kind"),
        choices=[
            SelectChoice(MeetingKind.REGULAR.value, _l("Regular meeting")),
            SelectChoice(MeetingKind.EXTRAORDINARY.value, _l("Extraordinary meeting")),
        ],
    )
    meeting_form = SelectField(
        _l("Form"),
        choices=[
            SelectChoice(MeetingForm.WRITTEN.value, _l("Written consultation")),
            SelectChoice(MeetingForm.COLLECTIVE.value, _l("Collective discussion")),
        ],
    )
    opens_at = DateTimeLocalField(
        _l("Voting opens (Beijing time)"), format=LOCAL_FORMATS, validators=[DataRequired()]
    )
    closes_at = DateTimeLocalField(
        _l("Voting closes (Beijing time)"), format=LOCAL_FORMATS, validators=[DataRequired()]
    )
    items = FieldList(FormField(ItemForm), min_entries=1, max_entries=MAX_ITEMS)

    def rearranged(self) -> bool:
        """Add an empty item slot ("add_item") or remove one ("remove_item" = its index), as
        the page's buttons ask, keeping everything typed. Returns whether it did either, in
        which case the form is shown again rather than saved."""
        if not self.is_submitted():
            return False
        if "add_item" in request.form:
            if len(self.items) < MAX_ITEMS:
                self.items.append_entry()
            return True
        removing = request.form.get("remove_item", "")
        if removing.isdigit():
            kept = [entry.data for n, entry in enumerate(self.items) if n != int(removing)]
            while len(self.items):
                self.items.pop_entry()
            for data in kept or [{}]:
                self.items.append_entry(data)
            return True
        return False


class CancelForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason for cancelling"), validators=[DataRequired(), Length(max=500), plain_text]
    )


def ballot_form(items, *, paper: bool) -> FlaskForm:
    """A form with one agree/oppose/abstain question per item (all optional); the paper form
    also asks whose ballot it is and how it came."""
    return _ballot_form_class(paper, tuple((item.id, item.number, item.title) for item in items))()


@lru_cache(maxsize=256)
def _ballot_form_class(paper: bool, agenda: tuple[tuple[int, int, str], ...]) -> type[FlaskForm]:
    """The ballot form's class for an agenda of (item id, number, title), built once: making a
    form class and binding its fields is most of a form's cost."""

    class BallotForm(FlaskForm):
        pass

    if paper:
        BallotForm.owner_key = StringField(
            _l("Owner key in the roster"),
            validators=[DataRequired(), Length(max=64), plain_text],
            description=_l("As in the roster; @developer for the developer's units."),
        )
        BallotForm.channel = SelectField(
            _l("Channel"),
            choices=[
                SelectChoice(BallotChannel.PAPER.value, _l("Paper ballot")),
                SelectChoice(BallotChannel.PROXY.value, _l("Proxy ballot")),
            ],
        )
        BallotForm.proxy_name = StringField(_l("Name of the proxy"), validators=[Length(max=100), plain_text])
        BallotForm.authorisation = UploadField(
            _l("Written authorisation (PDF or photo), for a proxy ballot"),
            description=_l("Required for a proxy ballot."),
        )
        BallotForm.collected_on = DateField(
            _l("Collected on"),
            validators=[Optional()],
            description=_l(
                "The day the sheet was collected; after voting closes, only sheets collected by then."
            ),
        )
        BallotForm.invalid = BooleanField(
            _l("Invalid ballot (废票): the sheet cannot be read or was filled in against the rules"),
        )

    def choices(self) -> dict[int, str]:
        """The answers given, by item id (unanswered items give "")."""
        return {item_id: getattr(self, f"item_{item_id}").data or "" for item_id, _n, _title in agenda}

    BallotForm.choices = choices
    for item_id, number, title in agenda:
        field = RadioField(
            f"{number}. {title}",
            choices=[SelectChoice(choice.value, CHOICE_LABELS[choice]) for choice in VOTER_CHOICES],
            validators=[Optional()],
        )
        setattr(BallotForm, f"item_{item_id}", field)
    return BallotForm


class ObjectionForm(FlaskForm):
    text = TextAreaField(_l("Your objection"), validators=[DataRequired(), Length(max=2000), plain_text])


class AnswerForm(FlaskForm):
    answer = TextAreaField(_l("Answer"), validators=[DataRequired(), Length(max=2000), plain_text])


class CorrectionForm(FlaskForm):
    choice = SelectField(
        _l("Corrected choice"), choices=[SelectChoice(c.value, label) for c, label in CHOICE_LABELS.items()]
    )
    reason = StringField(
        _l("Reason for the correction"), validators=[DataRequired(), Length(max=500), plain_text]
    )


class PreparatoryGroupForm(FlaskForm):
    phones = TextAreaField(
        _l("Members' mobile numbers, one per line"),
        validators=[DataRequired(), Length(max=2000)],
        description=_l("An odd number of members, at least half of them verified owners of the compound."),
    )


class PaperFileForm(FlaskForm):
    file = FileField(
        _l("Paper ballots (owner_key,item_no,choice)"),
        description=tabular.upload_hint(PAPER_MAX_ROWS, len(PAPER_HEADER)),
        validators=[FileRequired(_l("Choose a CSV or XLSX file."))],
        render_kw={"accept": tabular.ACCEPT},
    )
    collected_on = DateField(
        _l("Collected on"),
        validators=[Optional()],
        description=_l(
            "The day the sheets were collected; after voting closes, only sheets collected by then."
        ),
    )


class AttachmentForm(FlaskForm):
    file = UploadField(_l("Document"), required=True)


class AssemblySettingsForm(FlaskForm):
    notice_days = IntegerField(
        _l("Days from the notice to the opening of the vote"),
        validators=[DataRequired(), NumberRange(min=15, max=60)],
        description=_l("At least 15 days, as the law requires."),
    )
    objection_days = IntegerField(
        _l("Days for objections after the preliminary result"),
        validators=[DataRequired(), NumberRange(min=1, max=30)],
    )
    paper_days = IntegerField(
        _l("Days after the vote closes for entering paper ballots collected by then"),
        validators=[InputRequired(), NumberRange(min=0, max=7)],
        description=_l("The preliminary result comes after these days (0 to 7; 2 by default)."),
    )
    blank_counts_as_abstain = BooleanField(
        _l("Our rules of procedure count a blank item or an invalid paper ballot as abstaining"),
        description=_l("Otherwise a blank item or an invalid ballot does not count as taking part."),
    )


class VoidForm(FlaskForm):
    reason = StringField(_l("Reason for voiding"), validators=[DataRequired(), Length(max=500), plain_text])


def item_drafts(form: MeetingDraftForm) -> list[ItemDraft]:
    """The filled item slots of the meeting form (title and matter given)."""
    entries = [entry.form for entry in form.items]
    return [
        ItemDraft(entry.title.data or "", entry.description.data or "", Matter(entry.matter.data))
        for entry in entries
        if (entry.title.data or "").strip() and entry.matter.data
    ]


def draft_form_data(meeting) -> dict:
    """The values of a draft meeting, to fill the form for changing it."""
    items = [
        {"title": i.title, "description": i.description, "matter": i.matter.value} for i in meeting.items
    ]
    return {
        "title": meeting.title,
        "kind": meeting.kind.value,
        "meeting_form": meeting.form.value,
        "opens_at": to_local(meeting.voting_opens_at),
        "closes_at": to_local(meeting.voting_closes_at),
        "items": items,
    }
