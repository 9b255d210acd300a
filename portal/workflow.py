"""The one way a record changes state (the workflow).

A capability declares its states and transitions once, on the model:

    class Complaint(Stateful, db.Model):
        status = mapped_column(enum_column(ComplaintStatus))
        workflow = Workflow("complaint", ComplaintStatus, labels=STATUS_LABELS, transitions=[
            Transition("accept", {ComplaintStatus.SUBMITTED}, ComplaintStatus.ACCEPTED,
                       "complaint_accepted", _l("Only a submitted complaint can be accepted.")),
        ])

and then asks it: `complaint.can("accept")` (templates and permission rules do the same, so no
page restates the state machine), `Complaint.workflow.move(complaint, "accept", actor=user)`.

A move is a conditional UPDATE (`... WHERE id = :id AND <state is one of the sources>`): when
another request changed the record first, the move is refused with a message naming the state
the record is now in, instead of silently overwriting it. Each move writes its audit record and
sends the `transitioned` signal, which other capabilities (notifications, notices) listen to.

Writes that depend on a state without changing it (editing a draft, attaching a document,
answering an objection) take the record's row lock first with `hold`, so that a concurrent move
waits for them, or they for it, and then see its outcome.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from blinker import Namespace
from flask_babel import lazy_gettext as _l
from sqlalchemy import ColumnElement, update

from portal import audit
from portal.columns import utcnow
from portal.errors import DomainError
from portal.extensions import db
from portal.translation import as_text

workflow_signals = Namespace()

#: Sent after every move, with the workflow's name as sender and `record`, `transition`,
#: `actor` and `now`: other capabilities react here (notices, notifications), in the same
#: transaction as the move, so nothing is told that did not happen.
transitioned = workflow_signals.signal("transitioned")


class TransitionRefused(DomainError):
    """The record is not (or no longer) in a state the action may start from."""


@dataclass(frozen=True)
class Transition:
    """A named move from any of `sources` to `target`, audited as `action`; `refusal` says
    in the user's words when it is allowed."""

    name: str
    sources: frozenset
    target: enum.Enum
    action: str
    refusal: Any

    def __init__(self, name, sources: Iterable, target, action: str, refusal) -> None:
        object.__setattr__(self, "name", name)
        object.__setattr__(self, "sources", frozenset(sources))
        object.__setattr__(self, "target", target)
        object.__setattr__(self, "action", action)
        object.__setattr__(self, "refusal", refusal)


#: Effective state of a record now, for workflows whose state also follows the clock.
StateOf = Callable[[Any, datetime], enum.Enum]
#: SQL condition "the record's effective state is one of these, now".
StateIn = Callable[[frozenset, datetime], ColumnElement]


class Workflow:
    """The states and transitions of one kind of record, attached to its model class.

    `state_of` and `state_in` are given when some states follow from the clock (a meeting is
    "voting" between its opening and closing times); by default the state is the column."""

    def __init__(
        self,
        name: str,
        states: type[enum.Enum],
        *,
        transitions: Iterable[Transition],
        labels: dict,
        column: str = "status",
        state_of: StateOf | None = None,
        state_in: StateIn | None = None,
    ) -> None:
        self.name, self.states, self.labels, self.column_name = name, states, labels, column
        self.transitions = {t.name: t for t in transitions}
        self._state_of, self._state_in = state_of, state_in
        self.model: type | None = None

    def __set_name__(self, owner: type, name: str) -> None:
        self.model = owner

    # --- asking ---------------------------------------------------------------------------

    def state_of(self, record, now: datetime | None = None) -> enum.Enum:
        """The record's state now (for clock-driven workflows, derived from the stored one)."""
        if self._state_of is not None:
            return self._state_of(record, now or utcnow())
        return getattr(record, self.column_name)

    def can(self, record, name: str, now: datetime | None = None) -> bool:
        """Whether the transition `name` may start from the record's current state."""
        return self.state_of(record, now) in self.transitions[name].sources

    def label(self, state: enum.Enum) -> str:
        return as_text(self.labels.get(state, state.value))  # through the request's catalogue

    def _now_in(self, record, now: datetime | None):
        return _l("It is now: %(state)s.", state=self.label(self.state_of(record, now)))

    def _refuse(self, record, refusal, now: datetime | None):
        return TransitionRefused(f"{refusal} {self._now_in(record, now)}")

    # --- changing -------------------------------------------------------------------------

    def _condition(self, sources: frozenset, now: datetime) -> ColumnElement:
        if self._state_in is not None:
            return self._state_in(sources, now)
        return getattr(self.model, self.column_name).in_(sources)

    def move(
        self,
        record,
        name: str,
        *,
        actor=None,
        now: datetime | None = None,
        values: dict | None = None,
        after: dict | None = None,
        compound_id: int | None = None,
    ):
        """Carry out the transition `name` as one conditional UPDATE (setting `values` too),
        then audit it and signal it. Refused, naming the current state, when the record is not
        in one of the transition's source states (also when a concurrent request moved it)."""
        transition, now = self.transitions[name], now or utcnow()
        before = self.state_of(record, now)
        statement = (
            update(self.model)
            .where(self.model.id == record.id, self._condition(transition.sources, now))
            .values({self.column_name: transition.target, **(values or {})})
            .execution_options(synchronize_session=False)
        )
        db.session.flush()
        if db.session.execute(statement).rowcount != 1:
            db.session.refresh(record)
            raise self._refuse(record, transition.refusal, now)
        db.session.refresh(record)
        audit.record(
            transition.action,
            record,
            before={"status": before.value},
            after={"status": transition.target.value, **(after or {})},
            compound_id=compound_id if compound_id is not None else getattr(record, "compound_id", None),
            actor=actor,
        )
        transitioned.send(self.name, record=record, transition=transition, actor=actor, now=now)
        return record

    def hold(self, record, states: Iterable, refusal, now: datetime | None = None):
        """Lock the record's row until the request ends and check that it is in one of
        `states`: for writes that depend on the state without changing it."""
        lock(record)
        if self.state_of(record, now) not in frozenset(states):
            raise self._refuse(record, refusal, now)
        return record


def lock(record):
    """Take the row lock of `record` for the rest of the transaction (SELECT ... FOR UPDATE on
    PostgreSQL; SQLite's writers already hold the database lock) and reload it, so that what
    is checked next is what was committed last (this request's own pending changes are
    flushed first, so that they are not lost). Only the record's own row is locked, not those
    of relationships it was loaded with (`FOR UPDATE OF` its table)."""
    db.session.flush()
    db.session.refresh(record, with_for_update={"of": type(record)})
    return record


class Stateful:
    """Mixin for models with a `workflow`: `record.state` and `record.can("publish")`."""

    workflow: Workflow

    @property
    def state(self) -> enum.Enum:
        return self.workflow.state_of(self)

    def can(self, name: str, now: datetime | None = None) -> bool:
        return self.workflow.can(self, name, now)
