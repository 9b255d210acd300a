"""The legal wording the pages use (legal review): the headcount rule cites its real source, the
quorum names both conditions, and the matters are the statute's words."""

from flask_babel import force_locale

from portal.assembly.labels import MATTER_LABELS
from portal.assembly.rules import Matter

#: 《民法典》第二百七十八条第一款 (一)–(九), word for word.
STATUTE = {
    Matter.RULES_OF_PROCEDURE: "制定和修改业主大会议事规则",
    Matter.COVENANT: "制定和修改管理规约",
    Matter.COMMITTEE: "选举业主委员会或者更换业主委员会成员",
    Matter.PROPERTY_COMPANY: "选聘和解聘物业服务企业或者其他管理人",
    Matter.FUND_USE: "使用建筑物及其附属设施的维修资金",
    Matter.FUND_RAISE: "筹集建筑物及其附属设施的维修资金",
    Matter.REBUILD: "改建、重建建筑物及其附属设施",
    Matter.COMMON_PARTS: "改变共有部分的用途或者利用共有部分从事经营活动",
    Matter.OTHER_MAJOR: "有关共有和共同管理权利的其他重大事项",
}


def test_the_matters_are_the_statutes_words(app):
    with app.test_request_context(), force_locale("zh_Hans_CN"):
        assert {matter: str(label) for matter, label in MATTER_LABELS.items()} == STATUTE


def test_the_compound_page_cites_the_headcount_rule_of_the_interpretation(client, world):
    page = client.get(f"/places/compounds/{world.compound_a.id}").get_data(as_text=True)
    assert (
        "法释〔2009〕7号）第九条" in page and "建设单位尚未出售和虽已出售但尚未交付的部分合计为一人" in page
    )
    assert "按《民法典》规定计算" not in page


def test_the_quorum_names_area_and_headcount(app):
    from flask_babel import gettext

    with app.test_request_context(), force_locale("zh_Hans_CN"):
        assert gettext("Quorum (two thirds) met") == "参与表决的专有部分面积和人数均达到三分之二以上"
