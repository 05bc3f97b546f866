"""The nearest taxonomy alias of a short phrase, by TF-IDF over character n-grams.

scikit-learn's ``TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4),
sublinear_tf=True)`` is fitted on the aliases once per taxonomy; what it learnt (the
n-gram vocabulary, the idf weights and the aliases' normalised vectors, stored by
n-gram) is kept in the disk cache (:mod:`cvmatch.taxonomy.store`) as arrays. Looking
a phrase up then needs neither scikit-learn nor SciPy, whose imports alone cost more
than spaCy's: the phrase's n-grams are weighted as the vectorizer's ``transform``
weights them (a test pins the two together) and each n-gram adds its aliases' weights.
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
        self.starts = numpy.asarray(arrays["starts"])
        self.rows = numpy.asarray(arrays["rows"])
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
        counts = Counter(g for g in char_ngrams(text) if g in self.grams)
        columns = sorted(self.grams[g] for g in counts)
        names = {self.grams[g]: g for g in counts}
        values = [(math.log(counts[names[c]]) + 1.0) * self.idf[c] for c in columns]
        norm = math.sqrt(float(numpy.dot(values, values))) if values else 0.0
        if norm:
            values = [v / norm for v in values]
        return columns, values

    def nearest(self, texts: Sequence[str]) -> list[tuple[int, float]]:
        """For each text, its most similar alias (number, cosine similarity); alias 0
        with similarity 0.0 when no n-gram is shared."""
        out = []
        for text in texts:
            scores = numpy.zeros(self.size, dtype=numpy.float64)
            for column, value in zip(*self.vector(text), strict=True):
                low, high = self.starts[column], self.starts[column + 1]
                scores[self.rows[low:high]] += value * self.weights[low:high]
            best = int(scores.argmax()) if self.size else 0
            out.append((best, float(scores[best]) if self.size else 0.0))
        return out


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
