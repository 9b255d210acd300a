"""The role grant form and the audit page's filters."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from portal.auth.forms import PhoneField, mainland_phone
from portal.auth.models import Role
from portal.forms import plain_text

ROLE_LABELS = {
    Role.COMMITTEE: _l("Owners' committee member"),
    Role.COMMUNITY_STAFF: _l("Community staff"),
    Role.MEDIATOR: _l("Mediator"),
    Role.ADMIN: _l("Administrator"),
}


class GrantForm(FlaskForm):
    phone = PhoneField(_l("Mobile number of the account"), validators=[DataRequired(), mainland_phone])
    role = SelectField(
        _l("Role"), choices=[SelectChoice(role.value, label) for role, label in ROLE_LABELS.items()]
    )
    scope = SelectField(
        _l("Place"),
        description=_l(
            "Committee members need a compound, community staff a community, mediators a street"
            " office. Leave it empty for administrators."
        ),
    )


class DeactivateForm(FlaskForm):
    """An administrator closes an account by its mobile number."""

    phone = PhoneField(_l("Mobile number of the account"), validators=[DataRequired(), mainland_phone])


def _strip(value):
    return value.strip() if isinstance(value, str) else value


def _sensible_date(form, field):
    """Dates outside 2000–2099 are typing mistakes (and would not convert to UTC at the ends)."""
    if field.data is not None and not 2000 <= field.data.year <= 2099:
        raise ValidationError(_l("Enter a date between 2000 and 2099."))


class AuditFilterForm(FlaskForm):
    """The audit page's filters, read from the query string; they combine."""

    class Meta:
        csrf = False

    action = SelectField(_l("Kind of change"), default="")
    # A district has a few hundred compounds: one is found by part of its name, not from a list
    # of all; `compound` (an id) narrows to one from a link.
    compound_name = StringField(
        _l("Compound (part of its name)"),
        validators=[Optional(), Length(max=50), plain_text],
        filters=[_strip],
    )
    compound = IntegerField(validators=[Optional(), NumberRange(min=1, max=2**31 - 1)])
    # Newest first, a page at a time: records older than `before`, or newer than `after`.
    before = IntegerField(validators=[Optional(), NumberRange(min=1, max=2**63 - 1)])
    after = IntegerField(validators=[Optional(), NumberRange(min=0, max=2**63 - 1)])
    person = StringField(
        _l("Who (mobile number or name)"),
        validators=[Optional(), Length(max=50), plain_text],
        filters=[_strip],
    )
    date_from = DateField(_l("From (Beijing date)"), validators=[Optional(), _sensible_date])
    date_to = DateField(_l("To (Beijing date)"), validators=[Optional(), _sensible_date])

    def validate_date_to(self, field):
        if field.data and self.date_from.data and field.data < self.date_from.data:
            raise ValidationError(_l("The last day is before the first day."))
