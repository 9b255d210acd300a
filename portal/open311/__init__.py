"""Open311 GeoReport v2 (/open311/v2/) for the mediation station, so that city 12345 hotline
systems and Open311 clients can file and follow complaints. A thin adapter: the same services
and rules as the mediation pages."""

from flask import Blueprint

bp = Blueprint("open311", __name__, url_prefix="/open311/v2")

from portal.open311 import routes  # noqa: E402,F401
