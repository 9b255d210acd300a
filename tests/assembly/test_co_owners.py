"""Co-owners count as one owner (法释〔2009〕7号 Art. 9): either may change the group's online
vote, but never silently (issue 9): the history keeps the earlier choice, the earlier voter's
receipt and the vote page say who changed it when, and the earlier voter is told."""

from datetime import timedelta

import time_machine
from sqlalchemy import select

from portal.assembly.models import Ballot, BallotChange, BallotChoice
from portal.assembly.services import cast_online, publish
from portal.notifications.models import Notification
from tests.assembly.conftest import NOW
from tests.conftest import login


def test_a_co_owner_changes_the_groups_vote_and_the_earlier_voter_sees_it(
    app, client, db, world, owners, new_meeting
):
    meeting = new_meeting()
    with app.test_request_context():
        publish(meeting, actor=world.committee, now=NOW)
    first, second = meeting.items
    during = meeting.voting_opens_at + timedelta(hours=1)
    earlier = cast_online(
        meeting, owners["C3"], {first.id: BallotChoice.AGREE, second.id: BallotChoice.AGREE}, now=during
    )
    later_time = during + timedelta(hours=2)
    with app.test_request_context():
        cast_online(meeting, owners["C3b"], {first.id: BallotChoice.OPPOSE}, now=later_time)
    db.session.commit()
    # One ballot per group and item still; the first item's earlier choice is kept in its history.
    [change] = db.session.scalars(select(BallotChange)).all()
    assert change.previous_choice == BallotChoice.AGREE and change.previous_cast_by_id == owners["C3"].id
    assert change.previous_receipt == earlier and change.changed_by_id == owners["C3b"].id
    assert db.session.get(Ballot, change.ballot_id).choice == BallotChoice.OPPOSE
    [told] = db.session.scalars(select(Notification).where(Notification.kind == "ballot_changed")).all()
    assert told.user_id == owners["C3"].id and earlier in told.url
    with time_machine.travel(later_time + timedelta(minutes=5), tick=False):
        login(client, owners["C3"])
        receipt = client.get(f"/assembly/meetings/{meeting.id}/receipt?code={earlier}").get_data(as_text=True)
        assert "议题2" in receipt  # the item not changed still stands on her receipt
        assert "由丁于2026-12-21 13:00更改；您原来的选择是同意，现在是反对" in receipt
        receipts = client.get("/assembly/receipts").get_data(as_text=True)
        assert "共有人更改了您的部分网上表决" in receipts and "您原来的选择是同意，现在是反对" in receipts
        vote = client.get(f"/assembly/meetings/{meeting.id}/vote").get_data(as_text=True)
        assert "由丁于2026-12-21 13:00更改；此前的选择：同意（丙）" in vote


def test_changing_ones_own_vote_keeps_no_history(db, world, owners, new_meeting, app):
    meeting = new_meeting()
    with app.test_request_context():
        publish(meeting, actor=world.committee, now=NOW)
    item = meeting.items[0]
    during = meeting.voting_opens_at + timedelta(hours=1)
    cast_online(meeting, owners["C3"], {item.id: BallotChoice.AGREE}, now=during)
    cast_online(meeting, owners["C3"], {item.id: BallotChoice.OPPOSE}, now=during + timedelta(minutes=1))
    assert db.session.scalars(select(BallotChange)).all() == []
