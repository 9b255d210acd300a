"""Each person's receipts of votes cast online in capabilities other than the assembly's meetings
(committee elections...), listed on the assembly's "my receipts" page without it importing them.

A capability registers a provider once, at import (from its package `__init__`):

    @receipt_provider("elections")
    def election_receipts(user) -> Iterable[VoteReceipt]: ...

A provider is given the signed-in user and returns their receipts that still stand, in a
constant number of queries.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class VoteReceipt:
    """One online vote as it stands: what was voted on (title, compound, its page), the code and
    the page that checks it, when, the choices in words and the owner groups voted for."""

    title: str
    compound: str
    url: str
    code: str
    receipt_url: str
    cast_at: datetime
    choices: list[str]
    units: str


Provider = Callable[[object], Iterable[VoteReceipt]]
_providers: dict[str, Provider] = {}


def receipt_provider(name: str) -> Callable[[Provider], Provider]:
    """Register a provider of receipts under `name` (registering a name again replaces it)."""

    def register(provider: Provider) -> Provider:
        _providers[name] = provider
        return provider

    return register


def receipts_for(user) -> list[VoteReceipt]:
    """The person's receipts from every provider, newest first."""
    if not getattr(user, "is_authenticated", False):
        return []
    found = [receipt for provider in _providers.values() for receipt in provider(user)]
    return sorted(found, key=lambda receipt: receipt.cast_at, reverse=True)
