"""How each token pattern is searched: its anchor, the checks around it, its shape.

A pattern is indexed by one required token with a fixed word list (its *anchor*),
chosen to be rare and to leave few possible starts before it. Every other required
word list becomes a *check*: the range of offsets from the anchor where one of its
words must stand. A check whose range runs past a token that may repeat without
bound (``*``, ``+``, ``{n,}``) is *open*: it only says "somewhere further in this
document" (or earlier), never a fixed distance.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from cvmatch.matching.tokenspec import GAP, MANY, SPACE_BIT, WORD_LIST, TokenSpec, Vocabulary

__all__ = ["ANY", "WORDS", "WORD_GAP_WORD", "Check", "PatternPlan", "plan_pattern"]

ANY, WORDS, WORD_GAP_WORD = 0, 1, 2  # shapes: general, a run of word lists, list gap list
# poor anchors besides stop words: they occur everywhere
_PUNCTUATION = ",./;:-|&()[]!?'\"+*"


@dataclass(frozen=True)
class Check:
    """A required word list and where it may stand relative to the anchor's word:
    offsets ``low..high`` (negative before the anchor); the far end is ±:data:`MANY`
    when the distance is unbounded."""

    words: frozenset[int]
    low: int
    high: int

    @property
    def open(self) -> bool:
        """Whether the far end is unbounded (the check reaches to the document's edge)."""
        return self.high >= MANY or self.low <= -MANY

    @property
    def near(self) -> int:
        """The offset nearest the anchor."""
        return self.low if self.low > 0 else self.high


@dataclass(frozen=True)
class PatternPlan:
    """One pattern ready to search: its tokens, anchor, checks and shape."""

    key: int
    tokens: tuple[TokenSpec, ...]
    anchor: int | None  # index of the anchoring token; None: tried at every position
    before_min: int  # fewest and most tokens before the anchor (MANY: unbounded)
    before_max: int
    checks: tuple[Check, ...]
    shape: int = ANY
    unbounded: int = 0  # how many tokens may repeat without bound
    crosses_space: bool = False  # whether some token accepts a whitespace token


def _shape(tokens: Sequence[TokenSpec]) -> int:
    """A run of single word-list tokens (WORDS) is matched by its checks alone; word
    list, gap, word list (WORD_GAP_WORD) by its own matcher; any other by the
    general one (ANY)."""
    single = [t.kind == WORD_LIST and t.low == t.high == 1 for t in tokens]
    if all(single):
        return WORDS
    if len(tokens) == 3 and single[0] and single[2] and tokens[1].kind == GAP:
        return WORD_GAP_WORD
    return ANY


def _bounded_sum(values: Sequence[int]) -> int:
    total = sum(values)
    return MANY if total >= MANY else total


def _checks(tokens: Sequence[TokenSpec], anchor: int) -> tuple[Check, ...]:
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
        far = _bounded_sum([tokens[anchor].high, *(t.high for t in between), token.high - 1])
        out.append(
            Check(token.lower_in, near, far) if j > anchor else Check(token.lower_in, -far, -near)
        )
    return tuple(out)


#: spaCy's attribute id of ``IS_STOP`` (``spacy.attrs.IS_STOP``; the engine imports no spaCy)
IS_STOP_ATTR = 12


def _poor_anchor(vocab: Vocabulary, word: int) -> bool:
    text = vocab.strings[word]
    return text in _PUNCTUATION or _is_stop(vocab, text)


def _is_stop(vocab: Vocabulary, text: str) -> bool:
    """Whether ``text`` is a stop word, as its lexeme says; a word that has no lexeme
    yet is asked of the vocabulary's ``IS_STOP`` getter (what a new lexeme would get)
    rather than given a lexeme, which costs more than the whole plan."""
    getter = getattr(vocab, "lex_attr_getters", {}).get(IS_STOP_ATTR)
    if getter is None or text in vocab:
        return bool(vocab[text].is_stop)
    return bool(getter(text))


def plan_pattern(
    vocab: Vocabulary,
    key: int,
    tokens: tuple[TokenSpec, ...],
    commonness: Mapping[int, float],
) -> PatternPlan:
    """The pattern's plan. Cheapest anchor: few common words (stop words, punctuation,
    and what ``commonness`` says), then a narrow window of possible starts before it."""
    candidates = [i for i, t in enumerate(tokens) if t.low >= 1 and t.lower_in]
    unbounded = sum(t.high >= MANY for t in tokens)
    crosses_space = any(not t.flags_clear & SPACE_BIT for t in tokens)
    if not candidates:
        return PatternPlan(key, tokens, None, 0, 0, (), ANY, unbounded, crosses_space)

    def cost(i: int) -> tuple[float, int]:
        words = tokens[i].lower_in or frozenset()
        common = sum(1 for w in words if _poor_anchor(vocab, w))
        weight = sum(1.0 + commonness.get(w, 0.0) for w in words)
        window = 1 + _bounded_sum([t.high - t.low for t in tokens[:i]])
        return ((weight + 200 * common) * window, i)

    anchor = min(candidates, key=cost)
    before = tokens[:anchor]
    return PatternPlan(
        key,
        tokens,
        anchor,
        sum(t.low for t in before),
        _bounded_sum([t.high for t in before]),
        _checks(tokens, anchor),
        _shape(tokens),
        unbounded,
        crosses_space,
    )
