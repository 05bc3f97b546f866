"""Word tokens and clause bounds that blind mode's finders share, each built in one pass.

A token is a run of letters and digits, with apostrophes inside ("O'Brien", "Núñez's"):
``[^\\W_]+(?:['’][^\\W_]+)*`` is linear, since every repetition starts with an
apostrophe and a failed one gives back only that apostrophe. Clause bounds come from the
positions of the delimiters, found once; a bound is a binary search among them, so no
finder ever rescans the text around a cue.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator

__all__ = ["CaseBlind", "Clauses", "Span", "Tokens", "labels_regex", "merge_spans"]

Span = tuple[int, int]
_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
#: What may stand between two words of one name or address: spaces, a hyphen, a dot.
_NAME_GAP = re.compile(r"[ \t]{1,3}|-|\.[ \t]{0,3}|,[ \t]{1,3}")
_SPACES = re.compile(r"[ \t]{1,3}|-")


def labels_regex(labels: Iterable[str]) -> str:
    """A regex finding any of ``labels`` (lowercase words) at a word start, longest first;
    the words of a label may be apart by spaces or tabs."""
    ordered = sorted(set(labels), key=len, reverse=True)
    parts = [r"[ \t]{1,5}".join(map(re.escape, label.split())) for label in ordered]
    return r"(?<![^\W_])(?:" + ("|".join(parts) or "(?!)") + r")(?![^\W_])"


class CaseBlind:
    """A case-blind pattern written in lowercase, run on the lowercased text when that has
    the text's offsets (about four times faster than ``re.IGNORECASE``)."""

    def __init__(self, pattern: str) -> None:
        self.plain = re.compile(pattern)
        self.blind = re.compile(pattern, re.IGNORECASE)

    def finditer(self, tokens: Tokens) -> Iterator[re.Match[str]]:
        lowered = tokens.lowered
        if lowered is not None:
            return self.plain.finditer(lowered)
        return self.blind.finditer(tokens.text)


class Tokens:
    """The word tokens of a text, with their offsets."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.words: list[str] = []
        self.starts: list[int] = []
        self.ends: list[int] = []
        #: the folded words (set by the name finder, which defines the folding)
        self.keys: list[str] = []
        lowered = text.lower()
        #: the lowercased text, when lowering kept every offset
        self.lowered = lowered if len(lowered) == len(text) else None
        for match in _TOKEN.finditer(text):
            self.words.append(match.group())
            self.starts.append(match.start())
            self.ends.append(match.end())

    def __len__(self) -> int:
        return len(self.words)

    def first_at(self, offset: int) -> int:
        """The index of the first token that starts at or after ``offset``."""
        return bisect.bisect_left(self.starts, offset)

    def gap(self, index: int) -> str:
        """The text between token ``index`` and the next one."""
        if index + 1 >= len(self.words):
            return ""
        return self.text[self.ends[index] : self.starts[index + 1]]

    def joined(self, index: int, *, loose: bool = False) -> bool:
        """Whether tokens ``index`` and ``index + 1`` are on one line, apart only by a
        space or a hyphen (``loose``: also a dot or a comma, as in an address)."""
        gap = self.gap(index)
        return bool((_NAME_GAP if loose else _SPACES).fullmatch(gap)) if gap else False

    def look_back(self, index: int, reach: int, wanted: Callable[[str], bool]) -> int | None:
        """The nearest token within ``reach`` before ``index`` that is ``wanted``, when
        every token between is capitalised and joined to the next; else ``None``."""
        for back in range(index - 1, max(index - reach, 0) - 1, -1):
            if not self.joined(back, loose=True):
                return None
            if wanted(self.words[back]):
                return back
            if not self.words[back][:1].isupper():
                return None
        return None

    def look_ahead(self, index: int, reach: int, wanted: Callable[[str], bool]) -> int | None:
        """As :meth:`look_back`, after ``index``."""
        for ahead in range(index + 1, min(index + reach, len(self.words) - 1) + 1):
            if not self.joined(ahead - 1, loose=True):
                return None
            if wanted(self.words[ahead]):
                return ahead
            if not self.words[ahead][:1].isupper():
                return None
        return None


class Clauses:
    """Where the clauses of a text begin and end: at a line break or one of ``delimiters``."""

    def __init__(self, text: str, delimiters: str) -> None:
        self.length = len(text)
        pattern = re.compile("[\n" + re.escape(delimiters) + "]")
        self.cuts = [match.start() for match in pattern.finditer(text)]

    def around(self, start: int, end: int) -> Span:
        """The clause holding ``start``..``end`` (a span inside it), delimiters left out."""
        before = bisect.bisect_left(self.cuts, start)
        after = bisect.bisect_left(self.cuts, end)
        left = self.cuts[before - 1] + 1 if before else 0
        right = self.cuts[after] if after < len(self.cuts) else self.length
        return left, right

    def next_cut(self, offset: int) -> int:
        """The first delimiter at or after ``offset`` (the text's end if none)."""
        index = bisect.bisect_left(self.cuts, offset)
        return self.cuts[index] if index < len(self.cuts) else self.length


def merge_spans(spans: Iterable[Span]) -> list[Span]:
    """The spans in order, overlapping and touching ones merged, empty ones dropped."""
    merged: list[list[int]] = []
    for start, end in sorted(s for s in spans if s[1] > s[0]):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(start, end) for start, end in merged]
