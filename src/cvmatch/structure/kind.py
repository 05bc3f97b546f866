"""Resume or job posting? Counted from characteristic words, dates and headings."""

from __future__ import annotations

import re
from dataclasses import dataclass

from cvmatch.models import DocumentKind
from cvmatch.structure.dates import QUICK_RANGE
from cvmatch.structure.headings import headings_of, line_sections
from cvmatch.taxonomy import Taxonomy
from cvmatch.taxonomy.cache import compiled
from cvmatch.taxonomy.headings import KindCues, cues_regex

__all__ = ["detect_kind"]

#: Only the start of a text is read: enough to tell, and cheap for huge files.
_SAMPLE = 20000


@dataclass(frozen=True)
class _KindPatterns:
    posting: re.Pattern[str]
    resume: re.Pattern[str]
    address: re.Pattern[str]


def _build(cues: KindCues) -> _KindPatterns:
    # the text is lowercased first, so no IGNORECASE scans
    return _KindPatterns(
        posting=re.compile(cues_regex(cues.posting)),
        resume=re.compile(cues_regex(cues.resume)),
        address=re.compile(cues_regex(cues.address)),
    )


def detect_kind(text: str, *, taxonomy: Taxonomy | None = None) -> DocumentKind:
    """Guess whether a text is a resume or a job posting from characteristic words.

    A posting talks to the reader ("you", "we", "our") and about the job; a resume has
    date ranges, headings such as "Work History" and words of a person's history.
    """
    headings = headings_of(taxonomy)
    patterns = compiled(headings.kind_cues, _build)
    sample = text[:_SAMPLE]
    lowered = sample.lower()
    words = max(1, len(sample.split()))
    addressed = len(patterns.address.findall(lowered))
    posting = len(patterns.posting.findall(lowered)) + 60 * addressed / words * 10
    heading_lines = len(line_sections(sample, "resume", headings))
    resume = (
        len(patterns.resume.findall(lowered)) / 2
        + 3 * len(QUICK_RANGE.findall(lowered))
        + 2 * heading_lines
    )
    return "posting" if posting > resume else "resume"
