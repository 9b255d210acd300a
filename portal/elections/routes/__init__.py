"""Election pages, by audience: what owners and the public see (the list, the ballot, the
committee page), and what the organisers run (settings, nominations, list, paper ballots)."""

from portal.elections.routes import committee, manage, public  # noqa: F401
