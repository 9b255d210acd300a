"""Accounts: register, sign in and out, profile, password; roles and permissions."""

from flask import Blueprint

bp = Blueprint("auth", __name__, url_prefix="/auth")

from portal.auth import audit_actions, routes  # noqa: E402,F401
