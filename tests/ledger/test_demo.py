"""The ledger's demo: 延中小区's prepaid parking rent and what it paid for, published up to last
month, read by its demo owner; loading again adds nothing."""

from sqlalchemy import func, select

from portal.auth.models import User
from portal.calendar import beijing_date
from portal.columns import utcnow
from portal.demo import load_demo
from portal.ledger import rules, services
from portal.ledger.models import LedgerEntry
from portal.places.services import find_compound
from tests.conftest import login


def test_yanzhong_ledger(app, db, client):
    load_demo()
    db.session.commit()
    load_demo()
    db.session.commit()
    yanzhong = find_compound("延中小区")
    assert db.session.scalar(select(func.count(LedgerEntry.id))) == 10
    last_month = rules.previous_period(rules.period_of(beijing_date(utcnow())))
    assert services.published_through([yanzhong.id]) == {yanzhong.id: last_month}
    years = services.yearly_summaries(yanzhong)
    income = sum(y.income for y in years)
    spending = sum(y.spending for y in years)
    assert income == 20520000 and spending == 18341050 and years[-1].closing == income - spending
    owner = db.session.scalar(select(User).where(User.phone == "13900000201"))
    login(client, owner)
    page = client.get(f"/ledger/compounds/{yanzhong.id}?month={rules.month_text(last_month)}")
    assert page.status_code == 200
