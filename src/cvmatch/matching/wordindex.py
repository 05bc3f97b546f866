"""Vectorised word lookups shared by the phrase and token-pattern matchers.

A document arrives as a numpy column of spaCy's 64-bit word hashes
(``doc.to_array(LOWER)``). Looking every token up in a Python dict costs ~50 ns a
token; these helpers do it for the whole column at once with a few numpy operations.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy

__all__ = ["WordTable", "end_to_end", "flat_indices", "mix", "slices"]

_GOLDEN = 0x9E3779B97F4A7C15  # Fibonacci hashing: spreads sequential keys over all bits
_MASK64 = (1 << 64) - 1


def mix(keys: numpy.ndarray | int) -> numpy.ndarray | int:
    """Spread the bits of integer keys that are not hashes (e.g. ``node * size + word``),
    so a :class:`WordTable` can place them. A bijection: distinct keys stay distinct."""
    if isinstance(keys, int):
        return (keys * _GOLDEN) & _MASK64
    return keys.astype(numpy.uint64) * numpy.uint64(_GOLDEN)


class WordTable:
    """Word hash -> its number, looked up for a whole column of hashes at once.

    Two direct-mapped levels (low bits, then high bits of the hash, which spaCy's
    murmurhash spreads evenly); the table doubles until every word has a place.
    A binary search would cost ~12 mispredicted branches per token.
    """

    _SHIFTS = (0, 32)

    def __init__(self, words: Sequence[int]) -> None:
        bits = max(10, (4 * len(words)).bit_length())
        while True:
            mask = (1 << bits) - 1
            keys = [numpy.zeros(mask + 1, dtype=numpy.uint64) for _ in self._SHIFTS]
            values = [numpy.full(mask + 1, -1, dtype=numpy.int64) for _ in self._SHIFTS]
            if self._place(words, mask, keys, values):
                break
            bits += 1
        self.size = len(words)
        self.mask = numpy.int64(mask)
        self.levels = [
            (numpy.int64(shift), k.view(numpy.int64), v)
            for shift, k, v in zip(self._SHIFTS, keys, values, strict=True)
        ]

    def _place(
        self,
        words: Sequence[int],
        mask: int,
        keys: list[numpy.ndarray],
        values: list[numpy.ndarray],
    ) -> bool:
        for number, word in enumerate(words):
            for shift, k, v in zip(self._SHIFTS, keys, values, strict=True):
                slot = (word >> shift) & mask
                if v[slot] < 0:
                    k[slot], v[slot] = word, number
                    break
            else:
                return False
        return True

    def to_arrays(self, prefix: str) -> dict[str, numpy.ndarray]:
        """The table as named arrays (see :meth:`from_arrays`), names under ``prefix``."""
        out = {f"{prefix}.shape": numpy.array([self.size, self.mask], dtype=numpy.int64)}
        for level, (_shift, keys, values) in enumerate(self.levels):
            out[f"{prefix}.keys{level}"] = keys
            out[f"{prefix}.values{level}"] = values
        return out

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, numpy.ndarray], prefix: str) -> WordTable:
        """The table :meth:`to_arrays` gave (the arrays are used as they are, not copied)."""
        table = cls.__new__(cls)
        size, mask = arrays[f"{prefix}.shape"].tolist()
        table.size, table.mask = size, numpy.int64(mask)
        table.levels = [
            (
                numpy.int64(shift),
                numpy.asarray(arrays[f"{prefix}.keys{level}"]),
                numpy.asarray(arrays[f"{prefix}.values{level}"]),
            )
            for level, shift in enumerate(cls._SHIFTS)
        ]
        return table

    def lookup(self, hashes: numpy.ndarray) -> numpy.ndarray:
        """The number of each hash's word (int64), -1 where it is not in the table."""
        signed = hashes.view(numpy.int64)  # signed: indexes without a cast
        found = None
        for shift, keys, values in self.levels:
            slot = (signed >> shift) & self.mask if shift else signed & self.mask
            here = numpy.where(keys.take(slot) == signed, values.take(slot), -1)
            found = here if found is None else numpy.maximum(found, here)
        if found is None:  # pragma: no cover - there are always two levels
            return numpy.full(len(hashes), -1, dtype=numpy.int64)
        return found


def slices(
    rows: Sequence[Sequence[int]], dtype: type = numpy.int64
) -> tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray]:
    """Integer rows as (start, count, flat values) arrays; values of ``dtype``."""
    counts = numpy.array([len(r) for r in rows], dtype=numpy.int64)
    starts = numpy.cumsum(counts) - counts
    flat = numpy.array([v for r in rows for v in r], dtype=dtype)
    return starts, counts, flat


def flat_indices(starts: numpy.ndarray, counts: numpy.ndarray) -> numpy.ndarray:
    """The flat indices of slices given by ``starts`` and ``counts``, in order."""
    ends = numpy.cumsum(counts)
    if not len(ends):
        return ends
    return numpy.arange(ends[-1]) + numpy.repeat(starts - ends + counts, counts)


def end_to_end(columns: Sequence[numpy.ndarray], gap: int) -> tuple[numpy.ndarray, numpy.ndarray]:
    """Documents' word-hash columns laid end to end, each followed by ``gap`` empty
    words (hash 0), and where each one starts: ``(joined, offsets)``."""
    sizes = numpy.array([len(column) + gap for column in columns], dtype=numpy.int64)
    offsets = numpy.cumsum(sizes) - sizes
    separator = numpy.zeros(gap, dtype=numpy.uint64)
    parts = [part for column in columns for part in (column, separator)]
    joined = numpy.concatenate(parts) if parts else numpy.zeros(0, dtype=numpy.uint64)
    return joined, offsets
