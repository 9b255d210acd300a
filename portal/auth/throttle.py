"""Counting sign-in attempts, for the sign-in form and the API's token endpoint alike.

Three counts, each a fixed window (configurable, see README):
- per client address (`LOGIN_LIMIT_PER_ADDRESS`): one address spraying many accounts;
- per account and address (`LOGIN_LIMIT_PER_ACCOUNT_ADDRESS`): one guesser on one account;
- per account (`LOGIN_LIMIT_PER_ACCOUNT`), far higher, so that a stranger guessing from one
  address never locks the owner out; should many addresses together reach it, the owner still
  gets in through a password reset, which clears it.

An attempt is counted before its password is checked, so that parallel guesses cannot slip
past a limit; a successful one is then given back. The counts live in their own storage at
`RATELIMIT_STORAGE_URI`, so they work when Flask-Limiter is switched off (`RATELIMIT_ENABLED`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from flask import current_app, request
from limits import parse
from limits.storage import storage_from_string
from limits.strategies import FixedWindowRateLimiter
from werkzeug.exceptions import TooManyRequests

ADDRESS, ACCOUNT_ADDRESS, ACCOUNT = "signin-address", "signin-account-address", "signin-account"
SETTINGS = {
    ADDRESS: "LOGIN_LIMIT_PER_ADDRESS",
    ACCOUNT_ADDRESS: "LOGIN_LIMIT_PER_ACCOUNT_ADDRESS",
    ACCOUNT: "LOGIN_LIMIT_PER_ACCOUNT",
}


@dataclass(frozen=True)
class Attempt:
    """Whether an attempt may go on; if not, until when (UTC) the sign-in is locked."""

    allowed: bool
    locked_until: datetime | None = None


class SignInPaused(TooManyRequests):
    """Too many failed sign-ins: answered 429 with the time sign-in opens again."""

    def __init__(self, until: datetime):
        seconds = max(1, int((until - datetime.now(UTC)).total_seconds()) + 1)
        super().__init__(retry_after=seconds)
        self.until = until


def _strategy() -> FixedWindowRateLimiter:
    strategy = current_app.extensions.get("portal_throttle")
    if strategy is None:
        storage = storage_from_string(current_app.config["RATELIMIT_STORAGE_URI"])
        strategy = current_app.extensions["portal_throttle"] = FixedWindowRateLimiter(storage)
    return strategy


def address() -> str:
    """The client's address (behind TRUSTED_PROXIES, the one they forwarded)."""
    return request.remote_addr or ""


def spend(setting: str, name: str, *identifiers: str) -> None:
    """Count one use of a limited action (e.g. asking for a reset code); 429 when spent."""
    strategy, limit = _strategy(), parse(current_app.config[setting])
    if not strategy.hit(limit, name, *identifiers):
        reset_time = strategy.get_window_stats(limit, name, *identifiers).reset_time
        raise TooManyRequests(retry_after=max(1, int(reset_time - datetime.now(UTC).timestamp()) + 1))


def _counts(phone: str):
    """(limit, identifiers) of the three counts for this phone number and address."""
    address_ = address()
    identifiers = {ADDRESS: (address_,), ACCOUNT_ADDRESS: (phone, address_), ACCOUNT: (phone,)}
    return [(parse(current_app.config[SETTINGS[name]]), (name, *ids)) for name, ids in identifiers.items()]


def begin_attempt(phone: str) -> Attempt:
    """Count a sign-in attempt before its password is checked; refused (and not counted, so
    that a locked guesser does not use up the owner's own count) when any count is spent."""
    strategy, counts = _strategy(), _counts(phone)
    spent = [(limit, ids) for limit, ids in counts if not strategy.test(limit, *ids)]
    if not spent:
        spent = [(limit, ids) for limit, ids in counts if not strategy.hit(limit, *ids)]
    if not spent:
        return Attempt(True)
    reset = max(strategy.get_window_stats(limit, *ids).reset_time for limit, ids in spent)
    return Attempt(False, datetime.fromtimestamp(reset, UTC))


def attempts_left(phone: str) -> int:
    """How many more failed attempts this address has on this account before a lock."""
    strategy = _strategy()
    return min(strategy.get_window_stats(limit, *ids).remaining for limit, ids in _counts(phone))


def succeeded(phone: str) -> None:
    """A right password: the address's failures on the account are forgiven, and the attempt
    is given back to the address's and the account's counts."""
    strategy = _strategy()
    for limit, ids in _counts(phone):
        if ids[0] == ACCOUNT_ADDRESS:
            strategy.clear(limit, *ids)
        else:
            _give_back(strategy, limit, ids)


def forgive_account(phone: str) -> None:
    """The owner proved who they are (a password reset): the account's lock is lifted."""
    strategy = _strategy()
    for limit, ids in _counts(phone):
        if ids[0] != ADDRESS:
            strategy.clear(limit, *ids)


def _give_back(strategy: FixedWindowRateLimiter, limit, ids) -> None:
    key = limit.key_for(*ids)
    if strategy.storage.get(key) > 0:
        strategy.storage.incr(key, limit.get_expiry(), amount=-1)


def reset() -> None:
    """Forget every count (tests)."""
    _strategy().storage.reset()
