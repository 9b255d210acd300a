"""The ledger's pages: recording with a voucher, the refusal of a third decimal, reversing,
publishing, what an owner reads, exports, and a month's page in a constant number of queries."""

import io
from datetime import date

from portal.extensions import db as _db
from portal.ledger import services
from portal.ledger.models import Direction, LedgerCategory, LedgerEntry
from tests.conftest import count_queries, login
from tests.images import png

FORM = {"entry_date": "2020-01-06", "direction": "income", "category": "parking_rent", "amount": "12.34"}


def test_three_decimals_are_refused_and_nothing_typed_is_lost(client, world, db):
    login(client, world.committee)
    answer = client.post(
        f"/ledger/compounds/{world.compound_a.id}/new",
        data={**FORM, "amount": "12.345", "counterparty": "车主甲"},
    )
    assert answer.status_code == 422
    page = answer.get_data(as_text=True)
    assert "车主甲" in page and "12.345" in page
    assert db.session.query(LedgerEntry).count() == 0


def test_record_with_voucher_then_owner_reads_it(client, world, db, owner):
    login(client, world.committee)
    data = {**FORM, "counterparty": "车主甲", "voucher": (io.BytesIO(png()), "收据.png")}
    answer = client.post(
        f"/ledger/compounds/{world.compound_a.id}/new", data=data, content_type="multipart/form-data"
    )
    assert answer.status_code == 302 and "month=2020-01" in answer.headers["Location"]
    entry = db.session.query(LedgerEntry).one()
    assert (
        entry.amount_fen == 1234 and entry.voucher is not None and entry.recorded_by_id == world.committee.id
    )
    login(client, owner)
    page = client.get(f"/ledger/compounds/{world.compound_a.id}?month=2020-01").get_data(as_text=True)
    assert "¥12.34" in page and "车主甲" in page
    assert f'href="/ledger/entries/{entry.id}/voucher"' in page
    assert f"/ledger/entries/{entry.id}/reverse" not in page  # the owner does not keep the ledger
    assert client.get(f"/ledger/entries/{entry.id}/voucher").status_code == 200


def test_reverse_and_publish_through_the_pages(client, world, db):
    login(client, world.committee)
    client.post(f"/ledger/compounds/{world.compound_a.id}/new", data=FORM)
    entry = db.session.query(LedgerEntry).one()
    month = client.get(f"/ledger/compounds/{world.compound_a.id}?month=2020-01").get_data(as_text=True)
    assert f'href="/ledger/entries/{entry.id}/reverse"' in month and "+¥12.34" in month
    assert client.post(f"/ledger/entries/{entry.id}/reverse", data={"reason": ""}).status_code == 422
    assert client.post(f"/ledger/entries/{entry.id}/reverse", data={"reason": "记错"}).status_code == 302
    assert client.post(f"/ledger/compounds/{world.compound_a.id}/months/2020-01/publish").status_code == 302
    page = client.get(f"/ledger/compounds/{world.compound_a.id}?month=2020-01").get_data(as_text=True)
    assert "locked" in page or "锁定" in page
    again = client.post(f"/ledger/compounds/{world.compound_a.id}/new", data=FORM)
    assert again.status_code == 409


def test_export_has_a_running_balance(client, world, db):
    login(client, world.committee)
    client.post(f"/ledger/compounds/{world.compound_a.id}/new", data=FORM)
    client.post(
        f"/ledger/compounds/{world.compound_a.id}/new",
        data={**FORM, "direction": "spending", "amount": "2.34"},
    )
    csv = client.get(f"/ledger/compounds/{world.compound_a.id}/ledger.csv?year=2020").get_data(as_text=True)
    lines = csv.strip().splitlines()
    assert len(lines) == 3 and "12.34" in lines[1] and ",10.00," in lines[2]
    assert client.get(f"/ledger/compounds/{world.compound_a.id}/ledger.pdf").status_code == 404


def _fill(world, n: int) -> None:
    for k in range(n):
        entry = services.record_entry(
            world.compound_a,
            entry_date=date(2020, 1, k % 28 + 1),
            category=LedgerCategory.REPAIRS,
            direction=Direction.SPENDING,
            amount_fen=100 + k,
            actor=world.committee,
        )
        if k % 5 == 0:
            services.reverse_entry(entry, "记错", actor=world.committee)


def test_month_page_queries_do_not_grow(client, world, db):
    counts = []
    login(client, world.committee)
    for n in (1, 40):
        _fill(world, n)
        db.session.commit()
        for url in ("?month=2020-01", f"?month={date.today():%Y-%m}"):
            with count_queries(_db.engine) as counted:
                assert client.get(f"/ledger/compounds/{world.compound_a.id}{url}").status_code == 200
            counts.append(counted())
    assert counts[0] == counts[2] and counts[1] == counts[3], counts
    assert max(counts) <= 15, counts


def test_the_export_is_named_in_chinese(client, world, db):
    from urllib.parse import unquote

    login(client, world.committee)
    client.post(f"/ledger/compounds/{world.compound_a.id}/new", data=FORM)
    answer = client.get(f"/ledger/compounds/{world.compound_a.id}/ledger.csv?year=2020")
    disposition = unquote(answer.headers["Content-Disposition"])
    assert f"{world.compound_a.name}-收支公示-2020" in disposition, disposition
