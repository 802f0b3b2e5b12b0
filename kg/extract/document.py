"""The per-document stage: one document → its sentences, their tokens and the mentions read in them.

``read_document`` depends on nothing but the document and the model, so it can run in a worker
process, on a Dask worker, or be cached by the document's content hash; its result is plain,
picklable data. Everything that needs the whole corpus (names learned across documents,
resolution, IRIs, facts) runs afterwards in :mod:`kg.extract.pipeline`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kg.extract import mentions as M
from kg.ingest.split import split_sentences
from kg.model import Document, Mention, Sentence


@dataclass
class DocumentReading:
    """What the per-document stage read in one document.

    ``tokens[i]`` are the jieba tokens of ``sentences[i]``; ``mentions[i]`` the mentions found in
    it (before the corpus-level selection)."""

    doc: str
    sentences: list[Sentence]
    tokens: list[list[str]] = field(default_factory=list)
    mentions: list[list[Mention]] = field(default_factory=list)

    def view(self, index: int) -> M.SentenceView:
        """The tokenized view of sentence ``index``, rebuilt without running jieba again."""
        return M.SentenceView.from_tokens(self.sentences[index].text, self.tokens[index])


def read_document(doc: Document, model=None) -> DocumentReading:
    """Split ``doc`` into sentences, tokenize them, recognize candidate mentions and, with a
    ``model`` (:mod:`kg.extract.learned`), let it decide which spans are mentions."""
    sentences = split_sentences(doc.name, doc.text)
    reading = DocumentReading(doc.name, sentences)
    views = []
    for s in sentences:
        view = M.SentenceView.of(s.text)
        found: list[Mention] = []
        for rec in M.RECOGNIZERS.values():
            found.extend(rec(view))
        views.append(view)
        reading.tokens.append(view.tokens)
        reading.mentions.append(found)
    if model is not None:  # the same as decide(reading, model) afterwards, with the views at hand
        reading.mentions = model.decide_all(views, reading.mentions)
    return reading


def decide(reading: DocumentReading, model) -> DocumentReading:
    """The same reading with the model's decisions in place of the recognizers' candidates."""
    views = [reading.view(i) for i in range(len(reading.sentences))]
    return DocumentReading(reading.doc, reading.sentences, reading.tokens, model.decide_all(views, reading.mentions))
