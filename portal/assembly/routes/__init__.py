"""Assembly pages, by audience: what owners and the public see, and what the committee runs."""

from portal.assembly.routes import manage, public  # noqa: F401
