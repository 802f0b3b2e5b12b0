"""Observation rules on general sentence shapes (numbers, rate units, changes, carried years)."""

from kg.extract import mentions as M
from kg.extract.observations import read_observations
from kg.extract.pipeline import YearCarry


def _named(recognizer, text: str) -> list[str]:
    """The names a recognizer finds in ``text``."""
    return [m.text for m in recognizer(M.SentenceView.of(text))]


def _rows(text: str, **kw) -> list[tuple[str, str, str, int, str]]:
    return [(o.metric, o.value, o.unit, o.year, o.kind) for o in read_observations(text, [], None, **kw)]


def test_digits_grouped_by_thin_spaces_and_commas_are_one_number():
    rows = _rows("2021年,电视机产量1 234.5万台,冰箱产量为2,345.6万台。")
    assert ("电视机产量", "1234.5", "万台", 2021, "actual") in rows
    assert ("冰箱产量", "2345.6", "万台", 2021, "actual") in rows


def test_rate_unit_keeps_its_denominator_and_from_value_without_year_is_dropped():
    rows = _rows("人均产值从5.1万元/人提升至2022年的6.3万元/人。")
    assert rows == [("人均产值", "6.3", "万元/人", 2022, "actual")]


def test_change_with_zhi_gives_both_years_the_same_metric():
    rows = _rows("居民收入从2018年的2.1万元增至2022年的2.9万元,年均增长8.4%。")
    assert ("居民收入", "2.1", "万元", 2018, "actual") in rows
    assert ("居民收入", "2.9", "万元", 2022, "actual") in rows


def test_metric_of_a_bare_value_comes_from_the_clause_before():
    rows = _rows("2022年,全市钢材产量在全省率先突破千万吨,达1205.3万吨、同比增长6.5%。")
    assert rows[0][:3] == ("钢材产量", "1205.3", "万吨")


def test_jiang_before_the_verb_makes_a_target():
    rows = _rows("2027年,数字经济规模将突破3000亿元。")
    assert rows == [("数字经济规模", "3000", "亿元", 2027, "target")]


def test_expected_value_of_a_past_year_stays_actual():
    assert _rows("2022年,纺织业产值预计达560亿元。")[0][4] == "actual"


def test_year_carries_to_this_year_and_to_the_next_list_item():
    carry = YearCarry()
    assert carry.year_for("一、2024年主要预期目标1.地区生产总值增长6%。") == (None, False)
    assert carry.year_for("2.居民收入增长7%。") == (2024, True)
    assert carry.year_for("3.粮食产量稳定。") == (2024, True)
    carry = YearCarry()
    carry.year_for("2021年是发展的关键一年。")
    assert carry.year_for("这一年,全市完成投资120亿元。") == (2021, False)
    assert carry.year_for("全市完成投资120亿元。") == (None, False)


def test_inherited_target_year_is_used_by_the_reader():
    assert _rows("2.居民收入增长7%。", default_year=2024, default_target=True) == [
        ("居民收入", "7", "%", 2024, "target")]


def test_reports_and_adopted_programmes_named_without_brackets_are_policies():
    def titles(text: str) -> list[str]:
        return _named(M.report_titles, text)

    assert titles("2023年江西省政府工作报告中提出,加快发展。") == ["江西省政府工作报告"]
    assert titles("按照市政府工作报告安排,稳步推进。") == ["市政府工作报告"]
    assert titles("一、2021年国民经济和社会发展计划执行情况") == ["2021年国民经济和社会发展计划"]
    assert titles("该市出台促进数字经济高质量发展若干措施,支持企业上云。") == ["促进数字经济高质量发展若干措施"]
    assert titles("为此,制定本行动计划。") == []
    assert titles("写入江西政府工作报告。") == []
    assert titles("根据省里制订的各产业发展三年行动方案推进。") == []
    assert titles("按照《关于落实政府工作报告的通知》执行。") == []


def test_a_verb_or_preposition_alone_is_no_metric():
    rows = _rows("2022年,全市产值跌至第7位,2023年从第7位下降到第9位。")
    assert all(m not in ("从", "下降到", "到", "形成") for m, *_ in rows)


def test_products_of_production_bases_and_chain_stages_are_sectors():
    def found(text: str) -> list[str]:
        return _named(M.production_bases, text)

    assert found("成为全国最大的陶瓷卫浴生产基地和钢丝绳生产基地。") == ["陶瓷卫浴", "钢丝绳"]
    assert found("建设国家级生产基地。") == []
    assert found("形成从肉牛养殖、饲料生产到牛肉加工的全产业链。") == ["肉牛养殖", "饲料生产", "牛肉加工"]
    assert found("打通从原料供应、研发设计到终端消费的全产业链。") == []


def test_media_named_as_source_or_in_a_byline_are_organizations():
    def found(text: str) -> list[str]:
        return _named(M.media, text)

    assert found("2024-05-01 来源:湘江晚报 本网讯") == ["湘江晚报"]
    assert found("潇湘网讯(记者 李某)近日") == ["潇湘网"]
    assert found("新华社长沙6月25日电(记者某某)") == ["新华社"]
    assert found("负责人向记者介绍。") == []


def test_tidy_drops_an_opening_verb_and_mends_a_cut_quotation():
    from kg.model import Mention

    def tidy(text: str, start: int, end: int, type_: str = "Industry") -> str | None:
        m = M.tidy(Mention(text[start:end], type_, start, end, "learned.crf"), text)
        return m.text if m else None

    assert tidy("加快发展现代物流业", 2, 9) == "现代物流业"
    assert tidy("建设“三山一水”生态旅游带", 4, 13, "Region") == "“三山一水”生态旅游带"
    assert tidy("某+N”重点产业链群", 0, 10) == "重点产业链群"
    assert tidy("湖南省", 0, 3, "Province") == "湖南省"
    assert tidy("培育产业", 0, 4) is None
    assert tidy("发展前沿产业", 2, 6) is None


def test_a_founding_year_dates_no_figure():
    assert _rows("1988年升格为地级市,全市共有行政村1269个。") == []
    assert _rows("1958年,某市因煤建市,煤炭产业比重最高曾达90%。") == []
    assert _rows("2023年,全市新成立企业1200家。") == [("新成立企业", "1200", "家", 2023, "actual")]
