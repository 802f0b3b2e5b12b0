"""Observations: a number with its unit, year, metric and subject, read from one sentence.

A sentence without a year gives none (ANNOTATION.md). The year is the nearest one before the
number (从2016年的A提高到2020年的B gives A for 2016 and B for 2020; a range 2020—2022年 its last
year); 到2025年 / 力争 / 目标 make it a target. The subject is the nearest place, zone or firm
before the number, else the sentence's topic (全省 → the document's province).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from kg.model import Mention

UNITS = ("万亿元", "千亿元", "亿美元", "亿元", "万元", "元", "个百分点", "%", "万家", "家", "万个", "个", "万辆", "辆",
         "万吨", "吨", "万人次", "万人", "人", "项", "座", "台", "万台", "件", "万平方米", "平方米", "平方公里",
         "万千瓦", "千瓦", "倍", "条", "所", "种", "款", "万户", "户", "GW", "MW", "万标箱", "架次", "小时", "万小时", "位", "亿", "次")
_CN_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
# digits grouped by commas or thin spaces (6 736.25, 3,282.7) or plain, else a Chinese numeral
_NUM = r"(?P<num>\d{1,3}(?:[,\u2009\u00a0 ]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|[一二两三四五六七八九十百千〇零]+)"
# a rate unit keeps its denominator: 万元/人, 万吨/年
_UNIT = ("(?P<unit>(?:" + "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True))
         + r")(?:/(?:人|年|吨|亩|平方米|平方公里|台|辆|户|小时))?)")
_QUANTITY = re.compile(_NUM + r"\s*(?:多|余)?" + _UNIT)
# 突破万亿元, 迈上千亿元台阶: a magnitude without a digit is one of it
_BARE = re.compile(r"(?:(?<=突破|超过|达到|跨越|迈上|跨上|站上)|(?<=[过超达]))(?P<num>)(?P<unit>万亿元|千亿元)")


@dataclass
class _Magnitude:
    """A match-like number for a bare magnitude (万亿元 → 1 万亿元)."""

    match: re.Match

    def group(self, name: str) -> str:
        return "1" if name == "num" else self.match.group(name)

    def start(self) -> int:
        return self.match.start()

    def end(self) -> int:
        return self.match.end()


def _quantities(text: str) -> list:
    """The numbers of a sentence with their units, bare magnitudes included, in order."""
    found = list(_QUANTITY.finditer(text)) + [_Magnitude(m) for m in _BARE.finditer(text)]
    return sorted(found, key=lambda q: q.start())
_YEAR = re.compile(r"(?:(?P<y1>(?:19|20)\d{2})\s*[—\-–~至到]\s*)?(?P<y>(?:19|20)\d{2})\s*年(?!代)")
_TARGET = re.compile(r"到\s*(?:19|20)\d{2}\s*年|力争|目标|计划|将达到|争取|规划")
_METRIC_TRIM_END = re.compile(r"(?:同比|年均|累计|分别|合计|共计|总计|已经|已|将|预计|力争|争取|仅|只|才|就)?(?:增长|增加|提高到|提升到|提高|提升|"
                              r"达到|达|突破|超过|超|实现|为|是|占|约|近|接近|有|拥有|共有|完成|新增|保持|位居|居|排名|排|"
                              r"稳定在|控制在|保持在|达到了|突破了|增长了|超过了|高于|低于)*$")
_METRIC_TRIM_START = re.compile(r"^(?:其中|全省|全市|我省|我市|全区|该区|当地|截至|截止|底|末|年底|年末|前三季度|上半年|的|，|、|"
                                r"共|累计|已|共有|拥有|实现|完成|\s)+")


def chinese_number(text: str) -> float | None:
    """一 → 1, 十二 → 12, 二十 → 20, 三百五十 → 350; None when it is not a plain numeral."""
    if not text:
        return None
    if all(c in _CN_DIGITS for c in text) and len(text) > 1:
        return float("".join(str(_CN_DIGITS[c]) for c in text))
    total, current = 0, 0
    for c in text:
        if c in _CN_DIGITS:
            current = _CN_DIGITS[c]
        elif c in _CN_UNITS:
            total += (current or 1) * _CN_UNITS[c]
            current = 0
        else:
            return None
    return float(total + current)


def _value(num: str) -> str | None:
    if num[0].isdigit():
        return re.sub(r"[,\u2009\u00a0 ]", "", num)
    v = chinese_number(num)
    if v is None or num in ("一",):  # 一批, 一个: not a measurement
        return None
    return str(int(v)) if v == int(v) else str(v)


@dataclass
class ObservationCandidate:
    subject: Mention | None
    metric: str
    value: str
    unit: str
    year: int
    kind: str
    start: int
    end: int


_BASELINE_ONLY = re.compile(r"(?:较|比|与|同比)(?:上年|去年|上年同期|去年同期|上一年)?(?:同期)?(?:相比)?")
_SHARE = re.compile(r"(?:在全国|在全省|占|比重|占比)")
COUNT_UNITS = ("家", "个", "项", "座", "所", "条", "种", "款", "批", "万家", "万个", "户", "万户")
_BASELINE = re.compile(r"(?:比|较|是|相比|与|同比|为)\s*$")
_RANK_TAIL = re.compile(r"(?:稳|仍|继续)?(?:居|位居|位列|排|排名|排在|跃居|升至|列)(?:全国|全省|全市|中部|中部六省|中西部地区?|全球|世界)?"
                        r"(?:城市)?第?$|第$")
_NOUN_AFTER = re.compile(r"(?:[\u4e00-\u9fff“”]{2,14}?)(?=分别|完成|已|实现|开工|投产|建成|达到|达|累计|共|入选|成为|获得|"
                         r"[，,、；;。和及与（(]|$|等|以上|左右)")


def _written_year(text: str) -> int:
    """The earliest year the sentence names: a later year after 提出 is a plan's horizon."""
    years = [int(y.group("y")) for y in _YEAR.finditer(text)]
    return min(years) if years else 0


_FOUNDING = re.compile(r"\s*[，,]?[\u4e00-\u9fff]{0,6}?(?:经[\u4e00-\u9fff]{2,6}批准)?(?:因[\u4e00-\u9fff]{1,2})?"
                       r"(?<!新)(?:设立|成立|建市|设市|升格|始建|诞生|创建|建区|建县|组建)")


def _years(text: str) -> list[tuple[int, int, int]]:
    """(start, end, year) of the years that date a value; 比2015年 / 是2015年的 are baselines, and
    a year something was founded in (1986年升格为省辖市, 1957年因煤建市) dates no figure."""
    out = []
    for y in _YEAR.finditer(text):
        if _BASELINE.search(text[max(0, y.start() - 3):y.start()]):
            continue
        if _FOUNDING.match(text, y.end()):
            continue
        out.append((y.start(), y.end(), int(y.group("y"))))
    return out


_CHANGE = r"(?:提高|增加|增长|提升|上升|下降|降低|扩大|减少|缩小|增|升|降|达)"


def _from_to_years(text: str) -> tuple[int, int] | None:
    m = re.search(r"从\s*((?:19|20)\d{2})\s*年.{0,40}?" + _CHANGE + r"?(?:到|至)\s*((?:19|20)\d{2})\s*年", text)
    return (int(m.group(1)), int(m.group(2))) if m else None


def read_observations(text: str, mentions: list[Mention], topic: Mention | None,
                      default_year: int | None = None, default_target: bool = False) -> list[ObservationCandidate]:
    """The numbers of one sentence with their metric, year, kind and subject (see the module doc).

    ``default_year`` dates a sentence that names no year itself (a bullet line under a dated
    heading, an item of a dated numbered list, 这一年 after a dated sentence); ``default_target``
    says that context set a target (预期目标).
    heading); without it such a sentence gives nothing."""
    years = _years(text)
    inherited = not years and default_year is not None
    if inherited:
        years = [(0, 0, default_year)]
    if not years:
        return []
    span = _from_to_years(text)
    out: list[ObservationCandidate] = []
    subjects = [m for m in mentions if m.type in ("Province", "City", "County", "Region", "Zone", "Enterprise")
                and not re.match(r"\s*第", text[m.end:m.end + 2])  # 中西部地区第1位: a ranking's scope
                and not re.search(r"(?:占|比|较|相当于|高于|低于|超过|领先|是|次于)$", text[max(0, m.start - 3):m.start])
                and not (text[max(0, m.start - 1):m.start] == "以" and text.startswith("为代表", m.end))]  # an example
    shares = _respectively(text)
    sectors = [m for m in mentions if m.type in ("Industry", "IndustryChain", "IndustryCluster")]
    covered = [(m.start, m.end) for m in mentions if m.type in ("PolicyDocument",)]
    previous_metric = ""
    for q in _quantities(text):
        unit = q.group("unit")
        if any(s <= q.start() < e for s, e in covered):
            continue
        if _YEAR.match(text, q.start()) or (unit in ("个", "项") and re.match(r"\s*(?:年|月|日|号|期|届|次|版|批|级|星|大|项目)",
                                                                                  text[q.end():])):
            continue
        if q.start() > 0 and text[q.start() - 1] in "—-–~":  # the upper end of a range 1—2个
            continue
        value = _value(q.group("num"))
        if value is None or (not q.group("num")[0].isdigit() and unit not in (*COUNT_UNITS, "位", "倍")):
            continue  # Chinese numerals measure counts and ranks; 双十亿 is a name
        prior = [y for y in years if y[1] <= q.start()]
        if any(y[0] <= q.start() < y[1] for y in years):
            continue
        year_start, year_end, year = prior[-1] if prior else years[0]
        clause_start = max(text.rfind(c, 0, q.start()) for c in "，,；;。：:、●") + 1
        head = text[clause_start:q.start()]
        if not prior and not inherited and re.search(r"从\s*$", head):
            previous_metric = _metric(text, q, clause_start, None, mentions, year_end) or previous_metric
            continue  # 从A提升至2024年的B: A's year is not stated, its metric is B's
        if span and re.search(r"从\s*$", head):
            year = span[0]
        elif span and re.search(_CHANGE + r"?(?:到|至)\s*$", head) and year_end <= clause_start:
            year = span[1]
        before_year = text[max(0, year_start - 8):year_start]
        planned = re.search(r"提出|规划|部署", text[clause_start - 12 if clause_start >= 12 else 0:q.start()])
        kind = "target" if planned and year > _written_year(text) or (re.search(r"到\s*$", before_year) and not re.search(r"(?:提高|增加|增长|提升|上升|下降|降低|扩大)到\s*$",
                                                                                before_year)) \
            or re.search(r"力争|目标|争取", text[max(0, year_start - 6):q.start()]) \
            or re.search(r"将(?:要)?(?:突破|达到|达|实现|超过|超|提升到|提高到|增长到|形成)\s*$", head) \
            or (inherited and default_target) else "actual"
        subject = _subject(text, q.start(), subjects, sectors, topic)
        metric = shares.get(q.start()) or _metric(text, q, clause_start, subject, mentions, year_end)
        if (metric.startswith("全国") and unit != "位") or "全国平均" in metric:
            continue  # a national figure quoted for comparison (a rank among the nation's cities stays)
        if any(m.text == metric for m in mentions):
            metric = ""  # 中西部地区第1位: the metric is the one before, ranked in another scope
        if unit in COUNT_UNITS:
            after = _NOUN_AFTER.match(text, q.end())
            if after and not re.match(r"(?:以上|左右|企业$)", after.group()):
                metric = after.group().strip("“”")
        if not metric or _BASELINE_ONLY.fullmatch(metric) or metric in ("增速", "增幅"):
            metric = previous_metric + (metric if metric in ("增速", "增幅") and previous_metric else "")
        if not metric:
            metric = _previous_clause_metric(text, clause_start, mentions)
        if not metric:
            continue
        if not _SHARE.match(metric):  # 占全国30.8%, 同比增长13.2%: the growth is of the measure, not of the share
            previous_metric = metric
        for each in _each(text, q.start()) or [metric]:
            out.append(ObservationCandidate(subject, each, value, unit, year, kind, q.start(), q.end()))
    return out


_EACH_TAIL = re.compile(r"(?:产业|行业)?(?:规模|产值|营业收入|营收|主营业务收入|增加值|产量|出口额?)$")


def _each(text: str, pos: int) -> list[str]:
    """'A、B、C产业规模各将突破X' / '…均达到X': the one number measures every item, each with
    the measure written after the last one (A产业规模, B产业规模, C产业规模)."""
    clause_start = max(text.rfind(c, 0, pos) for c in "，,；;。：:") + 1
    m = re.match(r"(.+?)(?:各|均)(?:将|已|可)?", text[clause_start:pos])
    if m is None or "、" not in m.group(1):
        return []
    items = _METRIC_TRIM_START.sub("", re.sub(r"^.*?(?:19|20)\d{2}\s*年(?:底|末)?", "", m.group(1))).split("、")
    tail = _EACH_TAIL.search(items[-1])
    if tail is None or not tail.group() or len(items[-1]) == len(tail.group()):
        return []
    items[-1] = items[-1][:tail.start()]
    if any(not 1 <= len(item) <= 10 or re.search(r"[\d%％]", item) for item in items):
        return []
    return [item + tail.group() for item in items]


_NOUN_END = re.compile(r"在|率先|首次|首破|突破|达到|达|实现|完成|超过|超|位居|居|成为|跃居|继续|持续|保持|稳居")


def _previous_clause_metric(text: str, clause_start: int, mentions: list[Mention]) -> str:
    """The noun phrase opening the clause before (整车产量在全省率先突破百万辆,达111.1万辆 → 整车产量),
    for a number whose own clause names no metric."""
    if clause_start < 2:
        return ""
    prev_start = max(text.rfind(c, 0, clause_start - 1) for c in "，,；;。：:●") + 1
    cut = _NOUN_END.search(text, prev_start, clause_start - 1)
    end = cut.start() if cut else clause_start - 1
    # the place that opens the clause is the subject, not part of the metric
    start = max([m.end for m in mentions if prev_start <= m.start and m.end <= end
                 and m.type in ("Province", "City", "County", "Region", "Zone", "Enterprise")] + [prev_start])
    phrase = re.sub(r"(?:19|20)\d{2}\s*年(?:底|末|初|上半年|前三季度)?", "", text[start:end])
    phrase = _METRIC_TRIM_START.sub("", phrase).strip(" 的")
    if not 2 <= len(phrase) <= 12 or re.search(r"[\d%％]", phrase) or not re.search(r"[\u4e00-\u9fff]", phrase):
        return ""
    return phrase


def _respectively(text: str) -> dict[int, str]:
    """'A、B、C分别达到x、y、z': the k-th number after 分别 measures the k-th item before it."""
    out: dict[int, str] = {}
    for m in re.finditer(r"分别", text):
        clause_start = max(text.rfind(c, 0, m.start()) for c in "，,；;。：:") + 1
        names = [re.sub(r"^(?:全省|全市|我省|我市|其中)", "", x) for x in text[clause_start:m.start()].split("、")]
        end = min([i for i in (text.find(c, m.end()) for c in "，,；;。") if i >= 0] or [len(text)])
        numbers = list(_QUANTITY.finditer(text, m.end(), end))
        if len(names) >= 2 and "等" in names[-1][1:]:
            # A、B、C等“新三样”出口分别增长…: the words after the list's collective name (出口)
            # measure each item
            last, tail = names[-1].split("等", 1)
            tail = re.sub(r"^[^”]*”|^[\u4e00-\u9fff]{0,4}(?:产品|行业|领域|产业)", "", tail)
            names = [n + tail for n in names[:-1] + [last]] if len(tail) <= 6 else names[:-1] + [last]
        if len(names) >= 2 and len(numbers) == len(names):
            for name, q in zip(names, numbers, strict=True):
                out[q.start()] = _METRIC_TRIM_END.sub("", name).strip()
    return out


def _subject(text: str, pos: int, subjects: list[Mention], sectors: list[Mention], topic: Mention | None):
    """The nearest place, zone or firm before the number; a sector right before its metric
    (新能源产业规模达到2000亿 → 新能源) when the sentence names no place before it; else the topic."""
    before = [m for m in subjects if m.end <= pos]
    near_sector = [m for m in sectors if m.end <= pos
                   and re.match(r"(?:产业)?(?:规模|产值|营业收入|营收|主营业务收入)", text[m.end:m.end + 8])]
    if near_sector and not before:
        return near_sector[-1]
    return before[-1] if before else topic


def _metric(text: str, q: re.Match, clause_start: int, subject, mentions, year_end: int) -> str:
    start = clause_start
    if subject is not None and subject in mentions and clause_start < subject.end <= q.start():
        start = subject.end
    metric = text[start:q.start()]
    metric = re.sub(r"(?:从|由)?\s*(?:19|20)\d{2}\s*年(?:底|末|初|上半年|前三季度)?的?", "", metric)
    pieces = re.split(r"[\d%％]", metric)
    metric = pieces[-1]  # the words after an earlier number
    # A、B分别完成年度计划的x、y: what was measured follows 分别, else precedes it
    metric = next((p for p in reversed(metric.split("分别")) if _METRIC_TRIM_END.sub("", p.strip("为的")).strip()), "")
    if len(pieces) > 1:  # the rest after an earlier value (1.55万亿元提高到…的近): no metric of its own
        metric = re.sub("^(?:" + "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True)) + ")"
                        + r"(?:/[\u4e00-\u9fff]{1,2})?", "", metric)
    if re.fullmatch(_CHANGE + r"?(?:到|至)?(?:的)?(?:近|约|超过)?", metric):
        return ""
    metric = metric.lstrip(".．)）] ")  # 1.地区生产总值: the number of a list item
    metric = re.sub(r"(?:从|由|和|与|及|、|的)$", "", metric)
    metric = _METRIC_TRIM_START.sub("", metric)
    metric = _METRIC_TRIM_END.sub("", metric)
    metric = _RANK_TAIL.sub("", metric)
    metric = re.sub(r"(?:全国|全省|全市|全区|全县)$", "", metric)  # 增速全市第1位: the scope of a rank
    metric = _METRIC_TRIM_END.sub("", metric).strip(" ，、的（(")
    metric = re.sub(r"^[^\u4e00-\u9fff“]*”", "", metric)  # +N”重点…: the tail of a quoted name cut by a digit
    if len(metric) > 24 or not re.search(r"[\u4e00-\u9fffA-Za-z]", metric) \
            or re.fullmatch(r"(?:从|由|到|至|将|在|对|为|是|达|陆续|连续|先后|形成|实现|完成|突破|跨越|超过|超|" + _CHANGE + r")+(?:到|至)?", metric):
        return ""  # a verb or a preposition alone names no measure
    return metric
