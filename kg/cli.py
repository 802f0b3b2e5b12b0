"""The ``kg`` command line: each command parses its options and calls one function elsewhere."""

from __future__ import annotations

import errno
import json
import sys
from pathlib import Path

import click

from kg.ingest.loader import CorpusError

OUT_HELP = "Build folder (default: out)."


def out_option(fn):
    """The ``-o/--out`` option every command that reads or writes a build shares."""
    return click.option("-o", "--out", "out", type=click.Path(path_type=Path), default=Path("out"),
                        show_default=True, help=OUT_HELP)(fn)


def _err(msg: str) -> click.ClickException:
    return click.ClickException(msg)


def _need_build(out: Path) -> None:
    if not (out / "graph.ttl").is_file():
        raise _err(f"no build in {out}: run `kg build CORPUS -o {out}` first")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kg")
def main() -> None:
    """kg: Chinese industrial-policy documents to a knowledge graph.

    \b
    Examples:
      kg build ../shared/corpus -o out     # build graph.ttl, facts/*.csv, report.json
      kg stats -o out                      # what the build holds
      kg validate -o out                   # SHACL check of out/graph.ttl
    """


@main.command()
@click.argument("corpus", type=click.Path(path_type=Path))
@out_option
@click.option("-q", "--quiet", is_flag=True, help="No progress on stderr.")
@click.option("--model", "model_dir", type=click.Path(path_type=Path),
              help="Model folder made by `kg train` (default: the model shipped with kg).")
@click.option("--rules", "rules_only", is_flag=True, help="Rules alone, no learned model.")
@click.option("--workers", type=click.IntRange(min=1), default=None,
              help="Worker processes for the per-document stage (default: the CPU count).")
@click.option("--scheduler", metavar="ADDRESS", default=None,
              help="Run the per-document stage on a Dask cluster (tcp://HOST:8786); needs kg[dask].")
@click.option("--dask-local", type=click.IntRange(min=1), default=None, metavar="N",
              help="Start a Dask LocalCluster of N worker processes for the per-document stage.")
@click.option("--cache", "cache_dir", type=click.Path(path_type=Path), default=None,
              help="Folder of the per-document cache (default: OUT/cache).")
@click.option("--no-cache", is_flag=True, help="Read every document again; keep no cache.")
def build(corpus: Path, out: Path, quiet: bool, workers: int | None, scheduler: str | None,
          dask_local: int | None, cache_dir: Path | None, no_cache: bool, model_dir: Path | None,
          rules_only: bool) -> None:
    """Build the knowledge graph of the .txt/.md files in CORPUS.

    \b
    Writes OUT/graph.ttl (RDF with provenance), OUT/facts/{entities,relations,
    observations,policies}.csv and OUT/report.json (counts, SHACL result, timings).
    A file that cannot be decoded is skipped with a warning.

    \b
    Example:
      kg build ../shared/corpus -o out
    """
    from kg.build import BuildError
    from kg.build import build as run_build
    from kg.extract.learned import ModelError, load_model

    try:
        model = None if rules_only else load_model(model_dir)
    except ModelError as exc:
        raise _err(str(exc)) from None
    from kg.parallel import ReadError, ReadOptions

    def say(msg: str) -> None:
        if not quiet:
            click.echo(f"kg: {msg}", err=True)

    def warn(msg: str) -> None:
        click.echo(f"kg: warning: {msg}", err=True)

    try:
        options = ReadOptions(workers=workers, scheduler=scheduler, dask_local=dask_local, cache=not no_cache,
                              cache_dir=cache_dir)
        report = run_build(corpus, out, say=say, warn=warn, model=model, rules_only=rules_only, reading=options)
    except (CorpusError, BuildError, ReadError) as exc:
        raise _err(str(exc)) from None
    except OSError as exc:
        if exc.errno not in (errno.EACCES, errno.EROFS, errno.ENOSPC, errno.EEXIST, errno.ENOTDIR):
            raise
        raise _err(f"cannot write {out}: {exc.strerror}") from None
    c = report["counts"]
    click.echo(f"built {out}: {c['entities']} entities, {c['relations']} relations, "
               f"{c['observations']} observations, {c['triples']} triples; SHACL "
               f"{'conforms' if report['shacl']['conforms'] else 'VIOLATIONS: ' + str(report['shacl']['violations'])}"
               f" ({report['timings_s']['total']} s)")
    if not report["shacl"]["conforms"]:
        sys.exit(1)


@main.command()
@out_option
@click.option("--json", "as_json", is_flag=True, help="Print the report's counts as JSON.")
def stats(out: Path, as_json: bool) -> None:
    """Counts of a build: entities by type, relations by predicate, observations, timings.

    \b
    Example:
      kg stats -o out
    """
    path = out / "report.json"
    if not path.is_file():
        raise _err(f"no build in {out}: run `kg build CORPUS -o {out}` first")
    report = json.loads(path.read_text(encoding="utf-8"))
    if as_json:
        click.echo(json.dumps(report["counts"], ensure_ascii=False, indent=2))
        return
    c = report["counts"]
    click.echo(f"documents     {len(report['documents'])}")
    click.echo(f"triples       {c['triples']}")
    click.echo(f"entities      {c['entities']}")
    for k, v in c["entities_by_type"].items():
        click.echo(f"  {k:<20} {v}")
    click.echo(f"relations     {c['relations']}")
    for k, v in c["relations_by_predicate"].items():
        click.echo(f"  {k:<20} {v}")
    click.echo(f"observations  {c['observations']}")
    click.echo(f"SHACL         {'conforms' if report['shacl']['conforms'] else 'does not conform'}")
    click.echo(f"build time    {report['timings_s'].get('total')} s")


@main.command()
@out_option
@click.option("--full", is_flag=True,
              help="Every shape on every triple (provenance, observations, sentences too); slower.")
def validate(out: Path, full: bool) -> None:
    """Validate OUT/graph.ttl against the SHACL shapes derived from the ontology.

    Without --full: the entity and relation shapes, and the provenance checked record by record
    (what the build checks). Exits 1 and lists the first violations when the graph does not conform.

    \b
    Example:
      kg validate -o out --full
    """
    from rdflib import Graph

    from kg.rdf.shapes import validate as shacl_validate

    _need_build(out)
    g = Graph()
    try:
        g.parse(out / "graph.ttl", format="turtle")
    except Exception as exc:  # rdflib raises several parser errors
        raise _err(f"{out / 'graph.ttl'} is not valid Turtle: {str(exc).splitlines()[0]}") from None
    result = shacl_validate(g, full=full)
    if result["conforms"]:
        click.echo(f"{out / 'graph.ttl'}: {len(g)} triples, conforms ({result['seconds']} s)")
        return
    click.echo(f"{out / 'graph.ttl'}: {result['violations']} violations", err=True)
    for m in result["messages"]:
        click.echo(f"  {m}", err=True)
    sys.exit(1)


# ---------------------------------------------------------------- commands defined elsewhere
# Each module adds its commands with one line here (store: query, questions, load, analyze,
# export; views: viz).
__import__("kg.store.commands", fromlist=["register"]).register(main)  # query, questions, analyze, export
main.add_command(__import__("kg.views.commands", fromlist=["viz"]).viz)  # kg viz (kg/views/commands.py)
main.add_command(__import__("kg.store.neo4j_commands", fromlist=["load"]).load)  # kg load (kg/store/neo4j_commands.py)
main.add_command(__import__("kg.extract.commands", fromlist=["train"]).train)  # kg train (kg/extract/commands.py)


if __name__ == "__main__":
    main()
