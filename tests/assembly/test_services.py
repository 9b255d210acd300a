"""Meetings: the notice period, the clock-driven states, ballots on every channel."""

from datetime import timedelta

import pytest
import time_machine
from flask_babel import force_locale
from sqlalchemy import func, select

from portal.assembly.models import Ballot, BallotChannel, BallotChoice, MeetingStatus
from portal.assembly.services import (
    ballots_by_receipt,
    cancel,
    cast_online,
    enter_ballot,
    finalise,
    publish,
    status_of,
)
from portal.errors import ConflictError, DomainError
from tests.assembly.conftest import NOW, authorisation

AGREE, OPPOSE, ABSTAIN = BallotChoice.AGREE, BallotChoice.OPPOSE, BallotChoice.ABSTAIN


def test_the_voting_window_is_five_to_sixty_days(new_meeting):
    for days in (4, 61):
        with pytest.raises(DomainError):
            new_meeting(days=days)
    assert new_meeting(days=5) and new_meeting(days=60)


def test_an_early_opening_is_refused_with_the_earliest_date(app, new_meeting, world):
    meeting = new_meeting(opens_in=14)
    with app.test_request_context(), force_locale("en"), pytest.raises(DomainError) as refused:
        publish(meeting, actor=world.committee, now=NOW)
    with force_locale("en"):
        message = str(refused.value.message)
    assert "15 days" in message and "2026-12-16 10:00" in message  # Asia/Shanghai
    assert meeting.status == MeetingStatus.DRAFT


def test_publishing_freezes_the_roster(app, db, new_meeting, world):
    meeting = new_meeting(opens_in=15)
    with app.test_request_context():
        publish(meeting, actor=world.committee, now=NOW)
    assert (meeting.total_area_hundredths, meeting.total_owners) == (46475, 4)
    assert meeting.status == MeetingStatus.ANNOUNCED and meeting.announced_at == NOW
    with pytest.raises(DomainError):
        publish(meeting, actor=world.committee, now=NOW)


def test_states_follow_the_clock(app, db, new_meeting, world):
    meeting = new_meeting()
    with app.test_request_context():
        publish(meeting, actor=world.committee, now=NOW)
    opens, closes = meeting.voting_opens_at, meeting.voting_closes_at
    assert status_of(meeting, opens - timedelta(seconds=1)) == MeetingStatus.ANNOUNCED
    assert status_of(meeting, opens) == MeetingStatus.VOTING
    assert status_of(meeting, closes - timedelta(seconds=1)) == MeetingStatus.VOTING
    assert status_of(meeting, closes) == MeetingStatus.COUNTED
    with time_machine.travel(closes + timedelta(days=1), tick=False):
        assert status_of(meeting) == MeetingStatus.COUNTED
        with app.test_request_context(), pytest.raises(DomainError):
            finalise(meeting, actor=world.committee)
    with time_machine.travel(closes + timedelta(days=7), tick=False):
        with app.test_request_context():
            finalise(meeting, actor=world.committee)
        assert status_of(meeting) == MeetingStatus.FINAL


def test_cancel_only_before_voting(app, db, new_meeting, world):
    meeting = new_meeting()
    with app.test_request_context():
        publish(meeting, actor=world.committee, now=NOW)
    with pytest.raises(DomainError):
        cancel(meeting, "改期", actor=world.committee, now=meeting.voting_opens_at)
    with pytest.raises(DomainError):
        cancel(meeting, " ", actor=world.committee, now=NOW)
    cancel(meeting, "改期", actor=world.committee, now=NOW)
    assert status_of(meeting, meeting.voting_opens_at) == MeetingStatus.CANCELLED


@pytest.fixture
def voting(app, db, new_meeting, world, owners):
    meeting = new_meeting()
    with app.test_request_context():
        publish(meeting, actor=world.committee, now=NOW)
    db.session.commit()
    return meeting, meeting.voting_opens_at + timedelta(hours=1)


def test_online_votes_can_change_until_close_and_leave_a_receipt(db, voting, owners):
    meeting, during = voting
    covenant, fund = meeting.items
    first = cast_online(meeting, owners["A1"], {covenant.id: AGREE}, now=during)
    second = cast_online(meeting, owners["A1"], {covenant.id: OPPOSE, fund.id: ABSTAIN}, now=during)
    ballots = db.session.scalars(select(Ballot).where(Ballot.meeting_id == meeting.id)).all()
    assert sorted((b.item_id, b.choice) for b in ballots) == [(covenant.id, OPPOSE), (fund.id, ABSTAIN)]
    assert ballots_by_receipt(meeting, second.lower()) and not ballots_by_receipt(meeting, first)
    with pytest.raises(DomainError):
        cast_online(meeting, owners["A1"], {covenant.id: AGREE}, now=meeting.voting_closes_at)


def test_co_owners_share_one_ballot_per_item(db, voting, owners):
    meeting, during = voting
    item = meeting.items[0]
    cast_online(meeting, owners["C3"], {item.id: AGREE}, now=during)
    cast_online(meeting, owners["C3b"], {item.id: OPPOSE}, now=during)
    ballots = db.session.scalars(select(Ballot).where(Ballot.item_id == item.id)).all()
    assert [(b.owner.owner_key, b.choice, b.cast_by.name) for b in ballots] == [("C3", OPPOSE, "丁")]


def test_a_group_with_a_paper_ballot_cannot_vote_again_on_any_channel(app, db, voting, owners, world):
    meeting, during = voting
    item = meeting.items[0]
    enter_ballot(
        meeting,
        owner_key="B2",
        channel=BallotChannel.PAPER,
        choices={item.id: AGREE},
        actor=world.committee,
        now=during,
    )
    with app.test_request_context(), force_locale("en"):
        with pytest.raises(ConflictError) as online:
            cast_online(meeting, owners["B2"], {item.id: OPPOSE}, now=during)
        assert "B2 already voted on paper (业委会委员" in str(online.value.message)
        with pytest.raises(ConflictError):
            enter_ballot(
                meeting,
                owner_key="B2",
                channel=BallotChannel.PROXY,
                proxy_name="代理人",
                authorisation=authorisation(),
                choices={item.id: OPPOSE},
                actor=world.committee,
                now=during,
            )
    # One paper sheet: item 1 as marked, the item left empty recorded as blank.
    assert db.session.scalar(select(func.count(Ballot.id))) == len(meeting.items)


def test_an_online_ballot_blocks_a_paper_one(db, voting, owners, world):
    meeting, during = voting
    item = meeting.items[0]
    cast_online(meeting, owners["A1"], {item.id: AGREE}, now=during)
    with pytest.raises(ConflictError):
        enter_ballot(
            meeting,
            owner_key="A1",
            channel=BallotChannel.PAPER,
            choices={item.id: OPPOSE},
            actor=world.committee,
            now=during,
        )


def test_the_developer_votes_by_proxy_under_the_reserved_key(db, voting, world):
    meeting, during = voting
    item = meeting.items[0]
    with pytest.raises(DomainError):
        enter_ballot(
            meeting,
            owner_key="@developer",
            channel=BallotChannel.PROXY,
            choices={item.id: AGREE},
            actor=world.committee,
            now=during,
        )
    (ballot, _blank) = enter_ballot(
        meeting,
        owner_key="@developer",
        channel=BallotChannel.PROXY,
        proxy_name="开发商代表",
        authorisation=authorisation(),
        choices={item.id: AGREE},
        actor=world.committee,
        now=during,
    )
    assert ballot.owner.area_hundredths == 15900 and ballot.proxy_name == "开发商代表"


def test_people_who_are_not_verified_owners_cannot_vote_online(db, voting, world):
    meeting, during = voting
    with pytest.raises(DomainError):
        cast_online(meeting, world.resident, {meeting.items[0].id: AGREE}, now=during)


def test_unknown_items_and_owner_keys_are_refused(db, voting, owners, world):
    meeting, during = voting
    with pytest.raises(DomainError):
        cast_online(meeting, owners["A1"], {999999: AGREE}, now=during)
    with pytest.raises(DomainError):
        cast_online(meeting, owners["A1"], {}, now=during)
    with pytest.raises(DomainError):
        enter_ballot(
            meeting,
            owner_key="NOPE",
            channel=BallotChannel.PAPER,
            choices={meeting.items[0].id: AGREE},
            actor=world.committee,
            now=during,
        )
