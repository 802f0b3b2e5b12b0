"""Quality floors of the extractor on the shared gold sets (two dev sets, the whole-document
training set), and no gold fact copied into code.

The floors below hold the rules alone (``rules_only``): the shipped model is trained on these
gold sets, so its figures on them are training scores. Those are held too (``MODEL_FLOORS``,
labelled so); the model's honest figures are cross-validated (scripts/crossval.py, README), and
tests/test_learned.py checks that a model beats the rules on a fold it never saw.

The corpora are built once per session with ``kg.build.build`` and scored with the scorer of
../shared/eval (imported from its path). A floor is 0.03 below the F1 measured when it was
set, so that a change cannot let the extractor slip unnoticed; raise the floors as the
extractor improves.
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from kg.build import build

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EVAL = SHARED / "eval"
GOLD_SETS = {
    "corpus": ("corpus", EVAL / "dev_gold.jsonl"),
    "web": ("corpus_web", EVAL / "dev_web_gold.jsonl"),
    # whole documents, every sentence annotated: precision counts everything the extractor says
    "train": ("corpus_train", EVAL / "train_gold.jsonl"),
}
KINDS = ("entities", "relations", "observations", "policies")

# F1 measured on 2026-11-25 (10:39 UTC) at commit f998849 (clean kg/extract), kg build of
# ../shared/corpus and ../shared/corpus_web scored with ../shared/eval/score.py:
#   corpus (dev_gold.jsonl):      entities 0.876, relations 0.706, observations 0.837, policies 0.900
#   web    (dev_web_gold.jsonl):  entities 0.808, relations 0.471, observations 0.571, policies 0.727
# Each floor is the measured F1 minus 0.03 (rounded down).
# corpus: the extraction issue's targets (measured 2026-11-25: 0.903, 0.738, 0.837, 1.000);
# web: about 0.03 below what was measured the same day (0.875, 0.603, 0.769, 1.000).
# Raised 2026-12-03 after the observation and policy rules (rules alone measured: corpus 0.902,
# 0.738, 0.837, 1.000; web 0.878, 0.652, 0.769, 1.000; train 0.691, 0.293, 0.623, 0.949), and
# again the same day (session 4) after the place, issuer and observation rules (rules alone: corpus
# 0.902, 0.736, 0.866, 1.000; web 0.884, 0.643, 0.769, 1.000; train 0.744, 0.371, 0.800, 0.987).
# Session 5 (firm lists, trades and short names, the industry classification, bodies, tidy; rules
# alone: corpus 0.913, 0.749, 0.866, 1.000; web 0.890, 0.643, 0.769, 1.000; train 0.796, 0.422,
# 0.816, 0.987), minus 0.03.
FLOORS = {
    "corpus": {"entities": 0.88, "relations": 0.71, "observations": 0.83, "policies": 0.97},
    "web": {"entities": 0.86, "relations": 0.61, "observations": 0.73, "policies": 0.97},
    "train": {"entities": 0.76, "relations": 0.39, "observations": 0.78, "policies": 0.95},
}

# General public lists, allowed to hold any name (the administrative divisions, the State Council bodies).
PUBLIC_LISTS = {ROOT / "kg" / "data" / "divisions.tsv", ROOT / "kg" / "data" / "central_bodies.tsv",
                ROOT / "kg" / "data" / "industry_classes.tsv"}  # GB/T 4754-2017, a public classification
CODE_SUFFIXES = {".py", ".tsv", ".txt", ".ttl"}
FACT_TYPES = {"Enterprise", "Zone", "InnovationPlatform", "IndustryCluster", "IndustryChain", "PolicyDocument",
              "Industry"}

pytestmark = pytest.mark.skipif(not EVAL.joinpath("score.py").exists(), reason="../shared/eval is not here")


def _scorer():
    spec = importlib.util.spec_from_file_location("kg_eval_score", EVAL / "score.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# Training scores of the shipped model (kg/data/model, trained on these gold sets among others),
# measured 2026-12-03 after the session-5 retraining (corpus: 0.984, 0.821, 0.928, 1.000; web:
# 0.993, 0.805, 0.769, 1.000; train: 0.970, 0.759, 0.816, 0.987), minus 0.03. The relation floors
# are below session 4's: the relation threshold rose from 0.5 to 0.7 (cross-validated relation F1
# 0.505 → 0.538), which trades recall on the training texts for precision on new ones.
MODEL_FLOORS = {
    "corpus": {"entities": 0.95, "relations": 0.79, "observations": 0.89, "policies": 0.97},
    "web": {"entities": 0.96, "relations": 0.77, "observations": 0.73, "policies": 0.97},
    "train": {"entities": 0.94, "relations": 0.72, "observations": 0.78, "policies": 0.95},
}


def _measure(tmp_path_factory, rules_only: bool, prebuilt: dict[str, Path] | None = None) -> dict[str, dict[str, float]]:
    scorer = _scorer()
    out: dict[str, dict[str, float]] = {}
    for key, (corpus, gold) in GOLD_SETS.items():
        target = (prebuilt or {}).get(key)
        if target is None:
            target = tmp_path_factory.mktemp("quality") / corpus
            build(SHARED / corpus, target, rules_only=rules_only)
        tallies = scorer.score(str(target / "facts"), str(gold))
        out[key] = {kind: tallies[kind].row(kind)[1:4] for kind in KINDS}  # precision, recall, F1
    return out


@pytest.fixture(scope="session")
def measured(tmp_path_factory) -> dict[str, dict[str, float]]:
    """P, R, F1 of each kind on each gold set, from a fresh rules-only build of each corpus."""
    return _measure(tmp_path_factory, rules_only=True)


@pytest.fixture(scope="session")
def measured_model(tmp_path_factory, built) -> dict[str, dict[str, float]]:
    """The same with the shipped model: training scores (the corpus: the session's build with the
    default options, tests/conftest.py)."""
    return _measure(tmp_path_factory, rules_only=False, prebuilt={"corpus": built})


@pytest.mark.parametrize("gold_set", list(GOLD_SETS))
@pytest.mark.parametrize("kind", KINDS)
def test_model_training_score_floor(measured_model, gold_set, kind):
    f1 = measured_model[gold_set][kind][2]
    floor = MODEL_FLOORS[gold_set][kind]
    assert f1 >= floor - 1e-9, f"{gold_set} {kind}: training-score F1 {f1:.3f} fell below {floor:.3f}"


@pytest.mark.parametrize("gold_set", list(GOLD_SETS))
@pytest.mark.parametrize("kind", KINDS)
def test_f1_floor(measured, gold_set, kind):
    f1 = measured[gold_set][kind][2]
    assert f1 >= FLOORS[gold_set][kind] - 1e-9, f"{gold_set} {kind}: F1 {f1:.3f} fell below {FLOORS[gold_set][kind]:.3f}"


@pytest.mark.parametrize("kind", KINDS)
def test_precision_at_least_recall_on_the_corpus(measured, kind):
    """The issue asks for precision at least as high as recall on the corpus gold: an analyst
    would rather miss a fact than be told a wrong one."""
    precision, recall, _ = measured["corpus"][kind]
    assert precision >= recall - 1e-9, f"{kind}: precision {precision:.3f} < recall {recall:.3f}"


def _spec_words() -> set[str]:
    """Words the specification itself uses as examples (ANNOTATION.md, CONTRACT.md): the
    vocabulary of the task, such as 先进制造业 as a broad industry, not facts of a passage."""
    return {(SHARED / "eval" / f).read_text(encoding="utf-8") for f in ("ANNOTATION.md", "CONTRACT.md")}


def _gold_names() -> set[str]:
    spec = _spec_words()
    names = set()
    # the training texts name sectors in everyday words (工程机械, 电子商务): their proper names count
    sets = [(EVAL / "dev_gold.jsonl", FACT_TYPES), (EVAL / "dev_web_gold.jsonl", FACT_TYPES),
            (EVAL / "train_gold.jsonl", FACT_TYPES - {"Industry"})]
    for gold, types in sets:
        for line in gold.read_text(encoding="utf-8").splitlines():
            if line.strip():
                for e in json.loads(line).get("entities", []):
                    if e["type"] in types and len(e["name"]) >= 4 and not any(e["name"] in t for t in spec):
                        names.add(e["name"])
    return names


def _code_files() -> list[Path]:
    files = [p for p in (ROOT / "kg").rglob("*") if p.is_file() and p.suffix in CODE_SUFFIXES]
    files += [p for p in (ROOT / "ontology").rglob("*") if p.is_file()]
    return sorted(p for p in files if p not in PUBLIC_LISTS and "__pycache__" not in p.parts)


def test_no_gold_fact_in_code():
    """Rules and dictionaries come from general patterns and public lists, never from the gold:
    no gold name (of length 4 or more) of a firm, zone, platform, cluster, chain, policy or
    industry is written anywhere in kg/ or ontology/ (docstrings and comments included)."""
    names = _gold_names()
    assert len(names) > 50  # the gold was read
    found: dict[str, list[str]] = {}
    for path in _code_files():
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            continue
        for name in sorted(names):
            if name in text:
                found.setdefault(str(path.relative_to(ROOT)), []).append(name)
    assert not found, "gold names in code: " + "; ".join(f"{f}: {', '.join(n)}" for f, n in sorted(found.items()))
