"""A fast matcher for spaCy-style token patterns, anchored on their rarest word list.

spaCy's ``Matcher`` tries every pattern at every token, which costs ~0.4 µs per
pattern per token: with a hundred verb–object patterns that is 20x slower than
tokenising. Most patterns contain a required token with a fixed word list (``LOWER``
``IN``); each such pattern is indexed by one of them (its anchor), numpy rules out
the anchor hits where another required word list cannot stand (see
:mod:`cvmatch.matching.tokenindex`), and only the candidates left get a match in
Python, runs of single word lists not even that. A pattern with no such token is
tried at every word (exact, but Python work per word: slow on long documents).

What it answers, exactly: for every pattern and every start position, the longest
match of the pattern starting there — the largest ``end`` among the matches that
spaCy's ``Matcher`` (without ``greedy``) reports for that pattern at that start.
Nothing is capped: ``*``, ``+`` and ``{n,}`` reach as far as the document allows.
Matches of one pattern at different starts may overlap, and two patterns under one
key may give two ends for one start; choosing among overlapping places is the
caller's rule (:mod:`cvmatch.matching.places`), not the matcher's. So this is *not*
``Matcher(greedy="LONGEST")``, which keeps per key only non-overlapping matches,
longest first. Three differences from spaCy, on purpose:

* no pattern token matches a whitespace token (a line break) unless it says
  ``IS_SPACE``: a phrase never runs from one line into the next;
* ``LOWER`` values given as a string or ``IN`` are lowercased first (spaCy would
  compare ``{"LOWER": "Zendesk"}`` as written and never match);
* a pattern outside the supported subset (see :func:`compile_tokens`) raises
  :class:`cvmatch.errors.TaxonomyError` when added, unless a ``fallback`` matcher
  (e.g. spaCy's) is given to take it.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import numpy

from cvmatch.matching.tokenindex import CandidateIndex
from cvmatch.matching.tokenplan import WORD_GAP_WORD, PatternPlan, plan_pattern
from cvmatch.matching.tokenspec import (
    GAP,
    MANY,
    SPACE_BIT,
    WORD_LIST,
    LexemeFlags,
    TokenSpec,
    Unsupported,
    Vocabulary,
    compile_tokens,
    unsupported_pattern,
)
from cvmatch.matching.wordindex import end_to_end

__all__ = ["TokenPatternMatcher"]

Match = tuple[int, int, int]


class _Text:
    """The words a batch is matched on: ``LOWER`` and (if a pattern needs them)
    ``ORTH`` hashes as lists, and the cache of lexeme flags."""

    __slots__ = ("flags", "lowers", "n", "orths")

    def __init__(self, lowers: list[int], orths: list[int] | None, flags: LexemeFlags) -> None:
        self.lowers, self.orths, self.flags, self.n = lowers, orths, flags, len(lowers)


class TokenPatternMatcher:
    """Token patterns under integer keys, matched on columns of word hashes.

    ``vocab`` is spaCy's ``Vocab`` or anything with the same ``strings`` and lexeme
    lookup (:class:`cvmatch.matching.tokenspec.Vocabulary`). ``fallback``, if given,
    makes a matcher with spaCy's ``Matcher`` interface (``add(name, patterns)``,
    ``__call__(doc) -> (key, start, end)``) for patterns this engine does not
    support; their longest match per key and start is kept.
    """

    def __init__(self, vocab: Vocabulary, *, fallback: Callable[[], Any] | None = None) -> None:
        self.vocab = vocab
        self._plans: list[PatternPlan] = []  # anchored ones
        self._scanned: list[PatternPlan] = []  # tried at every position
        self._index: CandidateIndex | None = None
        self._make_fallback = fallback
        self._fallback: Any = None
        self._size = 0
        self._flags = LexemeFlags(vocab)
        self._uses_orth = False
        self._open = False  # whether a pattern repeats a token without bound

    def __len__(self) -> int:
        return self._size

    def _built(self) -> CandidateIndex:
        """The candidate index, built on first use after patterns were added."""
        if self._index is None:
            self._index = CandidateIndex(self._plans)
        return self._index

    @property
    def reach(self) -> int:
        """How many empty words must separate documents laid end to end for
        :meth:`find` (at least 1)."""
        return self._built().reach

    @property
    def vocabulary(self) -> list[int]:
        """The word hashes the candidate search looks up, in the order it numbers them."""
        return self._built().vocabulary

    def add(
        self,
        key: int,
        patterns: Sequence[Sequence[dict[str, Any]]],
        *,
        commonness: Mapping[int, float] | None = None,
    ) -> None:
        """Add patterns under a match key (a StringStore hash).

        ``commonness`` (word hash -> how common, e.g. how many aliases use the word)
        steers each pattern's anchor towards its rarest required word list. Raises
        :class:`~cvmatch.errors.TaxonomyError` for a pattern outside the supported
        subset when there is no fallback.
        """
        for pattern in patterns:
            try:
                tokens = compile_tokens(self.vocab, pattern)
            except Unsupported as exc:
                self._add_fallback(key, pattern, str(exc))
                self._size += 1
                continue
            plan = plan_pattern(self.vocab, key, tokens, commonness or {})
            self._uses_orth |= any(t.orth_in or t.orth_not_in for t in tokens)
            (self._plans if plan.anchor is not None else self._scanned).append(plan)
            self._index = None
            self._open |= plan.unbounded > 0
            self._size += 1

    def _add_fallback(self, key: int, pattern: Sequence[dict[str, Any]], reason: str) -> None:
        if self._make_fallback is None:
            raise unsupported_pattern(pattern, reason) from None
        if self._fallback is None:
            self._fallback = self._make_fallback()
        self._fallback.add(self.vocab.strings[key], [list(pattern)])

    def __call__(self, doc: Any, lowers: numpy.ndarray | None = None) -> list[Match]:
        """Matches in ``doc`` (a sequence of tokens with ``.lower`` and ``.orth``);
        ``lowers``: its ``LOWER`` hashes, if already made."""
        if lowers is None:
            lowers = numpy.fromiter((t.lower for t in doc), dtype=numpy.uint64, count=len(doc))
        return self.match_many([doc], [lowers])[0]

    def match_many(self, docs: Sequence[Any], lowers: Sequence[numpy.ndarray]) -> list[list[Match]]:
        """Matches of each of ``docs``, given each one's ``LOWER`` hashes, each list
        sorted by start, end and key."""
        joined, offsets = end_to_end(lowers, self.reach)
        starts_of = offsets.tolist()
        keys, starts, ends = self.find(docs, joined, starts_of)
        found: list[set[Match]] = [set() for _ in docs]
        owners = numpy.searchsorted(offsets, starts, side="right") - 1
        for key, start, end, owner in zip(keys, starts, ends, owners.tolist(), strict=True):
            found[owner].add((key, start - starts_of[owner], end - starts_of[owner]))
        return [sorted(matches, key=lambda m: (m[1], m[2], m[0])) for matches in found]

    def find(
        self,
        docs: Sequence[Any],
        joined: numpy.ndarray,
        offsets: Sequence[int],
        numbers: numpy.ndarray | None = None,
    ) -> tuple[list[int], list[int], list[int]]:
        """Matches (keys, starts, ends) of ``docs`` laid end to end in ``joined``: their
        ``LOWER`` hashes, doc ``i`` from ``offsets[i]``, with at least :attr:`reach`
        empty words (hash 0) after each. Positions are in ``joined``; a place may
        come more than once. ``numbers``: the words' numbers in :attr:`vocabulary`.
        ``docs`` are read only for ``ORTH`` (tokens' ``.orth``) and the fallback."""
        out: tuple[list[int], list[int], list[int]] = ([], [], [])
        text: _Text | None = None
        if self._plans or self._scanned:
            orths = self._joined_orths(docs, offsets, len(joined)) if self._uses_orth else None
            text = _Text(joined.tolist(), orths, self._flags)
        if self._plans and text is not None:
            self._find_anchored(joined, numbers, text, out)
        if self._scanned and text is not None:
            for plan in self._scanned:
                _find_everywhere(plan, text, out)
        if self._fallback is not None:
            self._find_fallback(docs, offsets, out)
        return out

    def _find_anchored(
        self,
        joined: numpy.ndarray,
        numbers: numpy.ndarray | None,
        text: _Text,
        out: tuple[list[int], list[int], list[int]],
    ) -> None:
        keys, starts, ends = out
        index = self._built()
        walls = self._walls(joined) if self._open else None
        positions, patterns = index.candidates(joined, numbers, walls and walls[1])
        exact = index.exact[patterns]
        if exact.any():
            done = patterns[exact]
            begin = positions[exact] - index.before[done]
            keys.extend(index.keys[done].tolist())
            starts.extend(begin.tolist())
            ends.extend((begin + index.length[done]).tolist())
            positions, patterns = positions[~exact], patterns[~exact]
        if not len(positions):
            return
        walls = walls or ([], [])
        memos: dict[int, dict[tuple[int, int], int]] = {}
        plans = self._plans
        for position, number in zip(positions.tolist(), patterns.tolist(), strict=True):
            plan = plans[number]
            memo = memos.setdefault(number, {}) if plan.unbounded > 1 else None
            for start in _starts(plan, position, walls[0] if plan.crosses_space else walls[1]):
                end = _end(plan, start, text, memo)
                if end > start:
                    keys.append(plan.key)
                    starts.append(start)
                    ends.append(end)

    def _walls(self, joined: numpy.ndarray) -> tuple[list[int], numpy.ndarray]:
        """Positions no match runs across: the empty words between documents (as a
        list), and those plus the whitespace tokens seen so far (sorted array)."""
        spaces = numpy.fromiter(self._flags.spaces, dtype=numpy.uint64)
        edges = numpy.flatnonzero(joined == 0).tolist()
        return edges, numpy.flatnonzero(numpy.isin(joined, spaces))

    def _find_fallback(
        self,
        docs: Sequence[Any],
        offsets: Sequence[int],
        out: tuple[list[int], list[int], list[int]],
    ) -> None:
        keys, starts, ends = out
        for doc, offset in zip(docs, offsets, strict=True):
            longest: dict[tuple[int, int], int] = {}
            for key, start, end in self._fallback(doc):
                longest[key, start] = max(end, longest.get((key, start), end))
            for (key, start), end in longest.items():
                keys.append(key)
                starts.append(start + offset)
                ends.append(end + offset)

    @staticmethod
    def _joined_orths(docs: Sequence[Any], offsets: Sequence[int], size: int) -> list[int]:
        """The exact-text hashes (``ORTH``) of ``docs``, placed as in ``joined`` (read
        with ``Doc.to_array`` where there is one: no Python step per token)."""
        orths = numpy.zeros(size, dtype=numpy.uint64)
        for doc, offset in zip(docs, offsets, strict=True):
            if hasattr(doc, "to_array"):
                column = doc.to_array("ORTH")
            else:
                column = numpy.fromiter((t.orth for t in doc), dtype=numpy.uint64, count=len(doc))
            orths[offset : offset + len(doc)] = column
        return orths.tolist()


def _starts(plan: PatternPlan, position: int, walls: Sequence[int]) -> range:
    """The starts a match with its anchor at ``position`` may have: as the tokens
    before the anchor allow, not before the last wall (see :meth:`_walls`)."""
    last = position - plan.before_min
    if plan.before_max >= MANY:
        before = bisect.bisect_left(walls, position) - 1
        first = int(walls[before]) + 1 if before >= 0 else 0
    else:
        first = max(position - plan.before_max, 0)
    return range(first, last + 1)


def _find_everywhere(
    plan: PatternPlan, text: _Text, out: tuple[list[int], list[int], list[int]]
) -> None:
    """Matches of a pattern with no anchor: tried at every word."""
    keys, starts, ends = out
    memo: dict[tuple[int, int], int] | None = {} if plan.unbounded > 1 else None
    for start in range(text.n):
        if not text.lowers[start]:
            continue
        end = _end(plan, start, text, memo)
        if end > start:
            keys.append(plan.key)
            starts.append(start)
            ends.append(end)


def _end(
    plan: PatternPlan, start: int, text: _Text, memo: dict[tuple[int, int], int] | None
) -> int:
    """End of the longest match of ``plan`` from ``start``, or -1."""
    if plan.shape == WORD_GAP_WORD:
        return _word_gap_word(plan.tokens, start, text)
    return _longest(plan.tokens, 0, start, text, memo)


def _word_gap_word(tokens: tuple[TokenSpec, ...], start: int, text: _Text) -> int:
    """:func:`_longest` for word list, gap, word list: the gap as long as it can be
    with the second list's word right after it."""
    first, gap, last = tokens
    words, n, flags = text.lowers, text.n, text.flags
    if start >= n or words[start] not in first.lower_in:  # type: ignore[operator]
        return -1
    barrier = gap.lower_not_in
    limit = min(gap.high, n - start - 1)
    count = 0
    while count < limit:
        word = words[start + 1 + count]
        if word in barrier or flags[word] & SPACE_BIT:  # type: ignore[operator]
            break
        count += 1
    targets = last.lower_in
    for taken in range(count, gap.low - 1, -1):
        at = start + 1 + taken
        if at < n and words[at] in targets:  # type: ignore[operator]
            return at + 1
    return -1


def _run(token: TokenSpec, position: int, text: _Text) -> int:
    """How many words from ``position`` on ``token`` accepts in a row (at most its high)."""
    high = min(token.high, text.n - position)
    lowers = text.lowers
    count = 0
    if token.kind == WORD_LIST:
        words = token.lower_in
        while count < high and lowers[position + count] in words:  # type: ignore[operator]
            count += 1
    elif token.kind == GAP:
        words, flags = token.lower_not_in, text.flags
        while count < high:
            word = lowers[position + count]
            if word in words or flags[word] & SPACE_BIT:  # type: ignore[operator]
                break
            count += 1
    else:
        while count < high and token.accepts(lowers, text.orths, text.flags, position + count):
            count += 1
    return count


def _longest(
    tokens: tuple[TokenSpec, ...],
    index: int,
    position: int,
    text: _Text,
    memo: dict[tuple[int, int], int] | None,
) -> int:
    """End of the longest match of ``tokens[index:]`` starting at ``position``, or -1.

    Greedy with backtracking: each token takes as many words as it can, giving back
    one at a time until the rest matches. The first match found so is the longest:
    the longest end of a pattern's tail never decreases when its start moves right
    (by induction from the last token, since each token tests one word at a time), so
    the most words a token can take with the rest still matching is the best choice.
    ``memo`` (for patterns with two unbounded tokens or more) keeps the search polynomial. A
    word-list token is peeked at before recursing into it.
    """
    if memo is not None and (index, position) in memo:
        return memo[index, position]
    token = tokens[index]
    count = _run(token, position, text)
    if count < token.low:
        best = -1
    elif index + 1 == len(tokens):
        best = position + count
    else:
        best = _best_rest(tokens, index, position, count, text, memo)
    if memo is not None:
        memo[index, position] = best
    return best


def _best_rest(
    tokens: tuple[TokenSpec, ...],
    index: int,
    position: int,
    count: int,
    text: _Text,
    memo: dict[tuple[int, int], int] | None,
) -> int:
    """The end of the first match of the rest, trying the counts ``tokens[index]`` may
    take from the most down; it is the longest (see :func:`_longest`)."""
    following = tokens[index + 1]
    peek = following.lower_in if following.kind == WORD_LIST and following.low else None
    lowers, n = text.lowers, text.n
    for taken in range(count, tokens[index].low - 1, -1):
        at = position + taken
        if peek is not None and (at >= n or lowers[at] not in peek):
            continue
        end = _longest(tokens, index + 1, at, text, memo)
        if end >= 0:
            return end
    return -1
