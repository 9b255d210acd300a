"""The kinds of notification, each with its label and the channels it goes out on by
default. A capability registers its own kinds (`register_kind`) beside its listeners."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Kind:
    """A kind of notification: its code, how the preferences page names it, and whether it
    goes by SMS and by email unless the person chose otherwise."""

    code: str
    label: object
    sms: bool = False
    email: bool = True


KINDS: dict[str, Kind] = {}


def register_kind(code: str, label, *, sms: bool = False, email: bool = True) -> Kind:
    """Declare a kind of notification (once, at import)."""
    kind = KINDS[code] = Kind(code, label, sms, email)
    return kind


def kind_of(code: str) -> Kind:
    """The registered kind; an unknown code is a programming error."""
    try:
        return KINDS[code]
    except KeyError:
        raise ValueError(f"unknown notification kind {code!r}; register it with register_kind") from None


# The kinds of the assembly, registration and the notice board (DESIGN §4). Meeting notices and
# results reach owners by SMS too: elderly owners need to be reached, not expected to look.
register_kind("meeting_announced", _l("A meeting of the owners' assembly is announced"), sms=True)
register_kind("voting_opens", _l("Voting opens"), sms=True)
register_kind("voting_closes_soon", _l("Voting closes in 2 days and you have not voted"), sms=True)
register_kind("preliminary_result", _l("The preliminary result of a meeting"), sms=True)
register_kind("final_announcement", _l("The final announcement of a meeting"), sms=True)
register_kind("claim_decided", _l("Your claim on a unit is verified or rejected"), sms=True)
register_kind("unit_claimed", _l("Someone else claims your unit"), sms=True)
register_kind("objection_answered", _l("Your objection is answered"), sms=False)
register_kind("notice_published", _l("A new notice on your compound's board"), sms=False)
