"""The notice board on the compound page: its latest notices."""

from __future__ import annotations

from portal.auth.permissions import can_publish_notices, can_read_owners_notices
from portal.notices import services
from portal.notices.models import CATEGORY_LABELS
from portal.panels import compound_panel


@compound_panel("notices", order=10, template="notices/_panel.html")
def notices_panel(compound, user) -> dict:
    """The three first notices of the board (pinned first) as this visitor may see them."""
    owners = can_read_owners_notices(user, compound)
    return {
        "notices": services.latest(compound, owners_only=owners),
        "category_labels": CATEGORY_LABELS,
        "publishes": can_publish_notices(user, compound),
    }
