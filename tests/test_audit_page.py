"""The readable audit page (/admin/audit): sentences in both languages, filters that combine
and survive pagination, a constant number of queries, and no 500 on malformed filters."""

from __future__ import annotations

import html
import re
from contextlib import nullcontext
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from portal import audit
from portal.assembly.models import MeetingForm, MeetingKind
from portal.assembly.rules import Matter
from portal.assembly.services import ItemDraft, create_meeting
from portal.audit import AuditRecord
from portal.extensions import db as _db
from tests.conftest import count_queries, login, make_user

EXAMPLE = "李秀兰 录入了 1号楼 1单元101 的纸质表决票，会议《2026年第一次业主大会》"
EXAMPLE_EN = "李秀兰 entered a paper ballot for 1号楼 1单元101 in meeting 《2026年第一次业主大会》"


def _text(response) -> str:
    """The page's main content as a person reads it (tags removed, spaces collapsed)."""
    page = response.data.decode()
    main = page[page.index("<main") : page.index("</main>")]
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)))


def _records(text: str) -> str:
    """The part of the page after the filter form."""
    return text.split("清除筛选", 1)[-1].split("Clear filters", 1)[-1]


def _meeting(world, actor, title="2026年第一次业主大会"):
    opens = datetime(2026, 12, 21, tzinfo=UTC)
    return create_meeting(
        world.compound_a,
        title=title,
        kind=MeetingKind.REGULAR,
        form=MeetingForm.WRITTEN,
        opens_at=opens,
        closes_at=opens + timedelta(days=10),
        items=[
            ItemDraft("选举业主委员会", "说明", Matter.COMMITTEE),
            ItemDraft("管理规约", "", Matter.COVENANT),
        ],
        actor=actor,
    )


def _paper_ballot(meeting, actor, units="1号楼 1单元101"):
    after = {"owner": "A1", "proxy": "", "choices": {str(meeting.items[0].id): "agree"}}
    if units:
        after["units"] = units
    return audit.record(
        "ballot_entered_paper", meeting, after=after, compound_id=meeting.compound_id, actor=actor
    )


@pytest.fixture
def li(db):
    return make_user("13700000001", "李秀兰")


def test_the_page_reads_a_paper_ballot_as_a_sentence_in_chinese_and_english(client, world, db, li):
    meeting = _meeting(world, li)
    _paper_ballot(meeting, li)
    db.session.commit()
    login(client, world.admin)
    response = client.get("/admin/audit?action=ballot_entered_paper")
    text = _text(response)
    assert response.status_code == 200 and EXAMPLE in text
    assert "表决意见：第1项 选举业主委员会：同意" in text and "文宴雅居" in text
    assert "<table" not in response.data.decode()  # cards, not a wide table
    records = _records(text)
    assert "{" not in records and "ballot_entered_paper" not in records and '"owner"' not in records
    client.post("/preferences/language", data={"lang": "en"})
    english = _text(client.get("/admin/audit?action=ballot_entered_paper"))
    assert EXAMPLE_EN in english and "Choices: item 1 选举业主委员会: Agree" in english


def test_a_ballot_recorded_without_units_names_the_owner_key(client, world, db, li):
    _paper_ballot(_meeting(world, li), li, units=None)
    db.session.commit()
    login(client, world.admin)
    text = _text(client.get("/admin/audit?action=ballot_entered_paper"))
    assert "李秀兰 录入了业主 A1 的纸质表决票，会议《2026年第一次业主大会》" in text


def test_people_content_is_escaped(client, world, db, li):
    meeting = _meeting(world, li, title="<b>标题</b>")
    audit.record(
        "meeting_cancelled",
        meeting,
        after={"reason": "<script>alert(1)</script>"},
        compound_id=meeting.compound_id,
    )
    db.session.commit()
    login(client, world.admin)
    page = client.get("/admin/audit?action=meeting_cancelled").data.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<b>标题</b>" not in page


def _cancelled(meeting, reason: str, actor, at: datetime | None = None, compound_id=None):
    """A record of a cancellation (written at once: recorded at `at` when given)."""
    with time_machine.travel(at, tick=False) if at else nullcontext():
        return audit.record(
            "meeting_cancelled",
            meeting,
            after={"reason": reason},
            compound_id=compound_id or meeting.compound_id,
            actor=actor,
        )


def test_filters_by_action_compound_person_and_beijing_dates_combine(client, world, db, li):
    meeting = _meeting(world, li)
    _cancelled(meeting, "甲理由", li)
    _cancelled(meeting, "乙理由", world.fred, compound_id=world.compound_b.id)
    # 2026-03-01 23:30 and 2026-03-02 00:30 in Beijing.
    _cancelled(meeting, "三月一日", li, at=datetime(2026, 3, 1, 15, 30, tzinfo=UTC))
    _cancelled(meeting, "三月二日", li, at=datetime(2026, 3, 1, 16, 30, tzinfo=UTC))
    db.session.commit()
    login(client, world.admin)

    def shown(query: str) -> set[str]:
        response = client.get(f"/admin/audit?{query}")
        assert response.status_code == 200
        text = _records(_text(response))
        return {word for word in ("甲理由", "乙理由", "三月一日", "三月二日", "授予") if word in text}

    assert shown("") == {"甲理由", "乙理由", "三月一日", "三月二日", "授予"}
    assert shown("action=meeting_cancelled") == {"甲理由", "乙理由", "三月一日", "三月二日"}
    assert shown(f"compound={world.compound_b.id}") == {"乙理由", "授予"}  # Fred's grant in B
    assert shown(f"action=role_granted&compound={world.compound_a.id}") == {"授予"}
    assert shown(f"person={world.fred.phone}") == {"乙理由"}
    assert shown("person=李秀") == {"甲理由", "三月一日", "三月二日"}
    assert shown("person=%25") == set()  # a LIKE wildcard is a plain character here
    assert shown("date_from=2026-03-02&date_to=2026-03-02") == {"三月二日"}
    assert shown("date_to=2026-03-01") == {"三月一日"}
    assert shown("date_from=2026-03-01&date_to=2026-03-31&person=李秀兰") == {"三月一日", "三月二日"}


def test_pagination_links_keep_the_filters(client, world, db, li):
    meeting = _meeting(world, li)
    for n in range(25):
        _cancelled(meeting, f"理由{n}", li)
    db.session.commit()
    login(client, world.admin)
    query = f"action=meeting_cancelled&compound={world.compound_a.id}&person=李秀兰&date_from=2026-01-01"
    page = client.get(f"/admin/audit?{query}").data.decode()
    link = re.search(r'href="([^"]*before=[^"]*)"', page).group(1)
    for part in (
        "action=meeting_cancelled",
        f"compound={world.compound_a.id}",
        "date_from=2026-01-01",
        "person=",
    ):
        assert part in html.unescape(link)
    second = _records(_text(client.get(html.unescape(link))))
    assert "理由4" in second and "理由24" not in second


def _reasons(response) -> list[str]:
    return list(dict.fromkeys(re.findall(r"理由\d+", _records(_text(response)))))  # each record once


def test_older_and_newer_pages_by_record_with_the_count_bounded(client, world, db, li, monkeypatch):
    """Pages go by record (older than one, newer than another), not by number: a page costs
    the same far down a district's trail; the matches are counted up to a bound."""
    from portal.admin import services

    meeting = _meeting(world, li)
    for n in range(45):
        _cancelled(meeting, f"理由{n}", li)
    db.session.commit()
    login(client, world.admin)
    first = client.get("/admin/audit?action=meeting_cancelled")
    assert _reasons(first) == [f"理由{n}" for n in range(44, 24, -1)] and "45" in _text(first)
    older = html.unescape(re.search(r'page-link" href="([^"]*before=[^"]*)"', first.data.decode()).group(1))
    assert 'page-link" href="/admin/audit?after=' not in first.data.decode()  # none newer
    second = client.get(older)
    assert _reasons(second) == [f"理由{n}" for n in range(24, 4, -1)]
    third = client.get(
        html.unescape(re.search(r'page-link" href="([^"]*before=[^"]*)"', second.data.decode()).group(1))
    )
    assert _reasons(third) == [f"理由{n}" for n in range(4, -1, -1)]
    assert 'page-link" href="/admin/audit?before=' not in third.data.decode()  # none older
    back = html.unescape(re.search(r'page-link" href="([^"]*after=[^"]*)"', third.data.decode()).group(1))
    assert _reasons(client.get(back)) == _reasons(second)
    assert _reasons(client.get("/admin/audit?action=meeting_cancelled&before=1")) == _reasons(first)
    monkeypatch.setattr(services, "COUNT_LIMIT", 30)
    bounded = _text(client.get("/admin/audit?action=meeting_cancelled"))
    assert "30" in bounded and "45" not in bounded


def test_a_compound_is_found_by_part_of_its_name(client, world, db, li):
    meeting = _meeting(world, li)
    _cancelled(meeting, "甲理由", li)
    _cancelled(meeting, "乙理由", world.fred, compound_id=world.compound_b.id)
    db.session.commit()
    login(client, world.admin)
    text = _records(_text(client.get(f"/admin/audit?compound_name={world.compound_b.name[1:]}")))
    assert "乙理由" in text and "甲理由" not in text
    assert "理由" not in _records(_text(client.get("/admin/audit?compound_name=%25")))


def test_the_filters_do_not_grow_with_the_compounds(client, world, db, li):
    """A district has a few hundred compounds: the filter does not list them."""
    from portal.places.models import Compound

    _mix(world, li)
    db.session.commit()
    login(client, world.admin)
    counts, sizes = [], []
    for n in (1, 40):
        db.session.add_all([Compound(name=f"加{n}-{k}", community=world.community) for k in range(n)])
        db.session.commit()
        with count_queries(_db.engine) as counted:
            response = client.get("/admin/audit")
        counts.append(counted())
        sizes.append(len(response.data))
    assert counts[0] == counts[1], counts
    assert abs(sizes[0] - sizes[1]) < 100 and "加1-0" not in response.data.decode()  # tokens vary


def _mix(world, actor):
    """One record of each kind of subject and reference the page labels."""
    meeting = _meeting(world, actor)
    _paper_ballot(meeting, actor)
    _cancelled(meeting, "原因", actor)
    unit = world.compound_a.buildings[0].units[0]
    rows = [
        ("claim_verified", "UnitClaim", {"status": "verified", "unit_id": unit.id}),
        ("role_granted", "RoleGrant", {"role": "committee", "user": "1", "compound_id": world.compound_a.id}),
        (
            "role_revoked",
            "RoleGrant",
            {"role": "community_staff", "user": "1", "community_id": world.community.id},
        ),
        ("office_day_closed", "ClosedDay", {"day": "2026-12-03", "street_office_id": world.office.id}),
        ("ballot_corrected", "Ballot", {"choice": "oppose"}),
        ("objection_filed", "Objection", {"text": "异议"}),
        ("attachment_added", "Attachment", {"name": "a.pdf", "purpose": "item"}),
        ("password_changed", "User", None),
        (
            "roster_imported",
            "Compound",
            {"units": 6, "changes": [{"unit": "1号楼 101", "before": {}, "after": {}}]},
        ),
        ("assembly_settings_changed", "Assembly", {"notice_days": 15, "objection_days": 7}),
    ]
    for action, subject_type, after in rows:
        _db.session.add(
            AuditRecord(
                action=action,
                subject_type=subject_type,
                subject_id=actor.id,
                actor_id=actor.id,
                compound_id=world.compound_a.id,
                after=after,
            )
        )


def test_the_page_runs_the_same_number_of_queries_for_1_and_50_records(
    client, world, db, li, app, monkeypatch
):
    monkeypatch.setitem(app.config, "PAGE_SIZE", 50)
    login(client, world.admin)
    counts = []
    for added in (1, 49):
        for _ in range(added):
            _mix(world, li)
        db.session.commit()
        with count_queries(_db.engine) as counted:
            response = client.get("/admin/audit")
        assert response.status_code == 200 and EXAMPLE in _text(response)
        counts.append(counted())
    assert counts[0] == counts[1], counts
    assert counts[0] <= 20, counts


def test_the_page_looks_the_catalogue_up_as_often_for_1_and_50_records(
    client, world, db, li, app, monkeypatch
):
    """Babel's lookups, like the queries, do not grow with the records: each record's sentence,
    labels and values are translated through the request's catalogue (portal.translation),
    not by finding the catalogue again for every string (a fifth of the page's time)."""
    import flask_babel

    monkeypatch.setitem(app.config, "PAGE_SIZE", 50)
    lookups = []
    original = flask_babel.Domain.get_translations

    def counted(domain):
        lookups.append(1)
        return original(domain)

    monkeypatch.setattr(flask_babel.Domain, "get_translations", counted)
    login(client, world.admin)
    counts = []
    for added in (1, 49):
        for _ in range(added):
            _mix(world, li)
        db.session.commit()
        lookups.clear()
        response = client.get("/admin/audit")
        assert response.status_code == 200 and EXAMPLE in _text(response)
        counts.append(len(lookups))
    assert counts[1] <= counts[0] + 5, counts


@pytest.mark.parametrize(
    "query",
    [
        "date_from=2026-13-45",
        "date_from=0001-01-01",
        "date_to=9999-12-31",
        "date_to=abc",
        "date_from=2026-03-02&date_to=2026-03-01",
        "page=99999999999999999999",
        "page=-3",
        "page=abc",
        "compound=abc",
        "compound=99999999999999999999",
        "compound=-1",
        "compound_name=%25%00",
        "before=abc",
        "before=99999999999999999999",
        "after=-5",
        "after=99999999999999999999",
        "action=nonexistent",
        "action=%3Cscript%3E",
        "person=%3Cscript%3E",
        "person=" + "长" * 500,
        "person=%00",
        "action=%00",
        "date_from=2026-01-01%00",
        "action=role_granted&action=claim_filed",
    ],
)
def test_malformed_filters_never_fail(client, world, query):
    login(client, world.admin)
    response = client.get(f"/admin/audit?{query}")
    assert response.status_code in (200, 400)
    if response.status_code == 200 and "page=" not in query and "action=role_granted" not in query:
        text = _text(response)
        assert "请更正上面的筛选条件后查看记录" in text or "没有符合筛选条件的操作记录" in text


def test_the_page_stays_for_those_who_may_view_the_audit(client, world):
    for user, status in ((world.committee, 403), (world.resident, 403), (world.admin, 200)):
        login(client, user)
        assert client.get("/admin/audit").status_code == status
