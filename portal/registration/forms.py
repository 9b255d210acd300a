"""Claim and review forms."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length

from portal.forms import plain_text
from portal.registration.services import MAX_REASON_LENGTH


class ClaimForm(FlaskForm):
    certificate_no = StringField(
        _l("Property certificate number"),
        validators=[DataRequired(), Length(max=64), plain_text],
        description=_l(
            "As printed on your real estate certificate (不动产权证书) or house ownership certificate."
        ),
    )


class RejectForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason for rejecting"), validators=[DataRequired(), Length(max=MAX_REASON_LENGTH), plain_text]
    )
