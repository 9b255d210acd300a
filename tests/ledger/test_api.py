"""The ledger's API as the issue writes it: amounts as strings with two decimals, 201 with the
id, 409 for a locked month, a reversal dated today, publishing, the month's account."""

from portal.calendar import beijing_date
from portal.columns import utcnow
from portal.ledger import rules

ENTRY = {"date": "2020-01-06", "category": "parking_rent", "direction": "income", "amount": "200000.00"}


def test_record_publish_reverse_and_read(client, world, db, bearer, owner):
    committee = bearer(world.committee)
    a = world.compound_a.id
    first = client.post(f"/api/v1/compounds/{a}/ledger/entries", json=ENTRY, headers=committee)
    assert first.status_code == 201 and set(first.json) == {"id"}
    spent = {
        **ENTRY,
        "category": "renovation",
        "direction": "spending",
        "amount": "12345.67",
        "counterparty": "施工队",
    }
    assert (
        client.post(f"/api/v1/compounds/{a}/ledger/entries", json=spent, headers=committee).status_code == 201
    )
    published = client.post(f"/api/v1/compounds/{a}/ledger/months/2020-01/publish", headers=committee)
    assert published.status_code == 200 and published.json["published"] is True
    again = client.post(f"/api/v1/compounds/{a}/ledger/months/2020-01/publish", headers=committee)
    assert again.status_code == 409
    locked = client.post(f"/api/v1/compounds/{a}/ledger/entries", json=ENTRY, headers=committee)
    assert locked.status_code == 409

    reader = bearer(owner)
    month = client.get(f"/api/v1/compounds/{a}/ledger?month=2020-01", headers=reader).json
    assert month["month"] == "2020-01" and month["published"] is True
    assert (month["opening_balance"], month["income"], month["spending"], month["closing_balance"]) == (
        "0.00",
        "200000.00",
        "12345.67",
        "187654.33",
    )
    assert [e["amount"] for e in month["entries"]] == ["200000.00", "12345.67"]

    reversed_ = client.post(
        f"/api/v1/ledger/entries/{first.json['id']}/reverse", json={"reason": "记错月份"}, headers=committee
    )
    assert reversed_.status_code == 201
    today = rules.period_of(beijing_date(utcnow()))
    now_month = client.get(
        f"/api/v1/compounds/{a}/ledger?month={rules.month_text(today)}", headers=reader
    ).json
    assert now_month["opening_balance"] == "187654.33" and now_month["closing_balance"] == "-12345.67"
    reversal = now_month["entries"][0]
    assert reversal["amount"] == "-200000.00" and reversal["reverses"] == first.json["id"]
    assert (
        client.post(
            f"/api/v1/ledger/entries/{first.json['id']}/reverse", json={"reason": "再来"}, headers=committee
        ).status_code
        == 409
    )


def test_bad_amounts_and_months_are_refused_with_the_field(client, world, bearer):
    committee = bearer(world.committee)
    a = world.compound_a.id
    for amount in ("12.345", "-1", "1e3", "abc"):
        answer = client.post(
            f"/api/v1/compounds/{a}/ledger/entries", json={**ENTRY, "amount": amount}, headers=committee
        )
        assert answer.status_code == 422 and "amount" in answer.json["fields"], amount
    answer = client.post(
        f"/api/v1/compounds/{a}/ledger/entries", json={**ENTRY, "amount": "1.005"}, headers=committee
    )
    assert "两位小数" in str(answer.json["fields"]["amount"])
    assert client.get(f"/api/v1/compounds/{a}/ledger?month=2020-13", headers=committee).status_code == 422
    future = client.post(f"/api/v1/compounds/{a}/ledger/months/2999-01/publish", headers=committee)
    assert future.status_code == 422
