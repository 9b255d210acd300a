"""Forms of committee elections: the settings, a nomination (self or for an owner group),
rejecting one, the ballot (approve up to `seats`), and a paper or proxy ballot."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import IntegerField, SelectField, SelectMultipleField, StringField, TextAreaField, widgets
from wtforms.fields import DateField, DateTimeLocalField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from portal import tabular
from portal.elections.services import Settings
from portal.elections.services.candidates import MAX_STATEMENT
from portal.forms import LOCAL_FORMATS, plain_text, to_utc
from portal.upload_fields import UploadField
from portal.uploads import IMAGES


class ElectionForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200), plain_text])
    seats = IntegerField(
        _l("Seats"),
        default=5,
        validators=[DataRequired()],
        description=_l("An odd number from 5 to 11; 3 for a compound of at most 100 households."),
    )
    alternates = IntegerField(_l("Alternates"), default=0, validators=[NumberRange(0, 11)])
    term_years = IntegerField(_l("Term in years"), default=5, validators=[DataRequired()])
    nominations_close_at = DateTimeLocalField(
        _l("Nominations close (Beijing time)"), format=LOCAL_FORMATS, validators=[DataRequired()]
    )
    voting_opens_at = DateTimeLocalField(
        _l("Voting opens (Beijing time)"),
        format=LOCAL_FORMATS,
        validators=[DataRequired()],
        description=_l("No sooner than the compound's notice period after the candidate list is published."),
    )
    voting_closes_at = DateTimeLocalField(
        _l("Voting closes (Beijing time)"), format=LOCAL_FORMATS, validators=[DataRequired()]
    )

    def settings(self) -> Settings:
        return Settings(
            title=self.title.data,
            seats=self.seats.data,
            alternates=self.alternates.data or 0,
            term_years=self.term_years.data,
            nominations_close_at=to_utc(self.nominations_close_at.data),
            voting_opens_at=to_utc(self.voting_opens_at.data),
            voting_closes_at=to_utc(self.voting_closes_at.data),
        )


class NominationForm(FlaskForm):
    owner_key = StringField(
        _l("Owner key in the roster"),
        validators=[Optional(), Length(max=64), plain_text],
        description=_l("Organisers only: leave empty to nominate yourself."),
    )
    statement = TextAreaField(_l("Statement"), validators=[Optional(), Length(max=MAX_STATEMENT), plain_text])
    photo = UploadField(_l("Photo (optional)"), kinds=IMAGES)


class RejectForm(FlaskForm):
    reason = StringField(_l("Reason"), validators=[DataRequired(), Length(max=500), plain_text])


class _Checkboxes(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()

    def pre_validate(self, form):  # the service checks the choices against the list
        pass


def ballot_form(election, *, paper: bool = False, formdata=None):
    """The ballot: a box for each listed candidate (approve up to `seats`); none is a blank
    ballot. The paper form adds the owner key, the channel and the proxy."""

    class BallotForm(FlaskForm):
        candidates = _Checkboxes(
            _l("Candidates you approve"),
            choices=[
                SelectChoice(str(c.id), f"{c.number}. {c.name}")
                for c in election.candidates
                if c.status.value == "nominated"
            ],
            coerce=str,
        )

    if paper:
        BallotForm.owner_key = StringField(
            _l("Owner key in the roster"), validators=[DataRequired(), Length(max=64), plain_text]
        )
        BallotForm.channel = SelectField(
            _l("Channel"),
            choices=[SelectChoice("paper", _l("Paper ballot")), SelectChoice("proxy", _l("Proxy ballot"))],
        )
        BallotForm.proxy_name = StringField(
            _l("Proxy's name"), validators=[Optional(), Length(max=100), plain_text]
        )
        BallotForm.authorisation = UploadField(_l("Written authorisation of the proxy"))
        BallotForm.collected_on = DateField(
            _l("Collected on"),
            validators=[Optional()],
            description=_l(
                "The day the sheet was collected; after voting closes, only sheets collected by then."
            ),
        )
    return BallotForm(formdata=formdata) if formdata is not None else BallotForm()


class CommitteeMeetingForm(FlaskForm):
    kind = SelectField(
        _l("Kind"),
        choices=[
            SelectChoice("committee", _l("Committee meeting")),
            SelectChoice("joint", _l("Joint meeting (联席会议)")),
        ],
    )
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200), plain_text])
    held_at = DateTimeLocalField(_l("When (Beijing time)"), format=LOCAL_FORMATS, validators=[DataRequired()])
    place = StringField(_l("Meeting place"), validators=[Optional(), Length(max=200), plain_text])
    agenda = TextAreaField(_l("Agenda"), validators=[Optional(), Length(max=20_000)])
    party = StringField(
        _l("Community party organisation: participant"), validators=[Optional(), Length(max=100), plain_text]
    )
    residents_committee = StringField(
        _l("Residents' committee: participant"), validators=[Optional(), Length(max=100), plain_text]
    )
    property = StringField(
        _l("Property company or service centre: participant"),
        validators=[Optional(), Length(max=100), plain_text],
    )
    other = StringField(_l("Other participant"), validators=[Optional(), Length(max=100), plain_text])


class MinutesForm(FlaskForm):
    minutes = TextAreaField(_l("Minutes"), validators=[DataRequired(), Length(max=20_000)])


class DecisionForm(FlaskForm):
    text = TextAreaField(_l("Decision"), validators=[DataRequired(), Length(max=20_000)])
    votes_for = IntegerField(_l("For"), default=0, validators=[NumberRange(0, 100)])
    votes_against = IntegerField(_l("Against"), default=0, validators=[NumberRange(0, 100)])
    abstentions = IntegerField(_l("Abstaining"), default=0, validators=[NumberRange(0, 100)])


class LeaveForm(FlaskForm):
    basis = StringField(
        _l("Basis of the decision"),
        validators=[DataRequired(), Length(max=500), plain_text],
        description=_l("The resignation letter, or the decision to remove with its date."),
    )


class PaperFileForm(FlaskForm):
    file = FileField(
        _l("Paper ballots (owner_key,candidate_no)"),
        description=_l("One row per candidate approved; a row with an empty candidate_no is a blank ballot."),
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
