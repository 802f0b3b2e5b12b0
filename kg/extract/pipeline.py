"""The extractor: documents → sentences → mentions → entities → relations, observations, policies.

Stages run in order over the whole corpus:

1. ``split``       sentences of each document (kg.ingest.split);
2. ``recognize``   mentions of each sentence (kg.extract.mentions);
3. ``learn``       names the corpus defined once (某某重工集团, 工程机械产业) are found again where
                   they stand alone (某某重工, 工程机械), three characters or more;
4. ``resolve``     canonical entities (kg.extract.resolve), then references such as 全省/我省 and
                   实验区/该区 to the entity they stand for;
5. ``relations``, ``observations``, ``policies``: facts with their evidence.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable

import ahocorasick

from kg.extract import mentions as M
from kg.extract.document import DocumentReading, read_document
from kg.extract.features import PairSentence
from kg.extract.observations import read_observations
from kg.extract.relations import RULES, SentenceContext, within
from kg.extract.resolve import Resolver, firm_short, sector_core, zone_aliases
from kg.extract.train import PLACE_TYPES, candidate_pairs, rule_hits, with_context
from kg.model import Document, Evidence, Extraction, Mention, Observation, PolicyFact, Relation, Sentence
from kg.schema import load_schema

Progress = Callable[[str], None]
_LEARNABLE = ("Enterprise", "Industry", "IndustryChain", "IndustryCluster", "Zone", "InnovationPlatform", "Region")
_PROVINCE_REF = re.compile(r"全省|我省|本省|省内")
_ZONE_REF = re.compile(r"(?:(?<=^)|(?<=[，。；：,;:、“（(●])|(?<=\d年))(?:该区|本区|(?:工业|产业|科技)?园区|实验区|示范区|开发区|经开区|高新区|"
                       r"(?:产业)?集聚区)(?![\u4e00-\u9fff]{0,1}(?:管委会|党工委))")
_BULLET = "●•▪◆■◇○-—"
SECTOR_TYPES = ("Industry", "IndustryChain", "IndustryCluster")
_CITY_REF = re.compile(r"全市|我市|本市|该市")


def _learned_automaton(found: dict[tuple[str, int], list[Mention]]) -> ahocorasick.Automaton | None:
    """Names recognized by a pattern somewhere in the corpus, and their short forms, as a dictionary."""
    names: dict[str, Counter] = {}
    for ms in found.values():
        for m in ms:
            if m.type not in _LEARNABLE or m.rule.startswith("dict"):
                continue
            forms = {m.text}
            if m.type == "Zone":
                forms |= zone_aliases(m.text)
            if m.type == "Enterprise":
                forms.add(firm_short(m.text))
            if m.type == "Industry":
                forms.add(sector_core(m.text))
            for f in forms:
                if len(f) >= 3:  # two-character short forms (数字, 服务) stand alone too often
                    names.setdefault(f, Counter())[m.type] += 1
    if not names:
        return None
    auto = ahocorasick.Automaton()
    for name, types in sorted(names.items()):
        auto.add_word(name, (name, types.most_common(1)[0][0]))
    auto.make_automaton()
    return auto


def _learned_mentions(text: str, view: M.SentenceView, auto: ahocorasick.Automaton) -> list[Mention]:
    out = []
    for end, (name, type_) in auto.iter(text):
        start = end - len(name) + 1
        left_ok = start in view._start_set
        right_ok = (end + 1) in view._end_set or (end + 1 < len(text) and text[end + 1] in M.PUNCT)
        if left_ok and right_ok:
            out.append(Mention(name, type_, start, end + 1, "learned.corpus_name"))
    return out


def extract(documents: list[Document], progress: Progress | None = None, model=None,
            readings: list[DocumentReading] | None = None) -> Extraction:
    """Run every stage over ``documents`` and return what they read.

    ``readings`` are the per-document stage's results (:func:`kg.extract.document.read_document`),
    one per document in the same order, when they were computed elsewhere (worker processes, a
    cache, a Dask cluster); without them they are computed here, serially."""
    say = progress or (lambda _msg: None)
    ex = Extraction(documents=documents)
    if readings is None:
        readings = []
        for n, d in enumerate(documents, 1):
            readings.append(read_document(d, model))
            say(f"recognized mentions in {n}/{len(documents)} documents")
    found: dict[tuple[str, int], list[Mention]] = {}
    views: dict[tuple[str, int], M.SentenceView] = {}
    for r in readings:
        ex.sentences[r.doc] = r.sentences
        for s in r.sentences:
            views[(r.doc, s.index)] = r.view(s.index)
            found[(r.doc, s.index)] = r.mentions[s.index]
    _name_local_governments(documents, ex, found)
    _join_issuer_lines(documents, ex, found)
    # learn names and find them again where they stand alone
    auto = _learned_automaton(found)
    resolver = Resolver()
    for d in documents:
        for s in ex.sentences[d.name]:
            key = (d.name, s.index)
            ms = found[key]
            if auto is not None:
                ms = ms + _learned_mentions(s.text, views[key], auto)
            found[key] = M.select([t for t in (M.tidy(m, s.text) for m in ms) if t is not None])
            found[key].extend(names_within(found[key]))
            resolver.add(d.name, found[key])
    ex.entities = resolver.resolve()
    say(f"resolved {len(ex.entities)} entities")
    schema = load_schema()
    first_mention: dict[tuple[str, str], Evidence] = {}
    parent_of = _parents(ex)
    for d in documents:
        province = _document_province(found, d.name, ex)
        zones = _document_zones(found, d.name, ex)
        last_zone: Mention | None = None
        last_city: Mention | None = None
        last_place: Mention | None = None  # the place or zone the last sentence naming one named
        heading: tuple[int, Mention | None, bool] | None = None  # (year, subject, target) of a dated heading
        carry = YearCarry()
        named_after: set[tuple[str, str]] = set()  # (zone, place) pairs read off a zone's name
        topic_place = _document_city(found, d.name, ex, province) or province
        for s in ex.sentences[d.name]:
            ms = found[(d.name, s.index)]
            for m in ms:
                first_mention.setdefault((m.entity, d.name), _evidence(s, m.start, m.end, m.rule, 1.0))
            refs = _references(s.text, ms, province, last_zone, last_city or _as_city(topic_place), zones)
            ctx_mentions = sorted(ms + refs, key=lambda m: m.start)
            topic = province if province is not None else None
            ctx = SentenceContext(s.text, ctx_mentions, topic=topic, extra={"parent_of": parent_of})
            seen = set()
            relations = _sentence_relations(ctx, ex, model, views[(d.name, s.index)], last_place)
            places = [m for m in ctx_mentions if m.entity in ex.entities and not m.rule.startswith("nested")
                      and ex.entities[m.entity].type in PLACE_TYPES]
            if places:
                last_place = places[-1]
            for subj, pred, obj, rule_name, conf in relations:
                if subj.entity == obj.entity or not subj.entity or not obj.entity:
                    continue
                st, ot = ex.entities[subj.entity].type, ex.entities[obj.entity].type
                if not schema.allowed(pred, st, ot) or (subj.entity, pred, obj.entity) in seen:
                    continue
                seen.add((subj.entity, pred, obj.entity))
                if obj.rule.startswith("nested"):  # read off the zone's name: said once, where first named
                    if (subj.entity, obj.entity) in named_after:
                        continue
                    named_after.add((subj.entity, obj.entity))
                lo, hi = max(0, min(subj.start, obj.start)), max(subj.end, obj.end)
                ex.relations.append(Relation(subj.entity, pred, obj.entity, _evidence(s, lo, hi, rule_name, conf)))
                for m in (subj, obj):
                    ex.entities[m.entity].docs.add(d.name)
                    first_mention.setdefault((m.entity, d.name), _evidence(s, m.start, m.end, "reference", 0.8))
            plain = [m for m in ctx_mentions if not m.rule.startswith("nested")]
            # a dated heading (2020年工业园区答卷, 2023年主要预期目标) dates the bullet and numbered
            # lines under it
            year_match = re.search(r"((?:19|20)\d{2})\s*年", s.text)
            item_line = s.text[:1] in _BULLET or YearCarry.ITEM.match(s.text) is not None
            if len(s.text) <= 25 and year_match and s.text[-1] not in "。！？!?；;":
                subj = next((m for m in plain if ex.entities[m.entity].type in ("Zone", "City", "County", "Province")), None)
                heading = (int(year_match.group(1)), subj, bool(re.search(r"目标|预期|计划", s.text)))
            elif not item_line and not re.fullmatch(r"[（(〔].*[）)〕]", s.text):
                heading = None  # a bracketed note under an item (its responsible units) keeps the heading
            under = heading if heading and item_line else None
            carried = carry.year_for(s.text)
            for ob in read_observations(s.text, plain, (under[1] or topic_place) if under else topic_place,
                                        default_year=under[0] if under else carried[0],
                                        default_target=under[2] if under else carried[1]):
                if ob.subject is None or not ob.subject.entity:
                    continue
                ex.entities[ob.subject.entity].docs.add(d.name)
                first_mention.setdefault((ob.subject.entity, d.name),
                                         _evidence(s, ob.subject.start, ob.subject.end, "reference", 0.8))
                ex.observations.append(Observation(ob.subject.entity, ob.metric, ob.value, ob.unit, ob.year,
                                                   ob.kind, _evidence(s, ob.start, ob.end, "pattern.quantity", 0.7)))
            for m in ms:
                if ex.entities[m.entity].type == "Zone":
                    last_zone = m
                elif ex.entities[m.entity].type == "City" and not ex.entities[m.entity].name.endswith("区") \
                        and (province is None or within(ex.entities[province.entity].code, ex.entities[m.entity].code)):
                    # 全市 is a city of the document's province, never a municipality's district
                    # (西城区 is a City in the division data)
                    last_city = m
        _policy_facts(ex, d, found)
    ex.first_mentions = first_mention
    say(f"read {len(ex.relations)} relations, {len(ex.observations)} observations, {len(ex.policies)} policy facts")
    return ex


def _sentence_relations(ctx: SentenceContext, ex: Extraction, model, view: M.SentenceView,
                        previous: Mention | None) -> list[tuple[Mention, str, Mention, str, float]]:
    """The relations a sentence states: the relation model's pairs when a model is loaded (the
    rules' proposals are among its features; ``previous``, the place an earlier sentence named,
    is a candidate end too), else what the rules propose."""
    if model is None or model.relation_model is None:
        return [t for rule_fn in RULES.values() for t in rule_fn(ctx)]
    hits = rule_hits(ctx) if model.rule_features else {}
    mentions = with_context(ctx.mentions, previous)
    typed = [Mention(m.text, ex.entities[m.entity].type if m.entity in ex.entities else m.type, m.start, m.end,
                     m.rule, entity=m.entity) for m in mentions]
    pairs = list(candidate_pairs(typed, lambda m: m.type))
    sentence = PairSentence.of(ctx.text, view.tokens, typed)
    feats = [sentence.features(typed[i], typed[j],
                               hits.get((typed[i].start, typed[i].end, typed[j].start, typed[j].end), []))
             for i, j in pairs]
    out = []
    for (i, j), probs in zip(pairs, model.pair_probabilities(feats), strict=True):
        x, y = mentions[i], mentions[j]
        proposed = [h for h in hits.get((x.start, x.end, y.start, y.end), []) if ":" not in h]
        # a pair a rule proposed is kept unless the model finds it unlikely; any other pair needs
        # the model's confidence
        for pred in sorted(set(proposed)):
            if probs.get(pred, 0.0) >= model.rule_threshold:
                out.append((x, pred, y, "learned.rule_kept", round(probs.get(pred, 0.0), 3)))
        if not proposed and probs:
            pred = max(sorted(probs), key=lambda k: probs[k])
            if pred != "none" and probs[pred] >= model.relation_threshold:
                out.append((x, pred, y, "learned.relation", round(probs[pred], 3)))
    return out


def names_within(ms: list[Mention]) -> list[Mention]:
    """The place a zone is named after or belongs to, as a mention nested in the zone's name:
    许昌经济技术开发区 → 许昌市; a zone of the division data → its parent city; and the place a
    sector or a body is named after (:func:`_sector_place`, :func:`_body_place`); the body a title
    opens with (:func:`_title_issuer`)."""
    from kg.extract.lexicon import load_lexicon

    lex = load_lexicon()
    out = []
    for m in ms:
        if m.type in ("Industry", "IndustryChain", "IndustryCluster"):
            out += _sector_place(m, lex)
            if m.type == "IndustryChain":
                out += [Mention(m.text[a:b], "Industry", m.start + a, m.start + b, "nested.chain_link")
                        for a, b in M.chain_links(m.text)]
            continue
        if m.type == "Organization":
            out += _body_place(m, lex)
            continue
        if m.type == "PolicyDocument":
            out += _title_issuer(m)
            continue
        if m.type != "Zone":
            continue
        if m.code and lex.divisions[m.code].parent:
            parent = lex.divisions[lex.divisions[m.code].parent]
            out.append(Mention(parent.short or parent.name, parent.level, m.start, m.start, "nested.zone_parent",
                               key=parent.name, code=parent.code))
            continue
        found = _leading_division(m.text, lex, 8, 2, lambda d, name: d.level in ("Province", "City")
                                  or (d.level == "County" and d.name == name))
        if found:
            n, d = found
            out.append(Mention(m.text[:n], d.level, m.start, m.start + n, "nested.zone_place", key=d.name, code=d.code))
    return out


def _leading_division(name: str, lex, longest: int, shortest: int, accept) -> tuple[int, object] | None:
    """The longest division name (at most ``longest`` characters, at least ``shortest``, leaving two
    characters after it) that ``name`` opens with and ``accept(division, prefix)`` admits, with its
    length; a Henan division first where the name is ambiguous, then the lowest code."""
    for n in range(min(len(name) - 2, longest), shortest - 1, -1):
        options = [d for d in lex.by_name.get(name[:n], []) if accept(d, name[:n])]
        if options:
            return n, sorted(options, key=lambda d: (not d.code.startswith("41"), d.code))[0]
    return None


_ZONE_WORD = re.compile(r"经开区|高新区|开发区|新区|港区|航空港|示范区|园区|片区|自贸区|综保区")


def _sector_place(m: Mention, lex) -> list[Mention]:
    """The city or province a sector is named after (某某市轴承产业集群 → 某某市), as a nested
    mention; not when the name goes on with a zone's (某某经开区轴承产业集群 is the zone's)."""
    found = _leading_division(m.text, lex, 6, 2, lambda d, _name: d.level in ("Province", "City"))
    if found is None or _ZONE_WORD.match(m.text, found[0]):
        return []
    n, d = found
    return [Mention(m.text[:n], d.level, m.start, m.start + n, "nested.sector_place", key=d.name, code=d.code)]


_TITLE_ISSUER = re.compile(r"^((?:中共)?[\u4e00-\u9fff]{0,16}?(?:国务院|人民政府办公厅|人民政府办公室|人民政府|政府办公厅|政府办公室|"
                           r"政府|办公厅|办公室|委员会|[省市县区]委|厅|局|部|委))关于")


def _title_issuer(m: Mention) -> list[Mention]:
    """The body a title opens with (国务院关于…的批复, 中共某某市委关于…的建议), as a nested
    Organization mention: the title's issuer."""
    issuer = _TITLE_ISSUER.match(m.text)
    if issuer is None or len(issuer.group(1)) < 2:
        return []
    return [Mention(issuer.group(1), "Organization", m.start, m.start + len(issuer.group(1)), "nested.title_issuer")]


def _body_place(m: Mention, lex) -> list[Mention]:
    """The province, city or county a body is named after (某某市人民政府办公室 → 某某市), as a
    nested mention: a notice its government issues is about that place even when it names the
    place nowhere else."""
    found = _leading_division(m.text, lex, 7, 3, lambda d, name: d.name == name)
    if found is None:
        return []
    n, d = found
    return [Mention(m.text[:n], d.level, m.start, m.start + n, "nested.body_place", key=d.name, code=d.code)]


_ISSUER_LINE = re.compile(r"^[\u4e00-\u9fff]{2,20}(?:人民政府|办公厅|办公室|委员会|厅|局|部)$")


def _join_issuer_lines(documents: list[Document], ex: Extraction, found) -> None:
    """A notice whose issuer stands on the line above its 关于…的通知 line is titled with both
    (某某市人民政府 / 关于…的通知 → 某某市人民政府关于…的通知); the issuer line's body issues it."""
    for d in documents:
        sentences = ex.sentences[d.name]
        for s in sentences[1:]:
            prev = sentences[s.index - 1]
            if not _ISSUER_LINE.match(prev.text):
                continue
            for m in found[(d.name, s.index)]:
                if m.rule == "pattern.headline_title" and m.text.startswith("关于"):
                    m.key = prev.text + m.text
                    body = next((o for o in found[(d.name, prev.index)] if o.type == "Organization"), None)
                    if body is not None:
                        ex.issuer_lines[(d.name, s.index)] = (body, prev)


def _name_local_governments(documents: list[Document], ex: Extraction, found) -> None:
    """省政府/省委/市政府/市委 name the government of the document's province or city:
    in a document about Henan, 省政府 is 河南省人民政府 and 省委 is 中共河南省委."""
    from kg.extract.lexicon import load_lexicon

    lex = load_lexicon()
    for d in documents:
        counts: dict[str, Counter] = {"Province": Counter(), "City": Counter()}
        for s in ex.sentences[d.name]:
            for m in found[(d.name, s.index)]:
                if m.code and m.type in counts:
                    counts[m.type][m.code] += 1
        names = {}
        for level, prefix in (("Province", "省"), ("City", "市")):
            if counts[level]:
                full = lex.divisions[counts[level].most_common(1)[0][0]].name
                names[prefix + "政府"] = names[prefix + "人民政府"] = full + "人民政府"
                names[prefix + "委"] = "中共" + full.removesuffix("市") + ("市委" if level == "City" else "委")
        for s in ex.sentences[d.name]:
            for m in found[(d.name, s.index)]:
                if m.type == "Organization" and m.text in names:
                    m.key = names[m.text]


def _evidence(s: Sentence, start: int, end: int, rule: str, confidence: float) -> Evidence:
    return Evidence(doc=s.doc, sentence=s.index, text=s.text, start=s.start + start, end=s.start + end,
                    rule=rule, confidence=confidence)


def _named_counts(found, doc: str, ex: Extraction, types: tuple[str, ...]) -> tuple[Counter, dict[str, Mention]]:
    """How often the document names each entity of ``types``, and its first mention of each."""
    counts: Counter = Counter()
    sample: dict[str, Mention] = {}
    for s in ex.sentences[doc]:  # this document's sentences only, in order (not the whole corpus)
        for m in found[(doc, s.index)]:
            if m.entity and ex.entities[m.entity].type in types:
                counts[m.entity] += 1
                sample.setdefault(m.entity, m)
    return counts, sample


def _document_province(found, doc: str, ex: Extraction) -> Mention | None:
    """The province a document is about: the one it names most often."""
    counts, sample = _named_counts(found, doc, ex, ("Province",))
    if not counts:
        return None
    iri = counts.most_common(1)[0][0]
    return Mention(sample[iri].text, "Province", -1, -1, "reference.document_province", entity=iri)


def _document_city(found, doc: str, ex: Extraction, province: Mention | None) -> Mention | None:
    """The city a document is about (a city's work report): the city it names most often, when it
    names that city more often than its province and either speaks of itself as 我市/全市, names
    no province at all, or names provinces the city is not in (a text on 芜湖 that compares it with
    重庆 and 上海)."""
    counts, sample = _named_counts(found, doc, ex, ("City", "Province"))
    if not counts:
        return None
    iri, n = counts.most_common(1)[0]
    if ex.entities[iri].type != "City" or (province is not None and counts[province.entity] >= n):
        return None
    if province is not None and within(ex.entities[province.entity].code, ex.entities[iri].code) \
            and not any(_CITY_REF.search(s.text) for s in ex.sentences[doc]):
        return None
    return Mention(sample[iri].text, "City", -1, -1, "reference.document_city", entity=iri)


def _as_city(topic: Mention | None) -> Mention | None:
    return topic if topic is not None and topic.type == "City" else None


class YearCarry:
    """The year a sentence without one inherits: 这一年/当年 take the year the sentence before
    named last; item N of a numbered list (1. … 2. …) takes the year of item N−1, and its target
    kind when that item stood under 目标."""

    _SAME_YEAR = re.compile(r"这一年|当年|同年|是年|这年")
    ITEM = re.compile(r"^\s*[(（]?(\d{1,2})[.．、)）](?!\d)")

    def __init__(self) -> None:
        self.last_year: int | None = None
        self.item: tuple[int, int, bool] | None = None  # (number, year, target) of the last list item

    def year_for(self, text: str) -> tuple[int | None, bool]:
        years = [int(y) for y in re.findall(r"((?:19|20)\d{2})\s*年(?!代)", text)]
        item = None
        for m in re.finditer(r"(\d{1,2})[.．、)）](?=[\u4e00-\u9fff])", text):
            item = int(m.group(1))
        out: tuple[int | None, bool] = (None, False)
        if not years:
            own = self.ITEM.match(text)
            if own and self.item and int(own.group(1)) == self.item[0] + 1:
                out = (self.item[1], self.item[2])
            elif self._SAME_YEAR.search(text) and self.last_year:
                out = (self.last_year, False)
        year = years[-1] if years else out[0]
        if item is not None and year is not None:
            target = bool(re.search(r"目标|力争|预期", text)) if years else out[1]
            self.item = (item, year, target)
        elif not self.ITEM.match(text):
            self.item = None
        if years:
            self.last_year = years[-1]
        return out


def _prefer_named(text: str, zones, last_zone):
    m = _ZONE_REF.search(text)
    if m:
        same = [z for z in zones if z.rsplit("/", 1)[-1].endswith(m.group())]
        if same and same[0] != last_zone.entity:
            return Mention(last_zone.text, "Zone", -1, -1, "reference.zone", entity=same[0])
    return last_zone


def _document_zones(found, doc: str, ex: Extraction) -> list[str]:
    """The zones a document names, most named first."""
    counts: Counter = Counter()
    for s in ex.sentences[doc]:  # this document's sentences only, in order (not the whole corpus)
        counts.update(m.entity for m in found[(doc, s.index)] if m.entity and ex.entities[m.entity].type == "Zone")
    return [iri for iri, _ in counts.most_common()]


def _references(text: str, ms: list[Mention], province, last_zone, last_city, zones=()) -> list[Mention]:
    """全省/我省 → the document's province; a bare zone word (该区, 实验区, 工业园区) → the zone of the
    document whose name ends with that word, else the zone last named; 全市 → the city."""
    taken = [(m.start, m.end) for m in ms]

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    out = []
    if zones and last_zone is not None:  # 工业园区 is the document's 某某工业园区 even after another zone
        last_zone = _prefer_named(text, zones, last_zone)
    for pattern, ref, type_ in ((_PROVINCE_REF, province, "Province"), (_ZONE_REF, last_zone, "Zone"),
                                (_CITY_REF, last_city, "City")):
        if ref is None:
            continue
        for m in pattern.finditer(text):
            if free(m.start(), m.end()):
                out.append(Mention(m.group(), type_, m.start(), m.end(), "reference." + type_.lower(),
                                   entity=ref.entity))
    if last_zone is None and zones:
        for m in _ZONE_REF.finditer(text):
            same = [z for z in zones if z.rsplit("/", 1)[-1].endswith(m.group())]
            if same and free(m.start(), m.end()):
                out.append(Mention(m.group(), "Zone", m.start(), m.end(), "reference.zone", entity=same[0]))
    return out


def _parents(ex: Extraction) -> dict[str, str]:
    """Child IRI → parent IRI for the divisions the corpus names (from the division data)."""
    from kg.extract.lexicon import load_lexicon

    lex = load_lexicon()
    by_code = {e.code: e.iri for e in ex.entities.values() if e.code}
    out = {}
    for code, iri in by_code.items():
        d = lex.divisions.get(code)
        if d and d.parent in by_code:
            out[iri] = by_code[d.parent]
    return out


_DATE = re.compile(r"((?:19|20)\d{2})\s*年\s*(?:(\d{1,2})\s*月\s*(?:(\d{1,2})\s*日)?)?|((?:19|20)\d{2})-(\d{1,2})-(\d{1,2})")
_DOC_TYPES = ("行动计划", "实施方案", "方案", "规划", "纲要", "意见", "措施", "通知", "办法", "条例", "决定", "指南", "政策",
              "报告", "法")


def _fmt_date(m: re.Match) -> str:
    y, mo, d = (m.group(1), m.group(2), m.group(3)) if m.group(1) else (m.group(4), m.group(5), m.group(6))
    out = y
    if mo:
        out += f"-{int(mo):02d}"
        if d:
            out += f"-{int(d):02d}"
    return out


def _policy_facts(ex: Extraction, d: Document, found) -> None:
    """Dates and document types of the policy documents a document names.

    The date is the one written before the title in its sentence (2023年8月，《…》发布), outside
    the title itself; a document that is itself a notice (…关于…的通知) takes the date of its
    signature line, and so do the documents it issues (现将《…》印发给你们)."""
    sentences = ex.sentences[d.name]
    headline: tuple[str, str, list[str]] | None = None
    # This document's relations are the tail of ex.relations (documents are read in turn): index
    # their issuers once instead of scanning every relation of the corpus for each title.
    issued_by: dict[str, list[str]] = {}
    tail = len(ex.relations)
    while tail > 0 and ex.relations[tail - 1].evidence.doc == d.name:
        tail -= 1
    supported: set[tuple[str, str]] = set()
    for r in ex.relations[tail:]:
        if r.predicate == "issuedBy":
            issued_by.setdefault(r.subject, []).append(r.object)
        elif r.predicate == "supports":
            supported.add((r.subject, r.object))
    _sectors_in_titles(ex, d, found, supported)
    for s in sentences:
        ms = found[(d.name, s.index)]
        for m in ms:
            e = ex.entities[m.entity]
            if e.type != "PolicyDocument":
                continue
            e.doc_type = e.doc_type or next((t for t in _DOC_TYPES if re.sub(r"[（(].*$", "", e.name).endswith(t)), "")
            date = ""
            before = s.text[:m.start]
            for other in ms:  # a year inside another title (行动计划（2023—2025年）) dates nothing
                if other.type == "PolicyDocument" and other.end <= m.start:
                    before = before[:other.start] + " " * (other.end - other.start) + before[other.end:]
            dates = [x for x in _DATE.finditer(before)]
            if dates:
                date = _fmt_date(dates[-1])
            issuers = list(issued_by.get(m.entity, []))
            if m.rule == "pattern.headline_title":
                body, line = ex.issuer_lines.get((d.name, s.index), (None, None))
                if body is not None and body.entity and body.entity not in issuers:
                    issuers.append(body.entity)
                    issued_by.setdefault(m.entity, []).append(body.entity)
                    ex.relations.append(Relation(m.entity, "issuedBy", body.entity,
                                                 _evidence(s, m.start, m.end, "pattern.issuer_line", 0.8)))
                sig = _signature_date(sentences, s.index)
                date = sig or date
                headline = (m.entity, date, issuers)
            elif headline and re.search(r"印发给你们|予以印发|现予印发", s.text[m.end:]):
                date = date or headline[1]
                for iss in headline[2]:
                    if iss not in issuers:
                        issuers.append(iss)
                        issued_by.setdefault(m.entity, []).append(iss)
                        ex.relations.append(Relation(m.entity, "issuedBy", iss,
                                                     _evidence(s, m.start, m.end, "pattern.notice_issues", 0.8)))
            if date:
                e.date = e.date or date
                ex.policies.append(PolicyFact(m.entity, date, issuers, _evidence(s, m.start, m.end,
                                                                                  "pattern.policy_date", 0.8)))


def _sectors_in_titles(ex: Extraction, d: Document, found, supported: set[tuple[str, str]]) -> None:
    """A policy whose title names a sector the document speaks of supports it (《…制造业强省三年
    行动计划》 → 制造业): where the title is first named, the longest such names only."""
    sectors: dict[str, str] = {}  # a name the document gives a sector → the sector
    for s in ex.sentences[d.name]:
        for m in found[(d.name, s.index)]:
            if m.entity and ex.entities[m.entity].type in SECTOR_TYPES and not m.rule.startswith("nested") \
                    and len(m.text) >= 2:
                sectors.setdefault(m.text, m.entity)
    if not sectors:
        return
    seen: set[str] = set()
    for s in ex.sentences[d.name]:
        for m in found[(d.name, s.index)]:
            if m.entity in seen or not m.entity or ex.entities[m.entity].type != "PolicyDocument":
                continue
            seen.add(m.entity)
            inside = [name for name in sectors if name in m.text]
            for name in inside:
                if any(name != other and name in other for other in inside):
                    continue  # A inside a title naming A及B产业链 speaks of the longer name
                if (m.entity, sectors[name]) not in supported:
                    supported.add((m.entity, sectors[name]))
                    ex.relations.append(Relation(m.entity, "supports", sectors[name],
                                                 _evidence(s, m.start, m.end, "pattern.title_names_sector", 0.7)))


def _signature_date(sentences: list[Sentence], index: int) -> str:
    for s in sentences[index + 1:index + 12]:
        m = re.fullmatch(r"(?:[\u4e00-\u9fff]{2,20}\s*)?((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日", s.text.strip())
        if m:
            return f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"
    return ""
