"""The audit actions registry: every capability registers its actions once, with a readable
sentence and how to show their values, and its subject types with a batch loader of labels.

An action's sentence follows the actor's name ("李秀兰 录入了 …"). Its placeholders are
`%(subject)s` (the subject's label) and any key of the record's `after` or `before` values,
shown through the key's `Field`. A sentence can be followed by fallbacks: the first whose
placeholders all have a value is used, so a sentence can prefer a value that newer records
store (`units`) and fall back to one that older records have (`owner`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

#: A subject type's loader: ids in, {id: label} out, in one query.
SubjectLoader = Callable[[list[int]], Mapping[int, str]]


class UnregisteredAction(LookupError):
    """An audit action code that no capability registered."""


@dataclass(frozen=True)
class Field:
    """How one key of an action's before/after values is shown: its label, and either a
    formatter of the value, or the subject type whose ids the value holds (`refers_to`), or,
    for an {id: value} mapping, the type of its keys (`keys_refer_to`) and the formatter of
    its values."""

    label: Any
    format: Callable[[Any], str] | None = None
    refers_to: str | None = None
    keys_refer_to: str | None = None


@dataclass(frozen=True)
class Group:
    """The capability that owns some actions (the audit page groups its filter by it)."""

    code: str
    label: Any


@dataclass(frozen=True)
class Action:
    """A registered action: a short label (for the page's filter), its sentences (the first
    with every value wins) and its fields."""

    code: str
    group: Group
    label: Any
    sentences: tuple[Any, ...]
    fields: Mapping[str, Field] = field(default_factory=dict)

    @cached_property
    def referring_fields(self) -> list[tuple[str, Field]]:
        """The fields whose values name other objects by id (or hold ids as keys): the audit
        page loads their labels, and looks at only these in each record's values."""
        return [(name, spec) for name, spec in self.fields.items() if spec.refers_to or spec.keys_refer_to]


@dataclass(frozen=True)
class Subject:
    """A registered subject type: what it is called and how its labels are loaded."""

    type_name: str
    label: Any
    loader: SubjectLoader | None


_groups: dict[str, Group] = {}
_actions: dict[str, Action] = {}
_subjects: dict[str, Subject] = {}


def action_group(code: str, label) -> Group:
    """The capability's group of actions (created on first use, in registration order)."""
    return _groups.setdefault(code, Group(code, label))


def register_action(
    code: str, group: Group, sentence, *fallbacks, label, fields: Mapping[str, Field] | None = None
) -> Action:
    """Register an action once; registering a code that another group owns is refused."""
    if len(code) > 50:
        raise ValueError(f"audit action code {code!r} is longer than the column (50)")
    existing = _actions.get(code)
    if existing is not None and existing.group.code != group.code:
        raise ValueError(f"audit action {code!r} is already registered by {existing.group.code}")
    _actions[code] = Action(code, group, label, (sentence, *fallbacks), dict(fields or {}))
    return _actions[code]


def register_subject(type_name: str, loader: SubjectLoader | None = None, *, label) -> Subject:
    """Register a subject type (the class name audit records store) with its label loader."""
    _subjects[type_name] = Subject(type_name, label, loader)
    return _subjects[type_name]


def get_action(code: str) -> Action:
    """The registered action, or UnregisteredAction."""
    try:
        return _actions[code]
    except KeyError:
        raise UnregisteredAction(f"audit action {code!r} is not registered") from None


def find_action(code: str) -> Action | None:
    return _actions.get(code)


def is_registered(code: str) -> bool:
    return code in _actions


def registered_codes() -> set[str]:
    return set(_actions)


def grouped_actions() -> list[tuple[Group, list[Action]]]:
    """Every group with its actions, in registration order (for the page's filter)."""
    return [(group, [a for a in _actions.values() if a.group is group]) for group in _groups.values()]


def find_subject(type_name: str) -> Subject | None:
    return _subjects.get(type_name)


def subject_types(names: Iterable[str]) -> list[Subject]:
    return [_subjects[name] for name in names if name in _subjects]
