"""What the legal review found missing in the counting: paper ballots collected by the close and
entered in the days after it, voiding a sheet entered for the wrong owner, and blank items and
invalid ballots counted as the compound's rules of procedure say."""

from datetime import date, timedelta

import pytest
import time_machine
from sqlalchemy import select

from portal.assembly.establishment import assembly_of
from portal.assembly.models import Ballot, BallotChannel, MeetingStatus
from portal.assembly.services import (
    cast_online,
    enter_ballot,
    publish,
    status_of,
    void_sheet,
)
from portal.assembly.tally import tally
from portal.audit import AuditRecord
from portal.errors import DomainError
from tests.assembly.conftest import NOW
from tests.conftest import login

AGREE, OPPOSE = "agree", "oppose"


@pytest.fixture
def announced(app, db, world, owners, new_meeting):
    """A meeting of compound A with the default 2 days for paper ballots after the close."""

    def make(blank_counts_as_abstain=False):
        assembly_of(world.compound_a).blank_counts_as_abstain = blank_counts_as_abstain
        meeting = new_meeting(paper_days=2)
        with app.test_request_context():
            publish(meeting, actor=world.committee, now=NOW)
        db.session.commit()
        return meeting

    return make


def _paper(meeting, world, key, choices, now, **extra):
    return enter_ballot(
        meeting,
        owner_key=key,
        channel=BallotChannel.PAPER,
        choices=choices,
        actor=world.committee,
        now=now,
        **extra,
    )


def test_paper_ballots_collected_by_the_close_are_entered_in_the_days_after_it(db, world, owners, announced):
    meeting = announced()
    item = meeting.items[0]
    after_close = meeting.voting_closes_at + timedelta(days=1)
    closing_day = date(2026, 12, 31)  # the vote closes 2026-12-31 10:00 Beijing time
    assert status_of(meeting, after_close) == MeetingStatus.COLLECTING
    assert meeting.counted_at == meeting.voting_closes_at + timedelta(days=2)
    with pytest.raises(DomainError, match="收回日期"):
        _paper(
            meeting, world, "B2", {item.id: AGREE}, after_close, collected_on=closing_day + timedelta(days=1)
        )
    ballots = _paper(meeting, world, "B2", {item.id: AGREE}, after_close, collected_on=closing_day)
    assert {b.collected_on for b in ballots} == {closing_day}
    with pytest.raises(DomainError):  # online voting has closed
        cast_online(meeting, owners["A1"], {item.id: OPPOSE}, now=after_close)
    assert tally(meeting, after_close).results_visible is False  # no preliminary result yet
    counted = meeting.counted_at + timedelta(minutes=1)
    assert tally(meeting, counted).results_visible is True
    with pytest.raises(DomainError):  # the preliminary result is out: entry has ended
        _paper(meeting, world, "C3", {item.id: AGREE}, counted, collected_on=closing_day)


def test_a_sheet_entered_for_the_wrong_owner_is_voided_in_the_objection_period(db, world, owners, announced):
    meeting = announced()
    item = meeting.items[0]
    during = meeting.voting_opens_at + timedelta(hours=1)
    (wrong, _blank) = _paper(meeting, world, "B2", {item.id: AGREE}, during)
    cast_online(meeting, owners["A1"], {item.id: AGREE}, now=during)
    db.session.commit()
    objecting = meeting.counted_at + timedelta(hours=1)
    assert tally(meeting, objecting).items[0].participating_owners == 2
    with pytest.raises(DomainError):
        void_sheet(wrong, world.committee, "录错了业主", now=during)  # not during voting
    online = db.session.scalar(select(Ballot).where(Ballot.channel == BallotChannel.ONLINE))
    with pytest.raises(DomainError):
        void_sheet(online, world.committee, "录错了业主", now=objecting)
    voided = void_sheet(wrong, world.committee, "应为 C3 的表决票，录错了业主", now=objecting)
    db.session.commit()
    assert len(voided) == len(meeting.items) and all(b.voided_at for b in voided)
    assert tally(meeting, objecting).items[0].participating_owners == 1
    record = db.session.scalar(select(AuditRecord).where(AuditRecord.action == "ballot_voided"))
    assert record.after["reason"] == "应为 C3 的表决票，录错了业主" and record.actor_id == world.committee.id
    with pytest.raises(DomainError):
        void_sheet(wrong, world.committee, "再作废一次", now=objecting)


@pytest.mark.parametrize("counts", [False, True])
def test_blank_items_and_invalid_ballots_count_as_the_rules_of_procedure_say(
    db, world, owners, announced, counts
):
    meeting = announced(blank_counts_as_abstain=counts)
    first, _second = meeting.items
    during = meeting.voting_opens_at + timedelta(hours=1)
    _paper(meeting, world, "A1", {first.id: AGREE}, during)  # item 2 left blank
    _paper(meeting, world, "B2", {}, during, spoilt=True)  # a spoilt sheet
    db.session.commit()
    result = tally(meeting, meeting.counted_at)
    one, two = result.items
    a1, b2 = 8050 + 6025, 7500
    if counts:  # both take part; blank and invalid count as abstaining
        assert (one.participating_owners, one.figures("abstain")) == (2, (b2, 1))
        assert (two.participating_owners, two.figures("abstain")) == (2, (a1 + b2, 2))
    else:  # only what was marked counts
        assert (one.participating_owners, one.figures("abstain")) == (1, (0, 0))
        assert two.participating_owners == 0


def test_the_rule_on_blank_items_is_shown_in_the_notice_and_the_announcement(
    client, db, world, owners, announced
):
    meeting = announced(blank_counts_as_abstain=True)
    with time_machine.travel(meeting.counted_at + timedelta(hours=1), tick=False):
        login(client, owners["A1"])
        notice = client.get(f"/assembly/meetings/{meeting.id}").get_data(as_text=True)
        announcement = client.get(f"/assembly/meetings/{meeting.id}/announcement").get_data(as_text=True)
    assert "空白议题或废票计为弃权" in notice
    assert "空白议题或废票计为弃权" in announcement


def test_the_paper_form_records_an_invalid_sheet_with_its_collection_date(
    client, db, world, owners, announced
):
    meeting = announced()
    with time_machine.travel(meeting.voting_closes_at + timedelta(hours=3), tick=False):
        login(client, world.committee)
        response = client.post(
            f"/assembly/meetings/{meeting.id}/paper",
            data={"owner_key": "C3", "channel": "paper", "collected_on": "2026-12-31", "invalid": "y"},
        )
    assert response.status_code == 302
    ballots = db.session.scalars(select(Ballot)).all()
    assert {(b.choice.value, b.collected_on) for b in ballots} == {("invalid", date(2026, 12, 31))}
