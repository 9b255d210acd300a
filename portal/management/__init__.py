"""Management and fees (物业管理与收费): a compound's management mode with its history, the service
contract (perhaps covering several compounds: 连片管理) and the fee schedule."""

from flask import Blueprint

bp = Blueprint("management", __name__, url_prefix="/management")

from portal.management import audit_actions, panels, routes  # noqa: E402,F401
