"""What the pages show of activities, computed in a constant number of queries: each
activity's sessions still to come with places left, the next one first."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from portal.columns import utcnow
from portal.volunteering import rules
from portal.volunteering.models import Activity, ServiceSession
from portal.volunteering.services import activity_counts


@dataclass(frozen=True)
class SessionView:
    """A session with its counts: places held, places left, waitlist length."""

    session: ServiceSession
    held: int
    waiting: int

    @property
    def places_left(self) -> int:
        return rules.places_left(self.session.capacity, self.held)


@dataclass(frozen=True)
class ActivityView:
    activity: Activity
    sessions: list[SessionView]

    @property
    def next_session(self) -> SessionView | None:
        return self.sessions[0] if self.sessions else None


def listing(
    activities: list[Activity], *, now: datetime | None = None, upcoming_only: bool = True
) -> list[ActivityView]:
    """Activities with their (upcoming) sessions and counts, in one more query."""
    now = now or utcnow()
    chosen = {
        activity.id: [s for s in activity.sessions if not upcoming_only or s.ends_at > now]
        for activity in activities
    }
    counts = activity_counts([s.id for sessions in chosen.values() for s in sessions])
    return [
        ActivityView(activity, [SessionView(s, *counts.get(s.id, (0, 0))) for s in chosen[activity.id]])
        for activity in activities
    ]
