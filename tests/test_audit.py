"""The audit actions registry: unregistered codes are refused, every code the portal writes is
registered, sentences and their translations agree on placeholders, records read as sentences."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from flask_babel import force_locale

from portal import audit
from portal.assembly.models import BallotChannel
from portal.audit.reading import PLACEHOLDER, describe
from portal.audit.registry import Field, find_subject, grouped_actions, registered_codes
from portal.registration.models import ClaimStatus

PORTAL = Path(__file__).parents[1] / "portal"
CATALOGUE = PORTAL / "translations/zh_Hans_CN/LC_MESSAGES/messages.po"

#: Codes built with an f-string, and every value they can take. A new f-string code must be
#: added here, which makes its author list (and so register) each code it can produce.
FORMATTED_CODES = {
    "claim_{}": [status.value for status in ClaimStatus if status != ClaimStatus.PENDING],
    "ballot_entered_{}": [channel.value for channel in BallotChannel if channel != BallotChannel.ONLINE],
    "election_ballot_entered_{}": [
        channel.value for channel in BallotChannel if channel != BallotChannel.ONLINE
    ],
}


def _record_calls():
    """Every `audit.record(...)` / `record(...)` call in portal/, with its first argument."""
    for path in sorted(PORTAL.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or not node.args:
                continue
            func = node.func
            is_audit = isinstance(func, ast.Attribute) and func.attr == "record"
            if is_audit and isinstance(func.value, ast.Name) and func.value.id == "audit":
                yield path.relative_to(PORTAL.parent), node.args[0]


def _codes_in_the_code() -> dict[str, str]:
    codes = {}
    for where, argument in _record_calls():
        if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
            codes[argument.value] = str(where)
        elif isinstance(argument, ast.JoinedStr):
            pattern = "".join(
                part.value if isinstance(part, ast.Constant) else "{}" for part in argument.values
            )
            assert pattern in FORMATTED_CODES, f"{where}: add {pattern!r} to FORMATTED_CODES"
            for value in FORMATTED_CODES[pattern]:
                codes[pattern.format(value)] = str(where)
        elif str(where) == "portal/workflow.py":
            continue  # a transition's code: see _workflow_codes
        else:
            pytest.fail(f"{where}: an audit action code must be a literal or an f-string")
    return codes | _workflow_codes()


def _workflow_codes() -> dict[str, str]:
    """The audit codes of every transition of every workflow declared on a model."""
    from portal.extensions import db

    codes = {}
    for mapper in db.Model.registry.mappers:
        workflow = getattr(mapper.class_, "workflow", None)
        for transition in getattr(workflow, "transitions", {}).values():
            codes[transition.action] = f"{mapper.class_.__name__}.workflow"
    return codes


@pytest.fixture
def scratch_registry(monkeypatch):
    """Registrations made by a test are forgotten after it."""
    from portal.audit import registry

    for name in ("_groups", "_actions", "_subjects"):
        monkeypatch.setattr(registry, name, dict(getattr(registry, name)))


def test_every_action_code_written_anywhere_is_registered(app):
    codes = _codes_in_the_code()
    assert len(codes) >= 25, sorted(codes)  # the walk really found the calls
    missing = {code: where for code, where in codes.items() if code not in registered_codes()}
    assert missing == {}


def test_recording_an_unregistered_action_is_refused(db, world):
    with pytest.raises(audit.UnregisteredAction):
        audit.record("committee_dissolved_by_accident", world.compound_a)
    with pytest.raises(audit.UnregisteredAction):
        audit.record("claim_pending", world.compound_a)


def test_a_code_cannot_be_taken_by_another_capability(scratch_registry):
    other = audit.action_group("intruder", "Intruder")
    with pytest.raises(ValueError, match="already registered"):
        audit.register_action("role_granted", other, "took over", label="took over")


def test_sentences_use_only_the_subject_and_declared_fields(app):
    for group, actions in grouped_actions():
        for action in actions:
            for sentence in action.sentences:
                names = set(PLACEHOLDER.findall(sentence._args[0])) - {"subject"}
                assert names <= set(action.fields), (group.code, action.code, names)


def test_every_sentence_is_translated_with_the_same_placeholders(app):
    catalogue = read_po(CATALOGUE.open("rb"))
    for _group, actions in grouped_actions():
        for action in actions:
            for sentence in (action.label, *action.sentences):
                msgid = sentence._args[0]
                message = catalogue.get(msgid)
                assert message is not None and message.string, msgid
                assert sorted(PLACEHOLDER.findall(message.string)) == sorted(PLACEHOLDER.findall(msgid))


def test_every_referenced_subject_type_is_registered(app):
    for _group, actions in grouped_actions():
        for action in actions:
            for spec in action.fields.values():
                for type_name in (spec.refers_to, spec.keys_refer_to):
                    assert type_name is None or find_subject(type_name), (action.code, type_name)


def test_the_registry_module_stays_small():
    for path in (PORTAL / "audit").glob("*.py"):
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 300, path


# --- reading records ------------------------------------------------------------------------------


def _read(app, record, locale="zh_Hans_CN"):
    with app.test_request_context(), force_locale(locale):
        return describe([record])[0]


def test_a_claim_decision_reads_as_a_sentence_with_labels(app, db, world):
    from portal.registration.services import claim_unit, verify_claim

    unit = world.compound_a.buildings[0].units[0]
    claim = claim_unit(world.resident, unit, "CERT-1")
    verify_claim(claim, world.committee, certificate_checked=True)
    record = db.session.query(audit.AuditRecord).filter_by(action="claim_verified").one()
    entry = _read(app, record)
    assert entry.actor == "业委会委员"
    assert entry.sentence == "核验通过了业主认领：1号楼 101（居民）"
    changes = {change.label: (change.before, change.after) for change in entry.changes}
    assert changes["状态"] == ("待核验", "已核验")
    english = _read(app, record, "en")
    assert english.sentence == "verified the owner claim 1号楼 101 (居民)"


def test_old_records_with_unknown_keys_or_actions_read_without_json(app, db, world):
    odd = audit.AuditRecord(
        action="role_granted",
        subject_type="RoleGrant",
        subject_id=999,
        before=None,
        after={
            "role": "committee",
            "user": "13900000006",
            "compound_id": "²",  # not an id: shown as it is
            "nested": {"a": [1, 2]},
            "flag": True,
        },
    )
    gone = audit.AuditRecord(action="meeting_dissolved", subject_type="Meeting", subject_id=7, after={"x": 1})
    db.session.add_all([odd, gone])
    db.session.flush()
    entry = _read(app, odd)
    assert entry.sentence == "授予 13900000006 ²的业主委员会委员角色"
    shown = [f"{c.label}={c.after}" for c in entry.changes]
    assert "flag=是" in shown and "nested=a: 1、2" in shown and "小区=²" in shown
    assert not any("{" in line or "[" in line for line in shown)
    old = _read(app, gone)
    assert old.sentence == "记录了“meeting_dissolved”：会议（编号 7）" and old.actor == "命令行"


def test_a_sentence_falls_back_to_the_values_an_older_record_has(app, db, world, scratch_registry):
    group = audit.action_group("tests", "Tests")
    audit.register_action(
        "test_fallback",
        group,
        "entered %(units)s",
        "entered owner %(owner)s",
        "entered something",
        label="test",
        fields={"units": Field("units"), "owner": Field("owner")},
    )
    new = audit.record("test_fallback", world.compound_a, after={"units": "1号楼 101", "owner": "A1"})
    old = audit.record("test_fallback", world.compound_a, after={"owner": "A1"})
    oldest = audit.record("test_fallback", world.compound_a, after={"owner": ""})
    with app.test_request_context():
        sentences = [entry.sentence for entry in describe([new, old, oldest])]
    assert sentences == ["entered 1号楼 101", "entered owner A1", "entered something"]


def test_every_subject_loader_runs_and_answers_for_the_ids_asked(app, db, world):
    """The loaders' statements are built once, the ids given at each call."""
    from portal.audit.registry import _subjects

    for subject in _subjects.values():
        if subject.loader is not None:
            assert subject.loader([2**31 - 1]) == {}, subject.type_name
    names = find_subject("Compound").loader
    assert names([world.compound_a.id]) == {world.compound_a.id: world.compound_a.name}
    assert names([world.compound_b.id, world.compound_a.id]) == {
        world.compound_a.id: world.compound_a.name,
        world.compound_b.id: world.compound_b.name,
    }
    assert find_subject("User").loader([world.admin.id]) == {world.admin.id: world.admin.name}
