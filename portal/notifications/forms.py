"""The notification settings form: an email address and two channels per kind."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField
from wtforms.validators import Length, Optional

from portal.notifications.kinds import KINDS


def settings_form(choices: dict[str, tuple[bool, bool]] | None = None) -> FlaskForm:
    """A form with the email address and, for each kind, "by email" and "by SMS" boxes
    (filled from `choices` when the page is first shown)."""

    class SettingsForm(FlaskForm):
        email = EmailField(
            _l("Email address (optional)"),
            validators=[Optional(), Length(max=254)],
            description=_l("Text messages go to your account's mobile number."),
        )

        def kinds(self):
            return [(KINDS[code], self[f"email_{code}"], self[f"sms_{code}"]) for code in KINDS]

        def choices(self) -> dict[str, tuple[bool, bool]]:
            return {code: (self[f"email_{code}"].data, self[f"sms_{code}"].data) for code in KINDS}

    for code in KINDS:
        by_email, by_sms = (choices or {}).get(code, (False, False))
        setattr(SettingsForm, f"email_{code}", BooleanField(_l("By email"), default=by_email))
        setattr(SettingsForm, f"sms_{code}", BooleanField(_l("By SMS"), default=by_sms))
    return SettingsForm()
