"""Owners' committee elections (业委会选举) and the committee's term."""

from flask import Blueprint

bp = Blueprint("elections", __name__, url_prefix="/elections")

from portal.elections import (  # noqa: E402,F401
    audit_actions,
    notices,
    panels,
    receipts,
    routes,
    todo,
)
