"""The extraction cache behind :class:`~cvmatch.sklearn.SkillVectorizer`.

A ``GridSearchCV`` fits clones of a pipeline on the same texts again and again; without a
cache every fit and every score extracts every text anew. :class:`ExtractionCache` keeps,
for each document seen, the concepts found with their mention count and evidence
strength, keyed by a BLAKE2b hash of the text (or of a file's bytes, or of a
``Document``) together with everything else that decides extraction: the taxonomy's
``content_hash``, the vectorizer's ``kind`` and ``input`` and cvmatch's version. What a
cell holds (``value``), the selected columns and ``min_df`` only read the entry, so
changing them reuses it.

The cache is bounded (entries and bytes, least recently used out first) and lives in
this process: clones and deep copies of a vectorizer share it, a pickled one arrives with
an empty cache of the same bounds, and worker processes (``GridSearchCV(n_jobs=2)``)
each fill their own.
"""

from __future__ import annotations

import hashlib
import os
import sys
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from cvmatch.errors import InvalidInput
from cvmatch.models import Document
from cvmatch.taxonomy import Taxonomy

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_ENTRIES",
    "ExtractionCache",
    "decode_entry",
    "default_cache",
    "encode_entry",
]

#: Documents the shared cache remembers at most (a posting's entry is a few hundred bytes).
DEFAULT_MAX_ENTRIES = 100_000
#: Bytes the shared cache holds at most, counted as :attr:`ExtractionCache.nbytes` does.
DEFAULT_MAX_BYTES = 64 * 2**20
#: Bytes counted per entry beside its key and value objects (the ordered dict's node).
_ENTRY_OVERHEAD = 100
_DIGEST = 16


class ExtractionCache:
    """A bounded, least-recently-used memo of extraction results, shared by reference.

    Parameters
    ----------
    max_entries : int
        Documents kept at most.
    max_bytes : int
        Bytes kept at most: each entry counts its key, its packed value and a fixed
        overhead (``sys.getsizeof`` of both objects plus 100 bytes).

    Attributes
    ----------
    hits, misses : int
        Look-ups answered from the cache and not, since creation or :meth:`clear`.
    """

    def __init__(
        self, max_entries: int = DEFAULT_MAX_ENTRIES, max_bytes: int = DEFAULT_MAX_BYTES
    ) -> None:
        for name, bound in (("max_entries", max_entries), ("max_bytes", max_bytes)):
            if isinstance(bound, bool) or not isinstance(bound, int) or bound < 0:
                raise InvalidInput(f"ExtractionCache {name} must be an integer >= 0, not {bound!r}")
        self.max_entries = max_entries
        self.max_bytes = max_bytes
        self._entries: OrderedDict[bytes, bytes] = OrderedDict()
        self._nbytes = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: bytes) -> bytes | None:
        """The entry stored under ``key`` (now the most recently used), or ``None``."""
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return entry

    def put(self, key: bytes, entry: bytes) -> None:
        """Store ``entry`` under ``key``, dropping the least recently used beyond the bounds."""
        size = _size(key, entry)
        with self._lock:
            old = self._entries.pop(key, None)
            if old is not None:
                self._nbytes -= _size(key, old)
            if size > self.max_bytes or self.max_entries == 0:
                return
            self._entries[key] = entry
            self._nbytes += size
            while len(self._entries) > self.max_entries or self._nbytes > self.max_bytes:
                dropped_key, dropped = self._entries.popitem(last=False)
                self._nbytes -= _size(dropped_key, dropped)

    def clear(self) -> None:
        """Forget every entry and reset the hit and miss counts."""
        with self._lock:
            self._entries.clear()
            self._nbytes = 0
            self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def nbytes(self) -> int:
        """Bytes held, as counted against ``max_bytes``."""
        return self._nbytes

    def __repr__(self) -> str:
        return (
            f"ExtractionCache(max_entries={self.max_entries}, max_bytes={self.max_bytes})"
            f"  # {len(self)} entries, {self._nbytes} bytes, {self.hits} hits, {self.misses} misses"
        )

    # A cache is a handle: sklearn's clone deep-copies parameters, and the copies must share it.
    def __copy__(self) -> ExtractionCache:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> ExtractionCache:
        return self

    def __reduce__(self) -> tuple[Any, tuple[int, int]]:
        """Pickle the bounds only: the entries belong to this process."""
        return (type(self), (self.max_entries, self.max_bytes))


def _size(key: bytes, entry: bytes) -> int:
    return sys.getsizeof(key) + sys.getsizeof(entry) + _ENTRY_OVERHEAD


_DEFAULT = ExtractionCache()


def default_cache() -> ExtractionCache:
    """The process-wide cache that ``SkillVectorizer(cache=True)`` (the default) uses."""
    return _DEFAULT


# --- keys ------------------------------------------------------------------------------------
_HASHES: dict[int, tuple[Taxonomy, str]] = {}
_MAX_HASHES = 16


def taxonomy_hash(taxonomy: Taxonomy) -> str:
    """:attr:`Taxonomy.content_hash`, computed afresh once per taxonomy object.

    The property's cached value lives in the instance's ``__dict__``, which pydantic's
    ``model_copy(update=...)`` copies: an edited copy would report its original's hash.
    """
    cached = _HASHES.get(id(taxonomy))
    if cached is not None and cached[0] is taxonomy:
        return cached[1]
    compute = getattr(type(taxonomy).content_hash, "func", None)
    value = compute(taxonomy) if compute is not None else taxonomy.content_hash
    if len(_HASHES) >= _MAX_HASHES:
        _HASHES.pop(next(iter(_HASHES)))
    _HASHES[id(taxonomy)] = (taxonomy, value)
    return value


_SHARED: dict[str, Taxonomy] = {}


def shared_taxonomy(taxonomy: Taxonomy) -> Taxonomy:
    """One object per taxonomy content (by :func:`taxonomy_hash`), so that the copies
    ``clone`` makes reuse one compiled extractor, and an edited copy does not."""
    key = taxonomy_hash(taxonomy)
    if key not in _SHARED and len(_SHARED) >= _MAX_HASHES:
        _SHARED.pop(next(iter(_SHARED)))
    return _SHARED.setdefault(key, taxonomy)


def context_key(taxonomy: Taxonomy, kind: str | None, input: str) -> bytes:
    """What decides extraction beside the document: taxonomy content, kind, input, version."""
    import cvmatch

    context = f"{cvmatch.__version__}\0{taxonomy_hash(taxonomy)}\0{kind}\0{input}"
    return hashlib.blake2b(context.encode("utf-8"), digest_size=_DIGEST).digest()


def _hasher(context: bytes, what: bytes) -> Any:
    hasher = hashlib.blake2b(context, digest_size=_DIGEST)
    hasher.update(what + b"\0")
    return hasher


def text_key(context: bytes, text: str) -> bytes:
    """The key of a document given as text."""
    hasher = _hasher(context, b"text")
    hasher.update(text.encode("utf-8", "surrogatepass"))
    return hasher.digest()


def document_key(context: bytes, document: Document) -> bytes:
    """The key of a :class:`~cvmatch.models.Document`: all of its fields."""
    hasher = _hasher(context, b"document")
    hasher.update(document.model_dump_json().encode("utf-8", "surrogatepass"))
    return hasher.digest()


def file_key(context: bytes, path: str | os.PathLike[str]) -> bytes | None:
    """The key of a file: its suffix and bytes; ``None`` when it cannot be opened (the
    reader then reports why)."""
    suffix = Path(path).suffix.lower().encode("utf-8", "surrogatepass")
    hasher = _hasher(context, b"file" + suffix)
    try:
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                hasher.update(block)
    except (OSError, ValueError):
        return None
    return hasher.digest()


# --- entries ---------------------------------------------------------------------------------
def encode_entry(
    indices: Sequence[int], counts: Sequence[float], strengths: Sequence[float]
) -> bytes:
    """Pack one document's concepts (taxonomy positions), counts and strengths."""
    return (
        np.asarray(counts, dtype=np.float64).tobytes()
        + np.asarray(strengths, dtype=np.float64).tobytes()
        + np.asarray(indices, dtype=np.int32).tobytes()
    )


def decode_entry(entry: bytes) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The ``(indices, counts, strengths)`` arrays :func:`encode_entry` packed."""
    n = len(entry) // 20
    counts = np.frombuffer(entry, dtype=np.float64, count=n)
    strengths = np.frombuffer(entry, dtype=np.float64, count=n, offset=8 * n)
    indices = np.frombuffer(entry, dtype=np.int32, count=n, offset=16 * n)
    return indices, counts, strengths
