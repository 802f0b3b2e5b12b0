"""``kg load``: put a build's property graph into a Neo4j server (or rebuild the embedded database).

Registered in :mod:`kg.cli` with one line. The password is read from ``NEO4J_PASSWORD`` only.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from kg.store.commands import uri_without_password

EXAMPLES = """
\b
Examples:
  export NEO4J_PASSWORD=...                     # never on the command line
  kg load -o out --uri bolt://localhost:7687
  kg load -o out --uri bolt://db.example.org:7687 --user kg --database policies
  kg load -o out --uri neo4j+s://xxxx.databases.neo4j.io --batch-size 2000   # Aura
  kg load -o out                                # no --uri: rebuild out/graph.lbdb
"""


@click.command("load", epilog=EXAMPLES)
@click.option("-o", "--out", "out", type=click.Path(path_type=Path), default=Path("out"), show_default=True,
              help="Build folder (made by `kg build`); its graph.ttl is what is loaded.")
@click.option("--uri", metavar="URI", callback=uri_without_password,
              help="Neo4j server: bolt://HOST:7687, neo4j://HOST:7687, neo4j+s://… (Aura), bolt+s://…")
@click.option("--user", default="neo4j", show_default=True, envvar="NEO4J_USER",
              help="Neo4j user (or NEO4J_USER). The password comes from NEO4J_PASSWORD.")
@click.option("--database", metavar="NAME", help="Database on the server (default: the user's home database).")
@click.option("--batch-size", type=click.IntRange(1, 1_000_000), default=5000, show_default=True,
              help="Rows per write transaction.")
@click.option("-q", "--quiet", is_flag=True, help="No progress on stderr.")
def load(out: Path, uri: str | None, user: str, database: str | None, batch_size: int, quiet: bool) -> None:
    """Load the build in OUT into a Neo4j 5 server, or rebuild OUT/graph.lbdb.

    \b
    With --uri: creates uniqueness constraints on `iri` (every label) and on
    `aid` (every relationship type) and indexes on `name`, then upserts the
    nodes and relationships of OUT/graph.ttl in batches, one write transaction
    per batch. Loading again changes nothing; loading a newer build adds what
    is new and updates properties; nothing is deleted. A failed load leaves
    only complete batches: run it again to finish. The password is read from
    the environment variable NEO4J_PASSWORD, never from the command line.

    \b
    Without --uri: (re)creates the embedded database OUT/graph.lbdb from
    OUT/graph.ttl without rebuilding.
    """
    def say(msg: str) -> None:
        if not quiet:
            click.echo(f"kg: {msg}", err=True)

    if not (out / "graph.ttl").is_file():
        raise click.ClickException(f"no build in {out}: run `kg build CORPUS -o {out}` first")
    if not uri:
        _load_embedded(out)
        return

    from kg.store.neo4j import Neo4jError, password_from_env, scrub
    from kg.store.neo4j import load as load_neo4j

    try:
        password = password_from_env()
        say(f"loading {out / 'graph.ttl'} into {uri}" + (f" (database {database})" if database else ""))
        stats = load_neo4j(out, uri, user, password, database=database, batch_size=batch_size, say=say)
    except Neo4jError as exc:
        raise click.ClickException(scrub(str(exc))) from None
    except KeyboardInterrupt:
        click.echo("kg: interrupted: the batches written so far are complete; run `kg load` again to finish",
                   err=True)
        sys.exit(130)
    nodes, rels = sum(stats["nodes"].values()), sum(stats["relationships"].values())
    created = stats["created"]
    click.echo(f"loaded {out} into {uri}: {nodes:,} nodes ({created['nodes']:,} new), {rels:,} relationships "
               f"({created['relationships']:,} new) in {stats['batches']} batches ({stats['seconds']['total']} s)")


def _load_embedded(out: Path) -> None:
    from kg.store.ladybug import StoreError, load_out

    try:
        stats = load_out(out)
    except StoreError as exc:
        raise click.ClickException(str(exc)) from None
    click.echo(f"loaded {out}/graph.lbdb: {stats['nodes']:,} nodes, {stats['relationships']:,} relationships "
               f"({sum(stats['seconds'].values()):.1f} s)")
