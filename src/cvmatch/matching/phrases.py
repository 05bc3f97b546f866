"""A phrase matcher on lowercase words that works on many documents at once.

It answers what spaCy's ``PhraseMatcher(attr="LOWER")`` answers — every
``(key, start, end)`` where a phrase's words stand — but walks its word trie one
level at a time for all positions of all documents together with numpy, instead of
token by token. spaCy's matcher is C, yet each token's probe into its trie misses
the CPU cache after the tokenizer has run; here the fixed cost is paid once per batch.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence

import numpy

from cvmatch.matching.wordindex import WordTable, end_to_end, flat_indices, mix, slices

__all__ = ["PhraseIndex"]


class PhraseIndex:
    """Phrases (sequences of lowercase word hashes) under integer keys.

    Add with :meth:`add`; :meth:`match` finds them in a column of word hashes. A
    phrase may sit under several keys, and a key may have many phrases.
    """

    def __init__(self) -> None:
        self._phrases: dict[tuple[int, ...], list[int]] = {}
        self._frozen: _Trie | None = None
        self._stored: Mapping[str, numpy.ndarray] | None = None  # phrases not yet unpacked

    def __len__(self) -> int:
        if self._stored is not None:
            return len(self._stored["lengths"])
        return len(self._phrases)

    def to_arrays(self) -> dict[str, numpy.ndarray]:
        """The phrases, their keys and the built trie as named arrays, for
        :meth:`from_arrays` (the disk cache keeps them)."""
        if self._stored is not None:
            return dict(self._stored)
        phrases = list(self._phrases.items())
        words = [word for phrase, _keys in phrases for word in phrase]
        flat_keys = [key for _phrase, keys in phrases for key in keys]
        return {
            "words": numpy.array(words, dtype=numpy.uint64),
            "lengths": numpy.array([len(p) for p, _ in phrases], dtype=numpy.int64),
            "key_counts": numpy.array([len(k) for _, k in phrases], dtype=numpy.int64),
            "keys": numpy.array(flat_keys, dtype=numpy.uint64),
            **self._trie().to_arrays(),
        }

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, numpy.ndarray]) -> PhraseIndex:
        """The index :meth:`to_arrays` gave: the trie ready to match; the phrases are
        unpacked only if more are added."""
        index = cls()
        index._stored = arrays
        index._frozen = _Trie.from_arrays(arrays)
        return index

    def _unpack(self) -> None:
        """Turn stored phrases back into the dict that :meth:`add` grows."""
        stored, self._stored = self._stored, None
        if stored is None:
            return
        words, keys = stored["words"].tolist(), stored["keys"].tolist()
        at = at_key = 0
        for length, count in zip(
            stored["lengths"].tolist(), stored["key_counts"].tolist(), strict=True
        ):
            self._phrases[tuple(words[at : at + length])] = keys[at_key : at_key + count]
            at, at_key = at + length, at_key + count

    def add(self, key: int, phrases: Sequence[Sequence[int]]) -> None:
        """Add ``phrases`` (each a sequence of word hashes) under ``key``."""
        self._unpack()
        for phrase in phrases:
            words = tuple(phrase)
            if not words:
                continue
            keys = self._phrases.setdefault(words, [])
            if key not in keys:
                keys.append(key)
        self._frozen = None

    def match_many(self, lowers: Sequence[numpy.ndarray]) -> list[list[tuple[int, int, int]]]:
        """The ``(key, start, end)`` matches of each document, given each one's word
        hashes (``doc.to_array(LOWER)``); the documents are searched together."""
        joined, starts = end_to_end(lowers, 1)
        keys, begins, ends = self.match(joined)
        owners = numpy.searchsorted(starts, begins, side="right") - 1
        order = numpy.argsort(owners, kind="stable")
        shift = starts[owners]
        keys, begins, ends = keys[order], (begins - shift)[order], (ends - shift)[order]
        bounds = numpy.searchsorted(owners[order], numpy.arange(len(lowers) + 1)).tolist()
        keys_list, begins_list, ends_list = keys.tolist(), begins.tolist(), ends.tolist()
        return [
            list(zip(keys_list[a:b], begins_list[a:b], ends_list[a:b], strict=True))
            for a, b in itertools.pairwise(bounds)
        ]

    @property
    def vocabulary(self) -> list[int]:
        """The word hashes of the phrases, in the order :meth:`match` numbers them."""
        return self._trie().vocabulary

    def _trie(self) -> _Trie:
        if self._frozen is None:
            self._frozen = _Trie(self._phrases)
        return self._frozen

    def match(
        self, lowers: numpy.ndarray, numbers: numpy.ndarray | None = None
    ) -> tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray]:
        """Every (key, start, end) where a phrase stands in ``lowers`` (word hashes,
        uint64), as arrays (keys uint64, positions int64). Documents laid end to end
        must be kept apart by at least one word that is in no phrase (hash 0).
        ``numbers``: the words' numbers in :attr:`vocabulary` (-1: not there), if known."""
        return self._trie().match(lowers, numbers)


class _Trie:
    """The phrases as a word trie in arrays: the root's children in a dense row, every
    other edge ``(node, word) -> child`` in a :class:`WordTable`, and each node's keys
    as a slice."""

    def __init__(self, phrases: dict[tuple[int, ...], list[int]]) -> None:
        vocabulary = sorted({word for phrase in phrases for word in phrase})
        number = {word: i for i, word in enumerate(vocabulary)}
        self.vocabulary = vocabulary
        self.words = WordTable(vocabulary)
        size = max(len(vocabulary), 1)
        children: dict[tuple[int, int], int] = {}
        node_keys: dict[int, list[int]] = {}
        self.depth = 0
        for phrase, keys in phrases.items():
            node = 0
            for word in phrase:
                edge = (node, number[word])
                if edge not in children:
                    children[edge] = len(children) + 1
                node = children[edge]
            node_keys.setdefault(node, []).extend(keys)
            self.depth = max(self.depth, len(phrase))
        self.size = numpy.int64(size)
        self.first = numpy.full(size, -1, dtype=numpy.int64)
        edges: list[int] = []
        targets: list[int] = []
        for (node, word), child in children.items():
            if node == 0:
                self.first[word] = child
            else:
                edges.append(int(mix(node * size + word)))
                targets.append(child)
        self.edges = WordTable(edges)
        self.targets = numpy.array([*targets, -1], dtype=numpy.int64)  # -1: no edge
        n_nodes = len(children) + 1
        self.key_start, self.key_count, self.keys = slices(
            [node_keys.get(node, []) for node in range(n_nodes)], dtype=numpy.uint64
        )

    _ARRAYS = ("first", "targets", "key_start", "key_count", "keys")

    def to_arrays(self) -> dict[str, numpy.ndarray]:
        """The trie as named arrays (names under ``trie.``)."""
        out = {f"trie.{name}": getattr(self, name) for name in self._ARRAYS}
        out["trie.vocabulary"] = numpy.array(self.vocabulary, dtype=numpy.uint64)
        out["trie.shape"] = numpy.array([self.size, self.depth], dtype=numpy.int64)
        return {**out, **self.words.to_arrays("trie.words"), **self.edges.to_arrays("trie.edges")}

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, numpy.ndarray]) -> _Trie:
        """The trie :meth:`to_arrays` gave, on the arrays as they are (not copied)."""
        trie = cls.__new__(cls)
        for name in cls._ARRAYS:
            setattr(trie, name, numpy.asarray(arrays[f"trie.{name}"]))
        trie.vocabulary = arrays["trie.vocabulary"].tolist()
        size, trie.depth = arrays["trie.shape"].tolist()
        trie.size = numpy.int64(size)
        trie.words = WordTable.from_arrays(arrays, "trie.words")
        trie.edges = WordTable.from_arrays(arrays, "trie.edges")
        return trie

    def match(
        self, lowers: numpy.ndarray, numbers: numpy.ndarray | None
    ) -> tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray]:
        words = self.words.lookup(lowers) if numbers is None else numbers
        n = len(words)
        positions = numpy.flatnonzero(words >= 0)
        nodes = self.first[words[positions]]
        live = nodes >= 0
        positions, nodes = positions[live], nodes[live]
        found_keys, found_starts, found_ends = [], [], []
        length = 1
        while len(positions):
            counts = self.key_count[nodes]
            if counts.any():
                found_keys.append(self.keys[flat_indices(self.key_start[nodes], counts)])
                starts = numpy.repeat(positions, counts)
                found_starts.append(starts)
                found_ends.append(starts + length)
            if length == self.depth:
                break
            # one word further down the trie, for every position still on a path
            following = positions + length
            inside = following < n
            positions, nodes, following = positions[inside], nodes[inside], following[inside]
            word = words[following]
            known = word >= 0
            positions, nodes, word = positions[known], nodes[known], word[known]
            edge = self.edges.lookup(mix(nodes * self.size + word))
            nodes = self.targets[edge]  # edge -1 reads the final -1
            live = nodes >= 0
            positions, nodes = positions[live], nodes[live]
            length += 1
        if not found_keys:
            empty = numpy.zeros(0, dtype=numpy.int64)
            return empty.astype(numpy.uint64), empty, empty
        return (
            numpy.concatenate(found_keys),
            numpy.concatenate(found_starts),
            numpy.concatenate(found_ends),
        )
