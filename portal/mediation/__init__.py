"""Complaints to the street office's mediation station (物业管理投诉调解站): filing, case
handling, mediation, agreements, deadlines, statistics; Open311 lives in `portal.open311`."""

from flask import Blueprint

bp = Blueprint("mediation", __name__, url_prefix="/mediation")

from portal.mediation import audit_actions, notify, panels, routes, todo  # noqa: E402,F401
