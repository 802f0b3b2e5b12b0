"""The fast paths of extraction give exactly what the plain ones gave: the character features of
the mention CRF, the pair features of the relation classifier and jieba's tokens; the numpy
tagging of the models (kg/extract/crf.py, fed attribute ids rather than strings) gives crfsuite's
own labels and probabilities.

The reference implementations below are the straightforward versions the shipped model was
trained with, kept here verbatim as the oracle (the character classes, not a fast path, are the
shipped ones); the shipped code must produce the same attribute lists, in the same order, on
every sentence of the web corpus.
"""

from __future__ import annotations

import random
import re
from pathlib import Path

import numpy as np
import pycrfsuite
import pytest

from kg.extract import lexicon as L
from kg.extract import mentions as M
from kg.extract.crf import CrfWeights
from kg.extract.features import (
    _BMP,
    _CLASSES,
    _PLACE_TYPES,
    CONTEXT_RULE,
    TRIGGERS,
    PairSentence,
    _bucket,
    _masked,
    char_class,
    char_features,
    pair_features,
)
from kg.extract.learned import DEFAULT_MODEL, ModelError, load_model
from kg.extract.pipeline import names_within
from kg.extract.train import with_context
from kg.ingest.loader import load_corpus
from kg.ingest.split import split_sentences
from kg.model import Mention

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPORA = [SHARED / "corpus_web"]

pytestmark = pytest.mark.skipif(not all(c.is_dir() for c in CORPORA), reason="../shared corpora are not here")


# ------------------------------------------------------------------ the reference implementations

def _ref_char_features(text, tokens, candidates, selected):
    n = len(text)
    feats = [[] for _ in range(n)]
    tags = L.word_tags()

    def c(i):
        return text[i] if 0 <= i < n else ("^" if i < 0 else "$")

    classes = [char_class("^")] + [char_class(ch) for ch in text] + [char_class("$")]
    for i in range(n):
        f = feats[i]
        f += ["b", f"c0={c(i)}", f"c-1={c(i - 1)}", f"c+1={c(i + 1)}", f"c-2={c(i - 2)}", f"c+2={c(i + 2)}",
              f"c-1c0={c(i - 1)}{c(i)}", f"c0c+1={c(i)}{c(i + 1)}", f"c-2c-1={c(i - 2)}{c(i - 1)}",
              f"c+1c+2={c(i + 1)}{c(i + 2)}", f"cls={classes[i + 1]}",
              f"cls3={classes[i]}{classes[i + 1]}{classes[i + 2]}"]
    pos = 0
    for tok in tokens:
        a, b = pos, pos + len(tok)
        pos = b
        tag = tags.get(tok, "?")
        for i in range(a, min(b, n)):
            where = "S" if b - a == 1 else "B" if i == a else "E" if i == b - 1 else "M"
            feats[i] += [f"tp={where}", f"tp={where}:{tag}", f"tl={min(b - a, 5)}"]
            if b - a <= 4:
                feats[i].append(f"tw={tok}")
        if a > 0:
            feats[a - 1].append(f"next_tw={tok}" if len(tok) <= 4 else "next_long")
        if b < n:
            feats[b].append(f"prev_tw={tok}" if len(tok) <= 4 else "prev_long")
    for prefix, ms in (("r", candidates), ("s", selected)):
        for m in ms:
            family = m.rule.split(".", 1)[0]
            for i in range(max(m.start, 0), min(m.end, n)):
                where = "B" if i == m.start else "E" if i == m.end - 1 else "I"
                feats[i] += [f"{prefix}:{where}-{m.type}", f"{prefix}f:{where}-{family}"]
                if prefix == "s":
                    feats[i].append(f"s:{where}-{m.type}:{m.rule}")
            if 0 < m.start <= n:
                feats[m.start - 1].append(f"{prefix}:before-{m.type}")
            if m.end < n:
                feats[m.end].append(f"{prefix}:after-{m.type}")
    return feats


def _ref_pair_features(text, tokens, x, y, mentions, rule_hits):
    ctx_end = next((m for m in (x, y) if m.rule == CONTEXT_RULE), None)
    if ctx_end is not None:
        other = y if ctx_end is x else x
        side = "x" if ctx_end is x else "y"
        local_places = sum(1 for m in mentions if m.type in _PLACE_TYPES and m.rule != CONTEXT_RULE)
        pos, before = 0, []
        for tok in tokens:
            if pos + len(tok) <= other.start:
                before.append(tok)
            pos += len(tok)
        f = [f"ctx={side}", f"ctx_t={x.type}>{y.type}", f"ctx_places={min(local_places, 2)}",
             f"ctx_pos={_bucket(other.start)}", f"ctx_or={other.rule.split('.', 1)[0]}"]
        f += [f"ctx_pre={t}" for t in before[-3:]]
        f += sorted({f"ctx_trig={t}" for t in tokens if t in TRIGGERS})
        return f
    first, second = (x, y) if x.start <= y.start else (y, x)
    between = text[first.end:second.start] if first.end <= second.start else ""
    f = [f"t={x.type}>{y.type}", f"order={'xy' if x is first else 'yx'}", f"dist={_bucket(len(between))}",
         f"t_ord={x.type}>{y.type}:{'xy' if x is first else 'yx'}"]
    inside = [m for m in mentions if m.start >= first.end and m.end <= second.start and m is not x and m is not y]
    f.append(f"n_between={_bucket(len(inside))}")
    f += sorted({f"mid_t={m.type}" for m in inside})
    rest = between
    for m in sorted(inside, key=lambda m: -m.start):
        rest = rest[:m.start - first.end] + "M" + rest[m.end - first.end:]
    if len(rest) <= 8:
        f.append(f"btw={rest}")
    if rest and set(rest) <= set("M、和及与以及,，"):
        f.append("same_list")
    f += sorted({f"punct={ch}" for ch in between if ch in "，；：、。（）()"})
    f.append(f"clause={'same' if not re.search(r'[，；;。]', between) else 'other'}")
    spans, pos = [], 0
    for tok in tokens:
        spans.append((pos, pos + len(tok), tok))
        pos += len(tok)
    before = [t for a, b, t in spans if b <= first.start][-3:]
    after = [t for a, b, t in spans if a >= second.end][:3]
    mid = [t for a, b, t in spans if a >= first.end and b <= second.start]
    f += [f"pre={t}" for t in before] + [f"post={t}" for t in after]
    f += sorted({f"mid={t}" for t in mid if t in TRIGGERS or len(mid) <= 6})
    f += sorted({f"trig={t}" for t in tokens if t in TRIGGERS})
    f += [f"xr={x.rule.split('.', 1)[0]}", f"yr={y.rule.split('.', 1)[0]}"]
    if x.start == min(m.start for m in mentions):
        f.append("x_first_in_sentence")
    f += [f"rule={h}" for h in rule_hits]
    return f


# ------------------------------------------------------------------ the comparisons

@pytest.fixture(scope="module")
def readings() -> list[tuple[str, list[str], list[Mention], list[Mention]]]:
    """(text, tokens, candidates, selection) of every sentence of the web corpus."""
    out = []
    for corpus in CORPORA:
        for doc in load_corpus(corpus):
            for s in split_sentences(doc.name, doc.text):
                view = M.SentenceView.of(s.text)
                found = [m for rec in M.RECOGNIZERS.values() for m in rec(view)]
                out.append((s.text, view.tokens, found, M.select(list(found))))
    return out


def test_char_features_are_the_reference_ones(readings):
    assert len(readings) > 100
    for text, tokens, found, selected in readings:
        assert char_features(text, tokens, found, selected) == _ref_char_features(text, tokens, found, selected)
        assert char_features(text, tokens, [], []) == _ref_char_features(text, tokens, [], [])


def test_char_features_at_the_edges():
    found = [Mention("郑州", "City", 0, 2, "dict.division"), Mention("州市", "City", 1, 3, "learned.crf"),
             Mention("市", "City", 2, 3, "suffix.x"), Mention("外", "City", -1, 1, "context.previous")]
    for text, tokens in (("", []), ("郑", ["郑"]), ("郑州市", ["郑州", "市"]), ("郑州市A1。", ["郑州市", "A1", "。"]),
                         ("郑州", ["郑州市"])):
        assert char_features(text, tokens, found, found[:1]) == _ref_char_features(text, tokens, found, found[:1])


def test_pair_features_are_the_reference_ones(readings):
    pairs = 0
    for text, tokens, _found, selected in readings:
        ms = [Mention(m.text, m.type, m.start, m.end, m.rule, entity=m.text)
              for m in sorted(selected + names_within(selected), key=lambda m: m.start)]  # nested: empty, overlapping
        for mentions in (ms, with_context(ms, Mention("河南省", "Province", 0, 3, "dict.division", entity="豫"))):
            sentence = PairSentence.of(text, tokens, mentions)
            for x in mentions:
                for y in mentions:
                    if x is y:
                        continue
                    hits = ["develops", "develops:develops.clause"] if x.start < y.start else []
                    expected = _ref_pair_features(text, tokens, x, y, mentions, hits)
                    assert sentence.features(x, y, hits) == expected
                    assert pair_features(text, tokens, x, y, mentions, hits) == expected
                    pairs += 1
    assert pairs > 1000


def test_fast_tokenizer_cuts_as_jieba_does(readings):
    import jieba

    shared = L.tokenizer()
    assert type(shared) is not jieba.Tokenizer
    fast, plain = L._fast_tokenizer_class()(), jieba.Tokenizer()
    for tok in (fast, plain):  # the same dictionary, user words included, without loading it again
        tok.FREQ, tok.total, tok.initialized = dict(shared.FREQ), shared.total, True
    texts = [r[0] for r in readings] + ["", "A股", "郑州市航空港经济综合实验区2023年GDP增长8.1%", "龘龘龘",
                                         "a b\r\n c，d\t《郑州》 ——x", "\u3000\u3000郑州"]
    assert [shared.lcut(t) for t in texts] == [plain.lcut(t) for t in texts]
    assert [shared.lcut(t, HMM=False) for t in texts] == [plain.lcut(t, HMM=False) for t in texts]
    assert fast.lcut("发展航空港经济") == plain.lcut("发展航空港经济")
    for tok in (fast, plain):  # the per-word scores follow a change of the dictionary
        tok.add_word("航空港经", freq=10**7)
    assert fast.lcut("发展航空港经济") == plain.lcut("发展航空港经济")
    assert "航空港经" in fast.lcut("发展航空港经济")


def test_masking_of_mentions_between_a_pair():
    """One-pass masking where mentions do not touch, the right-to-left replacement elsewhere."""
    rng = random.Random(7)
    text = "".join(rng.choice("郑州、和产业M，") for _ in range(40))
    for _ in range(3000):
        start = rng.randrange(0, 30)
        end = rng.randrange(start, 40)
        inside = []
        for _ in range(rng.randrange(1, 5)):
            a = rng.randrange(start, end + 1)
            inside.append(Mention("x", "City", a, rng.randrange(a, end + 1), "r"))
        rest = text[start:end]
        for m in sorted(inside, key=lambda m: -m.start):
            rest = rest[:m.start - start] + "M" + rest[m.end - start:]
        assert _masked(text, start, end, inside) == rest


# ------------------------------------------------------------------ the models' tagging

@pytest.fixture(scope="module")
def model():
    return load_model()


def _tagger(name: str) -> pycrfsuite.Tagger:
    tagger = pycrfsuite.Tagger()
    tagger.open(str(DEFAULT_MODEL / name))
    return tagger


def test_model_files_are_read_as_crfsuite_reads_them(model):
    for crf, name in ((model.mention_model, "mentions.crfsuite"), (model.relation_model, "relations.crfsuite")):
        info = _tagger(name).info()  # crfsuite's dump: weights printed with six decimals
        assert set(crf.labels) == set(info.labels) and len(crf.labels) == len(info.labels)
        at = {lab: crf.labels.index(lab) for lab in crf.labels}
        read = {(a, lab): crf.state[i, at[lab]] for a, i in crf.attributes.items() for lab in crf.labels
                if crf.state[i, at[lab]] != 0.0}
        assert read.keys() <= info.state_features.keys() and len(read) > 0.9 * len(info.state_features)
        assert all(abs(read.get(k, 0.0) - w) <= 5e-7 for k, w in info.state_features.items())
        for (a, b), w in info.transitions.items():
            assert abs(crf.trans[at[a], at[b]] - w) <= 5e-7
        assert not crf.state[crf.missing].any()


def test_mention_tagging_is_crfsuites(readings, model):
    """On every sentence of the web corpus: the state scores from attribute ids are, to the last
    bit, the weights of char_features' strings summed in order; the Viterbi labels are
    crfsuite's; the marginals agree to 1e-12."""
    crf, tagger = model.mention_model, _tagger("mentions.crfsuite")
    rows = [r for r in readings if r[0]] + [("", [], [], [])]
    ids, mark_rows, mark_ids, firsts = model.char_ids.ids(rows)
    scores = crf.scores(ids, mark_rows, mark_ids)
    per_sentence = [scores[a:a + len(r[0])] for r, a in zip(rows, firsts, strict=True)]
    paths, marginals = crf.viterbi(per_sentence), crf.marginals(per_sentence)
    assert paths[-1] == [] and len(per_sentence[-1]) == 0
    for row, own, path, probs in zip(rows[:-1], per_sentence, paths, marginals, strict=False):
        feats = char_features(*row)
        for i, attrs in enumerate(feats):
            expected = np.zeros(len(crf.labels))
            for a in attrs:
                if a in crf.attributes:
                    expected = expected + crf.state[crf.attributes[a]]
            assert np.array_equal(own[i], expected), (row[0], i)
        assert [crf.labels[y] for y in path] == tagger.tag(feats), row[0]
        crfsuite = np.array([[tagger.marginal(lab, t) for lab in crf.labels] for t in range(len(row[0]))])
        assert np.allclose(probs, crfsuite, rtol=0, atol=1e-12), row[0]


def test_character_ids_at_the_edges(model):
    """Tokens that do not cover their sentence, astral characters, a lone surrogate, empty
    sentences: the same scores as the strings give."""
    crf = model.mention_model
    found = [Mention("郑州", "City", 0, 2, "dict.division"), Mention("州市", "City", 1, 3, "learned.crf"),
             Mention("外", "City", -1, 1, "context.previous")]
    rows = [("郑州", ["郑州市"], found, found[:1]), ("", [], [], []), ("郑州市A1。", ["郑州市", "A1", "。"], found, found),
            ("𠀀郑州\ud800市", ["𠀀", "郑州", "\ud800", "市"], found, []), ("郑州市", ["郑州", "", "市"], found, found),
            ("郑", ["郑"], [], [])]
    ids, mark_rows, mark_ids, firsts = model.char_ids.ids(rows)
    scores = crf.scores(ids, mark_rows, mark_ids)
    for row, first in zip(rows, firsts, strict=True):
        for i, attrs in enumerate(char_features(*row)):
            expected = np.zeros(len(crf.labels))
            for a in attrs:
                if a in crf.attributes:
                    expected = expected + crf.state[crf.attributes[a]]
            assert np.array_equal(scores[first + i], expected), (row[0], i)


def test_character_class_table_is_char_class(model):
    table = model.char_ids._class_table()
    assert len(table) == _BMP
    assert all(_CLASSES[table[c]] == char_class(chr(c)) for c in range(_BMP))


def test_relation_probabilities_are_crfsuites(readings, model):
    tagger = _tagger("relations.crfsuite")
    labels = list(tagger.labels())
    checked = 0
    for text, tokens, _found, selected in readings:
        ms = [Mention(m.text, m.type, m.start, m.end, m.rule, entity=m.text) for m in selected]
        sentence = PairSentence.of(text, tokens, ms)
        instances = [sentence.features(x, y, []) for x in ms for y in ms if x is not y]
        for feats, probs in zip(instances, model.pair_probabilities(instances), strict=True):
            tagger.set([feats])
            assert probs == {lab: tagger.marginal(lab, 0) for lab in labels}
            checked += 1
    assert checked > 200 and model.pair_probabilities([]) == []


@pytest.mark.parametrize("damage", [b"", b"lCRF" + bytes(60), "truncate"])
def test_damaged_model_file_is_a_clear_error(tmp_path, damage):
    folder = tmp_path / "model"
    import shutil

    shutil.copytree(DEFAULT_MODEL, folder)
    file = folder / "mentions.crfsuite"
    file.write_bytes(file.read_bytes()[:700_000] if damage == "truncate" else damage)
    with pytest.raises(ModelError, match="cannot open .*mentions.crfsuite"):
        load_model(folder)
    assert CrfWeights.read(DEFAULT_MODEL / "relations.crfsuite").labels


def _crfsuite_viterbi(state: np.ndarray, trans: np.ndarray) -> list[int]:
    """crf1dc_viterbi, loop for loop: strict "<", so the lowest label wins a tie."""
    steps, n = state.shape
    cur, back = list(state[0]), []
    for t in range(1, steps):
        new, came = [], []
        for j in range(n):
            top, arg = -np.inf, -1
            for i in range(n):
                score = cur[i] + trans[i][j]
                if top < score:
                    top, arg = score, i
            new.append(top + state[t][j])
            came.append(arg)
        cur = new
        back.append(came)
    label = max(range(n), key=lambda i: (cur[i], -i))
    path = [label]
    for came in reversed(back):
        label = came[label]
        path.append(label)
    return path[::-1]


def test_viterbi_in_lanes_is_crfsuites_with_ties(model):
    """Sentences of every length (one character, many to a lane, more sentences than lanes) with
    small integer scores, so that ties are everywhere: crfsuite's path, the lowest label first."""
    rng = np.random.default_rng(3)
    crf = model.mention_model
    small = CrfWeights(["a", "b", "c"], {}, np.zeros((1, 3)), rng.integers(-2, 3, size=(3, 3)).astype(float))
    lengths = [1, 0, 5, 1, 2, 40, 3, 1, 17] * 9
    scores = [rng.integers(-3, 4, size=(n, 3)).astype(float) for n in lengths]
    assert small.viterbi(scores) == [_crfsuite_viterbi(s, small.trans) if len(s) else [] for s in scores]
    scores = [rng.normal(size=(n, len(crf.labels))) * 3 for n in lengths[:20]]
    assert crf.viterbi(scores) == [_crfsuite_viterbi(s, crf.trans) if len(s) else [] for s in scores]
