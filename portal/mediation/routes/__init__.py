"""Pages of the mediation station: the complainant's (public) and the station's (manage)."""

from portal.mediation.routes import manage, public  # noqa: F401
