"""Forms of the public ledger: recording an entry (amount in yuan, parsed exactly) and the
reason of a reversing entry."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, StringField, TextAreaField, ValidationError
from wtforms.fields import DateField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from portal.errors import DomainError
from portal.forms import plain_text
from portal.ledger import rules
from portal.ledger.models import CATEGORY_LABELS, DIRECTION_LABELS
from portal.upload_fields import UploadField


class EntryForm(FlaskForm):
    entry_date = DateField(_l("Date"), validators=[DataRequired()])
    direction = SelectField(
        _l("Income or spending"),
        choices=[SelectChoice(d.value, label) for d, label in DIRECTION_LABELS.items()],
    )
    category = SelectField(
        _l("Category"), choices=[SelectChoice(c.value, label) for c, label in CATEGORY_LABELS.items()]
    )
    amount = StringField(
        _l("Amount (yuan)"),
        validators=[DataRequired(), Length(max=30)],
        description=_l("In yuan, at most two decimals: e.g. 1234.56"),
    )
    counterparty = StringField(_l("Paid by or paid to"), validators=[Optional(), Length(max=200), plain_text])
    note = TextAreaField(_l("Note"), validators=[Optional(), Length(max=500), plain_text])
    voucher = UploadField(_l("Voucher (receipt, invoice: photo or PDF)"))

    def validate_amount(self, field) -> None:
        try:
            self.amount_fen = rules.parse_amount(field.data)
        except DomainError as error:
            raise ValidationError(str(error.message)) from error


class ReverseForm(FlaskForm):
    reason = TextAreaField(
        _l("Reason for the correction"), validators=[DataRequired(), Length(max=500), plain_text]
    )
