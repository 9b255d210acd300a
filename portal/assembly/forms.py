"""Meeting, ballot and cancellation forms."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import Form, FormField, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.fields import DateTimeLocalField, FieldList
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from portal import tabular
from portal.assembly.models import BallotChannel, BallotChoice, MeetingForm, MeetingKind
from portal.assembly.paper_import import HEADER as PAPER_HEADER
from portal.assembly.paper_import import MAX_ROWS as PAPER_MAX_ROWS
from portal.assembly.rules import Matter
from portal.forms import plain_text

LOCAL_TIME = ZoneInfo("Asia/Shanghai")
ITEM_SLOTS = 5
#: How the browser sends a datetime-local value (the first is also how it is shown).
LOCAL_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]

MATTER_LABELS = {
    Matter.RULES_OF_PROCEDURE: _l("Rules of procedure of the owners' assembly"),
    Matter.COVENANT: _l("Management covenant"),
    Matter.COMMITTEE: _l("Elect or replace the owners' committee"),
    Matter.PROPERTY_COMPANY: _l("Hire or dismiss the property company"),
    Matter.FUND_USE: _l("Use the maintenance fund"),
    Matter.FUND_RAISE: _l("Raise the maintenance fund"),
    Matter.REBUILD: _l("Rebuild or reconstruct buildings"),
    Matter.COMMON_PARTS: _l("Change the use of common parts or run a business on them"),
    Matter.OTHER_MAJOR: _l("Other major matters"),
}
CHANNEL_LABELS = {
    BallotChannel.ONLINE: _l("online"),
    BallotChannel.PAPER: _l("on paper"),
    BallotChannel.PROXY: _l("by proxy"),
}
CHOICE_LABELS = {
    BallotChoice.AGREE: _l("Agree"),
    BallotChoice.OPPOSE: _l("Oppose"),
    BallotChoice.ABSTAIN: _l("Abstain"),
}


def to_utc(local: datetime) -> datetime:
    """A date and time entered in Beijing time, as UTC."""
    return local.replace(tzinfo=LOCAL_TIME).astimezone(UTC)


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
    items = FieldList(FormField(ItemForm), min_entries=ITEM_SLOTS, max_entries=ITEM_SLOTS)


class CancelForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason for cancelling"), validators=[DataRequired(), Length(max=500), plain_text]
    )


def ballot_form(items, *, paper: bool) -> FlaskForm:
    """A form with one agree/oppose/abstain question per item (all optional); the paper form
    also asks whose ballot it is and how it came."""

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
        BallotForm.authorisation = FileField(
            _l("Written authorisation (PDF or photo), for a proxy ballot"),
            description=_l("Required for a proxy ballot."),
        )
    for item in items:
        field = RadioField(
            f"{item.number}. {item.title}",
            choices=[SelectChoice(choice.value, label) for choice, label in CHOICE_LABELS.items()],
            validators=[Optional()],
        )
        setattr(BallotForm, f"item_{item.id}", field)
    return BallotForm()


def chosen(form: FlaskForm, items) -> dict[int, BallotChoice]:
    """The choices made on a ballot form, by item id; unanswered items are left out."""
    answers = {}
    for item in items:
        value = getattr(form, f"item_{item.id}").data
        if value:
            answers[item.id] = BallotChoice(value)
    return answers


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


class AttachmentForm(FlaskForm):
    file = FileField(_l("Document (PDF, PNG or JPEG)"), validators=[FileRequired(_l("Choose a file."))])


class AssemblySettingsForm(FlaskForm):
    notice_days = IntegerField(
        _l("Days from the notice to the opening of the vote"),
        validators=[DataRequired(), NumberRange(min=15, max=60)],
        description=_l("At least 15 days, as the law requires."),
    )
    objection_days = IntegerField(
        _l("Days for objections after the vote closes"),
        validators=[DataRequired(), NumberRange(min=1, max=30)],
    )


def to_local(moment: datetime) -> datetime:
    """A UTC moment as the Beijing date and time shown in the form."""
    return moment.astimezone(LOCAL_TIME).replace(tzinfo=None)


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
        "items": items + [{}] * (ITEM_SLOTS - len(items)),
    }
