"""Forms of the mediation station: filing a complaint (kept as a draft when unfinished), adding
information, messages, withdrawing and rating; and the station's decisions on a case."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields import DateField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp
from wtforms.widgets import CheckboxInput, ListWidget

from portal.forms import plain_text
from portal.mediation.models import (
    CATEGORY_LABELS,
    CONTACT_LABELS,
    DECLINE_LABELS,
    RESPONDENT_LABELS,
    ROUTE_LABELS,
)
from portal.upload_fields import UploadField, UploadsField

PHONE = Regexp(r"^1\d{10}$", message=_l("A mobile number has 11 digits and starts with 1."))


def _choices(labels: dict) -> list[SelectChoice]:
    return [SelectChoice(key.value, label) for key, label in labels.items()]


class ComplaintForm(FlaskForm):
    compound = SelectField(_l("Compound"), coerce=int, validators=[DataRequired()])
    category = SelectField(_l("What is it about?"), choices=_choices(CATEGORY_LABELS))
    respondent = SelectField(_l("Against whom?"), choices=_choices(RESPONDENT_LABELS))
    respondent_detail = StringField(
        _l("Which neighbour or who exactly (optional)"),
        validators=[Optional(), Length(max=100), plain_text],
        description=_l("For a neighbour, the building and flat, e.g. 3号楼 201."),
    )
    description = TextAreaField(
        _l("What happened?"),
        validators=[DataRequired(), Length(min=10, max=5000), plain_text],
        description=_l("When, where, what you want the station to help with."),
        render_kw={"rows": 6},
    )
    attachments = UploadsField(_l("Photos or PDFs (up to 6)"), most=6)
    contact_method = SelectField(_l("How should the station contact you?"), choices=_choices(CONTACT_LABELS))
    contact_phone = StringField(_l("Phone number"), validators=[Optional(), PHONE])
    mediation_consent = BooleanField(
        _l("I agree to mediation by the station (free and voluntary)"), default=True
    )


class InformationForm(FlaskForm):
    information = TextAreaField(_l("More information"), validators=[Optional(), Length(max=5000), plain_text])
    attachments = UploadsField(_l("Photos or PDFs"), most=6)


class MessageForm(FlaskForm):
    text = TextAreaField(_l("Message"), validators=[DataRequired(), Length(max=5000), plain_text])
    internal = BooleanField(_l("Internal note (never shown to the complainant)"))


class WithdrawForm(FlaskForm):
    reason = StringField(
        _l("Why do you withdraw? (optional)"), validators=[Optional(), Length(max=500), plain_text]
    )


class RateForm(FlaskForm):
    rating = IntegerField(_l("Your rating (1 to 5)"), validators=[DataRequired(), NumberRange(1, 5)])
    comment = TextAreaField(_l("Comment (optional)"), validators=[Optional(), Length(max=1000), plain_text])


class DeclineForm(FlaskForm):
    reason = SelectField(_l("Reason"), choices=_choices(DECLINE_LABELS))
    note = TextAreaField(
        _l("Explanation for the complainant"), validators=[Optional(), Length(max=500), plain_text]
    )
    duplicate_of = StringField(
        _l("Number of the case it duplicates"), validators=[Optional(), Length(max=20), plain_text]
    )


class AssignForm(FlaskForm):
    mediator = SelectField(_l("Mediator"), coerce=int, validators=[DataRequired()])


class SessionForm(FlaskForm):
    held_on = DateField(_l("Date"), validators=[DataRequired()])
    place = StringField(
        _l("Where the session was held"), validators=[DataRequired(), Length(max=200), plain_text]
    )
    participants = StringField(
        _l("People who took part"), validators=[DataRequired(), Length(max=500), plain_text]
    )
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=5000), plain_text])
    shared = BooleanField(_l("Share the notes with the parties"))


class AgreementForm(FlaskForm):
    terms = TextAreaField(
        _l("Terms of the agreement"), validators=[DataRequired(), Length(max=10000), plain_text]
    )
    parties = StringField(_l("Parties who signed"), validators=[DataRequired(), Length(max=500), plain_text])
    signed_on = DateField(_l("Date signed"), validators=[DataRequired()])
    scan = UploadField(_l("Scan of the signed agreement"))
    judicial_applied_on = DateField(
        _l("Judicial confirmation applied for on (optional)"),
        validators=[Optional()],
        description=_l("Within 30 days of signing (人民调解法 第三十三条)."),
    )


class JudicialForm(FlaskForm):
    applied_on = DateField(_l("Judicial confirmation applied for on"), validators=[DataRequired()])


class FailForm(FlaskForm):
    routes = SelectMultipleField(
        _l("Routes left to the complainant"),
        choices=_choices(ROUTE_LABELS),
        widget=ListWidget(prefix_label=False),
        option_widget=CheckboxInput(),
        validators=[DataRequired(_l("Choose at least one route."))],
    )
    note = TextAreaField(_l("Explanation"), validators=[Optional(), Length(max=5000), plain_text])


class ExtendForm(FlaskForm):
    reason = StringField(
        _l("Reason for the extension"), validators=[DataRequired(), Length(max=500), plain_text]
    )


class DeadlinesForm(FlaskForm):
    accept_working_days = IntegerField(
        _l("Accept or decline within (working days)"), validators=[DataRequired(), NumberRange(1, 30)]
    )
    conclude_days = IntegerField(
        _l("Conclude within (days of acceptance)"), validators=[DataRequired(), NumberRange(1, 180)]
    )


class PartyForm(FlaskForm):
    phone = StringField(
        _l("Mobile number of the party's account"),
        validators=[DataRequired(), PHONE],
        description=_l(
            "They will see the case's status, the sessions shared with the parties and the agreement."
        ),
    )


class ClosedDayForm(FlaskForm):
    day = DateField(_l("Day the station is closed"), validators=[DataRequired()])
    reason = StringField(_l("Why (e.g. training)"), validators=[Optional(), Length(max=200), plain_text])
