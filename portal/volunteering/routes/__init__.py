"""Volunteer service pages, by audience: what residents and the public see, and what the
organisers run (check-in lists, corrections, attendance)."""

from portal.volunteering.routes import manage, public  # noqa: F401
