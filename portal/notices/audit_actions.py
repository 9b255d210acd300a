"""The notice board's audit actions: notices published, changed before publication,
corrected, pinned and withdrawn; notices by their titles."""

from __future__ import annotations

from datetime import datetime

from flask_babel import lazy_gettext as _l

from portal.audit import Field, action_group, labels_by, register_action, register_subject
from portal.audit.formats import choice, readable
from portal.formatting import local_time
from portal.notices.models import CATEGORY_LABELS, STATUS_LABELS, Notice

NOTICES = action_group("notices", _l("Notice board"))


def beijing_time(value) -> str:
    """A stored ISO time (UTC) shown in Beijing time."""
    try:
        return local_time(datetime.fromisoformat(value))
    except (TypeError, ValueError):
        return readable(value)


register_subject("Notice", labels_by(Notice, "title"), label=_l("Notice"))

FIELDS = {
    "title": Field(_l("Title")),
    "category": Field(_l("Category"), choice({c.value: label for c, label in CATEGORY_LABELS.items()})),
    "publish_at": Field(_l("Publish at (Beijing time)"), beijing_time),
    "expires_at": Field(_l("Take off the board at (Beijing time)"), beijing_time),
    "owners_only": Field(_l("Owners only")),
    "pinned": Field(_l("Pinned")),
    "text": Field(_l("Correction")),
    "reason": Field(_l("Reason")),
    "status": Field(_l("Status"), choice({s.value: label for s, label in STATUS_LABELS.items()})),
}

register_action(
    "notice_published",
    NOTICES,
    _l("published the notice 《%(title)s》"),
    fields=FIELDS,
    label=_l("Notice put on the board"),
)
register_action(
    "notice_changed",
    NOTICES,
    _l("changed the scheduled notice 《%(title)s》"),
    fields=FIELDS,
    label=_l("Scheduled notice changed"),
)
register_action(
    "notice_amended",
    NOTICES,
    _l("added a correction to the notice 《%(title)s》: %(text)s"),
    fields=FIELDS,
    label=_l("Notice corrected"),
)
register_action(
    "notice_withdrawn",
    NOTICES,
    _l("withdrew the notice 《%(title)s》: %(reason)s"),
    _l("withdrew the notice %(subject)s"),
    fields=FIELDS,
    label=_l("Notice withdrawn"),
)
register_action(
    "notice_pinned", NOTICES, _l("pinned the notice 《%(title)s》"), fields=FIELDS, label=_l("Notice pinned")
)
register_action(
    "notice_unpinned",
    NOTICES,
    _l("unpinned the notice 《%(title)s》"),
    fields=FIELDS,
    label=_l("Notice unpinned"),
)
