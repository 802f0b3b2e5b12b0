"""Recognize mentions of the core classes in a sentence.

Each recognizer is a small function ``(SentenceView) -> list[Mention]`` registered by name in
``RECOGNIZERS``; ``recognize`` runs them all and keeps the longest non-overlapping mentions.
Rules use general patterns only: division data, suffixes, quotes, 《》 titles, enumerations.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from itertools import accumulate

from kg.extract import lexicon as L
from kg.model import Mention

PUNCT = set("，。、；：！？“”‘’《》（）()【】[]「」『』—…·,.;:!?%\"' \n●•■◆▪▶★☆○◎+")
OPEN_CLOSE = {"“": "”", "（": "）", "(": ")", "‘": "’"}


@dataclass
class SentenceView:
    """A sentence with its jieba tokens and the character offsets where tokens start and end."""

    text: str
    tokens: list[str]
    starts: list[int]
    ends: list[int]

    @classmethod
    def of(cls, text: str) -> SentenceView:
        return cls.from_tokens(text, L.tokenizer().lcut(text, HMM=True))

    @classmethod
    def from_tokens(cls, text: str, tokens: list[str]) -> SentenceView:
        ends = list(accumulate(map(len, tokens)))
        return cls(text, tokens, [0, *ends[:-1]] if ends else [], ends)

    def aligned(self, start: int, end: int) -> bool:
        return start in self._start_set and end in self._end_set

    def __post_init__(self) -> None:
        self._start_set = set(self.starts)
        self._end_set = set(self.ends)
        self._index_at_end = {e: i for i, e in enumerate(self.ends)}

    def token_ending_at(self, end: int) -> int | None:
        return self._index_at_end.get(end)


Recognizer = Callable[[SentenceView], list[Mention]]
RECOGNIZERS: dict[str, Recognizer] = {}


def recognizer(name: str) -> Callable[[Recognizer], Recognizer]:
    def register(fn: Recognizer) -> Recognizer:
        RECOGNIZERS[name] = fn
        return fn
    return register


# ---------------------------------------------------------------- helpers

@functools.lru_cache(maxsize=4096)
def city_word(tok: str) -> bool:
    """Is the token a province's or a city's name, or a full county name? (开封 and 保定 are verbs to
    jieba; 比如 and 通道, short names of counties, stay words.)"""
    return any(d.level in ("Province", "City") or d.name == tok for d in L.load_lexicon().by_name.get(tok, ()))


def _name_token(tok: str) -> bool:
    """Can this token be part of a proper name?"""
    if not tok or any(c in PUNCT for c in tok):
        return False
    if tok in L.STOP_WORDS or tok.isdigit():
        return False
    if tok in _CLAUSE_VERBS or (L.word_tags().get(tok) == "v" and tok not in _NOMINAL_VERBS and not city_word(tok)):
        return False
    if tok.endswith(("网讯", "报讯", "社讯")):  # 大河网讯: a news dateline
        return False
    if tok.startswith(("充分", "积极", "大力", "加快", "全面", "深入", "持续", "进一步", "努力", "着力", "不断")):
        return False
    return not (tok.startswith(_VERBS) or tok.endswith(_VERBS))


_VERBS = ("发展", "建设", "打造", "推动", "推进", "培育", "壮大", "提升", "形成", "实施", "支持", "依托",
          "围绕", "加快", "引进", "入驻", "落户", "布局", "聚焦", "获批", "批准", "印发", "发布", "出台",
          "做强", "做大", "建成", "构建", "吸引", "拥有", "成为", "作为", "包括", "涵盖", "实现", "完成",
          "带动", "引领", "加强", "强化", "突破", "增长", "达到", "位居", "考察", "调研", "提出", "召开", "入选", "相继",
          "获得", "荣获", "认定", "评为")


_CLAUSE_VERBS = {"加大", "加强", "扩大", "增强", "降低", "减少", "优化", "完善", "健全", "补齐", "助力", "升级", "转型", "重视", "具备", "提升", "推进", "实施", "促进", "开展", "利用", "围绕", "依靠", "跃居", "入选", "离不开", "掌握", "具有", "满足", "结合", "构筑", "赋能", "抢占", "高度重视",
                 "拉长", "批准", "设立", "投资", "完成", "列为", "纳入", "写入", "搭建", "介绍", "表示", "指出"}


def extend_left(view: SentenceView, suffix_start: int, max_len: int, min_tokens: int = 1,
                allow_quotes: bool = True, allow_conj: bool = False) -> int | None:
    """Walk left from ``suffix_start`` over name-like tokens (and whole “…” or （…） groups);
    return the start of the name, or None when no name token precedes the suffix."""
    text = view.text
    start = suffix_start
    taken = 0
    if start not in view._end_set:  # the suffix begins inside a token (集团股份|有限公司): take the token's head
        inside = next((i for i, (s, e) in enumerate(zip(view.starts, view.ends, strict=True)) if s < start < e), None)
        if inside is None or not _name_token(view.tokens[inside][: start - view.starts[inside]]):
            return None
        start = view.starts[inside]
        taken = 1
    while start > 0:
        ch = text[start - 1]
        if allow_quotes and ch in "”）)":
            opener = {"”": "“", "）": "（", ")": "("}[ch]
            j = text.rfind(opener, 0, start - 1)
            if j < 0 or suffix_start - j > max(max_len, 32) or any(c in "，。；、,;" for c in text[j:start]):
                break
            start = j
            taken += 1
            continue
        i = view.token_ending_at(start)
        if i is None:
            break
        tok = view.tokens[i]
        if tok == "讯" and i > 0 and view.tokens[i - 1].endswith(("网", "报", "社")):
            break  # 大河网讯: a news dateline before the name
        conj = allow_conj and tok in ("与", "和", "及") and taken > 0 and i > 0 and _name_token(view.tokens[i - 1])
        if (not conj and not _name_token(tok)) or suffix_start - view.starts[i] > max_len:
            break
        start = view.starts[i]
        taken += 1
    if taken < min_tokens or start == suffix_start:
        return None
    return start


@functools.lru_cache(maxsize=64)
def _suffix_regex(suffixes: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(s) for s in sorted(set(suffixes), key=len, reverse=True)))


def _suffix_mentions(view: SentenceView, suffixes: tuple[str, ...], type_: str, rule: str,
                     max_len: int, min_name: int = 2, sector: bool = False) -> list[Mention]:
    """Names ending in one of ``suffixes``: the suffix must end a token (实验区, not 实验区域);
    the name runs left over name-like tokens. For sectors and firms, a leading place name, a
    leading verb or adverb and generic nouns are left out (湖南省工程机械产业 → 工程机械产业)."""
    out = []
    for m in _suffix_regex(suffixes).finditer(view.text):
        if m.end() not in view._end_set:
            continue
        clause_start = max(view.text.rfind(c, 0, m.start()) for c in "，。；：,;:") + 1
        head = m.start()
        if type_ == "Enterprise":  # 某某投资集团, 某某发展有限公司: these words belong to the firm's name
            i = view.token_ending_at(head)
            if i is not None and view.tokens[i] in ("投资", "发展", "建设", "控股", "实业", "科技", "产业"):
                head = view.starts[i]
        start = extend_left(view, head, max_len,
                            allow_conj=sector and m.group() in ("产业", "产业链", "产业集群", "集群", "服务业")
                            and "、" not in view.text[clause_start:m.start()])
        if start is None:
            continue
        start = _trim_name_start(view, start, m.start(), keep_places=not sector)  # firms keep places: 湖北某某投资集团
        if start is None:
            continue
        if type_ in ("Zone", "InnovationPlatform") and not _zone_name_ok(view.text, start, m):
            continue
        name = view.text[start:m.end()]
        if len(name) - len(m.group()) < min_name - 1:
            continue
        out.append(Mention(name, type_, start, m.end(), rule))
    return out


_GENERIC_ZONE_CORES = {"经济", "工业", "产业", "智慧", "国家级", "省级", "市级", "综合", "经济技术", "高新技术产业", "国家",
                       "省", "该", "本", "新", "大学", "工程", "重点", "一星级产业", "二星级产业", "三星级产业"}


def _zone_name_ok(text: str, start: int, suffix: re.Match) -> bool:
    """A zone or platform name has a specific part before its suffix, is not an honour in quotes
    (“省级化工质量示范区”称号) and holds no digits (13家省中试基地)."""
    core = text[start:suffix.start()]
    if not core or core in _GENERIC_ZONE_CORES or re.search(r"\d|星级|家", core):
        return False
    opener = text.rfind("“", max(0, start - 8), start + 1)
    quoted = opener >= 0 and not re.search(r"[，。、；,;”]", text[opener:start]) and text[suffix.end():suffix.end() + 1] == "”"
    return not (quoted and re.match(r"”(?:荣誉)?称号|”建设试点|”试点", text[suffix.end():suffix.end() + 6]))


def _trim_name_start(view: SentenceView, start: int, suffix_start: int, keep_places: bool = False) -> int | None:
    """Move a name's start right past places, verbs, adverbs and generic nouns (for zones and
    platforms, ``keep_places``: a leading place stays, 许昌经济开发区)."""
    lex = L.load_lexicon()
    tags = L.word_tags()
    i = view.starts.index(start) if start in view._start_set else None
    while i is not None and view.starts[i] < suffix_start:
        tok = view.tokens[i]
        if re.fullmatch(r"万亿|千亿|百亿|亿", tok) and i + 1 < len(view.tokens) and view.tokens[i + 1] == "级":
            return view.starts[i]  # 千亿级氟化工…产业集群: the scale belongs to the name
        if len(tok) >= 2 and tok[0] in "以在从对向把将与和及或被由为" and tags.get(tok) is None:
            return view.starts[i] + 1  # jieba glued a preposition to the name (以多 氟 多 公司)
        if keep_places and (tok in lex.by_name or tags.get(tok) in ("ns", "f", "t", "n", "nz", "a", "b", "s", None)) \
                and tok not in ("省", "市", "县", "家", "首批", "还是", "是") and tok not in L.GENERIC_NOUNS:
            return view.starts[i]  # zones and platforms keep directions and nouns (西部产业集聚区)
        if tok == "新" and i + 1 < len(view.tokens) and view.starts[i + 1] < suffix_start \
                and view.tokens[i + 1] in ("材料", "能源", "技术", "媒体", "零售", "消费"):
            return view.starts[i]  # 新材料 (jieba cuts 新|材料): 新 belongs to the name
        tag = tags.get(tok, "n")
        bad_tag = tag in L.BAD_FIRST_TAGS and (tag != "v" or tok not in _NOMINAL_VERBS)
        if tok in lex.by_name or tok in L.GENERIC_NOUNS or bad_tag \
                or tok.startswith(("规上", "规模以上")) or tok in ("省", "市", "县", "家", "首批", "还是", "是"):
            i += 1
            continue
        return view.starts[i]
    return None


# ---------------------------------------------------------------- recognizers

@recognizer("divisions")
def divisions(view: SentenceView) -> list[Mention]:
    """Places and central bodies from the division and body dictionaries.

    Full names count anywhere a token boundary allows; short names (郑州, 巩义) only where jieba
    keeps them as a whole token, so 新兴 is not 新兴县."""
    lex = L.load_lexicon()
    out = []
    for end, name in lex.automaton.iter(view.text):
        start = end - len(name) + 1
        if not view.aligned(start, end + 1):
            continue
        if name in lex.bodies:
            out.append(Mention(name, "Organization", start, end + 1, "dict.central_body", key=lex.bodies[name]))
            continue
        options = lex.by_name[name]
        d = _pick_division(options)
        if d is None:
            continue
        if re.match(r"(?:国际机场|机场|火车站|高铁站|东站|西站|南站|北站|大学|学院|路|大道|大街|街道)", view.text[end + 1:end + 5]):
            continue  # part of a facility's name (郑州新郑国际机场), not the place
        if d.level == "County" and not d.code.startswith("41") and not _after_parent(view.text, start, d):
            continue  # a county outside Henan only right after its city or province (灯塔市 is rarely meant)
        type_ = d.level
        out.append(Mention(name, type_, start, end + 1, "dict.division", key=d.name, code=d.code))
    return out


def _after_parent(text: str, start: int, d: L.Division) -> bool:
    lex = L.load_lexicon()
    parent = lex.parent(d)
    names = {parent.name, parent.short} if parent else set()
    return any(n and text[:start].endswith(n) for n in names)


def _pick_division(options: list[L.Division]) -> L.Division | None:
    """The division a name most likely means: a higher level first, then Henan's (41…)."""
    rank = {"Province": 0, "City": 1, "County": 2, "Zone": 3}
    best = sorted(options, key=lambda d: (rank[d.level], not d.code.startswith("41"), d.code))
    return best[0] if best else None


_POLICY_END = re.compile(r"(?:规划|计划|方案|意见|通知|办法|措施|纲要|条例|决定|指南|政策|报告|法|细则|规定|战略|行动|"
                         r"工程|清单|目录|标准|批复|函|十条|公告|意见书|要点|决议|建议)"
                         r"(?:\s*[（(][^（()）]{2,20}[）)])?(?:的通知|的意见)?$")
_FIVE_YEAR_TITLE = re.compile(r"(?:[\u4e00-\u9fff]{2,6}?)?“十[一二三四五六七八九]五”[\u4e00-\u9fff“”]{0,30}?(?:规划纲要|规划|纲要)")


@recognizer("five_year_titles")
def five_year_titles(view: SentenceView) -> list[Mention]:
    """Plans named without 《》: 洛阳“十五五”规划, “十四五”…发展纲要."""
    out = []
    for m in _FIVE_YEAR_TITLE.finditer(view.text):
        start = m.start()
        # the leading words must be a place or nothing (在“十四五”…规划中 → from “十四五”)
        lead = view.text[start:m.group().index("“") + start]
        if lead and not _starts_with_place(lead):
            # 审议通过了株洲“十五五”规划: keep the place that ends the lead, drop the words before it
            place = next((lead[k:] for k in range(len(lead) - 1) if lead[k:] in L.load_lexicon().by_name), "")
            start += len(lead) - len(place)
        if start > 0 and view.text[start - 1] == "《":
            continue
        out.append(Mention(view.text[start:m.end()], "PolicyDocument", start, m.end(), "pattern.five_year_title",
                           key=view.text[start:m.end()]))
    return out


_QUOTED_POLICY = re.compile(r"“([^“”，。]{2,30}?(?:十条|若干措施|措施|办法|意见|方案|规划|计划|细则|条例))”")


@recognizer("quoted_policies")
def quoted_policies(view: SentenceView) -> list[Mention]:
    """A policy named in quotes rather than 《》 where the text says it is one: 出台“某某产业十条”政策."""
    out = []
    for m in _QUOTED_POLICY.finditer(view.text):
        after, before = view.text[m.end():m.end() + 4], view.text[max(0, m.start() - 6):m.start()]
        if re.match(r"(?:等)?(?:政策|文件|系列政策)", after) or re.search(r"(?:出台|印发|发布|制定|实施)了?$", before):
            out.append(Mention(m.group(1), "PolicyDocument", m.start(), m.end(), "pattern.quoted_policy", key=m.group(1)))
    return out


@recognizer("policy_titles")
def policy_titles(view: SentenceView) -> list[Mention]:
    """《…》 titles: policies, plans, programmes, opinions, notices, laws."""
    out = []
    for m in re.finditer(r"《([^《》\n]{2,80})》", view.text):
        if not _POLICY_END.search(m.group(1)):
            continue  # 《唐宫夜宴》: a show, a book, not a policy
        out.append(Mention(m.group(1), "PolicyDocument", m.start(), m.end(), "pattern.book_title",
                           key=m.group(1).strip()))
    return out


@recognizer("zones")
def zones(view: SentenceView) -> list[Mention]:
    return _suffix_mentions(view, L.ZONE_SUFFIXES, "Zone", "suffix.zone", 22)


@recognizer("platforms")
def platforms(view: SentenceView) -> list[Mention]:
    out = _suffix_mentions(view, L.PLATFORM_SUFFIXES, "InnovationPlatform", "suffix.platform", 18)
    # 国家超级计算某地中心: a computing or innovation centre with a place inside the name
    for m in re.finditer(r"(?:国家|省)?[\u4e00-\u9fff]{0,4}(?:计算|技术创新|制造业创新)[\u4e00-\u9fff]{0,4}中心", view.text):
        if m.start() in view._start_set and (m.group().startswith("国家") or _starts_with_place(m.group())
                                             or any(n in m.group() for n in _place_names_in(m.group()))):
            out.append(Mention(m.group(), "InnovationPlatform", m.start(), m.end(), "pattern.centre"))
    # a named platform: a proper word or 国家 in the name, and not counted (30个制造业创新中心, 一批…)
    return [m for m in out if (_has_proper_token(m.text) or m.text.startswith("国家"))
            and not re.search(r"(?:\d|[一两几多]|若干)(?:个|家|批)$|一批$|多个$|^省级|^市级", view.text[max(0, m.start - 4):m.start])
            and not re.match(r"(?:省级|市级|国家级|以上|为|个|家|一批|多个)", m.text)]


def _place_names_in(text: str) -> list[str]:
    """Division names (two characters or more) written inside ``text``."""
    lex = L.load_lexicon()
    return [name for _, name in lex.automaton.iter(text) if name in lex.by_name and len(name) >= 2]


@recognizer("organizations")
def organizations(view: SentenceView) -> list[Mention]:
    """Bodies named as a place (or 国家/省/市/县) followed by a body suffix: 河南省工业和信息化厅,
    省发展改革委, 郑州大学; and party committees and governments named by level alone."""
    out = []
    text = view.text
    for m in _suffix_regex(L.ORG_SUFFIXES).finditer(text):
        if m.end() not in view._end_set and not (m.end() < len(text) and text[m.end()] in PUNCT) \
                and not text.startswith(_OFFICIAL_TITLES, m.end()):
            continue  # 政府采购目录: the suffix does not end a word (局局长: a title follows the body)
        if len(m.group()) == 1 and m.start() not in view._start_set:
            word = next((t for t, s_, e_ in zip(view.tokens, view.starts, view.ends, strict=True)
                         if s_ < m.start() < e_), "")
            body_word = word.endswith("厅") or L.word_tags().get(word) in ("nt", None) or (
                word.endswith("局") and not word.endswith(("布局", "格局", "开局", "新局", "大局", "全局", "结局", "时局", "变局")))
            if not (m.end() in view._end_set and len(word) >= 3 and body_word and word not in _NOT_BODIES):
                continue  # 布局, 开新局, 部署: the one-character suffix is inside a word; 商务厅 is a body
        start = _org_start(text, m.start())
        if start is None or m.end() - start < 3:
            continue
        joined = list(re.finditer(r"(?:委|部|局|厅|院|会|办|所|室)(?:和|与|及|、)", text[start:m.start()]))
        if joined:  # 国家发改委和科技部: two bodies
            start += joined[-1].end()
        middle = text[start:m.start()]
        if re.match(r"[省市县]委[省市县]", text[start:m.end()]):
            continue  # 省委省政府: two bodies, read by the level pattern
        if re.search(r"首批|等|各|级|重大|头部|布局|写入|重视|工作|\d", middle) or any(w in middle for w in _FOUNDING_VERBS) \
                or re.search(r"[东西南北中]部$", text[start:m.end()]) \
                or any(L.word_tags().get(t) == "v" and t not in _NOMINAL_VERBS and not city_word(t)
                       and (len(t) == 1 or t in _VERBS or t in _CLAUSE_VERBS or t in _FOUNDING_VERBS)
                       for t, s_, e_ in zip(view.tokens, view.starts, view.ends, strict=True)
                       if s_ >= start and e_ <= m.start()):  # (人力资源和社会保障局: 保障 names its remit)
            continue  # 市西部: a direction; 成都设立…委员会: a clause, not a name
        out.append(Mention(text[start:m.end()], "Organization", start, m.end(), "suffix.organization"))
    for m in re.finditer(r"(?:(?<![\u4e00-\u9fff])|(?<=[省市]委)|(?<=按照|根据|落实|经过)|(?<=[经由据向对与和及从在是年]))"
                         r"(省委|省政府|省人民政府|市委|市政府|市人民政府)(?!书记)", text):
        out.append(Mention(m.group(), "Organization", m.start(), m.end(), "pattern.local_government"))
    # a party committee named by its place: 中共某某市委, 某某省委 (not 某某市委书记, a person's title)
    for m in re.finditer(r"(中共)?([\u4e00-\u9fff]{2,7}?[省市县区])委(?![员会书记常副])", text):
        if m.group(1) or m.group(2) in L.load_lexicon().by_name:
            out.append(Mention(m.group(), "Organization", m.start(), m.end(), "pattern.party_committee"))
    # a zone's administration: 某某高新区管委会, 某某农谷管理委员会, 某某新区党工委
    if re.search(r"管委会|管理委员会|党工委", text):
        for z in zones(view):
            a = re.match(r"管委会|管理委员会|党工委", text[z.end:])
            if a:
                out.append(Mention(text[z.start:z.end + a.end()], "Organization", z.start, z.end + a.end(),
                                   "pattern.zone_administration"))
    return out


_FOUNDING_VERBS = {"设立", "成立", "组建", "印发", "召开", "举办", "联合", "牵头", "认真", "落实", "会同"}
_OFFICIAL_TITLES = ("局长", "院长", "厅长", "部长", "主任", "书记", "副", "关长", "负责人", "党组", "党委")
_NOT_BODIES = {"新局", "开新局", "新格局", "大格局", "俱乐部", "编辑部", "司令部", "总指挥部", "新布局", "全方位"}


def _org_start(text: str, suffix_start: int) -> int | None:
    """The farthest start within 14 characters left of a body suffix where a place name (or 国家,
    省, 市, 县, 中共) begins and nothing between is punctuation or a function word."""
    lex = L.load_lexicon()
    best = None
    for start in range(suffix_start - 1, max(-1, suffix_start - 15), -1):
        ch = text[start]
        if ch in PUNCT or ch in "的在由对向从将把与及或":
            break
        head = text[start:suffix_start]
        if head.startswith(("国家", "中共", "中央")) or (head[0] in "省市县" and (start == 0 or text[start - 1] in PUNCT
                                                                           or text[start - 1] in "和及、等由报向经同与对按请从在是年")):
            best = start
        elif any(head.startswith(n) for n in _prefixes(head) if n in lex.bodies or any(
                d.level in ("Province", "City") or d.name == n or d.code.startswith("41") for d in lex.by_name.get(n, []))):
            best = start
    return best


def _starts_with_place(name: str) -> bool:
    lex = L.load_lexicon()
    return any(name.startswith(n) and len(n) >= 2 for n in _prefixes(name) if n in lex.by_name or n in lex.bodies)


def _prefixes(name: str) -> list[str]:
    return [name[:i] for i in range(2, min(len(name), 12) + 1)]


@recognizer("enterprises")
def enterprises(view: SentenceView) -> list[Mention]:
    out = _suffix_mentions(view, L.ENTERPRISE_SUFFIXES, "Enterprise", "suffix.enterprise", 20)
    # 上市公司, 国有企业…: a kind of firm, not a name
    return [m for m in out if len(m.text) >= 3 and not re.search(r"(?:上市|国有|民营|外资|骨干|龙头|头部)(?:公司|企业)$", m.text)
            and _has_proper_token(re.sub(r"(?:股份有限公司|有限责任公司|有限公司|集团公司|集团|公司|股份|控股)$", "", m.text))]


# the trade a firm's short name ends with (某某铝业, 某某焦化, 某某新材料)
_FIRM_TRADES = ("铝业", "鞋业", "矿业", "药业", "乳业", "实业", "焦化", "制药", "重工", "电气", "科技", "新材料", "新能源",
                "化纤", "化工", "轮毂", "股份")
_NOT_AFTER_TRADE = ("产业", "行业", "企业", "领域", "集群", "技术", "装备", "产品", "汽车", "电池", "大学", "学院", "创新",
                    "园", "城", "基地", "小镇", "研究", "工业", "发展", "项目", "材料", "和", "与", "、", "等")


_TRADE_INTRO = re.compile(r"(?:专注于|致力于|主要从事|从事|主营|深耕)([^，。；：,;:！？]{2,24}?)(?=的|[，。；,;]|$)")


@recognizer("trade_sectors")
def trade_sectors(view: SentenceView) -> list[Mention]:
    """The sectors a firm works in, after 专注于/致力于/从事 (专注于某某材料的研发 → 某某材料),
    the activity words after them left out."""
    out = []
    for m in _TRADE_INTRO.finditer(view.text):
        phrase = re.sub(r"(?:的)?(?:研发制造|研发生产|生产研发|研发|研制|生产|业务|领域|产品)$", "", m.group(1))
        pos = m.start(1)
        for part in re.split(r"[和及、与]", phrase.split("等")[0]):
            start = view.text.find(part, pos)
            pos = start + len(part)
            if not 2 <= len(part) <= 10 or start < 0 or part in L.GENERIC_NOUNS or part in L.GENERIC_SECTOR_WORDS \
                    or re.search(r"工作|市场|细分|内涵|方面|年|这|该|其", part):
                continue
            item = Mention(part, "Industry", start, start + len(part), "pattern.trade_sector")
            if sector_name_ok(view, item) and not any(v in part for v in _VERBS):
                out.append(item)
    return out


@recognizer("firm_short_names")
def firm_short_names(view: SentenceView) -> list[Mention]:
    """A firm's short name: a proper word (not a dictionary word, not a place) and a trade word,
    某某铝业, 某某焦化; the trade word is not followed by a sector or an institution's suffix."""
    lex = L.load_lexicon()
    tags = L.word_tags()
    out = []
    for i, tok in enumerate(view.tokens):
        if tok not in _FIRM_TRADES or view.text.startswith(_NOT_AFTER_TRADE, view.ends[i]):
            continue
        j, proper = i, False
        while j > 0 and view.ends[i - 1] - view.starts[j - 1] <= 5:
            left = view.tokens[j - 1]
            if left in lex.by_name or left in L.STOP_WORDS or left in L.SCOPE_WORDS or left in _FIRM_TRADES \
                    or any(c in PUNCT for c in left) or left.isdigit():
                break
            if tags.get(left) not in L.COMMON_WORD_TAGS:
                proper = True
            elif not (j == i and len(left) == 1 and tags.get(left) in ("a", "n", "b")):
                break
            j -= 1
        start = view.starts[j]
        if view.text[start] in "以在从对向把将与和及或被由为" and view.ends[i - 1] - start >= 3:
            start += 1  # jieba glued a preposition to the name (以某某 化纤)
        if proper and j < i and view.ends[i - 1] - start >= 2:
            out.append(Mention(view.text[start:view.ends[i]], "Enterprise", start, view.ends[i], "pattern.firm_short_name"))
    return out


@recognizer("firm_before_project")
def firm_before_project(view: SentenceView) -> list[Mention]:
    """A firm named right before its project's output or investment: 某某新能源年产6GWh…,
    某某集团投资30亿元的…项目 (a proper word in the name; no place, zone or body alone)."""
    out = []
    lex = L.load_lexicon()
    for m in re.finditer(r"(?:年产|投资|总投资)(?:约|超)?\d", view.text):
        if m.start() not in view._end_set:
            continue
        start = extend_left(view, m.start(), 10)
        if start is None:
            continue
        start = _trim_name_start(view, start, m.start(), keep_places=True)  # firms keep places (某地某某集团)
        if start is None or m.start() - start < 2:
            continue
        lead = next((n for n in _prefixes(view.text[start:m.start() - 2]) if n[-1] in "省市县区" and n in lex.by_name), "")
        start += len(lead)  # 某某市某某: the full name of its city goes before the firm, not in it
        name = view.text[start:m.start()]
        if name in lex.by_name or name.endswith(_NOT_SECTOR_ENDINGS) or name.endswith(L.ORG_SUFFIXES) \
                or name in L.GENERIC_NOUNS or not _has_proper_token(name) or re.search(r"项目|工程|我|该|本|全", name):
            continue
        out.append(Mention(name, "Enterprise", start, m.start(), "pattern.firm_before_project"))
    return out


def _has_proper_token(name: str) -> bool:
    """Does the name hold a word that is not a common dictionary word (a proper name: 致欧, 宇通,
    IGBT, a place)? 物业公司 and 大型水泥企业集团 do not."""
    lex = L.load_lexicon()
    return any(L.word_tags().get(t) not in L.COMMON_WORD_TAGS or t in lex.by_name for t in L.tokenizer().lcut(name)
               if t.strip())


@recognizer("regions")
def regions(view: SentenceView) -> list[Mention]:
    out = []
    for m in _suffix_mentions(view, L.REGION_SUFFIXES, "Region", "suffix.region", 16):
        start = _trim_name_start(view, m.start, m.end - 2, keep_places=True)
        if start is None or "+" in m.text:
            continue
        lead = next((view.text[start:start + n] for n in range(4, 1, -1)
                     if view.text[start:start + n] in L.load_lexicon().by_name), "")
        rest = view.text[start + len(lead):m.end]
        suffix = next(x for x in sorted(L.REGION_SUFFIXES, key=len, reverse=True) if rest.endswith(x))
        if lead and len(rest) - len(suffix) >= 2:
            start += len(lead)  # 洛阳中原城市群: a city, then a region of its own name
        country = max(view.text.rfind("中国", start, m.end - 3), view.text.rfind("我国", start, m.end - 3))
        if country >= 0:
            start = country + 2  # 中国华东地区: the region is 华东地区
        m = Mention(view.text[start:m.end], "Region", start, m.end, m.rule)
        if m.text.endswith("地区") and not re.match(r"^(?:[东西南北中]+部|中西部|东中西部|沿海|沿边|内陆|边境|[\u4e00-\u9fff]{1,2}三角|华[东南西北中]|东北|西南|西北|江南|江北)地区$", m.text) \
                and not _starts_with_place(m.text):
            continue
        out.append(m)
    for m in re.finditer(r"(?:长三角|珠三角|京津冀|粤港澳大湾区|成渝地区双城经济圈|豫[东西南北中]+(?:地区)?|中西部|中部|东部|西部)(?:地区)?",
                         view.text):
        if m.start() in view._start_set:  # 与京津冀, 在长三角: a word of its own
            out.append(Mention(m.group(), "Region", m.start(), m.end(), "pattern.region"))
    # 中部地区 and 中西部地区 are regions; 地区 alone after a generic word is not
    return [m for m in out if m.text not in ("地区", "相关地区", "其他地区", "部分地区", "重点地区", "先发地区", "贫困地区")]


@recognizer("sectors")
def sectors(view: SentenceView) -> list[Mention]:
    """Industries, chains and clusters named with a sector suffix (…产业链, …集群, …产业)."""
    out = []
    for suffixes, type_, rule in ((L.CHAIN_SUFFIXES, "IndustryChain", "suffix.chain"),
                                  (L.CLUSTER_SUFFIXES, "IndustryCluster", "suffix.cluster"),
                                  (L.INDUSTRY_SUFFIXES, "Industry", "suffix.industry")):
        for m in _suffix_mentions(view, suffixes, type_, rule, 16, sector=True):
            if sector_name_ok(view, m):
                m.category = _modifier_category(view.text, m.start)
                out.append(m)
    return out


@functools.lru_cache(maxsize=1)
def _industry_classes() -> re.Pattern[str]:
    """The sections and divisions of GB/T 4754-2017 (kg/data/industry_classes.tsv) of three
    characters or more, as one pattern; the 、 inside a name may be left out (文教工美体育和娱乐用品制造业)."""
    names = []
    with open(L._data_file("industry_classes.tsv"), encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#") or line.startswith("code\t"):
                continue
            name = line.rstrip("\n").split("\t")[1]
            if len(name.replace("、", "")) >= 3 and not name.startswith("其他") and name not in ("制造业", "国际组织"):
                names.append(name)
    alternatives = ["、?".join(re.escape(part) for part in n.split("、")) for n in sorted(names, key=len, reverse=True)]
    return re.compile("(?:" + "|".join(alternatives) + ")(?![务])")


@recognizer("industry_classes")
def industry_classes(view: SentenceView) -> list[Mention]:
    """Industries named as the national classification names them: 交通运输、仓储和邮政业,
    非金属矿物制品业 (statistical bulletins list them)."""
    return [Mention(m.group(), "Industry", m.start(), m.end(), "dict.industry_class")
            for m in _industry_classes().finditer(view.text)]


_CHAIN_LINKS = re.compile(r"“?\s*((?:[\u4e00-\u9fffA-Za-z/ ]{2,12}\s*[—－→]+\s*){2,}[\u4e00-\u9fffA-Za-z/ ]{2,12})\s*”?"
                          r"(?=[\u4e00-\u9fff]{0,3}(?:产业链|链条|产业体系|全链条))")


def chain_links(text: str) -> list[tuple[int, int]]:
    """The links of a chain written as “A—B—C”产业链 (铝土矿—氧化铝—电解铝), as spans of ``text``:
    each link is an industry (nested in the chain's mention, kg.extract.pipeline.names_within)."""
    out = []
    for m in _CHAIN_LINKS.finditer(text):
        pos = m.start(1)
        for part in re.split(r"([—－→]+)", m.group(1)):
            item = part.strip()
            if item and not re.fullmatch(r"[—－→]+", item):
                start = text.index(item, pos)
                if 2 <= len(item) <= 10 and "/" not in item and item not in L.GENERIC_NOUNS \
                        and item not in L.GENERIC_SECTOR_WORDS and not any(v in item for v in _VERBS):
                    out.append((start, start + len(item)))
            pos += len(part)
    return out


_NOT_SECTOR_ENDINGS = tuple(s for s in (*L.ZONE_SUFFIXES, *L.PLATFORM_SUFFIXES) if len(s) >= 2)
# Words jieba tags as verbs that also name activities and lead sector names (知识密集型, 制造服务业).
_NOMINAL_VERBS = {"创新", "发展", "改革", "知识", "加氢", "合成", "制造", "加工", "设计", "研发", "检测", "孵化", "储能", "装配", "运营", "测试", "封装", "识别",
                  "驾驶", "应用", "制备", "计算", "通信", "交易", "会展", "贸易", "营销", "管理", "养老", "出行", "节能",
                  "铸造", "锻造", "冶炼", "印刷", "包装", "种植", "养殖", "酿造"}
_SCALE = re.compile(r"^(?:\d+个)?(?:[\d.]+|[一二三四五六七八九十百千万两]+)?(?:万亿级|千亿级|百亿级|亿级|世界级|国家级|省级)?")
_ALLOWED_VERBS = {"制造", "加工", "服务", "设计", "检测", "孵化", "开发", "研发", "旅游", "储能", "装配", "运营", "测试",
                  "封装", "识别", "驾驶", "应用", "制备", "计算", "通信", "交易", "会展", "贸易", "营销", "管理", "养老", "出行"}


def sector_name_ok(view: SentenceView, m: Mention) -> bool:
    """A sector name has content beyond scale words and suffixes, no digits inside, no verb but
    the verbs that name activities (制造, 加工, 服务…), and is not a category word."""
    core = re.sub(r"(产业链|产业集群|集群|产业|行业|工业|服务业|制造业|经济)$", "", m.text)
    core = _SCALE.sub("", core)
    if not core or len(core) < 2 or core in L.GENERIC_SECTOR_WORDS or core in L.GENERIC_NOUNS:
        return False
    if re.search(r"[一二两三四五六七八九十\d]+大", m.text):
        return False  # 光伏两大优势产业: a count of sectors, not a name
    if core in L.SCOPE_WORDS or any(core.endswith(w) or core.startswith(w) and len(core) - len(w) < 2 for w in L.SCOPE_WORDS):
        return False  # 中国经济, 县域服务业: a scope and a sector word
    if m.text.count("“") != m.text.count("”") or re.fullmatch(r"“[^”]+”", m.text) \
            or re.fullmatch(r"“[^”—\-]{2,6}”", core):  # “两廊三带”产业 is a slogan; “A—B—C”产业链 names a chain
        return False  # 元宇宙”应用: a broken quote; “三智一芯”: a slogan
    adjectival = re.search(r"[性型]$", core) and not re.search(r"(?:服务业|制造业|经济|工业)$", m.text)
    if adjectival or re.search(r"(?:新兴|未来|传统|旧|新)$", core) or re.search(r"管委会|实验室|研究院|政府|大会|论坛|[委厅局办]$", m.text):
        return False  # 全局性, 新兴产业和未来; 实验室针对…
    bare = _SCALE.sub("", re.sub(r"(产业链|产业集群|集群|产业|行业)$", "", m.text))
    if bare in ("先进", "新型", "高端", "数字", "绿色", "现代", "传统", "新兴"):
        return False  # 先进产业, 万亿级先进制造业集群's 先进: modifiers without a sector
    if m.text in L.GENERIC_NOUNS or m.text in L.GENERIC_SECTOR_WORDS or re.search(r"\d", _SCALE.sub("", m.text)):
        return False
    lex = L.load_lexicon()
    if core in lex.by_name or core in lex.zone_shorts or m.text.endswith(_NOT_SECTOR_ENDINGS):
        return False  # 航空港经济: a place's economy; 中试基地: a platform
    if m.type in ("IndustryCluster", "IndustryChain") and core in L.GENERIC_CLUSTER_CORES:
        return False
    tags = L.word_tags()
    lo = m.start
    inside = [tok for tok, s, e in zip(view.tokens, view.starts, view.ends, strict=True) if s >= lo and e <= m.end]
    suffix_words = {"产业", "产业链", "产业集群", "集群", "行业", "工业", "经济", "服务业", "制造业"}
    if inside and tags.get(inside[0]) == "v" and (len(inside) == 1 or inside[1] in L.GENERIC_NOUNS
                                                  or inside[1] in suffix_words):
        return False  # 提高产业, 补齐集群, 应对城市…: a verb and its object
    if "规上" in m.text or "规模以上" in m.text:
        return False
    for tok, s, e in zip(view.tokens, view.starts, view.ends, strict=True):
        if s >= lo and e <= m.end and tags.get(tok) == "v" and tok not in _ALLOWED_VERBS \
                and (len(tok) == 1 or tok in _VERBS or tok in _CLAUSE_VERBS):
            return False
    return not m.text.startswith(("(", "（"))


# ---------------------------------------------------------------- running them

def recognize(text: str, names: list[str] | None = None) -> list[Mention]:
    """All mentions in a sentence, longest first where they overlap, in text order.

    ``names`` lists the recognizers to run (default: all, in registration order)."""
    view = SentenceView.of(text)
    found: list[Mention] = []
    for name in names or list(RECOGNIZERS):
        found.extend(RECOGNIZERS[name](view))
    return select(found)


_PRIORITY = {"PolicyDocument": 0, "Organization": 1, "InnovationPlatform": 2, "Zone": 3, "Enterprise": 4,
             "IndustryCluster": 5, "IndustryChain": 6, "Region": 7, "Province": 8, "City": 9, "County": 10,
             "Industry": 11}


def select(found: list[Mention]) -> list[Mention]:
    """Keep the longest mentions that do not overlap; ties go to the more specific class."""
    found.sort(key=lambda m: (-(m.end - m.start), m.rule != "dict.division", _PRIORITY.get(m.type, 99),
                              not m.rule.endswith(".leading"), m.start))
    taken: list[Mention] = []
    used = [False] * (max((m.end for m in found), default=0) + 1)
    for m in found:
        if m.rule == "pattern.headline_issuer":  # nested inside its title on purpose
            taken.append(m)
            continue
        if any(used[m.start:m.end]):
            continue
        for i in range(m.start, m.end):
            used[i] = True
        taken.append(m)
    taken.sort(key=lambda m: m.start)
    return taken


# ---------------------------------------------------------------- titles without 《》

# the title opens the line; what follows (a document number, the addressees) is not part of it
_HEADLINE = re.compile(r"^((?:[\u4e00-\u9fff]{2,20}?(?:人民政府|办公厅|办公室|委员会|厅|局|部))?关于[^，。；《》]{2,80}?的"
                       r"(?:通知|意见|决定|批复|实施意见|指导意见))(?![\u4e00-\u9fff]{0,2}(?:的|精神|要求|部署))")


@recognizer("headline_titles")
def headline_titles(view: SentenceView) -> list[Mention]:
    """A line that is itself a document title: (issuer)关于…的通知/意见/决定."""
    m = _HEADLINE.match(view.text.strip())
    if m:
        title = m.group(1)
        return [Mention(title, "PolicyDocument", 0, len(title), "pattern.headline_title", key=title)]
    return []


# ---------------------------------------------------------------- enumerations

_ENTERPRISE_HEAD = re.compile(r"^(?=等|龙头|链主|头部|领军)等?(?:一批|多家|诸多|\d+家|[一二三四五六七八九十]+家)?"
                              r"(?:优势|骨干|重点|知名|大型|领军|行业|核心|品牌|成长型|规上|上市|民营|外资)*"
                              r"(?P<sector>[\u4e00-\u9fff]{0,6}?(?:制造|加工|材料|装备|能源|汽车|医药|食品|化工|电子|信息|物流|科技|服务|纺织|机械))?"
                              r"(?:龙头|链主|头部|领军)?(?:企业|公司)"
                              # 等家具企业, 等重点铝产业企业, 等产业龙头: any sector word before 企业 once 等 opens the head
                              r"|^等(?:一批|多家|诸多|\d+家)?(?:优势|骨干|重点|知名|大型|品牌|成长型)*"
                              r"(?P<sector2>[\u4e00-\u9fff]{1,6}?(?:产业|行业)?)(?:龙头|链主|头部|领军|品牌|骨干|重点|成长型)?企业"
                              r"|^等(?:产业|行业)?(?:龙头|链主)(?!企业)"
                              r"|^[两三四五六七八九十\d]+大[\u4e00-\u9fff]{0,6}?企业"  # 甲、乙、丙三大整车企业
                              r"|^等(?:诸多|众多|多家|一批)[^，。；、]{0,16}?企业")  # 等诸多与某某上下游关联的企业
_SECTOR_HEAD = re.compile(r"^等?(?:\d+个|\d+大|[一二两三四五六七八九十]+大|[一二两三四五六七八九十]+个|若干|多个|一批|\d+类)?(?:重点|主导|优势|特色|支柱|"
                          r"战略性新兴|新兴|未来|传统优势|传统|先进制造业|前沿|高成长性|先导|领先)?(?:产业链|产业集群|集群|产业|领域|行业|主要产品|优势产品)|^等[\u4e00-\u9fff]{0,4}(?:服务业|制造业)"
                          # 12条制造业重点产业链, 6个综合实力强的先进制造业集群: a count, then the kind
                          r"|^等?(?:\d+|[一二两三四五六七八九十]+)[条个大类][^，。；、]{0,20}?(?:产业链|产业集群|集群)")
_SECTOR_INTRO = re.compile(r"(?:产业|行业|领域)(?:如|例如|包括|涵盖|主要有|主要包括)$|以$|(?:大力|加快|积极|重点|着力|前瞻)?"
                           r"(?:发展|培育|壮大|布局|谋划|聚焦|做强|提升|改造提升|发展壮大|培育壮大)$")
SECTOR_HEADS = ("制造", "材料", "装备", "能源", "汽车", "医药", "信息", "电子", "服务", "物流", "化工", "食品",
                "纺织", "钢铁", "金属", "芯片", "半导体", "电池", "传感器", "机器人", "终端", "软件", "通信", "网络",
                "数据", "智能", "经济", "技术", "旅游", "金融", "农业", "电商", "航空", "航天", "健康", "环保",
                "建材", "机械", "加工", "储能", "氢能", "光伏", "风电", "电网", "显示", "计算", "会展", "设计",
                "孵化", "检测", "轻纺", "家居", "文旅", "传媒", "贸易", "科技", "工业", "产业", "制药", "器械",
                "生物", "量子", "互联网", "物联网", "云计算", "大数据", "算力", "新能源")


def _clean_item(item: str) -> str:
    item = item.strip().strip("“”‘’\"'")
    item = item.split("等")[0] if "等" in item[1:] else item  # 光伏等新兴
    item = re.sub(r"^[了着过]", "", item)
    item = re.sub(r"[一二两三四五六七八九十\d]+大.*$", "", item)  # 光伏两大优势
    item = re.sub(r"^(?:以及|及|和|与|如|例如|包括|涵盖|其中|尤其是|特别是|在|从|对|向|把|将|现有|已有|共有|目前)+", "", item)
    item = item.split("为")[0] if "为" in item[1:] else item  # 以A为主导
    item = re.sub(r"(?:对|的|在|与|和|及)$", "", item)
    return item.strip("“”‘’\"'")


def _strip_place(item: str) -> str:
    """湖南省工程机械 → 工程机械: a sector item does not start with a place."""
    lex = L.load_lexicon()
    lead = next((item[:n] for n in range(min(len(item) - 2, 6), 1, -1) if item[:n] in lex.by_name), "")
    return item[len(lead):] if lead else item


@recognizer("enumerations")
def enumerations(view: SentenceView) -> list[Mention]:
    """Items of a list “A、B、C等…”: firms before 等(龙头)企业, sectors before 等产业/领域 or after
    产业如 / 发展 / 以 … 为主导. Each item is a mention; the head word gives the class."""
    out: list[Mention] = []
    text = view.text
    for clause in re.finditer(r"[^，。；：！？,;:!?]+", text):
        c_start, c_text = clause.start(), clause.group()
        if "、" not in c_text:
            continue
        first = c_text.index("、")
        last = c_text.rindex("、")
        # the end of the last item: the head word (等…企业 / 等…产业) or the end of a name
        tail = c_text[last + 1:]
        m_ent = m_sec = None
        end_rel = None
        for k in range(1, min(len(tail), 16) + 1):
            rest = tail[k:]
            if _ENTERPRISE_HEAD.match(rest) and (rest.startswith("等") or k == len(tail) or True):
                m_ent = _ENTERPRISE_HEAD.match(rest)
                end_rel = k
                break
            if _SECTOR_HEAD.match(rest):
                m_sec = _SECTOR_HEAD.match(rest)
                end_rel = k
                break
            if rest.startswith(("为主导", "为主体", "为重点", "为代表", "为龙头", "等")):
                end_rel = k
                break
        head = text[c_start + last + 1 + (end_rel or 0):][:14]
        # the start of the first item: after an intro word, else a name run
        before = c_text[:first]
        intro = None
        for k in range(len(before) - 1, -1, -1):
            if _SECTOR_INTRO.search(before[:k]):
                intro = k
                break
        cluster_list = re.match(r"(?:主要)?(?:包括|有|分别是|分别为)", c_text) is not None \
            and re.search(r"(?:集群|产业链)[，,]$", text[:c_start]) is not None
        if intro is None and cluster_list:  # 七大产业集群，包括A、B: the clause before names the list
            intro = re.match(r"(?:主要)?(?:包括|有|分别是|分别为)", c_text).end()
        if end_rel is None and intro is None:
            continue
        # 传统优势产业如A、B、C: the intro names the list a list of sectors, whatever the items look like
        strong_intro = intro is not None and re.search(r"(?:产业|行业|领域)(?:如|例如|包括|涵盖|主要有|主要包括)$",
                                                       before[:intro]) is not None
        first_start = intro if intro is not None else None
        if first_start is None:
            s = extend_left(view, c_start + first, 14)
            if s is None and m_ent:
                s = _firm_item_start(view, c_start, c_start + first)
            if s is None:
                continue
            first_start = s - c_start
        last_end = last + 1 + (end_rel if end_rel is not None else len(tail))
        span_text = c_text[first_start:last_end]
        if "的" in span_text.split("、")[-1] or c_text[:first_start].endswith("从"):
            continue  # 安全高效、稳固多元的产业链: qualities; 从原料供应、…到消费: stages
        items, pos = [], c_start + first_start
        for part in span_text.split("、"):
            items.append((pos, part))
            pos += len(part) + 1
        # 和/及 joining the last two items
        p_last, t_last = items[-1]
        j = max(t_last.find("和"), t_last.find("及"))
        if j >= 2 and len(t_last) - j - 1 >= 2:
            items[-1:] = [(p_last, t_last[:j]), (p_last + j + 1, t_last[j + 1:])]
        if m_ent:
            type_, rule, leading = "Enterprise", "enumeration.enterprise", bool(re.search(r"龙头|链主|头部|领军", m_ent.group()))
            group = "sector" if m_ent.group("sector") else "sector2"
            if m_ent.group(group) and m_ent.group(group) not in ("科技", "服务"):  # 等装备制造企业: their sector
                a = c_start + last + 1 + end_rel + m_ent.start(group)
                sector = Mention(m_ent.group(group), "Industry", a, a + len(m_ent.group(group)), "enumeration.firm_sector")
                if sector_name_ok(view, sector):
                    out.append(sector)
        elif m_sec or intro is not None or head.startswith(("为主导", "为重点", "为代表")):
            type_, rule, leading = "Industry", "enumeration.sector", False
            if m_sec and m_sec.group().endswith("产业链"):
                type_ = "IndustryChain"
            elif m_sec and m_sec.group().endswith("集群"):
                type_ = "IndustryCluster"
        else:
            continue
        category = _category_of(c_text[:first_start], m_sec.group() if m_sec else "", c_text)
        names, common_words = [], []  # firm items that read as names; items that are common words
        # 七大产业集群，包括某县纺织、某县制鞋: clusters named by their county, place and all
        if cluster_list and type_ == "Industry" and re.search(r"集群[，,]$", text[:c_start]):
            type_ = "IndustryCluster"
        places_lead = type_ == "IndustryCluster" and sum(
            bool(_strip_place(_clean_item(t)) != _clean_item(t)) for _, t in items) * 2 > len(items)
        for p, raw_item in items:
            item = _clean_item(raw_item)
            if type_ != "Enterprise" and not (type_ == "IndustryCluster" and places_lead):
                item = _strip_place(item)
            if not item:
                continue
            shift = raw_item.find(item)
            s = p + max(shift, 0)
            e = s + len(item)
            if not (2 <= len(item) <= 16) or any(ch in PUNCT for ch in item if ch not in "“”"):
                continue
            if any(v in item for v in _VERBS) or item in L.GENERIC_SECTOR_WORDS or item in L.GENERIC_NOUNS:
                continue
            if item in L.load_lexicon().by_name or L.word_tags().get(item, "n") in L.BAD_FIRST_TAGS:
                continue
            if type_ == "Enterprise" and re.search(r"\d", item):
                continue
            common = type_ == "Enterprise" and (L.word_tags().get(item) in L.COMMON_WORD_TAGS or all(
                L.word_tags().get(t) in L.COMMON_WORD_TAGS for t in L.tokenizer().lcut(item)))
            if type_ != "Enterprise" and not sector_name_ok(view, Mention(item, type_, s, e, rule)):
                continue
            item_tokens = L.tokenizer().lcut(item)
            tags = L.word_tags()
            if "的" in item or item_tokens[0] in _CLAUSE_VERBS or item_tokens[0].startswith(_VERBS):
                continue  # 业务合作, 加大正负极, 行业地位突出的创新: phrases, not names
            if tags.get(item_tokens[-1]) == "v" and item_tokens[-1] not in _NOMINAL_VERBS:
                if type_ != "Enterprise" or len(item) > 5:
                    continue  # 技术突破: a phrase
                common = True  # 某某达 beside other firm names: a firm whose name ends like a verb
            if L.word_tags().get(item_tokens[0]) in ("v", "vd", "d", "ad") and len(item_tokens) >= 3 \
                    or (L.word_tags().get(item_tokens[-1]) == "a" and len(item_tokens[-1]) == 1 and len(item_tokens) > 1):
                continue  # 具备核心竞争力, 经济效益好: predicates, not names
            if type_ == "Industry" and m_sec is None and not head.startswith(("为主导", "为重点", "为代表")) \
                    and intro is not None and not strong_intro \
                    and not item.endswith(SECTOR_HEADS) and not _SECTOR_HEAD.match(text[e:]):
                # a list after a plain verb: only items that look like sectors
                continue
            mention = Mention(item, type_, s, e, rule + (".leading" if leading else ""),
                              category=_modifier_category(text, s) or category)
            (common_words if common else names).append(mention)
        out += names
        if names and len(common_words) < len(names) + 1:
            # 甲、乙、白象等企业: beside names, a common word is a brand too; a list of common words
            # alone is not (国有、民营等企业, 物业服务企业)
            out += [m for m in common_words if m.text not in L.SCOPE_WORDS
                    and L.word_tags().get(m.text, "n") in ("n", "nz", "a", "an")]
    return out


def _firm_item_start(view: SentenceView, clause_start: int, end: int) -> int | None:
    """The start of a firm list's first item whose last word is no name word to jieba (某某希望:
    希望 is a verb): the tokens back to a verb, a function word or the clause start, 2–8 characters."""
    tags = L.word_tags()
    start = end
    i = view.token_ending_at(end)
    while i is not None and view.starts[i] >= clause_start and end - view.starts[i] <= 8:
        tok = view.tokens[i]
        if tok in L.STOP_WORDS or tok in _CLAUSE_VERBS or tok.startswith(_VERBS) or tok in ("现有", "已有", "共有") \
                or tags.get(tok) in ("p", "c", "u", "uj", "ul", "m", "r") or any(c in PUNCT for c in tok):
            break
        start = view.starts[i]
        i = view.token_ending_at(start)
    return start if end - start >= 2 else None


def _category_of(intro: str, head: str, clause: str) -> str:
    """The category a list's head word gives (等…战略性新兴产业), else its intro (传统优势产业如),
    else a category word elsewhere in the clause."""
    words = sorted(((w, c) for w, c in L.CATEGORY_WORDS.items() if c), key=lambda kv: -len(kv[0]))
    for text in (head, intro, clause):
        for word, cat in words:
            if word in text:
                return cat
    return ""


def _modifier_category(text: str, start: int) -> str:
    """传统纺织, 新兴光伏产业, 未来产业中的…: a category word right before the name."""
    m = re.search(r"(传统|新兴|未来)(?:的)?$", text[max(0, start - 3):start])
    return {"传统": "traditional", "新兴": "emerging", "未来": "future"}[m.group(1)] if m else ""


@recognizer("single_firm")
def single_firm(view: SentenceView) -> list[Mention]:
    """One firm before 等(头部/龙头)企业 or 为龙头 without a list: 引进某某科技等头部企业."""
    out = []
    for m in re.finditer(r"等(?:一批|多家)?(?:优势|骨干|重点|知名|大型)*(龙头|链主|头部|领军)企业|为(龙头|链主)", view.text):
        start = extend_left(view, m.start(), 12)
        if start is None:
            continue
        start = _trim_name_start(view, start, m.start())
        if start is None or "、" in view.text[start:m.start()]:
            continue
        name = view.text[start:m.start()]
        if len(name) < 2 or name in L.GENERIC_NOUNS or name in L.load_lexicon().by_name:
            continue
        out.append(Mention(name, "Enterprise", start, m.start(), "pattern.single_firm.leading"))
    return out


@recognizer("headline_issuer")
def headline_issuer(view: SentenceView) -> list[Mention]:
    """The issuer that opens a title line (河南省人民政府关于印发…的通知): kept inside the title."""
    if not _HEADLINE.match(view.text.strip()):
        return []
    m = re.match(r"^([\u4e00-\u9fff]{2,20}?(?:人民政府|办公厅|委员会|厅|局|部))关于", view.text)
    if not m:
        return []
    return [Mention(m.group(1), "Organization", 0, m.end(1), "pattern.headline_issuer")]


# ---------------------------------------------------------------- reports and plans named without 《》

# the annual work report of a government, a people's congress standing committee, a court; a party
# congress report (党的十九大报告)
_WORK_REPORT = re.compile(r"(?:政府|人大常委会|人民法院|人民检察院)工作报告|党的[一二三四五六七八九十]{2,4}大报告")
_ANNUAL_PLAN = re.compile(r"(?:19|20)\d{2}年国民经济和社会发展计划")
_ADOPTED_TITLE = re.compile(r"(?:出台|印发|制定|制订|实施|发布|出台了|印发了|制定了)"
                            r"([\u4e00-\u9fff“”、]{4,36}?(?:行动方案|实施方案|分工方案|工作方案|行动计划|若干措施|若干政策|"
                            r"实施意见|指导意见|实施细则))")
_GENERIC_TITLE_START = re.compile(r"^(?:的|各|本|该|此|相关|有关|配套|具体|一批|系列|一系列|专项|年度|工作|政策)")


def _place_before(text: str, end: int) -> int:
    """Where a place name ending at ``end`` starts (湖南省 before its government's report), else
    ``end``; a bare 省/市/县 (市 + 政府 + 工作报告) counts as the place."""
    lex = L.load_lexicon()
    for k in range(max(0, end - 8), end - 1):
        if text[k:end] in lex.by_name:
            return k
    return end - 1 if end > 0 and text[end - 1] in "省市县" else end


def _inside_brackets(text: str, start: int) -> bool:
    return text.rfind("《", 0, start) > text.rfind("》", 0, start)


@recognizer("report_titles")
def report_titles(view: SentenceView) -> list[Mention]:
    """Reports and annual plans a text names without 《》: a government's work report with its place
    (湖南省 + 政府 + 工作报告), 党的十九大报告, (某市)2020年国民经济和社会发展计划; and a programme the sentence says was adopted
    (出台/制定 …行动方案): the words before the kind of document are its title."""
    text, out = view.text, []
    for m in _WORK_REPORT.finditer(text):
        start = _place_before(text, m.start()) if not m.group().startswith("党") else m.start()
        if start < m.start() - 1 and text[m.start() - 1] not in "省市县区":
            continue  # 湖南 + 政府…: a report's title names its government in full (湖南省)
        if not _inside_brackets(text, start):
            out.append(Mention(text[start:m.end()], "PolicyDocument", start, m.end(), "pattern.report_title",
                               key=text[start:m.end()]))
    for m in _ANNUAL_PLAN.finditer(text):
        start = _place_before(text, m.start())
        start = start if start < m.start() and text[start] not in "省市县" else m.start()
        if not _inside_brackets(text, start):
            out.append(Mention(text[start:m.end()], "PolicyDocument", start, m.end(), "pattern.report_title",
                               key=text[start:m.end()]))
    for m in _ADOPTED_TITLE.finditer(text):
        title = m.group(1).strip("“”")
        if _GENERIC_TITLE_START.match(title) or len(title) < 8 or _inside_brackets(text, m.start(1)):
            continue
        out.append(Mention(title, "PolicyDocument", m.start(1), m.end(1), "pattern.adopted_title", key=title))
    return out


# ---------------------------------------------------------------- sectors named by what a place makes

_PRODUCTION_BASE = re.compile(r"([\u4e00-\u9fff]{2,16}?(?:加工)?)(?:生产|制造|研发生产)?基地")
_BASE_LEAD = re.compile(r"^.*?(?:最大|重要|领先|知名|主要|核心|唯一|首个|第一)的|^(?:打造|建设|建成|成为|形成|布局|"
                        r"是|为|有|拥有|国家级|省级|全国|全球|世界级|区域性|综合性|现代化)+")
_CHAIN_STAGES = re.compile(r"从([^，。；：从]{2,60}?)到([^，。；：、]{2,12}?)的(?:全|完整)?(?:产业链|链条)")


# 原料供应、研发设计到终端消费: stages of any chain, not sectors (生猪饲养、饲料生产 name what is made)
_STAGE_WORDS = re.compile(r"供应|研发|设计|消费|生产|制造|销售|应用|服务|加工|配送|采购|运营|推广|营销|利用|回收|开发")
_STAGE_OBJECTS = {"", "原料", "原材料", "终端", "产品", "市场", "前端", "后端", "上游", "下游", "技术", "材料"}


def _sector_item(view: SentenceView, start: int, end: int, rule: str) -> Mention | None:
    """A sector named by the words ``view.text[start:end]``, trimmed of a leading place and
    list words; None when what is left is not a name (too short, a generic word)."""
    item = _clean_item(view.text[start:end])
    item = _strip_place(item)
    if not 2 <= len(item) <= 10 or item in L.GENERIC_NOUNS or re.search(r"[的之其该本这]|(?:智能|数字|绿色|高端|先进|现代)$", item):
        return None
    s = view.text.find(item, start, end)
    return Mention(item, "Industry", s, s + len(item), rule) if s >= 0 else None


@recognizer("production_bases")
def production_bases(view: SentenceView) -> list[Mention]:
    """The product of a production base is a sector: 全球最大的人造金刚石生产基地 → 人造金刚石;
    and the stages of a chain 从A、B到C的全产业链 → A, B, C."""
    out = []
    for m in _PRODUCTION_BASE.finditer(view.text):
        if not re.search(r"(?:生产|制造|加工)基地$", m.group()):
            continue  # 产业基地, 示范基地: a zone or a title, not a product
        lead = _BASE_LEAD.match(m.group(1))
        start = m.start(1) + (lead.end() if lead else 0)
        start = max(start, max(view.text.rfind(c, 0, m.end(1)) for c in "，,、；;和及与") + 1)
        found = _sector_item(view, start, m.end(1), "pattern.production_base")
        if found is not None:
            out.append(found)
    for m in _CHAIN_STAGES.finditer(view.text):
        pos = m.start(1)
        for part in [*m.group(1).split("、"), None]:
            a, b = (pos, pos + len(part)) if part is not None else (m.start(2), m.end(2))
            found = _sector_item(view, a, b, "pattern.chain_stage")
            if found is not None and _STAGE_WORDS.sub("", found.text) not in _STAGE_OBJECTS:
                out.append(found)
            if part is not None:
                pos += len(part) + 1
    return out


# ---------------------------------------------------------------- media named in a byline

_MEDIA_END = r"(?:日报|晚报|早报|商报|时报|报|新闻网|网|新闻|通讯社|社|电视台|广播电视台|视频|频道|立方)"
_MEDIA_SOURCE = re.compile(r"来源[:：]\s*([\u4e00-\u9fff]{1,10}?" + _MEDIA_END + r"(?:[-·][\u4e00-\u9fff]{1,6}?(?:频道|视频))?)")
_MEDIA_BYLINE = re.compile(r"(?:^|(?<=[\s，。,；;：:）)】【·-]))([\u4e00-\u9fff]{2,8}?" + _MEDIA_END
                           + r"(?:[-·][\u4e00-\u9fff]{1,6}?(?:频道|视频))?)"
                           r"(?=\s*(?:讯|记者|[(（]记者|[\u4e00-\u9fff]{0,4}\d{1,2}月\d{1,2}日电))")


# a dateline: 某某日报·2025-09-27, 某某网-某某日报 2022-09-04
_MEDIA_DATED = re.compile(r"(?:^|(?<=[\s，。,；;）)]))([\u4e00-\u9fff]{2,8}?(?:日报|晚报|商报|时报|新闻网|网))"
                          r"(?=\s*[·-]\s*(?:(?:19|20)\d{2}[-./年]\d{1,2}|[\u4e00-\u9fff]{2,6}?(?:日报|网)))")
_MEDIA_CITED = re.compile(r"(?:据|《)([\u4e00-\u9fff]{2,6}?(?:日报|晚报|早报|商报|时报))(?=》|报道|消息|显示|刊发|刊登|头版|客户端)")


@recognizer("media")
def media(view: SentenceView) -> list[Mention]:
    """A newspaper, agency or site named as a text's source (来源：某某网), in a byline (某某日报讯,
    某某网记者, 某某社某地6月25日电) or cited (据某某日报报道, 《某某日报》): an Organization."""
    out, seen = [], set()
    for pattern in (_MEDIA_SOURCE, _MEDIA_BYLINE, _MEDIA_CITED, _MEDIA_DATED):
        for m in pattern.finditer(view.text):
            name = m.group(1)
            if m.start(1) in seen or name in ("本报", "本网") or len(name) < 3:
                continue
            seen.add(m.start(1))
            out.append(Mention(name, "Organization", m.start(1), m.end(1), "pattern.media"))
    return out


# ---------------------------------------------------------------- tidy a decided span

_LEADING_VERB = re.compile(r"(?:调整|推动|加快|发展|培育|建设|打造|推进|支持|鼓励|引导|促进|提升|做强|壮大|重抓|主攻|聚焦|"
                           r"布局|谋划|实施|围绕|依托|面向|加强|优化|拓展|延伸|突破|攻克|发挥|利用|重塑|书写|驱动|助推|带动|引领|振兴|赋能)+")
# a category or a generic word before 产业 is no name (ANNOTATION.md: 未来产业, 主导产业… are categories)
_CATEGORY_ONLY = (r"(?:新兴|未来|传统|主导|优势|特色|支柱|重点|前沿|当家|具体|相关|有关|各类|其他|这些|该|本|新|大)?"
                  r"(?:产业|行业|领域|集群|产业链|产业集群|经济|园区)")
_TIDY_TYPES = ("Industry", "IndustryChain", "IndustryCluster", "Region", "Zone", "Organization", "Enterprise")
# a kind of zone, not a zone: 示范区, 国家级经济技术开发区, 乡镇专业园区, a province's or city's 开发区
_GENERIC_ZONE = re.compile(r"(?:国家|国家级|省|省级|市级|乡镇)?(?:经济|经济技术|高新技术产业|高新技术|专业|循环经济|产业|"
                           r"先进制造业|现代服务业|特色)?"
                           r"(?:开发区|经开区|高新区|示范区|试验区|实验区|集聚区|产业集聚区|园区|产业园|产业园区|工业园区)")
_ZONE_LEAD = re.compile(r"(?:标志着|步入|走进|进入|位于|落户|入驻)|[^，。]{0,6}?(?:[一二三四]季度|上半年|下半年|前三季度)")


def tidy(m: Mention, text: str) -> Mention | None:
    """A decided span without what is not part of a name: a verb opening a sector, zone or region
    (调整中介服务业 → 中介服务业); a quotation the span cuts is made whole when its other half is
    near, else cut off (某某”区域… → “某某”区域…). None when nothing of a name is left."""
    if m.type not in _TIDY_TYPES or m.start < 0 or m.rule.startswith(("dict.", "nested", "reference")):
        return m
    if m.type == "Enterprise":  # （以下简称“某某”）: the quote's words are no part of the name
        lead = re.match(r"(?:以下)?简称[“\"]?", m.text)
        if lead and len(m.text) - lead.end() >= 2:
            a = m.start + lead.end()
            return Mention(text[a:m.end], m.type, a, m.end, m.rule, key=m.key, code=m.code, category=m.category,
                           entity=m.entity)
        return m
    if m.type == "Organization":
        return None if m.text in ("管委会", "政府", "人民政府", "党工委", "管理委员会") else m
    if m.type == "Region" and re.fullmatch(r"老区|地区|片区|区域", m.text):
        return None  # a word, no region's name
    if m.type == "Zone":
        lead = _ZONE_LEAD.match(m.text)
        if lead and len(m.text) - lead.end() >= 3:
            m = Mention(m.text[lead.end():], m.type, m.start + lead.end(), m.end, m.rule, key=m.key, code=m.code,
                        category=m.category, entity=m.entity)
        bare = m.text
        lex = L.load_lexicon()
        place = next((bare[:n] for n in range(min(len(bare) - 2, 6), 1, -1) if bare[:n] in lex.by_name), "")
        if _GENERIC_ZONE.fullmatch(bare[len(place):]) and (
                not place or all(d.level == "Province" for d in lex.by_name[place])):
            return None  # 示范区 alone, 某省开发区: a kind of zone; 某市高新区 is one zone
    if re.fullmatch(_CATEGORY_ONLY, m.text):
        return None
    if m.type == "Industry" and re.fullmatch(r"高新技术|高技术|新技术", m.text):
        return None  # 高新技术(企业): a kind of firm, no sector
    if m.type == "Industry" and m.text in L.GENERIC_NOUNS:
        return None  # 品牌, 应用: words, no sector
    start, end = m.start, m.end
    lead = _LEADING_VERB.match(text, start, end)
    if lead and end - lead.end() >= 2:
        start = lead.end()
    if m.type in ("Industry", "IndustryChain", "IndustryCluster") and text[start] == "省" \
            and end - start >= 5 and text[start + 1] not in "会级内外份域":
        start += 1  # 省某某产业链: the level word before a sector belongs to no name
    if m.type == "Industry":
        tail = re.search(r"(?:领域|研发生产|研发制造|生产研发)$", text[start:end])
        if tail and tail.start() >= 2:
            end = start + tail.start()  # 现代装备制造领域, 农用无人机研发生产: the sector before it
    span = text[start:end]
    close = span.find("”")
    if close >= 0 and "“" not in span[:close]:  # a closing quote without its opening one
        opening = text.rfind("“", max(0, start - 12), start)
        start = opening if opening >= 0 and "”" not in text[opening:start] else start + close + 1
    span = text[start:end]
    last_open = span.rfind("“")
    if last_open >= 0 and "”" not in span[last_open:]:  # an opening quote without its closing one
        end = start + last_open
    if (start, end) == (m.start, m.end):
        return m
    if end - start < 2 or text[start:end] in L.GENERIC_NOUNS or re.fullmatch(_CATEGORY_ONLY, text[start:end]):
        return None  # 发展产业: no name was there
    return Mention(text[start:end], m.type, start, end, m.rule, category=m.category, entity=m.entity)
