"""The assembly's to-do providers: owners' ballots to cast, the committee's work on each meeting
(drafts, paper ballots, objections, final announcements) and community staff's compounds."""

from datetime import timedelta

import pytest
import time_machine

from portal.assembly.establishment import sign_application
from portal.assembly.models import BallotChannel, BallotChoice
from portal.assembly.services import answer_objection, cast_online, enter_ballot, file_objection, publish
from portal.registration.services import claim_unit, verify_claim
from portal.todo import todo_for
from tests.assembly.conftest import NOW, unit_named

AGREE = BallotChoice.AGREE


@pytest.fixture
def todo(app):
    """The to-do of a user as the home page computes it (in a request, in Chinese)."""

    def of(user, kind=None):
        with app.test_request_context():
            items = todo_for(user)
        return [item for item in items if kind is None or item.kind == kind]

    return of


@pytest.fixture
def voting(app, db, world, new_meeting):
    """A meeting of compound A published at NOW; `during` is an hour after voting opens."""
    meeting = new_meeting()
    with app.test_request_context():
        publish(meeting, actor=world.committee, now=NOW)
    db.session.commit()
    return meeting, meeting.voting_opens_at + timedelta(hours=1)


def test_an_owner_has_a_vote_to_cast_until_every_item_is_voted(db, todo, world, owners, voting):
    meeting, during = voting
    first, second = meeting.items
    assert todo(owners["A1"], "vote") == []  # not open yet
    with time_machine.travel(during, tick=False):
        [item] = todo(owners["A1"], "vote")
        assert item.title == "对《2026年第一次业主大会》投票"
        assert item.url == f"/assembly/meetings/{meeting.id}/vote"
        assert item.due_at == meeting.voting_closes_at and item.button_label == "立即投票"
        cast_online(meeting, owners["A1"], {first.id: AGREE}, now=during)
        assert len(todo(owners["A1"], "vote")) == 1  # one item still open
        cast_online(meeting, owners["A1"], {first.id: AGREE, second.id: AGREE}, now=during)
        assert todo(owners["A1"], "vote") == []
        cast_online(meeting, owners["C3"], {first.id: AGREE, second.id: AGREE}, now=during)
        assert todo(owners["C3b"], "vote") == []  # a co-owner voted for the same group
        enter_ballot(
            meeting,
            owner_key="B2",
            channel=BallotChannel.PAPER,
            choices={first.id: AGREE, second.id: AGREE},
            actor=world.committee,
            now=during,
        )
        assert todo(owners["B2"], "vote") == []  # voted on paper
    with time_machine.travel(meeting.voting_closes_at + timedelta(hours=1), tick=False):
        assert todo(owners["C3"], "vote") == []  # voting closed


def test_the_committee_sees_each_kind_of_work_as_the_meeting_goes_on(
    app, db, todo, world, owners, new_meeting
):
    meeting = new_meeting()
    db.session.commit()
    with time_machine.travel(NOW, tick=False):
        [draft] = todo(world.committee, "publish_draft")
        assert draft.title == "发布《2026年第一次业主大会》的会议公告"
        assert draft.due_at == meeting.voting_opens_at - timedelta(days=15)
    with app.test_request_context():
        publish(meeting, actor=world.committee, now=NOW)
    db.session.commit()
    assert todo(world.committee, "publish_draft") == []
    with time_machine.travel(meeting.voting_opens_at + timedelta(hours=1), tick=False):
        [paper] = todo(world.committee, "enter_paper_ballots")
        assert (
            paper.url == f"/assembly/meetings/{meeting.id}/paper" and paper.due_at == meeting.voting_closes_at
        )
    after = meeting.voting_closes_at + timedelta(days=1)
    objection = file_objection(meeting, owners["C3"], "请复核", now=after)
    db.session.commit()
    with time_machine.travel(after, tick=False):
        assert todo(world.committee, "enter_paper_ballots") == []
        [answer] = todo(world.committee, "answer_objection")
        assert answer.title == "答复《2026年第一次业主大会》的 1 条异议"
        assert answer.url.endswith("#objections")
        assert answer.due_at == meeting.voting_closes_at + timedelta(days=meeting.objection_days)
        assert todo(world.committee, "finalise_meeting") == []
    answer_objection(objection, world.committee, "已复核", now=after)
    db.session.commit()
    with time_machine.travel(after, tick=False):
        assert todo(world.committee, "answer_objection") == []
        assert todo(world.committee, "finalise_meeting") == []  # the objection period runs on
    with time_machine.travel(meeting.voting_closes_at + timedelta(days=8), tick=False):
        [final] = todo(world.committee, "finalise_meeting")
        assert final.title == "发布《2026年第一次业主大会》的最终公告"
    assert todo(world.fred, "finalise_meeting") == []  # another compound's committee


def test_community_staff_see_compounds_without_a_committee_and_waiting_applications(db, todo, world):
    [without] = todo(world.staff, "no_committee")
    assert without.title == "延中小区还没有业主委员会"  # compound C; A has a committee, B is elsewhere
    assert without.url == f"/assembly/compounds/{world.compound_c.id}/establishment"
    owner = claim_unit(world.resident, unit_named(world.compound_c, "1号楼", "101"), "CERT")
    verify_claim(owner, world.staff, certificate_checked=True)
    sign_application(world.compound_c, world.resident, now=NOW)
    db.session.commit()
    assert todo(world.staff, "no_committee") == []
    [group] = todo(world.staff, "form_preparatory_group")
    assert group.title == "为延中小区组建筹备组" and group.due_at == NOW + timedelta(days=60)
    assert todo(world.committee, "form_preparatory_group") == todo(world.admin) == []


def test_staff_of_a_community_with_several_compounds_without_a_committee_get_one_item(db, todo, world):
    from portal.places.models import Compound

    db.session.add(Compound(name="东关小区", community=world.community))
    db.session.commit()
    [without] = todo(world.staff, "no_committee")
    assert without.title == "南关社区有 2 个小区还没有业主委员会：东关小区、延中小区"
    assert without.url == "/registration/review"
