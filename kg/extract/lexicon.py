"""Dictionaries the recognizers use, built from general resources and general Chinese patterns.

- Administrative divisions (``kg/data/divisions.tsv``, generated from JioNLP's data by
  ``scripts/make_divisions.py``): full names, short names, levels, parents, former names.
- Official names the division data lacks (``kg/data/division_aliases.tsv``: 济源示范区 is 济源市).
- Central state bodies (``kg/data/central_bodies.tsv``): the State Council's ministries and
  agencies with their usual abbreviations, a public list.
- Suffix and trigger words: how Chinese names zones, platforms, firms, organisations, regions,
  industries, chains and clusters. No entity of any document is listed here.
"""

from __future__ import annotations

import csv
import functools
import logging
import os
import tempfile
from dataclasses import dataclass, field
from math import log
from pathlib import Path

import ahocorasick


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    short: str
    level: str  # Province | City | County | Zone
    parent: str  # parent code, "" for provinces


@dataclass
class Lexicon:
    divisions: dict[str, Division] = field(default_factory=dict)  # by code
    by_name: dict[str, list[Division]] = field(default_factory=dict)  # full, short and former names
    bodies: dict[str, str] = field(default_factory=dict)  # any name -> canonical name
    zone_shorts: set[str] = field(default_factory=set)  # short names of zones in the division data (航空港)
    automaton: ahocorasick.Automaton | None = None  # division and body names

    def parent(self, d: Division) -> Division | None:
        return self.divisions.get(d.parent)


# ---------------------------------------------------------------- general patterns

# Suffixes that end the name of a thing of a class, longest first within a class.
ZONE_SUFFIXES = (
    "自由贸易试验区", "自贸试验区", "综合保税区", "经济综合实验区", "综合实验区", "综合试验区", "实验区",
    "试验区", "示范区", "开发区", "经开区", "高新区", "保税区", "综保区", "合作区", "产业集聚区", "集聚区", "集中区", "枢纽港", "创新港",
    "产业园区", "工业园区", "产业园", "科技园", "孵化园", "园区", "产业基地", "化工基地", "智慧岛",
    "科技城", "科学城", "医科城", "新城", "传感谷", "农谷", "片区", "新区", "特色小镇", "小镇", "管理区",
)
PLATFORM_SUFFIXES = (
    "重点实验室", "实验室", "制造业创新中心", "创新中心", "技术创新中心", "企业技术中心", "技术中心",
    "工程研究中心", "工程技术研究中心", "研发中心", "计算中心", "超算中心", "中试基地", "中试平台",
    "产业研究院", "技术研究院", "创新研究院", "通信枢纽", "数据中心",
)
ORG_SUFFIXES = (
    "人民政府", "政府", "管理委员会", "管委会", "委员会", "党工委", "领导小组", "办公室", "新闻办",
    "办公厅", "厅", "委", "局", "部", "署", "大学", "学院", "科学院", "社会科学院", "研究会", "协会",
    "学会", "商会", "联合会", "交易所", "规划院", "设计院", "研究所", "日报", "新闻网", "人民代表大会", "人大常委会", "海关", "医院",
)
ENTERPRISE_SUFFIXES = (
    "股份有限公司", "有限责任公司", "有限公司", "集团公司", "集团", "公司", "股份", "控股",
)
REGION_SUFFIXES = (
    "城市群", "都市圈", "经济圈", "经济区", "经济带", "城市带", "发展带", "科创带", "创新带", "示范带", "旅游带",
    "产业带", "智造带", "走廊", "流域", "大湾区", "三角洲", "地区", "革命老区", "平原",
)
CHAIN_SUFFIXES = ("产业链",)
CLUSTER_SUFFIXES = ("产业集群", "集群")
INDUSTRY_SUFFIXES = ("产业", "行业", "工业", "服务业", "制造业", "经济")

# Words that name a kind of industry, not an industry (ANNOTATION.md), with the category they give.
CATEGORY_WORDS = {
    "传统产业": "traditional", "传统优势产业": "traditional", "传统支柱产业": "traditional",
    "新兴产业": "emerging", "战略性新兴产业": "emerging", "新兴": "emerging",
    "未来产业": "future", "前沿领域": "future", "前沿产业": "future",
}
GENERIC_SECTOR_WORDS = {
    "产业", "行业", "工业", "经济", "新兴", "未来", "传统", "支柱", "主导", "优势", "特色", "重点", "相关",
    "战略性新兴", "传统优势", "新兴产业", "未来产业", "传统产业", "重点产业", "优势产业", "主导产业",
    "支柱产业", "特色产业", "相关产业", "配套产业", "上下游产业", "实体经济", "区域经济", "地方经济",
    "国民经济", "县域经济", "民营经济", "整体经济", "宏观经济", "新经济", "全省经济", "全市经济",
}

# Words that cannot be part of a name: verbs, function words and degree words met to the left
# of a suffix. A recognizer walking left from a suffix stops at them.
STOP_WORDS = set("""
的 了 在 和 与 及 或 是 为 以 将 把 对 等 由 从 向 到 于 被 让 使 其 该 此 这 那 各 每 并 且 也 还 又 都
要 应 须 需 可 能 会 已 正 仍 就 才 再 更 最 很 较 把 给 跟 同 按 据 通过 依托 围绕 支持 建设 打造 发展 推动
推进 加快 培育 壮大 构建 形成 建成 实施 落实 提升 做强 做大 做优 引进 吸引 入驻 落户 位于 设立 成立 获批
批复 出台 印发 发布 制定 出资 投资 牵头 主导 引领 带动 聚焦 布局 谋划 重点 大力 积极 着力 全力 加强 强化
深化 优化 完善 扩大 拓展 开展 组织 举办 召开 参与 参加 承担 联合 合作 依靠 利用 坚持 突出 聚集 集聚 汇聚
包括 包含 涵盖 拥有 具有 有 如 例如 比如 其中 以及 还有 分别 共 个 家 批 一批 一些 多个 若干 全省 全市 我省
我市 全国 国内 省内 市内 新一轮 当地 本地 各类 各地 强 优 好 做 有效 充分 切实 不断 努力 进一步 一是 二是 三是 四是 五是 六是 首先 其次 以上 以下 之一 年 月 日 地 区 市 省 县 国家级
省级 市级 一流 知名 重要 主要 首个 首家 成为 作为 属于 当前 目前 近年来 今年 明年 去年 以来 期间 时期
""".split())

TRIGGER_LEADING = ("龙头企业", "龙头", "链主企业", "链主", "头部企业", "领军企业", "骨干企业")


# Nouns that precede 产业/经济/行业 without naming a sector (产业基础, 领域产业, 城市经济 …).
GENERIC_NOUNS = set("""
领域 优势 政府 城市 潜力 国际 区域 地方 全省 全市 相关 基础 体系 发展 创新 结构 主体 方向 环境 政策 企业
集团 公司 项目 园区 平台 资源 要素 市场 资本 人才 技术创新 规模 能力 水平 质量 效益 动能 模式 形态 格局
载体 生态 链条 环节 配套 上下游 全 新 大 各类 各 多 其他 重点 主要 核心 关键 传统 新兴 未来 现代化 升级
短板 弱项 瓶颈 堵点 高校 科研院所 院所 高等院校 独角兽 骨干 瞪羚 小巨人 龙头 链主 头部 创新联合体 联合体 机构 单位 部门 营商环境
新型工业化 工业化 高新技术 新技术 高水平 战略性 亿级 万亿级 千亿级 百亿级 世界级
转型 数字化 智能化 绿色化 高端化 集群化 融合 协同 示范 试点 特色 支柱 主导 先导 战略 国家 世界 全国 全球
生活 品牌 应用 研发 生产能力 高科技 产品 工艺
""".split())
# Part-of-speech tags (jieba's dictionary) that cannot start a sector or firm name: verbs,
# adverbs, prepositions, conjunctions, particles, pronouns, numerals, time and direction words.
# Cores of cluster and chain names that name a category, not a cluster (先进制造业集群 in general).
GENERIC_CLUSTER_CORES = {"完整", "个别", "现有", "相关", "全", "先进制造业", "制造业", "产业", "现代化", "优势", "特色", "重点", "战略性新兴", "现代"}
# Words that name a scope, not a sector: 中国经济, 县域服务业, 国内外制造业.
SCOPE_WORDS = {"中国", "日本", "美国", "欧洲", "国内", "国外", "国内外", "国际", "全球", "世界", "南北", "东西", "国有", "民营",
               "非公", "中央", "地方", "区域", "县域", "城市", "城市群", "实体", "全省", "全市", "全国", "地区", "中心城区",
               "开发区", "沿黄", "省会", "当地", "本地", "城乡", "农村", "乡村", "都市圈", "大量", "不同", "季度", "丰富"}
COMMON_WORD_TAGS = {"b", "n", "vn", "v", "a", "an", "ad", "nt", "l", "i", "j", "d", "m", "q", "t", "f", "r"}
BAD_FIRST_TAGS = {"v", "d", "p", "c", "u", "uj", "ul", "uz", "ug", "uv", "ud", "r", "m", "mq", "q", "f", "t", "y",
                  "e", "o", "zg", "ad", "vd", "l", "i"}


@functools.lru_cache(maxsize=1)
def word_tags() -> dict[str, str]:
    """The part-of-speech tag of each word of jieba's dictionary (a lookup, not the slow tagger)."""
    import jieba

    tags = {}
    with open(os.path.join(os.path.dirname(jieba.__file__), "dict.txt"), encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) == 3:
                tags[parts[0]] = parts[2]
    return tags


def _data_file(name: str) -> str:
    return str(Path(__file__).resolve().parents[1] / "data" / name)


@functools.lru_cache(maxsize=1)
def load_lexicon() -> Lexicon:
    """The division and central-body dictionaries with one Aho-Corasick automaton over all names."""
    lex = Lexicon()
    with open(_data_file("divisions.tsv"), encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            d = Division(row["code"], row["name"], row["short"], row["level"], row["parent"])
            lex.divisions[d.code] = d
            names = {d.name} | {n for n in row["former_names"].split("|") if n}
            # short names: provinces, cities, counties and county-level cities (巩义, 兰考); a city
            # district goes by its full name (中原区: 中原 alone is the Central Plains)
            if d.level in ("Province", "City") or (d.level == "County" and not d.name.endswith("区")):
                if len(d.short) >= 2:
                    names.add(d.short)
            elif d.level == "Zone" and len(d.short) >= 2:
                lex.zone_shorts.add(d.short)
            for n in names:
                lex.by_name.setdefault(n, []).append(d)
    with open(_data_file("division_aliases.tsv"), encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):  # official names the JioNLP data lacks
            for n in row["aliases"].split("|"):
                lex.by_name.setdefault(n, []).append(lex.divisions[row["code"]])
    with open(_data_file("central_bodies.tsv"), encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t"):
            for n in [row["name"], *row["aliases"].split("|")]:
                if n:
                    lex.bodies[n] = row["name"]
    auto = ahocorasick.Automaton()
    for n in sorted(set(lex.by_name) | set(lex.bodies)):
        auto.add_word(n, n)
    auto.make_automaton()
    lex.automaton = auto
    return lex


_UNSEEN = object()  # best_ends: an entry not looked up yet


@functools.lru_cache(maxsize=1)
def _fast_tokenizer_class() -> type:
    """``jieba.Tokenizer`` with its inner loops written for speed: the word graph of a sentence
    (``get_DAG``) and its most probable route (``calc``), and, for ``lcut`` in the default mode,
    both in one backward pass (``best_ends``) with the words gathered in one list. Same graph,
    same route, the same floating-point operations in the same order, so the same tokens as
    jieba's own (tests/test_extract_speed_equivalence.py)."""
    import jieba
    from jieba import finalseg, re_han_default, re_skip_default, strdecode

    class FastTokenizer(jieba.Tokenizer):
        def get_DAG(self, sentence: str) -> dict[int, list[int]]:  # noqa: N802 (jieba's name)
            """For each start k, the ends i of the dictionary words sentence[k:i + 1] (or [k])."""
            self.check_initialized()
            freq = self.FREQ
            n = len(sentence)
            dag = {}
            for k in range(n):
                ends = []
                i = k
                frag = sentence[k]
                while frag in freq:  # every prefix of a word is in FREQ (with 0 if not a word)
                    if freq[frag]:
                        ends.append(i)
                    i += 1
                    if i >= n:
                        break
                    frag = sentence[k:i + 1]
                dag[k] = ends or [k]
            return dag

        def calc(self, sentence: str, DAG: dict[int, list[int]], route: dict) -> None:  # noqa: N803
            """route[k] = (best log probability from k on, end of the first word), as jieba's
            ``max`` over (score, end) tuples; a word's log(freq) - log(total) is kept per word."""
            scores = self._scores_now()
            freq_get = self.FREQ.get
            logtotal = log(self.total)
            n = len(sentence)
            route[n] = (0, 0)
            for idx in range(n - 1, -1, -1):
                best = None
                for x in DAG[idx]:
                    word = sentence[idx:x + 1]
                    score = scores.get(word)
                    if score is None:
                        score = scores[word] = log(freq_get(word) or 1) - logtotal
                    candidate = (score + route[x + 1][0], x)
                    if best is None or candidate > best:
                        best = candidate
                route[idx] = best

        def _scores_now(self) -> dict[str, float]:
            """log(freq or 1) - log(total) per word met, emptied when the dictionary's total changes."""
            if getattr(self, "_scores_total", None) != self.total:
                self._scores_total = self.total
                self._scores = {}
            return self._scores

        def best_ends(self, sentence: str) -> list[int]:
            """For each start k, the end of the first word of the most probable route from k:
            ``route[k][1]`` of :meth:`calc` over :meth:`get_DAG`'s graph, in one backward pass
            without building either (the same sums, and ties to the longer word as jieba's
            ``max`` over (score, end) tuples)."""
            self.check_initialized()
            known = self._known_now()
            known_get, freq_get = known.get, self.FREQ.get
            logtotal = log(self.total)
            n = len(sentence)
            best = [0.0] * (n + 1)
            ends = [0] * (n + 1)
            for k in range(n - 1, -1, -1):
                top, top_end = None, k
                i, frag = k, sentence[k]
                while True:  # every prefix of a word is in FREQ (with 0 if not a word)
                    score = known_get(frag, _UNSEEN)
                    if score is _UNSEEN:
                        freq = freq_get(frag)
                        if freq is None:
                            break
                        score = known[frag] = log(freq) - logtotal if freq else None
                    if score is not None:
                        score += best[i + 1]
                        if top is None or score >= top:  # ends grow: a tie goes to the longer word
                            top, top_end = score, i
                    i += 1
                    if i >= n:
                        break
                    frag = sentence[k:i + 1]
                if top is None:  # no word starts here: the character alone
                    word = sentence[k]
                    top = log(freq_get(word) or 1) - logtotal + best[k + 1]
                best[k], ends[k] = top, top_end
            return ends

        def _known_now(self) -> dict[str, float | None]:
            """Dictionary entries met so far: a word's log(freq) - log(total), None for a prefix
            that is not a word; emptied when the dictionary's total changes."""
            if getattr(self, "_known_total", None) != self.total:
                self._known_total = self.total
                self._known = {}
            return self._known

        def _Tokenizer__cut_DAG(self, sentence: str) -> list[str]:  # noqa: N802 (jieba's private name)
            """jieba's ``__cut_DAG`` over :meth:`best_ends`: the same words, runs of single
            characters the dictionary does not know given to the HMM."""
            ends = self.best_ends(sentence)
            freq_get = self.FREQ.get
            out: list[str] = []
            x, n, buf = 0, len(sentence), ""
            while x < n:
                y = ends[x] + 1
                if y - x == 1:
                    buf += sentence[x]
                else:
                    if buf:
                        if len(buf) == 1:
                            out.append(buf)
                        elif not freq_get(buf):
                            out.extend(finalseg.cut(buf))
                        else:
                            out.extend(buf)
                        buf = ""
                    out.append(sentence[x:y])
                x = y
            if buf:
                if len(buf) == 1:
                    out.append(buf)
                elif not freq_get(buf):
                    out.extend(finalseg.cut(buf))
                else:
                    out.extend(buf)
            return out

        def lcut(self, sentence, cut_all: bool = False, HMM: bool = True, use_paddle: bool = False) -> list[str]:  # noqa: N803
            """jieba's ``lcut`` in its default mode (exact, with the HMM) as one list built in
            place rather than a chain of generators; other modes are jieba's own."""
            if cut_all or not HMM or use_paddle:
                return super().lcut(sentence, cut_all=cut_all, HMM=HMM, use_paddle=use_paddle)
            out: list[str] = []
            for block in re_han_default.split(strdecode(sentence)):
                if not block:
                    continue
                if re_han_default.match(block):
                    out += self._Tokenizer__cut_DAG(block)
                    continue
                for piece in re_skip_default.split(block):
                    if re_skip_default.match(piece):
                        out.append(piece)
                    else:
                        out.extend(piece)  # one token per character, as jieba
            return out

    return FastTokenizer


@functools.lru_cache(maxsize=1)
def tokenizer():
    """jieba, initialized once, its cache kept in a private folder, with the division and body
    names and the suffix words as user words so that they come out as tokens."""
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tok = _fast_tokenizer_class()()
    tok.tmp_dir = os.path.join(tempfile.gettempdir(), "kg-jieba")
    os.makedirs(tok.tmp_dir, exist_ok=True)
    tok.initialize()
    lex = load_lexicon()
    for n in lex.by_name:
        if len(n) >= 2:
            tok.add_word(n, freq=2000)
    for n in lex.bodies:
        tok.add_word(n, freq=2000)
    for w in (*ZONE_SUFFIXES, *PLATFORM_SUFFIXES, *REGION_SUFFIXES, *CHAIN_SUFFIXES, *CLUSTER_SUFFIXES):
        tok.add_word(w, freq=5000)
    for w in TRIGGER_LEADING:
        tok.add_word(w, freq=5000)
    return tok
