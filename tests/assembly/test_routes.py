"""Assembly pages: create, publish, vote on a phone, enter paper ballots, results."""

from datetime import timedelta

import time_machine
from sqlalchemy import func, select

from portal.assembly.models import Ballot, Meeting, MeetingStatus
from tests.assembly.conftest import NOW
from tests.conftest import login


def _create(client, compound_id, opens="2026-12-21T09:00", closes="2026-12-31T18:00", **extra):
    data = {
        "title": "2026年度业主大会",
        "kind": "regular",
        "meeting_form": "written",
        "opens_at": opens,
        "closes_at": closes,
        "items-0-title": "修订管理规约",
        "items-0-description": "详见附件",
        "items-0-matter": "covenant",
        "items-1-title": "续筹维修资金",
        "items-1-matter": "fund_raise",
    }
    data.update(extra)
    return client.post(f"/assembly/compounds/{compound_id}/new", data=data)


def test_committee_creates_publishes_and_owners_vote(client, db, world, owners):
    login(client, world.committee)
    with time_machine.travel(NOW, tick=False):
        response = _create(client, world.compound_a.id)
        assert response.status_code == 302, response.get_data(as_text=True)
        meeting = db.session.scalar(select(Meeting))
        assert [i.matter.value for i in meeting.items] == ["covenant", "fund_raise"]
        page = client.get(f"/assembly/meetings/{meeting.id}").get_data(as_text=True)
        assert "草稿" in page and "发布会议公告" in page
        assert client.post(f"/assembly/meetings/{meeting.id}/publish").status_code == 302
        db.session.refresh(meeting)
        assert meeting.status == MeetingStatus.ANNOUNCED and meeting.total_owners == 4
    with time_machine.travel(meeting.voting_opens_at + timedelta(hours=2), tick=False):
        login(client, owners["A1"])
        page = client.get(f"/assembly/meetings/{meeting.id}/vote").get_data(as_text=True)
        assert "同意" in page and "反对" in page and "弃权" in page
        covenant = meeting.items[0]
        response = client.post(f"/assembly/meetings/{meeting.id}/vote", data={f"item_{covenant.id}": "agree"})
        assert response.status_code == 302 and "/receipt?code=" in response.headers["Location"]
        receipt = client.get(response.headers["Location"]).get_data(as_text=True)
        assert "修订管理规约" in receipt and "同意" in receipt
        login(client, world.committee)
        paper = {"owner_key": "B2", "channel": "paper", f"item_{covenant.id}": "oppose"}
        assert client.post(f"/assembly/meetings/{meeting.id}/paper", data=paper).status_code == 302
        again = client.post(f"/assembly/meetings/{meeting.id}/paper", data=paper)
        assert again.status_code == 409 and "B2 已经以书面方式表决" in again.get_data(as_text=True)
        turnout = client.get(f"/assembly/meetings/{meeting.id}").get_data(as_text=True)
        assert "业主 2 人，面积 215.75 平方米" in turnout  # turnout only: no choices while voting
        assert "140.75" not in turnout and "打印公告" not in turnout
    # A1's online vote on item 1; B2's paper sheet: item 1 as marked, item 2 left blank.
    assert db.session.scalar(select(func.count(Ballot.id))) == 3
    with time_machine.travel(meeting.voting_closes_at + timedelta(hours=1), tick=False):
        login(client, owners["C3"])  # paper ballots are still being entered: no result yet
        assert client.get(f"/assembly/meetings/{meeting.id}/announcement").status_code == 404
    with time_machine.travel(meeting.counted_at + timedelta(hours=1), tick=False):
        login(client, owners["C3"])
        page = client.get(f"/assembly/meetings/{meeting.id}/announcement").get_data(as_text=True)
        assert "初步结果" in page and "未通过" in page
        assert "书面及委托表决票录入人：业委会委员" in page


def test_an_early_opening_is_refused_on_publish(client, db, world):
    login(client, world.committee)
    with time_machine.travel(NOW, tick=False):
        _create(client, world.compound_a.id, opens="2026-12-10T09:00", closes="2026-12-20T09:00")
        meeting = db.session.scalar(select(Meeting))
        response = client.post(f"/assembly/meetings/{meeting.id}/publish", follow_redirects=True)
        assert "最早为 2026-12-16 10:00" in response.get_data(as_text=True)
        assert db.session.get(Meeting, meeting.id).status == MeetingStatus.DRAFT


def test_a_meeting_without_items_or_with_a_short_window_is_refused(client, db, world):
    login(client, world.committee)
    empty = {"items-0-title": "", "items-0-matter": "", "items-1-title": "", "items-1-matter": ""}
    assert _create(client, world.compound_a.id, **empty).status_code == 422
    assert _create(client, world.compound_a.id, closes="2026-12-24T09:00").status_code == 422
    assert db.session.scalar(select(func.count(Meeting.id))) == 0


def test_drafts_are_hidden_from_owners_and_other_compounds(client, db, world, owners):
    login(client, world.committee)
    _create(client, world.compound_a.id)
    meeting = db.session.scalar(select(Meeting))
    login(client, owners["A1"])
    assert client.get(f"/assembly/meetings/{meeting.id}").status_code == 404
    assert "2026年度业主大会" not in client.get(f"/assembly/compounds/{world.compound_a.id}").get_data(
        as_text=True
    )
    login(client, world.fred)
    assert client.get(f"/assembly/meetings/{meeting.id}").status_code == 404
    assert client.get(f"/assembly/compounds/{world.compound_a.id}").status_code == 403
    assert client.post(f"/assembly/meetings/{meeting.id}/publish").status_code == 404


def test_a_refused_vote_leaves_nothing_behind(app, client, db, world, owners, new_meeting):
    from portal.assembly.models import BallotChannel
    from portal.assembly.services import enter_ballot, publish
    from portal.registration.services import claim_unit, verify_claim
    from tests.assembly.conftest import unit_named

    a = world.compound_a
    verify_claim(
        claim_unit(owners["A1"], unit_named(a, "1号楼", "201"), "CERT"),
        world.committee,
        certificate_checked=True,
    )  # also B2's
    meeting = new_meeting()
    with app.test_request_context():
        publish(meeting, actor=world.committee, now=NOW)
    during = meeting.voting_opens_at + timedelta(hours=1)
    item = meeting.items[0]
    enter_ballot(
        meeting,
        owner_key="B2",
        channel=BallotChannel.PAPER,
        choices={item.id: "oppose"},
        actor=world.committee,
        now=during,
    )
    db.session.commit()
    with time_machine.travel(during, tick=False):
        login(client, owners["A1"])
        response = client.post(f"/assembly/meetings/{meeting.id}/vote", data={f"item_{item.id}": "agree"})
        assert response.status_code == 409 and "B2 已经以书面方式表决" in response.get_data(as_text=True)
    assert {b.channel for b in db.session.scalars(select(Ballot))} == {BallotChannel.PAPER}


def test_a_draft_can_be_changed_until_it_is_published(client, db, world):
    login(client, world.committee)
    with time_machine.travel(NOW, tick=False):
        _create(client, world.compound_a.id)
        meeting = db.session.scalar(select(Meeting))
        form = client.get(f"/assembly/meetings/{meeting.id}/edit").get_data(as_text=True)
        assert "修订管理规约" in form and "2026-12-21T09:00" in form
        changed = {
            "title": "2026年度业主大会（修订）",
            "kind": "extraordinary",
            "meeting_form": "collective",
            "opens_at": "2026-12-22T09:00",
            "closes_at": "2026-12-30T09:00",
            "items-0-title": "修订管理规约（第二稿）",
            "items-0-matter": "covenant",
        }
        assert client.post(f"/assembly/meetings/{meeting.id}/edit", data=changed).status_code == 302
        db.session.refresh(meeting)
        assert meeting.title == "2026年度业主大会（修订）" and meeting.kind.value == "extraordinary"
        assert [(i.number, i.title) for i in meeting.items] == [(1, "修订管理规约（第二稿）")]
        client.post(f"/assembly/meetings/{meeting.id}/publish")
        response = client.post(f"/assembly/meetings/{meeting.id}/edit", data=dict(changed, title="改"))
        assert response.status_code == 302
    db.session.refresh(meeting)
    assert meeting.title == "2026年度业主大会（修订）"


def test_a_draft_with_many_items_is_edited_whole_and_items_are_added_and_removed(client, db, world):
    """A draft made through the API with seven items: the web edit page shows all seven, and
    saving it keeps them (before, the page had five slots and dropped items 6 and 7)."""
    from portal.assembly.models import Meeting, MeetingForm, MeetingKind
    from portal.assembly.rules import Matter
    from portal.assembly.services import ItemDraft, create_meeting

    opens = NOW + timedelta(days=20)
    meeting = create_meeting(
        world.compound_a,
        title="七项议题",
        kind=MeetingKind.REGULAR,
        form=MeetingForm.WRITTEN,
        opens_at=opens,
        closes_at=opens + timedelta(days=10),
        items=[ItemDraft(f"议题{n}", "", Matter.OTHER_MAJOR) for n in range(1, 8)],
        actor=world.committee,
    )
    db.session.commit()
    login(client, world.committee)
    page = client.get(f"/assembly/meetings/{meeting.id}/edit").get_data(as_text=True)
    assert "议题7" in page and 'name="items-6-title"' in page
    data = {
        "title": "七项议题",
        "kind": "regular",
        "meeting_form": "written",
        "opens_at": "2026-12-21T10:00",
        "closes_at": "2026-12-31T10:00",
        **{f"items-{n}-title": f"议题{n + 1}" for n in range(7)},
        **{f"items-{n}-matter": "other_major" for n in range(7)},
    }
    added = client.post(f"/assembly/meetings/{meeting.id}/edit", data={**data, "add_item": "1"})
    assert added.status_code == 200 and 'name="items-7-title"' in added.get_data(as_text=True)
    removed = client.post(f"/assembly/meetings/{meeting.id}/edit", data={**data, "remove_item": "2"})
    text = removed.get_data(as_text=True)
    assert removed.status_code == 200 and "议题3" not in text and 'name="items-5-title"' in text
    assert 'name="items-6-title"' not in text
    with time_machine.travel(NOW, tick=False):
        saved = client.post(f"/assembly/meetings/{meeting.id}/edit", data=data)
    assert saved.status_code == 302
    db.session.expire_all()
    assert [item.title for item in db.session.get(Meeting, meeting.id).items] == [
        f"议题{n}" for n in range(1, 8)
    ]
