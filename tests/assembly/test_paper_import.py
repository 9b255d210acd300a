"""Paper ballots from CSV: all or nothing, with row-numbered errors."""

import io
from datetime import timedelta

import pytest
import time_machine
from flask_babel import force_locale
from sqlalchemy import func, select

from portal.assembly.models import Ballot, BallotChoice
from portal.assembly.paper_import import PaperBallotsInvalid, import_paper_ballots
from portal.assembly.services import cast_online, publish
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
