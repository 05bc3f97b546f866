"""The compiled patterns of the ``cvmatch_skills`` component and the search over a batch.

Validated pattern entries go in (:meth:`MatchTables.add`); the matching engine
(:mod:`cvmatch.matching`) finds their phrases and token patterns in a batch of docs laid
end to end, together with the negation cue words, and chooses the places kept.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

import numpy
from spacy.attrs import LOWER
from spacy.language import Language
from spacy.tokens import Doc

from cvmatch.extract import tablecache
from cvmatch.extract.compile import PatternEntry, alias_variants, expand_token_pattern
from cvmatch.extract.lexicon import Inflector
from cvmatch.matching.phrases import PhraseIndex
from cvmatch.matching.places import Places, resolve_places
from cvmatch.matching.tokenpatterns import TokenPatternMatcher
from cvmatch.matching.wordindex import WordTable, end_to_end

__all__ = ["Batch", "Found", "MatchKey", "MatchTables"]

_CUE_KEY = "cvmatch\tnegation cue"
_PLAIN, _VETO, _EXACT, _CUE = 0, 1, 2, 3  # what a match key is


class MatchKey(NamedTuple):
    """What a match key stands for, with the hashes its spans are labelled with."""

    concept_id: str
    value: str
    label: str
    exclude: bool
    id_hash: int
    label_hash: int
    value_hash: int


class Found(NamedTuple):
    """Matches of a batch laid end to end: key hash, key number, start, end."""

    keys: numpy.ndarray
    numbers: numpy.ndarray
    starts: numpy.ndarray
    ends: numpy.ndarray


class Batch(NamedTuple):
    """The outcome of a search: the batch's lowercase hashes laid end to end, where each
    doc starts, the mentions kept (in span order) and where negation cue words stand."""

    joined: numpy.ndarray
    offsets: numpy.ndarray
    kept: Found
    cues: numpy.ndarray


class MatchTables:
    """Compiled patterns: one phrase index (aliases, in every form, and the negation cue
    words), one token-pattern matcher, and what each match key stands for."""

    def __init__(
        self, nlp: Language, cue_words: Iterable[str], coordinators: Iterable[str] = ()
    ) -> None:
        self.nlp = nlp
        self.keys: dict[int, MatchKey] = {}
        # case-sensitive keys -> the exact token texts (ORTH hashes) their phrases have;
        # they are found by the one LOWER phrase matcher, then checked
        self.exact: dict[int, set[tuple[int, ...]]] = {}
        self.phrases = PhraseIndex()
        strings = nlp.vocab.strings
        self.cue_key = strings.add(_CUE_KEY)
        self.cue_words = tuple(sorted(cue_words))
        self.phrases.add(self.cue_key, [[strings.add(word)] for word in self.cue_words])
        #: lowercase hashes of the one-token coordinators ("and", "&", "/"): a veto right
        #: after one, inside a place of its concept, is void (see :meth:`_coordinated`)
        self.coordinators = numpy.array(
            sorted({strings.add(w) for w in coordinators if " " not in w}), dtype=numpy.uint64
        )
        self.tokens = TokenPatternMatcher(nlp.vocab)
        self._frozen_keys: _KeyArrays | None = None
        self._joint_words: _JointWords | None = None

    # --- compiling ---------------------------------------------------------------------
    def add(self, entries: Sequence[PatternEntry], inflector: Inflector | None) -> None:
        """Compile validated entries (``inflector=None``: no inflection at all). The
        phrase tables of a first add come from the disk cache when they are there, and
        go there when not (:mod:`cvmatch.extract.tablecache`)."""
        cache_key = None if self.keys else tablecache.tables_key(self, entries, bool(inflector))
        stored = tablecache.load(cache_key)
        lower: dict[int, list[str]] = {}
        token_patterns: dict[int, list[list[dict[str, Any]]]] = {}
        for entry in entries:
            key = self._key(entry)
            if isinstance(entry.pattern, list):
                expanded = expand_token_pattern(entry.pattern, inflector)
                token_patterns.setdefault(key, []).append(expanded)
            elif stored is not None:
                continue  # its phrases come with the cached tables
            elif key in self.exact:
                words = self.nlp.tokenizer(entry.pattern)
                self.exact[key].add(tuple(t.orth for t in words))
                lower.setdefault(key, []).append(entry.pattern)  # LOWER matcher: any case
            else:
                words = [t.text.lower() for t in self.nlp.tokenizer(entry.pattern)]
                inflect = inflector if entry.inflect else None
                lower.setdefault(key, []).extend(alias_variants(words, inflect))
        for key, phrases in lower.items():
            unique = list(dict.fromkeys(phrases))
            docs = self.nlp.tokenizer.pipe(unique)
            self.phrases.add(key, [[token.lower for token in doc] for doc in docs])
        commonness = self._commonness(lower) if stored is None else tablecache.restore(self, stored)
        for key, token_lists in token_patterns.items():
            self.tokens.add(key, token_lists, commonness=commonness)
        self._frozen_keys = self._joint_words = None  # rebuilt on next use
        if stored is not None:
            tablecache.restore_words(self, stored)
        elif cache_key is not None:
            tablecache.save(self, cache_key, commonness)

    def _commonness(self, lower: dict[int, list[str]]) -> dict[int, float]:
        """How often each word occurs in the (inexact) aliases: token patterns anchor on
        their rarest word."""
        commonness: dict[int, float] = {}
        strings = self.nlp.vocab.strings
        for key, phrases in lower.items():
            if key in self.exact:
                continue
            for phrase in set(phrases):
                for word in phrase.split():
                    h = strings.add(word)
                    commonness[h] = commonness.get(h, 0.0) + 0.5
        return commonness

    def _key(self, entry: PatternEntry) -> int:
        concept_id, value = entry.concept_id, entry.value or ""
        exact = isinstance(entry.pattern, str) and entry.case_sensitive
        group = entry.category if entry.category is not None else entry.label
        tag = "exclude" if entry.exclude else value
        suffix = "\tcase" if exact else ""
        if entry.label != concept_id:
            suffix += f"\tlabel {entry.label}"
        strings = self.nlp.vocab.strings
        key = strings.add(f"{concept_id}\t{tag}\t{group}\t{int(entry.exclude)}{suffix}")
        self.keys[key] = MatchKey(
            concept_id,
            value,
            entry.label,
            entry.exclude,
            strings.add(concept_id),
            strings.add(entry.label),
            strings.add(value),
        )
        if exact:
            self.exact.setdefault(key, set())
        return key

    # --- searching ---------------------------------------------------------------------
    def search(self, docs: Sequence[Doc]) -> Batch:
        """Find the mentions in ``docs``, searched together."""
        lowers = [doc.to_array(LOWER) for doc in docs]
        # the docs laid end to end, far enough apart that no search runs across
        joined, offsets = end_to_end(lowers, self.tokens.reach)
        found = self._matches(docs, joined, offsets)
        kept, cues = self._choose(docs, joined, offsets, found)
        return Batch(joined, offsets, kept, cues)

    def span_columns(self, kept: Found) -> tuple[list[int], list[int], list[int]]:
        """Label, value (kb_id) and concept (span id) hashes of the kept matches."""
        keys = self.key_arrays()
        numbers = kept.numbers
        return (
            keys.label[numbers].tolist(),
            keys.value[numbers].tolist(),
            keys.id[numbers].tolist(),
        )

    def _matches(self, docs: Sequence[Doc], joined: numpy.ndarray, offsets: numpy.ndarray) -> Found:
        """Every phrase and token-pattern match in ``joined``, as arrays."""
        words = self._words()
        numbers = words.table.lookup(joined)
        phrase_keys, phrase_starts, phrase_ends = self.phrases.match(
            joined, words.phrase_numbers[numbers]
        )
        token_keys, token_starts, token_ends = self.tokens.find(
            docs, joined, offsets.tolist(), words.token_numbers[numbers]
        )
        keys = numpy.concatenate([phrase_keys, numpy.array(token_keys, dtype=numpy.uint64)])
        return Found(
            keys,
            self.key_arrays().table.lookup(keys),
            numpy.concatenate([phrase_starts, numpy.array(token_starts, dtype=numpy.int64)]),
            numpy.concatenate([phrase_ends, numpy.array(token_ends, dtype=numpy.int64)]),
        )

    def _choose(
        self, docs: Sequence[Doc], joined: numpy.ndarray, offsets: numpy.ndarray, found: Found
    ) -> tuple[Found, numpy.ndarray]:
        """The matches kept as mentions (in span order), and where negation cues stand."""
        keys = self.key_arrays()
        kind = keys.kind[found.numbers]
        cues = numpy.sort(found.starts[kind == _CUE])
        usable = kind == _PLAIN
        for i in numpy.flatnonzero(kind == _EXACT).tolist():  # exact case: compare texts
            owner = int(numpy.searchsorted(offsets, found.starts[i], side="right")) - 1
            start, end = found.starts[i] - offsets[owner], found.ends[i] - offsets[owner]
            text = tuple(t.orth for t in docs[owner][int(start) : int(end)])
            usable[i] = text in self.exact[int(found.keys[i])]
        veto = kind == _VETO
        chosen = numpy.flatnonzero(usable)
        veto[self._coordinated(joined, found, keys, chosen, numpy.flatnonzero(veto))] = False

        def places(where: numpy.ndarray) -> Places:
            concepts = keys.concept[found.numbers[where]]
            return Places(concepts, found.starts[where], found.ends[where])

        chosen = chosen[resolve_places(places(chosen), places(veto))]
        return Found(*(column[chosen] for column in found)), cues

    def _coordinated(
        self,
        joined: numpy.ndarray,
        found: Found,
        keys: _KeyArrays,
        chosen: numpy.ndarray,
        vetoes: numpy.ndarray,
    ) -> numpy.ndarray:
        """The vetoes (indices into ``found``) that a place of their own concept
        coordinates with its own word: in "verbal and written communication skills" the
        veto "written communication" of verbal communication stands after "and", inside
        the place "verbal and written", which names both; such a veto is void."""
        if not len(vetoes) or not len(self.coordinators) or not len(chosen):
            return vetoes[:0]
        starts = found.starts[vetoes]
        after = (starts > 0) & numpy.isin(joined[numpy.maximum(starts - 1, 0)], self.coordinators)
        void = []
        concepts = keys.concept[found.numbers]
        for i in vetoes[after].tolist():
            start, concept = found.starts[i], concepts[i]
            same = chosen[concepts[chosen] == concept]
            if numpy.any((found.starts[same] < start - 1) & (found.ends[same] > start)):
                void.append(i)
        return numpy.array(void, dtype=numpy.int64)

    def _words(self) -> _JointWords:
        if self._joint_words is None:
            self._joint_words = _JointWords(self.phrases.vocabulary, self.tokens.vocabulary)
        return self._joint_words

    def joint_words(self) -> _JointWords:
        """The one word lookup of the phrase and token-pattern searches (built once)."""
        return self._words()

    def use_joint_words(self, arrays: Mapping[str, numpy.ndarray]) -> None:
        """Take the joint word lookup from arrays (:meth:`_JointWords.to_arrays`)."""
        self._joint_words = _JointWords.from_arrays(arrays)

    def key_arrays(self) -> _KeyArrays:
        """The match keys as arrays (built once after each :meth:`add`)."""
        if self._frozen_keys is None:
            self._frozen_keys = _KeyArrays(self.keys, self.exact, self.cue_key)
        return self._frozen_keys


class _JointWords:
    """One lookup for the phrase and token-pattern searches: a word's number in the
    union of their vocabularies, and from it its number in each (-1: not there; the
    arrays end in -1, which number -1 reads)."""

    def __init__(self, phrase_words: list[int], token_words: list[int]) -> None:
        union = sorted(set(phrase_words) | set(token_words))
        self.table = WordTable(union)
        where = {word: i for i, word in enumerate(union)}
        self.phrase_numbers = numpy.full(len(union) + 1, -1, dtype=numpy.int64)
        self.phrase_numbers[[where[w] for w in phrase_words]] = numpy.arange(len(phrase_words))
        self.token_numbers = numpy.full(len(union) + 1, -1, dtype=numpy.int64)
        self.token_numbers[[where[w] for w in token_words]] = numpy.arange(len(token_words))

    def to_arrays(self) -> dict[str, numpy.ndarray]:
        """The lookup as named arrays (names under ``joint.``), for :meth:`from_arrays`."""
        return {
            **self.table.to_arrays("joint.table"),
            "joint.phrase_numbers": self.phrase_numbers,
            "joint.token_numbers": self.token_numbers,
        }

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, numpy.ndarray]) -> _JointWords:
        """The lookup :meth:`to_arrays` gave, on the arrays as they are."""
        words = cls.__new__(cls)
        words.table = WordTable.from_arrays(arrays, "joint.table")
        words.phrase_numbers = numpy.asarray(arrays["joint.phrase_numbers"])
        words.token_numbers = numpy.asarray(arrays["joint.token_numbers"])
        return words


class _KeyArrays:
    """The match keys as arrays for a batch: number by key hash (``table``), and per
    number its kind, concept rank (concept ids in sorted order) and span hashes."""

    def __init__(
        self, keys: dict[int, MatchKey], exact: dict[int, set[tuple[int, ...]]], cue_key: int
    ) -> None:
        hashes = [*keys, cue_key]
        self.table = WordTable(hashes)
        ranks = {c: i for i, c in enumerate(sorted({k.concept_id for k in keys.values()}))}
        entries = list(keys.values())
        self.kind = numpy.array(
            [_VETO if k.exclude else _EXACT if h in exact else _PLAIN for h, k in keys.items()]
            + [_CUE],
            dtype=numpy.int8,
        )
        self.concept = numpy.array([ranks[k.concept_id] for k in entries] + [-1], dtype=numpy.int64)
        self.label = numpy.array([k.label_hash for k in entries] + [0], dtype=numpy.uint64)
        self.id = numpy.array([k.id_hash for k in entries] + [0], dtype=numpy.uint64)
        self.value = numpy.array([k.value_hash for k in entries] + [0], dtype=numpy.uint64)
