"""The residents' forum (议事厅): a compound's residents post topics and replies with photos,
support topics, report posts; the committee and staff moderate; the committee takes topics up."""

from flask import Blueprint

bp = Blueprint("forum", __name__, url_prefix="/forum")

from portal.forum import audit_actions, panels, routes, todo  # noqa: E402,F401
