"""What the words around a mention say: posting boilerplate, "preferred", quantities,
job-title lines.

The words come from ``[cues]`` (:class:`cvmatch.taxonomy.cues.Cues`); the regular
expressions here are only the mechanism, compiled once per ``Cues`` object.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from cvmatch.matching.regex import CaseBlind
from cvmatch.models import Document
from cvmatch.taxonomy.cache import compiled
from cvmatch.taxonomy.cues import Cues

__all__ = ["CUE_REACH", "CueFinder", "PostingCues", "Ranges", "posting_cues", "title_lines"]

#: how far from a mention (characters) a posting's boilerplate or "preferred" cue counts;
#: scraped postings often run their sentences together without full stops
CUE_REACH = 150
#: how far from a mention (characters) a quantity counts
QUANTITY_REACH = 60
# a number, a range or a percentage: "80", "$1,200", "95%", "10k", "20-30", "5 to 10+"
_NUMBER = r"(?:\$|£|€)?\d[\d,.]*\s*(?:\+|%|k\b)?(?:\s*(?:-|to)\s*\d[\d,.]*\s*\+?)?"


def phrase_pattern(phrase: str) -> str:
    """The regex of one cue phrase: ``<`` / ``>`` anchor it to a word start / end, a
    hyphen matches a hyphen or a space, everything else is literal."""
    start = r"\b" if phrase.startswith("<") else ""
    end = r"\b" if phrase.endswith(">") else ""
    words = phrase.removeprefix("<").removesuffix(">")
    return start + "[- ]".join(re.escape(part) for part in words.split("-")) + end


def _alternatives(patterns: Iterable[str]) -> str:
    return "(" + "|".join(patterns) + ")"


@dataclass(frozen=True)
class PostingCues:
    """The compiled cues of one ``Cues``: posting cues, quantities and title words."""

    preferred: CaseBlind
    boilerplate: CaseBlind
    quantity: re.Pattern[str]
    title_words: re.Pattern[str]

    @classmethod
    def build(cls, cues: Cues) -> PostingCues:
        """Compile ``cues``; use :func:`posting_cues` for the cached result."""
        # an empty list matches nothing ((?!) never matches)
        preferred = [phrase_pattern(p) for p in cues.preferred] or ["(?!)"]
        boilerplate = [phrase_pattern(p) for p in cues.boilerplate] + list(cues.boilerplate_regex)
        fillers = "|".join(re.escape(word) for word in cues.quantity_fillers) or "(?!)"
        units = "|".join(re.escape(word) for word in cues.quantity_units) or "(?!)"
        titles = "|".join(re.escape(word) for word in cues.title_words) or "(?!)"
        return cls(
            preferred=CaseBlind(_alternatives(preferred)),
            boilerplate=CaseBlind(_alternatives(boilerplate or ["(?!)"])),
            quantity=re.compile(
                _NUMBER + rf"(?:\s+(?:(?:{fillers})\s+){{0,3}}(?:{units}))+", re.IGNORECASE
            ),
            title_words=re.compile(rf"\b({titles})s?\b", re.IGNORECASE),
        )


def posting_cues(cues: Cues) -> PostingCues:
    """The compiled posting cues of ``cues`` (built once per object)."""
    return compiled(cues, PostingCues.build)


def quantity_near(
    pattern: re.Pattern[str], context: str, rel_start: int, rel_end: int
) -> str | None:
    """The quantity in ``context`` nearest to ``context[rel_start:rel_end]``, if close."""
    best: tuple[int, str] | None = None
    for match in pattern.finditer(context):
        distance = max(0, match.start() - rel_end, rel_start - match.end())
        if distance <= QUANTITY_REACH and (best is None or distance < best[0]):
            best = (distance, match.group(0).strip())
    return best[1] if best else None


class CueFinder:
    """Where a cue occurs in each sentence of one document, searched once per sentence;
    asked whether one stands within :data:`CUE_REACH` characters of a mention."""

    def __init__(self, cue: CaseBlind, text: str) -> None:
        self.cue = cue
        self.text = text
        self.seen: dict[tuple[int, int], list[tuple[int, int]]] = {}

    def near(self, sentence: tuple[int, int], start: int, end: int) -> bool:
        """Whether a cue of ``sentence`` stands within reach of ``[start, end)``."""
        found = self.seen.get(sentence)
        if found is None:
            s_start, s_end = sentence
            found = self.seen[sentence] = [
                (s_start + m.start(), s_start + m.end())
                for m in self.cue.finditer(self.text[s_start:s_end])
            ]
        low, high = start - CUE_REACH, end + CUE_REACH
        return any(low <= m_start and m_end <= high for m_start, m_end in found)


class Ranges:
    """A set of character ranges ``[start, end)``, asked by binary search."""

    def __init__(self, ranges: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(ranges)
        self.starts = [start for start, _end in ordered]
        # the furthest end among the ranges that start no later than each one
        self.reach = list(itertools.accumulate((end for _start, end in ordered), max))

    def __call__(self, position: int) -> bool:
        """Whether a range holds ``position``."""
        i = bisect.bisect_right(self.starts, position) - 1
        return i >= 0 and position < self.reach[i]

    def overlaps(self, start: int, end: int) -> bool:
        """Whether a range shares a character with ``[start, end)``."""
        i = bisect.bisect_left(self.starts, end) - 1
        return i >= 0 and start < self.reach[i]


def _line_at(text: str, offset: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return start, len(text) if end == -1 else end


def _headline_titles(document: Document, words: re.Pattern[str]) -> list[tuple[str, int, int]]:
    """Short lines of a resume's contact block that name a job ("Call Center Rep")."""
    titles = []
    text = document.text
    for section in document.sections:
        if section.name != "contact":
            continue
        offset = section.start
        for line in text[section.start : section.end].split("\n"):
            if 0 < len(line.split()) <= 6 and words.search(line):
                titles.append((line.strip(), offset, offset + len(line)))
            offset += len(line) + 1
    return titles


def _candidate_titles(document: Document, words: re.Pattern[str]) -> list[tuple[str, int, int]]:
    """Job titles the document names, each with where its line may stand."""
    titles = []
    text = document.text
    if document.title and (document.kind == "posting" or words.search(document.title)):
        titles.append((document.title, 0, min(len(text), 400)))
    titles += [(p.title, max(0, p.start - 300), p.end) for p in document.positions]
    if document.kind == "resume":
        titles += _headline_titles(document, words)
    return titles


def title_lines(document: Document, cues: PostingCues) -> list[tuple[int, int]]:
    """Character ranges of the lines that are only job titles (headline, positions)."""
    text = document.text
    found: list[tuple[int, int]] = []
    for title, lo, hi in _candidate_titles(document, cues.title_words):
        at = text.find(title, lo, hi) if title else -1
        if at < 0:
            continue
        start, end = _line_at(text, at)
        line = text[start:end].strip()
        most_words = 20 if document.kind == "posting" and lo == 0 else 10
        if (
            end - start <= len(title) + 40
            and len(line.split()) <= most_words
            and not line.endswith((".", "!", "?"))
        ):
            found.append((start, end))
    return found
