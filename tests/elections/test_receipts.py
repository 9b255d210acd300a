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
