"""Forms of the notice board: writing a notice, correcting it, withdrawing it."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.fields import DateTimeLocalField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from portal.forms import LOCAL_FORMATS, plain_text, to_local, to_utc  # noqa: F401  (to_local: routes)
from portal.notices.models import CATEGORY_LABELS
from portal.notices.services import MAX_AMENDMENT, MAX_BODY, MAX_DOCUMENTS, MAX_REASON, MAX_TITLE
from portal.upload_fields import UploadsField


class NoticeForm(FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=MAX_TITLE), plain_text])
    category = SelectField(
        _l("Category"), choices=[SelectChoice(c.value, label) for c, label in CATEGORY_LABELS.items()]
    )
    body = TextAreaField(
        _l("Text"),
        validators=[Optional(), Length(max=MAX_BODY)],
        render_kw={"rows": 10},
        description=_l(
            "Simple formatting: **bold**, a line starting with - for a list, [text](https://...) for a link."
        ),
    )
    publish_at = DateTimeLocalField(
        _l("Publish at (Beijing time)"),
        format=LOCAL_FORMATS,
        validators=[Optional()],
        description=_l("Leave empty to publish now. Until then only those who publish notices see it."),
    )
    expires_at = DateTimeLocalField(
        _l("Take off the board at (Beijing time)"),
        format=LOCAL_FORMATS,
        validators=[Optional()],
        description=_l(
            "Leave empty to keep it on the board. An expired notice can still be opened by its link."
        ),
    )
    owners_only = BooleanField(_l("For the compound's owners only"))
    pinned = BooleanField(_l("Pin to the top of the board"))

    documents = UploadsField(
        _l("Documents or photos (up to 6)"),
        most=MAX_DOCUMENTS,
        description=_l("Photos lose their location data before anyone else sees them."),
    )

    def values(self) -> dict:
        return {
            "documents": self.documents.files(),
            "title": self.title.data,
            "body": self.body.data or "",
            "category": self.category.data,
            "owners_only": self.owners_only.data,
            "pinned": self.pinned.data,
            "publish_at": to_utc(self.publish_at.data),
            "expires_at": to_utc(self.expires_at.data),
        }


class AmendForm(FlaskForm):
    text = TextAreaField(
        _l("Correction"),
        validators=[DataRequired(), Length(max=MAX_AMENDMENT), plain_text],
        render_kw={"rows": 3},
    )


class WithdrawForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason for withdrawing"),
        validators=[DataRequired(), Length(max=MAX_REASON), plain_text],
        render_kw={"rows": 2},
    )
