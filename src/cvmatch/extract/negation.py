"""Denied mentions: "no Salesforce experience", "Zendesk is not required".

One checker, on tokens: a negation word at most :data:`NEGATION_REACH` words before the
mention in its clause (not followed by an exception such as "only"), or a "not needed"
phrase right after it. The words come from ``[cues]`` (:class:`cvmatch.taxonomy.cues.Cues`),
compiled once per ``Cues`` object into sets of lowercase hashes.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass

import numpy
from spacy.strings import StringStore, hash_string

from cvmatch.taxonomy.cache import compiled
from cvmatch.taxonomy.cues import Cues

__all__ = ["NEGATION_REACH", "NegationWords", "negated_mask", "negation_words"]

#: words between a negation word and the mention it denies
NEGATION_REACH = 4
#: where a negation word must stand to be looked at: from this many tokens before a
#: mention to fewer than this many after it
CUES_BEFORE, CUES_AFTER = 14, 8
_LOOK_BACK, _LOOK_AHEAD = 13, 8  # tokens read around a mention that has a cue nearby
#: what a line break (or the gap between docs laid end to end) reads as: a clause break
_LINE_BREAK = hash_string("\n")
#: word hash -> whether the word is whitespace holding a line break (hashes are global)
_LINE_BREAKS: dict[int, bool] = {}


def _hashes(words: Iterable[str]) -> frozenset[int]:
    return frozenset(hash_string(word) for word in words)


@dataclass(frozen=True)
class NegationWords:
    """The negation vocabulary of one ``Cues`` as lowercase hash sets."""

    #: the words the phrase matcher marks (a mention near none of them is not denied)
    cue_words: tuple[str, ...]
    before: frozenset[int]
    exceptions: frozenset[int]
    breaks: frozenset[int]
    denials_after: frozenset[int]
    not_words: frozenset[int]
    #: "not needed" phrases as tuples of hashes
    not_needed: tuple[tuple[int, ...], ...]

    @classmethod
    def build(cls, cues: Cues) -> NegationWords:
        """Compile ``cues``; use :func:`negation_words` for the cached result."""
        return cls(
            cue_words=tuple(sorted({*cues.negation, *cues.denials_after})),
            before=_hashes(cues.negation),
            exceptions=_hashes(cues.negation_exceptions),
            breaks=_hashes([*cues.clause_breaks]) | {_LINE_BREAK},
            denials_after=_hashes(cues.denials_after),
            not_words=_hashes(cues.not_words),
            not_needed=tuple(
                tuple(hash_string(word) for word in phrase.split()) for phrase in cues.not_needed
            ),
        )


def negation_words(cues: Cues) -> NegationWords:
    """The compiled negation vocabulary of ``cues`` (built once per object)."""
    return compiled(cues, NegationWords.build)


class _NegationView:
    """Where a batch's negation words stand, and its lowercase hashes near them on
    demand (line breaks read as clause breaks). Most mentions have no cue nearby."""

    __slots__ = ("cues", "lowers", "strings")

    def __init__(self, strings: StringStore, lowers: numpy.ndarray, cues: list[int]) -> None:
        self.lowers = lowers
        self.strings = strings
        self.cues = cues

    def words(self, start: int, end: int) -> list[int]:
        """Lowercase hashes of tokens ``start:end``, a line break as a clause break."""
        words = self.lowers[start:end].tolist()
        for i, word in enumerate(words):
            if word == 0:  # the empty word between documents laid end to end
                words[i] = _LINE_BREAK
                continue
            breaks = _LINE_BREAKS.get(word)
            if breaks is None:
                text = self.strings[word]
                breaks = text.isspace() and "\n" in text
                if len(_LINE_BREAKS) > 100_000:
                    _LINE_BREAKS.clear()
                _LINE_BREAKS[word] = breaks
            if breaks:
                words[i] = _LINE_BREAK
        return words


def _denied_before(words: list[int], start: int, vocab: NegationWords) -> bool:
    """A negation word within reach before ``start``, in the same clause."""
    for gap, i in enumerate(range(start - 1, -1, -1)):
        word = words[i]
        if word in vocab.breaks:
            return False
        if word in vocab.before:
            following = words[i + 1] if i + 1 < len(words) else 0
            if following not in vocab.exceptions and gap <= NEGATION_REACH:
                return True
    return False


def _denied_after(words: list[int], end: int, vocab: NegationWords) -> bool:
    """A denial ("unnecessary", "not required") right after the mention, in its clause."""
    for j in range(end, min(len(words), end + _LOOK_AHEAD)):
        word = words[j]
        if word in vocab.breaks:
            return False
        if word in vocab.denials_after:
            return True
        if word in vocab.not_words and _starts_with_any(words, j + 1, vocab.not_needed):
            return True
    return False


def _starts_with_any(words: list[int], at: int, phrases: tuple[tuple[int, ...], ...]) -> bool:
    return any(tuple(words[at : at + len(phrase)]) == phrase for phrase in phrases)


def _negated(view: _NegationView, start: int, end: int, vocab: NegationWords) -> bool:
    """Whether the mention at tokens ``start:end`` (of the batch) is denied."""
    cues = view.cues
    nearest = bisect.bisect_left(cues, start - CUES_BEFORE)
    if nearest == len(cues) or cues[nearest] >= end + CUES_AFTER:
        return False
    offset = max(0, start - _LOOK_BACK)
    words = view.words(offset, end + _LOOK_AHEAD + 1)
    start, end = start - offset, end - offset
    return _denied_before(words, start, vocab) or _denied_after(words, end, vocab)


def negated_mask(
    strings: StringStore,
    joined: numpy.ndarray,
    cues: numpy.ndarray,
    starts: numpy.ndarray,
    ends: numpy.ndarray,
    vocab: NegationWords,
) -> numpy.ndarray:
    """Which mentions (token ``starts``/``ends`` in the batch laid end to end) are denied.

    ``cues`` are the sorted positions of the negation cue words; only mentions with one
    nearby get the full check.
    """
    negated = numpy.zeros(len(starts), dtype=bool)
    if not len(cues):
        return negated
    nearest = numpy.searchsorted(cues, starts - CUES_BEFORE)
    near = nearest < len(cues)
    near[near] = cues[nearest[near]] < ends[near] + CUES_AFTER
    if near.any():
        view = _NegationView(strings, joined, cues.tolist())
        for j in numpy.flatnonzero(near).tolist():
            negated[j] = _negated(view, int(starts[j]), int(ends[j]), vocab)
    return negated
