"""Election pages through the test client: the committee drafts, opens and publishes; an owner
stands and votes (blank and with choices); the result and the committee page; a committee
meeting with attendance, a decision that is not adopted, minutes published."""

from datetime import timedelta
from unittest import mock

from portal.columns import utcnow
from portal.elections import services
from portal.elections.models import CommitteeMeeting, Election, ElectionStatus
from tests.conftest import login
from tests.elections.access_ids import election_ids


def _local(moment):
    return (moment + timedelta(hours=8)).strftime("%Y-%m-%dT%H:%M")


def test_the_committee_drafts_an_election_and_the_seat_rule_is_shown(client, db, world):
    login(client, world.committee)
    now = utcnow()
    form = {
        "title": "第二届业委会选举",
        "seats": "4",
        "alternates": "1",
        "term_years": "5",
        "nominations_close_at": _local(now + timedelta(days=2)),
        "voting_opens_at": _local(now + timedelta(days=20)),
        "voting_closes_at": _local(now + timedelta(days=30)),
    }
    refused = client.post(f"/elections/compounds/{world.compound_a.id}/new", data=form)
    assert refused.status_code == 422 and "11" in refused.get_data(as_text=True)
    saved = client.post(f"/elections/compounds/{world.compound_a.id}/new", data=form | {"seats": "3"})
    assert saved.status_code == 302
    election = db.session.query(Election).one()
    assert client.post(f"/elections/{election.id}/open").status_code == 302
    assert db.session.get(Election, election.id).status == ElectionStatus.NOMINATING


def test_an_owner_stands_then_votes_and_sees_the_receipt(app, client, db, world, owners, new_election):
    election = new_election(
        nominations_close_at=utcnow() + timedelta(days=1),
        voting_opens_at=utcnow() + timedelta(days=20),
        voting_closes_at=utcnow() + timedelta(days=30),
    )
    services.open_nominations(election, actor=world.committee)
    db.session.commit()
    login(client, owners["B2"])
    page = client.get(f"/elections/{election.id}")
    assert "Stand for the committee" in page.get_data(as_text=True) or "参选" in page.get_data(as_text=True)
    assert client.post(f"/elections/{election.id}/stand", data={"statement": "退休教师"}).status_code == 302
    with app.test_request_context():
        services.publish_list(
            db.session.get(Election, election.id),
            actor=world.committee,
            now=utcnow() + timedelta(days=1, hours=1),
        )
    db.session.commit()
    candidate = db.session.get(Election, election.id).candidates[0]
    later = utcnow() + timedelta(days=20, hours=1)
    with (
        mock.patch("portal.elections.services.online.utcnow", return_value=later),
        mock.patch("portal.elections.services.elections.utcnow", return_value=later),
        mock.patch("portal.columns.utcnow", return_value=later),
    ):
        voted = client.post(f"/elections/{election.id}/vote", data={"candidates": [str(candidate.id)]})
        assert voted.status_code == 302
        receipt = client.get(voted.headers["Location"])
    assert "乙" in receipt.get_data(as_text=True)


def test_the_committee_page_and_a_meeting(app, client, db, world, owners):
    with app.test_request_context():
        ids = election_ids(world, db, owners["A1"])
    login(client, world.committee)
    page = client.get(f"/elections/committee/{world.compound_a.id}").get_data(as_text=True)
    assert "甲" in page
    meeting = db.session.get(CommitteeMeeting, ids["cm_draft"])
    present = {f"member_{m.id}": "present" for m in meeting.term.members}
    assert client.post(f"/elections/meetings/{meeting.id}/attendance", data=present).status_code == 302
    for text, votes in (("修缮车棚", "2"), ("更换门禁", "1")):
        data = {"text": text, "votes_for": votes, "votes_against": "0", "abstentions": "0"}
        client.post(f"/elections/meetings/{meeting.id}/decisions", data=data)
    db.session.expire_all()
    meeting = db.session.get(CommitteeMeeting, ids["cm_draft"])
    assert [d.adopted for d in meeting.decisions] == [True, False]  # 2 of 3 members; 1 of 3
    client.post(f"/elections/meetings/{meeting.id}/minutes", data={"minutes": "讨论车棚"})
    assert client.post(f"/elections/meetings/{meeting.id}/publish").status_code == 302
    login(client, owners["B2"])
    shown = client.get(f"/elections/meetings/{meeting.id}").get_data(as_text=True)
    assert "修缮车棚" in shown and "讨论车棚" in shown
