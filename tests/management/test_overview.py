"""The overview on a known data set: modes and coverage, verified owners, ledger published up to
last month, the committee's status and elections under way, open and overdue complaints; staff see
their community only; the chart and the exports."""

from datetime import UTC, date, datetime, timedelta

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
    ledger.publish_month(world.compound_a, 202001, actor=world.committee)  # months go in order
    ledger.publish_month(world.compound_a, last_month, actor=world.committee)
    ledger.publish_month(world.compound_b, 202001, actor=world.fred)
    db.session.commit()


def _election(compound, status, year=2024):
    from portal.elections.models import Election

    opens = datetime(year, 3, 1, tzinfo=UTC)
    return Election(
        compound=compound,
        title=f"{year}年业主委员会选举",
        status=status,
        seats=3,
        term_years=5,
        nominations_close_at=opens - timedelta(days=10),
        voting_opens_at=opens,
        voting_closes_at=opens + timedelta(days=10),
        counted_at=opens + timedelta(days=10),
        objection_days=7,
    )


def _committees_and_complaints(db, world):
    """A: a term in office (not filed), an election under way and a draft one (not counted);
    B: a term that ended, filed; C: no committee. A: two open complaints, one of them overdue,
    and a withdrawn one (not open)."""
    from portal.elections.models import CommitteeTerm, ElectionStatus
    from portal.mediation import services as mediation
    from portal.mediation.models import Category, Respondent

    today = beijing_date(utcnow())
    db.session.add_all(
        [
            CommitteeTerm(
                compound=world.compound_a,
                election=_election(world.compound_a, ElectionStatus.FINAL, 2020),
                starts_on=date(2020, 5, 1),
                ends_on=today + timedelta(days=400),
            ),
            CommitteeTerm(
                compound=world.compound_b,
                election=_election(world.compound_b, ElectionStatus.FINAL, 2018),
                starts_on=date(2018, 5, 1),
                ends_on=date(2023, 5, 1),
                filed_on=date(2018, 5, 20),
            ),
            _election(world.compound_a, ElectionStatus.NOMINATING, 2030),
            _election(world.compound_c, ElectionStatus.DRAFT, 2030),
        ]
    )
    resident = make_user("13600000002", "投诉人")
    verify_claim(
        claim_unit(resident, unit_named(world.compound_a, "2号楼", "101"), "C"),
        world.committee,
        certificate_checked=True,
    )

    def complain(now):
        return mediation.file_complaint(
            resident,
            world.compound_a,
            category=Category.REPAIRS,
            respondent=Respondent.PROPERTY_COMPANY,
            description="楼顶漏水三个月，物业一直不修。",
            mediation_consent=True,
            now=now,
        )

    complain(datetime(2026, 1, 5, 2, tzinfo=UTC))  # long past its acceptance deadline
    complain(utcnow())
    mediation.withdraw(complain(utcnow()), resident, reason="已经修好了")
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


def test_committee_and_complaints_on_a_known_data_set(app, db, world):
    _committees_and_complaints(db, world)
    with app.test_request_context():
        lines = {
            line.compound.id: line
            for line in overview.overview(overview.compounds_in_scope(world.admin), beijing_date(utcnow()))
        }
    a, b, c = lines[world.compound_a.id], lines[world.compound_b.id], lines[world.compound_c.id]
    assert (a.committee, a.committee_filed_on, a.elections_in_progress) == ("current", None, 1)
    assert a.committee_ends_on == beijing_date(utcnow()) + timedelta(days=400)
    assert (b.committee, b.committee_ends_on) == ("expired", date(2023, 5, 1))
    assert b.committee_filed_on == date(2018, 5, 20)
    assert (c.committee, c.committee_ends_on, c.elections_in_progress) == ("none", None, 0)
    assert (a.open_complaints, a.overdue_complaints) == (2, 1)
    assert (b.open_complaints, c.open_complaints) == (0, 0)


def test_committee_and_complaints_on_the_page_and_in_the_export(client, db, world):
    _committees_and_complaints(db, world)
    login(client, world.admin)
    page = client.get("/management/overview", headers={"Accept-Language": "zh-CN"}).get_data(as_text=True)
    assert "will appear" not in page and "出现" not in page
    assert "2023-05-01" in page and "2018-05-20" in page
    csv = client.get("/management/overview.csv").get_data(as_text=True)
    header, row_a = csv.splitlines()[0], next(r for r in csv.splitlines() if world.compound_a.name in r)
    assert "2023-05-01" in csv
    columns = dict(zip(header.split(","), row_a.split(","), strict=False))
    assert [v for k, v in columns.items() if "投诉" in k or "omplaint" in k] == ["2", "1"]


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

    _committees_and_complaints(db, world)
    login(client, world.admin)
    counts = []
    for n in (1, 20):
        db.session.add_all([Compound(name=f"加{n}-{k}", community=world.community) for k in range(n)])
        db.session.commit()
        with count_queries(_db.engine) as counted:
            assert client.get("/management/overview").status_code == 200
        counts.append(counted())
    assert counts[0] == counts[1], counts


def _many(db, world, n=25):
    """`n` more compounds in the staff's community, named 加001..., with no management mode."""
    from portal.places.models import Compound

    db.session.add_all([Compound(name=f"加{k:03d}", community=world.community) for k in range(n)])
    db.session.commit()


def test_the_list_is_paged_while_coverage_counts_every_compound(client, db, world):
    _known(db, world)
    _many(db, world)
    login(client, world.admin)
    client.post("/preferences/language", data={"lang": "en"})
    first = client.get("/management/overview").get_data(as_text=True)
    assert first.count('<article class="card mb-2">') == overview.COMPOUNDS_PER_PAGE
    assert "28 compounds in total." in first  # A, B, C and the 25 more
    assert "No management 26 (93%)" in first and "Professional property service 1 (4%)" in first
    assert "Page 1 of 2" in first
    second = client.get("/management/overview?page=2").get_data(as_text=True)
    assert second.count('<article class="card mb-2">') == 8
    assert "28 compounds in total." in second
    assert (
        client.get("/management/overview?page=9").headers["Location"].endswith("/management/overview?page=2")
    )


def test_search_by_name_community_or_street_office(client, db, world):
    _many(db, world)
    login(client, world.admin)
    client.post("/preferences/language", data={"lang": "en"})
    found = client.get("/management/overview?q=加01").get_data(as_text=True)
    assert found.count('<article class="card mb-2">') == 10 and "10 compounds found." in found
    assert "28 compounds in total." in found  # coverage is of the whole scope, not of the search
    by_community = client.get(f"/management/overview?q={world.community.name}").get_data(as_text=True)
    assert "27 compounds found." in by_community and world.compound_b.name not in by_community
    by_office = client.get(f"/management/overview?q={world.community.street_office.name}").get_data(
        as_text=True
    )
    in_office = sum(len(c.compounds) for c in world.community.street_office.communities)
    assert f"{in_office} compounds found." in by_office
    none = client.get("/management/overview?q=没有这个小区")
    assert "No compound matches." in none.get_data(as_text=True)
    assert (
        client.get("/management/overview?q=没有这个小区&page=3")
        .headers["Location"]
        .endswith("/management/overview?q=%E6%B2%A1%E6%9C%89%E8%BF%99%E4%B8%AA%E5%B0%8F%E5%8C%BA")
    )
    wildcard = client.get("/management/overview?q=%25")
    assert "No compound matches." in wildcard.get_data(as_text=True)


def test_staff_page_and_coverage_stay_within_their_communities(client, db, world):
    _known(db, world)
    _many(db, world)
    login(client, world.staff)
    client.post("/preferences/language", data={"lang": "en"})
    page = client.get("/management/overview?page=2").get_data(as_text=True)
    assert "27 compounds in total." in page  # A, C and the 25 more; not B
    assert "Owner self-governance 0 (0%)" in page  # B's mode is not counted
    found = client.get(f"/management/overview?q={world.compound_b.name}")
    assert "No compound matches." in found.get_data(as_text=True)
    with client.application.test_request_context():
        shares = {s.mode: s.count for s in overview.coverage_in_scope(world.staff)}
    assert shares == {"professional": 1, "basic": 0, "self_governed": 0, "none": 26}


def test_the_export_lists_every_compound_in_constant_queries(client, db, world):
    from portal.extensions import db as _db
    from portal.places.models import Compound
    from tests.conftest import count_queries

    _known(db, world)
    login(client, world.admin)
    client.post("/preferences/language", data={"lang": "en"})
    counts = []
    for n in (1, 30):
        db.session.add_all([Compound(name=f"多{n}-{k}", community=world.community) for k in range(n)])
        db.session.commit()
        with count_queries(_db.engine) as counted:
            csv = client.get("/management/overview.csv").get_data(as_text=True)
        counts.append(counted())
    assert "多30-29" in csv and world.compound_b.name in csv
    assert counts[0] == counts[1], counts
