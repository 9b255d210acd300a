"""Volunteer service (志愿服务): activities, sign-ups with a waitlist, check-in, service hours
and certificates."""

from flask import Blueprint

bp = Blueprint("volunteering", __name__, url_prefix="/volunteering")

from portal.volunteering import audit_actions, notify, panels, routes, todo  # noqa: E402,F401
