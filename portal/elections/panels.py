"""Elections and the committee on the compound page: the committee's current members and the
way to its elections, with the election open for voting (if any) for those who vote."""

from __future__ import annotations

from portal.auth.permissions import can_view_elections
from portal.elections.services import current_term
from portal.panels import compound_panel


@compound_panel("elections", order=25, template="elections/_panel.html")
def elections_panel(compound, user) -> dict:
    """The current term's sitting members, and whether the person may see the elections."""
    term = current_term(compound)
    members = [m for m in term.members if m.left_on is None and m.kind.value == "member"] if term else []
    return {"term": term, "members": members, "elections_visible": can_view_elections(user, compound)}
