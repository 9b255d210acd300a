"""Readable names of the assembly's matters, choices, channels and meeting states
(`STATUS_LABELS` live with the meeting's workflow in models)."""

from flask_babel import lazy_gettext as _l

from portal.assembly.models import STATUS_LABELS, BallotChannel, BallotChoice  # noqa: F401
from portal.assembly.rules import Matter

MATTER_LABELS = {
    Matter.RULES_OF_PROCEDURE: _l("Rules of procedure of the owners' assembly"),
    Matter.COVENANT: _l("Management covenant"),
    Matter.COMMITTEE: _l("Elect or replace the owners' committee"),
    Matter.PROPERTY_COMPANY: _l("Hire or dismiss the property company"),
    Matter.FUND_USE: _l("Use the maintenance fund"),
    Matter.FUND_RAISE: _l("Raise the maintenance fund"),
    Matter.REBUILD: _l("Rebuild or reconstruct buildings"),
    Matter.COMMON_PARTS: _l("Change the use of common parts or run a business on them"),
    Matter.OTHER_MAJOR: _l("Other major matters"),
}
CHANNEL_LABELS = {
    BallotChannel.ONLINE: _l("online"),
    BallotChannel.PAPER: _l("on paper"),
    BallotChannel.PROXY: _l("by proxy"),
}
CHOICE_LABELS = {
    BallotChoice.AGREE: _l("Agree"),
    BallotChoice.OPPOSE: _l("Oppose"),
    BallotChoice.ABSTAIN: _l("Abstain"),
    BallotChoice.BLANK: _l("Blank"),
    BallotChoice.INVALID: _l("Invalid ballot"),
}
