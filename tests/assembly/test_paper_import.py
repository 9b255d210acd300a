"""Paper ballots from CSV: all or nothing, with row-numbered errors."""

import io
import os
import threading
import time
from datetime import timedelta

import pytest
import time_machine
from flask_babel import force_locale
from sqlalchemy import func, select

from portal.assembly.models import Ballot, BallotChannel, BallotChoice, Meeting
from portal.assembly.paper_import import PaperBallotsInvalid, import_paper_ballots
from portal.assembly.services import cast_online, publish
from portal.auth.models import User
from portal.errors import DomainError
from portal.extensions import db as _db
from tests.assembly.conftest import NOW
from tests.conftest import login


@pytest.fixture
def voting(app, db, new_meeting, world, owners):
    meeting = new_meeting()
    with app.test_request_context():
        publish(meeting, actor=world.committee, now=NOW)
    db.session.commit()
    return meeting, meeting.voting_opens_at + timedelta(hours=1)


def _count(db):
    return db.session.scalar(select(func.count(Ballot.id)))


def test_a_good_file_enters_every_ballot(app, db, voting, world):
    meeting, during = voting
    data = b"owner_key,item_no,choice\nB2,1,agree\nB2,2,oppose\n@developer,1,abstain\n"
    with time_machine.travel(during, tick=False), app.test_request_context():
        assert import_paper_ballots(meeting, data, actor=world.committee) == 3
    assert _count(db) == 3


@pytest.mark.parametrize(
    ("body", "line", "fragment"),
    [
        ("NOPE,1,agree\n", 3, "NOPE"),
        ("B2,9,agree\n", 3, "item_no"),
        ("B2,1,yes\n", 3, "choice"),
        ("B2,1\n", 3, "columns"),
        ("B2,1,agree\nB2,1,oppose\n", 4, "row 3"),
        ("", 0, "no ballots"),
    ],
)
def test_bad_rows_refuse_the_whole_file(app, db, voting, world, body, line, fragment):
    meeting, during = voting
    data = ("owner_key,item_no,choice\nC3,1,agree\n" + body).encode()
    with time_machine.travel(during, tick=False), app.test_request_context(), force_locale("en"):
        with pytest.raises(PaperBallotsInvalid) as refused:
            import_paper_ballots(
                meeting, data if body else b"owner_key,item_no,choice\n", actor=world.committee
            )
        messages = [(error.line, str(error.message)) for error in refused.value.errors]
    assert any(n == line and fragment in m for n, m in messages), messages
    assert _count(db) == 0


def test_a_group_that_already_voted_refuses_the_file(app, db, voting, world, owners):
    meeting, during = voting
    cast_online(meeting, owners["A1"], {meeting.items[0].id: BallotChoice.AGREE}, now=during)
    data = b"owner_key,item_no,choice\nB2,1,agree\nA1,1,oppose\n"
    with time_machine.travel(during, tick=False), app.test_request_context(), force_locale("en"):
        with pytest.raises(PaperBallotsInvalid) as refused:
            import_paper_ballots(meeting, data, actor=world.committee)
        assert "A1 has already voted on item 1" in str(refused.value.errors[0])
    assert _count(db) == 1


def test_upload_page(client, db, voting, world):
    meeting, during = voting
    with time_machine.travel(during, tick=False):
        login(client, world.committee)
        bad = client.post(
            f"/assembly/meetings/{meeting.id}/paper/upload",
            data={"file": (io.BytesIO(b"owner_key,item_no,choice\nB2,7,agree\n"), "b.csv")},
            content_type="multipart/form-data",
        )
        assert bad.status_code == 422 and "第 2 行" in bad.get_data(as_text=True)
        good = client.post(
            f"/assembly/meetings/{meeting.id}/paper/upload",
            data={"file": (io.BytesIO(b"owner_key,item_no,choice\nB2,1,agree\n"), "b.csv")},
            content_type="multipart/form-data",
        )
        assert good.status_code == 302
    assert _count(db) == 1


ODD_ITEM_NUMBERS = ["¹", "1E+999999999", "NaN", "Infinity", "-0", "1.005", "１", "+1"]


@pytest.mark.parametrize("number", ODD_ITEM_NUMBERS)
def test_an_odd_item_number_is_a_row_error_on_the_upload_page(client, db, voting, world, number):
    meeting, during = voting
    data = f"owner_key,item_no,choice\nB2,1,agree\nC3,{number},agree\n".encode()
    with time_machine.travel(during, tick=False):
        login(client, world.committee)
        response = client.post(
            f"/assembly/meetings/{meeting.id}/paper/upload",
            data={"file": (io.BytesIO(data), "b.csv")},
            content_type="multipart/form-data",
        )
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and "第 3 行：item_no" in page, page
    assert _count(db) == 0


def test_the_upload_form_says_the_limits_before_the_upload(client, db, voting, world):
    meeting, during = voting
    with time_machine.travel(during, tick=False):
        login(client, world.committee)
        page = client.get(f"/assembly/meetings/{meeting.id}/paper").get_data(as_text=True)
    assert "8 MB" in page and "100,000" in page and "50,000" in page and 'accept=".csv,.xlsx,' in page


def test_an_xlsx_file_and_its_audit_record(app, db, voting, world):
    from openpyxl import Workbook

    from portal.audit import AuditRecord

    meeting, during = voting
    book = Workbook()
    for row in (
        ["owner_key", "item_no", "choice"],
        ["B2", 1, "agree"],
        ["B2", 2, "oppose"],
        ["C3", 2, "abstain"],
    ):
        book.active.append(row)
    data = io.BytesIO()
    book.save(data)
    with time_machine.travel(during, tick=False), app.test_request_context():
        assert import_paper_ballots(meeting, data.getvalue(), actor=world.committee) == 3
    channels = set(db.session.scalars(select(Ballot.channel)))
    cast_by = set(db.session.scalars(select(Ballot.cast_by_id)))
    assert channels == {BallotChannel.PAPER} and cast_by == {world.committee.id}
    record = db.session.scalar(select(AuditRecord).where(AuditRecord.action == "paper_ballots_imported"))
    assert record.actor_id == world.committee.id
    assert record.after["owner_keys"] == ["B2", "C3"] and record.after["items"] == {"1": 1, "2": 2}
    assert record.after["ballots"] == 3 and len(record.after["file_sha256"]) == 64


def test_ballots_are_written_in_the_order_an_online_vote_takes(app, db, voting, world):
    from portal.assembly.paper_import import _ballot_rows, _owner_ids

    meeting, _during = voting
    first, second = meeting.items
    choices = {
        "C3": {second.id: BallotChoice.AGREE, first.id: BallotChoice.OPPOSE},
        "B2": {second.id: BallotChoice.AGREE},
    }
    rows, per_item = _ballot_rows(meeting, choices, _owner_ids(meeting))
    assert per_item == {"1": 1, "2": 2}
    assert [(item_id, choice) for item_id, _owner, choice in rows] == [
        (first.id, BallotChoice.OPPOSE),
        (second.id, BallotChoice.AGREE),
        (second.id, BallotChoice.AGREE),
    ]


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL"), reason="SQLite writers take turns; the race needs PostgreSQL"
)
@pytest.mark.parametrize("first", ["online", "paper"])
def test_a_file_and_an_online_vote_at_the_same_moment(app, db, voting, world, owners, first):
    """Whichever commits first wins; the other is refused whole. Never both."""
    meeting, during = voting
    meeting_id, item_id, voter_id, committee_id = (
        meeting.id,
        meeting.items[0].id,
        owners["B2"].id,
        world.committee.id,
    )
    data = b"owner_key,item_no,choice\nC3,1,agree\nB2,1,oppose\n"
    written, outcome = threading.Event(), {}

    def run(name, action):
        with app.app_context(), app.test_request_context():
            try:
                action(db.session.get(Meeting, meeting_id))
                db.session.flush()
                if name == first:  # hold the new rows uncommitted until the other writer waits for them
                    written.set()
                    _wait_until_someone_waits_for_this_transaction()
                db.session.commit()
                outcome[name] = "written"
            except DomainError as error:
                db.session.rollback()
                outcome[name] = error
            finally:
                written.set()

    def online(meeting):
        cast_online(meeting, db.session.get(User, voter_id), {item_id: BallotChoice.AGREE}, now=during)

    def paper(meeting):
        import_paper_ballots(meeting, data, actor=db.session.get(User, committee_id))

    order = [("online", online), ("paper", paper)]
    with time_machine.travel(during, tick=False):
        threads = [
            threading.Thread(target=run, args=pair) for pair in (order if first == "online" else order[::-1])
        ]
        threads[0].start()
        assert written.wait(10)
        threads[1].start()
        for thread in threads:
            thread.join(20)
    loser = "paper" if first == "online" else "online"
    assert outcome[first] == "written" and isinstance(outcome[loser], DomainError), outcome
    db.session.expire_all()
    channels = list(db.session.scalars(select(Ballot.channel).where(Ballot.item_id == item_id)))
    if first == "online":
        assert channels == [BallotChannel.ONLINE]
        problems = " ".join(str(error) for error in outcome["paper"].errors)
        assert "导入期间" in problems and "B2 已对议题 1 表决" in problems  # refused by the constraint
    else:
        assert sorted(channels) == [BallotChannel.PAPER, BallotChannel.PAPER]
        assert "B2" in str(outcome["online"].message)


def _wait_until_someone_waits_for_this_transaction(seconds: float = 10) -> None:
    """Poll PostgreSQL until another session is blocked by this one's locks."""
    from sqlalchemy import text

    query = text("SELECT count(*) FROM pg_stat_activity WHERE pg_backend_pid() = ANY(pg_blocking_pids(pid))")
    deadline = time.monotonic() + seconds
    while not _db.session.scalar(query) and time.monotonic() < deadline:
        time.sleep(0.02)
