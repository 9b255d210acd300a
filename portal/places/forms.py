"""Roster upload form and the committee's contact form."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField, StringField
from wtforms.validators import Length, Optional, Regexp

from portal import tabular
from portal.forms import plain_text
from portal.places.roster import HEADER, MAX_UNITS


class RosterUploadForm(FlaskForm):
    compound = SelectField(_l("Compound"), coerce=int)
    file = FileField(
        _l("Roster file"),
        description=tabular.upload_hint(MAX_UNITS, len(HEADER)),
        validators=[FileRequired(_l("Choose a CSV or XLSX file."))],
        render_kw={"accept": tabular.ACCEPT},
    )


class CommitteeContactForm(FlaskForm):
    hours = StringField(
        _l("When owners can reach the committee"),
        validators=[Optional(), Length(max=200), plain_text],
        description=_l("For example: Saturdays 9:00–11:00, committee office, ground floor of building 2"),
    )
    phone = StringField(
        _l("Committee phone"),
        validators=[
            Optional(),
            Length(max=20),
            Regexp(r"^[0-9][0-9 \-]*$", message=_l("Digits, spaces and hyphens only.")),
        ],
    )
