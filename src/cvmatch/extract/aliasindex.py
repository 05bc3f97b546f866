"""The nearest taxonomy alias of a short phrase, by TF-IDF over character n-grams.

scikit-learn's ``TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4),
sublinear_tf=True)`` is fitted on the aliases once per taxonomy; what it learnt (the
n-gram vocabulary, the idf weights and the aliases' normalised vectors, stored by
n-gram) is kept in the disk cache (:mod:`cvmatch.taxonomy.store`) as arrays. Looking
a phrase up then needs neither scikit-learn nor SciPy, whose imports alone cost more
than spaCy's: the phrase's n-grams are weighted as the vectorizer's ``transform``
weights them (a test pins the two together) and each n-gram adds its aliases' weights,
for all the phrases of a call in one weighted count (``numpy.bincount``).
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy

from cvmatch.taxonomy.store import load_arrays, save_arrays

__all__ = ["AliasIndex", "char_ngrams"]

KIND = "aliases"
_NGRAMS = (2, 4)
_WHITE_SPACES = re.compile(r"\s\s+")
#: Most cells (texts x aliases) of similarity scored at once.
_MAX_CELLS = 1 << 20


def char_ngrams(text: str) -> list[str]:
    """The ``char_wb`` n-grams (2 to 4) of lowercased ``text``, as scikit-learn's
    analyzer gives them: per word padded with one space each side; a word shorter
    than n gives itself once."""
    text = _WHITE_SPACES.sub(" ", text.lower())
    grams = []
    low, high = _NGRAMS
    for word in text.split():
        padded = f" {word} "
        size = len(padded)
        for n in range(low, high + 1):
            if size <= n:
                grams.append(padded)
                break
            grams.extend(padded[i : i + n] for i in range(size - n + 1))
    return grams


class AliasIndex:
    """Aliases (lowercase phrases) as normalised TF-IDF vectors, stored by n-gram:
    for n-gram number ``k``, ``rows[starts[k]:starts[k + 1]]`` are the aliases that
    have it and ``weights`` the same slice their vector's value."""

    def __init__(self, arrays: Mapping[str, numpy.ndarray]) -> None:
        self.grams = {gram: i for i, gram in enumerate(arrays["grams"].tolist())}
        self.idf = numpy.asarray(arrays["idf"]).tolist()
        # 32-bit positions (the index holds far fewer entries): less to move per lookup
        self.starts = numpy.asarray(arrays["starts"]).astype(numpy.int32)
        self.rows = numpy.asarray(arrays["rows"]).astype(numpy.int32)
        self.weights = numpy.asarray(arrays["weights"])
        self.size = int(arrays["size"][0])

    @classmethod
    def build(cls, phrases: Sequence[str]) -> AliasIndex:
        """Fit the vectorizer on ``phrases``; read from the disk cache when it is there."""
        key = _key(phrases)
        arrays = load_arrays(KIND, key)
        if arrays is None:
            arrays = _fit(phrases)
            save_arrays(KIND, key, arrays)
        return cls(arrays)

    def vector(self, text: str) -> tuple[list[int], list[float]]:
        """``text``'s n-gram numbers (ascending) and weights, as the fitted vectorizer's
        ``transform`` gives them (n-grams it never saw are left out)."""
        grams, idf = self.grams, self.idf
        counts = sorted((grams[g], n) for g, n in Counter(char_ngrams(text)).items() if g in grams)
        columns = [c for c, _ in counts]
        values = [(math.log(n) + 1.0) * idf[c] for c, n in counts]
        norm = math.sqrt(float(numpy.dot(values, values))) if values else 0.0
        if norm:
            values = [v / norm for v in values]
        return columns, values

    def nearest(self, texts: Sequence[str]) -> list[tuple[int, float]]:
        """For each text, its most similar alias (number, cosine similarity); alias 0
        with similarity 0.0 when no n-gram is shared."""
        if not self.size:
            return [(0, 0.0)] * len(texts)
        out: list[tuple[int, float]] = []
        step = max(1, _MAX_CELLS // self.size)
        for first in range(0, len(texts), step):
            out.extend(self._nearest([self.vector(t) for t in texts[first : first + step]]))
        return out

    def _nearest(self, vectors: list[tuple[list[int], list[float]]]) -> list[tuple[int, float]]:
        """The best alias of each vector, with one weighted count over every (text,
        n-gram, alias) triple: each cell adds its n-grams in ascending order, as a loop
        over the n-grams would, so sums (and ties) come out the same."""
        columns = numpy.array([c for cols, _ in vectors for c in cols], dtype=numpy.int32)
        values = numpy.array([v for _, vals in vectors for v in vals], dtype=numpy.float64)
        owner = numpy.repeat(
            numpy.arange(len(vectors), dtype=numpy.int32), [len(cols) for cols, _ in vectors]
        )
        lows = self.starts[columns]
        lengths = self.starts[columns + 1] - lows
        # positions into rows/weights: each n-gram's slice, one after another
        ends = numpy.cumsum(lengths)
        where = numpy.arange(int(ends[-1]) if len(ends) else 0, dtype=numpy.int32) + numpy.repeat(
            lows - (ends - lengths), lengths
        )
        cells = numpy.repeat(owner * self.size, lengths) + self.rows[where]
        contributions = numpy.repeat(values, lengths) * self.weights[where]
        scores = numpy.bincount(
            cells, weights=contributions, minlength=len(vectors) * self.size
        ).reshape(len(vectors), self.size)
        scores = scores.astype(numpy.float64, copy=False)  # (an empty count is integer)
        best = scores.argmax(axis=1)
        found = scores[numpy.arange(len(vectors)), best]
        return list(zip(best.tolist(), found.tolist(), strict=True))


def _key(phrases: Sequence[str]) -> str:
    digest = hashlib.sha256(b"alias index 1\0")
    digest.update(Path(__file__).read_bytes())
    digest.update("\0".join(phrases).encode("utf-8"))
    return digest.hexdigest()[:40]


def _fit(phrases: Sequence[str]) -> dict[str, numpy.ndarray]:
    """Fit scikit-learn's vectorizer on ``phrases``: its vocabulary, idf, and the
    aliases' vectors by n-gram, as arrays."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(
        analyzer="char_wb", ngram_range=_NGRAMS, sublinear_tf=True, lowercase=True
    )
    by_gram = vectorizer.fit_transform(phrases).T.tocsr()  # n-gram rows, alias columns
    by_gram.sort_indices()
    grams = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.__getitem__)
    return {
        "grams": numpy.array(grams, dtype=str),
        "idf": vectorizer.idf_.astype(numpy.float64),
        "starts": by_gram.indptr.astype(numpy.int64),
        "rows": by_gram.indices.astype(numpy.int64),
        "weights": by_gram.data.astype(numpy.float64),
        "size": numpy.array([len(phrases)], dtype=numpy.int64),
    }
