"""Voting in steps: the ballot (with each item's explanation and documents), a review that
records nothing, the confirmation that casts (checked like any vote), then the meeting page,
the receipt and "my receipts". And the words a person is given when they may not vote."""

from datetime import timedelta

import pytest
import time_machine
from sqlalchemy import func, select

from portal.assembly.models import Ballot
from portal.assembly.services import publish
from tests.conftest import login


@pytest.fixture
def voting(app, db, world, new_meeting):
    meeting = new_meeting()
    with app.test_request_context():
        publish(meeting, actor=world.committee, now=meeting.voting_opens_at - timedelta(days=16))
    db.session.commit()
    with time_machine.travel(meeting.voting_opens_at + timedelta(hours=1), tick=False):
        yield meeting


def _ballots(db) -> int:
    return db.session.scalar(select(func.count(Ballot.id)))


def test_the_ballot_shows_each_items_explanation(client, voting, owners):
    login(client, owners["A1"])
    page = client.get(f"/assembly/meetings/{voting.id}/vote").get_data(as_text=True)
    assert page.count("说明") >= 2 and f'action="/assembly/meetings/{voting.id}/vote/review"' in page
    assert "须四分之三以上同意" in page and 'aria-label="什么是四分之三？"' in page


def test_the_review_shows_the_choices_and_records_nothing(client, db, voting, owners):
    first, second = voting.items
    login(client, owners["A1"])
    response = client.post(f"/assembly/meetings/{voting.id}/vote/review", data={f"item_{first.id}": "agree"})
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "您的表决还没有提交" in page
    assert "议题1</span> —" in page and '<strong class="choice choice-agree">同意</strong>' in page
    assert "议题2</span> —" in page and "未选择（不计入表决）" in page
    assert f'name="item_{first.id}" value="agree"' in page and f'name="item_{second.id}"' not in page
    assert "确认提交" in page and "返回修改" in page
    assert _ballots(db) == 0


def test_going_back_keeps_the_choices_and_records_nothing(client, db, voting, owners):
    first = voting.items[0]
    login(client, owners["A1"])
    response = client.post(
        f"/assembly/meetings/{voting.id}/vote", data={f"item_{first.id}": "oppose", "change": "1"}
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "核对我的选择" in page
    assert (
        f'checked class="btn-check" id="item_{first.id}-1" name="item_{first.id}" type="radio" value="oppose"'
        in page
    )
    assert _ballots(db) == 0


def test_confirming_casts_the_vote_and_the_meeting_page_says_so(client, db, voting, owners):
    first, second = voting.items
    login(client, owners["A1"])
    page = client.get(f"/assembly/meetings/{voting.id}").get_data(as_text=True)
    assert "立即投票" in page and "您已于" not in page
    choices = {f"item_{first.id}": "agree", f"item_{second.id}": "oppose"}
    response = client.post(f"/assembly/meetings/{voting.id}/vote", data=choices)
    assert response.status_code == 302 and "/receipt?code=" in response.headers["Location"]
    code = response.headers["Location"].rsplit("=", 1)[1]
    assert _ballots(db) == 2
    page = client.get(f"/assembly/meetings/{voting.id}").get_data(as_text=True)
    assert f"您已于 2026-12-21 11:00 投票 — 回执 {code}" in page
    assert "修改我的表决" in page and "立即投票" not in page
    receipts = client.get("/assembly/receipts").get_data(as_text=True)
    assert "2026年第一次业主大会" in receipts and code in receipts
    assert "1. 议题1 — <strong>同意</strong>" in receipts and "2. 议题2 — <strong>反对</strong>" in receipts
    review = client.post(f"/assembly/meetings/{voting.id}/vote/review", data=choices).get_data(as_text=True)
    assert "这将替换您之前的表决" in review


@pytest.mark.parametrize(
    "tampered",
    [
        {"item_999999": "agree"},  # an item of no meeting
        {"item_{first}": "maybe"},  # not a choice
        {},  # nothing chosen
    ],
)
def test_a_tampered_confirmation_is_checked_like_any_vote(client, db, voting, owners, tampered):
    first = voting.items[0]
    data = {key.format(first=first.id): value for key, value in tampered.items()}
    login(client, owners["A1"])
    for url in (f"/assembly/meetings/{voting.id}/vote", f"/assembly/meetings/{voting.id}/vote/review"):
        assert client.post(url, data=data).status_code == 422, (url, data)
    assert _ballots(db) == 0


def test_a_committee_member_who_is_not_an_owner_is_told_why(client, voting, world):
    login(client, world.committee)
    for url in (f"/assembly/meetings/{voting.id}/vote", f"/assembly/meetings/{voting.id}/receipt"):
        response = client.get(url)
        page = response.get_data(as_text=True)
        assert response.status_code == 403
        assert "只有本小区已核验的业主才能投票。您还不是文宴雅居的已核验业主：请先认领房屋。" in page
        assert (
            f'href="/registration/compounds/{world.compound_a.id}/buildings"' in page and "认领房屋" in page
        )
    login(client, world.fred)  # the meeting is none of his business: nothing is said
    assert client.get(f"/assembly/meetings/{voting.id}/vote").status_code == 404


def test_a_claimant_waiting_for_verification_is_told_so(client, db, world):
    from portal.registration.services import claim_unit

    claim_unit(world.resident, world.compound_a.buildings[0].units[0], "CERT")
    db.session.commit()
    login(client, world.resident)
    response = client.get(f"/assembly/compounds/{world.compound_a.id}")
    page = response.get_data(as_text=True)
    assert response.status_code == 403 and "您在文宴雅居的房屋认领正在等待核验。" in page
    assert 'href="/registration/"' in page


def test_the_api_gives_the_same_explanation(client, voting, world, bearer):
    item = voting.items[0]
    response = client.post(
        f"/api/v1/meetings/{voting.id}/ballots",
        json={"choices": {str(item.id): "agree"}},
        headers=bearer(world.committee),
    )
    assert response.status_code == 403 and response.json["error"] == "forbidden"
    assert response.json["message"].startswith("只有本小区已核验的业主才能投票。")
