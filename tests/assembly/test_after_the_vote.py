"""After the vote: objections, corrections, the final announcement, the register and exports."""

import io
from datetime import timedelta

import pytest
import time_machine
from openpyxl import load_workbook
from sqlalchemy import select

from portal.assembly.models import Ballot, BallotChannel, BallotChoice, MeetingStatus
from portal.assembly.services import (
    answer_objection,
    cast_online,
    correct_ballot,
    enter_ballot,
    file_objection,
    finalise,
    publish,
)
from portal.assembly.tally import tally
from portal.audit import AuditRecord
from portal.errors import DomainError
from tests.assembly.conftest import NOW, authorisation
from tests.conftest import login

AGREE, OPPOSE, ABSTAIN = BallotChoice.AGREE, BallotChoice.OPPOSE, BallotChoice.ABSTAIN


@pytest.fixture
def counted(app, db, new_meeting, world, owners):
    """A meeting whose vote has closed: A1 agreed online, B2 opposed on paper, the developer
    abstained by proxy; `after` is a moment in the objection period."""
    meeting = new_meeting()
    with app.test_request_context():
        publish(meeting, actor=world.committee, now=NOW)
    during = meeting.voting_opens_at + timedelta(hours=1)
    item = meeting.items[0]
    cast_online(meeting, owners["A1"], {item.id: AGREE}, now=during)
    enter_ballot(
        meeting,
        owner_key="B2",
        channel=BallotChannel.PAPER,
        choices={item.id: OPPOSE},
        actor=world.committee,
        now=during,
    )
    enter_ballot(
        meeting,
        owner_key="@developer",
        channel=BallotChannel.PROXY,
        proxy_name="=cmd|' /C calc'!A0",
        authorisation=authorisation(),
        choices={item.id: ABSTAIN},
        actor=world.committee,
        now=during,
    )
    db.session.commit()
    return meeting, meeting.voting_closes_at + timedelta(days=1)


def test_objections_in_the_period_and_answers_before_final(app, db, counted, owners, world):
    meeting, after = counted
    with pytest.raises(DomainError):
        file_objection(meeting, owners["C3"], "计票有误", now=meeting.voting_opens_at)
    objection = file_objection(meeting, owners["C3"], "2号楼的书面票应为同意", now=after)
    with pytest.raises(DomainError):
        file_objection(meeting, world.resident, "我不是业主", now=after)
    end = meeting.voting_closes_at + timedelta(days=7)
    with app.test_request_context(), pytest.raises(DomainError):
        finalise(meeting, actor=world.committee, now=end)  # the objection is unanswered
    answer_objection(objection, world.committee, "已核对原始书面票，予以更正。", now=after)
    with pytest.raises(DomainError):
        answer_objection(objection, world.committee, "再答", now=after)
    with app.test_request_context():
        finalise(meeting, actor=world.committee, now=end)
    assert meeting.status == MeetingStatus.FINAL


def test_paper_ballots_are_corrected_with_a_reason_and_the_result_follows(db, counted, owners, world):
    meeting, after = counted
    paper = db.session.scalar(select(Ballot).where(Ballot.channel == BallotChannel.PAPER))
    online = db.session.scalar(select(Ballot).where(Ballot.channel == BallotChannel.ONLINE))
    with pytest.raises(DomainError):
        correct_ballot(paper, world.committee, AGREE, "", now=after)
    with pytest.raises(DomainError):
        correct_ballot(online, world.committee, OPPOSE, "更正", now=after)
    with pytest.raises(DomainError):
        correct_ballot(
            paper, world.committee, AGREE, "更正", now=meeting.voting_closes_at + timedelta(days=8)
        )
    before = tally(meeting, after).items[0].figures(AGREE)
    correct_ballot(paper, world.committee, AGREE, "原始票为同意", now=after)
    assert tally(meeting, after).items[0].figures(AGREE) == (before[0] + 7500, before[1] + 1)
    record = db.session.scalars(select(AuditRecord).where(AuditRecord.action == "ballot_corrected")).one()
    assert record.before == {"choice": "oppose"} and record.after["reason"] == "原始票为同意"


def test_register_is_for_the_committee_and_for_owners_after_final(app, client, db, counted, owners, world):
    meeting, after = counted
    with time_machine.travel(after, tick=False):
        login(client, owners["C3"])
        early = client.get(f"/assembly/meetings/{meeting.id}/register")
        assert early.status_code == 403  # the owner sees the meeting, so is told why and when
        assert "最终公告发布后，业主可以查阅表决票登记册" in early.get_data(as_text=True)
        login(client, world.committee)
        page = client.get(f"/assembly/meetings/{meeting.id}/register").get_data(as_text=True)
        assert "@developer" in page and "委托代理" in page and "更正" in page
    with app.test_request_context():
        finalise(meeting, actor=world.committee, now=meeting.voting_closes_at + timedelta(days=7))
    db.session.commit()
    login(client, owners["C3"])
    assert client.get(f"/assembly/meetings/{meeting.id}/register").status_code == 200
    assert client.get(f"/assembly/meetings/{meeting.id}/register.csv").status_code == 200
    looks = db.session.scalars(select(AuditRecord).where(AuditRecord.action == "register_inspected")).all()
    assert [r.actor_id for r in looks] == [owners["C3"].id] * 2
    login(client, world.fred)
    assert client.get(f"/assembly/meetings/{meeting.id}/register").status_code == 404


def test_exports_are_spreadsheet_safe(client, db, counted, world):
    meeting, after = counted
    with time_machine.travel(after, tick=False):
        login(client, world.committee)
        csv_text = client.get(f"/assembly/meetings/{meeting.id}/register.csv").get_data().decode("utf-8-sig")
        assert "'@developer" in csv_text and "业主编号" in csv_text
        workbook = load_workbook(
            io.BytesIO(client.get(f"/assembly/meetings/{meeting.id}/register.xlsx").data)
        )
        values = [cell.value for row in workbook.active.iter_rows() for cell in row]
        assert "'@developer" in values and not any(str(v).startswith("=") for v in values if v)
        tally_book = load_workbook(io.BytesIO(client.get(f"/assembly/meetings/{meeting.id}/tally.xlsx").data))
        rows = list(tally_book.active.iter_rows(values_only=True))
        assert rows[1][:4] == (1, "majority", 3, "374.75")
        assert client.get(f"/assembly/meetings/{meeting.id}/tally.pdf").status_code == 404
    with time_machine.travel(meeting.voting_opens_at + timedelta(hours=2), tick=False):
        login(client, world.committee)
        assert client.get(f"/assembly/meetings/{meeting.id}/tally.csv").status_code == 404  # still voting


def test_objection_pages(client, db, counted, owners, world):
    meeting, after = counted
    with time_machine.travel(after, tick=False):
        login(client, owners["C3"])
        response = client.post(f"/assembly/meetings/{meeting.id}/objections", data={"text": "请复核2号楼"})
        assert response.status_code == 302
        page = client.get(f"/assembly/meetings/{meeting.id}").get_data(as_text=True)
        assert "请复核2号楼" in page and "等待业委会答复" in page
        login(client, world.committee)
        objection_id = db.session.scalar(
            select(AuditRecord.subject_id).where(AuditRecord.action == "objection_filed")
        )
        assert (
            client.post(f"/assembly/objections/{objection_id}/answer", data={"answer": "已复核"}).status_code
            == 302
        )
        login(client, world.fred)
        assert (
            client.post(f"/assembly/objections/{objection_id}/answer", data={"answer": "x"}).status_code
            == 404
        )


def test_nobody_sees_choices_in_the_register_while_voting(client, db, counted, world):
    meeting, _after = counted
    with time_machine.travel(meeting.voting_opens_at + timedelta(hours=2), tick=False):
        login(client, world.committee)
        refused = client.get(f"/assembly/meetings/{meeting.id}/register")
        assert refused.status_code == 403 and "投票期间任何人都不能查看表决票" in refused.get_data(
            as_text=True
        )
        assert client.get(f"/assembly/meetings/{meeting.id}/register.xlsx").status_code == 403
