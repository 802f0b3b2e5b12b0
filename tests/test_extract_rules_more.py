"""Tests for the extractor rules added after tests/test_extract_rules.py was written.

Same conventions as that file, and its helpers: public functions only (``normalize``,
``recognize``, ``Resolver``, ``read_observations``, ``pipeline.extract`` on a tiny in-memory
document), one test per rule with the sentence that motivates it. The sentences are written
for these tests in the style of ../shared/corpus and ../shared/corpus_web, with places and
firms that are not in the gold sets (Hunan and its cities, invented firm names). A test marked
``xfail(strict=True)`` names a rule that does not do what its commit or docstring says; when
the rule is fixed the test passes, strict xfail turns that into a failure, and the marker must go.
"""

from __future__ import annotations

import re

import pytest

from kg.extract.mentions import recognize
from kg.extract.observations import read_observations
from kg.ingest.normalize import normalize
from kg.model import Mention
from tests.test_extract_rules import _resolve, entity, observations, run, spans, triples

HUNAN = Mention("湖南省", "Province", -1, -1, "reference.document_province")
SECTOR_TYPES = ("Industry", "IndustryChain", "IndustryCluster")


def sector_names(text: str) -> set[str]:
    return {n for t, n in spans(text) if t in SECTOR_TYPES}


def names_of(ex, type_: str) -> set[str]:
    return {e.name for e in ex.entities.values() if e.type == type_}

# ---------------------------------------------------------------- normalize


@pytest.mark.parametrize("raw, joined", [
    # a 《title》 broken inside its years: 《…行动计划（2024—
    ("近日，省政府印发《湖南省加快建设轨道交通装备产业高地行动计划（2024—\n2026年）》，明确了目标任务。\n下一段另起一行。",
     "近日，省政府印发《湖南省加快建设轨道交通装备产业高地行动计划（2024—2026年）》，明确了目标任务。"),
    # a “quotation” broken in the middle
    ("会议提出要叫响“湘江\n智谷”品牌。\n下一段另起一行。", "会议提出要叫响“湘江智谷”品牌。"),
], ids=["title", "quote"])
def test_normalize_open_title_or_quote_joins_the_next_line(raw, joined):
    # plain text, no PDF wrap width: only the open 《 or “ joins the lines
    assert normalize(raw)[0].split("\n") == [joined, "下一段另起一行。"]


def test_normalize_joined_title_is_one_policy():
    ex = run("2024年5月，省政府印发《湖南省加快建设轨道交通装备产业高地行动计划（2024—\n2026年）》，明确了目标任务。\n")
    title = "湖南省加快建设轨道交通装备产业高地行动计划（2024—2026年）"
    assert entity(ex, title).type == "PolicyDocument"
    assert [(ex.entities[p.policy].name, p.date) for p in ex.policies] == [(title, "2024-05")]


def test_normalize_bullets_stay_separate_lines():
    # web style: a dated heading and its bullet lines; a title left open does not swallow a bullet
    raw = ("2022年攸县工业园区答卷\n●完成规上工业总产值56亿元\n●引进亿元以上项目8个\n"
           "出台《攸县工业园区招商引资奖励办法（2022—\n●承办招商推介活动3次\n")
    assert normalize(raw)[0].split("\n") == [
        "2022年攸县工业园区答卷", "●完成规上工业总产值56亿元", "●引进亿元以上项目8个",
        "出台《攸县工业园区招商引资奖励办法（2022—", "●承办招商推介活动3次"]

# ---------------------------------------------------------------- policies


def test_five_year_plan_named_without_title_marks():
    # 洛阳“十五五”规划: a place, the five-year term in quotes, and 规划 right after
    found = {n for t, n in spans("2025年，株洲“十五五”规划提出，做强轨道交通装备产业集群。") if t == "PolicyDocument"}
    assert found == {"株洲“十五五”规划"}


def test_five_year_plan_keeps_its_place_after_a_verb():
    found = {n for t, n in spans("会议审议通过了株洲“十五五”规划。") if t == "PolicyDocument"}
    assert found == {"株洲“十五五”规划"}


@pytest.mark.parametrize("text, title", [
    ("该市出台“预制菜产业十条”政策，支持龙头企业做大做强。", "预制菜产业十条"),
    ("近年来，湘潭市先后出台“促进民营经济高质量发展若干措施”等政策。", "促进民营经济高质量发展若干措施"),
], ids=["shitiao-zhengce", "ruogan-cuoshi-deng-zhengce"])
def test_quoted_policy(text, title):
    assert ("PolicyDocument", title) in spans(text)


def test_quoted_words_without_a_policy_context_are_no_policy():
    # the control: a nickname in quotes that ends like a policy, with no 出台/政策 around it
    assert not [m for m in recognize("群众把这些举措称为“暖心十条”。") if m.type == "PolicyDocument"]


def test_notice_titled_with_the_issuer_line_above():
    ex = run("湘潭市人民政府\n关于做好2019年招商引资工作的通知\n各县市区人民政府，市直各单位：\n现将有关事项通知如下。\n")
    notice = "湘潭市人民政府关于做好2019年招商引资工作的通知"
    assert entity(ex, notice).type == "PolicyDocument"
    assert "关于做好2019年招商引资工作的通知" not in {e.name for e in ex.entities.values()}
    assert (notice, "issuedBy", "湘潭市人民政府") in triples(ex)


def test_policy_date_not_from_a_year_inside_an_earlier_title():
    ex = run("2022年6月，省政府先后印发《湖南省轨道交通装备产业发展行动计划（2021—2025年）》和《关于支持预制菜产业发展的若干意见》。")
    dates = {ex.entities[p.policy].name: p.date for p in ex.policies}
    assert dates["关于支持预制菜产业发展的若干意见"] == "2022-06"  # not 2025, the end year of the first title

# ---------------------------------------------------------------- organizations


def test_organizations_sheng_wei_sheng_zheng_fu_are_two_bodies():
    orgs = {n for t, n in spans("省委省政府高度重视工程机械产业发展。") if t == "Organization"}
    assert orgs == {"省委", "省政府"}


@pytest.mark.parametrize("text", [
    "长沙着力优化全市产业布局。",  # 局 inside 布局
    "衡阳市精心部署全年重点工作。",  # 部 inside 部署
    "湘潭市奋力开新局、谱新篇。",  # 局 inside 开新局
], ids=["buju", "bushu", "kaixinju"])
def test_organizations_one_character_suffix_inside_a_word(text):
    assert not [m for m in recognize(text) if m.type == "Organization"]


@pytest.mark.parametrize("text, name", [
    ("湖南省商务厅印发通知。", "湖南省商务厅"),
    ("长沙市统计局发布数据。", "长沙市统计局"),
], ids=["shangwuting", "tongjiju"])
def test_organizations_one_character_suffix_ending_a_dictionary_word(text, name):
    assert ("Organization", name) in spans(text)


def test_organizations_two_bodies_joined_by_he():
    orgs = {n for t, n in spans("国家发改委和科技部联合印发通知。") if t == "Organization"}
    assert orgs == {"国家发改委", "科技部"}


def test_organizations_a_clause_before_the_suffix_is_not_a_body():
    # 成都设立全国首个新经济委员会: the city set a committee up; the clause is no body's name
    found = spans("湘潭设立全省首个产业链发展委员会。")
    assert not [n for t, n in found if t == "Organization"]
    assert ("City", "湘潭") in found


def test_local_governments_named_after_the_documents_province():
    ex = run("湖南省是工程机械大省。省委省政府高度重视工程机械产业发展。")
    orgs = names_of(ex, "Organization")
    assert {"中共湖南省委", "湖南省人民政府"} <= orgs
    assert not orgs & {"省委", "省政府", "省委省政府"}


def test_local_government_at_a_clause_start_named_after_the_documents_province():
    ex = run("湖南省是工程机械大省。省政府印发专项行动方案。")
    orgs = names_of(ex, "Organization")
    assert "湖南省人民政府" in orgs and "省政府" not in orgs

# ---------------------------------------------------------------- firms


@pytest.mark.parametrize("text", [
    "小区引入专业物业公司提供服务。",
    "支持组建大型水泥企业集团，推进兼并重组。",
], ids=["wuye-gongsi", "shuini-qiye-jituan"])
def test_firm_name_needs_a_proper_word(text):
    assert not [m for m in recognize(text) if m.type == "Enterprise"]


def test_firm_name_with_an_unknown_word_is_a_firm():
    assert ("Enterprise", "湘江瑞泰科技股份有限公司") in spans("湘江瑞泰科技股份有限公司研发的新型陶瓷材料实现量产。")


@pytest.mark.parametrize("text", [
    "全省新增上市公司12家，国有企业改革持续深化。",
    "支持上市公司和国有企业做大做强。",
], ids=["xinzeng", "zhichi"])
def test_kinds_of_firms_are_not_names(text):
    assert not [m for m in recognize(text) if m.type == "Enterprise"]


@pytest.mark.parametrize("text, name", [
    ("江西铜业集团加快转型升级。", "江西铜业集团"),
    ("湖南兴湘集团牵头组建产业基金。", "湖南兴湘集团"),
], ids=["jiangxi-tongye", "hunan-xingxiang"])
def test_firm_keeps_its_leading_place(text, name):
    found = spans(text)
    assert ("Enterprise", name) in found
    assert not [n for t, n in found if t == "Enterprise" and n != name]


def test_firm_keeps_its_leading_place_before_touzi_jituan():
    assert ("Enterprise", "湖南兴湘投资集团") in spans("湖南兴湘投资集团牵头组建产业基金。")

# ---------------------------------------------------------------- platforms


@pytest.mark.parametrize("text", [
    "全国已布局建设30个制造业创新中心。",
    "培育一批省级制造业创新中心。",
    "支持有条件的城市建设人工智能计算中心。",  # a computing centre without a place or 国家
], ids=["30-ge", "yipi-shengji", "no-place"])
def test_platforms_counted_or_unnamed_are_not_named_platforms(text):
    assert not [m for m in recognize(text) if m.type == "InnovationPlatform"]


def test_platforms_named_computing_centre_with_a_place():
    assert ("InnovationPlatform", "长沙人工智能计算中心") in spans("长沙人工智能计算中心正式上线运行。")

# ---------------------------------------------------------------- sectors


@pytest.mark.parametrize("text", [
    "当前中国经济长期向好的基本面没有改变。",
    "推动县域服务业提质扩容。",
], ids=["zhongguo-jingji", "xianyu-fuwuye"])
def test_sectors_scope_words_are_not_sectors(text):
    assert not sector_names(text)


@pytest.mark.parametrize("text", [
    "培育一批标志性产业，发展环境友好型产业。",
    "大力发展资源节约型、环境友好型产业。",
], ids=["biaozhixing", "list"])
def test_sectors_adjectival_endings_are_not_sectors(text):
    assert not sector_names(text)


def test_sectors_slogan_in_quotes_is_not_an_industry():
    ex = run("株洲市着力打造“两廊三带”产业。")
    assert not [n for n in names_of(ex, "Industry") if re.fullmatch(r"“[^”]+”", n)]


def test_sectors_list_whose_last_item_carries_de_gives_no_items():
    assert not sector_names("构建安全高效、稳固多元的产业链。")


def test_sectors_cong_to_list_gives_no_items():
    assert not sector_names("打通从原料供应、研发设计到终端消费的全产业链。")


def test_sectors_verb_and_its_object_is_not_a_sector():
    assert not sector_names("努力提高产业链供应链韧性。")


def test_sectors_names_with_counts_are_not_sectors():
    found = sector_names("着力壮大工程机械、轨道交通两大优势产业。")
    assert not [n for n in found if "两大" in n]
    assert found == {"工程机械", "轨道交通"}  # the listed sectors themselves stay


def test_resolver_world_class_industry_is_the_industry():
    ents = _resolve(extra=[Mention("世界级工程机械产业", "Industry", 0, 9, "enumeration.sector"),
                           Mention("工程机械产业", "Industry", 20, 26, "suffix.industry")])
    sectors = [e for e in ents.values() if e.type == "Industry"]
    assert [e.name for e in sectors] == ["工程机械"]

# ---------------------------------------------------------------- zones and references


@pytest.mark.parametrize("raw", [
    # the zone is named only in a later sentence
    "工业园区以创建省级高新区为契机，围绕精细化工、新能源电池等主导产业，加快推进项目建设。\n"
    "攸县工业园区位于县城以北，是2006年批准设立的省级开发区。\n",
    # another zone is named before: 工业园区 still is the document's 某某工业园区
    "醴陵经济开发区加快发展陶瓷产业。工业园区以创建省级高新区为契机，围绕精细化工、新能源电池等主导产业，加快推进项目建设。"
    "攸县工业园区位于县城以北。",
], ids=["named-later", "other-zone-before"])
def test_bare_zone_word_refers_to_the_documents_zone_of_that_kind(raw):
    got = triples(run(raw), "develops")
    assert {("攸县工业园区", "develops", "精细化工"), ("攸县工业园区", "develops", "新能源电池")} <= got
    assert not [t for t in got if t[0] == "醴陵经济开发区" and t[2] != "陶瓷产业"]


def test_province_before_a_division_zone_joins_it():
    # 永州经济技术开发区 is a Zone of kg/data/divisions.tsv; 湖南 before it is not part of its name
    ex = run("近年来，湖南永州经济技术开发区加快发展电子元器件产业。")
    assert names_of(ex, "Zone") == {"永州经济技术开发区"}
    assert ("永州经济技术开发区", "develops", "电子元器件") in triples(ex)

# ---------------------------------------------------------------- observations


def test_observation_bullets_take_the_dated_headings_year_and_subject():
    ex = run("2022年攸县工业园区答卷\n●完成规上工业总产值56亿元,同比增长12%\n●引进亿元以上项目8个\n")
    assert {("攸县工业园区", "规上工业总产值", 56.0, "亿元", 2022, "actual"),
            ("攸县工业园区", "引进亿元以上项目", 8.0, "个", 2022, "actual")} <= observations(ex)


def test_observation_bullets_without_a_dated_heading_give_nothing():
    # the control: the same bullets under a heading without a year have no year
    ex = run("攸县工业园区答卷\n●完成规上工业总产值56亿元,同比增长12%\n●引进亿元以上项目8个\n")
    assert not observations(ex)


def test_observation_rank_of_a_growth_rate_is_the_previous_metric_plus_zengsu():
    text = "2022年，攸县工业园区完成规上工业总产值56亿元,同比增长12%,增速全市第2位。"
    got = {(ob.metric, ob.value, ob.unit) for ob in read_observations(text, recognize(text), HUNAN)}
    assert ("规上工业总产值增速", "2", "位") in got
    assert not [m for m, _, _ in got if "全市" in m]


def test_observation_unit_ci():
    text = "2023年，株洲市举办专场招商推介活动6次。"
    obs = read_observations(text, recognize(text), HUNAN)
    assert [(ob.subject.text, ob.value, ob.unit, ob.year) for ob in obs] == [("株洲市", "6", "次", 2023)]

# ---------------------------------------------------------------- relations


def test_develops_through_the_last_place_of_an_administrative_chain():
    ex = run("湖南省株洲市攸县加快发展电子陶瓷、新能源电池等新兴产业。")
    got = triples(ex, "develops")
    assert ("攸县", "develops", "新能源电池") in got
    assert not [t for t in got if t[0] in ("湖南省", "株洲市")]


def test_list_items_closed_by_deng_are_parts_of_the_broader_sector():
    got = triples(run("株洲市加快发展现代物流、创意设计等商务服务业。"))
    assert {("现代物流", "partOf", "商务服务业"), ("创意设计", "partOf", "商务服务业")} <= got
    assert {t for t in got if t[1] == "develops"} == {("株洲市", "develops", "商务服务业")}


def test_list_items_closed_by_deng_shengchanxing_fuwuye():
    got = triples(run("株洲市加快发展现代物流、创意设计等生产性服务业。"))
    assert ("现代物流", "partOf", "生产性服务业") in got
    assert {t for t in got if t[1] == "develops"} == {("株洲市", "develops", "生产性服务业")}


def test_list_items_closed_by_deng_with_an_unrecognized_item():
    got = triples(run("株洲市加快发展现代物流、法律咨询等商务服务业。"))
    assert {t for t in got if t[1] == "develops"} == {("株洲市", "develops", "商务服务业")}

# ---------------------------------------------------------------- newer: issuers and what a policy supports


def test_issued_by_the_body_nearest_the_verb_control():
    # the control of the next test: one body, right before 印发
    got = triples(run("湖南省工业和信息化厅印发《湖南省工程机械产业高质量发展行动方案》。"), "issuedBy")
    assert got == {("湖南省工程机械产业高质量发展行动方案", "issuedBy", "湖南省工业和信息化厅")}


def test_issued_by_only_the_body_nearest_the_verb():
    # e1204c5: 省委省政府高度重视…，省政府印发《P》: 省政府 issues P
    ex = run("湖南省人民政府高度重视工程机械产业发展，湖南省工业和信息化厅印发《湖南省工程机械产业高质量发展行动方案》。")
    assert triples(ex, "issuedBy") == {("湖南省工程机械产业高质量发展行动方案", "issuedBy", "湖南省工业和信息化厅")}


def test_supports_only_the_first_clause_with_a_support_verb():
    ex = run("株洲市出台《株洲市工程机械产业发展规划》，提出做强工程机械产业集群；同时加快建设全市重点项目，发展轨道交通装备产业。")
    got = triples(ex, "supports")
    assert ("株洲市工程机械产业发展规划", "supports", "工程机械产业集群") in got
    assert ("株洲市工程机械产业发展规划", "supports", "轨道交通装备") not in got  # a later clause, another subject


def test_supports_after_tichu_and_a_comma():
    ex = run("《株洲市工程机械产业发展规划》提出，做强工程机械产业集群。")
    assert ("株洲市工程机械产业发展规划", "supports", "工程机械产业集群") in triples(ex)

# ---------------------------------------------------------------- newer: regions, metrics


def test_regions_city_before_a_region_of_its_own_name():
    # 洛阳中原城市群: the city, then a region whose name does not include it
    found = spans("推动长沙长株潭都市圈建设。")
    assert {("City", "长沙"), ("Region", "长株潭都市圈")} <= found
    assert ("Region", "长沙长株潭都市圈") not in found


def test_observation_jin_is_not_part_of_the_metric():
    text = "2023年，株洲市工程机械产量仅为3.2万台。"
    obs = read_observations(text, recognize(text), HUNAN)
    assert [(ob.metric, ob.value, ob.unit) for ob in obs] == [("工程机械产量", "3.2", "万台")]


def test_observation_latin_metric():
    text = "2023年，株洲市GDP达到3846亿元。"
    obs = read_observations(text, recognize(text), HUNAN)
    assert [(ob.subject.text, ob.metric, ob.value, ob.unit, ob.year) for ob in obs] == [("株洲市", "GDP", "3846", "亿元", 2023)]


def test_each_title_of_a_run_after_the_verb_is_issued_by_its_subject():
    ex = run("株洲市先后出台了《株洲市轨道交通装备产业发展规划》《株洲市陶瓷产业链三年行动方案》等一系列政策文件。")
    issued = triples(ex, "issuedBy")
    assert ("株洲市轨道交通装备产业发展规划", "issuedBy", "株洲市") in issued
    assert ("株洲市陶瓷产业链三年行动方案", "issuedBy", "株洲市") in issued


def test_firms_a_zone_draws_are_in_that_zone_and_a_firm_after_its_county_is_in_it():
    from kg.extract.relations import RULES, SentenceContext

    def located(text: str, spans: list[tuple[str, str]]) -> set[tuple[str, str]]:
        ms = []
        for name, type_ in spans:
            start = text.index(name)
            ms.append(Mention(name, type_, start, start + len(name), "test", entity=name))
        ctx = SentenceContext(text, sorted(ms, key=lambda m: m.start))
        return {(a.text, b.text) for a, p, b, _r, _c in RULES["located_in"](ctx) if p == "locatedIn"}

    text = "醴陵市以陶瓷产业园为载体，吸引了华窑瓷业、国瓷新材等企业集聚发展。"
    got = located(text, [("醴陵市", "County"), ("陶瓷产业园", "Zone"), ("华窑瓷业", "Enterprise"), ("国瓷新材", "Enterprise")])
    assert {("华窑瓷业", "陶瓷产业园"), ("国瓷新材", "陶瓷产业园")} <= got
    assert ("华窑瓷业", "醴陵市") not in got
    got = located("2023年,攸县湘东钨业年产值突破10亿元。", [("攸县", "County"), ("湘东钨业", "Enterprise")])
    assert got == {("湘东钨业", "攸县")}


def test_firms_listed_before_a_sector_firm_word_work_in_that_sector():
    from kg.extract.relations import RULES, SentenceContext

    text = "引进了湘瓷、醴泉、华联等陶瓷企业12家,湘东钨业钨制品生产基地项目开工。"
    ms = []
    for name, type_ in (("湘瓷", "Enterprise"), ("醴泉", "Enterprise"), ("华联", "Enterprise"), ("陶瓷", "Industry"),
                        ("湘东钨业", "Enterprise"), ("钨制品", "Industry")):
        start = text.index(name)
        ms.append(Mention(name, type_, start, start + len(name), "test", entity=name))
    ctx = SentenceContext(text, sorted(ms, key=lambda m: m.start))
    got = {(a.text, b.text) for a, p, b, _r, _c in RULES["in_industry"](ctx) if p == "inIndustry"}
    assert {("湘瓷", "陶瓷"), ("醴泉", "陶瓷"), ("华联", "陶瓷"), ("湘东钨业", "钨制品")} <= got
    assert ("湘东钨业", "陶瓷") not in got


def test_spellings_of_a_sector_and_of_a_government_merge():
    ex = run("湖南省人民政府印发《湖南省某规划》，推动陶瓷业发展，做强信息服务业。\n湖南省政府支持陶瓷产业发展，壮大信息服务产业。\n")
    names = {e.name for e in ex.entities.values()}
    assert "湖南省政府" not in names and "湖南省人民政府" in names
    sectors = [e for e in ex.entities.values() if e.type == "Industry"]
    assert len([e for e in sectors if e.name.startswith("陶瓷")]) == 1
    assert len([e for e in sectors if e.name.startswith("信息服务")]) == 1


# ------------------------------------------------------------------ places inside places


@pytest.mark.parametrize(("text", "expected", "absent"), [
    # what a place governs, checked against the division codes; a zone in the list too
    ("周口1965年设专区,辖扶沟、西华两县和川汇区及周口经济技术开发区,全市共有乡镇百余个。",
     {("扶沟县", "周口市"), ("西华县", "周口市")}, set()),
    # 位于/地处: the containing province and the region; a side word after a place is no place
    ("信阳市位于河南省最南部,地处大别山北麓。", {("信阳市", "河南省")}, set()),
    ("杭州市地处浙江西北部、长三角南翼,是长三角城市群重要组成部分。",
     {("杭州市", "浙江省"), ("杭州市", "长三角"), ("杭州市", "长三角城市群")}, set()),
    # a list under its container: the nearest containing place, by the codes
    ("涉及洛阳市嵩县、栾川县和平顶山市鲁山县。",
     {("嵩县", "洛阳市"), ("栾川县", "洛阳市"), ("鲁山县", "平顶山市")}, {("鲁山县", "洛阳市")}),
    # a province written before a county names its container
    ("这里是河南省新县。", {("新县", "河南省")}, set()),
    # a city that is not inside the place before it is no part of it
    ("郑州、武汉两市签署合作协议。", set(), {("武汉市", "郑州市")}),
])
def test_places_the_sentence_puts_inside_other_places(text, expected, absent):
    got = {(s, o) for s, _p, o in triples(run(text), "locatedIn")}
    assert expected <= got, got
    assert not (absent & got)


def test_firms_of_a_list_closed_by_their_sector_work_in_it():
    # 等X企业 with a sector before 企业: the firms are read, and each works in the sector, also
    # past an item the recognizers left out of the list
    ex = run("高新区引进鑫源、佳和、天宇、恒信等电子信息企业20家。")
    got = {s for s, _p, o in triples(ex, "inIndustry") if o == "电子信息"}
    assert {"鑫源", "天宇", "恒信"} <= got, triples(ex)
    # a plain 等企业 list names no sector
    assert not triples(run("园区聚集了鑫源、天宇等企业。"), "inIndustry")


@pytest.mark.parametrize(("text", "name"), [
    ("洛阳市商务局局长王某介绍。", "洛阳市商务局"),  # a title right after the body
    ("许昌市中心医院院长表示。", "许昌市中心医院"),
    ("中共周口市委、周口市人民代表大会联合召开会议。", "中共周口市委"),
    ("中共周口市委、周口市人民代表大会联合召开会议。", "周口市人民代表大会"),
    ("郑州海关发布数据。", "郑州海关"),
    ("白河科学城管理委员会挂牌成立。", "白河科学城管理委员会"),  # a zone's administration
    ("据光明日报报道,该市举办了展会。", "光明日报"),  # a newspaper cited
])
def test_bodies_named_by_their_place_or_zone(text, name):
    assert ("Organization", name) in spans(text)


def test_a_party_secretary_is_no_body_and_a_county_committee_needs_its_place():
    assert not any(t == "Organization" and n.endswith("委") for t, n in spans("南阳市委书记表示,要加快发展。"))
    assert not any(n == "委" or n.endswith("省委") for _t, n in spans("国家发展改革委员会"))


def test_whole_city_figures_go_to_the_city_not_a_district_named_like_a_municipal_one():
    # 西城区 is a district of a municipality (a City in the division data): 全市 is still 开封市
    ex = run("开封市辖龙亭区,另设西城区等功能区。2022年全市生产总值增长5.2%。")
    subjects = {s for s, m, *_ in observations(ex) if m == "生产总值"}
    assert subjects == {"开封市"}, observations(ex)


def test_whole_city_figures_stay_in_the_documents_province():
    # 东方 read as a city of another province (东方市) is not what 全市 means in a Henan text
    ex = run("河南省三门峡市铝产业加快发展。全市现有东方希望等铝企业。2024年全市铝产业产值突破260亿元。")
    subjects = {s for s, m, *_ in observations(ex) if m.endswith("产值")}
    assert subjects == {"三门峡市"}, observations(ex)


def test_a_city_governments_notice_speaks_of_its_city_under_a_dated_target_heading():
    # the city appears only inside the issuing body's name; the bracketed responsible units under
    # each numbered item keep the heading's year and kind
    ex = run("鹤壁市人民政府办公室关于分解2024年重点工作的通知\n鹤壁市人民政府办公室\n"
             "一、2024年主要预期目标\n1.地区生产总值增长6%以上。\n(市发展改革委,各县区政府)\n"
             "2.城镇调查失业率控制在5.5%以内。\n(市人社局)\n")
    assert {("鹤壁市", "地区生产总值", 6.0, "%", 2024, "target"),
            ("鹤壁市", "城镇调查失业率", 5.5, "%", 2024, "target")} <= observations(ex), observations(ex)


def test_a_text_on_a_city_compared_with_municipalities_speaks_of_that_city():
    # 重庆 and 上海 are provinces in the division data; the text is about 马鞍山, not 重庆
    ex = run("长江沿岸孕育出重庆、上海等汽车重镇。马鞍山汽车产业增长势头强劲。"
             "马鞍山加快发展新能源汽车。2022年,当地整车产量达11.1万辆。")
    assert {s for s, m, *_ in observations(ex) if m.startswith("整车产量")} == {"马鞍山市"}, observations(ex)


@pytest.mark.parametrize(("text", "name"), [
    ("该市地处中国华东地区。", "华东地区"),  # the country before a region is not part of its name
    ("老区振兴发展规划覆盖沂蒙革命老区。", "沂蒙革命老区"),
    ("位于黄淮平原腹地。", "黄淮平原"),
])
def test_regions_by_their_generic_ending(text, name):
    assert ("Region", name) in spans(text)


def test_parts_a_cluster_is_led_by_and_sectors_a_policy_title_names():
    ex = run("县里形成了以新能源汽车、智能网联汽车为主导的汽车产业集群。")
    assert ("新能源汽车", "partOf", "汽车产业集群") in triples(ex, "partOf")
    ex = run("市政府印发《培育壮大生物医药产业三年行动方案》。全市加快发展生物医药产业,支持企业上市。")
    assert ("培育壮大生物医药产业三年行动方案", "supports", "生物医药") in triples(ex, "supports"), triples(ex)
    # a title that names no sector the text speaks of supports nothing by its title alone
    assert not triples(run("市政府印发《优化营商环境若干措施》。"), "supports")


def test_firms_made_the_leaders_of_a_named_sector():
    ex = run("全县形成了以宇华集团、恒泰集团为装备制造产业龙头,以金丰公司为食品产业龙头的发展格局。")
    got = triples(ex, "leadingEnterprise")
    assert {("装备制造", "leadingEnterprise", "宇华集团"), ("装备制造", "leadingEnterprise", "恒泰集团"),
            ("食品产业", "leadingEnterprise", "金丰公司")} <= got, got
    assert ("食品产业", "leadingEnterprise", "宇华集团") not in got


@pytest.mark.parametrize(("text", "name"), [
    ("县里建成陶瓷小镇,引进企业十余家。", "陶瓷小镇"),
    ("石佛寺管理区位于镇平县北部。", "石佛寺管理区"),
])
def test_zones_ending_in_town_or_administrative_area(text, name):
    assert ("Zone", name) in spans(text)


def test_a_town_without_a_name_is_no_zone():
    assert not any(t == "Zone" for t, _n in spans("这个小镇很美,一个特色小镇正在成形。"))


@pytest.mark.parametrize(("text", "title", "issuer"), [
    # the body a title opens with issued it
    ("为贯彻落实《国务院关于支持中原地区加快发展的意见》精神,推动发展。",
     "国务院关于支持中原地区加快发展的意见", "国务院"),
    ("《中共周口市委关于制定周口市国民经济和社会发展第十四个五年规划的建议》发布。",
     "中共周口市委关于制定周口市国民经济和社会发展第十四个五年规划的建议", "中共周口市委"),
    # a body written right before the title: its document
    ("河南省郑州市。按照市政府《关于明确2023年重点工作责任单位的通知》要求,推进工作。",
     "关于明确2023年重点工作责任单位的通知", "郑州市人民政府"),
])
def test_issuers_read_off_a_title_or_the_body_before_it(text, title, issuer):
    assert (title, "issuedBy", issuer) in triples(run(text), "issuedBy")


def test_a_notice_headline_wrapped_over_two_lines_is_one_title_issued_by_the_line_above():
    raw = ("周口市人民政府\n关于印发周口市2021年国民经济和\n社会发展计划的通知\n各县(市、区)人民政府:\n"
           "《周口市2021年国民经济和社会发展计划》已经市人大审议通过,现印发给你们,请认真组织实施。\n")
    text, _ = normalize(raw)
    assert "关于印发周口市2021年国民经济和社会发展计划的通知\n" in text
    got = triples(run(raw), "issuedBy")
    assert ("周口市2021年国民经济和社会发展计划", "issuedBy", "周口市人民政府") in got, got


def test_respectively_after_a_list_with_a_shared_measure():
    # A、B、C等…出口分别增长x、y和z: each item's 出口 is measured, the collective name left out
    ex = run("宁波市外贸平稳。2023年,全市服装、家电、汽车配件等“老三样”出口分别增长5.1%、3.2%和4.3%。")
    got = observations(ex)
    assert {("宁波市", "服装出口", 5.1, "%", 2023, "actual"), ("宁波市", "家电出口", 3.2, "%", 2023, "actual"),
            ("宁波市", "汽车配件出口", 4.3, "%", 2023, "actual")} <= got, got


def test_one_figure_for_each_item_and_bare_magnitudes():
    # A、B产业规模各将突破万亿元: one target per item; 万亿元 without a digit is one of it
    ex = run("四川省加快发展。到2027年,全省电子信息、装备制造产业规模各将突破万亿元。")
    got = observations(ex)
    assert {("四川省", "电子信息产业规模", 1.0, "万亿元", 2027, "target"),
            ("四川省", "装备制造产业规模", 1.0, "万亿元", 2027, "target")} <= got, got
    # a lone 万亿 that no verb reaches is no figure
    assert not observations(run("四川省加快发展。2023年,万亿元级产业集群建设提速。"))


@pytest.mark.parametrize(("span", "type_", "kept"), [
    ("现代装备制造领域", "Industry", "现代装备制造"),  # 领域 after a sector
    ("农用无人机研发生产", "Industry", "农用无人机"),  # the activity after a product
    ("省生物医药及医疗器械产业链", "IndustryChain", "生物医药及医疗器械产业链"),  # a stray level word
    ("市场经济体制", "Industry", "市场经济体制"),  # 市 opening a word stays
    ("高新技术", "Industry", None),  # a kind of firm (高新技术企业), no sector
])
def test_tidy_leaves_what_is_not_part_of_a_sector_name(span, type_, kept):
    from kg.extract.mentions import tidy

    got = tidy(Mention(span, type_, 0, len(span), "learned.crf"), span)
    assert (got.text if got else None) == kept


# ---------------------------------------------------------------- session 5: lists, classes, chains


@pytest.mark.parametrize("text, firms, sector", [
    # any sector word between 等 and 企业 closes a firm list (not only the listed head words)
    ("湘东区以智能家居产业园为载体，吸引了甲木、乙林、丙森等家具企业集聚发展。", {"甲木", "乙林", "丙森"}, "家具"),
    # 现有 is not part of the first firm's name
    ("全市现有丁山、戊川铝业等重点铝产业企业。", {"丁山", "戊川铝业"}, None),
    # beside names, a common word is a brand too
    ("引进华东、精锐、豫达、宏发等装备制造企业。", {"华东", "精锐", "豫达", "宏发"}, "装备制造"),
])
def test_firm_lists_with_any_sector_head(text, firms, sector):
    ex = run(text)
    assert firms <= names_of(ex, "Enterprise")
    assert not {n for n in names_of(ex, "Enterprise") if n.startswith("现有")}
    if sector:
        assert {(f, "inIndustry", sector) for f in firms} <= triples(ex, "inIndustry")


def test_a_list_of_common_words_before_firms_is_not_a_firm_list():
    assert not {n for t, n in spans("国有、民营等企业积极参与混合所有制改革。") if t == "Enterprise"}


def test_industries_named_as_the_national_classification_names_them():
    text = "信息传输、软件和信息技术服务业，租赁和商务服务业，交通运输、仓储和邮政业增加值均实现两位数增长。"
    assert {"信息传输、软件和信息技术服务业", "租赁和商务服务业", "交通运输、仓储和邮政业"} <= sector_names(text)
    # the 、 inside a class name may be left out
    assert "纺织服装服饰业" in sector_names("在工业行业大类中，纺织服装服饰业从业人员最多。")
    assert not sector_names("房地产业务收入增长。") & {"房地产业"}


def test_links_of_a_chain_written_with_dashes_are_industries():
    ex = run("某市打造“锰矿—电解锰—锰酸锂—电池回收”全产业链。")
    names = names_of(ex, "Industry")
    assert {"电解锰", "锰酸锂", "电池回收"} <= names


@pytest.mark.parametrize("text, body", [
    ("近日，记者从省发展改革委获悉，第一批名单进入公示阶段。", "省发展改革委"),
    ("长沙高新区是2009年省政府批准设立的开发区。", "省政府"),
])
def test_a_body_named_by_level_after_a_preposition_or_a_year(text, body):
    assert ("Organization", body) in spans(text)


@pytest.mark.parametrize("text, firm", [
    ("一辆运输车从湘鑫铝业驶入总装车间。", "湘鑫铝业"),  # a proper word and a trade word
    ("醴陵县岳麓鞋业通过恳谈会对接订单。", "岳麓鞋业"),  # the county before it is not part of it
])
def test_a_firm_short_name_is_a_proper_word_and_a_trade(text, firm):
    assert ("Enterprise", firm) in spans(text)


@pytest.mark.parametrize("text", ["发展新能源汽车和化工产业。", "湖南科技大学和中国化工签约。"])
def test_a_trade_word_after_common_words_or_before_a_sector_is_no_firm(text):
    assert not {n for t, n in spans(text) if t == "Enterprise"}


def test_a_counted_firm_list_head():
    assert {("Enterprise", "湘江"), ("Enterprise", "岳通")} <= spans("目前集聚了湘江、岳通、株洲三大整车企业。")


@pytest.mark.parametrize("text, expected", [
    # a city jieba reads as a verb (开封: to unseal) still starts a body's or a zone's name
    ("依托自贸试验区开封片区、开封海关、开封综保区等开放平台，打造开放高地。",
     {("Organization", "开封海关"), ("Zone", "开封综保区"), ("Zone", "自贸试验区开封片区")}),
    ("深化与中央财经大学、湖南师范大学合作。", {("Organization", "中央财经大学")}),
    ("与北京某某工业规划院深度对接。", {("Organization", "北京某某工业规划院")}),
    # a source in a dateline
    ("湖南长沙打造特色产业集群 湖湘日报·2025-09-27", {("Organization", "湖湘日报")}),
])
def test_bodies_zones_and_media_named_in_general_forms(text, expected):
    assert expected <= spans(text)


@pytest.mark.parametrize("text, firms", [
    # a first item whose last word is a verb to jieba (希望), a name ending like a verb (某某达)
    ("全市现有湘江希望、开曼铝业等重点铝产业企业。", {"湘江希望", "开曼铝业"}),
    ("富华泰、四海达等企业形成百亿级产业集群。", {"富华泰", "四海达"}),
    # 等诸多…企业: a long head still closes the list
    ("吸引了湖南某维、迅达新材料等诸多与某某化纤上下游关联的企业。", {"湖南某维", "迅达新材料"}),
])
def test_firm_list_items_that_end_like_verbs(text, firms):
    assert firms <= {n for t, n in spans(text) if t == "Enterprise"}


def test_a_list_of_phrases_before_企业_names_no_firm():
    assert not {n for t, n in spans("推动技术突破、模式创新等企业发展。") if t == "Enterprise"}


def test_a_firm_named_as_an_example_is_not_the_subject_of_a_figure():
    ex = run("依托资源优势，新密市以湘江药业为代表的制药企业驰名中外，2023年产值达20亿元。")
    assert ("新密市", "产值", 20.0, "亿元", 2023, "actual") in observations(ex)


def test_clusters_listed_under_their_count_keep_their_county():
    found = spans("形成五大特色产业集群，包括新密耐材、荥阳阀门、登封铸造。")
    assert {("IndustryCluster", "新密耐材"), ("IndustryCluster", "荥阳阀门"), ("IndustryCluster", "登封铸造")} <= found


@pytest.mark.parametrize("text, items", [
    ("重点发展有色金属、建材、钢铁、现代家具12条制造业重点产业链。", {"有色金属", "建材", "钢铁", "现代家具"}),
    ("打造电子信息、铜基新材料、航空6个综合实力和竞争力强的先进制造业集群。", {"电子信息", "铜基新材料", "航空"}),
])
def test_a_counted_head_far_after_the_list_closes_it(text, items):
    assert items <= sector_names(text)


def test_sectors_listed_under_a_sector_topic_are_its_parts():
    ex = run("在新材料产业方面，湖南省将围绕先进陶瓷、特种合金、碳纤维等重点领域，实施技术攻关工程。")
    assert {("先进陶瓷", "partOf", "新材料"), ("碳纤维", "partOf", "新材料")} <= triples(ex, "partOf")


def test_new_materials_keep_their_first_character():
    assert ("Industry", "新材料产业") in spans("大力发展新材料产业。")  # jieba cuts 新|材料


@pytest.mark.parametrize("text, firm", [
    ("岳通集团投资30亿元的新型电池项目开工建设。", "岳通集团"),
    ("新密市中恒凯思年产90万只高端活塞项目投产。", "中恒凯思"),  # the city's full name is not part of it
])
def test_a_firm_named_before_its_project(text, firm):
    assert ("Enterprise", firm) in spans(text)


def test_no_firm_before_a_project_of_a_place_or_a_pronoun():
    assert not {n for t, n in spans("全市年产钢材500万吨，该公司投资20亿元建设新厂。") if t == "Enterprise"}


@pytest.mark.parametrize("span, type_, kept", [
    ("示范区", "Zone", None),  # a kind of zone, named alone
    ("国家经开区", "Zone", None),
    ("湖南开发区", "Zone", None),  # a province's zones in general
    ("株洲高新区", "Zone", "株洲高新区"),  # one city's zone keeps its name
    ("长沙市一季度开发区", "Zone", None),  # a time word is no part of a name
    ("步入产业园", "Zone", None),
    ("标志着湘江新区", "Zone", "湘江新区"),
    ("管委会", "Organization", None),
    ("以下简称“湘钢", "Enterprise", "湘钢"),
    ("先进制造业开发区", "Zone", None),  # a category of zones
    ("地区", "Region", None),  # a word
    ("中部地区", "Region", "中部地区"),
])
def test_tidy_zones_bodies_and_firms(span, type_, kept):
    from kg.extract.mentions import tidy

    got = tidy(Mention(span, type_, 0, len(span), "learned.crf"), span)
    assert (got.text if got else None) == kept


@pytest.mark.parametrize("text, bodies", [
    ("各县（市、区）人民政府，市人力资源和社会保障局、市公路事业发展中心：", {"市人力资源和社会保障局"}),
    ("湖南省科学院某某研究所和长沙市市场监督管理局联合发文。", {"长沙市市场监督管理局"}),
])
def test_bodies_whose_names_hold_a_remit_verb(text, bodies):
    assert bodies <= {n for t, n in spans(text) if t == "Organization"}


def test_a_clause_before_a_party_committee_is_not_a_body():
    assert not {n for t, n in spans("长沙市认真落实湖南省委部署。") if t == "Organization" and n.startswith("长沙")}


def test_zones_named_after_counties_of_a_city_the_sentence_names():
    ex = run("长沙3个园区入选，分别是：浏阳经济技术开发区、宁乡高新技术产业开发区。")
    assert {("浏阳经济技术开发区", "locatedIn", "长沙市"), ("宁乡高新技术产业开发区", "locatedIn", "长沙市")} \
        <= triples(ex, "locatedIn")


def test_a_province_that_centres_on_sectors_develops_them():
    ex = run("湖南省将围绕先进陶瓷、特种合金等重点领域，实施技术攻关工程。")
    assert {("湖南省", "develops", "先进陶瓷"), ("湖南省", "develops", "特种合金")} <= triples(ex, "develops")


@pytest.mark.parametrize("text, sectors", [
    ("湘江新材料有限公司是一家专注于锂电池材料研发的企业。", {"锂电池材料"}),
    ("这些企业专注于有色金属深加工和新材料的研发制造。", {"有色金属深加工", "新材料"}),
])
def test_the_trade_a_firm_works_in(text, sectors):
    assert sectors <= sector_names(text)


def test_a_trade_phrase_that_is_no_sector():
    assert not sector_names("他从事教育工作多年，专注于特定细分市场。")
