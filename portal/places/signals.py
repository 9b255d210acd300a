"""Signals the places capability sends; other capabilities listen instead of reaching in."""

from blinker import Namespace

places_signals = Namespace()

#: Sent by a roster import with `compound` and `unit_ids`: those units now belong to another
#: owner group (a new owner, or back to the developer). Receivers return how many records of
#: theirs they had to reopen, which the import reports.
units_changed_owner = places_signals.signal("units-changed-owner")
