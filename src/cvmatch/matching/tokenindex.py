"""The candidate search of the token-pattern matcher, vectorised with numpy.

For a batch of documents laid end to end (word hashes, documents kept apart by empty
words, hash 0), numpy finds every anchor word and rules out the candidates where
some check has no word of its list at an offset the pattern allows: bounded checks
by probing per-word bit sets of the lists at each allowed offset, open checks by a
binary search in the positions of their list's words, up to the document's edge.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy

from cvmatch.matching.tokenplan import WORDS, PatternPlan
from cvmatch.matching.wordindex import WordTable, flat_indices, slices

__all__ = ["CandidateIndex"]

CHECK_SLICE = 65_536  # candidates checked per numpy pass (bounds the memory it takes)


class CandidateIndex:
    """The anchored patterns' word lists as arrays, so a batch's candidates are found
    with a few vectorised numpy operations instead of Python work per token.

    Every word of an anchor or check list gets a number (``table``), anchor words
    first; per number there is a slice of the patterns the word anchors and a bit set
    of the check lists it is in. Per pattern there is a slice of its bounded checks
    (list, nearest offset from the anchor and how many offsets follow) and a list of
    its open checks.
    """

    def __init__(self, plans: Sequence[PatternPlan]) -> None:
        lists: dict[frozenset[int], int] = {}
        for plan in plans:
            for check in plan.checks:
                lists.setdefault(check.words, len(lists))
        self._number_words(plans, lists)
        bounded = [[c for c in plan.checks if not c.open] for plan in plans]
        checks = [[(lists[c.words], c.low, c.high) for c in rows] for rows in bounded]
        self.check_start, self.check_count, check_lists = slices(
            [[row[0] for row in rows] for rows in checks]
        )
        self.check_word = check_lists // 64
        self.check_bit = numpy.left_shift(numpy.uint64(1), (check_lists % 64).astype(numpy.uint64))
        flat_checks = [row for rows in checks for row in rows]
        self.check_near = numpy.array([row[1] for row in flat_checks], dtype=numpy.int64)
        self.check_width = numpy.array(
            [row[2] - row[1] + 1 for row in flat_checks], dtype=numpy.int64
        )
        # open checks: (pattern number, list number, nearest offset, after the anchor?,
        # whether the pattern may run across a whitespace token)
        self.open_checks = [
            (number, lists[c.words], c.near, c.low > 0, plan.crosses_space)
            for number, plan in enumerate(plans)
            for c in plan.checks
            if c.open
        ]
        # a run of single word lists is matched by its checks alone
        self.exact = numpy.array([p.shape == WORDS for p in plans], dtype=bool)
        self.keys = numpy.array([p.key for p in plans], dtype=numpy.uint64)
        self.before = numpy.array([p.before_min for p in plans], dtype=numpy.int64)
        self.length = numpy.array([len(p.tokens) for p in plans], dtype=numpy.int64)
        # how far a bounded check reaches from its anchor: documents laid end to end
        # are kept this many empty words apart (open checks stop at the first one)
        self.reach = 1 + max((max(-row[1], row[2]) for row in flat_checks), default=0)

    def _number_words(self, plans: Sequence[PatternPlan], lists: dict[frozenset[int], int]) -> None:
        anchored: dict[int, list[int]] = {}
        for number, plan in enumerate(plans):
            for word in plan.tokens[plan.anchor].lower_in or ():  # type: ignore[index]
                anchored.setdefault(word, []).append(number)
        member: dict[int, list[int]] = {}
        for words, list_number in lists.items():
            for word in words:
                member.setdefault(word, []).append(list_number)
        anchor_words = sorted(anchored)
        vocabulary = anchor_words + sorted(set(member) - set(anchored))
        self.vocabulary = vocabulary
        self.table = WordTable(vocabulary)
        self.n_anchor_words = len(anchor_words)
        self.anchor_start, self.anchor_count, self.anchor_ids = slices(
            [anchored[w] for w in anchor_words]
        )
        # per word, the check lists it is in as bits; the last row (number -1) is empty
        self.bits = numpy.zeros((len(vocabulary) + 1, (len(lists) + 63) // 64), numpy.uint64)
        where = {word: i for i, word in enumerate(vocabulary)}
        for words, list_number in lists.items():
            rows = [where[w] for w in words]
            self.bits[rows, list_number // 64] |= numpy.uint64(1 << (list_number % 64))

    def candidates(
        self,
        lowers: numpy.ndarray,
        numbers: numpy.ndarray | None = None,
        barriers: numpy.ndarray | None = None,
    ) -> tuple[numpy.ndarray, numpy.ndarray]:
        """(anchor position, pattern number) pairs whose checks all pass; ``numbers``
        are the words' numbers in :attr:`vocabulary` (-1: not there) if known;
        ``barriers``: sorted positions of (some) whitespace tokens and the empty words,
        which a pattern that does not allow whitespace cannot run across."""
        n = len(lowers)
        everywhere = self.table.lookup(lowers) if numbers is None else numbers
        present = numpy.flatnonzero(everywhere >= 0)
        slot = everywhere[present]
        anchor = slot < self.n_anchor_words
        hits, hit_slot = present[anchor], slot[anchor]
        if not len(hits):
            return hits, hits
        # every pattern anchored at every position where its anchor word stands
        counts = self.anchor_count[hit_slot]
        positions = numpy.repeat(hits, counts)
        patterns = self.anchor_ids[flat_indices(self.anchor_start[hit_slot], counts)]
        # a check passes if a word of its list stands at one of the offsets it allows;
        # in slices, so that a document made of anchor words cannot run memory up
        rows = numpy.append(everywhere, -1)
        keep = numpy.ones(len(patterns), dtype=bool)
        for low in range(0, len(patterns), CHECK_SLICE):
            high = low + CHECK_SLICE
            keep[low:high] = self._passes(positions[low:high], patterns[low:high], rows, n)
        if self.open_checks:
            edges = numpy.flatnonzero(lowers == 0)
            walls = edges if barriers is None else barriers
            keep &= self._open_passes(positions, patterns, rows, (edges, walls))
        return positions[keep], patterns[keep]

    def _passes(
        self, positions: numpy.ndarray, patterns: numpy.ndarray, rows: numpy.ndarray, n: int
    ) -> numpy.ndarray:
        """Which (anchor position, pattern) candidates pass all their bounded checks;
        ``rows``: each position's word number, -1 past the end."""
        counts = self.check_count[patterns]
        owner = numpy.repeat(numpy.arange(len(patterns)), counts)
        check = flat_indices(self.check_start[patterns], counts)
        widths = self.check_width[check]
        probe = numpy.repeat(numpy.arange(len(check)), widths)
        ends = numpy.cumsum(widths)
        step = numpy.arange(len(probe)) - numpy.repeat(ends - widths, widths)
        at = (positions[owner] + self.check_near[check])[probe] + step
        at[(at < 0) | (at >= n)] = n  # outside: the empty row
        bits = self.bits[rows[at], self.check_word[check][probe]] & self.check_bit[check][probe]
        found = numpy.maximum.reduceat(bits != 0, ends - widths) if len(probe) else bits
        keep = numpy.ones(len(patterns), dtype=bool)
        keep[owner[~found]] = False
        return keep

    def _open_passes(
        self,
        positions: numpy.ndarray,
        patterns: numpy.ndarray,
        rows: numpy.ndarray,
        walls: tuple[numpy.ndarray, numpy.ndarray],
    ) -> numpy.ndarray:
        """Which candidates pass their open checks: a word of the list stands between
        the nearest offset and the first wall from the anchor (the document's edge;
        also a whitespace token if the pattern does not allow one)."""
        keep = numpy.ones(len(patterns), dtype=bool)
        where: dict[int, numpy.ndarray] = {}
        n = len(rows) - 1
        for number, list_number, near, after, crosses_space in self.open_checks:
            mine = numpy.flatnonzero(patterns == number)
            if not len(mine):
                continue
            if list_number not in where:
                bits = self.bits[rows[:-1], list_number // 64]
                where[list_number] = numpy.flatnonzero(bits & numpy.uint64(1 << (list_number % 64)))
            found, wall = where[list_number], walls[0] if crosses_space else walls[1]
            anchors = positions[mine]
            if after:
                keep[mine] &= _next(found, anchors + near, n) < _next(wall, anchors, n)
            else:
                keep[mine] &= _previous(found, anchors + near) > _previous(wall, anchors)
        return keep


def _next(sorted_positions: numpy.ndarray, at: numpy.ndarray, end: int) -> numpy.ndarray:
    """The first of ``sorted_positions`` at or after each of ``at`` (``end``: none)."""
    i = numpy.searchsorted(sorted_positions, at, side="left")
    padded = numpy.append(sorted_positions, end)
    return padded[i]


def _previous(sorted_positions: numpy.ndarray, at: numpy.ndarray) -> numpy.ndarray:
    """The last of ``sorted_positions`` at or before each of ``at`` (-1: none)."""
    i = numpy.searchsorted(sorted_positions, at, side="right") - 1
    padded = numpy.append(sorted_positions, -1)
    return padded[i]  # i == -1 reads the final -1
