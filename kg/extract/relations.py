"""Read the contract's relations from a sentence's resolved mentions and trigger words.

Each rule is a function ``(SentenceContext) -> list[(subject, predicate, object, rule, confidence)]``
registered in ``RULES``; the pipeline keeps only triples the ontology's domains and ranges admit.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from kg.extract.lexicon import load_lexicon
from kg.model import Mention

PLACES = ("Province", "City", "County", "Region", "Zone")
SECTORS = ("Industry", "IndustryChain", "IndustryCluster")
Triple = tuple[Mention, str, Mention, str, float]


@dataclass
class SentenceContext:
    text: str
    mentions: list[Mention]
    topic: Mention | None = None  # the place the sentence is about when it names none (全省 → 河南省)
    extra: dict = field(default_factory=dict)

    def of(self, *types: str) -> list[Mention]:
        """Mentions of these classes, leaving out places nested in a zone's name."""
        return [m for m in self.mentions if m.type in types and not m.rule.startswith("nested")]

    def between(self, a: Mention, b: Mention) -> str:
        lo, hi = (a, b) if a.start < b.start else (b, a)
        return self.text[lo.end:hi.start]


Rule = Callable[[SentenceContext], list[Triple]]
RULES: dict[str, Rule] = {}


def rule(name: str) -> Callable[[Rule], Rule]:
    def register(fn: Rule) -> Rule:
        RULES[name] = fn
        return fn
    return register


_CLAUSE_BREAK = re.compile(r"[；;。！？]")
_DEVELOP = re.compile(r"发展|打造|建设|布局|培育|壮大|形成|集聚|聚集|拥有|做强|做优|做大|聚焦|推动|加快|突破|"
                      r"引进|构建|谋划|创建|建成|承接|延伸|拉长|重点|主导|优势|特色|支柱|获批|入选|列为|纳入|围绕|瞄准|深耕|主攻|重抓|抢占")


def _same_clause(ctx: SentenceContext, a: Mention, b: Mention) -> bool:
    return not _CLAUSE_BREAK.search(ctx.between(a, b))


@rule("leading_enterprise")
def leading_enterprise(ctx: SentenceContext) -> list[Triple]:
    """Firms presented as 龙头/链主/头部 firms lead the sectors of their clause (依托A、B等龙头企业
    发展X; 以A为龙头，拉长X产业链，打造Y集群; X…集聚了A、B等优势龙头企业)."""
    out = []
    # 以A、B为氧化铝龙头: the sector named between 为 and 龙头 is the one they lead
    for m in re.finditer(r"为([^，,；;。为以]{1,12}?)(?:龙头|链主|领军)", ctx.text):
        inner = [s for s in ctx.of(*SECTORS) if m.start(1) <= s.start and s.end <= m.end(1)]
        if not inner:
            continue
        pos = m.start()
        for f in sorted((f for f in ctx.of("Enterprise") if f.end <= pos), key=lambda f: -f.end):
            if not re.fullmatch(r"(?:公司|集团)?[、和及与]?", ctx.text[f.end:pos]):
                break
            out.append((inner[-1], "leadingEnterprise", f, "trigger.leads_named_sector", 0.8))
            pos = f.start
    firms = [m for m in ctx.of("Enterprise")
             if m.rule.endswith(".leading") or re.match(r"^(?:公司|集团)?为龙头", ctx.text[m.end:m.end + 6])
             or re.search(r"(?:龙头企业|链主企业|链主|头部企业|领军企业)$", ctx.text[max(0, m.start - 6):m.start])]
    if not firms:
        return out
    sectors = ctx.of(*SECTORS)
    listed = [s for s in sectors if s.rule.startswith("enumeration")]
    if len(listed) < len(sectors):  # a list of sub-sectors (涵盖A、B等领域) is not what the firms lead
        sectors = [s for s in sectors if s not in listed or s.rule.endswith(".leading")]
    for f in firms:
        after = [s for s in sectors if s.start > f.end and _same_clause(ctx, f, s)]
        before = [s for s in sectors if s.end <= f.start and _same_clause(ctx, s, f)]
        targets = after or before[-1:]
        if not targets and before == [] and sectors:
            targets = [max((s for s in sectors if s.end <= f.start), key=lambda s: s.end, default=sectors[0])]
        for s in targets:
            out.append((s, "leadingEnterprise", f, "trigger.leading", 0.8))
    return out


@rule("in_industry")
def in_industry(ctx: SentenceContext) -> list[Triple]:
    """A firm named right before or after a sector in an 'X企业' / 'X是…Y企业' pattern works in it."""
    out = []
    for f in ctx.of("Enterprise"):
        if f.rule.endswith(".leading"):
            continue
        for s in ctx.of(*SECTORS):
            gap = ctx.between(f, s)
            if s.end <= f.start and re.fullmatch(r"(?:领域|行业|产业)?(?:的)?(?:企业|公司)?", gap):
                out.append((f, "inIndustry", s, "pattern.sector_firm", 0.6))
            elif f.end <= s.start and re.fullmatch(r"(?:是|为|作为)?(?:一家|国内|全国|全球)?(?:知名|重要|领先)?的?", gap) \
                    and re.match(r"(?:企业|公司|领域)", ctx.text[s.end:s.end + 2]):
                out.append((f, "inIndustry", s, "pattern.firm_is_sector_firm", 0.6))
            elif f.end == s.start and re.match(r"(?:生产|制造|研发|加工)?(?:基地|项目|生产线|工厂)", ctx.text[s.end:s.end + 6]):
                out.append((f, "inIndustry", s, "pattern.firm_product_project", 0.6))  # 某集团原料药生产基地项目
            elif f.end <= s.start and _same_clause(ctx, f, s) and re.fullmatch(
                    r"(?:[^，,；;。]{0,6}?)(?:研发生产|研发制造|生产|制造|主营|专注于|从事|深耕)(?:的)?", gap):
                out.append((f, "inIndustry", s, "trigger.firm_makes", 0.6))  # 某公司研发生产X
    # A、B、C等X企业/项目: each firm of the list works in X
    for s in ctx.of(*SECTORS):
        if s.start == 0 or ctx.text[s.start - 1] != "等" or not re.match(
                r"(?:生产加工及服务|生产加工|生产|加工|制造)?(?:企业|项目|公司)", ctx.text[s.end:s.end + 8]):
            continue
        pos = s.start - 1
        for f in sorted((m for m in ctx.of("Enterprise") if m.end <= pos), key=lambda m: -m.end):
            if not re.fullmatch(r"(?:[、和及与][^、，,。；;：:]{1,8}?)*[、和及与]?", ctx.text[f.end:pos]):
                break  # items the recognizers did not take may stand between two firms of the list
            out.append((f, "inIndustry", s, "pattern.firm_list_sector", 0.6))
            pos = f.start
    return out


@rule("develops")
def develops(ctx: SentenceContext) -> list[Triple]:
    """A place or zone develops the sectors of its clause that follow a development verb.

    The subject is the place group nearest before the sector that opens a clause (郑州、开封、
    新乡等地重点发展X: each of them), else the place that opens the sentence, else the topic."""
    out = []
    sectors = ctx.of(*SECTORS)
    if not sectors:
        return out
    groups = place_groups(ctx)
    parts = {(x.start, x.end) for m in re.finditer(r"涵盖|包括|包含", ctx.text) for x in sectors if x.start > m.end()}
    parts |= set(_list_heads(ctx))  # 发展A、B等生产性服务业: the place develops the broader one
    for s in sectors:
        if (s.start, s.end) in parts:
            continue  # the parts of a sector listed after 涵盖/包括 belong to it, not to the place
        prior = [g for g in groups if g[-1].end <= s.start and _same_clause_or_topic(ctx, g[0], s)]
        opening = [g for g in prior if _opens_clause(ctx, g[0])]
        chosen = opening[-1] if opening else (prior[-1] if prior else None)
        if not chosen:
            continue
        p = chosen[-1]
        gap = ctx.text[p.end:s.start] if p in ctx.mentions else ctx.text[:s.start]
        if _DEVELOP.search(gap) or re.fullmatch(r"的?", gap) or re.search(r"形成了?以", gap):
            for place in chosen:
                out.append((place, "develops", s, "trigger.develops", 0.7))
    return out


def _starts_with_any_place(name: str) -> bool:
    from kg.extract.lexicon import load_lexicon

    lex = load_lexicon()
    return any(name[:n] in lex.by_name for n in range(2, min(len(name), 6) + 1))


def _same_clause_or_topic(ctx: SentenceContext, p: Mention, s: Mention) -> bool:
    if p not in ctx.mentions:
        return True
    gap = ctx.between(p, s)
    if re.search(r"[。！？]", gap):
        return False
    # across a semicolon only when the place opens the sentence (its subject)
    return not re.search(r"[；;]", gap) or p is ctx.mentions[0]


def place_groups(ctx: SentenceContext) -> list[list[Mention]]:
    """Places in runs joined by 、/和/及/与 (郑州、开封、新乡), each run a group."""
    groups: list[list[Mention]] = []
    for m in ctx.of(*PLACES):
        if groups and groups[-1][-1].end == m.start and groups[-1][-1].code and m.code:
            groups[-1][-1] = m  # 河南省周口市郸城县: the chain names its last, most specific place
            continue
        if groups and m in ctx.mentions and groups[-1][-1] in ctx.mentions \
                and re.fullmatch(r"[、和及与]|以及", ctx.text[groups[-1][-1].end:m.start]):
            groups[-1].append(m)
        else:
            groups.append([m])
    return groups


def _opens_clause(ctx: SentenceContext, m: Mention) -> bool:
    if m not in ctx.mentions:
        return True
    before = ctx.text[:m.start].rstrip()
    return not before or before[-1] in "，,；;：:" or re.search(r"(?:^|[，,；;])(?:在|其中|同时|此外|目前|近年来|未来)$", before) \
        is not None


@rule("located_in")
def located_in(ctx: SentenceContext) -> list[Triple]:
    """位于/落户/入驻/坐落于/设在 a place; 'A、B等企业入驻' the zone of the sentence; and a place
    written right before its parent-level container (河南省郑州市 → 郑州市 locatedIn 河南省)."""
    out = []
    places = ctx.of(*PLACES)
    things = ctx.of("Enterprise", "Zone", "InnovationPlatform", "Organization", "IndustryCluster")
    for t in things:
        for p in places:
            if p is t:
                continue
            gap = ctx.between(t, p)
            if t.end <= p.start and re.fullmatch(r"(?:位于|落户|入驻|坐落于|坐落在|设在|地处|扎根|落地)(?:在|于)?", gap):
                out.append((t, "locatedIn", p, "trigger.located", 0.8))
            elif p.end <= t.start and re.fullmatch(r"(?:落户|入驻|落地)?", ctx.text[t.end:t.end + 2][:0] + "") \
                    and re.match(r"(?:落户|入驻|落地)", ctx.text[t.end:t.end + 3]) and _same_clause(ctx, p, t):
                out.append((t, "locatedIn", p, "trigger.settled_in", 0.7))
    # firms a place or zone brings in or hosts (实验区吸引了A、B等企业入驻; 我省引进了A; 集聚了A、B)
    hosts = [m for m in ctx.of(*PLACES) if _opens_clause(ctx, m)] or \
        ([ctx.topic] if ctx.topic and re.search(r"我省|全省|本省", ctx.text) else [])
    verb = re.search(r"入驻|落户|引进|集聚了|聚集了|吸引了|吸引|培育了|拥有|现有", ctx.text)
    if verb:
        # a zone named before the verb in its clause hosts what follows it (以某产业园为载体，吸引了A、B)
        zones = [z for z in ctx.of("Zone") if z.end <= verb.start()
                 and not re.search(r"[。；;]", ctx.text[z.end:verb.start()])]
        hosts = zones[-1:] or hosts
    if hosts and verb:
        for f in ctx.of("Enterprise", "InnovationPlatform"):
            host = [h for h in hosts if h not in ctx.mentions or h.end <= f.start]
            if host:
                out.append((f, "locatedIn", host[-1], "trigger.hosts", 0.6))
    # a firm written right after its county or city: 某县某某鞋业, 某区某某集团
    for p in ctx.of("County", "City"):
        for f in ctx.of("Enterprise"):
            if f.start == p.end and not f.text.startswith(p.text):
                out.append((f, "locatedIn", p, "pattern.place_before_firm", 0.7))
    # zones a place builds: 某县…建设占地千亩的陶瓷卫浴产业园 → the park is in that county
    opening = [m for m in ctx.of("County", "City") if _opens_clause(ctx, m)]
    if opening:
        for z in ctx.of("Zone"):
            gap = ctx.text[opening[0].end:z.start]
            if z.start > opening[0].end and re.search(r"(?:规划)?(?:建设|建成|打造|设立|布局)[^，,；;。]{0,16}$", gap) \
                    and not _starts_with_any_place(z.text):
                out.append((z, "locatedIn", opening[0], "trigger.builds_zone", 0.6))
    # a region or zone that includes places: 南部智造带包括经开区、航空港区、新郑市
    for whole in ctx.of("Region", "Zone"):
        if re.match(r"[”\"]?(?:主要)?(?:包括|包含|涵盖)", ctx.text[whole.end:whole.end + 5]):
            for part in ctx.of("County", "City", "Zone"):
                if part.start > whole.end and _same_clause(ctx, whole, part):
                    out.append((part, "locatedIn", whole, "trigger.includes", 0.6))
    # administrative containment written out: 河南省郑州市, 郑州市巩义市
    admin = [m for m in ctx.of("Province", "City", "County") if m.code]
    for a, b in zip(admin, admin[1:], strict=False):
        if a.end == b.start and ctx.extra.get("parent_of", {}).get(b.entity) == a.entity:
            out.append((b, "locatedIn", a, "dict.admin_containment", 0.9))
    return out


def _code(ctx: SentenceContext, m: Mention) -> str:
    """The division code of a place mention; 全省/我省 stand for the topic province's."""
    if m.code:
        return m.code
    return ctx.topic.code if m.rule == "reference.province" and ctx.topic is not None else ""


def within(outer: str, inner: str) -> bool:
    """True when the division of code ``inner`` lies inside the one of code ``outer``
    (410000 ⊃ 411300 ⊃ 411328), read off the codes' province and city digits."""
    if not outer or not inner or outer == inner or len(outer) != 6 or len(inner) != 6:
        return False
    if outer.endswith("0000"):
        return inner[:2] == outer[:2]
    if outer.endswith("00"):
        return inner[:4] == outer[:4]
    return False


_LIST_FILLER = re.compile(r"(?:全境|全域|境内|等地|[、和及与]|以及)*")
_GOVERNS = re.compile(r"(?<![省市县])(?:下辖|管辖|所辖|辖)(?![市区县])")
_LIES_IN = re.compile(r"位于|地处|坐落于|坐落在|处于")
_MEMBER_OF = re.compile(r"(?:的)?(?:重要|核心|中心|主要|节点|区域性?|副中心|重点)*(?:城市|组成部分|成员城市|成员)")


def _masked_gap(ctx: SentenceContext, a: Mention, b: Mention, kinds: tuple[str, ...]) -> str:
    """The text between a and b with the mentions of ``kinds`` inside it left out."""
    pieces, pos = [], a.end
    for m in sorted(ctx.of(*kinds), key=lambda m: m.start):
        if m.start >= pos and m.end <= b.start:
            pieces.append(ctx.text[pos:m.start])
            pos = m.end
    pieces.append(ctx.text[pos:b.start])
    return "".join(pieces)


@rule("place_containment")
def place_containment(ctx: SentenceContext) -> list[Triple]:
    """Places the sentence puts inside other places, checked against the division codes:
    a list under its container (我省信阳市、驻马店市和南阳市桐柏县、唐河县), what a place governs
    (漯河辖临颍、舞阳两县…及市城乡一体化示范区), 位于/地处 (许昌地处河南中部；苏州市地处华东地区、
    江苏东南部) and membership (许昌…是中原城市群、郑州都市圈核心城市之一)."""
    out: list[Triple] = []
    text = ctx.text
    coded = [m for m in ctx.of("Province", "City", "County") if m.start >= 0 and _code(ctx, m)]
    # a place listed under its container: the nearest place before it that contains it, with only
    # places and list marks between
    for i, b in enumerate(coded):
        for a in reversed(coded[:i]):
            if not _LIST_FILLER.fullmatch(_masked_gap(ctx, a, b, PLACES)):
                break
            if within(_code(ctx, a), _code(ctx, b)):
                out.append((b, "locatedIn", a, "dict.listed_under", 0.8))
                break
    # X辖A、B两县和C、D三区及E示范区: what X governs, up to the end of the clause
    for g in _GOVERNS.finditer(text):
        before = [m for m in coded if m.end <= g.start() and not re.search(r"[。；;]", text[m.end:g.start()])]
        near = [m for m in before if not re.search(r"[，,]", text[m.end:g.start()])]
        container = near[-1] if near else (before[0] if before and before[0].start == 0 else None)
        if container is None:
            continue
        stop = re.compile(r"[。；;]").search(text, g.end())
        end = stop.start() if stop else len(text)
        for m in ctx.of("City", "County", "Zone"):
            if g.end() <= m.start < end and (m.type == "Zone" or within(_code(ctx, container), _code(ctx, m))):
                out.append((m, "locatedIn", container, "trigger.governs", 0.7))
    # X位于/地处 Y(方位)、Z(方位): each of Y, Z contains X
    places = sorted((m for m in ctx.of(*PLACES) if m.start >= 0), key=lambda m: m.start)
    for v in _LIES_IN.finditer(text):
        subj = next((m for m in places if m.end == v.start() and m.type in ("City", "County", "Zone", "Province")), None)
        if subj is None:
            continue
        stop = re.compile(r"[，,。；;：:]").search(text, v.end())
        end = stop.start() if stop else len(text)
        prev_end = -1
        for m in places:
            if not v.end() <= m.start < end:
                continue
            if m.start != prev_end and (m.type == "Region" or within(_code(ctx, m), _code(ctx, subj))
                                        or (subj.type == "Zone" and m.type in ("Province", "City", "County"))):
                out.append((subj, "locatedIn", m, "trigger.lies_in", 0.8))
            prev_end = m.end  # 长三角中部: a place right after another is its side, not a second place
    # X…是Y、Z(的)核心城市之一 / 重要组成部分: X, opening the sentence, belongs to the regions
    if places and places[0].start == 0 and places[0].type in ("City", "County"):
        subj = places[0]
        for is_ in re.finditer(r"是", text):
            run, pos = [], is_.end()
            for m in places:
                if m.start < pos:
                    continue
                if m.type != "Region" or not re.fullmatch(r"(?:[、和与及]|以及)?" if run else "", text[pos:m.start]):
                    break
                run.append(m)
                pos = m.end
            if run and _MEMBER_OF.match(text, pos) and not re.search(r"[。；;]", text[subj.end:is_.start()]):
                out += [(subj, "locatedIn", m, "trigger.member_of", 0.7) for m in run]
    return out


def _list_heads(ctx: SentenceContext) -> dict[int, Mention]:
    """Items of a sector list closed by 等 and a sector (现代物流、法律咨询等生产性服务业) → that sector."""
    out: dict[tuple[int, int], Mention] = {}  # an item's span → the sector closing its list
    sectors = ctx.of(*SECTORS)
    for head in sectors:
        if ctx.text[max(0, head.start - 1):head.start] != "等":
            continue
        run = [s for s in sectors if s.end <= head.start - 1]
        items: list[Mention] = []
        pos = head.start - 1
        for s in reversed(run):
            if s.end == pos and (not items or ctx.text[s.end:items[-1].start] in ("、", "和", "及", "与")) or \
                    (items and s.end < items[-1].start and ctx.text[s.end:items[-1].start] in ("、", "和", "及", "与")):
                items.append(s)
                pos = s.start
            elif items:
                break
        for s in items:
            out[(s.start, s.end)] = head
    return out


@rule("list_parts")
def list_parts(ctx: SentenceContext) -> list[Triple]:
    """A list of sectors closed by 等 and a broader sector: each item is part of it."""
    heads = _list_heads(ctx)
    return [(s, "partOf", heads[(s.start, s.end)], "pattern.list_head", 0.7) for s in ctx.of(*SECTORS)
            if (s.start, s.end) in heads]


@rule("sector_topic_parts")
def sector_topic_parts(ctx: SentenceContext) -> list[Triple]:
    """在X产业方面/领域，…A、B、C等…: the sectors listed under a sector named as the sentence's
    topic are parts of it."""
    m = re.match(r"(?:在|就|从)?", ctx.text)
    sectors = ctx.of(*SECTORS)
    topic = next((t for t in sectors if t.start == m.end() and re.match(r"(?:产业)?(?:方面|领域)[，,]", ctx.text[t.end:])), None)
    if topic is None:
        return []
    listed = [s for s in sectors if s.start > topic.end and ("、" in ctx.text[max(0, s.start - 1):s.end + 1])]
    return [(s, "partOf", topic, "pattern.sector_topic", 0.6) for s in listed if s.entity != topic.entity]


@rule("zone_place")
def zone_place(ctx: SentenceContext) -> list[Triple]:
    """A zone is located in the place it is named after (许昌经济技术开发区 → 许昌市) or, for a
    zone of the division data, its parent city; a sector named after a place is developed there;
    and 位于X的Y: the firm or zone Y is in X."""
    out = []
    for n in ctx.mentions:
        if n.rule in ("nested.zone_place", "nested.zone_parent"):
            zone = next((z for z in ctx.mentions if z.type == "Zone" and z.start == n.start and z is not n), None)
            if zone is not None:
                out.append((zone, "locatedIn", n, "dict." + n.rule.split(".")[1], 0.8))
                # 某市8个园区入选：某县经济技术开发区…: the city the sentence names holds the county
                for p in ctx.of("City"):
                    if not p.rule.startswith("nested") and within(_code(ctx, p), n.code):
                        out.append((zone, "locatedIn", p, "dict.zone_place_within", 0.7))
        elif n.rule == "nested.title_issuer":  # 国务院关于…的批复: the body the title opens with issued it
            title = next((t for t in ctx.mentions if t.type == "PolicyDocument" and t.start == n.start), None)
            if title is not None:
                out.append((title, "issuedBy", n, "pattern.title_issuer", 0.9))
        elif n.rule == "nested.sector_place":  # 某某市轴承产业集群: the place named develops it
            sector = next((z for z in ctx.mentions if z.type in SECTORS and z.start == n.start and z is not n), None)
            if sector is not None:
                out.append((n, "develops", sector, "dict.sector_place", 0.8))
    # a zone named after a county by its short name (某县短名经济技术开发区), in a sentence naming the
    # county's city: the zone is in that city
    cities = [p for p in ctx.of("City") if not p.rule.startswith("nested") and _code(ctx, p)]
    if cities:
        lex = load_lexicon()
        for z in ctx.of("Zone"):
            counties = [d for k in (2, 3) for d in lex.by_name.get(z.text[:k], []) if d.level == "County"]
            for p in cities:
                if any(within(_code(ctx, p), d.code) for d in counties):
                    out.append((z, "locatedIn", p, "dict.zone_county_city", 0.7))
    for m in re.finditer(r"位于", ctx.text):
        after = [x for x in ctx.mentions if x.start >= m.end() and not x.rule.startswith("nested")]
        if len(after) >= 3 and re.fullmatch(r"[（(]", ctx.text[after[0].end:after[1].start]):
            after = [after[0], *after[2:]]  # 位于X(高新区)的Y: the bracket renames X
        if len(after) >= 2 and after[0].type in PLACES and after[1].type in ("Enterprise", "Zone", "InnovationPlatform") \
                and re.fullmatch(r"(?:[（(][^（）()]{1,12}[）)])?的", ctx.text[after[0].end:after[1].start]):
            out.append((after[1], "locatedIn", after[0], "trigger.located_attr", 0.8))
    return out


@rule("part_of")
def part_of(ctx: SentenceContext) -> list[Triple]:
    """'X集群包括A、B…等产业链', 'X…形成涵盖A、B等领域的全产业链' (X opening the sentence),
    '以A、B为主导的X集群', 'X产业链中的Y': the listed chains or sub-industries belong to X."""
    out = []
    sectors = ctx.of(*SECTORS)
    for m in re.finditer(r"(?:主要)?(?:包括|包含|涵盖|涉及)", ctx.text):
        wholes = [s for s in sectors if s.end <= m.start() and _same_clause(ctx, s, s)]
        near = [s for s in wholes if not re.search(r"[，,；;。]", ctx.text[s.end:m.start()])]
        whole = near[-1] if near else (sectors[0] if sectors and sectors[0].start <= 8 and sectors[0].end <= m.start()
                                       else None)
        if whole is None:
            continue
        nxt = re.search(r"[；;。]", ctx.text[m.end():])
        stop = m.end() + nxt.start() if nxt else len(ctx.text)
        for part in sectors:
            if m.end() <= part.start < stop and part.entity != whole.entity:
                out.append((part, "partOf", whole, "trigger.includes", 0.7))
    # 形成了以A、B为主导的X产业集群: A and B are parts of X
    for m in re.finditer(r"以([^，,；;。]{2,40}?)为(?:主导|主体|核心|重点|支撑|引领)的?", ctx.text):
        whole = next((w for w in sectors if w.start == m.end()), None)
        if whole is None:
            continue
        for part in sectors:
            if m.start(1) <= part.start and part.end <= m.end(1) and part.entity != whole.entity:
                out.append((part, "partOf", whole, "pattern.led_by_part", 0.7))
    for whole in sectors:
        if re.match(r"(?:中的|领域的|内的)", ctx.text[whole.end:whole.end + 3]):
            nxt = [s for s in sectors if s.start >= whole.end and s.start - whole.end <= 3]
            for part in nxt[:1]:
                out.append((part, "partOf", whole, "pattern.within", 0.6))
    return out


@rule("policy")
def policy(ctx: SentenceContext) -> list[Triple]:
    """Issuers (X印发/出台/发布《P》, X关于…的通知) and supported sectors and places of a policy."""
    out = []
    pols = ctx.of("PolicyDocument")
    if not pols:
        return out
    issuers = ctx.of("Organization", "Province", "City", "County")
    for p in pols:
        for i in issuers:
            # X先后出台了《A》《B》、《C》: each title of the run is X's
            between = re.sub(r"《[^《》]*》[、和及与]?", "", ctx.text[i.end:p.start]).strip("，, ")
            if i.end <= p.start and _same_clause(ctx, i, p) and re.fullmatch(
                    r"(?:正式|先后|近日|日前|相继|陆续)?(?:印发|出台|发布|制定|颁布|下发|公布|推出)(?:实施|了)?(?:关于)?",
                    between):
                out.append((p, "issuedBy", i, "trigger.issued", 0.8))
            elif i.type == "Organization" and i.end <= p.start and re.fullmatch(r"(?:的|印发的|出台的)?《?", ctx.text[i.end:p.start]):
                out.append((p, "issuedBy", i, "pattern.body_title", 0.7))  # 按照市政府《关于…的通知》
        if p.rule == "pattern.headline_title":
            m = re.match(r"^(.+?)关于", p.text)
            if m:
                for i in issuers:
                    if i.start == p.start:
                        out.append((p, "issuedBy", i, "pattern.headline_issuer", 0.9))
        far = [i for i in issuers if i.end <= p.start and i.type == "Organization"
               and re.search(r"出台|印发|发布", ctx.text[i.end:p.start]) and not re.search(r"[。；;]", ctx.text[i.end:p.start])]
        if far:  # the body nearest the verb issues it (省委省政府高度重视…，省政府印发《P》: 省政府)
            verb = max(x.start() for x in re.finditer(r"出台|印发|发布", ctx.text[:p.start]))
            before_verb = [i for i in far if i.end <= verb]
            if before_verb:
                out.append((p, "issuedBy", before_verb[-1], "trigger.issued_far", 0.6))
        # what the policy supports: the sectors, zones and regions of the first clause after its
        # title that has a support verb (《P》提出…; 在《P》中，将A、B列为…方向)
        pos = p.end
        for clause in re.split(r"(?<=[，,；;。])", ctx.text[p.end:]):
            lo, hi = pos, pos + len(clause)
            pos = hi
            if re.search(r"支持|推动|促进|扶持|发展|培育|提出|明确|列为|聚焦|围绕|布局|打造|保障|加快|纳入|方向|做强|壮大", clause):
                named = [s for s in ctx.of(*SECTORS, "Zone", "Region") if lo <= s.start < hi]
                for s in named:
                    out.append((p, "supports", s, "trigger.supports", 0.6))
                if named or not re.fullmatch(r"[^，,；;。]{0,6}[，,]", clause):
                    break  # 《P》提出，做强X: a bare 提出， hands over to the next clause
            if clause.endswith("。"):
                break
        for s in ctx.of(*SECTORS):
            if s.start > p.start and s.end <= p.end:
                out.append((p, "supports", s, "pattern.title_names_sector", 0.5))
    return out
