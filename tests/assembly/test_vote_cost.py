"""What an online vote costs and what it guarantees on its short path: a constant number of
SQL statements (the page, the API, the ballot and meeting pages, the to-do) whatever the
number of items and owner groups, and a ballot written by someone else between the vote's read
and its write never overwritten unseen."""

from datetime import timedelta

import pytest
import time_machine
from flask_babel import force_locale
from sqlalchemy import func, select, text

from portal.assembly.models import Ballot, BallotChange, BallotChannel, BallotChoice
from portal.assembly.rules import Matter
from portal.assembly.services import cast_online, publish
from portal.assembly.services import online as online_votes
from portal.audit import AuditRecord
from portal.errors import ConflictError, DomainError
from portal.extensions import db as _db
from portal.notifications.models import Notification
from portal.registration.services import claim_unit, verify_claim
from tests.assembly.conftest import NOW, unit_named
from tests.conftest import count_queries, login
from tests.races import race

AGREE, OPPOSE = BallotChoice.AGREE, BallotChoice.OPPOSE
#: The vote POST: begin, the meeting (with its compound and items), the user, the owner check,
#: the voter's groups with their ballots, the upsert, the audit record.
VOTE_STATEMENTS = 7


def _voting(app, db, world, new_meeting, items: int):
    matters = [Matter.COVENANT, Matter.FUND_RAISE, Matter.OTHER_MAJOR, Matter.FUND_USE][:items]
    meeting = new_meeting(matters=matters)
    with app.test_request_context():
        publish(meeting, actor=world.committee, now=NOW)
    db.session.commit()
    return meeting, meeting.voting_opens_at + timedelta(hours=1)


def _second_group(db, world, owner):
    """Make `owner` (A1's owner) a verified owner of B2's unit too: they vote for two groups."""
    claim = claim_unit(owner, unit_named(world.compound_a, "1号楼", "201"), "CERT")
    verify_claim(claim, world.committee, certificate_checked=True)
    db.session.commit()


def _signed_in(client, user, during) -> None:
    """Sign in and make a first request (which marks the session as seen, once in a while)."""
    login(client, user)
    with time_machine.travel(during, tick=False):
        assert client.get("/assembly/receipts").status_code == 200


def _vote_statements(client, meeting, during) -> int:
    data = {f"item_{item.id}": "agree" for item in meeting.items}
    with time_machine.travel(during, tick=False), count_queries(_db.engine) as counted:
        assert client.post(f"/assembly/meetings/{meeting.id}/vote", data=data).status_code == 302
    return counted()


@pytest.mark.parametrize("items", [1, 4])
def test_the_vote_post_runs_the_same_few_statements_for_any_items_and_groups(
    app, client, db, world, owners, new_meeting, items
):
    meeting, during = _voting(app, db, world, new_meeting, items)
    _signed_in(client, owners["A1"], during)
    first = _vote_statements(client, meeting, during)  # every ballot new
    again = _vote_statements(client, meeting, during + timedelta(minutes=1))  # every ballot replaced
    _second_group(db, world, owners["A1"])
    _signed_in(client, owners["A1"], during)
    two_groups = _vote_statements(client, meeting, during + timedelta(minutes=2))
    assert first == again == two_groups <= VOTE_STATEMENTS, (first, again, two_groups)
    ballots = db.session.scalars(select(Ballot).where(Ballot.meeting_id == meeting.id)).all()
    assert len(ballots) == 2 * items and {b.cast_by_id for b in ballots} == {owners["A1"].id}


def test_the_vote_api_runs_as_few_statements(app, client, db, world, owners, new_meeting, bearer):
    meeting, during = _voting(app, db, world, new_meeting, 2)
    headers = bearer(owners["B2"])
    body = {"choices": {str(item.id): "oppose" for item in meeting.items}}
    path = f"/api/v1/meetings/{meeting.id}/ballots"
    with time_machine.travel(during, tick=False):
        assert client.post(path, json=body, headers=headers).status_code == 201  # the token is marked used
        with count_queries(_db.engine) as counted:
            assert client.post(path, json=body, headers=headers).status_code == 201
    assert counted() <= VOTE_STATEMENTS


@pytest.mark.parametrize("url", ["/assembly/meetings/{id}/vote", "/assembly/meetings/{id}", "/"])
def test_pages_that_read_the_voters_groups_do_not_grow_with_groups_or_ballots(
    app, client, db, world, owners, new_meeting, url
):
    meeting, during = _voting(app, db, world, new_meeting, 2)
    items = {item.id: AGREE for item in meeting.items}
    page = url.format(id=meeting.id)

    def statements() -> int:
        with time_machine.travel(during, tick=False), count_queries(_db.engine) as counted:
            assert client.get(page).status_code == 200
        return counted()

    cast_online(meeting, owners["A1"], dict(list(items.items())[:1]), now=during)  # one ballot
    db.session.commit()
    _signed_in(client, owners["A1"], during)
    before = statements()
    _second_group(db, world, owners["A1"])
    cast_online(meeting, owners["A1"], items, now=during)  # two groups, every item
    db.session.commit()
    _signed_in(client, owners["A1"], during)
    assert statements() == before
    # The budget of each page (the meeting page was 11: the meeting comes with its compound's
    # community and its frozen roster; the to-do home 11).
    assert before <= {"/assembly/meetings/{id}/vote": 8, "/assembly/meetings/{id}": 9, "/": 9}[url], before


def _after_reading(monkeypatch, write):
    """Run `write` (SQL) right after the vote has read the voter's ballots: what a concurrent
    request committing at that moment would do."""
    read = online_votes._read_voter

    def read_then_someone_writes(*args):
        found = read(*args)
        _db.session.execute(text(write))
        return found

    monkeypatch.setattr(online_votes, "_read_voter", read_then_someone_writes)


def test_a_co_owners_vote_between_the_read_and_the_write_is_kept_in_the_history(
    app, db, world, owners, new_meeting, monkeypatch
):
    """The upsert replaces only a ballot as it was read: a co-owner's ballot written since is
    read again and replaced with its history (and the co-owner told), never silently."""
    meeting, during = _voting(app, db, world, new_meeting, 2)
    first, second = meeting.items
    with app.test_request_context():
        earlier = cast_online(meeting, owners["C3"], {first.id: AGREE, second.id: AGREE}, now=during)
    db.session.commit()
    co_owner = owners["C3b"].id
    _after_reading(
        monkeypatch,
        f"UPDATE ballots SET receipt = 'MEANWHILE', cast_by_id = {co_owner}, choice = 'abstain' "
        f"WHERE item_id = {first.id}",
    )
    with app.test_request_context():
        cast_online(
            meeting, owners["C3"], {first.id: OPPOSE, second.id: OPPOSE}, now=during + timedelta(hours=1)
        )
    db.session.commit()
    [change] = db.session.scalars(select(BallotChange)).all()
    assert (change.previous_receipt, change.previous_cast_by_id) == ("MEANWHILE", co_owner)
    assert change.previous_choice == BallotChoice.ABSTAIN and change.changed_by_id == owners["C3"].id
    choices = db.session.scalars(select(Ballot.choice).where(Ballot.meeting_id == meeting.id)).all()
    assert choices == [OPPOSE, OPPOSE]
    [told] = db.session.scalars(select(Notification).where(Notification.kind == "ballot_changed")).all()
    assert told.user_id == co_owner and "MEANWHILE" in told.url
    assert earlier != "MEANWHILE"


def test_a_paper_ballot_entered_between_the_read_and_the_write_refuses_the_vote(
    app, db, world, owners, new_meeting, monkeypatch
):
    meeting, during = _voting(app, db, world, new_meeting, 2)
    first, second = meeting.items
    group = db.session.execute(
        text("SELECT id FROM electorate_groups WHERE electorate_id = :e AND owner_key = 'B2'"),
        {"e": meeting.electorate_id},
    ).scalar_one()
    _after_reading(
        monkeypatch,
        "INSERT INTO ballots (meeting_id, item_id, group_id, choice, channel, cast_by_id, proxy_name,"
        f" receipt, cast_at, void_reason) VALUES ({meeting.id}, {second.id}, {group}, 'agree', 'paper',"
        f" {world.committee.id}, '', '', '2026-12-21 03:00:00', '')",
    )
    with app.test_request_context(), pytest.raises(ConflictError) as refused:
        cast_online(meeting, owners["B2"], {first.id: OPPOSE, second.id: OPPOSE}, now=during)
    assert "B2" in str(refused.value.message)


def test_co_owners_voting_at_the_same_moment_leave_one_ballot_and_the_history(
    app, db, world, owners, new_meeting
):
    """Both votes count, one after the other: one ballot per item, the later vote's, and the
    earlier one kept in the history with its receipt (on PostgreSQL the two really overlap)."""
    meeting, during = _voting(app, db, world, new_meeting, 2)
    meeting_id, items = meeting.id, [item.id for item in meeting.items]
    voters = [owners["C3"].id, owners["C3b"].id]

    def vote(user_id, choice):
        from portal.assembly.models import Meeting
        from portal.auth.models import User

        def cast():
            found = _db.session.get(Meeting, meeting_id)
            cast_online(found, _db.session.get(User, user_id), dict.fromkeys(items, choice), now=during)

        return cast

    for attempt in range(3):
        outcomes = race(app, vote(voters[0], AGREE), vote(voters[1], OPPOSE))
        db.session.rollback()
        assert outcomes == ["ok", "ok"], outcomes
        ballots = db.session.scalars(select(Ballot).where(Ballot.meeting_id == meeting_id)).all()
        assert len(ballots) == len(items) and {b.channel for b in ballots} == {BallotChannel.ONLINE}
        [last] = {(b.cast_by_id, b.receipt) for b in ballots}
        records = db.session.scalars(
            select(AuditRecord)
            .where(AuditRecord.action == "ballot_cast_online", AuditRecord.subject_id == meeting_id)
            .order_by(AuditRecord.id)
        ).all()
        receipts = {record.actor_id: record.after["receipt"] for record in records[-2:]}
        earlier = receipts[voters[0] if last[0] == voters[1] else voters[1]]
        changes = db.session.scalars(
            select(BallotChange).where(BallotChange.changed_by_id == last[0]).order_by(BallotChange.id)
        ).all()[-len(items) :]
        assert sorted(c.ballot_id for c in changes) == sorted(b.id for b in ballots)
        assert {c.previous_receipt for c in changes} == {earlier}, attempt
    assert db.session.scalar(select(func.count(Ballot.id)).where(Ballot.meeting_id == meeting_id)) == len(
        items
    )


def test_a_vote_with_a_copy_of_the_meeting_read_before_it_was_cancelled_is_refused(
    app, db, world, owners, new_meeting
):
    """The vote checks in the database, as it reads the voter's ballots, that voting is open:
    a meeting read before another request's change committed is not trusted."""
    meeting, during = _voting(app, db, world, new_meeting, 2)
    stale = {item.id: AGREE for item in meeting.items}
    db.session.execute(text("UPDATE meetings SET status = 'cancelled' WHERE id = :m"), {"m": meeting.id})
    assert meeting.status.value == "announced"  # the copy in hand has not seen it
    with app.test_request_context(), force_locale("en"), pytest.raises(DomainError) as refused:
        cast_online(meeting, owners["B2"], stale, now=during)
    with force_locale("en"):
        assert str(refused.value.message) == "Voting on this meeting is not open."
    assert db.session.scalar(select(func.count(Ballot.id)).where(Ballot.meeting_id == meeting.id)) == 0
