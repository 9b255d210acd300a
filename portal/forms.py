"""Form pieces shared by every capability."""

import re
from datetime import UTC, datetime

from flask import render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.validators import ValidationError

from portal.calendar.rules import BEIJING
from portal.errors import ConflictError

#: How the browser sends a datetime-local value (the first is also how it is shown).
LOCAL_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


def to_utc(local: datetime | None) -> datetime | None:
    """A date and time entered in Beijing time (a form's datetime-local value), as UTC."""
    return local.replace(tzinfo=BEIJING).astimezone(UTC) if local else None


def to_local(moment: datetime | None) -> datetime | None:
    """A stored UTC time as a form shows it (Beijing time, without a zone)."""
    return moment.astimezone(BEIJING).replace(tzinfo=None) if moment else None


#: Angle brackets and control characters (other than newlines and tabs) never belong in names,
#: numbers or reasons; refusing them keeps markup out of the data from the start.
FORBIDDEN_CHARACTERS = re.compile(r"[<>\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def plain_text(form, field):
    """Refuse markup and control characters in a text field."""
    if field.data and FORBIDDEN_CHARACTERS.search(field.data):
        raise ValidationError(_l("Please do not use the characters < and > or control characters here."))


def portal_path(form, field):
    """Refuse a link that does not stay inside the portal (see `portal.links.is_portal_path`)."""
    from portal.links import is_portal_path

    if field.data and not is_portal_path(field.data.strip()):
        raise ValidationError(
            _l("Give the address of a page in the portal, starting with /, e.g. /notices/12.")
        )


class EmptyForm(FlaskForm):
    """A form with only the CSRF token, for POST buttons."""


def render_form(template: str, form: FlaskForm, **context):
    """Render a page with a form: 422 when the submitted form was refused (409 when it
    collided with something already recorded), so that clients and tests can tell a refusal
    from a first display."""
    refused = bool(form.errors or getattr(form, "form_errors", None))
    status = 409 if isinstance(getattr(form, "refusal", None), ConflictError) else 422
    return render_template(template, form=form, **context), status if refused else 200


def page_number() -> int:
    """The `page` query argument, kept within sensible bounds."""
    return min(max(request.args.get("page", 1, type=int), 1), 100_000)
