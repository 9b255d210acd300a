"""Rows of the newer capabilities in the benchmark's first compound, each made through the
capability's own services (as the demo and the tests make them): a committee election open
for voting (six candidates, some online ballots), a mediation station with a queue of
complaints and a mediator, forum topics with replies, and a published month of the public
ledger. bench/fixture.py's `first_compound` calls `add_rows` and puts the ids in the fixture."""

from __future__ import annotations

from datetime import date, datetime, timedelta

MEDIATOR_PHONE = "13500000002"
CANDIDATES = 6
ELECTION_BALLOTS = 40  # by the last owners: the vote POST's 500 owners vote for the first time
COMPLAINTS = 50
TOPICS = 50
REPLIES = 20
LEDGER_ENTRIES = 60


def add_rows(compound, committee, owner, password: str, now: datetime) -> dict:
    """Every capability's rows; returns the ids the pages need."""
    owners = _verified_owners(compound)
    election, listed = _election_open_for_voting(compound, committee, owners[-ELECTION_BALLOTS:], now)
    complaints = _mediation_queue(compound, [owner, *owners[-COMPLAINTS + 1 :]], password)
    topics = _forum(compound, owners[-TOPICS - REPLIES :], now)
    period = _ledger_month(compound, committee, now)
    return {
        "election": election.id,
        "candidates": [candidate.id for candidate in listed[:3]],
        "street_office": compound.community.street_office_id,
        "complaint": complaints[0].id,
        "topic": topics[0].id,
        "reply_topic": topics[-1].id,
        "ledger_month": f"{period // 100:04d}-{period % 100:02d}",
    }


def _verified_owners(compound) -> list:
    """The compound's verified owners, in the order they registered."""
    from sqlalchemy import select

    from portal.auth.models import User
    from portal.extensions import db
    from portal.registration.models import ClaimStatus, UnitClaim

    query = (
        select(User)
        .join(UnitClaim, UnitClaim.user_id == User.id)
        .where(UnitClaim.compound_id == compound.id, UnitClaim.status == ClaimStatus.VERIFIED)
        .order_by(User.id)
    )
    return list(db.session.scalars(query))


def _election_open_for_voting(compound, committee, voters: list, now: datetime):
    """Nominations opened 20 days ago, the list published 18 days ago, voting open since
    yesterday for ten days; the first owners of the roster stand; `voters` vote online."""
    from portal.elections import services
    from portal.places.models import DEVELOPER_OWNER_KEY
    from portal.places.services import roster_units

    start = now - timedelta(days=20)
    settings = services.Settings(
        "基准业主委员会选举",
        5,
        1,
        5,
        start + timedelta(days=2),
        now - timedelta(days=1),
        now + timedelta(days=9),
    )
    election = services.create_election(compound, settings, actor=committee)
    services.open_nominations(election, actor=committee, now=start)
    keys = []
    for row in roster_units(compound):
        if row.owner_key != DEVELOPER_OWNER_KEY and row.owner_key not in keys:
            keys.append(row.owner_key)
    for key in keys[:CANDIDATES]:
        services.nominate_owner(
            election, key, statement="热心公益，愿意为大家服务。", actor=committee, now=start
        )
    services.publish_list(election, actor=committee, now=start + timedelta(days=2))
    listed = services.standing_candidates(election)
    for n, voter in enumerate(voters):
        services.cast_online(election, voter, listed[n % 3 : n % 3 + 3])
    return election, listed


def _mediation_queue(compound, complainants: list, password: str) -> list:
    """A mediator of the compound's street office, and one complaint by each complainant:
    a third waiting to be accepted, a third accepted, a third assigned to the mediator."""
    from portal.auth.models import Role
    from portal.auth.services import grant_role, register_user
    from portal.mediation import services
    from portal.mediation.models import Category, Respondent

    mediator = register_user(MEDIATOR_PHONE, "基准调解员", password)
    grant_role(mediator, Role.MEDIATOR, compound.community.street_office)
    complaints = []
    for n, person in enumerate(complainants):
        complaint = services.file_complaint(
            person,
            compound,
            category=list(Category)[n % len(Category)],
            respondent=Respondent.PROPERTY_COMPANY,
            description="楼顶漏水三个月，物业一直不修，请调解站帮忙协调。",
            mediation_consent=True,
        )
        if n % 3:
            services.accept(complaint, mediator)
        if n % 3 == 2:
            services.assign(complaint, mediator, mediator)
        complaints.append(complaint)
    return complaints


def _forum(compound, authors: list, now: datetime) -> list:
    """TOPICS topics, one an hour by different owners, and REPLIES replies to the first."""
    from portal.forum import services
    from portal.forum.models import ForumCategory

    topics = [
        services.create_topic(
            compound,
            author=author,
            category=list(ForumCategory)[n % len(ForumCategory)],
            title=f"基准话题{n}：地下车库照明",
            body="地下车库的灯坏了好几盏，晚上取车看不清，建议尽快维修。\n\n" * 3,
            now=now - timedelta(hours=2 * TOPICS - n),
        )
        for n, author in enumerate(authors[:TOPICS])
    ]
    for n, author in enumerate(authors[TOPICS:]):
        services.reply_to(
            topics[0], author=author, body="同意，我家楼下也是。", now=now - timedelta(hours=TOPICS - n)
        )
    return topics


def _ledger_month(compound, committee, now: datetime) -> int:
    """LEDGER_ENTRIES entries of last month (parking rent in, repairs and cleaning out),
    published; returns the month (YYYYMM)."""
    from portal.calendar import beijing_date
    from portal.ledger import services
    from portal.ledger.models import Direction, LedgerCategory

    first_of_this_month = beijing_date(now).replace(day=1)
    last_month = first_of_this_month - timedelta(days=1)
    kinds = [
        (LedgerCategory.PARKING_RENT, Direction.INCOME, "车位租户"),
        (LedgerCategory.REPAIRS, Direction.SPENDING, "维修公司"),
        (LedgerCategory.CLEANING, Direction.SPENDING, "保洁公司"),
    ]
    for n in range(LEDGER_ENTRIES):
        category, direction, counterparty = kinds[n % len(kinds)]
        services.record_entry(
            compound,
            entry_date=date(last_month.year, last_month.month, 1 + n % 28),
            category=category,
            direction=direction,
            amount_fen=3000 + 137 * n,
            counterparty=counterparty,
            actor=committee,
        )
    period = last_month.year * 100 + last_month.month
    services.publish_month(compound, period, actor=committee, now=now)
    return period
