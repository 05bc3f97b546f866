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
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy
from spacy.attrs import IS_SPACE, LOWER, ORTH
from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

__all__ = ["TABLE_ATTRS", "TokenPatternMatcher"]

#: The token attributes read per document: the lowercase form, and the exact text for
#: the rare patterns that need it. Flags come from each word's lexeme, cached.
TABLE_ATTRS = [LOWER, ORTH, IS_SPACE]
_FLAG_BITS = {"LIKE_NUM": 1, "IS_DIGIT": 2, "IS_ALPHA": 4, "IS_PUNCT": 8, "IS_SPACE": 16}
_UNBOUNDED = 8  # "*" and "+" reach at most this many tokens
_RANGE = re.compile(r"^\{(\d*),(\d*)\}$|^\{(\d+)\}$")


class _Flags(dict):
    """Word hash -> bit mask of its lexeme flags, filled on first use."""

    def __init__(self, vocab: Vocab) -> None:
        super().__init__()
        self.vocab = vocab

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
    flags_clear: int  # bits that must be clear (IS_SPACE unless the pattern allows it)
    low: int
    high: int

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
        flags_set, flags_clear = 0, _FLAG_BITS["IS_SPACE"]
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
        tokens.append(
            _Token(lower_in, lower_not_in, orth_in, orth_not_in, flags_set, flags_clear, low, high)
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
        self._flags = _Flags(vocab)
        self._uses_orth = False

    def __len__(self) -> int:
        return self._size

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
            for word in compiled.tokens[compiled.anchor].lower_in or ():
                self._anchors.setdefault(word, []).append(compiled)

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
                orths = table[:, 1].tolist() if self._uses_orth else None
                flags = self._flags
                for position in hits:
                    for compiled in anchors[lowers[position]]:
                        first = position - compiled.before_max
                        if first < 0:
                            first = 0
                        last = position - compiled.before_min
                        if compiled.others:
                            # every other required word list must show up nearby
                            window = lowers[first : last + compiled.max_length]
                            for words in compiled.others:
                                if words.isdisjoint(window):
                                    break
                            else:
                                _collect(compiled, first, last, lowers, orths, flags, out)
                        else:
                            _collect(compiled, first, last, lowers, orths, flags, out)
        if len(self._fallback):
            out.update(self._fallback(doc))
        return sorted(out, key=lambda m: (m[1], m[2], m[0]))


def _collect(
    compiled: _Compiled,
    first: int,
    last: int,
    lowers: list[int],
    orths: list[int] | None,
    flags: _Flags,
    out: set[tuple[int, int, int]],
) -> None:
    """Add the matches of ``compiled`` starting anywhere in ``first..last``."""
    for start in range(first, last + 1):
        end = _match(compiled.tokens, 0, start, lowers, orths, flags)
        if end > start:
            out.add((compiled.key, start, end))


def _match(
    tokens: tuple[_Token, ...],
    index: int,
    position: int,
    lowers: list[int],
    orths: list[int] | None,
    flags: _Flags,
) -> int:
    """End of the longest match of ``tokens[index:]`` starting at ``position``, or -1."""
    if index == len(tokens):
        return position
    token = tokens[index]
    n = len(lowers)
    count = 0
    while (
        count < token.high
        and position + count < n
        and token.accepts(lowers, orths, flags, position + count)
    ):
        count += 1
    if count < token.low:
        return -1
    for taken in range(count, token.low - 1, -1):
        end = _match(tokens, index + 1, position + taken, lowers, orths, flags)
        if end >= 0:
            return end
    return -1
