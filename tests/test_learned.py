"""The learned extractor: `kg train` and `kg build --model` end to end, bad gold and model folders,
and a model that beats the rules on documents it never saw."""

from __future__ import annotations

import importlib.util
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kg.build import build
from kg.extract.gold import GoldError, read_gold
from kg.extract.learned import ModelError, decode_bio, encode_bio, load_model
from kg.extract.train import load_training, train_model
from kg.ingest.loader import load_corpus

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EVAL = SHARED / "eval"
KG = [sys.executable, "-m", "kg.cli"]

pytestmark = pytest.mark.skipif(not (EVAL / "train_gold.jsonl").exists(), reason="../shared/eval is not here")


def _kg(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(KG + list(args), capture_output=True, text=True, cwd=ROOT)


def _subset(tmp: Path, docs: list[str]) -> tuple[Path, Path]:
    """A gold file and a corpus folder of these training documents."""
    corpus = tmp / "corpus"
    corpus.mkdir()
    lines = []
    for line in (EVAL / "train_gold.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip() and json.loads(line)["doc"] in docs:
            lines.append(line)
    for d in docs:
        shutil.copyfile(SHARED / "corpus_train" / d, corpus / d)
    gold = tmp / "gold.jsonl"
    gold.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return gold, corpus


def test_bio_round_trip():
    spans = [(0, 2, "City"), (3, 7, "Industry"), (7, 9, "Enterprise")]
    assert decode_bio(encode_bio(10, spans)) == spans
    assert decode_bio(["I-City", "I-City", "O"]) == [(0, 2, "City")]  # an I- without B- opens a span


def test_train_and_build_with_the_model(tmp_path):
    docs = sorted(p.name for p in (SHARED / "corpus_train").glob("*.txt"))[:8]
    gold, corpus = _subset(tmp_path, docs)
    model = tmp_path / "model"
    run = _kg("train", str(gold), "--corpus", str(corpus), "-o", str(model), "-q")
    assert run.returncode == 0, run.stderr
    assert {p.name for p in model.iterdir()} == {"model.json", "mentions.crfsuite", "relations.crfsuite"}
    meta = json.loads((model / "model.json").read_text(encoding="utf-8"))
    assert meta["documents"] == 8 and meta["sentences"] > 0 and meta["pairs"] > 0
    out = tmp_path / "out"
    run = _kg("build", str(corpus), "-o", str(out), "--model", str(model), "-q")
    assert run.returncode == 0, run.stderr
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["model"]["fingerprint"] == meta["fingerprint"]
    rows = (out / "facts" / "relations.csv").read_text(encoding="utf-8-sig").splitlines()
    assert len(rows) > 1 and any("learned." in r or "," in r for r in rows[1:])


def test_bad_gold_line_names_the_line(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"doc": "a.txt", "passage": "郑州发展装备制造。", "entities": []}\n{"doc": "a.txt", "passage": \n',
                    encoding="utf-8")
    with pytest.raises(GoldError, match=r"gold.jsonl:2: not JSON"):
        read_gold(gold)
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "a.txt").write_text("郑州发展装备制造。", encoding="utf-8")
    run = _kg("train", str(gold), "--corpus", str(tmp_path / "c"), "-o", str(tmp_path / "m"))
    assert run.returncode == 1
    assert run.stderr.strip().count("\n") == 0 and "gold.jsonl:2" in run.stderr
    assert "Traceback" not in run.stderr and not (tmp_path / "m").exists()


def test_gold_entity_without_name_is_refused(tmp_path):
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"doc": "a.txt", "passage": "x", "entities": [{"type": "City"}]}\n', encoding="utf-8")
    with pytest.raises(GoldError, match=r":1: every entity needs"):
        read_gold(gold)


def test_model_from_another_version_is_refused(tmp_path):
    model = tmp_path / "model"
    shutil.copytree(ROOT / "kg" / "data" / "model", model)
    meta = json.loads((model / "model.json").read_text(encoding="utf-8"))
    meta["format"] = 999
    (model / "model.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelError, match="format 999"):
        load_model(model)
    run = _kg("build", str(SHARED / "corpus_web"), "-o", str(tmp_path / "out"), "--model", str(model))
    assert run.returncode == 1 and "retrain" in run.stderr and "Traceback" not in run.stderr
    assert not (tmp_path / "out").exists()
    run = _kg("build", str(SHARED / "corpus_web"), "-o", str(tmp_path / "out"), "--model", str(tmp_path))
    assert run.returncode == 1 and "not a kg model folder" in run.stderr


def _score(tmp: Path, tag: str, docs: list[str], gold_lines: list[str], **kw) -> dict:
    spec = importlib.util.spec_from_file_location("kg_eval_score", EVAL / "score.py")
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    corpus = tmp / f"test-{tag}"
    corpus.mkdir()
    for d in docs:
        shutil.copyfile(SHARED / "corpus_train" / d, corpus / d)
    out = tmp / f"out-{tag}"
    build(corpus, out, **kw)
    gold = tmp / "test_gold.jsonl"
    gold.write_text("".join(gold_lines), encoding="utf-8")
    t = scorer.score(str(out / "facts"), str(gold))
    return {k: t[k].row(k)[3] for k in ("entities", "relations", "observations", "policies")}


def test_model_beats_rules_on_a_fold_it_never_saw(tmp_path):
    """Train on four folds of 25 training documents, test on the fifth: the learned extractor's
    entity F1 and its macro F1 are above the rules' alone on documents it never saw."""
    names = sorted(p.name for p in (SHARED / "corpus_train").glob("*.txt"))[::2][:25]
    test_docs, train_docs = names[::5], [n for i, n in enumerate(names) if i % 5]
    passages = [p for p in read_gold(EVAL / "train_gold.jsonl") if p.doc in names]
    docs = {d.name: d for d in load_corpus(SHARED / "corpus_train") if d.name in names}
    ts = load_training(passages, docs)
    train_model(ts, train_docs, tmp_path / "model", relation_threshold=0.5)
    lines = [ln + "\n" for ln in (EVAL / "train_gold.jsonl").read_text(encoding="utf-8").splitlines()
             if ln.strip() and json.loads(ln)["doc"] in test_docs]
    rules = _score(tmp_path, "rules", test_docs, lines, rules_only=True)
    learned = _score(tmp_path, "model", test_docs, lines, model=load_model(tmp_path / "model"))
    assert learned["entities"] > rules["entities"], (learned, rules)
    assert sum(learned.values()) > sum(rules.values()), (learned, rules)


def test_sector_spellings_merge_and_chains_stay_apart():
    """汽车 / 汽车产业 / 汽车工业 and 氢能与储能 / 氢能和储能 are one Industry each, named by the
    spelling most mentions use; a chain of the same sector is another entity."""
    from kg.extract.resolve import Resolver
    from kg.model import Mention

    r = Resolver()
    names = ["汽车", "汽车产业", "汽车工业", "汽车", "氢能与储能", "氢能和储能", "氢能和储能"]
    ms = [Mention(n, "Industry", 0, len(n), "pattern.sector") for n in names]
    chain = Mention("汽车产业链", "IndustryChain", 0, 5, "pattern.chain")
    r.add("d.txt", ms + [chain])
    entities = r.resolve()
    by_name = {e.name: e for e in entities.values()}
    assert ms[0].entity == ms[1].entity == ms[2].entity == by_name["汽车"].iri
    assert {"汽车产业", "汽车工业"} <= by_name["汽车"].aliases
    assert ms[4].entity == ms[5].entity == by_name["氢能和储能"].iri  # two mentions against one
    assert chain.entity != ms[0].entity and entities[chain.entity].type == "IndustryChain"
