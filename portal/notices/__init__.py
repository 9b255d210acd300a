"""The notice board (公告栏) of each compound: notices by its committee, its community's staff
and the street office, public or for owners only, scheduled, pinned, printed for the physical
board with a QR code, and an Atom feed. Other capabilities publish through
`portal.notices.services.publish_notice`."""

from flask import Blueprint

bp = Blueprint("notices", __name__, url_prefix="/notices")

from portal.notices import audit_actions, panels, routes, telling  # noqa: E402,F401
