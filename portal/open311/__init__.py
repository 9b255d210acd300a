"""Open311 GeoReport v2 (/open311/v2/, with its service discovery at /open311/discovery) for the
mediation station, so that city 12345 hotline systems and Open311 clients can file and follow
complaints. A thin adapter: the same services and rules as the mediation pages."""

from flask import Blueprint

bp = Blueprint("open311", __name__, url_prefix="/open311")

from portal.open311 import routes  # noqa: E402,F401
