"""A crfsuite model file read into numpy arrays, and its tagging done on whole batches of sentences.

crfsuite's own tagger takes every attribute of every character as a string and looks each one up;
for the mention model that is most of the extraction time. Here the file's weights are read once
(``state[attribute id, label id]``, ``trans[label, label]``), the caller gives attribute *ids*, and
the Viterbi path and the marginals are computed with numpy for many sentences at once.

The arithmetic is crfsuite's (``crf1d_context.c``): a state score is the sum of its attributes'
weights in the order the attributes are given, a path score adds ``prev[i] + trans[i][j]`` then
the state score, ties go to the lowest label id; marginals come from the scaled forward-backward
recursion. So the labels are crfsuite's labels (tests/test_extract_speed_equivalence.py checks it
on every sentence of the web corpus).

The file format (crfsuite's ``crf1d_model.c``, little-endian): a 48-byte header with the offsets
of the feature array (20-byte records: type, source, destination, weight as a double) and of the
label and attribute dictionaries (CQDB: a table from id to the string's record).
"""

from __future__ import annotations

import heapq
import struct
from dataclasses import dataclass
from pathlib import Path

import numpy as np

_HEADER = struct.Struct("<4sI4sIIIIIIIII")
_FEATURE = np.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("weight", "<f8")])
_STATE, _TRANSITION = 0, 1
BATCH = 32  # sentences whose marginals are computed together (sorted by length: little padding)
LANES = 32  # sentences decoded side by side by the Viterbi recursion


class CrfFileError(ValueError):
    """Not a crfsuite CRF1d model file, or a damaged one."""


def _cqdb_strings(data: bytes, offset: int) -> list[str]:
    """The strings of a CQDB chunk, by id."""
    chunk, _size, _flag, _order, count, backward = struct.unpack_from("<4sIIIII", data, offset)
    if chunk != b"CQDB":
        raise CrfFileError("no string table where the header points")
    out = []
    for i in range(count):
        (record,) = struct.unpack_from("<I", data, offset + backward + 4 * i)
        rid, size = struct.unpack_from("<II", data, offset + record)
        if rid != i or size == 0:
            raise CrfFileError("damaged string table")
        out.append(data[offset + record + 8:offset + record + 7 + size].decode("utf-8"))
    return out


@dataclass
class CrfWeights:
    """The labels, the attribute ids and the weights of one crfsuite model file.

    ``state`` has one row per attribute and a last row of zeros (``missing``, the row of an
    attribute the model does not know)."""

    labels: list[str]
    attributes: dict[str, int]
    state: np.ndarray  # (attributes + 1, labels)
    trans: np.ndarray  # (labels, labels): from, to

    @property
    def missing(self) -> int:
        return len(self.attributes)

    @classmethod
    def read(cls, path: Path | str) -> CrfWeights:
        try:
            data = Path(path).read_bytes()
            magic, _size, kind, _version, _nf, n_labels, n_attrs, at_features, at_labels, at_attrs, _lr, _ar = \
                _HEADER.unpack_from(data, 0)
            if magic != b"lCRF" or kind != b"FOMC":
                raise CrfFileError(f"not a crfsuite CRF1d model: {path}")
            labels = _cqdb_strings(data, at_labels)
            attrs = _cqdb_strings(data, at_attrs)
            chunk, _csize, count = struct.unpack_from("<4sII", data, at_features)
            if chunk != b"FEAT" or len(labels) != n_labels or len(attrs) != n_attrs:
                raise CrfFileError(f"damaged crfsuite model: {path}")
            feats = np.frombuffer(data, dtype=_FEATURE, count=count, offset=at_features + 12)
        except (struct.error, ValueError, UnicodeDecodeError) as exc:
            if isinstance(exc, CrfFileError):
                raise
            raise CrfFileError(f"damaged crfsuite model: {path}: {exc}") from None
        is_state = feats["type"] == _STATE
        is_trans = feats["type"] == _TRANSITION
        if not (is_state | is_trans).all() or (feats["dst"] >= n_labels).any() \
                or (feats["src"][is_state] >= n_attrs).any() or (feats["src"][is_trans] >= n_labels).any():
            raise CrfFileError(f"damaged crfsuite model: {path}")
        state = np.zeros((n_attrs + 1, n_labels))
        trans = np.zeros((n_labels, n_labels))
        state[feats["src"][is_state], feats["dst"][is_state]] = feats["weight"][is_state]
        trans[feats["src"][is_trans], feats["dst"][is_trans]] = feats["weight"][is_trans]
        return cls(labels, {a: i for i, a in enumerate(attrs)}, state, trans)

    # -- scores
    def scores(self, ids: np.ndarray, extra_rows: np.ndarray | None = None,
               extra_ids: np.ndarray | None = None) -> np.ndarray:
        """State scores (positions, labels) of positions whose attributes are ``ids`` (positions,
        k), column by column, then the ``extra_ids`` added at ``extra_rows`` in their order: the
        same sums, in the same order, as crfsuite's over the attribute list."""
        state = self.state
        out = np.take(state, ids[:, 0], axis=0)  # np.take: a faster gather than indexing
        for k in range(1, ids.shape[1]):
            out += np.take(state, ids[:, k], axis=0)
        if extra_rows is not None and len(extra_rows):
            np.add.at(out, extra_rows, state[extra_ids])
        return out

    # -- decoding
    def viterbi(self, scores: list[np.ndarray]) -> list[list[int]]:
        """The best label path of each sentence (its state scores: positions × labels).

        The sentences run side by side in ``LANES`` lanes, several one after another in a lane
        (the path restarts where a sentence starts), so that each numpy step serves many."""
        paths: list[list[int]] = [[] for _ in scores]
        lengths = [len(s) for s in scores]
        # as many lanes as keep the longest sentence the length of the run: no lane idles long
        placed = _lanes(lengths, min(LANES, max(1, -(-sum(lengths) // max(lengths, default=1)))))
        if not placed:
            return paths
        steps = max(at + len(scores[i]) for i, (_lane, at) in placed.items())
        width, n_labels = 1 + max(lane for lane, _at in placed.values()), len(self.labels)
        state = np.zeros((steps, width, n_labels))
        starts: dict[int, list[int]] = {}
        for i, (lane, at) in placed.items():
            state[at:at + len(scores[i]), lane] = scores[i]
            starts.setdefault(at, []).append(lane)
        trans_to = np.ascontiguousarray(self.trans.T)  # [j, i]: the reduction runs along a row
        back = np.zeros((steps, width, n_labels), dtype=np.intp)
        best = np.empty((steps, width, n_labels))  # best[t, b, j]: the best path to label j at t
        best[0] = state[0]
        cand = np.empty((width, n_labels, n_labels))
        flat = cand.reshape(-1)
        cells = np.arange(width * n_labels).reshape(width, n_labels) * n_labels
        for t in range(1, steps):
            np.add(best[t - 1][:, None, :], trans_to[None, :, :], out=cand)  # prev[i] + trans[i][j]
            came = cand.argmax(axis=2, out=back[t])  # the first best i, as crfsuite's strict "<"
            np.add(flat.take(cells + came), state[t], out=best[t])
            lanes = starts.get(t)
            if lanes is not None:  # a sentence starts here: its path starts afresh
                best[t, lanes] = state[t, lanes]
        ends: dict[int, list[int]] = {}
        for i, (lane, at) in placed.items():
            ends.setdefault(at + len(scores[i]) - 1, []).append(lane)
        rows = np.arange(width)
        label = np.zeros(width, dtype=np.intp)
        out = np.zeros((steps, width), dtype=np.intp)
        for t in range(steps - 1, -1, -1):
            lanes = ends.get(t)
            if lanes is not None:  # a sentence ends here: the first best last label, as crfsuite's
                label[lanes] = best[t, lanes].argmax(axis=1)
            out[t] = label
            if t:
                label = back[t, rows, label]
        for i, (lane, at) in placed.items():
            paths[i] = out[at:at + len(scores[i]), lane].tolist()
        return paths

    def marginals(self, scores: list[np.ndarray]) -> list[np.ndarray]:
        """P(label at t | sentence) of each sentence (positions × labels), by crfsuite's scaled
        forward-backward recursion."""
        out: list[np.ndarray] = [np.zeros((0, len(self.labels))) for _ in scores]
        exp_trans = np.exp(self.trans)
        for batch in _batches(scores):
            lengths = np.array([len(scores[i]) for i in batch])
            exp_state = np.exp(_padded([scores[i] for i in batch]))  # padding: exp(0) = 1
            steps, width, n_labels = exp_state.shape
            alpha = np.empty_like(exp_state)
            scale = np.empty((steps, width))
            a = exp_state[0]
            for t in range(steps):
                if t:
                    a = (alpha[t - 1] @ exp_trans) * exp_state[t]
                scale[t] = 1.0 / a.sum(axis=1)
                alpha[t] = a * scale[t][:, None]
            beta = np.empty_like(exp_state)
            last = lengths - 1
            b = np.zeros((width, n_labels))
            for t in range(steps - 1, -1, -1):
                if t < steps - 1:
                    b = ((beta[t + 1] * exp_state[t + 1]) @ exp_trans.T) * scale[t][:, None]
                ending = last == t
                b[ending] = scale[t][ending][:, None]
                beta[t] = b
            probs = alpha * beta / scale[:, :, None]
            for k, i in enumerate(batch):
                out[i] = probs[:lengths[k], k]
        return out


    def one_item_marginals(self, ids: np.ndarray) -> np.ndarray:
        """P(label) of one-item sequences (a maximum-entropy classifier), one per row of
        attribute ids (``missing`` pads a row): the state scores summed in attribute order, then
        crfsuite's forward-backward on one item, fwd * bwd / scale with fwd = exp(score) * scale
        and bwd = scale."""
        scores = np.take(self.state, ids, axis=0).sum(axis=1)  # over attributes in order (not pairwise)
        exp_state = np.exp(scores)
        total = exp_state[:, 0].copy()
        for j in range(1, exp_state.shape[1]):  # crfsuite's vecsum: left to right
            total += exp_state[:, j]
        scale = (1.0 / total)[:, None]
        return exp_state * scale * scale / scale


def _lanes(lengths: list[int], lanes: int) -> dict[int, tuple[int, int]]:
    """Sentence index → (lane, first step) for the non-empty sentences: longest first, each into
    the lane of ``lanes`` that is shortest so far (the lowest lane on a tie)."""
    order = sorted((i for i, n in enumerate(lengths) if n), key=lambda i: (-lengths[i], i))
    filled = [(0, lane) for lane in range(min(lanes, len(order)))]
    placed = {}
    for i in order:
        used, lane = heapq.heappop(filled)
        placed[i] = (lane, used)
        heapq.heappush(filled, (used + lengths[i], lane))
    return placed


def _batches(scores: list[np.ndarray]) -> list[list[int]]:
    """Indexes of the non-empty sentences, longest first, in groups of ``BATCH``."""
    order = sorted((i for i, s in enumerate(scores) if len(s)), key=lambda i: (-len(scores[i]), i))
    return [order[k:k + BATCH] for k in range(0, len(order), BATCH)]


def _padded(arrays: list[np.ndarray]) -> np.ndarray:
    """(longest, count, labels) with zeros after each sentence's end."""
    steps = max(len(a) for a in arrays)
    out = np.zeros((steps, len(arrays), arrays[0].shape[1]))
    for b, a in enumerate(arrays):
        out[:len(a), b] = a
    return out
