"""The database commands of ``kg``: query, chain, region, policy, firm, path, analyze, export.

Registered on the ``kg`` group by :func:`register` (called at the bottom of kg/cli.py). Each
command parses its options, calls one function in kg.queries / kg.store, and prints; a user
error (unknown name, bad Cypher, no database) is one line on stderr and exit code 1.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import unicodedata
from pathlib import Path
from typing import Any

import click

from kg.csvout import csv_text

FORMATS = ("table", "csv", "json")


# ------------------------------------------------------------------------------ text formatting
def width(text: str) -> int:
    """Terminal columns of ``text``: East Asian wide and fullwidth characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1
               for ch in text)


def pad(text: str, cols: int) -> str:
    return text + " " * max(0, cols - width(text))


def _cut(text: str, cols: int) -> str:
    out, used = [], 0
    for ch in text:
        w = width(ch)
        if used + w > cols:
            break
        out.append(ch)
        used += w
    return "".join(out)


def clip(text: str, cols: int, focus: tuple[str, ...] = ()) -> str:
    """``text`` in at most ``cols`` columns; a cut is marked ``…`` and keeps the first ``focus``
    term that occurs in it in view (the entity's name in its evidence sentence)."""
    text = " ".join(str(text).split())
    if width(text) <= cols:
        return text
    if cols <= 1:
        return "…"
    start = 0
    for term in focus:
        i = text.find(term) if term else -1
        if i >= 0:
            # put the term about a third into the window
            start = max(0, i - max(0, (cols - width(term)) // 3))
            break
    while start > 0 and width(text[start:]) < cols - 1:
        start -= 1
    head = "…" if start > 0 else ""
    body = _cut(text[start:], cols - width(head) - 1)
    tail = "…" if len(head) + len(body) < len(text) - start + len(head) else ""
    return head + body + tail


def cell(value: Any) -> str:
    """A value as table text: nodes as ``name (Label)``, relationships as ``TYPE``."""
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, dict):
        if "_label" in value:
            return f"{value.get('name') or value.get('metric') or value.get('iri', '')} ({value['_label']})"
        if "_type" in value:
            return f"[{value['_type']}] {value.get('evidence', '')}".strip()
        return json.dumps(value, ensure_ascii=False, default=str)
    if isinstance(value, list):
        return "[" + ", ".join(cell(v) for v in value) + "]"
    return str(value)


def table(rows: list[dict], columns: list[str], total: int | None = None, full: bool = False,
          focus=lambda row: (), wide: str = "evidence", indent: str = "  ") -> list[str]:
    """Aligned lines for ``rows``; column ``wide`` takes the width the terminal leaves."""
    texts = [[cell(r.get(c)) for c in columns] for r in rows]
    term = total or max(80, shutil.get_terminal_size((120, 24)).columns)
    cols = [min(width(c) if not texts else max(width(c), *(width(t[i]) for t in texts)), 40 if not full else 10**6)
            for i, c in enumerate(columns)]
    if wide in columns and not full:
        i = columns.index(wide)
        rest = sum(w for j, w in enumerate(cols) if j != i) + 2 * (len(columns) - 1) + len(indent)
        cols[i] = min(max(width(wide), *(width(t[i]) for t in texts)) if texts else width(wide),
                      max(24, term - rest))
    lines = [indent + "  ".join(pad(c, cols[i]) for i, c in enumerate(columns)).rstrip(),
             indent + "  ".join("─" * cols[i] for i in range(len(columns)))]
    for r, t in zip(rows, texts, strict=True):
        parts = []
        for i, c in enumerate(columns):
            text = t[i] if full else clip(t[i], cols[i], focus(r) if c == wide else ())
            parts.append(pad(text, cols[i]))
        lines.append(indent + "  ".join(parts).rstrip())
    return lines


def _csv_text(rows: list[dict], columns: list[str]) -> str:
    return csv_text(columns, ([v if isinstance(v, str) else "" if v is None else
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


def _header(answer) -> list[str]:
    e = answer.entity
    bits = [e.display]
    if e.aliases:
        bits.append("aliases: " + ", ".join(e.aliases))
    for key, title in (("date", "date"), ("doc_type", "type"), ("category", "category"), ("code", "code")):
        if e.props.get(key):
            bits.append(f"{title} {e.props[key]}")
    if e.props.get("docs"):
        n = len(e.props["docs"])
        bits.append(f"named in {n} document{'s' if n != 1 else ''}")
    return [" · ".join(bits), f"  {e.iri}"]


def render(answer, limit: int, full: bool) -> list[str]:
    """The readable text of a question's answer: a header, then one table per section."""
    if answer.question == "path":
        a, b = answer.entity, answer.other
        lines = [f"{a.display} … {b.display}"]
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
    hidden = HIDDEN.get(answer.question, set())
    focus_names = (answer.entity.name, *answer.entity.aliases)
    for section, rows in answer.sections().items():
        cols = [c for c in answer.columns if c not in ("section", *hidden)
                and (c in ("name", "evidence", "doc") or any(str(r.get(c, "")) for r in rows))]
        if all(r.get("name") == r.get("doc") for r in rows):  # "mentioned in": the name is the doc
            cols.remove("name")
        shown = rows if not limit else rows[:limit]
        lines += ["", f"{section} ({len(rows)})"]
        lines += table(shown, cols, full=full, focus=lambda r: (str(r.get("name", "")), *focus_names))
        if len(shown) < len(rows):
            lines.append(f"  … {len(rows) - len(shown)} more (--limit 0 shows all)")
    return lines


def _answer_json(answer) -> dict:
    def ent(e):
        return None if e is None else {"iri": e.iri, "name": e.name, "label": e.label, "aliases": list(e.aliases)}
    out = {"question": answer.question, "entity": ent(answer.entity), "note": answer.note,
           "columns": answer.columns, "rows": answer.rows}
    if answer.other is not None:
        out["other"] = ent(answer.other)
    return out


def _ask(fn, args: tuple, out: Path, fmt: str, limit: int, full: bool, uri, user, database) -> None:
    with user_errors():
        backend = _open(out, uri, user, database)
        try:
            answer = fn(backend, *args)
        finally:
            _close(backend)
    if fmt == "json":
        click.echo(json.dumps(_answer_json(answer), ensure_ascii=False, indent=2, default=str))
        return
    if answer.note:
        click.echo(f"kg: {answer.note}", err=True)
    if fmt == "csv":
        click.echo(_csv_text(answer.rows, answer.columns), nl=False)
        return
    for line in render(answer, limit, full):
        click.echo(line)


def question_options(fn):
    fn = backend_options(fn)
    fn = click.option("--full", is_flag=True, help="Whole evidence sentences (no shortening).")(fn)
    fn = click.option("--limit", default=20, show_default=True, type=click.IntRange(min=0),
                      help="Rows shown per section in the table (0: all).")(fn)
    return format_option(fn)


@click.command()
@click.argument("name")
@question_options
def chain(name: str, out: Path, fmt: str, limit: int, full: bool, uri, user, database) -> None:
    """An industry, industry chain or cluster: its firms, places, policies and parts.

    Leading firms and other firms (with where they are), the places that develop it, the
    policies that support it (issuer, date), what it is part of and its parts; every row with
    its evidence sentence and document.

    \b
    Example:
      kg chain 新型材料
    """
    from kg.queries.questions import chain as ask

    _ask(ask, (name,), out, fmt, limit, full, uri, user, database)


@click.command()
@click.argument("name")
@question_options
def region(name: str, out: Path, fmt: str, limit: int, full: bool, uri, user, database) -> None:
    """A place (province, city, county, region, zone): what it develops and what is in it.

    Its industries, zones, platforms and firms (also those in its zones: `via`), policies
    for it, and its figures by year (metric, value, unit, year, kind), each with evidence.
    Aliases work: 郑州 finds 郑州市.

    \b
    Example:
      kg region 郑州
    """
    from kg.queries.questions import region as ask

    _ask(ask, (name,), out, fmt, limit, full, uri, user, database)


@click.command()
@click.argument("title")
@question_options
def policy(title: str, out: Path, fmt: str, limit: int, full: bool, uri, user, database) -> None:
    """A policy document: issuer, date, type, what it supports, where it is cited.

    \b
    Example:
      kg policy 河南省建设制造强省三年行动计划（2023—2025年）
    """
    from kg.queries.questions import policy as ask

    _ask(ask, (title,), out, fmt, limit, full, uri, user, database)


@click.command()
@click.argument("name")
@question_options
def firm(name: str, out: Path, fmt: str, limit: int, full: bool, uri, user, database) -> None:
    """A firm: the industries and chains it leads or works in, where it is, figures about it.

    \b
    Example:
      kg firm 富士康
    """
    from kg.queries.questions import firm as ask

    _ask(ask, (name,), out, fmt, limit, full, uri, user, database)


@click.command()
@click.argument("a")
@click.argument("b")
@question_options
def path(a: str, b: str, out: Path, fmt: str, limit: int, full: bool, uri, user, database) -> None:
    """The shortest connection between two entities, each hop with its evidence.

    Through the graph's relations first (at most 6 hops); when there is none, through the
    documents that name both. Prefix a name with its label to choose among namesakes
    (City:郑州市).

    \b
    Example:
      kg path 富士康 河南省
    """
    from kg.queries.questions import path as ask

    _ask(ask, (a, b), out, fmt, limit, full, uri, user, database)


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
    ["ttl", "nt", "jsonld", "graphml", "csv", "neo4j-import"]), help="What to write.")
@click.option("--dest", type=click.Path(path_type=Path), default=None,
              help="File (folder for csv and neo4j-import); default OUT/export/….")
def export(fmt: str, dest: Path | None, out: Path) -> None:
    """Write the build as RDF (ttl, nt, jsonld), GraphML, CSV or a Neo4j import bundle.

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


COMMANDS = (query, chain, region, policy, firm, path, analyze, export)  # `kg load`: kg/store/neo4j_commands.py


def register(group: click.Group) -> None:
    """Add the commands to ``group`` (the ``kg`` group), each with the shared ``-o/--out``."""
    from kg.cli import out_option  # here, not at import: kg.cli imports this module at its end

    for cmd in COMMANDS:
        if not any(p.name == "out" for p in cmd.params):
            out_option(cmd)
        group.add_command(cmd)
