"""Telling volunteers what happened to their sign-ups: promoted from the waitlist, or their
activity cancelled.

This is the seam for the shared notifications (`portal.notifications.notify`), which are not
on main yet: these functions are called at the right moments, in the same transaction, and
will call `notify(...)` (with kinds registered here) once it lands. Until then they record
nothing; the volunteer sees the change on "My volunteering".
"""

from __future__ import annotations

from collections.abc import Iterable

from portal.volunteering.models import Activity, Signup


def tell_promoted(signup: Signup) -> None:
    """Tell a volunteer that a place freed and they are now confirmed (kind
    `volunteer_promoted`, by SMS too: the session may be soon)."""


def tell_activity_cancelled(activity: Activity, user_ids: Iterable[int]) -> None:
    """Tell the volunteers of an activity's sessions still to come that it is cancelled."""
