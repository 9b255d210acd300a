"""Roster upload form."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField

from portal import tabular
from portal.places.roster import HEADER, MAX_UNITS


class RosterUploadForm(FlaskForm):
    compound = SelectField(_l("Compound"), coerce=int)
    file = FileField(
        _l("Roster file"),
        description=tabular.upload_hint(MAX_UNITS, len(HEADER)),
        validators=[FileRequired(_l("Choose a CSV or XLSX file."))],
        render_kw={"accept": tabular.ACCEPT},
    )
