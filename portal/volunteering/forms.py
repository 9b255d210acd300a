"""Forms of volunteer service: organising an activity (a first session repeated weekly), the
sign-up (with a minor's declaration), corrections, cancelling, and the check-in code."""

from __future__ import annotations

from datetime import timedelta

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.fields import DateField, DateTimeLocalField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional

from portal.forms import LOCAL_FORMATS, plain_text, to_utc
from portal.volunteering.models import CATEGORY_LABELS
from portal.volunteering.services import MinorDeclaration, SessionDraft

MAX_WEEKS = 26


class ActivityForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200), plain_text])
    category = SelectField(
        _l("Category"), choices=[SelectChoice(c.value, label) for c, label in CATEGORY_LABELS.items()]
    )
    description = TextAreaField(_l("What volunteers will do"), validators=[Optional(), Length(max=5000)])
    place = StringField(_l("Place of the activity"), validators=[DataRequired(), Length(max=200), plain_text])
    contact = StringField(
        _l("Contact"),
        validators=[Optional(), Length(max=100), plain_text],
        description=_l("Who to ask, and how: e.g. 张建国 13900000003"),
    )
    starts_at = DateTimeLocalField(
        _l("First session starts (Beijing time)"), format=LOCAL_FORMATS, validators=[DataRequired()]
    )
    ends_at = DateTimeLocalField(
        _l("First session ends (Beijing time)"), format=LOCAL_FORMATS, validators=[DataRequired()]
    )
    capacity = IntegerField(_l("Places in each session"), validators=[DataRequired(), NumberRange(1, 1000)])
    weeks = IntegerField(
        _l("Number of weekly sessions"),
        default=1,
        validators=[DataRequired(), NumberRange(1, MAX_WEEKS)],
        description=_l("1 for a single session; 8 for the same time every week for eight weeks."),
    )
    signup_closes_at = DateTimeLocalField(
        _l("Sign-ups close (Beijing time)"),
        format=LOCAL_FORMATS,
        validators=[Optional()],
        description=_l("Leave empty to take sign-ups for each session until it starts."),
    )
    cancel_closes_at = DateTimeLocalField(
        _l("Cancellations close (Beijing time)"),
        format=LOCAL_FORMATS,
        validators=[Optional()],
        description=_l("Leave empty to let volunteers cancel each session until it starts."),
    )
    min_age = IntegerField(
        _l("Minimum age"),
        default=0,
        validators=[Optional(), NumberRange(0, 18)],
        description=_l("0 for none."),
    )
    guardian_consent_required = BooleanField(_l("Minors need their guardian's consent"), default=True)

    def sessions(self) -> list[SessionDraft]:
        """The first session and its weekly repetitions, in UTC."""
        starts, ends = to_utc(self.starts_at.data), to_utc(self.ends_at.data)
        week = timedelta(weeks=1)
        return [
            SessionDraft(starts + n * week, ends + n * week, self.capacity.data)
            for n in range(self.weeks.data)
        ]

    def deadlines(self, sessions: list[SessionDraft]) -> tuple:
        """The sign-up and cancellation deadlines in UTC (the last session's start if empty)."""
        last = max(s.starts_at for s in sessions)
        signup = to_utc(self.signup_closes_at.data) if self.signup_closes_at.data else last
        cancel = to_utc(self.cancel_closes_at.data) if self.cancel_closes_at.data else last
        return signup, cancel


class SignupForm(FlaskForm):
    under_18 = BooleanField(_l("I am under 18"))
    birth_date = DateField(_l("Date of birth"), validators=[Optional()])
    guardian_name = StringField(_l("Guardian's name"), validators=[Optional(), Length(max=50), plain_text])
    guardian_phone = StringField(
        _l("Guardian's mobile number"), validators=[Optional(), Length(max=20), plain_text]
    )
    guardian_consent = BooleanField(_l("My guardian agrees to my taking part"))

    def validate(self, extra_validators=None) -> bool:
        """A minor gives the date of birth (the service checks the rest)."""
        valid = super().validate(extra_validators)
        if valid and self.under_18.data and not self.birth_date.data:
            self.birth_date.errors = [*self.birth_date.errors, _l("Give your date of birth.")]
            return False
        return valid

    def minor(self) -> MinorDeclaration | None:
        """The minor's declaration, or None for an adult."""
        if not self.under_18.data:
            return None
        return MinorDeclaration(
            self.birth_date.data,
            self.guardian_name.data or "",
            self.guardian_phone.data or "",
            bool(self.guardian_consent.data),
        )


class CorrectionForm(FlaskForm):
    checked_in_at = DateTimeLocalField(
        _l("Checked in (Beijing time)"), format=LOCAL_FORMATS, validators=[DataRequired()]
    )
    checked_out_at = DateTimeLocalField(
        _l("Checked out (Beijing time)"), format=LOCAL_FORMATS, validators=[DataRequired()]
    )
    reason = TextAreaField(_l("Reason for the correction"), validators=[DataRequired(), Length(max=500)])


class CancelActivityForm(FlaskForm):
    reason = TextAreaField(_l("Reason for cancelling"), validators=[DataRequired(), Length(max=500)])


class CodeForm(FlaskForm):
    code = StringField(
        _l("Volunteer's code"),
        validators=[DataRequired(), Length(max=8)],
        description=_l("The 6 digits on the volunteer's phone."),
    )


class VerifyForm(FlaskForm):
    class Meta:
        csrf = False

    code = StringField(_l("Verification code"), validators=[DataRequired(), Length(max=20)])
