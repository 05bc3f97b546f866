"""Token helpers the attribute readers share: cue phrase tables and clause bounds.

:mod:`cvmatch.extract.attributes` (industries) and :mod:`cvmatch.extract.languages`
(languages) read the words around a mention on the spaCy tokens of the document the
matcher ran on; both look cue phrases up at a token and both stop at a clause's end.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Protocol

from spacy.tokens import Doc, Span, Token

from cvmatch.extract.compile import alias_variants
from cvmatch.extract.lexicon import get_inflector

__all__ = ["CLAUSE_REACH", "Clauses", "MentionReading", "Phrases", "Tokenize", "phrase_table"]


class MentionReading(Protocol):
    """What the extractor hands the attribute rules per mention: the span and its section."""

    span: Span
    section: str | None


#: how many tokens a clause is searched back (or on) from a mention
CLAUSE_REACH = 40

Tokenize = Callable[[str], Sequence[str]]


class Phrases:
    """Token sequences (lowercase) found at a position of a doc, longest first."""

    def __init__(self, phrases: dict[tuple[str, ...], str]) -> None:
        self.phrases = phrases
        self.longest = max((len(p) for p in phrases), default=0)

    def at(self, doc: Doc, i: int, end: int | None = None) -> tuple[int, str] | None:
        """``(length, name)`` of the longest phrase starting at token ``i``."""
        end = len(doc) if end is None else end
        for size in range(min(self.longest, end - i), 0, -1):
            name = self.phrases.get(tuple(t.lower_ for t in doc[i : i + size]))
            if name is not None:
                return size, name
        return None

    def find(self, doc: Doc, start: int, end: int) -> list[tuple[int, int, str]]:
        """Non-overlapping phrases of ``doc[start:end]``, left to right, longest first."""
        out, i = [], start
        while i < end:
            hit = self.at(doc, i, end)
            if hit is None:
                i += 1
                continue
            out.append((i, i + hit[0], hit[1]))
            i += hit[0]
        return out


def phrase_table(names: Iterable[tuple[str, str]], tokenize: Tokenize, inflect: bool) -> Phrases:
    """``(phrase, name)`` pairs as a :class:`Phrases` table, split by ``tokenize`` (and
    inflected unless ``inflect`` is false or the phrase starts with ``=``)."""
    inflector = get_inflector() if inflect else None
    table: dict[tuple[str, ...], str] = {}
    for phrase, name in names:
        raw = phrase.removeprefix("=").strip("<>")
        words = [w.lower() for w in tokenize(raw) if w.strip()]
        variants = alias_variants(words, None if phrase.startswith("=") else inflector)
        for variant in variants:
            table.setdefault(tuple(variant.split(" ")), name)
    return Phrases(table)


class Clauses:
    """Clause bounds on a doc: a clause ends at a line break or a word of ``breaks``."""

    def __init__(self, breaks: Iterable[str]) -> None:
        self.breaks = frozenset(breaks)

    def is_break(self, token: Token) -> bool:
        """Whether ``token`` ends a clause (a line break, ".", ";", "but" ...)."""
        return "\n" in token.text or token.lower_ in self.breaks

    def start(self, doc: Doc, i: int) -> int:
        """The first token of the clause holding token ``i``."""
        for k in range(i - 1, max(-1, i - CLAUSE_REACH - 1), -1):
            if self.is_break(doc[k]):
                return k + 1
        return max(0, i - CLAUSE_REACH)

    def end(self, doc: Doc, j: int) -> int:
        """The end (exclusive) of the clause holding the tokens before ``j``."""
        for k in range(j, min(len(doc), j + CLAUSE_REACH)):
            if self.is_break(doc[k]):
                return k
        return min(len(doc), j + CLAUSE_REACH)

    def initial(self, doc: Doc, k: int) -> bool:
        """Whether token ``k`` opens a clause (or follows punctuation)."""
        return k == 0 or doc[k - 1].is_punct or doc[k - 1].is_space or self.is_break(doc[k - 1])
