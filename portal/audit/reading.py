"""Audit records as people read them: who, a sentence, and the changes field by field.

Labels of subjects and of ids held in values are loaded per subject type, one query each,
whatever the number of records.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from portal.audit.formats import EMPTY, readable
from portal.audit.registry import Action, Field, find_action, find_subject, subject_types
from portal.translation import as_text
from portal.translation import text as _

PLACEHOLDER = re.compile(r"%\((\w+)\)s")
Labels = dict[tuple[str, int], str]


@dataclass(frozen=True)
class Change:
    """One field: its label and its value before and after (None where not recorded)."""

    label: str
    before: str | None
    after: str | None

    @property
    def unchanged(self) -> bool:
        return self.before == self.after

    @property
    def line(self) -> str:
        """The change as the page lists it: "label: value", or "label: before → after"."""
        if self.before is None or self.unchanged:
            return _("%(name)s: %(value)s", name=self.label, value=self.after)
        if self.after is None:
            return _("%(name)s: %(value)s", name=self.label, value=self.before)
        return _("%(name)s: %(before)s → %(after)s", name=self.label, before=self.before, after=self.after)


@dataclass(frozen=True)
class AuditEntry:
    """One record, readable: who did it, what (a sentence), and the changes."""

    record: Any
    actor: str
    sentence: str
    changes: list[Change]


def describe(records: Sequence[Any]) -> list[AuditEntry]:
    """The records as entries, with every label they need loaded in one query per type."""
    labels = _load_labels(records)
    return [_entry(record, labels) for record in records]


def _ids(value: Any) -> list[int]:
    """The ids a value holds: an int, a digit string, or a list of them."""
    values = value if isinstance(value, list) else [value]
    ids = []
    for item in values:
        if isinstance(item, int) and not isinstance(item, bool):
            ids.append(item)
        elif isinstance(item, str) and item.isascii() and item.isdigit() and len(item) < 10:
            ids.append(int(item))
    return ids


def _wanted(records: Sequence[Any]) -> dict[str, set[int]]:
    wanted: dict[str, set[int]] = defaultdict(set)
    for record in records:
        if record.subject_id is not None:
            wanted[record.subject_type].add(record.subject_id)
        action = find_action(record.action)
        for name, spec in action.referring_fields if action else ():
            for values in (record.before, record.after):
                value = values.get(name) if isinstance(values, dict) else None
                if spec.refers_to and value is not None:
                    wanted[spec.refers_to].update(_ids(value))
                if spec.keys_refer_to and isinstance(value, dict):
                    wanted[spec.keys_refer_to].update(_ids(list(value)))
    return wanted


def _load_labels(records: Sequence[Any]) -> Labels:
    wanted = _wanted(records)
    labels: Labels = {}
    for subject in subject_types(sorted(wanted)):
        if subject.loader is not None and wanted[subject.type_name]:
            found = subject.loader(sorted(wanted[subject.type_name]))
            labels.update({(subject.type_name, ident): label for ident, label in found.items()})
    return labels


def _label_of(type_name: str, ident: int, labels: Labels) -> str:
    """The label of an object, or its kind and number when it no longer exists."""
    found = labels.get((type_name, ident))
    if found is not None:
        return found
    subject = find_subject(type_name)
    return _("%(kind)s no. %(id)d", kind=as_text(subject.label) if subject else type_name, id=ident)


def _show(value: Any, spec: Field | None, labels: Labels) -> str:
    if value is None or value == "":
        return EMPTY
    if spec is None:
        return readable(value)
    if spec.refers_to:
        ids = _ids(value)
        if not ids:
            return readable(value)
        return _(", ").join(_label_of(spec.refers_to, ident, labels) for ident in ids)
    if spec.keys_refer_to and isinstance(value, dict):
        show = spec.format or readable
        pairs = []
        for key, item in value.items():
            ids = _ids(key)
            name = _label_of(spec.keys_refer_to, ids[0], labels) if ids else str(key)
            pairs.append(_("%(name)s: %(value)s", name=name, value=show(item)))
        return _("; ").join(pairs)
    return as_text((spec.format or readable)(value))  # a capability's format may give lazy text


def _entry(record: Any, labels: Labels) -> AuditEntry:
    action = find_action(record.action)
    actor = record.actor.name if record.actor else _("command line")
    return AuditEntry(record, actor, _sentence(record, action, labels), _changes(record, action, labels))


def _empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def _values(record: Any) -> dict[str, Any]:
    """The record's values, `after` over `before`, without empty ones."""
    values = {}
    for source in (record.before, record.after):
        if isinstance(source, dict):
            values.update({key: value for key, value in source.items() if not _empty(value)})
    return values


def _sentence(record: Any, action: Action | None, labels: Labels) -> str:
    subject = find_subject(record.subject_type)
    if record.subject_id is not None:
        subject_label = _label_of(record.subject_type, record.subject_id, labels)
    else:
        subject_label = as_text(subject.label) if subject else record.subject_type
    if action is None:
        return _("recorded “%(action)s” about %(subject)s", action=record.action, subject=subject_label)
    values = _values(record)
    texts = [as_text(sentence) for sentence in action.sentences]
    for text in texts:
        names = set(PLACEHOLDER.findall(text)) - {"subject"}
        if names <= values.keys():
            shown = {name: _show(values[name], action.fields.get(name), labels) for name in names}
            return text % {**shown, "subject": subject_label}
    names = set(PLACEHOLDER.findall(texts[-1]))
    return texts[-1] % ({name: EMPTY for name in names} | {"subject": subject_label})


def _changes(record: Any, action: Action | None, labels: Labels) -> list[Change]:
    """The fields of before/after that hold something: the action's registered ones first, in
    their order, then keys it does not know (old records), under their own names."""
    before = record.before if isinstance(record.before, dict) else {}
    after = record.after if isinstance(record.after, dict) else {}
    fields = action.fields if action else {}
    present = {
        name for name in {*before, *after} if not _empty(before.get(name)) or not _empty(after.get(name))
    }
    known = [name for name in fields if name in present]
    unknown = sorted(name for name in present if name not in fields)
    changes = []
    for name in [*known, *unknown]:
        spec = fields.get(name)
        label = as_text(spec.label) if spec else name.replace("_", " ")
        changes.append(
            Change(
                label,
                _show(before[name], spec, labels) if name in before else None,
                _show(after[name], spec, labels) if name in after else None,
            )
        )
    return changes
