"""Roster import: the owner-group headcount rule, good and bad files, re-import."""

import io
from decimal import Decimal

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from portal.audit import AuditRecord
from portal.places.models import DEVELOPER_OWNER_KEY, OwnerGroup, Unit, UnitStatus
from portal.places.roster import RosterInvalid, import_roster, parse_area, parse_roster
from portal.places.services import roster_summary
from portal.registration.models import ClaimStatus
from portal.registration.services import claim_unit, verify_claim
from portal.tabular import CellError
from tests.conftest import make_user

HEADER = "building,unit,area_m2,area_source,owner_key,owner_name,owner_phone,status\n"


def csv(*rows: str) -> bytes:
    return (HEADER + "".join(row + "\n" for row in rows)).encode()


# --- the headcount rule (法释〔2009〕7号 Art. 9) -------------------------------------------------


def test_several_units_of_one_owner_count_once(world):
    summary = roster_summary(world.compound_a)
    # A1 owns two units, B2 and C3 one each, the developer's unsold + undelivered count once.
    assert summary.units == 6
    assert summary.owner_groups == 4
    assert summary.total_area == Decimal("464.75")


def test_unsold_and_undelivered_units_join_one_developer_group(db, world):
    groups = db.session.scalars(select(OwnerGroup).where(OwnerGroup.compound_id == world.compound_a.id)).all()
    developer = [g for g in groups if g.is_developer]
    assert len(developer) == 1
    assert {u.status for u in developer[0].units} == {UnitStatus.UNSOLD, UnitStatus.UNDELIVERED}
    assert sum(u.area_hundredths for u in developer[0].units) == 8888 + 7012


def test_co_owners_of_one_group_still_count_once(db, world):
    units = db.session.scalars(
        select(Unit).where(Unit.compound_id == world.compound_a.id).order_by(Unit.id)
    ).all()
    first, second = make_user("13700000001", "甲"), make_user("13700000002", "乙")
    for user, unit in ((first, units[0]), (second, units[1])):  # both units of owner A1
        verify_claim(claim_unit(user, unit, "CERT"), world.committee, certificate_checked=True)
    both_on_one_unit = make_user("13700000003", "丙")
    verify_claim(claim_unit(both_on_one_unit, units[0], "CERT"), world.committee, certificate_checked=True)
    assert roster_summary(world.compound_a).owner_groups == 4


def test_owner_keys_are_per_compound(world):
    # Compounds A and B use the same owner keys; each still has its own four groups.
    assert roster_summary(world.compound_b).owner_groups == 4


# --- parsing ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "hundredths"),
    [("80", 8000), ("80.5", 8050), ("80.55", 8055), ("0.01", 1), ("99999.99", 9999999)],
)
def test_parse_area_accepts_positive_two_place_decimals(text, hundredths):
    assert parse_area(text) == hundredths


@pytest.mark.parametrize(
    "text", ["0", "-0", "-1", "80.555", "abc", "", "NaN", "Infinity", "1e400", "100000", "８０", "¹"]
)
def test_parse_area_refuses_other_values(app, text):
    with app.test_request_context(), pytest.raises(CellError) as refused:
        parse_area(text)
    assert "area_m2" in str(refused.value.message)


def test_bom_and_defaults_are_accepted(app):
    data = "\ufeff".encode() + csv("1号楼,101,50,,K1,,,")
    with app.test_request_context():
        (row,) = parse_roster(data)
    assert row.area_source.value == "registered"
    assert row.status == UnitStatus.DELIVERED


def test_developer_units_ignore_their_owner_key(app):
    with app.test_request_context():
        (row,) = parse_roster(csv("1号楼,101,50,,SOMEONE,某人,,unsold"))
    assert row.owner_key == DEVELOPER_OWNER_KEY


BAD_FILES = [
    ("wrong header", b"building,unit,area\n1,101,50\n", 1, "header"),
    ("neither utf-8 nor gb18030", HEADER.encode() + b"1,101,50,,K1,\xff\xff,,\n", 0, "GB18030"),
    ("empty", HEADER.encode(), 0, "no units"),
    ("column count", csv("1号楼,101,50"), 2, "columns"),
    ("area", csv("1号楼,101,-5,,K1,,,"), 2, "at least 0.01"),
    ("area places", csv("1号楼,101,5.123,,K1,,,"), 2, "at most 2 decimal places"),
    ("area text", csv("1号楼,101,big,,K1,,,"), 2, "not a number"),
    ("area superscript", csv("1号楼,101,¹,,K1,,,"), 2, "digits 0–9"),
    ("area exponent", csv("1号楼,101,1E+999999999,,K1,,,"), 2, "exponent"),
    ("area nan", csv("1号楼,101,NaN,,K1,,,"), 2, "finite"),
    ("source", csv("1号楼,101,50,guess,K1,,,"), 2, "area_source"),
    ("status", csv("1号楼,101,50,,K1,,,sold"), 2, "status"),
    ("owner key", csv("1号楼,101,50,,,,,delivered"), 2, "owner_key is required"),
    ("reserved key", csv("1号楼,101,50,,@developer,,,"), 2, "reserved"),
    ("empty building", csv(",101,50,,K1,,,"), 2, "building is empty"),
    ("duplicate", csv("1号楼,101,50,,K1,,,", "1号楼,101,60,,K2,,,"), 3, "also appears on row 2"),
    ("names differ", csv("1号楼,101,50,,K1,张三,,", "1号楼,102,60,,K1,李四,,"), 3, "different owner_name"),
    ("too long", csv("1号楼," + "x" * 51 + ",50,,K1,,,"), 2, "longer than"),
]


@pytest.mark.parametrize(("label", "data", "line", "fragment"), BAD_FILES, ids=[b[0] for b in BAD_FILES])
def test_bad_files_are_refused_with_row_numbers(app, label, data, line, fragment):
    with app.test_request_context(), force_locale("en"), pytest.raises(RosterInvalid) as caught:
        parse_roster(data)
    with force_locale("en"):
        messages = [(error.line, str(error.message)) for error in caught.value.errors]
    assert any(n == line and fragment in message for n, message in messages), messages


def test_every_problem_of_a_file_is_listed(app):
    with app.test_request_context(), pytest.raises(RosterInvalid) as caught:
        parse_roster(csv("1号楼,101,-1,,K1,,,", "1号楼,102,50,,K2,,,", "1号楼,103,50,bad,,,,"))
    assert sorted({error.line for error in caught.value.errors}) == [2, 4]
    assert len(caught.value.errors) == 3


# --- applying -----------------------------------------------------------------------------------


def _snapshot(db, compound):
    rows = db.session.execute(
        select(Unit.name, Unit.area_hundredths, Unit.status, OwnerGroup.owner_key)
        .join(OwnerGroup)
        .where(Unit.compound_id == compound.id)
        .order_by(Unit.id)
    )
    return [tuple(row) for row in rows]


def test_a_bad_file_changes_nothing(db, world):
    before = _snapshot(db, world.compound_a)
    audits = db.session.scalar(select(func.count(AuditRecord.id)))
    bad = csv("1号楼,101,99.99,,A1,张三,,", "9号楼,101,nope,,Z9,,,")
    with pytest.raises(RosterInvalid):
        import_roster(world.compound_a, bad)
    db.session.rollback()
    assert _snapshot(db, world.compound_a) == before
    assert db.session.scalar(select(func.count(AuditRecord.id))) == audits


def test_reimport_is_idempotent(db, world):
    from tests.conftest import ROSTER

    before = _snapshot(db, world.compound_a)
    report = import_roster(world.compound_a, ROSTER)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 6)
    assert _snapshot(db, world.compound_a) == before


def test_reimport_updates_in_place_and_keeps_verified_claims(db, world):
    unit = db.session.scalar(select(Unit).where(Unit.compound_id == world.compound_a.id, Unit.name == "101"))
    owner = make_user("13700000009", "业主")
    claim = verify_claim(claim_unit(owner, unit, "CERT-1"), world.committee, certificate_checked=True)
    data = csv(
        "1号楼,101,81.00,surveyed,A1,张三,13800000011,delivered",
        "1号楼,102,60.25,surveyed,A1,张三,13800000011,delivered",
        "3号楼,301,55.55,,D4,赵六,,",
    )
    report = import_roster(world.compound_a, data)
    assert (report.created, report.updated, report.unchanged, report.not_in_file) == (1, 1, 1, 4)
    db.session.refresh(unit)
    db.session.refresh(claim)
    assert unit.area_hundredths == 8100 and unit.id == claim.unit_id
    assert claim.status == ClaimStatus.VERIFIED


def test_moving_a_unit_to_another_owner_drops_the_empty_group(db, world):
    from tests.conftest import ROSTER

    moved = ROSTER.replace(
        "2号楼,101,90.00,contract,C3,王五,,delivered".encode(),
        "2号楼,101,90.00,contract,A1,张三,13800000011,delivered".encode(),
    )
    import_roster(world.compound_a, moved)
    keys = set(
        db.session.scalars(select(OwnerGroup.owner_key).where(OwnerGroup.compound_id == world.compound_a.id))
    )
    assert keys == {"A1", "B2", DEVELOPER_OWNER_KEY}
    assert roster_summary(world.compound_a).owner_groups == 3


def test_import_is_audited(db, world):
    record = db.session.scalars(
        select(AuditRecord).where(AuditRecord.action == "roster_imported").order_by(AuditRecord.id)
    ).first()
    assert record.after["created"] == 6
    assert record.after["total_area"] == "464.75"


def test_a_unit_with_a_new_owner_sends_its_verified_claim_back(db, world):
    from tests.conftest import ROSTER

    unit = db.session.scalar(select(Unit).where(Unit.compound_id == world.compound_a.id, Unit.name == "101"))
    claim = verify_claim(
        claim_unit(make_user("13700000008", "甲"), unit, "CERT"), world.committee, certificate_checked=True
    )
    moved = ROSTER.replace("1号楼,101,80.50,registered,A1".encode(), "1号楼,101,80.50,registered,Z9".encode())
    moved = moved.replace("Z9,张三,".encode(), "Z9,赵九,".encode())
    report = import_roster(world.compound_a, moved)
    assert report.claims_reopened == 1 and report.updated == 1
    db.session.refresh(claim)
    assert claim.status == ClaimStatus.PENDING and claim.decided_by_id is None
    record = db.session.scalars(
        select(AuditRecord).where(AuditRecord.action == "roster_imported").order_by(AuditRecord.id.desc())
    ).first()
    assert record.after["changes"] == [
        {"unit": "1号楼 101", "before": {"owner_key": "A1"}, "after": {"owner_key": "Z9"}}
    ]
    assert (
        db.session.scalar(select(func.count(AuditRecord.id)).where(AuditRecord.action == "claim_reopened"))
        == 1
    )


def test_owner_renames_are_counted(db, world):
    from tests.conftest import ROSTER

    report = import_roster(world.compound_a, ROSTER.replace("王五".encode(), "王五一".encode()))
    assert (report.owners_updated, report.unchanged) == (1, 6)


def test_trailing_zeros_are_fine_but_a_third_place_is_not(app):
    assert parse_area("80.500") == 8050
    with app.test_request_context(), pytest.raises(CellError):
        parse_area("80.505")


def test_an_oversized_cell_is_a_row_error_not_a_crash(app):
    data = csv("1号楼,101,50,,K1,,,", "1号楼,102,50,,K2," + "x" * 200_000 + ",,")
    with app.test_request_context(), pytest.raises(RosterInvalid) as caught:
        parse_roster(data)
    assert caught.value.errors[-1].line == 3


def test_row_numbers_are_file_lines_even_with_a_multi_line_cell(app):
    data = csv('1号楼,101,50,,K1,"张\n三",,', "1号楼,102,-5,,K2,,,")
    with app.test_request_context(), pytest.raises(RosterInvalid) as caught:
        parse_roster(data)
    assert [error.line for error in caught.value.errors] == [4]


def test_the_stored_figures_follow_each_import(db, world):
    assert world.compound_a.roster == roster_summary(world.compound_a)
    import_roster(world.compound_a, csv("9号楼,901,10.01,,NEW,新业主,,"))
    assert world.compound_a.roster == roster_summary(world.compound_a)
    assert world.compound_a.roster.units == 7


def test_objects_loaded_before_a_reimport_show_its_changes(db, world):
    from tests.conftest import ROSTER

    unit = db.session.scalar(select(Unit).where(Unit.compound_id == world.compound_a.id, Unit.name == "101"))
    group = unit.owner_group
    assert unit.area_hundredths == 8050 and group.owner_name == "张三"
    import_roster(
        world.compound_a,
        ROSTER.replace(b"80.50", b"81.25").replace("张三".encode(), "张山".encode()),
    )
    assert unit.area_hundredths == 8125 and group.owner_name == "张山"


def test_an_xlsx_roster_with_numbers_typed_as_numbers(app, db, world):
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(HEADER.strip().split(","))
    book.active.append(["5号楼", 501, 80.5, "surveyed", "E5", "孙八", 13800000099])
    data = io.BytesIO()
    book.save(data)
    report = import_roster(world.compound_a, data.getvalue())
    assert report.created == 1
    unit = db.session.scalar(select(Unit).where(Unit.name == "501"))
    assert unit.area_hundredths == 8050 and unit.owner_group.owner_phone == "13800000099"


def test_units_that_changed_owner_are_announced_in_batches(db, world, monkeypatch):
    from portal.places import roster
    from portal.places.signals import units_changed_owner
    from tests.conftest import ROSTER

    batches = []

    def listen(compound, *, unit_ids):
        batches.append(len(unit_ids))

    monkeypatch.setattr(roster, "MOVED_PER_SIGNAL", 1)
    units_changed_owner.connect(listen)
    try:
        moved = ROSTER.replace(b"A1,", b"Z1,").replace("Z1,张三".encode(), "Z1,赵一".encode())
        report = import_roster(world.compound_a, moved)
    finally:
        units_changed_owner.disconnect(listen)
    assert batches == [1, 1] and report.updated == 2


def test_a_different_owner_under_the_same_key_reopens_the_claims_and_the_old_owner_cannot_vote(
    app, client, db, world, new_meeting, bearer
):
    """Issue 9: a re-import that names another owner under the same owner_key kept the old
    owner verified and able to vote (201). It reopens their claims, as a changed unit does."""
    from datetime import timedelta

    import time_machine

    from portal.assembly.services import publish
    from tests.conftest import ROSTER

    a = world.compound_a
    units = [u for b in a.buildings if b.name == "1号楼" for u in b.units if u.name in ("101", "102")]
    old_owner = make_user("13700000301", "张三")
    claims = [verify_claim(claim_unit(old_owner, unit, "CERT"), world.committee) for unit in units]
    db.session.commit()
    sold = ROSTER.replace("A1,张三,13800000011".encode(), "A1,赵六,13900000099".encode())
    with app.test_request_context(method="POST"):
        report = import_roster(a, sold)
    assert report.claims_reopened == 2 and report.owners_updated == 1 and report.updated == 0
    for claim in claims:
        db.session.refresh(claim)
        assert claim.status == ClaimStatus.PENDING and "名册" in claim.reason
    assert (
        db.session.scalar(select(func.count(AuditRecord.id)).where(AuditRecord.action == "claim_reopened"))
        == 2
    )
    # Importing the same file again reopens nothing more.
    assert import_roster(a, sold).claims_reopened == 0
    meeting = new_meeting()
    with app.test_request_context():
        publish(meeting, actor=world.committee, now=meeting.voting_opens_at - timedelta(days=16))
    db.session.commit()
    with time_machine.travel(meeting.voting_opens_at + timedelta(hours=1), tick=False):
        vote = client.post(
            f"/api/v1/meetings/{meeting.id}/ballots",
            json={"choices": {str(meeting.items[0].id): "agree"}},
            headers=bearer(old_owner),
        )
    assert vote.status_code == 404  # no longer an owner: the meeting is not theirs to see


def test_a_new_phone_alone_does_not_reopen_claims(db, world):
    from tests.conftest import ROSTER

    unit = db.session.scalar(select(Unit).where(Unit.compound_id == world.compound_a.id, Unit.name == "101"))
    claim = verify_claim(claim_unit(make_user("13700000302", "张三"), unit, "CERT"), world.committee)
    report = import_roster(world.compound_a, ROSTER.replace(b"13800000011", b"13800000012"))
    assert report.claims_reopened == 0 and report.owners_updated == 1
    assert claim.status == ClaimStatus.VERIFIED


def test_a_blank_or_respaced_owner_name_does_not_reopen_claims(db, world):
    from tests.conftest import ROSTER

    unit = db.session.scalar(select(Unit).where(Unit.compound_id == world.compound_a.id, Unit.name == "101"))
    claim = verify_claim(claim_unit(make_user("13700000303", "张三"), unit, "CERT"), world.committee)
    blank = import_roster(world.compound_a, ROSTER.replace("A1,张三,".encode(), b"A1,,"))
    assert blank.claims_reopened == 0 and claim.status == ClaimStatus.VERIFIED
    group = db.session.scalar(
        select(OwnerGroup).where(OwnerGroup.compound_id == world.compound_a.id, OwnerGroup.owner_key == "A1")
    )
    assert group.owner_name == "张三"  # the blank cell keeps the name on record
    spaced = import_roster(world.compound_a, ROSTER.replace("A1,张三,".encode(), "A1, 张 三 ,".encode()))
    assert spaced.claims_reopened == 0 and claim.status == ClaimStatus.VERIFIED
