"""The home page's list of compounds: the person's own compounds first, a search by name,
address, community or street office, and pages of 20 whose cost does not grow with the
district; page numbers that make no sense get a clear answer, never an error."""

import re

import pytest

from portal.extensions import db as _db
from portal.places.cards import COMPOUNDS_PER_PAGE, compounds_page
from portal.places.models import Compound
from portal.registration.services import claim_unit
from tests.assembly.conftest import unit_named
from tests.conftest import count_queries, login

CARD = re.compile(r'<h3 class="h4 card-title"><a href="/places/compounds/(\d+)">([^<]+)</a>')


def _district(db, world, n: int) -> None:
    """n more compounds in 南关社区, named 小区000... (sorted after the world's own)."""
    db.session.add_all(
        Compound(name=f"小区{k:03d}", address=f"南关大街{k}号", community=world.community) for k in range(n)
    )
    db.session.commit()


def _cards(page: str) -> list[str]:
    return [name for _id, name in CARD.findall(page)]


def test_the_list_comes_in_pages_of_twenty_with_chinese_labels(client, db, world):
    _district(db, world, 45)  # 48 compounds: three pages
    first = client.get("/").get_data(as_text=True)
    assert len(_cards(first)) == COMPOUNDS_PER_PAGE == 20
    assert "第 1 页，共 3 页" in first and "下一页" in first and "共 48 个小区" in first
    assert 'href="/?page=2"' in first
    third = client.get("/?page=3").get_data(as_text=True)
    assert len(_cards(third)) == 8 and "上一页" in third and "下一页" not in third
    every = [
        name for page in (1, 2, 3) for name in _cards(client.get(f"/?page={page}").get_data(as_text=True))
    ]
    assert len(every) == len(set(every)) == 48  # each compound on exactly one page


def test_a_small_district_has_no_pager(client, world):
    page = client.get("/").get_data(as_text=True)
    assert set(_cards(page)) == {"文宴雅居", "延中小区", "三国苑"}
    assert 'class="pagination' not in page and "共 3 个小区" not in page


@pytest.mark.parametrize(
    ("words", "found"),
    [
        ("三国", {"三国苑"}),  # the compound's name
        ("南关大街7号", {"小区007"}),  # its address
        ("西关社区", {"三国苑"}),  # its community
        ("西关街道", {"三国苑"}),  # its street office
        ("  延中  ", {"延中小区"}),  # spaces around the words do not matter
        ("%", set()),  # LIKE's wildcards are taken literally
        ("_", set()),
        ("没有这个小区", set()),
    ],
)
def test_search_finds_compounds_by_name_address_community_or_street_office(client, db, world, words, found):
    _district(db, world, 25)
    page = client.get("/", query_string={"q": words}).get_data(as_text=True)
    assert set(_cards(page)) == found
    if found:
        assert f"找到 {len(found)} 个小区" in page and "显示全部小区" in page
    else:
        assert "没有找到相符的小区" in page


def test_search_results_come_in_pages_that_keep_the_search(client, db, world):
    _district(db, world, 30)
    page = client.get("/?q=南关大街").get_data(as_text=True)
    assert "找到 30 个小区" in page and len(_cards(page)) == 20
    assert "/?q=%E5%8D%97%E5%85%B3%E5%A4%A7%E8%A1%97&amp;page=2" in page or "page=2&amp;q=" in page
    second = client.get("/?q=南关大街&page=2").get_data(as_text=True)
    assert len(_cards(second)) == 10 and "三国苑" not in second


@pytest.mark.parametrize("page", ["0", "-3", "abc", "1.5", "", "１"])
def test_nonsense_page_numbers_show_the_first_page(client, db, world, page):
    _district(db, world, 25)
    response = client.get("/", query_string={"page": page})
    assert response.status_code == 200
    assert "第 1 页，共 2 页" in response.get_data(as_text=True)


@pytest.mark.parametrize("page", ["3", "99", "99999999999999999999"])
def test_a_page_past_the_last_goes_to_the_last(client, db, world, page):
    _district(db, world, 25)
    response = client.get("/", query_string={"page": page, "q": "小区"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/?q=%E5%B0%8F%E5%8C%BA&page=2")
    assert client.get("/?page=2").status_code == 200


def test_past_the_only_page_goes_to_the_list_without_a_page_number(client, world):
    response = client.get("/?q=没有这个小区&page=5")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/?q=%E6%B2%A1%E6%9C%89%E8%BF%99%E4%B8%AA%E5%B0%8F%E5%8C%BA")
    assert client.get("/?page=2").headers["Location"].endswith("/")  # 3 compounds: one page
    assert client.get("/?q=没有这个小区").status_code == 200


def test_signed_in_people_see_their_own_compounds_first(client, db, world):
    _district(db, world, 30)
    claim_unit(world.resident, unit_named(world.compound_b, "1号楼", "101"), "CERT")  # 三国苑, waiting
    db.session.commit()
    login(client, world.resident)
    page = client.get("/").get_data(as_text=True)
    own = page[page.index('id="own-heading"') : page.index('id="compounds-heading"')]
    assert "我的小区" in own and _cards(own) == ["三国苑"]
    login(client, world.committee)  # on 文宴雅居's committee
    page = client.get("/").get_data(as_text=True)
    own = page[page.index('id="own-heading"') : page.index('id="compounds-heading"')]
    assert _cards(own) == ["文宴雅居"]
    login(client, world.staff)  # no unit, no committee: no section of their own
    assert 'id="own-heading"' not in client.get("/").get_data(as_text=True)


@pytest.mark.parametrize("who", [None, "resident"])
def test_the_home_page_costs_the_same_for_a_district_of_any_size(client, db, world, who):
    if who:
        claim_unit(world.resident, unit_named(world.compound_a, "1号楼", "101"), "CERT")
        db.session.commit()
        login(client, world.resident)
    counts, sizes = [], []
    for more in (0, 60):
        _district(db, world, more) if more else None
        with count_queries(_db.engine) as counted:
            page = client.get("/").get_data(as_text=True)
        counts.append(counted())
        sizes.append(len(_cards(page)))
    assert counts[0] == counts[1], counts
    assert sizes == [3 + (1 if who else 0), 20 + (1 if who else 0)]


def test_compounds_page_counts_every_match(app, db, world):
    _district(db, world, 21)
    with app.test_request_context():
        page = compounds_page("小区", page=2)
    assert page.total == 22 and [c.name for c in page.items] == ["小区020", "延中小区"]


def test_a_card_shows_the_mode_in_force_and_the_roster_figures(client, db, world):
    from datetime import date

    from portal.places.models import ManagementMode
    from portal.places.services import start_management_period

    start_management_period(world.compound_a, ManagementMode.BASIC, "社区服务中心", date(2020, 1, 1))
    start_management_period(world.compound_a, ManagementMode.SELF_GOVERNED, "", date(2023, 1, 1))
    world.compound_a.address = "南关街18号"
    db.session.commit()
    page = client.get("/?q=文宴").get_data(as_text=True)
    card = page[page.index("文宴雅居</a>") :]
    card = card[: card.index("</article>")]
    assert "业主自治" in card and "基础物业" not in card and "南关街18号" in card
    assert "魏都区 · 南关街道办事处 · 南关社区" in card
    summary = world.compound_a.roster
    assert f"{summary.units} 户 · 业主 {summary.owner_groups} 人 · 面积 {summary.total_area} 平方米" in card


def test_a_card_without_a_roster_or_a_district_says_so_plainly(client, db, world):
    world.office.district = ""
    db.session.add(Compound(name="新建小区", community=world.community))
    db.session.commit()
    page = client.get("/?q=新建").get_data(as_text=True)
    card = page[page.index("新建小区</a>") :]
    card = card[: card.index("</article>")]
    assert ">南关街道办事处 · 南关社区<" in card and "名册尚未导入" in card and "0 户" not in card
