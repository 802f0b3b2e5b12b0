"""``kg train``: annotated passages → a model folder that ``kg build --model`` uses."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.argument("gold", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--corpus", "corpora", multiple=True, required=True, type=click.Path(path_type=Path),
              help="A folder holding the documents the gold names (repeatable).")
@click.option("-o", "--out", "out", required=True, type=click.Path(path_type=Path), help="Model folder to write.")
@click.option("--threshold", default=None, type=click.FloatRange(0.0, 1.0),
              help="Probability a relation needs to be kept [default: the cross-validated 0.7, "
                   "kg.extract.train.RELATION_THRESHOLD].")
@click.option("-q", "--quiet", is_flag=True, help="No progress on stderr.")
def train(gold: tuple[Path, ...], corpora: tuple[Path, ...], out: Path, threshold: float, quiet: bool) -> None:
    """Train the mention and relation models from GOLD.jsonl files.

    Each gold line is a passage with its entities, relations, observations and policies (the
    format of the shared eval README); --corpus folders hold the documents the lines name.
    The model folder is written whole or not at all.

    \b
    Example:
      kg train ../shared/eval/train_gold.jsonl --corpus ../shared/corpus_train -o mymodel
      kg build mydocs -o out --model mymodel
    """
    from kg.extract.gold import GoldError
    from kg.extract.train import RELATION_THRESHOLD, train_from_files
    from kg.ingest.loader import CorpusError

    def say(msg: str) -> None:
        if not quiet:
            click.echo(f"kg: {msg}", err=True)

    for f in gold:
        if not f.is_file():
            raise click.ClickException(f"gold file not found: {f}")
    try:
        meta = train_from_files(list(gold), list(corpora), out, say=say, relation_threshold=RELATION_THRESHOLD if threshold is None else threshold)
    except (GoldError, CorpusError, FileNotFoundError) as exc:
        raise click.ClickException(str(exc)) from None
    except OSError as exc:
        raise click.ClickException(f"cannot write {out}: {exc.strerror}") from None
    click.echo(f"trained {out}: {meta['documents']} documents, {meta['sentences']} sentences, "
               f"{meta['pairs']} mention pairs")
