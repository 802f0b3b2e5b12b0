"""``kg export``: a build in other formats.

RDF (from ``OUT/graph.ttl``): ``ttl``, ``nt``, ``jsonld`` (compacted with the project's
prefixes). Property graph (from :func:`kg.store.projection.project`, the same rows the embedded
database holds): ``graphml`` (networkx; list properties joined with ``;``), ``csv``
(``nodes.csv`` and ``relationships.csv`` with the names of the ends beside their IRIs, UTF-8
with a BOM for Excel), ``xlsx`` (the same two tables as sheets, openpyxl) and ``neo4j-import``: a bundle for
``neo4j-admin database import full`` — one node file per label and one relationship file per
type with ``:ID``/``:LABEL``/``:START_ID``/``:END_ID``/``:TYPE`` headers and typed columns
(``confidence:double``, ``aliases:string[]`` with ``;`` between items), ``constraints.cypher``
and ``import.sh``.

Example::

    from kg.store.exports import export
    export("out", "neo4j-import")   # → out/export/neo4j-import/ (import.sh, nodes_*.csv, …)
"""

from __future__ import annotations

import shutil
from pathlib import Path

from kg.csvout import ENCODING, dict_writer, writer
from kg.store.projection import PROVENANCE_LABELS, ROW_PROVENANCE, PGSchema, PropertyGraph, pg_schema, project

FORMATS = ("ttl", "nt", "jsonld", "graphml", "csv", "xlsx", "neo4j-import")
DEFAULT_NAMES = {"ttl": "graph.ttl", "nt": "graph.nt", "jsonld": "graph.jsonld", "graphml": "graph.graphml",
                 "csv": "csv", "xlsx": "graph.xlsx", "neo4j-import": "neo4j-import"}
ARRAY_DELIMITER = ";"
NEO4J_TYPES = {"STRING": "", "STRING[]": ":string[]", "INT64": ":long", "DOUBLE": ":double"}


class ExportError(Exception):
    """The build cannot be exported as asked (no build, unknown format)."""


def _rdf(out: Path):
    from rdflib import Graph

    src = out / "graph.ttl"
    if not src.is_file():
        raise ExportError(f"no build in {out}: run `kg build CORPUS -o {out}` first")
    g = Graph()
    g.parse(src, format="turtle")
    return g


def export(out: str | Path, fmt: str, dest: str | Path | None = None) -> dict:
    """Write build ``out`` as ``fmt`` to ``dest`` (default ``out/export/<name>``); return a summary
    ``{"format", "dest", "files", ...}``."""
    out = Path(out)
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r} (one of: {', '.join(FORMATS)})")
    dest = Path(dest) if dest else out / "export" / DEFAULT_NAMES[fmt]
    if fmt == "ttl":
        if not (out / "graph.ttl").is_file():
            raise ExportError(f"no build in {out}: run `kg build CORPUS -o {out}` first")
        dest.parent.mkdir(parents=True, exist_ok=True)
        if dest.resolve() != (out / "graph.ttl").resolve():
            shutil.copyfile(out / "graph.ttl", dest)
        return {"format": fmt, "dest": str(dest), "files": [dest.name]}
    g = _rdf(out)
    if fmt in ("nt", "jsonld"):
        dest.parent.mkdir(parents=True, exist_ok=True)
        if fmt == "nt":
            g.serialize(dest, format="nt", encoding="utf-8")
        else:
            from kg.schema import DCTERMS, KG, KGR, PROV, SKOS

            context = {"kg": str(KG), "kgr": str(KGR), "skos": str(SKOS), "prov": str(PROV),
                       "dcterms": str(DCTERMS), "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
                       "rdfs": "http://www.w3.org/2000/01/rdf-schema#", "xsd": "http://www.w3.org/2001/XMLSchema#"}
            g.serialize(dest, format="json-ld", context=context, indent=1, encoding="utf-8")
        return {"format": fmt, "dest": str(dest), "files": [dest.name], "triples": len(g)}
    pg = project(g)
    if fmt == "graphml":
        return write_graphml(pg, dest)
    if fmt == "csv":
        return write_csv(pg, dest)
    if fmt == "xlsx":
        return write_xlsx(pg, dest)
    return write_neo4j_import(pg, dest)


# ---------------------------------------------------------------------------------- graphml, csv
def _networkx(pg: PropertyGraph):
    import networkx as nx

    g = nx.MultiDiGraph()
    for label, rows in pg.nodes.items():
        if label in PROVENANCE_LABELS:  # their contents are on the edges (evidence, doc, rule, …)
            continue
        for r in rows:
            attrs = {k: (ARRAY_DELIMITER.join(v) if isinstance(v, list) else v)
                     for k, v in r.items() if k != "iri" and v is not None}
            attrs.setdefault("name", r.get("metric", ""))
            g.add_node(r["iri"], label=label, **attrs)
    for rtype, rows in pg.rels.items():
        for r in rows:
            attrs = {k: v for k, v in r.items() if k not in ("src", "dst", "src_label", "dst_label") and v is not None}
            g.add_edge(r["src"], r["dst"], key=r["aid"], type=rtype, **attrs)
    return g


def write_graphml(pg: PropertyGraph, dest: Path) -> dict:
    import networkx as nx

    dest.parent.mkdir(parents=True, exist_ok=True)
    g = _networkx(pg)
    nx.write_graphml(g, dest, encoding="utf-8")
    return {"format": "graphml", "dest": str(dest), "files": [dest.name], "nodes": g.number_of_nodes(),
            "relationships": g.number_of_edges()}


def _tables(pg: PropertyGraph, pgs: PGSchema) -> dict[str, tuple[list[str], list[dict]]]:
    """The ``nodes`` and ``relationships`` tables of the csv and xlsx exports: every node with its
    label and properties (lists joined with ``|``); every relationship with the names of its ends
    beside their IRIs (``src_name``, ``dst_name``)."""
    node_cols: list[str] = ["iri", "label"]
    for label, props in pgs.node_props.items():
        if label not in PROVENANCE_LABELS:
            node_cols += [p for p in props if p not in node_cols]
    nodes, name_of = [], {}
    for label, rows in pg.nodes.items():
        if label in PROVENANCE_LABELS:  # their contents are columns of the relationships table
            continue
        for r in rows:
            nodes.append({"label": label, **{k: ("|".join(v) if isinstance(v, list) else v) for k, v in r.items()}})
            name_of[r["iri"]] = r.get("name") or r.get("metric") or ""
    rel_cols = ["src_name", "type", "dst_name", "src", "dst", "src_label", "dst_label", *pgs.rel_props,
                *ROW_PROVENANCE]
    rels = [{"type": rtype, "src_name": name_of.get(r["src"], ""), "dst_name": name_of.get(r["dst"], ""),
             **{k: r.get(k) for k in rel_cols if k not in ("type", "src_name", "dst_name")}}
            for rtype, rows in pg.rels.items() for r in rows]
    return {"nodes": (node_cols, nodes), "relationships": (rel_cols, rels)}


def write_csv_file(path: Path, columns: list[str], rows: list[dict]) -> None:
    """One CSV file through :mod:`kg.csvout` (UTF-8 BOM so that Excel on Windows reads the Chinese;
    formula cells escaped)."""
    with path.open("w", encoding=ENCODING, newline="") as fh:
        w = dict_writer(fh, columns)
        w.writeheader()
        for r in rows:
            w.writerow({c: r.get(c) for c in columns})


def _summary(fmt: str, dest: Path, files: list[str], pg: PropertyGraph) -> dict:
    c = pg.counts()
    return {"format": fmt, "dest": str(dest), "files": files,
            "nodes": sum(v for k, v in c.items() if k.startswith("node:")),
            "relationships": sum(v for k, v in c.items() if k.startswith("rel:"))}


def write_csv(pg: PropertyGraph, dest: Path, pgs: PGSchema | None = None) -> dict:
    """``nodes.csv`` (iri, label, every property) and ``relationships.csv`` (names beside IRIs)."""
    dest.mkdir(parents=True, exist_ok=True)
    for name, (columns, rows) in _tables(pg, pgs or pg_schema()).items():
        write_csv_file(dest / f"{name}.csv", columns, rows)
    return _summary("csv", dest, ["nodes.csv", "relationships.csv"], pg)


def write_xlsx(pg: PropertyGraph, dest: Path, pgs: PGSchema | None = None) -> dict:
    """One workbook, one sheet per table (``nodes``, ``relationships``); needs openpyxl."""
    try:
        from openpyxl import Workbook
    except ImportError:
        raise ExportError("--format xlsx needs openpyxl: pip install 'kg[xlsx]'") from None
    dest.parent.mkdir(parents=True, exist_ok=True)
    wb = Workbook(write_only=True)
    for name, (columns, rows) in _tables(pg, pgs or pg_schema()).items():
        ws = wb.create_sheet(name)
        ws.append(columns)
        for r in rows:
            ws.append([_xlsx_cell(r.get(c)) for c in columns])
    tmp = dest.with_name(dest.name + ".partial")
    wb.save(tmp)
    tmp.replace(dest)
    return _summary("xlsx", dest, [dest.name], pg)


def _xlsx_cell(value):
    """Text that starts like a formula stays text (no formula runs when the sheet opens)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def _neo4j_cell(value, typ: str, fixed: list[int]) -> str:
    if value is None:
        return ""
    if typ.endswith("[]"):
        items = []
        for x in value:
            s = str(x)
            if ARRAY_DELIMITER in s:  # neo4j-admin has no escape for the array delimiter
                fixed[0] += 1
                s = s.replace(ARRAY_DELIMITER, "；")
            items.append(s)
        return ARRAY_DELIMITER.join(items)
    if typ == "DOUBLE":
        return repr(float(value))
    if typ == "INT64":
        return str(int(value))
    return str(value)


def neo4j_constraints(pgs: PGSchema | None = None) -> dict[str, str]:
    """One uniqueness constraint on ``iri`` per label (Neo4j 5), by label."""
    pgs = pgs or pg_schema()
    return {label: f"CREATE CONSTRAINT {label.lower()}_iri IF NOT EXISTS FOR (n:{label}) REQUIRE n.iri IS UNIQUE"
            for label in pgs.node_props}


def write_neo4j_import(pg: PropertyGraph, dest: Path, pgs: PGSchema | None = None) -> dict:
    """A ``neo4j-admin database import full`` bundle in folder ``dest`` (replaced if present).

    Its CSV files go through :mod:`kg.csvout` without formula escaping or BOM: they are read by
    ``neo4j-admin``, and an escaped cell would change the value stored in the database."""
    pgs = pgs or pg_schema()
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    fixed = [0]
    node_files, rel_files = [], []
    for label, props in pgs.node_props.items():
        rows = pg.nodes.get(label, [])
        if not rows:
            continue
        name = f"nodes_{label}.csv"
        header = [f"{p}:ID" if p == "iri" else f"{p}{NEO4J_TYPES[t]}" for p, t in props.items()] + [":LABEL"]
        with (dest / name).open("w", encoding="utf-8", newline="") as fh:
            w = writer(fh, escape=False)  # a load bundle: values go into the database as they are
            w.writerow(header)
            for r in rows:
                w.writerow([_neo4j_cell(r.get(p), t, fixed) for p, t in props.items()] + [label])
        node_files.append(name)
    eprops = pgs.rel_props
    for rtype, rows in pg.rels.items():
        if not rows:
            continue
        name = f"relationships_{rtype}.csv"
        header = [":START_ID", ":END_ID", ":TYPE"] + [f"{p}{NEO4J_TYPES[t]}" for p, t in eprops.items()]
        with (dest / name).open("w", encoding="utf-8", newline="") as fh:
            w = writer(fh, escape=False)  # a load bundle: values go into the database as they are
            w.writerow(header)
            for r in rows:
                w.writerow([r["src"], r["dst"], rtype] + [_neo4j_cell(r.get(p), t, fixed) for p, t in eprops.items()])
        rel_files.append(name)
    (dest / "constraints.cypher").write_text(
        "".join(s + ";\n" for s in neo4j_constraints(pgs).values()), encoding="utf-8")
    lines = [
        "#!/bin/sh",
        "# Import this bundle into a new Neo4j 5 database with neo4j-admin (the database must be stopped;",
        "# an existing database of that name is replaced). Usage: sh import.sh [DATABASE]  (default: neo4j)",
        "# Afterwards start it and create the uniqueness constraints:",
        "#   cypher-shell -d DATABASE -f constraints.cypher",
        "set -e",
        'cd "$(dirname "$0")"',
        'DB="${1:-neo4j}"',
        "neo4j-admin database import full \\",
        "  --overwrite-destination=true \\",
        f"  --array-delimiter='{ARRAY_DELIMITER}' \\",
        "  --multiline-fields=true \\",
        *[f"  --nodes={f} \\" for f in node_files],
        *[f"  --relationships={f} \\" for f in rel_files],
        '  "$DB"',
        "",
    ]
    script = dest / "import.sh"
    script.write_text("\n".join(lines), encoding="utf-8", newline="\n")
    script.chmod(0o755)
    c = pg.counts()
    return {"format": "neo4j-import", "dest": str(dest),
            "files": [*node_files, *rel_files, "constraints.cypher", "import.sh"],
            "nodes": sum(v for k, v in c.items() if k.startswith("node:")),
            "relationships": sum(v for k, v in c.items() if k.startswith("rel:")),
            "array_items_changed": fixed[0]}
