"""A fast matcher for spaCy-style token patterns, anchored on their rarest word list.

spaCy's ``Matcher`` tries every pattern at every token, which costs ~0.4 µs per
pattern per token: with a hundred verb–object patterns that is 20x slower than
tokenising. Our patterns always contain at least one token with a fixed word list
(``LOWER``/``LEMMA`` ``IN``), so each pattern is indexed by one such list (its
anchor). For a batch of documents laid end to end, numpy finds every anchor word,
and rules out the candidates where some other required word list has no word at an
offset the pattern allows (per-token bit sets of the lists). Only the candidates
left get a backtracking match in Python, and runs of single word lists not even
that. Patterns this matcher cannot anchor or understand go to spaCy's ``Matcher``
unchanged, so behaviour never silently differs.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy
from spacy.attrs import LOWER, ORTH
from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

from cvmatch.matching.wordindex import WordTable, end_to_end, flat_indices, slices

__all__ = ["TokenPatternMatcher"]

_FLAG_BITS = {"LIKE_NUM": 1, "IS_DIGIT": 2, "IS_ALPHA": 4, "IS_PUNCT": 8, "IS_SPACE": 16}
_UNBOUNDED = 8  # "*" and "+" reach at most this many tokens
_CHECK_SLICE = 65_536  # candidates checked per numpy pass (bounds the memory it takes)
_GENERAL, _IN, _GAP = 0, 1, 2  # token shapes: any, "LOWER IN words", "not these words"
_SPACE_BIT = 16
# the empty word (hash 0) that keeps documents laid end to end apart: no token takes it
_END_BIT = 32
_RANGE = re.compile(r"^\{(\d*),(\d*)\}$|^\{(\d+)\}$")


class _Flags(dict):
    """Word hash -> bit mask of its lexeme flags, filled on first use."""

    def __init__(self, vocab: Vocab) -> None:
        super().__init__()
        self.vocab = vocab
        self[0] = _SPACE_BIT | _END_BIT

    def __missing__(self, key: int) -> int:
        lexeme = self.vocab[self.vocab.strings[key]]
        mask = (
            lexeme.like_num * 1
            | lexeme.is_digit * 2
            | lexeme.is_alpha * 4
            | lexeme.is_punct * 8
            | lexeme.is_space * 16
        )
        self[key] = mask
        return mask


@dataclass(frozen=True)
class _Token:
    lower_in: frozenset[int] | None
    lower_not_in: frozenset[int] | None
    orth_in: frozenset[int] | None
    orth_not_in: frozenset[int] | None
    flags_set: int  # bits that must be set
    flags_clear: int  # bits that must be clear: _END_BIT, IS_SPACE unless allowed
    low: int
    high: int
    kind: int = 0  # _GENERAL, or a shape _match tests inline: _IN (a word list), _GAP

    def accepts(self, lowers: list[int], orths: list[int] | None, flags: _Flags, i: int) -> bool:
        word = lowers[i]
        if self.lower_in is not None and word not in self.lower_in:
            return False
        if self.lower_not_in is not None and word in self.lower_not_in:
            return False
        if orths is not None:
            if self.orth_in is not None and orths[i] not in self.orth_in:
                return False
            if self.orth_not_in is not None and orths[i] in self.orth_not_in:
                return False
        if self.flags_set or self.flags_clear:
            mask = flags[word]
            if mask & self.flags_set != self.flags_set or mask & self.flags_clear:
                return False
        return True


class _Unsupported(ValueError):
    pass


def _quantity(op: str | None) -> tuple[int, int]:
    if op is None:
        return 1, 1
    if op == "?":
        return 0, 1
    if op == "*":
        return 0, _UNBOUNDED
    if op == "+":
        return 1, _UNBOUNDED
    match = _RANGE.match(op)
    if not match:
        raise _Unsupported(op)
    if match.group(3):
        n = int(match.group(3))
        return n, n
    low = int(match.group(1) or 0)
    high = int(match.group(2)) if match.group(2) else _UNBOUNDED
    return low, high


def _hashes(
    vocab: Vocab, value: Any, key: str
) -> tuple[frozenset[int] | None, frozenset[int] | None]:
    def strings(items: Any) -> frozenset[int]:
        return frozenset(vocab.strings.add(str(s)) for s in items)

    if isinstance(value, str):
        return strings([value]), None
    if isinstance(value, dict) and set(value) == {"IN"}:
        return strings(value["IN"]), None
    if isinstance(value, dict) and set(value) == {"NOT_IN"}:
        return None, strings(value["NOT_IN"])
    raise _Unsupported(f"{key}={value!r}")


def _fold_case_free(values: frozenset[int], vocab: Vocab) -> bool:
    """True when no value has letters, so ORTH and LOWER agree on it."""
    return all(not any(c.isalpha() for c in vocab.strings[h]) for h in values)


def _compile(vocab: Vocab, pattern: Sequence[dict[str, Any]]) -> list[_Token]:
    tokens = []
    for spec in pattern:
        spec = dict(spec)
        low, high = _quantity(spec.pop("OP", None))
        lower_in = lower_not_in = orth_in = orth_not_in = None
        flags_set, flags_clear = 0, _FLAG_BITS["IS_SPACE"] | _END_BIT
        for key, value in spec.items():
            if key == "LOWER":
                lower_in, lower_not_in = _hashes(vocab, value, key)
                if lower_in is not None:
                    lower_in = frozenset(
                        vocab.strings.add(vocab.strings[h].lower()) for h in lower_in
                    )
            elif key == "ORTH" or key == "TEXT":
                orth_in, orth_not_in = _hashes(vocab, value, key)
            elif key in _FLAG_BITS and isinstance(value, bool):
                bit = _FLAG_BITS[key]
                flags_clear &= ~bit
                if value:
                    flags_set |= bit
                else:
                    flags_clear |= bit
            else:
                raise _Unsupported(key)
        # punctuation lists read the same in ORTH and LOWER: test them on LOWER
        if orth_not_in is not None and _fold_case_free(orth_not_in, vocab):
            lower_not_in = orth_not_in | (lower_not_in or frozenset())
            orth_not_in = None
        if orth_in is not None and lower_in is None and _fold_case_free(orth_in, vocab):
            lower_in, orth_in = orth_in, None
        plain = orth_in is None and orth_not_in is None and not flags_set
        plain = plain and flags_clear == _SPACE_BIT | _END_BIT
        if plain and lower_in is not None and lower_not_in is None:
            spaces = any(not vocab.strings[h] or vocab.strings[h].isspace() for h in lower_in)
            kind = _GENERAL if spaces else _IN
        elif plain and lower_in is None and lower_not_in is not None:
            kind = _GAP
        else:
            kind = _GENERAL
        tokens.append(
            _Token(
                lower_in,
                lower_not_in,
                orth_in,
                orth_not_in,
                flags_set,
                flags_clear,
                low,
                high,
                kind,
            )
        )
    return tokens


@functools.lru_cache(maxsize=1)
def _common_words() -> frozenset[int]:
    """Hashes of stop words and punctuation: poor anchors, they occur everywhere."""
    from spacy.lang.en.stop_words import STOP_WORDS
    from spacy.strings import hash_string

    punctuation = list(",./;:-|&()[]!?'\"+*")
    return frozenset(hash_string(w) for w in [*STOP_WORDS, *punctuation])


@dataclass(frozen=True)
class _Compiled:
    key: int
    tokens: tuple[_Token, ...]
    anchor: int  # index of the anchoring token (required, with a LOWER IN word list)
    before_min: int
    before_max: int
    # the other required word lists, each with the range of its offsets from the anchor
    checks: tuple[tuple[frozenset[int], int, int], ...]
    max_length: int
    shape: int = 0  # _ANY, or a shape matched faster: _WORDS, _WORD_GAP_WORD


_ANY, _WORDS, _WORD_GAP_WORD = 0, 1, 2


def _shape(tokens: Sequence[_Token]) -> int:
    """How a pattern is matched: a run of single word-list tokens (_WORDS) by its
    checks alone; word list, gap, word list (_WORD_GAP_WORD) by its own matcher; any
    other by the general one (_ANY)."""
    single = [t.kind == _IN and t.low == t.high == 1 for t in tokens]
    if all(single):
        return _WORDS
    if len(tokens) == 3 and single[0] and single[2] and tokens[1].kind == _GAP:
        return _WORD_GAP_WORD
    return _ANY


def _checks(tokens: Sequence[_Token], anchor: int) -> tuple[tuple[frozenset[int], int, int], ...]:
    """Each other required word list with where it can stand relative to the anchor.

    The anchor's word is at offset 0 somewhere in its own run; a required token after
    it starts at least one word past the run's end and at most every possible word
    later (mirrored for tokens before it). Used only to rule out candidates cheaply.
    """
    out = []
    for j, token in enumerate(tokens):
        if j == anchor or token.low < 1 or not token.lower_in:
            continue
        between = tokens[min(j, anchor) + 1 : max(j, anchor)]
        near = 1 + sum(t.low for t in between)
        far = tokens[anchor].high + sum(t.high for t in between) + token.high - 1
        out.append((token.lower_in, near, far) if j > anchor else (token.lower_in, -far, -near))
    return tuple(out)


class _Index:
    """The patterns' word lists as arrays, so a document's candidates are found with a
    few vectorised numpy operations instead of Python work per token.

    Every word of an anchor or check list gets a number (``table``), anchor words
    first; per number there is a slice of the patterns the word anchors and a bit set
    of the check lists it is in. Per pattern there is a slice of its checks: list,
    nearest offset from the anchor and how many offsets follow.
    """

    def __init__(self, compiled: Sequence[_Compiled]) -> None:
        lists: dict[frozenset[int], int] = {}
        for c in compiled:
            for words, _near, _far in c.checks:
                lists.setdefault(words, len(lists))
        anchored: dict[int, list[int]] = {}
        for number, c in enumerate(compiled):
            for word in c.tokens[c.anchor].lower_in or ():
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
        checks = [[(lists[w], near, far) for w, near, far in c.checks] for c in compiled]
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
        # a run of single word lists is matched by its checks alone
        self.exact = numpy.array([c.shape == _WORDS for c in compiled], dtype=bool)
        self.keys = numpy.array([c.key for c in compiled], dtype=numpy.uint64)
        self.before = numpy.array([c.before_min for c in compiled], dtype=numpy.int64)
        self.length = numpy.array([len(c.tokens) for c in compiled], dtype=numpy.int64)
        # how far a check reaches from its anchor: documents laid end to end are kept
        # this many empty words apart
        self.reach = 1 + max(
            (max(-near, far) for c in compiled for _w, near, far in c.checks), default=0
        )

    def candidates(
        self, lowers: numpy.ndarray, numbers: numpy.ndarray | None = None
    ) -> tuple[numpy.ndarray, numpy.ndarray]:
        """(anchor position, pattern number) pairs whose checks all pass; ``numbers``
        are the words' numbers in :attr:`vocabulary` (-1: not there) if known."""
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
        for low in range(0, len(patterns), _CHECK_SLICE):
            high = low + _CHECK_SLICE
            keep[low:high] = self._passes(positions[low:high], patterns[low:high], rows, n)
        return positions[keep], patterns[keep]

    def _passes(
        self, positions: numpy.ndarray, patterns: numpy.ndarray, rows: numpy.ndarray, n: int
    ) -> numpy.ndarray:
        """Which (anchor position, pattern) candidates pass all their checks; ``rows``:
        each position's word number, -1 past the end."""
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


class TokenPatternMatcher:
    """Match token patterns (``LOWER``/``ORTH`` str/IN/NOT_IN, ``LIKE_NUM``, ``IS_DIGIT``,
    ``IS_ALPHA``, ``IS_PUNCT``, ``OP`` ? * + {n,m}) on a ``Doc``; returns ``(key, start, end)``
    with the longest match per start, as spaCy's ``Matcher(greedy="LONGEST")`` would.

    Unlike spaCy's ``Matcher``, no pattern token matches a whitespace token (a line
    break) unless it says ``IS_SPACE``: a phrase never runs from one line into the next.
    """

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        self._compiled: list[_Compiled] = []
        self._index: _Index | None = None
        self._fallback = Matcher(vocab)
        self._size = 0
        self._flags = _Flags(vocab)
        self._uses_orth = False

    def __len__(self) -> int:
        return self._size

    def _built(self) -> _Index:
        """The candidate index, built on first use after patterns were added."""
        if self._index is None:
            self._index = _Index(self._compiled)
        return self._index

    @property
    def reach(self) -> int:
        """How many empty words must separate documents laid end to end for
        :meth:`match_many`-style searches (at least 1)."""
        return self._built().reach

    def add(
        self,
        key: int,
        patterns: Sequence[Sequence[dict[str, Any]]],
        *,
        commonness: Mapping[int, float] | None = None,
    ) -> None:
        """Add patterns under a match key (a StringStore hash).

        ``commonness`` (word hash -> how common, e.g. how many aliases use the word)
        steers each pattern's anchor towards its rarest required word list.
        """
        for pattern in patterns:
            self._size += 1
            try:
                tokens = _compile(self.vocab, pattern)
                compiled = self._anchor(key, tokens, commonness or {})
            except _Unsupported:
                self._fallback.add(self.vocab.strings[key], [list(pattern)], greedy="LONGEST")
                continue
            self._uses_orth |= any(t.orth_in or t.orth_not_in for t in compiled.tokens)
            self._compiled.append(compiled)
            self._index = None

    @staticmethod
    def _anchor(key: int, tokens: list[_Token], commonness: Mapping[int, float]) -> _Compiled:
        candidates = [i for i, t in enumerate(tokens) if t.low >= 1 and t.lower_in]
        if not candidates:
            raise _Unsupported("no anchor")

        # Cheapest anchor: few common words (stop words, punctuation) and a narrow window
        # of possible starts before it.
        def cost(i: int) -> tuple[float, int]:
            words = tokens[i].lower_in or frozenset()
            common = sum(1 for w in words if w in _common_words())
            weight = sum(1.0 + commonness.get(w, 0.0) for w in words)
            window = 1 + sum(t.high - t.low for t in tokens[:i])
            return ((weight + 200 * common) * window, i)

        anchor = min(candidates, key=cost)
        before = tokens[:anchor]
        return _Compiled(
            key,
            tuple(tokens),
            anchor,
            sum(t.low for t in before),
            sum(t.high for t in before),
            _checks(tokens, anchor),
            sum(t.high for t in tokens),
            _shape(tokens),
        )

    def __call__(self, doc: Doc, lowers: numpy.ndarray | None = None) -> list[tuple[int, int, int]]:
        """Matches in ``doc``; ``lowers`` is ``doc.to_array(LOWER)`` if already made.

        Flags come from each word's lexeme, cached; the exact text (``ORTH``) is read
        only when a pattern needs it.
        """
        if lowers is None:
            lowers = doc.to_array(LOWER)
        return self.match_many([doc], [lowers])[0]

    def match_many(
        self, docs: Sequence[Doc], lowers: Sequence[numpy.ndarray]
    ) -> list[list[tuple[int, int, int]]]:
        """Matches of each of ``docs``, given each one's ``doc.to_array(LOWER)``, each
        list sorted by start, end and key."""
        joined, offsets = end_to_end(lowers, self.reach)
        keys, starts, ends = self.find(docs, joined, offsets.tolist())
        found: list[set[tuple[int, int, int]]] = [set() for _ in docs]
        owners = numpy.searchsorted(offsets, starts, side="right") - 1
        for key, start, end, owner in zip(keys, starts, ends, owners.tolist(), strict=True):
            found[owner].add((key, start - offsets[owner], end - offsets[owner]))
        return [sorted(matches, key=lambda m: (m[1], m[2], m[0])) for matches in found]

    @property
    def vocabulary(self) -> list[int]:
        """The word hashes the candidate search looks up, in the order it numbers them."""
        return self._built().vocabulary

    def find(
        self,
        docs: Sequence[Doc],
        joined: numpy.ndarray,
        offsets: Sequence[int],
        numbers: numpy.ndarray | None = None,
    ) -> tuple[list[int], list[int], list[int]]:
        """Matches (keys, starts, ends) of ``docs`` laid end to end in ``joined``: their
        ``LOWER`` hashes, doc ``i`` from ``offsets[i]``, with at least :attr:`reach`
        empty words (hash 0) after each. Positions are in ``joined``; a place may
        come more than once. ``numbers``: the words' numbers in :attr:`vocabulary`."""
        keys: list[int] = []
        starts: list[int] = []
        ends: list[int] = []
        if self._compiled:
            index = self._built()
            positions, patterns = index.candidates(joined, numbers)
            exact = index.exact[patterns]
            if exact.any():
                done = patterns[exact]
                begin = positions[exact] - index.before[done]
                keys.extend(index.keys[done].tolist())
                starts.extend(begin.tolist())
                ends.extend((begin + index.length[done]).tolist())
                positions, patterns = positions[~exact], patterns[~exact]
            if len(positions):
                words = joined.tolist()
                orths = self._joined_orths(docs, offsets, len(words)) if self._uses_orth else None
                flags = self._flags
                compiled_list = self._compiled
                for position, pattern in zip(positions.tolist(), patterns.tolist(), strict=True):
                    compiled = compiled_list[pattern]
                    tokens = compiled.tokens
                    first = position - compiled.before_max
                    last = position - compiled.before_min
                    for start in range(first if first > 0 else 0, last + 1):
                        if compiled.shape == _WORD_GAP_WORD:
                            end = _match_word_gap_word(tokens, start, words, flags)
                        else:
                            end = _match(tokens, 0, start, words, orths, flags)
                        if end > start:
                            keys.append(compiled.key)
                            starts.append(start)
                            ends.append(end)
        if len(self._fallback):
            for doc, offset in zip(docs, offsets, strict=True):
                for key, start, end in self._fallback(doc):
                    keys.append(key)
                    starts.append(start + offset)
                    ends.append(end + offset)
        return keys, starts, ends

    @staticmethod
    def _joined_orths(docs: Sequence[Doc], offsets: Sequence[int], size: int) -> list[int]:
        """The exact-text hashes (``ORTH``) of ``docs``, placed as in ``joined``."""
        orths = numpy.zeros(size, dtype=numpy.uint64)
        for doc, offset in zip(docs, offsets, strict=True):
            orths[offset : offset + len(doc)] = doc.to_array(ORTH)
        return orths.tolist()


def _match_word_gap_word(
    tokens: tuple[_Token, ...], start: int, words: list[int], flags: _Flags
) -> int:
    """:func:`_match` for word list, gap, word list: the gap as long as it can be with
    the second list's word right after it."""
    first, gap, last = tokens
    n = len(words)
    if start >= n or words[start] not in first.lower_in:  # type: ignore[operator]
        return -1
    barrier = gap.lower_not_in
    limit = min(gap.high, n - start - 1)
    count = 0
    while count < limit:
        word = words[start + 1 + count]
        if word in barrier or flags[word] & _SPACE_BIT:  # type: ignore[operator]
            break
        count += 1
    targets = last.lower_in
    for taken in range(count, gap.low - 1, -1):
        at = start + 1 + taken
        if at < n and words[at] in targets:  # type: ignore[operator]
            return at + 1
    return -1


def _match(
    tokens: tuple[_Token, ...],
    index: int,
    position: int,
    lowers: list[int],
    orths: list[int] | None,
    flags: _Flags,
) -> int:
    """End of the longest match of ``tokens[index:]`` starting at ``position``, or -1.

    Greedy with backtracking, like spaCy's ``Matcher``; the two common token shapes
    are tested inline, and a word-list token is peeked at before recursing into it.
    """
    token = tokens[index]
    high = min(token.high, len(lowers) - position)
    count = 0
    if token.kind == _IN:
        words = token.lower_in
        while count < high and lowers[position + count] in words:  # type: ignore[operator]
            count += 1
    elif token.kind == _GAP:
        words = token.lower_not_in
        while count < high:
            word = lowers[position + count]
            if word in words or flags[word] & _SPACE_BIT:  # type: ignore[operator]
                break
            count += 1
    else:
        while count < high and token.accepts(lowers, orths, flags, position + count):
            count += 1
    if count < token.low:
        return -1
    if index + 1 == len(tokens):
        return position + count
    following = tokens[index + 1]
    peek = following.lower_in if following.kind == _IN and following.low else None
    n = len(lowers)
    for taken in range(count, token.low - 1, -1):
        at = position + taken
        if peek is not None and (at >= n or lowers[at] not in peek):
            continue
        end = _match(tokens, index + 1, at, lowers, orths, flags)
        if end >= 0:
            return end
    return -1
