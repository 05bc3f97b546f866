"""Token patterns as plain data: what each pattern token accepts and how often.

A pattern is spaCy's token-pattern format (a list of dicts). This module turns each
dict into a :class:`TokenSpec` over word hashes and lexeme flag bits, so matching
needs no spaCy type: a *vocabulary* is anything with ``strings.add(text) -> hash``,
``strings[hash] -> text`` and ``vocab[text] -> lexeme`` with the flag attributes
(``like_num``, ``is_punct``, ...), as spaCy's ``Vocab`` has.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from cvmatch.errors import TaxonomyError

__all__ = [
    "MANY",
    "ONLY_SPACE",
    "SPACE_BIT",
    "LexemeFlags",
    "TokenSpec",
    "Unsupported",
    "Vocabulary",
    "compile_tokens",
    "unsupported_pattern",
]

# the lexeme flags a pattern may test, each a bit of a word's mask
FLAG_NAMES = (
    "IS_SPACE",
    "LIKE_NUM",
    "IS_DIGIT",
    "IS_ALPHA",
    "IS_PUNCT",
    "IS_STOP",
    "IS_UPPER",
    "IS_LOWER",
    "IS_TITLE",
    "IS_ASCII",
    "IS_CURRENCY",
    "IS_QUOTE",
    "IS_BRACKET",
    "LIKE_URL",
    "LIKE_EMAIL",
)
_FLAG_BITS = {name: 1 << i for i, name in enumerate(FLAG_NAMES)}
SPACE_BIT = _FLAG_BITS["IS_SPACE"]
# the empty word (hash 0) that keeps documents laid end to end apart: no token takes it
END_BIT = 1 << len(FLAG_NAMES)
ONLY_SPACE = SPACE_BIT | END_BIT  # what a token with no flag test must not be
_COMMON_SPACES = (" ", "  ", "\n", "\n\n", "\n\n\n", "\t", "\r\n", "\n ", " \n")
MANY = 1 << 40  # the upper bound of "*", "+" and "{n,}": as many tokens as there are
_RANGE = re.compile(r"^\{(\d*),(\d*)\}$|^\{(\d+)\}$")
# token kinds the matcher tests inline: any, "LOWER IN words", "not these words"
GENERAL, WORD_LIST, GAP = 0, 1, 2


class Vocabulary(Protocol):
    """What compiling and matching need of a vocabulary (spaCy's ``Vocab`` has it)."""

    strings: Any

    def __getitem__(self, text: str) -> Any: ...


class Unsupported(ValueError):
    """A pattern this engine does not understand (reason in the message)."""


def unsupported_pattern(pattern: Sequence[dict[str, Any]], reason: str) -> TaxonomyError:
    """The error for a token pattern the engine cannot match exactly."""
    return TaxonomyError(
        f"token pattern {list(pattern)!r} cannot be matched: {reason}. Supported: "
        "LOWER/ORTH/TEXT as a string, IN or NOT_IN; the flags "
        f"{', '.join(FLAG_NAMES)} as true/false; OP ?, *, +, {{n}}, {{n,m}}, {{n,}}, {{,m}}"
    )


class LexemeFlags(dict):
    """Word hash -> bit mask of its lexeme flags, filled on first use."""

    def __init__(self, vocab: Vocabulary) -> None:
        super().__init__()
        self.vocab = vocab
        self[0] = SPACE_BIT | END_BIT
        self.spaces = {0}  # the words seen that are whitespace, and the empty word
        for text in _COMMON_SPACES:
            _ = self[vocab.strings.add(text)]

    def __missing__(self, key: int) -> int:
        lexeme = self.vocab[self.vocab.strings[key]]
        mask = 0
        for name, bit in _FLAG_BITS.items():
            if getattr(lexeme, name.lower()):
                mask |= bit
        self[key] = mask
        if mask & SPACE_BIT:
            self.spaces.add(key)
        return mask


@dataclass(frozen=True)
class TokenSpec:
    """One pattern token: the words and flags it accepts, and how many times in a row."""

    lower_in: frozenset[int] | None
    lower_not_in: frozenset[int] | None
    orth_in: frozenset[int] | None
    orth_not_in: frozenset[int] | None
    flags_set: int  # bits that must be set
    flags_clear: int  # bits that must be clear: END_BIT, IS_SPACE unless allowed
    low: int
    high: int  # MANY: unbounded
    kind: int = GENERAL  # or a shape tested inline: WORD_LIST, GAP

    def accepts(
        self, lowers: list[int], orths: list[int] | None, flags: LexemeFlags, i: int
    ) -> bool:
        """Whether the token at ``i`` satisfies this spec."""
        word = lowers[i]
        if self.lower_in is not None and word not in self.lower_in:
            return False
        if self.lower_not_in is not None and word in self.lower_not_in:
            return False
        if orths is not None and not self._accepts_orth(orths[i]):
            return False
        if self.flags_set or self.flags_clear:
            mask = flags[word]
            return mask & self.flags_set == self.flags_set and not mask & self.flags_clear
        return True

    def _accepts_orth(self, orth: int) -> bool:
        if self.orth_in is not None and orth not in self.orth_in:
            return False
        return self.orth_not_in is None or orth not in self.orth_not_in


def quantity(op: str | None) -> tuple[int, int]:
    """(fewest, most) repetitions an ``OP`` allows; most is :data:`MANY` if unbounded."""
    fixed = {None: (1, 1), "?": (0, 1), "*": (0, MANY), "+": (1, MANY)}
    if op in fixed:
        return fixed[op]
    match = _RANGE.match(op) if isinstance(op, str) else None
    if not match:
        raise Unsupported(f"OP {op!r}")
    if match.group(3):
        n = int(match.group(3))
        return n, n
    low = int(match.group(1) or 0)
    high = int(match.group(2)) if match.group(2) else MANY
    if high < low:
        raise Unsupported(f"OP {op!r}")
    return low, high


def _hashes(
    vocab: Vocabulary, value: Any, key: str
) -> tuple[frozenset[int] | None, frozenset[int] | None]:
    def strings(items: Iterable[Any]) -> frozenset[int]:
        return frozenset(vocab.strings.add(str(s)) for s in items)

    if isinstance(value, str):
        return strings([value]), None
    if isinstance(value, dict) and set(value) == {"IN"}:
        return strings(value["IN"]), None
    if isinstance(value, dict) and set(value) == {"NOT_IN"}:
        return None, strings(value["NOT_IN"])
    raise Unsupported(f"{key}={value!r}")


def _case_free(values: frozenset[int], vocab: Vocabulary) -> bool:
    """True when no value has letters, so ORTH and LOWER agree on it."""
    return all(not any(c.isalpha() for c in vocab.strings[h]) for h in values)


class _Draft:
    """The constraints of one pattern token while its dict is read."""

    def __init__(self) -> None:
        self.lower_in: frozenset[int] | None = None
        self.lower_not_in: frozenset[int] | None = None
        self.orth_in: frozenset[int] | None = None
        self.orth_not_in: frozenset[int] | None = None
        self.flags_set = 0
        self.flags_clear = ONLY_SPACE

    def read(self, vocab: Vocabulary, key: str, value: Any) -> None:
        if key == "LOWER":
            self.lower_in, self.lower_not_in = _hashes(vocab, value, key)
            if self.lower_in is not None:
                lowered = (vocab.strings[h].lower() for h in self.lower_in)
                self.lower_in = frozenset(vocab.strings.add(s) for s in lowered)
        elif key in ("ORTH", "TEXT"):
            self.orth_in, self.orth_not_in = _hashes(vocab, value, key)
        elif key in _FLAG_BITS and isinstance(value, bool):
            bit = _FLAG_BITS[key]
            self.flags_clear &= ~bit
            if value:
                self.flags_set |= bit
            else:
                self.flags_clear |= bit
        else:
            raise Unsupported(f"{key}={value!r}")

    def fold_case_free(self, vocab: Vocabulary) -> None:
        """Punctuation lists read the same in ORTH and LOWER: test them on LOWER."""
        if self.orth_not_in is not None and _case_free(self.orth_not_in, vocab):
            self.lower_not_in = self.orth_not_in | (self.lower_not_in or frozenset())
            self.orth_not_in = None
        if self.orth_in is not None and self.lower_in is None and _case_free(self.orth_in, vocab):
            self.lower_in, self.orth_in = self.orth_in, None

    def kind(self, vocab: Vocabulary) -> int:
        plain = self.orth_in is None and self.orth_not_in is None and not self.flags_set
        if not plain or self.flags_clear != ONLY_SPACE:
            return GENERAL
        if self.lower_in is not None and self.lower_not_in is None:
            spaces = any(not vocab.strings[h] or vocab.strings[h].isspace() for h in self.lower_in)
            return GENERAL if spaces else WORD_LIST
        if self.lower_in is None and self.lower_not_in is not None:
            return GAP
        return GENERAL


def _compile_token(vocab: Vocabulary, spec: dict[str, Any]) -> TokenSpec:
    if not isinstance(spec, dict):
        raise Unsupported(f"token {spec!r} is not a dict")
    spec = dict(spec)
    low, high = quantity(spec.pop("OP", None))
    draft = _Draft()
    for key, value in spec.items():
        draft.read(vocab, key, value)
    draft.fold_case_free(vocab)
    return TokenSpec(
        draft.lower_in,
        draft.lower_not_in,
        draft.orth_in,
        draft.orth_not_in,
        draft.flags_set,
        draft.flags_clear,
        low,
        high,
        draft.kind(vocab),
    )


def compile_tokens(vocab: Vocabulary, pattern: Sequence[dict[str, Any]]) -> tuple[TokenSpec, ...]:
    """The pattern's tokens as specs; raises :class:`Unsupported` for what is not understood."""
    if not pattern:
        raise Unsupported("the pattern is empty")
    return tuple(_compile_token(vocab, spec) for spec in pattern)
