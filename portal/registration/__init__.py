"""Owner registration (业主登记): claims on units and their verification."""

from flask import Blueprint

bp = Blueprint("registration", __name__, url_prefix="/registration")

from portal.registration import audit_actions, facts, notify, routes, todo  # noqa: E402,F401
