"""Election receipts on the assembly's "my receipts" page (through `portal.receipts`): each
online vote that still stands, with its candidates, only to the person who cast it."""

from __future__ import annotations

from portal.elections import services
from portal.receipts import receipts_for
from tests.conftest import login
from tests.elections.conftest import DURING


def _vote(app, election, user, numbers, now=DURING):
    with app.test_request_context():
        return services.cast_online(
            election, user, services.read_candidates(election, numbers, by="number"), now=now
        )


def test_the_standing_receipt_is_listed_with_its_candidates(app, client, db, world, owners, listed_election):
    replaced = _vote(app, listed_election, owners["A1"], [1])
    code = _vote(app, listed_election, owners["A1"], [2, 3])
    db.session.commit()
    with app.test_request_context():
        (receipt,) = receipts_for(owners["A1"])
        assert (receipt.code, receipt.title, receipt.compound) == (
            code,
            listed_election.title,
            world.compound_a.name,
        )
        assert receipt.choices == ["2. 乙", "3. 王五"]
        assert receipt.receipt_url == f"/elections/{listed_election.id}/receipt?code={code}"
        assert receipts_for(owners["B2"]) == []
    login(client, owners["A1"])
    page = client.get("/assembly/receipts").get_data(as_text=True)
    assert "data-other-receipts" in page and listed_election.title in page
    assert code in page and replaced not in page and "王五" in page
    assert "/assembly/receipts" in client.get(receipt.receipt_url).get_data(as_text=True)
    login(client, owners["B2"])
    assert code not in client.get("/assembly/receipts").get_data(as_text=True)


def test_a_blank_ballot_has_a_receipt_too(app, db, world, owners, listed_election):
    code = _vote(app, listed_election, owners["B2"], [])
    db.session.commit()
    with app.test_request_context():
        (receipt,) = receipts_for(owners["B2"])
    assert receipt.code == code and len(receipt.choices) == 1 and "1." not in receipt.choices[0]


def test_a_co_owner_replacing_the_ballot_is_never_silent(app, client, db, world, owners, listed_election):
    from portal.elections.models import ElectionBallotChange
    from portal.notifications.models import Notification

    earlier = _vote(app, listed_election, owners["C3"], [1, 3])
    later = _vote(app, listed_election, owners["C3b"], [2])
    db.session.commit()
    change = db.session.query(ElectionBallotChange).one()
    assert (change.previous_numbers, change.previous_receipt) == ([1, 3], earlier)
    assert change.previous_cast_by_id == owners["C3"].id and change.changed_by_id == owners["C3b"].id
    told = db.session.query(Notification).filter_by(kind="ballot_changed").one()
    assert told.user_id == owners["C3"].id and earlier in told.url
    with app.test_request_context():
        codes = {r.code: r for r in receipts_for(owners["C3"])}
    assert earlier in codes and "丁" in codes[earlier].choices[0]
    login(client, owners["C3"])
    page = client.get(f"/elections/{listed_election.id}/receipt?code={earlier}").get_data(as_text=True)
    assert "data-ballot-change" in page and "丁" in page
    vote_page = client.get(f"/elections/{listed_election.id}/vote").get_data(as_text=True)
    assert "data-ballot-change" in vote_page
    assert later != earlier
