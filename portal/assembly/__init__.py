"""The owners' assembly (业主大会): meetings, ballots on every channel, the legal tally."""

from flask import Blueprint

bp = Blueprint("assembly", __name__, url_prefix="/assembly")

from portal.assembly import audit_actions, notices, notify, panels, routes, todo  # noqa: E402,F401
