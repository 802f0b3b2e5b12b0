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
         "万千瓦", "千瓦", "倍", "条", "所", "种", "款", "万户", "户", "GW", "MW", "万标箱", "架次", "小时", "万小时", "位", "亿")
_CN_DIGITS = {"零": 0, "〇": 0, "○": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_NUM = r"(?P<num>\d+(?:,\d{3})*(?:\.\d+)?|[一二两三四五六七八九十百千〇零]+)"
_UNIT = "(?P<unit>" + "|".join(re.escape(u) for u in sorted(UNITS, key=len, reverse=True)) + ")"
_QUANTITY = re.compile(_NUM + r"\s*(?:多|余)?" + _UNIT)
_YEAR = re.compile(r"(?:(?P<y1>(?:19|20)\d{2})\s*[—\-–~至到]\s*)?(?P<y>(?:19|20)\d{2})\s*年(?!代)")
_TARGET = re.compile(r"到\s*(?:19|20)\d{2}\s*年|力争|目标|预计|计划|将达到|争取|规划")
_METRIC_TRIM_END = re.compile(r"(?:同比|年均|累计|分别|合计|共计|总计|已经|已|将|预计|力争|争取)?(?:增长|增加|提高到|提升到|提高|提升|"
                              r"达到|达|突破|超过|超|实现|为|是|占|约|近|接近|有|拥有|共有|完成|新增|保持|位居|居|排名|排|"
                              r"稳定在|达到了|突破了|增长了|超过了|高于|低于)*$")
_METRIC_TRIM_START = re.compile(r"^(?:其中|全省|全市|我省|我市|全区|该区|截至|截止|底|末|年底|年末|前三季度|上半年|的|，|、|"
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
        return num.replace(",", "")
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


def read_observations(text: str, mentions: list[Mention], topic: Mention | None) -> list[ObservationCandidate]:
    years = list(_YEAR.finditer(text))
    if not years:
        return []
    out = []
    subjects = [m for m in mentions if m.type in ("Province", "City", "County", "Region", "Zone", "Enterprise")]
    covered = [(m.start, m.end) for m in mentions if m.type in ("PolicyDocument",)]
    for q in _QUANTITY.finditer(text):
        if any(s <= q.start() < e for s, e in covered):
            continue
        if _YEAR.match(text, q.start()) or re.match(r"\s*(?:年|月|日|号|期|届|次|版|批|级|星|大|项目)", text[q.end():]) and \
                q.group("unit") in ("个", "项"):
            continue
        if q.start() > 0 and text[q.start() - 1] in "—-–~":  # the upper end of a range 1—2个
            continue
        value = _value(q.group("num"))
        if value is None:
            continue
        if q.group("unit") in ("个",) and re.match(r"[\u4e00-\u9fff]{0,3}(?:产业|集群|方面|领域|环节|城市|中心|基地)",
                                                   text[q.end():q.end() + 6]):
            pass
        prior_years = [y for y in years if y.end() <= q.start()]
        year_m = prior_years[-1] if prior_years else years[0]
        if year_m.start() <= q.start() < year_m.end():
            continue
        year = int(year_m.group("y"))
        clause_start = max(text.rfind(c, 0, q.start()) for c in "，,；;。：:、") + 1
        head = text[max(clause_start, 0):q.start()]
        kind = "target" if _TARGET.search(text[:q.start()][-40:]) and re.search(r"到\s*" + str(year), text) or \
            re.search(r"力争|目标|争取|预计", head) else "actual"
        subj_candidates = [m for m in subjects if m.end <= q.start()]
        subject = subj_candidates[-1] if subj_candidates else topic
        metric_from = max(clause_start, subject.end if subject is not None and subject in mentions
                          and subject.end <= q.start() and subject.end > clause_start else clause_start,
                          year_m.end() if year_m.end() <= q.start() and year_m.end() > clause_start else 0)
        metric = text[metric_from:q.start()]
        metric = re.sub(r"(?:19|20)\d{2}\s*年(?:底|末|初|上半年|前三季度)?", "", metric)
        metric = re.split(r"[\d%％]", metric)[-1]  # the words after an earlier number
        metric = re.sub(r"(?:从|由|和|与|及|、)$", "", metric)
        metric = _METRIC_TRIM_START.sub("", metric)
        metric = _METRIC_TRIM_END.sub("", metric).strip(" ，、的")
        if not metric or len(metric) > 24 or not re.search(r"[\u4e00-\u9fff]", metric):
            # no metric before the number: the words after it name the counted thing (2100家企业)
            after = re.match(r"[\u4e00-\u9fff]{2,8}", text[q.end():])
            if not after or q.group("unit") in ("%", "亿元", "万亿元", "万元"):
                continue
            metric = after.group()
        out.append(ObservationCandidate(subject, metric, value, q.group("unit"), year, kind, q.start(), q.end()))
    return out
