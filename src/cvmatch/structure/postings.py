"""Sections of postings written as one paragraph (job boards strip the line breaks).

Three kinds of signal, all from ``[headings]``: headings inline in the text ("... The
Requirements You will need ..."), start cues that open a stretch ("You must have"), and
sentence cues that mark only their own sentence ("... would be an advantage").
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from cvmatch.matching.regex import CaseBlind
from cvmatch.models import Section
from cvmatch.structure.employer import employer_spans
from cvmatch.structure.headings import Mark, heading_index, heading_key
from cvmatch.structure.sentences import cue_sentence_end, cue_sentence_start
from cvmatch.taxonomy.cache import compiled
from cvmatch.taxonomy.headings import Headings, cues_regex

__all__ = ["posting_sections"]

#: A sentence-long stretch of one section: (start, end, section name).
Span = tuple[int, int, str]


@dataclass(frozen=True)
class _PostingCues:
    inline_heading: re.Pattern[str]
    start: tuple[tuple[str, CaseBlind], ...]
    sentence: tuple[tuple[str, CaseBlind], ...]


def _inline_heading_pattern(headings: Headings) -> re.Pattern[str]:
    """Posting headings of two words or more, or strong single words, inline in text."""
    phrases = [
        phrase
        for section in headings.posting.values()
        for phrase in section
        if len(phrase.split()) >= 2 or phrase in headings.inline_words
    ]
    if not phrases:
        return re.compile("(?!)")
    phrases.sort(key=len, reverse=True)
    body = "|".join(re.escape(p).replace("'", "['’]") for p in phrases)
    suffixes = "|".join(re.escape(s) for s in headings.inline_suffixes)
    suffix = rf"(?:\s+(?:{suffixes}))?" if suffixes else ""
    # Capitalised, then a colon or a capitalised word: "The Requirements You will need",
    # "Key Responsibilities: ...", "Desirable Criteria: 2 years".
    return re.compile(rf"(?<![\w'’])(?=[A-Z])(?P<h>(?i:{body}){suffix})(?:\s*:|\s+(?=[A-Z]))")


def _build_cues(headings: Headings) -> _PostingCues:
    return _PostingCues(
        inline_heading=_inline_heading_pattern(headings),
        start=tuple((n, CaseBlind(cues_regex(p))) for n, p in headings.start_cues.items()),
        sentence=tuple((n, CaseBlind(cues_regex(p))) for n, p in headings.sentence_cues.items()),
    )


def _inline_name(heading: str, headings: Headings) -> str | None:
    index = heading_index(headings, "posting")
    key = heading_key(heading)
    name = index.get(key)
    for suffix in headings.inline_suffixes:
        if name is not None:
            break
        name = index.get(key.removesuffix(f" {suffix}"))
    return name


def _posting_marks(text: str, headings: Headings) -> tuple[list[Mark], list[Span]]:
    """Section openings (inline headings, start cues) and sentence-long spans."""
    cues = compiled(headings, _build_cues)
    lowered = text.lower() if text.isascii() else None
    starts: list[Mark] = []
    for match in cues.inline_heading.finditer(text):
        heading = match.group("h")
        name = _inline_name(heading, headings)
        if name:
            starts.append((match.start(), name, heading))
    for name, cue in cues.start:
        starts.extend((match.start(), name, None) for match in cue.finditer(text, lowered))
    spans: list[Span] = []
    headings_at = sorted(start for start, _, heading in starts if heading is not None)
    for name, cue in cues.sentence:
        for match in cue.finditer(text, lowered):
            start = cue_sentence_start(text, match.start(), 0)
            end = cue_sentence_end(text, match.end())
            following = bisect.bisect_right(headings_at, match.end())
            if following < len(headings_at):
                end = min(end, headings_at[following])  # a sentence ends at a heading
            spans.append((start, end, name))
    spans.extend(employer_spans(text, headings))
    return starts, spans


def _openings(starts: list[Mark], head: str) -> list[Mark]:
    """Openings in order, one per place (a heading beats a cue), from offset 0."""
    ordered = sorted(set(starts), key=lambda s: (s[0], s[2] is None))
    openings: list[Mark] = []
    for item in ordered:
        if openings and item[0] == openings[-1][0]:
            continue
        openings.append(item)
    if not openings or openings[0][0] > 0:
        openings.insert(0, (0, head, None))
    return openings


def _name_at(openings: list[Mark], offset: int, head: str) -> str:
    current = head
    for start, name, _ in openings:
        if start > offset:
            break
        current = name
    return current


def _lay_spans(
    text: str, openings: list[Mark], spans: list[Span], headings: Headings, head: str
) -> dict[int, tuple[str, str | None]]:
    """Section marks by offset, with each sentence span laid over the openings."""
    marks: dict[int, tuple[str, str | None]] = {start: (n, h) for start, n, h in openings}
    boilerplate = headings.boilerplate_sections
    covered: list[tuple[int, int]] = []
    for start, end, name in sorted(spans):
        if any(start < c_end and end > c_start for c_start, c_end in covered):
            continue
        if name in headings.not_in_boilerplate and _name_at(openings, start, head) in boilerplate:
            continue
        covered.append((start, end))
        after = _name_at(openings, end, head)
        marks[start] = (name, None)
        if end < len(text) and end not in marks:
            marks[end] = (after, None)
        for inner in [k for k in marks if start < k < end]:
            del marks[inner]
    return marks


def _sections(text: str, marks: dict[int, tuple[str, str | None]]) -> list[Section]:
    """Sections between consecutive marks; a cue continuing its section extends it."""
    sections: list[Section] = []
    points = sorted(marks)
    for i, start in enumerate(points):
        end = points[i + 1] if i + 1 < len(points) else len(text)
        name, heading = marks[start]
        if end <= start:
            continue
        if sections and sections[-1].name == name and heading is None:
            sections[-1] = sections[-1].model_copy(update={"end": end})
            continue
        sections.append(Section(name=name, heading=heading, start=start, end=end))
    return sections


def posting_sections(text: str, line_marks: list[Mark], headings: Headings) -> list[Section]:
    """Sections of a posting from its heading lines plus inline headings and cues."""
    starts, spans = _posting_marks(text, headings)
    line_starts = {start for start, _, _ in line_marks}
    found = line_marks + [s for s in starts if s[0] not in line_starts]
    if not found and not spans:
        return []
    head = headings.posting_opening
    openings = _openings(found, head)
    return _sections(text, _lay_spans(text, openings, spans, headings, head))
