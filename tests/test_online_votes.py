"""The rounds of guarded upserts that the online votes of meetings and elections share
(portal.online_votes), on their own: the database-level behaviour is tested with each vote
(tests/assembly/test_races.py, tests/elections/test_races.py)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from portal.errors import ConflictError
from portal.online_votes import ATTEMPTS, GuardedUpsert, receipt_guard, rounds


def seen_with(*receipts):
    return {n: SimpleNamespace(receipt=r) for n, r in enumerate(receipts)}


def test_the_receipts_seen_are_padded_to_a_power_of_two():
    assert receipt_guard({}) == (1, {"seen_0": None})
    assert receipt_guard(seen_with("B", "A", "A")) == (2, {"seen_0": "A", "seen_1": "B"})
    size, values = receipt_guard(seen_with("A", "B", "C"))
    assert size == 4 and list(values.values()) == ["A", "B", "C", "C"]


def test_a_round_writes_what_it_can_and_the_next_reads_the_rest_again():
    """Key 2 was written by someone else after it was read: the first round leaves it, the second
    reads it again and writes it, with only the keys still pending."""
    calls = []

    def upsert(keys, seen):
        calls.append(("upsert", list(keys), dict(seen)))
        return {k for k in keys if k != 2} if len(calls) == 1 else set(keys)

    def read_again(keys):
        calls.append(("read", list(keys)))
        return {2: "now"}

    done = list(
        rounds(
            [1, 2, 3], {2: "then", 9: "other"}, read_again=read_again, refuse=lambda s, k: None, upsert=upsert
        )
    )
    assert done == [({2: "then"}, {1, 3}), ({2: "now"}, {2})]
    assert calls == [("upsert", [1, 2, 3], {2: "then"}), ("read", [2]), ("upsert", [2], {2: "now"})]


def test_a_refusal_stops_before_anything_is_written():
    def refuse(seen, keys):
        raise ConflictError("paper")

    with pytest.raises(ConflictError):
        list(rounds([1], {}, read_again=dict, refuse=refuse, upsert=lambda k, s: pytest.fail("written")))


def test_rows_that_keep_changing_are_given_up_after_the_last_round():
    upserts = []

    def upsert(keys, seen):
        upserts.append(keys)
        return set()

    with pytest.raises(ConflictError):
        list(rounds([1], {}, read_again=lambda keys: {}, refuse=lambda s, k: None, upsert=upsert))
    assert len(upserts) == ATTEMPTS


def test_the_upsert_is_built_once_per_shape():
    upsert = GuardedUpsert("t", "a, cast_at", ":a_{n}, :cast_at", "a", "cast_at = excluded.cast_at", "a")
    assert upsert.statement(2, 2) is upsert.statement(2, 2)
    assert str(upsert.statement(2, 2)) == (
        "INSERT INTO t (a, cast_at) VALUES (:a_0, :cast_at), (:a_1, :cast_at) ON CONFLICT (a) DO UPDATE"
        " SET cast_at = excluded.cast_at WHERE t.channel = 'online' AND t.receipt IN (:seen_0, :seen_1)"
        " RETURNING a"
    )
