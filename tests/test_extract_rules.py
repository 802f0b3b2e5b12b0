"""One test per recognizer, resolver rule, relation rule and observation rule of kg/extract.

Each test carries the sentence that motivates the rule: a sentence of ../shared/corpus or
../shared/corpus_web (some shortened), or one written in the same style. The tests go through
the public functions only: ``recognize``, ``Resolver``, ``read_observations``, ``chinese_number``
and ``pipeline.extract`` on a tiny in-memory document. A test marked ``xfail(strict=True)`` names
a rule that does not do what its docstring (or ANNOTATION.md) says; when the rule is fixed the
test passes, strict xfail turns that into a failure, and the marker must go.
"""

from __future__ import annotations

import pytest

from kg.extract.lexicon import load_lexicon
from kg.extract.mentions import recognize
from kg.extract.observations import chinese_number, read_observations
from kg.extract.pipeline import extract
from kg.extract.resolve import Resolver
from kg.ingest.normalize import normalize
from kg.model import Document, Extraction, Mention

# ---------------------------------------------------------------- helpers


def spans(text: str, names: list[str] | None = None) -> set[tuple[str, str]]:
    """(type, surface text) of every mention ``recognize`` keeps in ``text``."""
    return {(m.type, m.text) for m in recognize(text, names)}


def mention(text: str, surface: str, names: list[str] | None = None) -> Mention:
    found = [m for m in recognize(text, names) if m.text == surface]
    assert found, f"no mention {surface!r} in {text!r}: {spans(text, names)}"
    return found[0]


def run(raw: str, name: str = "t.txt") -> Extraction:
    """The whole extractor on one in-memory document."""
    text, offsets = normalize(raw)
    return extract([Document(name=name, raw=raw, encoding="utf-8", text=text, offsets=offsets)])


def triples(ex: Extraction, predicate: str | None = None) -> set[tuple[str, str, str]]:
    e = ex.entities
    return {(e[r.subject].name, r.predicate, e[r.object].name) for r in ex.relations
            if predicate is None or r.predicate == predicate}


def entity(ex: Extraction, name: str):
    found = [e for e in ex.entities.values() if e.name == name]
    assert found, f"no entity {name!r}: {sorted(e.name for e in ex.entities.values())}"
    return found[0]


def observations(ex: Extraction) -> set[tuple[str, str, float, str, int, str]]:
    e = ex.entities
    return {(e[o.subject].name, o.metric, float(o.value), o.unit, o.year, o.kind) for o in ex.observations}


HENAN = Mention("河南省", "Province", -1, -1, "reference.document_province")

# ---------------------------------------------------------------- recognizer: divisions


def test_divisions_full_names_with_code():
    # style of 003: 郑州市和开封市 as the subject of a development sentence
    ms = {m.text: m for m in recognize("郑州市和开封市加快推进郑开同城化发展", ["divisions"])}
    assert ms["郑州市"].type == "City" and ms["郑州市"].code == "410100"
    assert ms["开封市"].type == "City" and ms["开封市"].code == "410200"


def test_divisions_short_names_resolve_to_the_full_name():
    # 001: 支持郑州、洛阳、新乡等地创建国家级人工智能创新应用先导区
    ms = [m for m in recognize("支持郑州、洛阳、新乡等地创建国家级人工智能创新应用先导区") if m.type == "City"]
    assert [(m.text, m.key) for m in ms] == [("郑州", "郑州市"), ("洛阳", "洛阳市"), ("新乡", "新乡市")]


def test_divisions_county_short_name_as_its_own_word():
    # the positive control of the next test: 新郑 standing alone is 新郑市
    m = mention("支持新郑发展临空经济", "新郑", ["divisions"])
    assert (m.type, m.key, m.code) == ("County", "新郑市", "410184")


@pytest.mark.parametrize("text, inside", [
    ("推动地方城市更新", "方城"),  # 方城县 (南阳) across 地方|城市更新
    ("东西平衡发展", "西平"),  # 西平县 (驻马店) across 东西|平衡
    ("推进新县城建设", "新县"),  # 新县 (信阳) across 新|县城
    ("建设现代化新郑州", "新郑"),  # 新郑市 across 新|郑州
], ids=["fangcheng", "xiping", "xinxian", "xinzheng"])
def test_divisions_short_name_inside_a_longer_word_is_not_a_place(text, inside):
    assert inside in load_lexicon().by_name  # the name is in the dictionary: only alignment stops it
    assert not any(m.text == inside for m in recognize(text, ["divisions"]))


def test_divisions_central_bodies_by_abbreviation():
    # 001: 发展规划》获国家发展改革委复函; 工信部 is the usual short form
    ms = {m.text: m for m in recognize("工信部、国家发展改革委联合印发通知", ["divisions"])}
    assert ms["工信部"].type == "Organization" and ms["工信部"].key == "工业和信息化部"
    assert ms["国家发展改革委"].type == "Organization"

# ---------------------------------------------------------------- recognizer: policy titles


def test_policy_titles_in_book_title_marks():
    # 000: 出台《河南省工业领域碳达峰实施方案》《河南省绿色制造体系梯度培育及管理暂行办法》
    text = "出台《河南省工业领域碳达峰实施方案》《河南省绿色制造体系梯度培育及管理暂行办法》"
    pols = {m.name for m in recognize(text) if m.type == "PolicyDocument"}
    assert pols == {"河南省工业领域碳达峰实施方案", "河南省绿色制造体系梯度培育及管理暂行办法"}


def test_policy_titles_not_shows_or_books():
    # web: 推出《唐宫夜宴》《洛神水赋》等“中国节日”系列节目: programmes on TV, not policies
    assert not [m for m in recognize("推出《唐宫夜宴》《洛神水赋》等“中国节日”系列节目") if m.type == "PolicyDocument"]


def test_headline_title_and_its_issuer():
    # 003, the first line: the document is itself a notice
    line = "河南省人民政府关于印发河南省“十四五”制造业高质量发展规划和现代服务业发展规划的通知"
    ms = recognize(line)
    assert ("PolicyDocument", line) in {(m.type, m.text) for m in ms}
    issuer = [m for m in ms if m.type == "Organization"]
    assert [(m.text, m.start) for m in issuer] == [("河南省人民政府", 0)]


def test_headline_title_only_for_a_whole_line():
    # the same words inside a running sentence are not a headline
    text = "省政府近日下发关于加快新能源汽车产业发展的通知，要求各地抓好落实。"
    assert not [m for m in recognize(text) if m.rule == "pattern.headline_title"]

# ---------------------------------------------------------------- recognizers by suffix


def test_zones_by_suffix():
    # web: 走进位于三门峡市城乡一体化示范区(高新区)的宝武铝业科技有限公司
    assert ("Zone", "三门峡市城乡一体化示范区") in spans("走进位于三门峡市城乡一体化示范区(高新区)的宝武铝业科技有限公司")


@pytest.mark.parametrize("text, name", [
    ("加快建设洛阳智能制造产业园", "洛阳智能制造产业园"),
    ("高标准推进中原龙子湖智慧岛建设", "中原龙子湖智慧岛"),
    ("一体推动省科学院、中原科技城建设", "中原科技城"),
], ids=["chanyeyuan", "zhihuidao", "kejicheng"])
def test_zones_by_suffix_keep_a_leading_place(text, name):
    assert ("Zone", name) in spans(text)


def test_platforms_by_suffix():
    # web: 智能农机创新中心成功创建为国家级制造业创新中心
    assert ("InnovationPlatform", "智能农机创新中心") in spans("智能农机创新中心成功创建为国家级制造业创新中心")


def test_platforms_computing_centre_with_a_place_inside():
    assert ("InnovationPlatform", "国家超级计算郑州中心") in spans("国家超级计算郑州中心投入运行")


@pytest.mark.parametrize("text, name", [
    ("河南省工业和信息化厅印发实施方案", "河南省工业和信息化厅"),  # place + body suffix
    ("省发展改革委党组成员、副主任王旭介绍", "省发展改革委"),  # web; 省 + body suffix
    ("作者单位:河南省社会科学院", "河南省社会科学院"),  # web, author line
    ("郑州大学、河南大学等高校", "郑州大学"),
], ids=["place-ting", "sheng-wei", "kexueyuan", "daxue"])
def test_organizations_by_suffix(text, name):
    assert ("Organization", name) in spans(text)


@pytest.mark.parametrize("text", [
    "建立规划实施情况报告和评估制度，由省发展改革委牵头定期对规划实施情况进行评估",  # 003
    "每年度将规划实施情况报省发展改革委。",  # 003
], ids=["you-sheng", "bao-sheng"])
def test_organizations_after_a_preposition(text):
    assert ("Organization", "省发展改革委") in spans(text)


def test_organizations_verb_before_body_is_not_part_of_it():
    text = "河南省工业和信息化厅会同省发展改革委印发实施方案"
    assert ("Organization", "省发展改革委") in spans(text)


def test_enterprises_by_suffix():
    # web: the firm in the zone sentence; 000: 平煤神马集团
    assert ("Enterprise", "宝武铝业科技有限公司") in spans("走进位于三门峡市城乡一体化示范区(高新区)的宝武铝业科技有限公司")
    assert ("Enterprise", "平煤神马集团") in spans("依托平煤神马集团组建创新网络")


@pytest.mark.parametrize("text, name", [
    ("加强与京津冀、长三角和珠三角地区的科技创新协同", "长三角"),  # 000, a named region by pattern
    ("加强与京津冀、长三角和珠三角地区的科技创新协同", "珠三角地区"),  # by suffix
    ("建设沿黄科创带", "沿黄科创带"),
], ids=["changsanjiao", "zhusanjiao-diqu", "kechuangdai"])
def test_regions(text, name):
    assert ("Region", name) in spans(text)


@pytest.mark.parametrize("text, name", [
    ("推动郑州都市圈建设", "郑州都市圈"),  # 001; CONTRACT.md's example of a Region
    ("为中部地区崛起和全国经济高质量发展贡献力量", "中部地区"),  # 004
], ids=["dushiquan", "zhongbu-diqu"])
def test_regions_keep_their_leading_place(text, name):
    assert ("Region", name) in spans(text)


@pytest.mark.parametrize("text, name", [
    ("加强与京津冀、长三角和珠三角地区的科技创新协同", "京津冀"),  # 000
    ("纷纷在长三角、珠三角设立区域总部、研发中心", "长三角"),  # 001
], ids=["yu-jingjinji", "zai-changsanjiao"])
def test_regions_by_pattern_after_a_word(text, name):
    assert ("Region", name) in spans(text)


def test_regions_one_word_region_by_suffix():
    # 000: 推动黄河流域生态保护和高质量发展 (ANNOTATION.md lists 黄河流域 as a Region)
    assert ("Region", "黄河流域") in spans("推动黄河流域生态保护和高质量发展")


@pytest.mark.parametrize("text, type_, name", [
    ("培育壮大尼龙新材料产业链", "IndustryChain", "尼龙新材料产业链"),
    ("建设装备制造产业集群", "IndustryCluster", "装备制造产业集群"),
    ("河南省人工智能产业规模持续扩大", "Industry", "人工智能产业"),  # the leading place is not part of it
], ids=["chain", "cluster", "industry"])
def test_sectors_by_suffix(text, type_, name):
    found = spans(text)
    assert (type_, name) in found
    assert not any(t == type_ and n != name and n.endswith(name) for t, n in found)


def test_sectors_leading_place_is_stripped_and_stays_a_place():
    found = spans("河南省人工智能产业规模持续扩大")
    assert ("Province", "河南省") in found and ("Industry", "河南省人工智能产业") not in found


def test_sectors_category_words_are_not_industries():
    # ANNOTATION.md: 新兴产业, 未来产业, 传统产业 are categories, not industries
    found = {n for t, n in spans("培育壮大新兴产业，前瞻布局未来产业，改造提升传统产业")
             if t in ("Industry", "IndustryChain", "IndustryCluster")}
    assert not found & {"新兴产业", "未来产业", "传统产业"}


def test_sectors_suffix_inside_a_jieba_word():
    assert ("Industry", "新能源汽车产业") in spans("加快发展新能源汽车产业")

# ---------------------------------------------------------------- recognizer: enumerations


def test_enumeration_traditional_industries_after_chanye_ru():
    # 004: 传统优势产业如食品加工、有色金属、装备制造等持续壮大
    ms = [m for m in recognize("传统优势产业如食品加工、有色金属、装备制造等持续壮大，新兴产业快速发展")
          if m.type == "Industry"]
    assert {(m.text, m.category) for m in ms} >= {("食品加工", "traditional"), ("有色金属", "traditional"),
                                                  ("装备制造", "traditional")}


def test_enumeration_every_item_after_chanye_ru():
    ms = {m.text for m in recognize("传统优势产业如食品加工、纺织服装、冶金建材等加快转型") if m.type == "Industry"}
    assert ms >= {"食品加工", "纺织服装", "冶金建材"}


def test_enumeration_emerging_industries_before_deng_chanye():
    # 003: 培育大数据、节能环保等新兴产业
    ms = {(m.text, m.category) for m in recognize("大力发展制造服务业，培育大数据、节能环保等新兴产业") if m.type == "Industry"}
    assert {("大数据", "emerging"), ("节能环保", "emerging")} <= ms


def test_enumeration_leading_enterprises():
    # 000: 依托平煤神马集团、多氟多、万基铝业等龙头企业，组建“龙头企业+创新平台”的创新网络
    ms = {m.text: m for m in recognize("依托平煤神马集团、多氟多、万基铝业等龙头企业，组建“龙头企业+创新平台”的创新网络")
          if m.type == "Enterprise"}
    assert set(ms) == {"平煤神马集团", "多氟多", "万基铝业"}
    assert ms["多氟多"].rule.endswith(".leading") and ms["万基铝业"].rule.endswith(".leading")


def test_single_firm_before_toubu_qiye():
    # 000: 量子信息产业我省已经成功引进国科量子等头部企业
    m = mention("量子信息产业我省已经成功引进国科量子等头部企业，正在加速建设量子通信枢纽", "国科量子")
    assert m.type == "Enterprise" and m.rule.endswith(".leading")

# ---------------------------------------------------------------- resolver


def _resolve(*sentences: str, extra: list[Mention] | None = None):
    r = Resolver()
    for s in sentences:
        r.add("t.txt", recognize(s))
    if extra:
        r.add("t.txt", extra)
    return r.resolve()


def test_resolver_short_and_full_place_name_are_one_city():
    ents = _resolve("郑州市加快建设国家中心城市", "支持郑州创建国家级人工智能创新应用先导区")
    cities = [e for e in ents.values() if e.type == "City"]
    assert len(cities) == 1
    assert (cities[0].name, cities[0].code) == ("郑州市", "410100") and "郑州" in cities[0].aliases


def test_resolver_county_short_name_and_parent():
    m = mention("支持巩义建设先进制造业基地", "巩义", ["divisions"])
    assert (m.type, m.key) == ("County", "巩义市")
    lex = load_lexicon()
    d = lex.divisions[m.code]
    assert lex.parent(d).name == "郑州市"
    ents = _resolve("支持巩义建设先进制造业基地")
    assert {(e.type, e.name) for e in ents.values()} >= {("County", "巩义市")}


def test_resolver_sector_drops_chanye():
    ents = _resolve(extra=[Mention("新能源汽车产业", "Industry", 0, 7, "suffix.industry"),
                           Mention("尼龙新材料产业链", "IndustryChain", 0, 8, "suffix.chain")])
    by_name = {e.name: e for e in ents.values()}
    assert by_name["新能源汽车"].type == "Industry" and "新能源汽车产业" in by_name["新能源汽车"].aliases
    assert by_name["尼龙新材料产业链"].type == "IndustryChain"  # chains keep their whole name


def test_resolver_firm_short_form_joins_full_form():
    ents = _resolve(extra=[Mention("宇通集团", "Enterprise", 0, 4, "suffix.enterprise"),
                           Mention("宇通", "Enterprise", 10, 12, "enumeration.enterprise")])
    firms = [e for e in ents.values() if e.type == "Enterprise"]
    assert len(firms) == 1 and firms[0].name == "宇通集团" and "宇通" in firms[0].aliases


def test_resolver_zone_abbreviation_joins_full_name():
    ents = _resolve(extra=[Mention("洛阳经济技术开发区", "Zone", 0, 9, "suffix.zone"),
                           Mention("洛阳经开区", "Zone", 12, 17, "suffix.zone")])
    zones = [e for e in ents.values() if e.type == "Zone"]
    assert len(zones) == 1 and zones[0].name == "洛阳经济技术开发区" and "洛阳经开区" in zones[0].aliases


def test_resolver_majority_class():
    ents = _resolve(extra=[Mention("盾构装备", "IndustryChain", 0, 4, "enumeration.sector"),
                           Mention("盾构装备", "IndustryChain", 10, 14, "enumeration.sector"),
                           Mention("盾构装备", "Industry", 20, 24, "learned.corpus_name")])
    sectors = [e for e in ents.values() if e.name == "盾构装备"]
    assert [e.type for e in sectors] == ["IndustryChain"]

# ---------------------------------------------------------------- relation rules (through the pipeline)


def test_develops_one_triple_per_place_of_a_group():
    # style of 001: 支持郑州、洛阳、新乡等地创建国家级人工智能创新应用先导区
    ex = run("支持郑州、洛阳、新乡等地培育壮大人工智能产业集群。")
    assert triples(ex, "develops") == {(p, "develops", "人工智能产业集群") for p in ("郑州市", "洛阳市", "新乡市")}


def test_develops_place_group_before_the_verb():
    ex = run("郑州、开封等地重点发展人工智能产业。")
    assert triples(ex, "develops") == {("郑州市", "develops", "人工智能"), ("开封市", "develops", "人工智能")}


def test_develops_by_the_documents_province_for_quan_sheng():
    # 全省 refers to the province the document names most
    ex = run("河南省是制造业大省。全省加快发展装备制造产业。")
    assert ("河南省", "develops", "装备制造") in triples(ex)
    assert any(r.predicate == "develops" and r.evidence.sentence == 1 for r in ex.relations)


def test_learned_name_found_again_where_it_stands_alone():
    # pipeline stage 3: 装备制造产业 once recognized by suffix, 装备制造 alone is the same industry
    ex = run("河南省大力发展装备制造产业。郑州市重点发展装备制造。")
    assert any(r.predicate == "develops" and r.evidence.sentence == 1
               and ex.entities[r.subject].name == "郑州市" and ex.entities[r.object].name == "装备制造"
               for r in ex.relations)


@pytest.mark.parametrize("firm", [
    "宇通集团",
    "郑煤机",
], ids=["yutong", "zhengmeiji"])
def test_leading_enterprise_each_firm_of_the_list(firm):
    # ANNOTATION.md: 依托宇通集团、郑煤机等龙头企业发展装备制造 gives one leadingEnterprise per firm
    ex = run("依托宇通集团、郑煤机等龙头企业发展装备制造产业。")
    assert ("装备制造", "leadingEnterprise", firm) in triples(ex)


@pytest.mark.parametrize("text, triple", [
    # 000
    ("量子信息产业我省已经成功引进国科量子等头部企业，正在加速建设郑州星地一体量子通信枢纽。",
     ("量子信息", "leadingEnterprise", "国科量子")),
    ("人工智能产业我省已经成功引进科大讯飞等头部企业。", ("人工智能", "leadingEnterprise", "科大讯飞")),
    # the docstring's 以A为龙头，拉长X产业链
    ("以宇通集团为龙头，拉长新能源客车产业链。", ("新能源客车产业链", "leadingEnterprise", "宇通集团")),
], ids=["toubu-qiye-real", "toubu-qiye", "wei-longtou"])
def test_leading_enterprise_single_firm(text, triple):
    assert triple in triples(run(text))


def test_in_industry_firm_is_a_sector_firm():
    ex = run("河南省发展农机装备产业。中国一拖集团是国内领先的农机装备企业。")
    assert ("中国一拖集团", "inIndustry", "农机装备") in triples(ex)


@pytest.mark.parametrize("text, triple", [
    ("中国平煤神马集团位于平顶山市。", ("中国平煤神马集团", "locatedIn", "平顶山市")),
    ("富士康科技集团落户郑州航空港经济综合实验区。", ("富士康科技集团", "locatedIn", "郑州航空港经济综合实验区")),
    ("郑州市巩义市加快发展。", ("巩义市", "locatedIn", "郑州市")),  # administrative containment written out
], ids=["weiyu", "luohu", "admin"])
def test_located_in(text, triple):
    assert triple in triples(run(text))


def test_located_in_firms_a_zone_brings_in():
    # 实验区 refers to the zone named last; 集聚了 … 企业 places the firm there
    ex = run("建设郑州航空港经济综合实验区。实验区集聚了富士康科技集团等企业。")
    assert ("富士康科技集团", "locatedIn", "郑州航空港经济综合实验区") in triples(ex)


def test_part_of_chains_listed_by_a_cluster():
    # ANNOTATION.md: 新材料集群包括先进超硬材料、尼龙新材料…等产业链
    ex = run("装备制造产业集群包括盾构装备、农机装备、矿山装备等产业链。")
    got = triples(ex, "partOf")
    assert got == {(c, "partOf", "装备制造产业集群") for c in ("盾构装备", "农机装备", "矿山装备")}


def test_issued_by_and_supports():
    ex = run("河南省人民政府印发《河南省“十四五”制造业高质量发展规划》，提出做强装备制造产业集群。")
    got = triples(ex)
    assert ("河南省“十四五”制造业高质量发展规划", "issuedBy", "河南省人民政府") in got
    assert ("河南省“十四五”制造业高质量发展规划", "supports", "装备制造产业集群") in got


def test_issued_by_headline_and_the_documents_it_issues():
    # 003: the notice names its issuer; 现将《…》印发给你们 passes issuer and signature date on
    ex = run("河南省人民政府关于印发河南省“十四五”制造业高质量发展规划和现代服务业发展规划的通知\n"
             "各省辖市人民政府，省人民政府各部门：\n"
             "现将《河南省“十四五”制造业高质量发展规划》印发给你们，请认真贯彻执行。\n"
             "河南省人民政府\n"
             "2021年12月31日\n")
    notice = "河南省人民政府关于印发河南省“十四五”制造业高质量发展规划和现代服务业发展规划的通知"
    plan = "河南省“十四五”制造业高质量发展规划"
    assert {(notice, "issuedBy", "河南省人民政府"), (plan, "issuedBy", "河南省人民政府")} <= triples(ex)
    assert entity(ex, notice).date == "2021-12-31"
    assert entity(ex, plan).date == "2021-12-31"

# ---------------------------------------------------------------- observations


def test_observation_value_unit_year_subject():
    text = "2022年，郑州市规上工业增加值增长4.4%。"
    [ob] = read_observations(text, recognize(text), HENAN)
    assert (ob.subject.text, ob.value, ob.unit, ob.year, ob.kind) == ("郑州市", "4.4", "%", 2022, "actual")
    assert "工业增加值" in ob.metric


def test_observation_without_a_year_gives_none():
    text = "全省财政科技支出463.8亿元。"
    assert read_observations(text, recognize(text), HENAN) == []


def test_observation_target_year():
    # 004 style: 到2025年 … makes the value a target for that year
    text = "到2025年，全省制造业增加值达到2.2万亿元。"
    [ob] = read_observations(text, recognize(text), HENAN)
    assert (ob.metric, ob.value, ob.unit, ob.year, ob.kind) == ("制造业增加值", "2.2", "万亿元", 2025, "target")


def test_observation_rate_over_a_range_takes_the_last_year():
    text = "2020—2022年，全省规上工业增加值年均增长6.5%。"
    [ob] = read_observations(text, recognize(text), HENAN)
    assert (ob.value, ob.year) == ("6.5", 2022)


def test_observation_change_from_to_gives_two_years():
    # 004: 全省工业增加值从2016年的1.55万亿元提高到2020年的近1.78万亿元
    text = "全省工业增加值从2016年的1.55万亿元提高到2020年的近1.78万亿元，规模总量稳居全国第5位。"
    got = {(ob.value, ob.unit, ob.year, ob.kind) for ob in read_observations(text, recognize(text), HENAN)
           if "工业增加值" in ob.metric}
    assert got == {("1.55", "万亿元", 2016, "actual"), ("1.78", "万亿元", 2020, "actual")}


def test_observation_quan_sheng_is_the_documents_province():
    ex = run("河南省加快建设创新高地。2023年，全省财政科技支出463.8亿元。")
    assert ("河南省", "财政科技支出", 463.8, "亿元", 2023, "actual") in observations(ex)


def test_observation_chinese_numeral_value():
    text = "2023年，全省新增国家级专精特新“小巨人”企业三十家。"
    obs = read_observations(text, recognize(text), HENAN)
    assert [(ob.value, ob.unit, ob.year) for ob in obs] == [("30", "家", 2023)]


@pytest.mark.parametrize("text, value", [
    ("一", 1), ("十", 10), ("十二", 12), ("二十", 20), ("三百五十", 350), ("两千", 2000), ("一百零五", 105),
    ("二〇二五", 2025), ("七", 7),
], ids=["1", "10", "12", "20", "350", "2000", "105", "2025", "7"])
def test_chinese_number(text, value):
    assert chinese_number(text) == value


@pytest.mark.parametrize("text", ["", "十亿", "第三"], ids=["empty", "shiyi", "disan"])
def test_chinese_number_not_a_plain_numeral(text):
    assert chinese_number(text) is None

# ---------------------------------------------------------------- policy dates


def test_policy_date_written_before_the_title():
    # 004: 2023 年 8 月，《河南省建设制造强省三年行动计划（2023—2025 年）》发布 (spaces of the PDF kept)
    ex = run("2023 年 8 月，《河南省建设制造强省三年行动计划（2023—2025 年）》发布，提出形成 1—2 个世界级先进制造业集群。")
    title = "河南省建设制造强省三年行动计划（2023—2025年）"
    assert entity(ex, title).type == "PolicyDocument"
    assert [(ex.entities[p.policy].name, p.date) for p in ex.policies] == [(title, "2023-08")]


def test_policy_date_day_precision():
    ex = run("2022年5月20日，国家发布《关于推进实施国家文化数字化战略的意见》。")
    assert [p.date for p in ex.policies] == ["2022-05-20"]
