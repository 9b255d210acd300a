"""Account forms."""

from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from portal.auth.services import MIN_PASSWORD_LENGTH, is_valid_phone, normalize_phone, password_problem
from portal.forms import plain_text


class PhoneField(StringField):
    """A mobile number, normalised (spaces, dashes, +86 removed)."""

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        self.data = normalize_phone(self.data or "")


def mainland_phone(form, field):
    if not is_valid_phone(field.data or ""):
        raise ValidationError(_l("Enter an 11-digit mainland mobile number."))


def strong_password(form, field):
    """Refuse easily guessed passwords (auth.services.password_problem), judged with the phone
    number and name typed on the same form, or the signed-in person's."""
    phone = form.phone.data if hasattr(form, "phone") else getattr(current_user, "phone", "")
    name = form.name.data if hasattr(form, "name") else getattr(current_user, "name", "")
    problem = password_problem(field.data or "", phone or "", name or "")
    if problem:
        raise ValidationError(problem)


PASSWORD_HINT = _l(
    "At least %(n)d characters and hard to guess, for example three unrelated words and a number.",
    n=MIN_PASSWORD_LENGTH,
)


class RegisterForm(FlaskForm):
    phone = PhoneField(_l("Mobile number"), validators=[DataRequired(), mainland_phone])
    name = StringField(_l("Real name"), validators=[DataRequired(), Length(max=50), plain_text])
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(), Length(max=128), strong_password],
        description=PASSWORD_HINT,
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords do not match."))],
    )


class LoginForm(FlaskForm):
    phone = PhoneField(_l("Mobile number"), validators=[DataRequired(), Length(max=20)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=128)])
    remember = BooleanField(_l("Keep me signed in on this device"))


class ProfileForm(FlaskForm):
    name = StringField(_l("Real name"), validators=[DataRequired(), Length(max=50), plain_text])


class PasswordForm(FlaskForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired(), Length(max=128)])
    password = PasswordField(
        _l("New password"),
        validators=[DataRequired(), Length(max=128), strong_password],
        description=PASSWORD_HINT,
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords do not match."))],
    )


class ResetRequestForm(FlaskForm):
    phone = PhoneField(_l("Mobile number"), validators=[DataRequired(), mainland_phone])


class ResetForm(FlaskForm):
    phone = PhoneField(_l("Mobile number"), validators=[DataRequired(), mainland_phone])
    code = StringField(
        _l("Reset code"),
        validators=[DataRequired(), Length(max=20)],
        description=_l("The 6 digits sent by SMS, or the 8 digits you were given in person."),
    )
    password = PasswordField(
        _l("New password"),
        validators=[DataRequired(), Length(max=128), strong_password],
        description=PASSWORD_HINT,
    )
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords do not match."))],
    )


class ResetCodeForm(FlaskForm):
    phone = PhoneField(_l("Mobile number of the owner"), validators=[DataRequired(), mainland_phone])
