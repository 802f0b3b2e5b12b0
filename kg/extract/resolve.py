"""Resolve mentions to canonical entities: one entity per real thing across sentences and documents.

- Places resolve through the division data (郑州 and 郑州市 are one City, keyed by its code).
- Sector names drop a trailing 产业/行业 (工程机械产业 → 工程机械, with the long form an alias).
- A firm's short form (某某重工) joins its full form (某某重工集团) when the corpus names both.
- Zone abbreviations follow the usual rules (经济技术开发区 ↔ 经开区, 高新技术产业开发区 ↔ 高新区,
  自由贸易试验区 ↔ 自贸试验区, 国家自主创新示范区 ↔ 国家自创区).
- A name met with different classes takes the class most of its mentions give.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from kg.extract import lexicon as L
from kg.model import Entity, Mention
from kg.rdf.graph import entity_iri

SECTOR_TYPES = ("Industry", "IndustryChain", "IndustryCluster")
_FIRM_TAIL = re.compile(r"(?:科技|技术|实业|控股)?(?:集团)?(?:股份有限公司|有限责任公司|有限公司|集团公司|集团|公司|股份)$")
ZONE_ABBREVIATIONS = (
    ("经济技术开发区", "经开区"), ("高新技术产业开发区", "高新区"), ("自由贸易试验区", "自贸试验区"),
    ("自由贸易试验区", "自贸区"), ("国家自主创新示范区", "国家自创区"), ("电子商务综合试验区", "电商综试区"),
    ("经济综合实验区", "区"),
)


def sector_core(name: str) -> str:
    """工程机械产业 → 工程机械; 生产性服务业 stays; 产业链 and 集群 names stay whole."""
    for tail in ("产业", "行业"):
        # a two-character core (文化, 材料) stays with its suffix: alone it is too common a word
        if name.endswith(tail) and len(name) - len(tail) >= 3 and not name.endswith(("产业链", "产业集群")):
            return name[: -len(tail)]
    return name


def firm_short(name: str) -> str:
    short = _FIRM_TAIL.sub("", name)
    return short if len(short) >= 2 else name


def zone_aliases(name: str) -> set[str]:
    out = set()
    for full, short in ZONE_ABBREVIATIONS:
        if full in name and short != "区":
            out.add(name.replace(full, short))
    m = re.match(r"^(.{2,4}?)航空港经济综合实验区$", name)
    if m:
        out |= {m.group(1) + "航空港区", "航空港区"}
    return out


def sector_variant_key(name: str) -> str:
    """The form under which spellings of one sector meet: 与/和/及 alike, a trailing 工业/产业/行业 or
    业 dropped (陶瓷工业 ~ 陶瓷产业 ~ 陶瓷, 农机制造业 ~ 农机制造, 旅游服务业 ~ 旅游服务, 陶瓷和卫浴 ~ 陶瓷与卫浴). Chains (…产业链)
    and clusters (…集群) are other classes of the ontology and keep their names."""
    if name.endswith(("产业链", "集群", "链")):
        return name
    key = re.sub(r"[和及]", "与", name)
    if key.endswith(("工业", "产业", "行业")) and len(key) >= 4:
        key = key[:-2]
    elif key.endswith("业") and len(key) >= 3:  # 制造业 ~ 制造, 服务业 ~ 服务, 食品业 ~ 食品 (农业, 商业 stay)
        key = key[:-1]
    return key


def _sector_variants(types: dict[tuple[str, str], Counter]) -> dict[str, str]:
    """Sector name → the spelling its variants share: the one most mentions use (then the longest)."""
    groups: dict[str, list[str]] = defaultdict(list)
    for (group, name) in types:
        if group == "Sector":
            groups[sector_variant_key(name)].append(name)
    out = {}
    for names in groups.values():
        if len(names) > 1:
            best = max(sorted(names), key=lambda n: (sum(types[("Sector", n)].values()), len(n)))
            out.update({n: best for n in names if n != best})
    return out


class Resolver:
    """Collects mentions of a corpus, then assigns each an entity IRI."""

    def __init__(self) -> None:
        self.lex = L.load_lexicon()
        self.mentions: list[tuple[str, Mention]] = []  # (doc, mention)

    def add(self, doc: str, mentions: list[Mention]) -> None:
        self.mentions.extend((doc, m) for m in mentions)

    def _key(self, m: Mention) -> tuple[str, str]:
        """(class group, canonical name) of a mention before cross-mention merging."""
        if m.code:
            d = self.lex.divisions[m.code]
            return d.level, d.name
        if m.type in SECTOR_TYPES:
            if m.type == "Industry":  # 世界级陶瓷卫浴: the scale is not part of an industry's name
                return "Sector", sector_core(re.sub(r"^(?:世界级|国家级|万亿级|千亿级|百亿级)", "", m.name) or m.name)
            return "Sector", m.name
        if m.type == "Organization" and m.key:
            return "Organization", m.key
        return m.type, m.name

    def resolve(self) -> dict[str, Entity]:
        """Assign ``m.entity`` for every mention; return the entities by IRI."""
        types: dict[tuple[str, str], Counter] = defaultdict(Counter)
        for _, m in self.mentions:
            types[self._key(m)][m.type] += 2 if m.rule.startswith("dict") else 1
        # a firm's short form joins its full form
        firm_full = {}
        for (group, name) in types:
            if group == "Enterprise":
                short = firm_short(name)
                if short != name:
                    firm_full.setdefault(short, name)
        zone_full = {}
        for (group, name) in types:
            if group == "Zone":
                for a in zone_aliases(name):
                    zone_full.setdefault(a, name)
        for (group, name) in types:  # 河南郑州航空港经济综合实验区 is 郑州航空港经济综合实验区
            if group == "Zone":
                for n in range(2, min(5, len(name) - 4)):
                    known = ("Zone", name[n:]) in types or any(d.level == "Zone" for d in self.lex.by_name.get(name[n:], []))
                    if known and any(d.level == "Province" for d in self.lex.by_name.get(name[:n], [])):
                        zone_full.setdefault(name, name[n:])
        sector_name = _sector_variants(types)
        # 河南省政府 is 河南省人民政府: a government named without 人民 joins the full name when the corpus has it
        body_full = {name: name[:-2] + "人民政府" for (group, name) in types
                     if group == "Organization" and name.endswith("政府") and not name.endswith("人民政府")
                     and ("Organization", name[:-2] + "人民政府") in types}
        entities: dict[str, Entity] = {}
        for doc, m in self.mentions:
            group, name = self._key(m)
            if group == "Sector":
                name = sector_name.get(name, name)
            if group == "Enterprise" and name in firm_full:
                name = firm_full[name]
            if group == "Zone" and name in zone_full:
                name = zone_full[name]
            if group == "Organization" and name in body_full:
                name = body_full[name]
            if group == "Sector":
                type_ = (types[(group, name)].most_common(1) or [(m.type, 0)])[0][0]
                if type_ == "Industry" and name.endswith("产业链"):
                    type_ = "IndustryChain"
            else:
                type_ = group if group in ("Province", "City", "County", "Zone") and m.code else \
                    (types[(group, name)].most_common(1) or [(m.type, 0)])[0][0]
            iri = entity_iri(type_, name)
            e = entities.get(iri)
            if e is None:
                e = entities[iri] = Entity(iri=iri, type=type_, name=name, code=m.code)
                if m.code:
                    d = self.lex.divisions[m.code]
                    if len(d.short) >= 2 and d.level != "Zone":
                        e.aliases.add(d.short)
                if type_ == "Enterprise" and firm_short(name) != name:
                    e.aliases.add(firm_short(name))
                if type_ == "Zone":
                    e.aliases |= zone_aliases(name)
                if type_ in ("IndustryChain",) and name.endswith("产业链") and len(name) > 5:
                    e.aliases.add(name[:-3])
            if m.text != name:
                e.aliases.add(m.text)
            if type_ == "Industry" and m.text == name:
                pass
            e.docs.add(doc)
            if m.category and not e.category:
                e.category = m.category
            m.entity = iri
        for e in entities.values():
            e.aliases.discard(e.name)
        return entities
