"""Role grant form."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired

from portal.auth.forms import PhoneField, mainland_phone
from portal.auth.models import Role

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
