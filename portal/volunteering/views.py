"""What the pages show of activities, computed in a constant number of queries: each
activity's sessions still to come with places left, the next one first; an activity's
sessions as its page shows them to one person."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from portal.columns import utcnow
from portal.volunteering import rules
from portal.volunteering.models import Activity, ActivityStatus, ServiceSession, Signup, SignupStatus
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


def listing(activities: list[Activity], *, now: datetime | None = None) -> list[ActivityView]:
    """Activities with their upcoming sessions and counts, in one more query."""
    now = now or utcnow()
    chosen = {activity.id: [s for s in activity.sessions if s.ends_at > now] for activity in activities}
    counts = activity_counts([s.id for sessions in chosen.values() for s in sessions])
    return [
        ActivityView(activity, [SessionView(s, *counts.get(s.id, (0, 0))) for s in chosen[activity.id]])
        for activity in activities
    ]


@dataclass(frozen=True, slots=True)
class SessionRow:
    """A session as its activity's page shows it to one person: its time and places, whether
    it has ended or still takes sign-ups, and the person's own sign-up if it stands (with its
    place on the waitlist). Read per row by the page, so computed once here."""

    id: int
    starts_at: datetime
    ends_at: datetime
    capacity: int
    places_left: int
    waiting: int
    ended: bool
    open: bool
    signup: Signup | None
    position: int | None


def session_rows(
    activity: Activity, mine: dict[int, Signup], positions: dict[int, int], now: datetime
) -> list[SessionRow]:
    """All the activity's sessions with their counts (one query), the person's sign-ups
    (`mine`, by session) and their waitlist positions (by sign-up). Sign-ups are open while the
    activity stands, until the session's deadline (`rules.signup_closes_at`)."""
    counts = activity_counts([session.id for session in activity.sessions])
    published = activity.status == ActivityStatus.PUBLISHED
    rows = []
    for session in activity.sessions:
        held, waiting = counts.get(session.id, (0, 0))
        signup = mine.get(session.id)
        if signup is not None and signup.status == SignupStatus.CANCELLED:
            signup = None
        closes_at = rules.signup_closes_at(activity.signup_closes_at, session.starts_at)
        rows.append(
            SessionRow(
                session.id,
                session.starts_at,
                session.ends_at,
                session.capacity,
                rules.places_left(session.capacity, held),
                waiting,
                session.ends_at <= now,
                published and rules.is_open(now, closes_at),
                signup,
                None if signup is None else positions.get(signup.id),
            )
        )
    return rows


def offers_sign_up(rows: list[SessionRow]) -> bool:
    """Whether any session offers to sign up: open, and not signed up already."""
    return any(row.open and row.signup is None for row in rows)
