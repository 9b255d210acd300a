"""Management pages: a fee in yuan with a third decimal is refused; the page shows the fees in
force, the history and a consolidated contract's compounds; the compound page shows the fees."""

from datetime import date

import pytest

from portal.errors import DomainError
from portal.management import services
from portal.management.models import FeeBasis, FeeSchedule
from tests.conftest import login

FEES = {
    "effective_from": "2021-06-01",
    "property_fee": "50",
    "basis": "household",
    "parking_fee": "30",
    "decided_by": "业主大会 第3项",
}


def test_fees_through_the_form(client, world, db):
    login(client, world.committee)
    url = f"/management/compounds/{world.compound_a.id}/fees/new"
    assert client.post(url, data={**FEES, "property_fee": "0.855"}).status_code == 422
    assert client.post(url, data={**FEES, "parking_fee": "0"}).status_code == 302
    schedule = db.session.query(FeeSchedule).one()
    assert (schedule.property_fee_fen, schedule.parking_fee_fen) == (5000, 0)
    assert client.post(url, data={**FEES, "property_fee": "60"}).status_code == 409


def test_page_shows_fees_history_and_consolidated_contract(client, world, db):
    for day, fee in ((date(2021, 6, 1), 4000), (date(2023, 1, 1), 5000)):
        services.set_fees(
            world.compound_a,
            effective_from=day,
            property_fee_fen=fee,
            basis=FeeBasis.HOUSEHOLD,
            parking_fee_fen=3000,
            decided_by="决定",
            actor=world.committee,
        )
    services.record_contract(
        [world.compound_a, world.compound_c],
        provider="安居物业",
        starts_on=date(2021, 10, 1),
        ends_on=None,
        actor=world.staff,
    )
    db.session.commit()
    page = client.get(f"/management/compounds/{world.compound_c.id}").get_data(as_text=True)
    assert "安居物业" in page and world.compound_a.name in page
    page = client.get(f"/management/compounds/{world.compound_a.id}").get_data(as_text=True)
    assert "¥50.00" in page and "¥40.00" in page and "2023-01-01" in page
    compound_page = client.get(f"/places/compounds/{world.compound_a.id}").get_data(as_text=True)
    assert "¥50.00" in compound_page and "¥30.00" in compound_page


def test_a_contract_covers_only_compounds_the_user_manages(client, world, db):
    """The committee of A may not put compound C (no committee of theirs) under its contract:
    C is not offered, a forged choice is refused, and the service refuses it too."""
    login(client, world.committee)
    url = f"/management/compounds/{world.compound_a.id}/contracts/new"
    page = client.get(url).get_data(as_text=True)
    assert world.compound_c.name not in page
    data = {"provider": "安居物业", "starts_on": "2021-10-01", "also": [str(world.compound_c.id)]}
    assert client.post(url, data=data).status_code == 422
    assert services.contracts_of(world.compound_c) == []
    with pytest.raises(DomainError, match=world.compound_c.name):
        services.record_contract(
            [world.compound_a, world.compound_c],
            provider="安居物业",
            starts_on=date(2021, 10, 1),
            ends_on=None,
            actor=world.committee,
        )
    login(client, world.staff)
    assert world.compound_c.name in client.get(url).get_data(as_text=True)


def test_a_fee_decision_link_with_a_tab_is_refused(client, world, db):
    """Browsers drop the tab of "/\t/evil.example" and go to evil.example: refused by the form
    and by the service."""
    login(client, world.committee)
    url = f"/management/compounds/{world.compound_a.id}/fees/new"
    for link in ("/\t/evil.example", "/\\evil.example", "/\n/evil.example"):
        assert client.post(url, data={**FEES, "decision_url": link}).status_code == 422, repr(link)
    assert db.session.query(FeeSchedule).count() == 0
    with pytest.raises(DomainError):
        services.set_fees(
            world.compound_a,
            effective_from=date(2021, 6, 1),
            property_fee_fen=5000,
            basis=FeeBasis.HOUSEHOLD,
            parking_fee_fen=3000,
            decided_by="决定",
            decision_url="/\t/evil.example",
            actor=world.committee,
        )
    assert client.post(url, data={**FEES, "decision_url": "/notices/12"}).status_code == 302
