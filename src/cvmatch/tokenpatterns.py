"""A fast matcher for spaCy-style token patterns, anchored on their rarest word.

spaCy's ``Matcher`` tries every pattern at every token, which costs ~0.4 µs per
pattern per token: with a hundred verb–object patterns that is 20x slower than
tokenising. Our patterns always contain at least one token with a fixed word list
(``LOWER``/``LEMMA`` ``IN``), so we index patterns by those words, find candidate
positions with one dictionary lookup per token, and run a small backtracking match
only there. Patterns this matcher cannot anchor or understand go to spaCy's
``Matcher`` unchanged, so behaviour never silently differs.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy
from spacy.attrs import IS_ALPHA, IS_DIGIT, IS_PUNCT, IS_SPACE, LIKE_NUM, LOWER, ORTH
from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

__all__ = ["TABLE_ATTRS", "TokenPatternMatcher"]

#: The token attributes patterns can test, in the column order of ``token_table``.
TABLE_ATTRS = [LOWER, ORTH, LIKE_NUM, IS_DIGIT, IS_ALPHA, IS_PUNCT, IS_SPACE]
_FLAG_COLUMNS = {"LIKE_NUM": 2, "IS_DIGIT": 3, "IS_ALPHA": 4, "IS_PUNCT": 5, "IS_SPACE": 6}
_UNBOUNDED = 8  # "*" and "+" reach at most this many tokens
_RANGE = re.compile(r"^\{(\d*),(\d*)\}$|^\{(\d+)\}$")


@dataclass(frozen=True)
class _Token:
    lower_in: frozenset[int] | None
    lower_not_in: frozenset[int] | None
    orth_in: frozenset[int] | None
    orth_not_in: frozenset[int] | None
    flags: tuple[tuple[int, bool], ...]
    low: int
    high: int
    space_ok: bool = False

    def accepts(self, columns: Sequence[list[int]], i: int) -> bool:
        if columns[6][i] and not self.space_ok:
            return False  # a line break or run of spaces ends any pattern
        if self.lower_in is not None and columns[0][i] not in self.lower_in:
            return False
        if self.lower_not_in is not None and columns[0][i] in self.lower_not_in:
            return False
        if self.orth_in is not None and columns[1][i] not in self.orth_in:
            return False
        if self.orth_not_in is not None and columns[1][i] in self.orth_not_in:
            return False
        return all(bool(columns[column][i]) == value for column, value in self.flags)


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


def _compile(vocab: Vocab, pattern: Sequence[dict[str, Any]]) -> list[_Token]:
    tokens = []
    for spec in pattern:
        spec = dict(spec)
        low, high = _quantity(spec.pop("OP", None))
        lower_in = lower_not_in = orth_in = orth_not_in = None
        flags = []
        for key, value in spec.items():
            if key == "LOWER":
                lower_in, lower_not_in = _hashes(vocab, value, key)
                if lower_in is not None:
                    lower_in = frozenset(
                        vocab.strings.add(vocab.strings[h].lower()) for h in lower_in
                    )
            elif key == "ORTH" or key == "TEXT":
                orth_in, orth_not_in = _hashes(vocab, value, key)
            elif key in _FLAG_COLUMNS and isinstance(value, bool):
                flags.append((_FLAG_COLUMNS[key], value))
            else:
                raise _Unsupported(key)
        space_ok = any(column == _FLAG_COLUMNS["IS_SPACE"] for column, _ in flags)
        tokens.append(
            _Token(lower_in, lower_not_in, orth_in, orth_not_in, tuple(flags), low, high, space_ok)
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
    others: tuple[frozenset[int], ...]  # word lists of the other required tokens
    max_length: int

    def possible(self, present: set[int]) -> bool:
        """False when a required word list has no word in the document at all."""
        return all(not words.isdisjoint(present) for words in self.others)


class TokenPatternMatcher:
    """Match token patterns (``LOWER``/``ORTH`` str/IN/NOT_IN, ``LIKE_NUM``, ``IS_DIGIT``,
    ``IS_ALPHA``, ``IS_PUNCT``, ``OP`` ? * + {n,m}) on a ``Doc``; returns ``(key, start, end)``
    with the longest match per start, as spaCy's ``Matcher(greedy="LONGEST")`` would.

    Unlike spaCy's ``Matcher``, no pattern token matches a whitespace token (a line
    break) unless it says ``IS_SPACE``: a phrase never runs from one line into the next.
    """

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        self._anchors: dict[int, list[_Compiled]] = {}
        self._fallback = Matcher(vocab)
        self._size = 0

    def __len__(self) -> int:
        return self._size

    def add(self, key: int, patterns: Sequence[Sequence[dict[str, Any]]]) -> None:
        """Add patterns under a match key (a StringStore hash)."""
        for pattern in patterns:
            self._size += 1
            try:
                tokens = _compile(self.vocab, pattern)
                compiled = self._anchor(key, tokens)
            except _Unsupported:
                self._fallback.add(self.vocab.strings[key], [list(pattern)], greedy="LONGEST")
                continue
            for word in compiled.tokens[compiled.anchor].lower_in or ():
                self._anchors.setdefault(word, []).append(compiled)

    @staticmethod
    def _anchor(key: int, tokens: list[_Token]) -> _Compiled:
        candidates = [i for i, t in enumerate(tokens) if t.low >= 1 and t.lower_in]
        if not candidates:
            raise _Unsupported("no anchor")

        # Cheapest anchor: few common words (stop words, punctuation) and a narrow window
        # of possible starts before it.
        def cost(i: int) -> tuple[float, int]:
            words = tokens[i].lower_in or frozenset()
            common = sum(1 for w in words if w in _common_words())
            window = 1 + sum(t.high - t.low for t in tokens[:i])
            return ((len(words) + 200 * common) * window, i)

        anchor = min(candidates, key=cost)
        before = tokens[:anchor]
        others = tuple(
            t.lower_in for i, t in enumerate(tokens) if i != anchor and t.low >= 1 and t.lower_in
        )
        return _Compiled(
            key,
            tuple(tokens),
            anchor,
            sum(t.low for t in before),
            sum(t.high for t in before),
            others,
            sum(t.high for t in tokens),
        )

    def __call__(self, doc: Doc, table: numpy.ndarray | None = None) -> list[tuple[int, int, int]]:
        """Matches in ``doc``; ``table`` is ``doc.to_array(TABLE_ATTRS)`` if already made."""
        out: set[tuple[int, int, int]] = set()
        if self._anchors and len(doc):
            if table is None:
                table = doc.to_array(TABLE_ATTRS)
            lowers = table[:, 0].tolist()
            anchors = self._anchors
            hits = [i for i, word in enumerate(lowers) if word in anchors]
            if hits:
                columns = [lowers, *(column.tolist() for column in table.T[1:7])]
                present = set(lowers)
                impossible: set[int] = set()
                checked: set[int] = set()
                for position in hits:
                    for compiled in anchors[lowers[position]]:
                        marker = id(compiled)
                        if marker not in checked:
                            checked.add(marker)
                            if not compiled.possible(present):
                                impossible.add(marker)
                        if marker in impossible:
                            continue
                        first = position - compiled.before_max
                        if first < 0:
                            first = 0
                        last = position - compiled.before_min
                        if compiled.others:
                            window = lowers[first : last + compiled.max_length]
                            missing = False
                            for words in compiled.others:
                                if words.isdisjoint(window):
                                    missing = True
                                    break
                            if missing:
                                continue
                        for start in range(first, last + 1):
                            end = _match(compiled.tokens, 0, start, columns)
                            if end > start:
                                out.add((compiled.key, start, end))
        if len(self._fallback):
            out.update(self._fallback(doc))
        return sorted(out, key=lambda m: (m[1], m[2], m[0]))


def _match(tokens: tuple[_Token, ...], index: int, position: int, columns: list[list[int]]) -> int:
    """End of the longest match of ``tokens[index:]`` starting at ``position``, or -1."""
    if index == len(tokens):
        return position
    token = tokens[index]
    n = len(columns[0])
    count = 0
    while count < token.high and position + count < n and token.accepts(columns, position + count):
        count += 1
    if count < token.low:
        return -1
    for taken in range(count, token.low - 1, -1):
        end = _match(tokens, index + 1, position + taken, columns)
        if end >= 0:
            return end
    return -1
