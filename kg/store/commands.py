"""The database commands of ``kg``: query, chain, region, policy, firm, path, analyze, export.

Registered on the ``kg`` group by :func:`register` (called at the bottom of kg/cli.py). Each
command parses its options, calls one function in kg.queries / kg.store, and prints; a user
error (unknown name, bad Cypher, no database) is one line on stderr and exit code 1.
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

import click

from kg.csvout import csv_text as csvout_text

FORMATS = ("table", "csv", "json")


# ------------------------------------------------------------------------------ text formatting
# (kg/queries/table.py; re-exported here for the callers that import them from this module)
from kg.queries.table import cell, clip, pad, table, width  # noqa: E402,F401


def csv_text(rows: list[dict], columns: list[str]) -> str:
    """CSV of ``rows`` as every CSV the question commands print (:mod:`kg.csvout`: formula cells
    escaped), a UTF-8 BOM first so that Excel on Windows reads the Chinese when it is redirected
    to a file."""
    return "\ufeff" + _csv_text(rows, columns)


def _csv_text(rows: list[dict], columns: list[str]) -> str:
    return csvout_text(columns, ([v if isinstance(v, str) else "" if v is None else
                               json.dumps(v, ensure_ascii=False, default=str) if isinstance(v, (list, dict)) else v
                               for v in (r.get(c) for c in columns)] for r in rows))


# ------------------------------------------------------------------------------------- backends
@contextlib.contextmanager
def user_errors():
    """Turn the errors a user can cause into one-line ``click`` errors (exit code 1)."""
    from kg.queries.questions import QuestionError
    from kg.queries.runner import BackendUnavailable, QueryError
    from kg.store.ladybug import StoreError

    try:
        yield
    except (QuestionError, BackendUnavailable, StoreError) as exc:
        raise click.ClickException(str(exc)) from None
    except QueryError as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else "query failed"
        raise click.ClickException(f"query failed: {first}") from None


def uri_without_password(_ctx, _param, uri: str | None) -> str | None:
    """``--uri`` callback: a URI holding a password is refused before it can be printed."""
    if uri:
        try:
            from kg.store.neo4j import Neo4jError, check_uri
        except ImportError:  # no Neo4j backend: opening it reports that, without the URI
            return uri
        try:
            check_uri(uri)
        except Neo4jError as exc:
            raise click.ClickException(str(exc)) from None
    return uri


def backend_options(fn):
    fn = click.option("--database", default=None, help="Neo4j database name (with --uri).")(fn)
    fn = click.option("--user", default="neo4j", show_default=True, help="Neo4j user (with --uri).")(fn)
    fn = click.option("--uri", default=None, metavar="URI", callback=uri_without_password,
                      help="Query a Neo4j server (bolt://…) instead of OUT/graph.lbdb.")(fn)
    return fn


def format_option(fn):
    return click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True,
                        help="Output format.")(fn)


def _open(out: Path, uri: str | None, user: str, database: str | None):
    from kg.queries.runner import open_backend

    return open_backend(out, uri=uri, user=user, database=database)


def _close(backend) -> None:
    close = getattr(backend, "close", None)
    if close:
        close()


# ---------------------------------------------------------------------------------------- query
def parse_param(text: str) -> tuple[str, Any]:
    """``k=v``: ``v`` is read as JSON when it parses (numbers, lists, true/false, "quoted"),
    otherwise taken as a string (``name=郑州``)."""
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise click.BadParameter(f"expected NAME=VALUE, got {text!r}", param_hint="--param")
    try:
        return key.strip(), json.loads(value)
    except ValueError:
        return key.strip(), value


@click.command()
@click.argument("cypher")
@click.option("-p", "--param", "params", multiple=True, metavar="NAME=VALUE",
              help="A query parameter ($NAME); VALUE is JSON when it parses, else a string. Repeatable.")
@format_option
@click.option("--full", is_flag=True, help="Do not shorten long values in the table.")
@backend_options
def query(cypher: str, params: tuple[str, ...], fmt: str, full: bool, out: Path, uri: str | None, user: str,
          database: str | None) -> None:
    """Run a read-only Cypher statement on the build's database (OUT/graph.lbdb) or Neo4j.

    Only reading statements run (MATCH, OPTIONAL MATCH, WITH, UNWIND, RETURN, CALL of
    subqueries and catalogue procedures): writes, files, extensions and settings are refused
    with one line; the database is opened read-only, Neo4j runs read transactions.

    \b
    Examples:
      kg query "MATCH (c:City) RETURN c.name AS city ORDER BY city LIMIT 5"
      kg query 'MATCH (n:City) WHERE $n IN n.aliases RETURN n.name AS name' --param n=郑州
      kg query "MATCH (p:Province)-[r:DEVELOPS]->(i) RETURN i.name, r.doc" --format csv
    """
    from kg.queries.runner import run_cypher
    from kg.store.readonly import ReadOnlyError, check_read_only

    bound = dict(parse_param(p) for p in params)
    try:
        check_read_only(cypher)
    except ReadOnlyError as exc:
        raise click.ClickException(str(exc)) from None
    with user_errors():
        backend = _open(out, uri, user, database)
        try:
            rows = run_cypher(backend, cypher, bound)
        finally:
            _close(backend)
    columns = list(rows[0]) if rows else []
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2, default=str))
    elif fmt == "csv":
        click.echo(_csv_text(rows, columns), nl=False)
    elif not rows:
        click.echo("(no rows)")
    else:
        for line in table(rows, columns, full=full, wide=_widest(rows, columns), indent=""):
            click.echo(line)
        click.echo(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")


def _widest(rows: list[dict], columns: list[str]) -> str:
    return max(columns, key=lambda c: max(width(cell(r.get(c))) for r in rows))


# ------------------------------------------------------------------------------------ questions
HIDDEN = {"policy": {"date", "doc_type"}}  # shown once in the header instead
HEADERS = {"n": "sent.", "located_in": "located in", "base_value": "base", "base_unit": "unit"}


def _header(answer) -> list[str]:
    lines = []
    for e in answer.entities:
        bits = [e.display]
        if e.aliases:
            bits.append("aliases: " + ", ".join(e.aliases))
        for key, title in (("date", "date"), ("doc_type", "type"), ("category", "category"), ("code", "code")):
            if e.props.get(key):
                bits.append(f"{title} {e.props[key]}")
        if e.props.get("docs"):
            n = len(e.props["docs"])
            bits.append(f"named in {n} document{'s' if n != 1 else ''}")
        lines += fold(" · ".join(bits)) + fold(e.iri, "  ")
    return lines


def fold(text: str, indent: str = "") -> list[str]:
    """``text`` in lines that fit the terminal, each after ``indent``."""
    from kg.queries.table import terminal_width, wrap

    return [indent + line for line in wrap(text, terminal_width() - width(indent))]


def _more_evidence(rows: list[dict], full: bool) -> list[dict]:
    """With ``full``, each row followed by its other sentences (``evidences`` beyond the first)."""
    if not full:
        return rows
    out = []
    for r in rows:
        out.append(r)
        for text, doc in (r.get("evidences") or [])[1:]:
            out.append({"evidence": f"+ {text}", "doc": doc})
    return out


def section_tables(sections: dict[str, list[dict]], columns: list[str], limit: int, full: bool,
                   focus_names: tuple[str, ...] = (), hidden: set[str] = frozenset(),
                   wide: str = "evidence") -> list[str]:
    """One fitted table per section: the columns that hold something, at most ``limit`` rows."""
    lines: list[str] = []
    for section, rows in sections.items():
        cols = [c for c in columns if c not in ("section", *hidden)
                and (c in ("name", "evidence", "doc") or any(str(r.get(c, "")) for r in rows))]
        if "name" in cols and all(r.get("name") == r.get("doc") for r in rows):  # "mentioned in"
            cols.remove("name")
        if "n" in cols and all(r.get("n") in (0, 1) for r in rows):
            cols.remove("n")  # every fact stated once: the count says nothing
        shown = rows if not limit else rows[:limit]
        lines += ["", f"{section} ({len(rows)})"]
        lines += table(_more_evidence(shown, full), cols, full=full, wide=wide, headers=HEADERS,
                       focus=lambda r: (str(r.get("name", "")), *focus_names))
        if len(shown) < len(rows):
            lines.append(f"  … {len(rows) - len(shown)} more (--limit 0 shows all)")
    return lines


def render(answer, limit: int, full: bool) -> list[str]:
    """The readable text of a question's answer: a header, then one table per section."""
    if answer.question == "path":
        a, b = answer.entity, answer.other
        lines = fold(f"{a.display} … {b.display}")
        if not answer.rows:
            return lines + [f"  {answer.note}" if answer.note else "  no connection"]
        lines.append(f"  {len(answer.rows)} hop{'s' if len(answer.rows) != 1 else ''}")
        lines.append("")
        names = (a.name, b.name)
        return lines + table(answer.rows, ["hop", "from", "relation", "to", "evidence", "doc"], full=full,
                             focus=lambda r: (r["to"].rsplit(" (", 1)[0], r["from"].rsplit(" (", 1)[0], *names))
    lines = _header(answer)
    if not answer.rows:
        return lines + ["", "  nothing in the graph about it yet"]
    focus_names = tuple(x for e in answer.entities for x in (e.name, *e.aliases))
    return lines + section_tables(answer.sections(), answer.columns, limit, full, focus_names,
                                  HIDDEN.get(answer.question, set()))


def _ent(e) -> dict | None:
    return None if e is None else {"iri": e.iri, "name": e.name, "label": e.label, "aliases": list(e.aliases)}


def _answer_json(answer) -> dict:
    out = {"question": answer.question, "entity": _ent(answer.entity), "note": answer.note,
           "columns": answer.columns, "rows": answer.rows}
    if len(answer.entities) > 1:
        out["entities"] = [_ent(e) for e in answer.entities]
    if answer.other is not None:
        out["other"] = _ent(answer.other)
    return out


def _run(fn, args: tuple, kwargs: dict, out: Path, uri, user, database):
    with user_errors():
        backend = _open(out, uri, user, database)
        try:
            return fn(backend, *args, **kwargs)
        finally:
            _close(backend)


def _ask(fn, args: tuple, out: Path, fmt: str, limit: int, full: bool, uri, user, database,
         **kwargs) -> None:
    answer = _run(fn, args, kwargs, out, uri, user, database)
    if fmt == "json":
        click.echo(json.dumps(_answer_json(answer), ensure_ascii=False, indent=2, default=str))
        return
    if answer.note:
        click.echo(f"kg: {answer.note}", err=True)
    if fmt == "csv":
        click.echo(csv_text(answer.rows, answer.columns), nl=False)
        return
    for line in render(answer, limit, full):
        click.echo(line)


def question_options(fn):
    fn = backend_options(fn)
    fn = click.option("--exact", is_flag=True, help="Names and aliases only (no partial or similar names).")(fn)
    fn = click.option("--full", is_flag=True, help="Whole evidence sentences, every sentence of a fact.")(fn)
    fn = click.option("--limit", default=20, show_default=True, type=click.IntRange(min=0),
                      help="Rows shown per section in the table (0: all).")(fn)
    return format_option(fn)


@click.command()
@click.argument("name")
@question_options
def chain(name: str, out: Path, fmt: str, limit: int, full: bool, exact: bool, uri, user, database) -> None:
    """An industry, industry chain or cluster: its firms, places, policies and parts.

    Leading firms and other firms (with where they are), the places that develop it, the
    policies that support it (issuer, date), what it is part of and its parts; one row per
    fact with the number of sentences stating it and the best one. A name that matches
    several sectors (光伏 → 光伏玻璃, 光伏组件产业链, …) answers for all of them,
    each row saying which (`entity`); --exact turns that off.

    \b
    Example:
      kg chain 氢能
    """
    from kg.queries.questions import chain as ask

    _ask(ask, (name,), out, fmt, limit, full, uri, user, database, exact=exact)


@click.command()
@click.argument("name")
@question_options
@click.option("--no-rollup", is_flag=True, help="Only the place's own facts, not those of the places and zones in it.")
def region(name: str, out: Path, fmt: str, limit: int, full: bool, exact: bool, no_rollup: bool,
           uri, user, database) -> None:
    """A place (province, city, county, region, zone): what it develops and what is in it.

    Its industries, zones, platforms and firms, policies for it, and its figures by year
    (metric, value, unit, year, kind), each with evidence; also what its counties and zones
    develop, host and report (`via` says where; --no-rollup turns that off). Counties roll up
    into their city through the division data (GB/T 2260). Aliases work: 郑州 finds 郑州市.

    \b
    Example:
      kg region 郑州
    """
    from kg.queries.questions import region as ask

    _ask(ask, (name,), out, fmt, limit, full, uri, user, database, exact=exact, rollup=not no_rollup)


@click.command()
@click.argument("title")
@question_options
def policy(title: str, out: Path, fmt: str, limit: int, full: bool, exact: bool, uri, user, database) -> None:
    """A policy document: issuer, date, type, what it supports, where it is cited.

    A partial title finds the policy (several matching titles answer together).

    \b
    Example:
      kg policy 制造业高质量发展规划
    """
    from kg.queries.questions import policy as ask

    _ask(ask, (title,), out, fmt, limit, full, uri, user, database, exact=exact)


@click.command()
@click.argument("name")
@question_options
def firm(name: str, out: Path, fmt: str, limit: int, full: bool, exact: bool, uri, user, database) -> None:
    """A firm: the industries and chains it leads or works in, where it is, figures about it.

    \b
    Example:
      kg firm 富士康
    """
    from kg.queries.questions import firm as ask

    _ask(ask, (name,), out, fmt, limit, full, uri, user, database, exact=exact)


@click.command()
@click.argument("a")
@click.argument("b")
@question_options
def path(a: str, b: str, out: Path, fmt: str, limit: int, full: bool, exact: bool, uri, user, database) -> None:
    """The shortest connection between two entities, each hop with its evidence.

    Through the graph's relations first (at most 6 hops); when there is none, through the
    documents that name both. Prefix a name with its label to choose among namesakes
    (City:郑州市).

    \b
    Example:
      kg path 富士康 河南省
    """
    from kg.queries.questions import path as ask

    _ask(ask, (a, b), out, fmt, limit, full, uri, user, database, exact=exact)


# ------------------------------------------------------------------ search, list, compare, figures, gaps
def _show(result, fmt: str, limit: int, full: bool, wide: str = "evidence") -> None:
    """Print a verb's :class:`~kg.queries.verbs.Result` as a table, CSV or JSON."""
    if fmt == "json":
        click.echo(json.dumps({"question": result.question, "title": result.title, "note": result.note,
                               "entities": [_ent(e) for e in result.entities], "columns": result.columns,
                               "rows": result.rows}, ensure_ascii=False, indent=2, default=str))
        return
    if result.note:
        click.echo(f"kg: {result.note}", err=True)
    if fmt == "csv":
        click.echo(csv_text(result.rows, result.columns), nl=False)
        return
    for line in fold(result.title):
        click.echo(line)
    if not result.rows:
        click.echo("  (nothing)")
        return
    focus = tuple(x for e in result.entities for x in (e.name, *e.aliases))
    for line in section_tables(result.sections(), result.columns, limit, full, focus, wide=wide):
        click.echo(line)


def verb_options(fn):
    fn = backend_options(fn)
    fn = click.option("--full", is_flag=True, help="Whole sentences, every sentence of a fact.")(fn)
    fn = click.option("--limit", default=50, show_default=True, type=click.IntRange(min=0),
                      help="Rows shown per section in the table (0: all).")(fn)
    return format_option(fn)


@click.command()
@click.argument("text")
@verb_options
def search(text: str, out: Path, fmt: str, limit: int, full: bool, uri, user, database) -> None:
    """Entities of every kind whose name or alias matches TEXT, best first.

    Exact name, alias, the same after folding width and quotes, then names that start with
    or contain TEXT, names TEXT contains, names holding its characters in order, similar names.

    \b
    Example:
      kg search 氢能
    """
    from kg.queries.verbs import search_all

    _show(_run(search_all, (text,), {"limit": limit}, out, uri, user, database), fmt, 0, full, wide="name")


@click.command("list")
@click.argument("kind", type=click.Choice(["chains", "clusters", "industries", "sectors", "firms", "places",
                                           "zones", "platforms", "organizations", "policies"]))
@click.option("--in", "within", metavar="PLACE", help="Only those in PLACE (its counties and zones too) or tied to it.")
@verb_options
def list_(kind: str, within: str | None, out: Path, fmt: str, limit: int, full: bool, uri, user, database) -> None:
    """The chains, clusters, industries, firms, places, zones or policies, most facts first.

    \b
    Examples:
      kg list chains
      kg list firms --in 郑州
    """
    from kg.queries.verbs import list_entities

    _show(_run(list_entities, (kind, within), {}, out, uri, user, database), fmt, limit, full, wide="aliases")


@click.command()
@click.argument("places", nargs=-1, required=True)
@click.option("--exact", is_flag=True, help="Names and aliases only.")
@verb_options
def compare(places: tuple[str, ...], exact: bool, out: Path, fmt: str, limit: int, full: bool,
            uri, user, database) -> None:
    """Places side by side: industries (shared first), zones, platforms, firms, policies, latest figures.

    A cell holds the number of sentences stating the fact (● n) or the latest actual figure
    with its year.

    \b
    Example:
      kg compare 郑州 洛阳
    """
    from kg.queries.verbs import compare as ask

    _show(_run(ask, (list(places),), {"exact": exact}, out, uri, user, database), fmt, limit, full, wide="name")


@click.command()
@click.argument("subject")
@click.option("--metric", metavar="M", help="Only the metrics whose name contains M.")
@click.option("--plot", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE.png|svg",
              help="Also draw the series (needs matplotlib: pip install 'kg[plot]').")
@click.option("--exact", is_flag=True, help="Names and aliases only.")
@verb_options
def figures(subject: str, metric: str | None, plot: Path | None, exact: bool, out: Path, fmt: str, limit: int,
            full: bool, uri, user, database) -> None:
    """The figures about a place, sector or firm as time series, actual and target apart.

    Values are also given in their base unit (1.55万亿元 → 1.55e12 元; 亿元, 万辆, 万家 likewise).

    \b
    Examples:
      kg figures 河南 --metric 工业增加值
      kg figures 郑州 --plot zhengzhou.png
    """
    from kg.queries.verbs import figures as ask

    if plot is not None:
        from kg.queries.plot import PlotError, check_plot_target

        try:
            check_plot_target(plot)
        except PlotError as exc:
            raise click.ClickException(str(exc)) from None
    result = _run(ask, (subject,), {"metric": metric, "exact": exact}, out, uri, user, database)
    _show(result, fmt, limit, full)
    if plot is not None:
        from kg.queries.plot import PlotError, plot_figures

        try:
            plot_figures(result, plot)
        except PlotError as exc:
            raise click.ClickException(str(exc)) from None
        click.echo(f"kg: wrote {plot}", err=True)


@click.command()
@click.argument("chain_name", metavar="CHAIN")
@click.option("--in", "within", required=True, metavar="PLACE", help="The place to find the gaps of.")
@click.option("--exact", is_flag=True, help="Names and aliases only.")
@verb_options
def gaps(chain_name: str, within: str, exact: bool, out: Path, fmt: str, limit: int, full: bool,
         uri, user, database) -> None:
    """For 招商: the segments of CHAIN with no firm in PLACE, and the firms elsewhere to attract.

    The segments are the chain and its parts (partOf, recursively). For each, the firms the
    documents tie to it (leading first): `covered` when one is in PLACE (or its counties and
    zones), else `gap` with the firms elsewhere as candidates, each with its evidence.

    \b
    Example:
      kg gaps 装备制造 --in 郑州
    """
    from kg.queries.verbs import gaps as ask

    _show(_run(ask, (chain_name, within), {"exact": exact}, out, uri, user, database), fmt, limit, full)


# ------------------------------------------------------------------------------ analyze, export
@click.command()
@click.option("--top", default=10, show_default=True, type=click.IntRange(min=0),
              help="Rows per table (0: all).")
@click.option("--seed", default=42, show_default=True, help="Seed of the community detection.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@backend_options
def analyze(top: int, seed: int, fmt: str, out: Path, uri, user, database) -> None:
    """Central firms, places and chains, and the communities of the graph.

    Degree, betweenness and PageRank centrality on the entities and their relations
    (documents and observations left out), and Louvain communities (seeded: the same build
    gives the same tables).

    \b
    Example:
      kg analyze -o out --top 5
    """
    from kg.store.analyze import analyze as run_analysis
    from kg.store.analyze import to_networkx

    with user_errors():
        backend = _open(out, uri, user, database)
        try:
            result = run_analysis(to_networkx(backend), top=top, seed=seed)
        finally:
            _close(backend)
    if fmt == "json":
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
        return
    s = result["summary"]
    click.echo(f"{s['entities']} entities, {s['relations']} related pairs, {s['connected_entities']} connected; "
               f"{s['communities']} communities ({s['algorithm']}, seed {s['seed']})")
    cols = ["name", "label", "links", "degree", "betweenness", "pagerank"]
    for group, rows in result["centrality"].items():
        click.echo("")
        click.echo(f"{group} by PageRank ({len(rows)})")
        for line in table(rows, cols, wide="name"):
            click.echo(line)
    click.echo("")
    click.echo(f"communities of at least 3 entities, largest first ({len(result['communities'])} of "
               f"{s['communities_min_size']})")
    for line in table(result["communities"], ["community", "size", "hub", "labels", "members"], wide="members"):
        click.echo(line)


@click.command()
@click.option("--format", "fmt", required=True, type=click.Choice(
    ["ttl", "nt", "jsonld", "graphml", "csv", "xlsx", "neo4j-import"]), help="What to write.")
@click.option("--dest", type=click.Path(path_type=Path), default=None,
              help="File (folder for csv and neo4j-import); default OUT/export/….")
def export(fmt: str, dest: Path | None, out: Path) -> None:
    """Write the build as RDF (ttl, nt, jsonld), GraphML, CSV, Excel or a Neo4j import bundle.

    \b
    csv writes nodes.csv and relationships.csv (names beside IRIs, UTF-8 with BOM for Excel);
    xlsx one workbook with a sheet per table (needs openpyxl: pip install 'kg[xlsx]').

    \b
    neo4j-import writes nodes_<Label>.csv and relationships_<TYPE>.csv with neo4j-admin
    headers (iri:ID, :LABEL, :START_ID, :END_ID, :TYPE, confidence:double, aliases:string[]),
    constraints.cypher and import.sh (neo4j-admin database import full …).

    \b
    Examples:
      kg export -o out --format jsonld
      kg export -o out --format neo4j-import --dest /tmp/kg-neo4j
    """
    from kg.store.exports import ExportError
    from kg.store.exports import export as run_export

    try:
        summary = run_export(out, fmt, dest)
    except ExportError as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:
        raise click.ClickException(f"cannot write {dest or out}: {exc.strerror}") from None
    extra = ", ".join(f"{v} {k.replace('_', ' ')}" for k, v in summary.items()
                      if k not in ("format", "dest", "files") and v)
    click.echo(f"wrote {summary['dest']} ({fmt}: {len(summary['files'])} file{'s' if len(summary['files']) != 1 else ''}"
               + (f"; {extra}" if extra else "") + ")")


COMMANDS = (query, chain, region, policy, firm, path, search, list_, compare, figures, gaps, analyze, export)  # `kg load`: kg/store/neo4j_commands.py


def register(group: click.Group) -> None:
    """Add the commands to ``group`` (the ``kg`` group), each with the shared ``-o/--out``."""
    from kg.cli import out_option  # here, not at import: kg.cli imports this module at its end

    for cmd in COMMANDS:
        if not any(p.name == "out" for p in cmd.params):
            out_option(cmd)
        group.add_command(cmd)
