"""Forms of the forum: a topic (with photos), a reply, an edit, a report, hiding, a review
request and "taken up"."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from portal.forms import plain_text, portal_path
from portal.forum.models import CATEGORY_LABELS
from portal.upload_fields import UploadsField
from portal.uploads import IMAGES


class TopicForm(FlaskForm):
    category = SelectField(
        _l("Category"), choices=[SelectChoice(c.value, label) for c, label in CATEGORY_LABELS.items()]
    )
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=100), plain_text])
    body = TextAreaField(
        _l("What you want to say"), validators=[DataRequired(), Length(max=5000), plain_text]
    )
    photos = UploadsField(_l("Photos"), kinds=IMAGES)


class ReplyForm(FlaskForm):
    body = TextAreaField(_l("Your reply"), validators=[DataRequired(), Length(max=5000), plain_text])
    photos = UploadsField(_l("Photos"), kinds=IMAGES)


class EditForm(FlaskForm):
    title = StringField(_l("Title"), validators=[Optional(), Length(max=100), plain_text])
    body = TextAreaField(_l("Text"), validators=[DataRequired(), Length(max=5000), plain_text])


class ReasonForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=500), plain_text])


class TakeUpForm(FlaskForm):
    link = StringField(
        _l("Address of the meeting item, decision or notice"),
        validators=[DataRequired(), Length(max=300), portal_path],
        description=_l("Copy the address of the page in the portal, e.g. /notices/12"),
    )
    note = StringField(_l("Note"), validators=[Optional(), Length(max=300), plain_text])
