"""Accounts: registration, sign-in, sessions, passwords and resets, role grants."""

from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/auth")

from portal.auth import audit_actions, reset_routes, routes  # noqa: E402,F401
