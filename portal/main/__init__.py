"""The home page and the visitor's display preferences (language, text size)."""

from flask import Blueprint

bp = Blueprint("main", __name__)

from portal.main import routes  # noqa: E402,F401
