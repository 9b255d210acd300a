"""Roster upload form."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import SelectField


class RosterUploadForm(FlaskForm):
    compound = SelectField(_l("Compound"), coerce=int)
    file = FileField(_l("Roster file (CSV, UTF-8)"), validators=[FileRequired(_l("Choose a CSV file."))])
