"""Signals of notifications.

`tell`: another way to call `notify` without importing it:
    tell.send("assembly", users=[...], kind="...", title=_l(...), url="/...", subject=("meeting", 3))

`due`: sent by the delivery command before each round (and by `flask notifications scan`),
with `now`. Capabilities connect here the things that follow from the clock rather than from a
request ("voting opens", "voting closes in two days", a result to publish once the vote has
closed); receivers must be idempotent, since the round repeats every few seconds.
"""

from blinker import Namespace

notification_signals = Namespace()

tell = notification_signals.signal("tell")
due = notification_signals.signal("due")
