"""The working-day calendar's audit actions: an office closes a day, or takes it back."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from portal.audit import Field, action_group, register_action, register_subject

CALENDAR = action_group("calendar", _l("Working days"))

register_subject("ClosedDay", label=_l("Closed day"))

FIELDS = {
    "day": Field(_l("Day")),
    "reason": Field(_l("Reason")),
    "street_office_id": Field(_l("Street office"), refers_to="StreetOffice"),
}

register_action(
    "office_day_closed",
    CALENDAR,
    _l("closed %(street_office_id)s on %(day)s: %(reason)s"),
    _l("closed %(street_office_id)s on %(day)s"),
    fields=FIELDS,
    label=_l("Office closed for a day"),
)
register_action(
    "office_day_reopened",
    CALENDAR,
    _l("opened %(street_office_id)s again on %(day)s"),
    fields=FIELDS,
    label=_l("Closed day taken back"),
)
