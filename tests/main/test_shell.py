"""The shell of every page: the header's switches, the glossary and its ⓘ links, the favicon,
the page descriptions, and the refusal pages that say why."""

from tests.conftest import login


def test_the_header_has_the_language_and_large_print_switches(client, world):
    page = client.get("/").get_data(as_text=True)
    header = page[page.index("<nav") : page.index('id="main-nav"')]
    assert 'aria-label="English" aria-pressed="false">EN</button>' in header
    assert 'aria-pressed="false">大字</button>' in header
    client.set_cookie("large_text", "1", domain="portal.test")
    client.set_cookie("lang", "en", domain="portal.test")
    page = client.get("/").get_data(as_text=True)
    assert 'class="large-text"' in page and 'aria-pressed="true">Large print</button>' in page
    assert 'name="lang" value="zh_Hans_CN"' in page and 'aria-label="English" aria-pressed="true"' in page


def test_the_glossary_explains_each_term_with_an_anchor(client):
    page = client.get("/glossary").get_data(as_text=True)
    for slug, name in [
        ("exclusive-area", "专有部分面积"),
        ("written-consultation", "书面征求意见"),
        ("participation", "参与表决"),
        ("two-thirds", "三分之二"),
        ("three-quarters", "四分之三"),
        ("majority", "过半数"),
        ("roster-freeze", "名册锁定"),
        ("proxy", "委托代理"),
        ("assembly", "业主大会"),
        ("committee", "业主委员会"),
        ("preparatory-group", "筹备组"),
        ("objection-period", "异议期"),
        ("receipt-code", "回执码"),
    ]:
        assert f'id="{slug}"' in page and f'<dt class="h4">{name}</dt>' in page, slug


def test_terms_on_the_pages_link_to_the_glossary(client, world):
    page = client.get(f"/places/compounds/{world.compound_a.id}").get_data(as_text=True)
    assert 'href="/glossary#exclusive-area" aria-label="什么是专有部分面积？"' in page


def test_every_page_has_a_description_and_the_favicon(client, world):
    home = client.get("/").get_data(as_text=True)
    assert '<meta name="description" content="老旧小区业主在这里认领房屋' in home
    compound = client.get(f"/places/compounds/{world.compound_a.id}").get_data(as_text=True)
    assert '<meta name="description" content="南关社区文宴雅居：业主、业主大会' in compound
    assert 'rel="icon" href="/static/favicon.svg?v=' in home  # fingerprinted (portal.assets)
    icon = client.get("/favicon.ico")
    assert (
        icon.status_code == 200 and icon.mimetype == "image/x-icon" and icon.data[:4] == b"\x00\x00\x01\x00"
    )


def test_the_verification_queue_refusal_says_why(client, world):
    login(client, world.staff)  # compound A has a committee, which verifies its owners
    response = client.get(f"/registration/review/{world.compound_a.id}")
    assert response.status_code == 403
    assert "文宴雅居已经有业主委员会，由业委会核验本小区的业主。" in response.get_data(as_text=True)
