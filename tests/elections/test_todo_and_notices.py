"""The elections' to-do items (an owner's vote; the committee's term reminders and decisions to
post) and the preliminary result posted by the delivery command's scan."""

from datetime import timedelta
from unittest import mock

from portal.elections import services
from portal.elections.notices import post_preliminary_results
from portal.elections.todo import election_ballots_to_cast, term_reminders_due
from portal.notices.models import Notice
from portal.notifications.models import Notification
from tests.elections.access_ids import election_ids
from tests.elections.conftest import CLOSES, DURING


def test_an_owner_is_asked_to_vote_until_their_group_has(app, db, world, owners):
    with app.test_request_context():
        election_ids(world, db, owners["A1"])
        items = election_ballots_to_cast(owners["B2"])
        assert [i.kind for i in items] == ["election_vote"] and "第二届业委会选举" in items[0].title
        assert election_ballots_to_cast(world.resident) == []
        election = services.elections_of(world.compound_a, with_drafts=False)[0]
        services.cast_online(election, owners["B2"], [])
        assert election_ballots_to_cast(owners["B2"]) == []


def test_the_committee_sees_its_reminders_and_decisions_to_post(app, db, world, owners):
    with app.test_request_context():
        election_ids(world, db, owners["A1"])
        kinds = [i.kind for i in term_reminders_due(world.committee)]
        assert kinds.count("committee_first_meeting") == 1 and "committee_filing" in kinds
        assert term_reminders_due(owners["B2"]) == []


def test_decisions_not_yet_posted_are_due_in_three_days(app, db, world, owners):
    from portal.elections.models import CommitteeMeeting
    from portal.elections.services import committee_meetings as meetings

    with app.test_request_context():
        ids = election_ids(world, db, owners["A1"])
        meeting = db.session.get(CommitteeMeeting, ids["cm_draft"])
        meetings.record_attendance(
            meeting, {m.id: meetings.Attendance.PRESENT for m in meeting.term.members}, actor=world.committee
        )
        meetings.add_decision(
            meeting, "修缮车棚", votes_for=2, votes_against=0, abstentions=0, actor=world.committee
        )
        later = meeting.held_at + timedelta(hours=1)
        with mock.patch("portal.elections.services.committee_meetings.utcnow", return_value=later):
            due = [i for i in term_reminders_due(world.committee) if i.kind == "committee_decisions"]
        assert len(due) == 1 and due[0].due_at == meeting.held_at + timedelta(days=3)


def test_the_scan_posts_the_preliminary_result_once(app, db, world, owners, listed_election):
    with app.test_request_context():
        services.cast_online(listed_election, owners["A1"], [], now=DURING)
        assert post_preliminary_results(None, now=DURING) == 0
        assert post_preliminary_results(None, now=CLOSES + timedelta(hours=1)) == 1
        assert post_preliminary_results(None, now=CLOSES + timedelta(hours=2)) == 0
    notice = db.session.query(Notice).filter_by(source=f"election:{listed_election.id}:preliminary").one()
    assert "异议" in notice.body or "object" in notice.body
    assert db.session.query(Notification).filter_by(kind="election_result").count() == 4


def test_an_outgoing_term_still_in_its_dates_gives_no_reminders(app, db, world, owners):
    from datetime import date

    from portal.elections.models import CommitteeTerm, Election, ElectionStatus

    with app.test_request_context():
        election_ids(world, db, owners["A1"])
        (new,) = services.terms_of(world.compound_a)
        today = date.today()
        earlier = Election(
            compound_id=world.compound_a.id,
            title="第一届",
            status=ElectionStatus.FINAL,
            seats=5,
            alternates=0,
            term_years=5,
            nominations_close_at=CLOSES - timedelta(days=5 * 365 + 30),
            voting_opens_at=CLOSES - timedelta(days=5 * 365 + 20),
            voting_closes_at=CLOSES - timedelta(days=5 * 365 + 10),
            counted_at=CLOSES - timedelta(days=5 * 365 + 10),
            objection_days=7,
        )
        db.session.add(earlier)
        db.session.flush()
        # The outgoing term: five years almost over, never filed, no chair — all its reminders due.
        outgoing = CommitteeTerm(
            compound_id=world.compound_a.id,
            election_id=earlier.id,
            starts_on=today - timedelta(days=5 * 365 - 30),
            ends_on=today + timedelta(days=30),
        )
        db.session.add(outgoing)
        db.session.flush()
        assert services.current_term(world.compound_a).id == new.id
        kinds = [i.kind for i in term_reminders_due(world.committee)]
    assert "committee_reelection" not in kinds
    assert kinds.count("committee_first_meeting") == 1 and kinds.count("committee_filing") == 1
