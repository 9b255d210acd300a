"""Places: street offices, communities, compounds, buildings, units and the roster."""

from flask import Blueprint

bp = Blueprint("places", __name__, url_prefix="/places")

from portal.places import audit_actions, routes  # noqa: E402,F401
