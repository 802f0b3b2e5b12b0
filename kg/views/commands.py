"""``kg viz``: one interactive HTML page (vis-network, self-contained) from a build.

Option names: in ``kg viz`` the short ``-o`` names the page to write, as the issue asks
(``kg viz chain NAME -o page.html``); the build folder, which every other command takes as
``-o/--out``, is ``-b/--build`` here, and its long name ``--out`` (short ``-O``) still works,
so ``--out`` means "build folder" in every kg command.
"""

from __future__ import annotations

from pathlib import Path

import click

from kg.views.network import MAX_NODES

EXAMPLES = """
\b
Examples:
  kg build ../shared/corpus -o out                       # the build (pages in out/html/)
  kg viz chain 工程机械 -o chain.html                     # reads the build in out/
  kg viz region 郑州市 -o zhengzhou.html --build out
  kg viz policy 河南省建设制造强省三年行动计划 -o policy.html -b out
  kg viz firm 宇通 -o firm.html --out out                 # --out/-O is --build/-b
  kg viz overview -o overview.html --max-nodes 200
"""


def _page_option(fn):
    return click.option("-o", "--output", "output", required=True, type=click.Path(dir_okay=False, path_type=Path),
                        help="HTML page to write (note: -o is the page here; the build is -b/--build).")(fn)


def _build_option(fn):
    return click.option("-b", "--build", "-O", "--out", "build", type=click.Path(path_type=Path),
                        default=Path("out"), show_default=True,
                        help="Build folder to read (made by `kg build`); --out/-O is the same option.")(fn)


def _max_nodes_option(fn):
    return click.option("--max-nodes", type=click.IntRange(1), default=MAX_NODES, show_default=True,
                        help="Cut a larger view to its most connected part (the page says so).")(fn)


def _load(build: Path):
    """The build's projection, as a :class:`~kg.views.network.ViewIndex`."""
    from kg.views import load_index

    try:
        return load_index(build)
    except FileNotFoundError as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:
        raise click.ClickException(f"cannot read {build / 'graph.ttl'}: {exc.strerror}") from None
    except Exception as exc:  # rdflib raises several parser errors
        raise click.ClickException(f"{build / 'graph.ttl'} is not valid Turtle: {str(exc).splitlines()[0]}") from None


def _write(view, index, output: Path) -> None:
    from kg.views.render import render, write_page

    page = render(view, index)
    try:
        write_page(page, output)
    except OSError as exc:
        raise click.ClickException(f"cannot write {output}: {exc.strerror}") from None
    what = f"{page.title!r}" if view.center else "overview"
    click.echo(f"wrote {output}: {what}, {page.nodes} entities, {page.edges} relationships"
               + (f" ({view.note})" if view.truncated else ""))


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, epilog=EXAMPLES)
def viz() -> None:
    """Interactive HTML views of a build: an entity's neighbourhood or the overview.

    The page is one self-contained file (vis-network inlined, no network access): open it in
    a browser, from disk. Nodes are coloured and shaped by class (legend from the ontology),
    sized by degree; hover for aliases and evidence sentences, click to pin them.

    NAME is matched against the names and aliases in the build: exactly, then ignoring
    case/width/spaces, then as a unique substring; otherwise the command lists suggestions
    and exits 1.

    Options: -o/--output PAGE is the HTML file to write. The build folder, which the
    other kg commands take as -o/--out, is -b/--build here (--out/-O also works),
    default out.
    """


def _ego_command(kind: str, summary: str):
    @viz.command(name=kind, help=f"{summary}\n{EXAMPLES}")
    @click.argument("name")
    @_page_option
    @_build_option
    @_max_nodes_option
    @click.option("--radius", type=click.IntRange(1, 4), default=None,
                  help="Hops around the entity (default: 2, 1 for region).")
    def command(name: str, output: Path, build: Path, max_nodes: int, radius: int | None) -> None:
        index = _load(build)
        try:
            iri = index.resolve(name, kind)
        except LookupError as exc:
            raise click.ClickException(str(exc)) from None
        _write(index.ego(iri, kind, radius=radius, max_nodes=max_nodes), index, output)

    return command


_ego_command("chain", "An industry chain, cluster or industry and its neighbourhood (places, firms, policies).")
_ego_command("region", "A place (province, city, county, region, zone) and what it develops and holds.")
_ego_command("policy", "A policy document: who issued it and what it supports.")
_ego_command("firm", "An enterprise: its industries, the chains it leads, where it is.")


@viz.command(help=f"The whole graph, cut to the most connected entities.\n{EXAMPLES}")
@_page_option
@_build_option
@_max_nodes_option
def overview(output: Path, build: Path, max_nodes: int) -> None:
    index = _load(build)
    _write(index.overview(max_nodes=max_nodes), index, output)


__all__ = ["viz"]
