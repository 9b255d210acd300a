"""The overview on a known data set: modes and coverage, verified owners, ledger published up to
last month; staff see their community only; the chart and the exports."""

from datetime import date

from portal.calendar import beijing_date
from portal.columns import utcnow
from portal.ledger import rules as ledger_rules
from portal.ledger import services as ledger
from portal.ledger.models import Direction, LedgerCategory
from portal.management import overview
from portal.places.models import ManagementMode, ManagementPeriod
from portal.registration.services import claim_unit, verify_claim
from tests.conftest import login, make_user
from tests.meetings import unit_named


def _known(db, world):
    world.compound_a.management_periods.append(
        ManagementPeriod(mode=ManagementMode.PROFESSIONAL, provider="汉都物业", started_on=date(2021, 9, 1))
    )
    world.compound_b.management_periods.append(
        ManagementPeriod(mode=ManagementMode.SELF_GOVERNED, started_on=date(2021, 6, 1))
    )
    verify_claim(
        claim_unit(make_user("13600000001"), unit_named(world.compound_a, "1号楼", "101"), "C"),
        world.committee,
        certificate_checked=True,
    )
    last_month = ledger_rules.previous_period(ledger_rules.period_of(beijing_date(utcnow())))
    ledger.record_entry(
        world.compound_a,
        entry_date=date(2020, 1, 5),
        category=LedgerCategory.OTHER,
        direction=Direction.INCOME,
        amount_fen=1,
        actor=world.committee,
    )
    ledger.publish_month(world.compound_a, last_month, actor=world.committee)
    ledger.publish_month(world.compound_b, 202001, actor=world.fred)
    db.session.commit()


def test_figures_on_a_known_data_set(app, db, world):
    _known(db, world)
    with app.test_request_context():
        lines = {
            line.compound.name: line
            for line in overview.overview(overview.compounds_in_scope(world.admin), beijing_date(utcnow()))
        }
        a, b, c = lines[world.compound_a.name], lines[world.compound_b.name], lines[world.compound_c.name]
        assert (a.mode, a.provider, a.verified_groups, a.ledger_current) == (
            "professional",
            "汉都物业",
            1,
            True,
        )
        assert (b.mode, b.ledger_through, b.ledger_current) == ("self_governed", 202001, False)
        assert (c.mode, c.ledger_through, c.verified_groups) == ("none", None, 0)
        assert a.owner_groups == world.compound_a.roster_owner_groups
        shares = {s.mode: (s.count, s.percent) for s in overview.coverage(list(lines.values()))}
        assert shares == {"professional": (1, 33), "basic": (0, 0), "self_governed": (1, 33), "none": (1, 33)}
        staff_scope = {c.id for c in overview.compounds_in_scope(world.staff)}
        assert staff_scope == {world.compound_a.id, world.compound_c.id}


def test_share_rounds_half_up_in_integers():
    assert overview.Coverage("basic", 1, 8).percent == 13  # 12.5 → 13
    assert overview.Coverage("basic", 2, 3).percent == 67
    assert overview.Coverage("none", 0, 0).percent == 0


def test_page_chart_and_exports(client, db, world):
    _known(db, world)
    login(client, world.admin)
    page = client.get("/management/overview").get_data(as_text=True)
    assert "<svg" in page and world.compound_b.name in page
    csv = client.get("/management/overview.csv").get_data(as_text=True)
    assert world.compound_a.name in csv and "汉都物业" in csv
    assert client.get("/management/overview.xlsx").status_code == 200
    login(client, world.staff)
    page = client.get("/management/overview").get_data(as_text=True)
    assert world.compound_b.name not in page


def test_overview_queries_do_not_grow(client, db, world):
    from portal.extensions import db as _db
    from portal.places.models import Compound
    from tests.conftest import count_queries

    login(client, world.admin)
    counts = []
    for n in (1, 20):
        db.session.add_all([Compound(name=f"加{n}-{k}", community=world.community) for k in range(n)])
        db.session.commit()
        with count_queries(_db.engine) as counted:
            assert client.get("/management/overview").status_code == 200
        counts.append(counted())
    assert counts[0] == counts[1], counts
