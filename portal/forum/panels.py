"""The forum on the compound page: for its readers, the latest topics and the way in."""

from __future__ import annotations

from portal.auth.permissions import can_moderate_forum, can_read_forum
from portal.forum.models import CATEGORY_LABELS
from portal.forum.services import topics_of
from portal.panels import compound_panel


@compound_panel("forum", order=38, template="forum/_panel.html")
def forum_panel(compound, user) -> dict | None:
    """Nothing for those outside the compound; else its three latest topics."""
    if not can_read_forum(user, compound):
        return None
    moderator = can_moderate_forum(user, compound)
    return {"topics": topics_of(compound, user, moderator=moderator, limit=3), "labels": CATEGORY_LABELS}
