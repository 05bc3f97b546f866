"""The employer describing itself in its own posting, found by the name it goes by.

A posting introduces its employer by name ("At Acme, ...", "Acme is a ..."). Every
sentence that then opens with that name and neither speaks to the reader nor asks for
anything ("Acme helps brands grow ...", "At Acme, our vision is ...") is the company
telling of itself, not the job's work: its words are boilerplate, as under "About us". The words
are data (``[headings.employer]``); a posting that never introduces a name is left as is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cvmatch.structure.sentences import sentence_bounds
from cvmatch.taxonomy.cache import compiled
from cvmatch.taxonomy.headings import Headings, cues_regex
from cvmatch.taxonomy.layout import EmployerWords

__all__ = ["employer_names", "employer_spans"]

#: A name: one to three capitalised words ("Acme", "Red Ventures", "Bright Care Ltd").
_WORD = r"[A-Z][\w&'’-]*(?:\.[\w&'’-]+)*"
_NAME = rf"{_WORD}(?:[ \t]+{_WORD}){{0,2}}"
#: Where a sentence starts: the text's start, a line's, or after ". " / "! " / "? ".
_SENTENCE_START = r"(?:(?<![^\n])|(?<=[.!?] ))[ \t]*"


@dataclass(frozen=True)
class _EmployerPatterns:
    after_lead: re.Pattern[str]
    before_cue: re.Pattern[str]
    before: str
    reader: re.Pattern[str]
    not_names: frozenset[str]


def _build(words: EmployerWords) -> _EmployerPatterns:
    before = cues_regex(words.before_name)
    after = cues_regex(words.after_name)
    reader = cues_regex(words.reader_words + words.job_words)
    return _EmployerPatterns(
        after_lead=re.compile(rf"(?i:{before})[ \t]+(?P<name>{_NAME})"),
        before_cue=re.compile(rf"{_SENTENCE_START}(?P<name>{_NAME})[ \t]+(?i:{after})"),
        before=before,
        reader=re.compile(reader, re.IGNORECASE),
        not_names=frozenset(words.not_names),
    )


def _clean(name: str, not_names: frozenset[str]) -> str | None:
    """The name without a trailing full stop, or ``None`` when it names nobody."""
    name = name.rstrip("'’-")
    words = name.split()
    if len(name) < 2 or not words or words[0].lower() in not_names:
        return None
    return name


def employer_names(text: str, headings: Headings) -> list[str]:
    """The names a posting introduces its employer by, longest first."""
    words = headings.employer
    if words.section is None:
        return []
    patterns = compiled(words, _build)
    found = {
        name
        for pattern in (patterns.after_lead, patterns.before_cue)
        for match in pattern.finditer(text)
        if (name := _clean(match.group("name"), patterns.not_names)) is not None
    }
    return sorted(found, key=len, reverse=True)


def employer_spans(text: str, headings: Headings) -> list[tuple[int, int, str]]:
    """Sentences that open with the employer's name and neither address the reader nor
    speak of the job, as ``(start, end, section)``."""
    names = employer_names(text, headings)
    section = headings.employer.section
    if not names or section is None:  # (no names when the rule is off)
        return []
    patterns = compiled(headings.employer, _build)
    alternatives = "|".join(re.escape(name) for name in names)
    opening = re.compile(
        rf"{_SENTENCE_START}(?:(?i:{patterns.before})[ \t]+)?(?:{alternatives})(?![\w])"
    )
    spans: list[tuple[int, int, str]] = []
    for match in opening.finditer(text):
        start, end = sentence_bounds(text, match.end() - 1, match.end())
        start = max(start, match.start())
        if spans and start < spans[-1][1]:
            continue
        if patterns.reader.search(text, start, end) is None:
            spans.append((start, end, section))
    return spans
