"""Forms of management and fees: a new fee schedule, a service contract, a change of mode."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField, StringField, TextAreaField, ValidationError
from wtforms.fields import DateField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from portal.errors import DomainError
from portal.forms import plain_text, portal_path
from portal.ledger.rules import parse_amount
from portal.management.models import FEE_BASIS_LABELS
from portal.management.services import MODE_LABELS

DECIDED_BY_HINT = _l("The meeting item or committee decision, e.g. 2021年第一次业主大会 第3项")


def fee_fen(text: str) -> int:
    """A fee in yuan as integer fen; zero is allowed (e.g. free parking)."""
    if (text or "").strip() in {"0", "0.0", "0.00"}:
        return 0
    try:
        return parse_amount(text)
    except DomainError as error:
        raise ValidationError(str(error.message)) from error


class FeeForm(FlaskForm):
    effective_from = DateField(_l("Takes effect on"), validators=[DataRequired()])
    property_fee = StringField(
        _l("Property fee (yuan)"),
        validators=[DataRequired(), Length(max=20)],
        description=_l("e.g. 50 or 0.85"),
    )
    basis = SelectField(
        _l("Charged"), choices=[SelectChoice(b.value, label) for b, label in FEE_BASIS_LABELS.items()]
    )
    parking_fee = StringField(
        _l("Parking fee per space a month (yuan)"), validators=[DataRequired(), Length(max=20)]
    )
    decided_by = StringField(
        _l("Decided by"),
        validators=[DataRequired(), Length(max=300), plain_text],
        description=DECIDED_BY_HINT,
    )

    decision_url = StringField(
        _l("Page of the decision in the portal (optional)"),
        validators=[Optional(), Length(max=300), portal_path],
        description=_l("e.g. /assembly/meetings/3 or /notices/12"),
    )

    def validate_property_fee(self, field) -> None:
        self.property_fee_fen = fee_fen(field.data)

    def validate_parking_fee(self, field) -> None:
        self.parking_fee_fen = fee_fen(field.data)


class ContractForm(FlaskForm):
    provider = StringField(
        _l("Property company or service centre"), validators=[DataRequired(), Length(max=200), plain_text]
    )
    starts_on = DateField(_l("Contract starts"), validators=[DataRequired()])
    ends_on = DateField(_l("Contract ends"), validators=[Optional()])
    service_standard = TextAreaField(
        _l("Service standard"),
        validators=[Optional(), Length(max=5000)],
        description=_l("What the provider does and how often: cleaning, security, greening, repairs."),
    )
    decided_by = StringField(
        _l("Decided by"), validators=[Optional(), Length(max=300), plain_text], description=DECIDED_BY_HINT
    )
    also = SelectMultipleField(
        _l("Other compounds under the same contract (连片管理)"), coerce=int, validate_choice=True
    )


class ModeForm(FlaskForm):
    mode = SelectField(
        _l("Management mode"), choices=[SelectChoice(m.value, label) for m, label in MODE_LABELS.items()]
    )
    provider = StringField(_l("Managed by"), validators=[Optional(), Length(max=200), plain_text])
    started_on = DateField(_l("From"), validators=[DataRequired()])
    note = StringField(_l("Note"), validators=[Optional(), Length(max=500), plain_text])
