"""Interactive views: the pages of a build and of ``kg viz``, opened from file:// in headless Chromium.

The browser is Debian's ``/usr/bin/chromium`` (``apt-get install chromium``; override with
``KG_CHROMIUM``) driven by Python playwright. Without it the browser tests skip, unless
``KG_REQUIRE_BROWSER=1``, where they fail. Screenshots go to ``tests/artifacts/views/``.
"""

from __future__ import annotations

import json
import os
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from kg.build import build
from kg.cli import main
from kg.store.projection import PropertyGraph, project
from kg.views.network import ViewIndex
from kg.views.render import render, write_page
from kg.views.site import write_site

HERE = Path(__file__).resolve().parent
ARTIFACTS = HERE / "artifacts" / "views"
CHROMIUM = os.environ.get("KG_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
REQUIRE_BROWSER = os.environ.get("KG_REQUIRE_BROWSER") == "1"
KG = "https://w3id.org/kg-henan/id/"

# markup a document may carry; none of it may ever become an element or run
EVIL_FIRM = "<i>坏</i>人科技有限公司"
TINY_CORPUS = {
    "a.txt": "河南省人民政府关于加快新能源汽车产业链发展的意见<script>alert(1)</script>\n\n"
             "郑州市重点发展新能源汽车产业链，支持<b onmouseover=alert(2)>恶意科技有限公司</b>成为新能源汽车产业链龙头企业。\n"
             f"支持{EVIL_FIRM}发展新能源汽车产业。<img src=x onerror=alert(3)>宇通客车股份有限公司是新能源汽车龙头企业。\n"
             "洛阳市打造先进装备制造产业集群，<script>alert(1)</script>郑州市发展电子信息产业。\n",
    "b.txt": "《关于<script>alert(4)</script>支持新能源汽车产业链发展的若干政策》由河南省人民政府发布，支持新能源汽车产业链。\n"
             "开封市发展汽车零部件产业，<b onmouseover=alert(2)>恶意科技有限公司</b>位于郑州市。\n",
}
# elements or attributes that only injected markup could create (the pages use none of them)
INJECTED = "b, i, img, iframe, object, embed, [onmouseover], [onerror], [onload], [onclick]"


# -- browser ----------------------------------------------------------------------------------
def _no_browser(reason: str):
    if REQUIRE_BROWSER:
        pytest.fail(f"KG_REQUIRE_BROWSER=1 but {reason}")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        _no_browser(f"no Chromium at {CHROMIUM} (apt-get install chromium, or set KG_CHROMIUM)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _no_browser("python playwright is not installed (pip install -e '.[test]')")
    with sync_playwright() as pw:
        try:
            chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        except Exception as exc:  # playwright's Error: the binary does not start
            _no_browser(f"Chromium at {CHROMIUM} does not start: {str(exc).splitlines()[0]}")
        yield chromium
        chromium.close()


class Tab:
    """One browser tab that records console errors, requests and dialogs per page."""

    def __init__(self, chromium):
        self.page = chromium.new_page(viewport={"width": 1280, "height": 800})
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.dialogs: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        self.page.on("pageerror", lambda e: self.errors.append(str(e)))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.on("dialog", self._dialog)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def start(self, path: Path) -> None:
        """Begin loading ``path`` from file:// (its errors, requests and dialogs recorded afresh);
        :meth:`loaded` waits for its load event."""
        self.errors.clear()
        self.requests.clear()
        self.dialogs.clear()
        self.page.goto(path.resolve().as_uri(), wait_until="commit")

    def loaded(self) -> None:
        self.page.wait_for_load_state("load")

    def open(self, path: Path, settle: bool = True) -> dict | None:
        """Load ``path`` from file://; for a network page wait until the layout settled (``settle``)."""
        self.errors.clear()
        self.requests.clear()
        self.page.goto(path.resolve().as_uri())
        if not self.page.evaluate("typeof window.kgView !== 'undefined'"):
            return None
        if settle:
            self.page.wait_for_function("window.kgView.stabilized === true", timeout=60_000)
        return self.page.evaluate("({nodes: network.body.data.nodes.length, edges: network.body.data.edges.length,"
                                  " physics: network.physics.physicsEnabled})")

    def offsite(self) -> list[str]:
        return [u for u in self.requests if not u.startswith("file://")]

    def shot(self, name: str) -> None:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(ARTIFACTS / name))

    def injected(self) -> int:
        return self.page.evaluate("(sel) => document.querySelectorAll(sel).length", INJECTED)

    def node_id(self, iri: str) -> int:
        """The page's id of the node of entity ``iri``."""
        return self.page.evaluate("(iri) => network.body.data.nodes.get().find(n => n.kg.iri === iri).id", iri)

    def hover_node(self, node_id: int) -> str:
        """Move the mouse onto a node; return its tooltip's text (and check it holds no elements)."""
        x, y = self.page.evaluate(
            """(id) => { const p = network.canvasToDOM(network.getPosition(id));
                         const r = document.getElementById('kg-network').getBoundingClientRect();
                         return [p.x + r.left, p.y + r.top]; }""", node_id)
        self.page.mouse.move(x + 1, y + 1)
        self.page.mouse.move(x, y)
        self.page.wait_for_function(
            """(id) => { const t = document.querySelector('div.vis-tooltip');
                         return t && t.style.visibility === 'visible'
                                && t.textContent.includes(network.body.data.nodes.get(id).kg.name); }""",
            arg=node_id, timeout=5_000)
        assert self.page.evaluate("(sel) => document.querySelector('div.vis-tooltip').querySelectorAll(sel).length",
                                  INJECTED + ", script, svg") == 0
        return self.page.inner_text("div.vis-tooltip")

    def close(self) -> None:
        self.page.close()


@pytest.fixture
def tab(browser):
    t = Tab(browser)
    yield t
    t.close()


# -- builds -------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def corpus_build(built):
    """The session's build of the sample corpus (tests/conftest.py), with the shipped model."""
    return built, json.loads((built / "report.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def tiny_build(tmp_path_factory):
    root = tmp_path_factory.mktemp("tiny")
    corpus = root / "corpus"
    corpus.mkdir()
    for name, text in TINY_CORPUS.items():
        (corpus / name).write_text(text, encoding="utf-8")
    out = root / "out"
    report = build(corpus, out, rules_only=True)  # the markup names are the rules' (views are tested here)
    return out, report


def _manifest(out: Path) -> dict[str, dict]:
    pages = json.loads((out / "html" / "manifest.json").read_text(encoding="utf-8"))["pages"]
    return {p["path"]: p for p in pages}


def _pages(out: Path) -> list[Path]:
    return sorted((out / "html").rglob("*.html"))


def _shot_name(prefix: str, rel: str) -> str:
    return f"{prefix}-{rel.replace('/', '_').removesuffix('.html')}.png"


class _Refs(HTMLParser):
    """Every src/href/action attribute and <link> in a page (script bodies are not markup)."""

    def __init__(self):
        super().__init__()
        self.refs: list[tuple[str, str, str]] = []
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        self.scripts += tag == "script"
        for k, v in attrs:
            if k in ("src", "href", "action", "srcset", "data"):
                self.refs.append((tag, k, v or ""))


# -- the build's pages ----------------------------------------------------------------------------
def test_build_writes_index_and_pages(corpus_build):
    out, report = corpus_build
    views = report["views"]
    pages = _pages(out)
    manifest = _manifest(out)
    assert (out / "html" / "index.html").is_file() and (out / "html" / "overview.html").is_file()
    assert views["pages"] == len(pages) == len(manifest) + 1
    labels = report["counts"]["entities_by_type"]
    # a page for each entity with a relationship, of every kind; the others are listed, not drawn
    from kg.views.site import SECTIONS
    with_links = {folder: sum(1 for m in manifest.values() if m["kind"] == folder) for folder in SECTIONS}
    assert views["by_kind"] == {"overview": 1, **{k: v for k, v in with_links.items() if v}}
    assert sum(with_links.values()) + views["unlinked"] == sum(labels.values())
    assert {"chain", "industry", "city", "zone", "policy"} <= set(views["by_kind"])
    assert all(m["edges"] > 0 or m["figures"] > 0 for m in manifest.values())
    # readable file names: the entity's name
    for rel, m in manifest.items():
        if m["kind"] != "overview":
            stem = rel.split("/", 1)[1].removesuffix(".html")
            assert stem.split("-")[0] in m["name"].replace(" ", "_") or "_" in stem, rel
    # one shared copy of the library and compact page data: html/ of the sample corpus (built
    # with the shipped model, as here) is under the 5 MB, every file counted
    size = sum(p.stat().st_size for p in (out / "html").rglob("*") if p.is_file())
    print(f"html/: {size / 1e6:.2f} MB in {len(pages)} pages")
    assert size < 5_000_000, f"html/ is {size / 1e6:.2f} MB"
    assert len(list((out / "html").rglob("vis-network*.js"))) == 1
    assert report["timings_s"]["views"] >= views["seconds"] > 0
    print(f"views stage: {views['seconds']} s for {views['pages']} pages ({views['bytes'] / 1e6:.0f} MB)")
    assert views["seconds"] < 5, "the views stage must keep `kg build` fast"
    index = (out / "html" / "index.html").read_text(encoding="utf-8")
    for rel in manifest:  # the index links the overview and every page
        assert f'href="{rel}"' in index


def test_pages_are_self_contained(corpus_build):
    out, _ = corpus_build
    for path in _pages(out):
        html = path.read_text(encoding="utf-8")
        assert '<meta charset="utf-8">' in html
        refs = _Refs()
        refs.feed(html)
        lib = (out / "html" / "lib").resolve()
        for tag, attr, value in refs.refs:
            if value.startswith("#"):  # the index's table of contents
                assert f'id="{value[1:]}"' in html, f"{path.name}: no anchor {value!r}"
                continue
            assert not re.match(r"^\s*([a-z][a-z0-9+.-]*:|//)", value, re.I), f"{path.name}: link {value!r}"
            assert (path.parent / value).resolve().is_file(), f"{path.name}: broken link {value!r}"
            if not (tag == "a" and attr == "href"):  # what a page loads: the shared library only
                assert (path.parent / value).resolve().parent == lib, f"{path.name}: <{tag} {attr}={value!r}>"
        if path.name != "index.html":
            assert "vis.Network" in (out / "html" / "lib" / "page.js").read_text(encoding="utf-8")
            assert refs.scripts == 3  # vis-network, data, page script


def test_site_is_deterministic(corpus_build, tmp_path):
    """The pages written again from the build's graph.ttl, in this process, are the build's, byte for byte."""
    from rdflib import Graph

    out, _ = corpus_build
    g = Graph()
    g.parse(out / "graph.ttl", format="turtle")
    write_site(project(g), tmp_path / "a")
    a = sorted(p.relative_to(tmp_path / "a") for p in (tmp_path / "a").rglob("*") if p.is_file())
    b = sorted(p.relative_to(out / "html") for p in (out / "html").rglob("*") if p.is_file())
    assert a == b
    for rel in a:
        assert (out / "html" / rel).read_bytes() == (tmp_path / "a" / rel).read_bytes(), rel


def _data(path: Path) -> dict:
    """The JSON data a page of the build carries (what page.js draws)."""
    html = path.read_text(encoding="utf-8")
    m = re.search(r'<script type="application/json" id="kg-data">(.*?)</script>', html, re.S)
    assert m, f"{path}: no page data"
    return json.loads(m.group(1))


def test_every_page_data_is_whole(corpus_build):
    """Every page of the build, without a browser: its data parses, every reference (node, class,
    relationship type, sentence, document) points inside the page's own tables, every link to
    another page names a file of the build, and the counts are the manifest's; sentences are
    written once per page. (The browser test below opens a sample of every kind.)"""
    out, _ = corpus_build
    html = out / "html"
    problems = []
    for rel, m in _manifest(out).items():
        d = _data(html / rel)
        n, e, sents, docs = d["nodes"], d["edges"], d["sents"], d["docs"]
        if (len(n), len(e)) != (m["nodes"], m["edges"]):
            problems.append(f"{rel}: {len(n)}/{len(e)} in the data, manifest {m['nodes']}/{m['edges']}")
        if m["iri"] and (d["center"] is None or d["base"] + n[d["center"]][0] != m["iri"]):
            problems.append(f"{rel}: centre is not {m['iri']}")
        if len({json.dumps(x, ensure_ascii=False) for x in sents}) != len(sents):
            problems.append(f"{rel}: a sentence written twice")
        if len(set(docs)) != len(docs):
            problems.append(f"{rel}: a document name written twice")
        refs = [r for node in n for r in node[6]] + [r for edge in e for r in edge[5]]
        refs += [r for s in d["figures"] for p in s[4] for r in p[4]]
        if any(not 0 <= r < len(sents) for r in refs) or any(not 0 <= s[1] < len(docs) for s in sents):
            problems.append(f"{rel}: a sentence or document reference out of range")
        if any(not 0 <= x < len(docs) for node in n for x in node[5]):
            problems.append(f"{rel}: a document reference out of range")
        if any(not (0 <= a < len(n) and 0 <= b < len(n)) or t not in d["rels"] for a, b, t, *_ in e):
            problems.append(f"{rel}: an edge end or type out of range")
        if any(node[2] not in d["classes"] for node in n):
            problems.append(f"{rel}: a node of a class the page does not describe")
        for node in n:
            if node[7] and not (html / rel).parent.joinpath(d["root"] + node[7]).resolve().is_file():
                problems.append(f"{rel}: link to a missing page {node[7]!r}")
        if sum(len(s[4]) for s in d["figures"]) != m["figures"]:
            problems.append(f"{rel}: figures differ from the manifest")
    assert not problems, "\n".join(problems[:20])


def test_figures_on_pages_are_the_observations(corpus_build):
    """Each page's figures are its entity's observations (facts/observations.csv, the rows `kg figures`
    reads): every observation is a point on its subject's page, with its sentence and document, and
    the page of every subject with observations has the chart."""
    import csv

    from kg.csvout import escape_cell as esc  # the export escapes formula-looking cells

    out, _ = corpus_build
    manifest = _manifest(out)
    with (out / "facts" / "observations.csv").open(encoding="utf-8-sig", newline="") as f:
        rows = list(csv.DictReader(f))
    assert rows
    want: dict[str, set] = {}
    for r in rows:
        want.setdefault(r["subject"], set()).add((r["metric"], int(r["year"]), r["kind"], r["evidence"], r["doc"]))
    got: dict[str, set] = {}
    for rel, m in manifest.items():
        d = _data(out / "html" / rel)
        for metric, _base, factor, _axis, points in d["figures"]:
            assert factor in (1, 1e4, 1e8, 1e12)
            for year, kind, _value, _stated, refs in points:
                for ref in refs:
                    text, doc = d["sents"][ref]
                    got.setdefault(esc(m["name"]), set()).add(
                        (esc(metric), year, ("actual", "target")[kind], esc(text), esc(d["docs"][doc])))
        if m["figures"]:
            assert 'id="kg-figures"' in (out / "html" / rel).read_text(encoding="utf-8"), rel
    assert got == want


def _samples(manifest: dict[str, dict]) -> list[str]:
    """A deterministic sample of each kind of page: the largest, the smallest, the middle one by file
    name, and the largest with figures, if the kind has one."""
    out = ["index.html"]
    by_kind: dict[str, list[str]] = {}
    for rel in sorted(manifest):
        by_kind.setdefault(manifest[rel]["kind"], []).append(rel)
    for _kind, rels in by_kind.items():
        size = sorted(rels, key=lambda r: (-manifest[r]["nodes"], r))
        with_figures = sorted((r for r in rels if manifest[r]["figures"]), key=lambda r: (-manifest[r]["figures"], r))
        pick = [size[0], size[-1], rels[len(rels) // 2], *with_figures[:1]]
        out += list(dict.fromkeys(pick))
    return out


def test_page_kinds_in_chromium(tab, corpus_build):
    """Open the index and a sample of every kind of page (:func:`_samples`) from file://: no console
    error, nothing loaded but file://, no dialog; the network holds as many nodes as the builder
    wrote, its layout settles and physics is switched off; the legend lists the page's classes; a
    page with figures draws its chart. Screenshots of the first of each kind go to
    tests/artifacts/views/, and of the index, the overview, a chain page and a city page to
    tests/artifacts/{index,overview,chain,city}.png. Every page's data is checked without a browser
    in :func:`test_every_page_data_is_whole`: all pages share page.js."""
    out, _ = corpus_build
    manifest = _manifest(out)
    samples = _samples(manifest)
    kinds = {manifest[r]["kind"] for r in manifest}
    assert kinds <= {manifest[r]["kind"] for r in samples if r in manifest}
    problems = []
    shot: set[str] = set()
    for rel in samples:
        path = out / "html" / rel
        kind = manifest[rel]["kind"] if rel in manifest else "index"
        info = tab.open(path)
        if rel == "index.html":
            assert info is None
            assert tab.page.locator("#kg-overview").count() == 1
        else:
            want = manifest[rel]
            if info is None or (info["nodes"], info["edges"]) != (want["nodes"], want["edges"]):
                problems.append(f"{rel}: browser {info}, builder {want['nodes']}/{want['edges']}")
            elif info["physics"]:
                problems.append(f"{rel}: physics still on after stabilization")
            if want["truncated"] and not tab.page.locator("#kg-note").is_visible():
                problems.append(f"{rel}: truncated but no visible note")
            legend = tab.page.locator("#kg-legend ul.kg-classes li").count()
            if legend != len(_data(path)["classes"]):
                problems.append(f"{rel}: legend lists {legend} classes")
            points = tab.page.locator("#kg-chart circle.kg-pt").count()
            if want["figures"] and not points:
                problems.append(f"{rel}: figures but no chart")
        if tab.errors:
            problems.append(f"{rel}: console errors {tab.errors}")
        if tab.offsite():
            problems.append(f"{rel}: requests {tab.offsite()}")
        if tab.dialogs:
            problems.append(f"{rel}: dialogs {tab.dialogs}")
        if kind not in shot:
            shot.add(kind)
            tab.shot(_shot_name("corpus", rel))
            if kind in ("index", "chain", "city", "overview"):
                tab.page.screenshot(path=str(HERE / "artifacts" / f"{kind}.png"))
    assert not problems, "\n".join(problems)


def test_figures_chart_in_chromium(tab, corpus_build):
    """The chart on a city's page: one point per value of the chosen metric, placed by year (later
    years to the right), each with a tooltip (SVG <title>) holding its sentence; clicking a point
    pins its sentences in the details panel; choosing another metric redraws the chart."""
    out, _ = corpus_build
    manifest = _manifest(out)
    city = max((r for r in manifest if manifest[r]["kind"] == "city"), key=lambda r: (manifest[r]["figures"], r))
    assert manifest[city]["figures"] > 0
    data = _data(out / "html" / city)
    tab.open(out / "html" / city)
    metric, _base, _factor, _axis, points = data["figures"][0]
    circles = tab.page.evaluate("""() => Array.from(document.querySelectorAll('#kg-chart circle.kg-pt')).map(c =>
        ({year: +c.dataset.year, x: +c.getAttribute('cx'), title: c.querySelector('title').textContent}))""")
    assert len(circles) == len(points)
    for c, p in zip(circles, points, strict=True):
        assert c["year"] == p[0] and f"{p[0]}年" in c["title"] and metric in c["title"]
        for ref in p[4]:
            assert data["sents"][ref][0] in c["title"]
    assert all(a["x"] <= b["x"] for a, b in zip(circles, circles[1:], strict=False))
    tab.page.locator("#kg-chart circle.kg-pt").first.click()
    assert data["sents"][points[0][4][0]][0] in tab.page.inner_text("#kg-details")
    if len(data["figures"]) > 1:
        tab.page.select_option("#kg-metric", "1")
        n = tab.page.locator("#kg-chart circle.kg-pt").count()
        assert n == len(data["figures"][1][4])
        assert data["figures"][1][0] in tab.page.evaluate("document.querySelector('#kg-chart svg > title').textContent")
    assert tab.errors == [] and tab.offsite() == []
    tab.page.locator("#kg-figures").screenshot(path=str(ARTIFACTS / "figures-chart.png"))


def test_overview_is_cut_visibly(tab, corpus_build):
    out, report = corpus_build
    info = tab.open(out / "html" / "overview.html")
    assert info["nodes"] == report["views"]["overview_nodes"] <= 300
    if _manifest(out)["overview.html"]["truncated"]:
        note = tab.page.locator("#kg-note")
        assert note.is_visible() and "most connected" in note.inner_text()
    # the legend's class labels come from the ontology
    assert tab.page.locator("#kg-legend").inner_text().count("产业") >= 1


# -- document markup stays text -------------------------------------------------------------------
def test_tiny_corpus_extracts_markup(tiny_build):
    """The extractor keeps markup in names and evidence, so the escaping tests below are real."""
    out, _ = tiny_build
    rows = (out / "facts" / "entities.csv").read_text(encoding="utf-8")
    assert EVIL_FIRM in rows
    assert "<script>alert(4)</script>" in rows  # in a policy title
    assert "<b onmouseover=alert(2)>" in (out / "facts" / "relations.csv").read_text(encoding="utf-8")


def test_markup_never_runs_in_build_pages(tab, tiny_build):
    out, _ = tiny_build
    for path in _pages(out):
        html = path.read_text(encoding="utf-8")
        for raw in ("<script>alert", "<b onmouseover", "<img src=x", "<i>坏"):
            assert raw not in html, f"{path.name}: raw document markup {raw!r} in the HTML"
        rel = path.relative_to(out / "html").as_posix()
        tab.open(path)
        tab.page.wait_for_timeout(100)
        assert tab.dialogs == [] and tab.errors == [] and tab.offsite() == [], rel
        assert tab.injected() == 0, rel
        tab.shot(_shot_name("tiny", rel))
    # a policy title with <script> in it: literal in the tooltip of the overview
    tab.open(out / "html" / "overview.html")
    nodes = tab.page.evaluate("network.body.data.nodes.get().map(n => [n.id, n.kg.name])")
    policy = [(i, n) for i, n in nodes if "<script>alert(4)</script>" in n]
    assert policy, nodes
    assert policy[0][1] in tab.hover_node(policy[0][0])
    # evidence sentences with <b onmouseover=…> show literally when a relationship is clicked
    ev = tab.page.evaluate("network.body.data.edges.get().map(e => e.title.textContent).join('\\n')")
    assert "<b onmouseover=alert(2)>恶意科技有限公司</b>" in ev
    assert tab.dialogs == [] and tab.injected() == 0


def test_markup_never_runs_in_viz_pages(tab, tiny_build, tmp_path):
    out, _ = tiny_build
    runner = CliRunner()
    for kind, name in (("firm", EVIL_FIRM), ("policy", "关于<script>alert(4)</script>支持"),
                       ("chain", "新能源汽车产业链"), ("region", "郑州市")):
        page = tmp_path / f"{kind}.html"
        res = runner.invoke(main, ["viz", kind, name, "-o", str(page), "--build", str(out)])
        assert res.exit_code == 0, res.output
        tab.open(page)
        details = tab.page.inner_text("#kg-details")
        heading = tab.page.inner_text("#kg-heading")
        if kind in ("firm", "policy"):
            assert name in heading and name in details  # literally, as text
            assert name in tab.page.title()
        centre = tab.page.evaluate("network.getSelectedNodes()[0]")
        text = tab.hover_node(centre)
        assert heading in text
        assert tab.dialogs == [] and tab.errors == [] and tab.offsite() == [] and tab.injected() == 0
        tab.shot(f"viz-{kind}.png")


def _evil_graph() -> PropertyGraph:
    firm, chain, city, policy = (KG + "Enterprise/evil", KG + "IndustryChain/nev", KG + "City/zz",
                                 KG + "PolicyDocument/p")
    def node(iri, name, aliases=(), docs=("<b>doc</b>.txt",)):
        return {"iri": iri, "name": name, "aliases": list(aliases), "category": "", "code": "", "date": "",
                "doc_type": "", "docs": list(docs)}

    def observation(iri, metric, value, unit, year, kind, evidence):
        return {"iri": iri, "metric": metric, "value": value, "value_text": f"{value:g}", "unit": unit, "year": year,
                "kind": kind, "evidence": evidence, "doc": "<i>y</i>.txt", "rule": "test", "confidence": 0.7}

    def rel(src, dst, sl, dl, evidence, doc="<i>x</i>.txt", aid="a"):
        return {"src": src, "dst": dst, "src_label": sl, "dst_label": dl, "aid": KG + "assertion/" + aid,
                "evidence": evidence, "doc": doc, "rule": "test", "confidence": 0.9, "start": 0, "end": 1}

    return PropertyGraph(
        nodes={
            "Enterprise": [node(firm, "<img src=x onerror=alert(5)>恶意科技有限公司",
                                ["<svg onload=alert(6)>", "Evil & Co"])],
            "IndustryChain": [node(chain, "新能源汽车产业链", ["新能源汽车"])],
            "City": [node(city, "郑州市", ["郑州"])],
            "PolicyDocument": [node(policy, "关于</script><script>alert(7)</script>的通知")],
            "Observation": [observation(KG + "observation/1", "<b>地区生产总值</b>", 1.36, "万亿元", 2023,
                                        "actual", "郑州市2023年地区生产总值<img src=x onerror=alert(11)>1.36万亿元。"),
                            observation(KG + "observation/2", "<b>地区生产总值</b>", 12800, "亿元", 2022,
                                        "actual", "2022年</script><script>alert(12)</script>12800亿元。"),
                            observation(KG + "observation/3", "<b>地区生产总值</b>", 2, "万亿元", 2025,
                                        "target", "到2025年地区生产总值达到2万亿元。")],
        },
        rels={
            "LEADING_ENTERPRISE": [rel(chain, firm, "IndustryChain", "Enterprise",
                                       "</script><script>alert(8)</script>与<b onmouseover=alert(9)>龙头</b>", aid="1")],
            "DEVELOPS": [rel(city, chain, "City", "IndustryChain", "郑州市发展新能源汽车产业链。", aid="2")],
            "SUPPORTS": [rel(policy, chain, "PolicyDocument", "IndustryChain", "支持<u>新能源汽车</u>。", aid="3")],
            "LOCATED_IN": [rel(firm, city, "Enterprise", "City", "位于郑州市。", aid="4")],
            "MENTIONED_IN": [rel(firm, KG + "doc/d", "Enterprise", "Document",
                                 "<iframe src=javascript:alert(10)></iframe>提及", aid="5")],
            "ABOUT": [rel(KG + f"observation/{k}", city, "Observation", "City", "", aid=f"o{k}") for k in (1, 2, 3)],
        },
    )


def test_markup_in_names_aliases_evidence_handmade(tab, tmp_path):
    """A hand-made projection with markup in every text field the page shows."""
    index = ViewIndex(_evil_graph())
    firm = index.resolve("恶意科技", "firm")
    pages = {"overview": render(index.overview(), index), "firm": render(index.ego(firm, "firm"), index)}
    for name, page in pages.items():
        assert "<img src=x" not in page.html and "<svg onload" not in page.html and "</script><script>" not in page.html
        path = tmp_path / f"{name}.html"
        write_page(page, path)
        info = tab.open(path)
        assert info["nodes"] == page.nodes == 4
        assert tab.dialogs == [] and tab.errors == [] and tab.offsite() == [] and tab.injected() == 0
        for iri in index.entities:
            text = tab.hover_node(tab.node_id(iri))
            ent = index.entities[iri]
            assert ent.name in text
            for alias in ent.aliases:
                assert alias in text
        firm_tip = tab.hover_node(tab.node_id(firm))
        assert "<iframe src=javascript:alert(10)></iframe>提及" in firm_tip and "<b>doc</b>.txt" in firm_tip
        edges = tab.page.evaluate("network.body.data.edges.get().map(e => e.title.textContent).join('\\n')")
        assert "</script><script>alert(8)</script>与<b onmouseover=alert(9)>龙头</b>" in edges
        assert "<i>x</i>.txt" in edges
        tab.page.wait_for_timeout(200)
        assert tab.dialogs == [] and tab.injected() == 0
        tab.shot(f"handmade-{name}.png")
    firm_page = tab.page.inner_text("#kg-details")
    assert "<img src=x onerror=alert(5)>恶意科技有限公司" in firm_page and "<svg onload=alert(6)>" in firm_page


def test_figure_series_units_and_order():
    """The chart's series: values in the base unit (1.36万亿元 = 13600亿元 on one axis, shown in 万亿元),
    actual and target told apart, a value stated twice one point with both sentences."""
    from kg.views.network import Figure
    from kg.views.render import figure_series

    refs: list[tuple] = []

    def ref(text, doc, chars):
        refs.append((text, doc))
        return len(refs) - 1

    figs = [Figure("产值", "actual", 2023, 1.36, "1.36", "万亿元", "a", "d1"),
            Figure("产值", "actual", 2022, 12800, "12800", "亿元", "b", "d1"),
            Figure("产值", "actual", 2023, 13600, "13600", "亿元", "c", "d2"),
            Figure("产值", "target", 2025, 2, "2", "万亿元", "d", "d2"),
            Figure("增速", "actual", 2023, 7.4, "7.4", "%", "e", "d1")]
    series = figure_series(figs, ref)
    assert [s[:4] for s in series] == [["产值", "元", 1e12, "万亿元"], ["增速", "%", 1.0, "%"]]
    points = series[0][4]
    assert [(p[0], p[1], p[2]) for p in points] == [(2022, 0, 1.28e12), (2023, 0, 1.36e12), (2025, 1, 2e12)]
    assert [refs[r][0] for r in points[1][4]] == ["a", "c"] and points[1][3] == "1.36万亿元"


def test_markup_in_figures_handmade(tab, tmp_path):
    """Markup in a metric's name and in a figure's sentence stays text in the chart's tooltips."""
    index = ViewIndex(_evil_graph())
    city = KG + "City/zz"
    assert len(index.figures[city]) == 3
    page = render(index.ego(city, "region"), index)
    assert page.figures == 3
    assert "<img src=x" not in page.html and "</script><script>alert(12)" not in page.html
    write_page(page, tmp_path / "city.html")
    tab.open(tmp_path / "city.html")
    titles = tab.page.evaluate("Array.from(document.querySelectorAll('#kg-chart circle.kg-pt title')).map(t => t.textContent)")
    assert len(titles) == 3
    assert any("郑州市2023年地区生产总值<img src=x onerror=alert(11)>1.36万亿元。" in t for t in titles)
    assert any("</script><script>alert(12)</script>" in t for t in titles)
    assert all("<b>地区生产总值</b>" in t for t in titles)
    assert tab.page.locator("#kg-chart circle.kg-pt.kg-target").count() == 1
    tab.page.locator("#kg-chart circle.kg-pt").nth(1).click()
    assert "<img src=x onerror=alert(11)>" in tab.page.inner_text("#kg-details")
    tab.page.wait_for_timeout(100)
    assert tab.dialogs == [] and tab.errors == [] and tab.offsite() == [] and tab.injected() == 0
    tab.shot("handmade-figures.png")


# -- large graphs ---------------------------------------------------------------------------------
def _star(n: int) -> PropertyGraph:
    hub = KG + "Province/henan"
    rows = [{"iri": f"{KG}Industry/i{k:04d}", "name": f"产业{k:04d}", "aliases": [], "docs": []} for k in range(n)]
    rels = [{"src": hub, "dst": r["iri"], "src_label": "Province", "dst_label": "Industry", "aid": f"a{k}",
             "evidence": f"河南省发展产业{k:04d}。", "doc": "d.txt", "confidence": 0.7}
            for k, r in enumerate(rows)]
    # a few extra links so that degrees differ
    rels += [{"src": rows[k]["iri"], "dst": rows[k + 1]["iri"], "src_label": "Industry", "dst_label": "Industry",
              "aid": f"p{k}", "evidence": "", "doc": "d.txt", "confidence": 0.6} for k in range(0, min(40, n - 1), 2)]
    return PropertyGraph(nodes={"Province": [{"iri": hub, "name": "河南省", "aliases": ["河南"], "docs": []}],
                                "Industry": rows},
                         rels={"DEVELOPS": rels[:n], "PART_OF": rels[n:]})


def test_large_graph_is_cut_and_settles(tab, tmp_path):
    index = ViewIndex(_star(450))
    view = index.overview(max_nodes=300)
    assert view.truncated and len(view.nodes) == 300 and view.candidates == 451
    assert view.nodes[0] == KG + "Province/henan"  # most connected first
    assert all(index.degree[a] >= index.degree[b] for a, b in zip(view.nodes, view.nodes[1:], strict=False))
    page = render(view, index)
    write_page(page, tmp_path / "big.html")
    info = tab.open(tmp_path / "big.html")
    assert info == {"nodes": 300, "edges": page.edges, "physics": False}
    note = tab.page.locator("#kg-note")
    assert note.is_visible() and "300 most connected of 451" in note.inner_text()
    assert tab.errors == [] and tab.offsite() == []
    tab.shot("large-overview.png")
    ego = index.ego(KG + "Province/henan", "region", max_nodes=300)
    assert ego.truncated and ego.nodes[0] == KG + "Province/henan" and "300" in ego.note


def test_empty_graph_page(tab, tmp_path):
    index = ViewIndex(PropertyGraph(nodes={}, rels={}))
    page = render(index.overview(), index)
    write_page(page, tmp_path / "empty.html")
    assert tab.open(tmp_path / "empty.html") == {"nodes": 0, "edges": 0, "physics": False}
    assert tab.page.locator("#kg-empty").is_visible() and tab.errors == []


# -- names and the command line -------------------------------------------------------------------
def test_resolve_names():
    index = ViewIndex(_evil_graph())
    chain = KG + "IndustryChain/nev"
    assert index.resolve("新能源汽车产业链", "chain") == chain  # exact name
    assert index.resolve("新能源汽车", "chain") == chain  # exact alias
    assert index.resolve(" 新能源 汽车产业链 ", "chain") == chain  # whitespace-insensitive
    assert index.resolve("evil & co", "firm") == KG + "Enterprise/evil"  # case-insensitive alias
    assert index.resolve("郑州", "region") == KG + "City/zz"
    assert index.resolve("恶意科技", "firm") == KG + "Enterprise/evil"  # unique substring
    with pytest.raises(LookupError, match=r"no place named '洛阳市'"):
        index.resolve("洛阳市", "region")
    with pytest.raises(LookupError, match=r"did you mean '新能源汽车产业链'"):
        index.resolve("新能源汽车产业群", "chain")
    star = ViewIndex(_star(5))
    with pytest.raises(LookupError, match=r"'产业' matches 5 .*'产业0000'.*give the full name"):
        star.resolve("产业", "chain")


def test_viz_cli(tiny_build, tmp_path):
    out, _ = tiny_build
    runner = CliRunner()
    page = tmp_path / "sub" / "chain.html"
    res = runner.invoke(main, ["viz", "chain", "新能源汽车产业链", "-o", str(page), "-b", str(out)])
    assert res.exit_code == 0, res.output
    assert page.is_file() and "wrote" in res.output and "新能源汽车产业链" in res.output
    for opt in ("--out", "-O", "--build"):  # the build folder under every name
        res = runner.invoke(main, ["viz", "overview", "-o", str(tmp_path / "o.html"), opt, str(out)])
        assert res.exit_code == 0, res.output
    res = runner.invoke(main, ["viz", "region", "不存在的地方", "-o", str(tmp_path / "x.html"), "-b", str(out)])
    assert res.exit_code == 1
    assert res.output.count("\n") == 1 and "no place named '不存在的地方'" in res.output
    assert not (tmp_path / "x.html").exists()
    res = runner.invoke(main, ["viz", "chain", "新能源", "-o", str(tmp_path / "y.html"), "-b", str(tmp_path / "none")])
    assert res.exit_code == 1 and "no build in" in res.output
    res = runner.invoke(main, ["viz", "chain", "--help"])
    assert res.exit_code == 0 and "-o, --output" in res.output and "--build" in res.output
    # the other commands keep -o/--out as the build folder
    res = runner.invoke(main, ["stats", "-o", str(out)])
    assert res.exit_code == 0, res.output



def test_every_page_loads_in_chromium(browser, corpus_build):
    """Every page of the build, opened from file:// without waiting for its layout: no console
    error, no page error, nothing loaded but file://, no dialog (the sample of each kind above is
    checked in depth). Two tabs load pages side by side (each page in its own tab, checked once
    its load event came), so the browser works while the test waits on the other tab."""
    out, _ = corpus_build
    pages = sorted((out / "html").rglob("*.html"))
    assert len(pages) > 100
    tabs = [Tab(browser) for _ in range(2)]
    problems, opened = [], 0
    try:
        for i in range(0, len(pages), len(tabs)):
            group = list(zip(tabs, pages[i:i + len(tabs)], strict=False))
            for tab, path in group:
                tab.start(path)
            for tab, path in group:
                tab.loaded()
                opened += 1
                if tab.errors or tab.offsite() or tab.dialogs:
                    problems.append(f"{path.relative_to(out)}: {tab.errors} {tab.offsite()} {tab.dialogs}")
    finally:
        for tab in tabs:
            tab.close()
    assert opened == len(pages)
    assert not problems, "\n".join(problems[:20])
