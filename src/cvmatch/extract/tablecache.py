"""The compiled phrase tables of :class:`~cvmatch.extract.tables.MatchTables`, on disk.

Compiling a taxonomy tokenises every inflected alias (tens of thousands of phrases)
and builds a trie and lookup tables from them: seconds in every process. What comes
out is arrays, kept in the disk cache (:mod:`cvmatch.taxonomy.store`) under a key that
changes whenever anything that shapes them does:

* the pattern entries (so the taxonomy's content, a user's taxonomy, added patterns),
  the negation cue words and whether aliases are inflected;
* cvmatch's version and the source of the modules that compile the tables (an edited
  checkout never reads a stale entry), spaCy's and ``spacy-lookups-data``'s versions
  and the tokenizer's rules (the phrases are its tokens).

Token patterns are compiled fresh (a fraction of the time); the cache keeps what
the phrase search needs, and a check that the token words it was made with are the same.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Mapping, Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING

import numpy

from cvmatch.extract.compile import PatternEntry, entries_json
from cvmatch.matching.phrases import PhraseIndex
from cvmatch.taxonomy.store import cache_root, load_arrays, save_arrays

if TYPE_CHECKING:
    from cvmatch.extract.tables import MatchTables

__all__ = ["KIND", "load", "restore", "restore_words", "save", "tables_key"]

#: The cache entries' name prefix (``matcher-<key>``).
KIND = "matcher"
_FORMAT = b"matcher tables 1"
#: The modules whose code shapes the cached arrays (relative to the package).
_SHAPING = (
    "extract/compile.py",
    "extract/lexicon.py",
    "extract/tables.py",
    "extract/tablecache.py",
    "matching/phrases.py",
    "matching/wordindex.py",
    "taxonomy/store.py",
)


@functools.lru_cache(maxsize=1)
def _code_fingerprint() -> bytes:
    """A digest of the versions and the source that shape the tables."""
    import spacy

    import cvmatch

    digest = hashlib.sha256(_FORMAT)
    try:
        lookups = version("spacy-lookups-data")
    except PackageNotFoundError:  # pragma: no cover - a dependency
        lookups = "?"
    for part in (getattr(cvmatch, "__version__", "?"), spacy.__version__, lookups):
        digest.update(part.encode() + b"\0")
    package = Path(cvmatch.__file__).parent
    for name in _SHAPING:
        try:
            digest.update((package / name).read_bytes())
        except OSError:  # pragma: no cover - an installation without sources
            digest.update(name.encode())
    return digest.digest()


def tables_key(tables: MatchTables, entries: Sequence[PatternEntry], inflect: bool) -> str | None:
    """The cache key of a first :meth:`MatchTables.add` of ``entries`` to ``tables``
    (``None`` when caching is off: nothing to look up or write)."""
    if cache_root() is None:
        return None
    digest = hashlib.sha256(_code_fingerprint())
    digest.update(tables.nlp.lang.encode() + b"\0")
    digest.update(tables.nlp.tokenizer.to_bytes(exclude=["vocab"]))
    digest.update(b"\0inflect" if inflect else b"\0exact")
    digest.update("\0".join(tables.cue_words).encode() + b"\0")
    digest.update(entries_json(entries))
    return digest.hexdigest()[:40]


def load(key: str | None) -> Mapping[str, numpy.ndarray] | None:
    """The arrays cached under ``key`` (``None``: none, or no key)."""
    return None if key is None else load_arrays(KIND, key)


def save(tables: MatchTables, key: str, commonness: Mapping[int, float]) -> None:
    """Cache what :func:`restore` and :func:`restore_words` read (tables just compiled)."""
    arrays = {f"phrases.{name}": array for name, array in tables.phrases.to_arrays().items()}
    exact = [(key_hash, orths) for key_hash, rows in tables.exact.items() for orths in rows]
    arrays["exact.keys"] = numpy.array([k for k, _ in exact], dtype=numpy.uint64)
    arrays["exact.lengths"] = numpy.array([len(o) for _, o in exact], dtype=numpy.int64)
    arrays["exact.orths"] = numpy.array([h for _, o in exact for h in o], dtype=numpy.uint64)
    arrays["common.words"] = numpy.array(list(commonness), dtype=numpy.uint64)
    arrays["common.values"] = numpy.array(list(commonness.values()), dtype=numpy.float64)
    words = tables.joint_words()
    arrays["token.vocabulary"] = numpy.array(tables.tokens.vocabulary, dtype=numpy.uint64)
    arrays.update(words.to_arrays())
    save_arrays(KIND, key, arrays)


def restore(tables: MatchTables, arrays: Mapping[str, numpy.ndarray]) -> dict[int, float]:
    """Put the cached phrase index and exact spellings in ``tables``; returns the word
    commonness the token patterns anchor with."""
    prefix = "phrases."
    tables.phrases = PhraseIndex.from_arrays(
        {name[len(prefix) :]: array for name, array in arrays.items() if name.startswith(prefix)}
    )
    orths = arrays["exact.orths"].tolist()
    at = 0
    for key, length in zip(
        arrays["exact.keys"].tolist(), arrays["exact.lengths"].tolist(), strict=True
    ):
        tables.exact.setdefault(key, set()).add(tuple(orths[at : at + length]))
        at += length
    return dict(zip(arrays["common.words"].tolist(), arrays["common.values"].tolist(), strict=True))


def restore_words(tables: MatchTables, arrays: Mapping[str, numpy.ndarray]) -> None:
    """Put the cached joint word lookup in ``tables`` once its token patterns are
    compiled, if they have the token words it was made with (else it is rebuilt)."""
    if arrays["token.vocabulary"].tolist() == tables.tokens.vocabulary:
        tables.use_joint_words(arrays)
