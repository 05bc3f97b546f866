"""Find the structure of a document: sections from headings, positions, dates, years.

Resumes get summary / skills / experience / education / ... sections and a list of
positions with their dates; postings get about_company / responsibilities /
requirements / preferred / benefits / eeo. Everything is found from the text alone,
with the words of the taxonomy's ``[headings]`` table (``taxonomy/headings.toml``).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from cvmatch.models import DocumentKind, Position, Section
from cvmatch.structure.dates import union_years
from cvmatch.structure.headings import headings_of, line_sections
from cvmatch.structure.kind import detect_kind
from cvmatch.structure.positions import find_positions
from cvmatch.structure.postings import posting_sections
from cvmatch.structure.requested import years_requested
from cvmatch.taxonomy import Taxonomy

__all__ = ["Structure", "analyze_structure", "detect_kind", "find_sections"]


@dataclass(frozen=True)
class Structure:
    """What :func:`analyze_structure` finds in a text."""

    title: str | None = None
    sections: list[Section] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)
    years_experience: float | None = None


def find_sections(
    text: str, kind: DocumentKind, *, taxonomy: Taxonomy | None = None
) -> list[Section]:
    """Sections of ``text`` from its headings; ``[]`` if none are found.

    Resumes: lines that are known headings ("Work History", "Skills"...). Postings: the
    same, plus headings inline in one-paragraph postings ("... The Requirements You
    will need ...", "Key Responsibilities: ..."), phrases that open a requirements or
    equal-opportunity stretch ("You must have", "is an equal opportunity employer"), and
    sentences that are preferred, benefits, how-to-apply or about-the-company
    ("... would be an advantage", "We offer ...").
    """
    headings = headings_of(taxonomy)
    found = line_sections(text, kind, headings)
    if kind == "posting":
        return posting_sections(text, found, headings)
    sections: list[Section] = []
    for i, (start, name, heading) in enumerate(found):
        end = found[i + 1][0] if i + 1 < len(found) else len(text)
        sections.append(Section(name=name, heading=heading, start=start, end=end))
    if sections and sections[0].start > 0:
        opening = Section(name=headings.resume_opening, start=0, end=sections[0].start)
        sections.insert(0, opening)
    return sections


def _headline(text: str, kind: DocumentKind) -> str | None:
    """A posting's first line (its job title), else a resume's first short line."""
    if kind == "posting":
        first = text.lstrip().split("\n", 1)[0].strip(" -#*")
        if first and len(first) <= 150 and len(first.split()) <= 20:
            return first
    for line in text.split("\n")[:3]:
        line = line.strip(" -#*")
        if line and len(line) <= 80 and len(line.split()) <= 10 and "@" not in line:
            return line
    return None


def analyze_structure(
    text: str,
    kind: DocumentKind | None = None,
    *,
    today: date | None = None,
    taxonomy: Taxonomy | None = None,
) -> Structure:
    """Sections, positions, total years and title of a normalised text.

    ``kind`` ``None`` is found with :func:`detect_kind`; ``taxonomy`` ``None`` is the
    shipped one, whose ``[headings]`` give the words.
    """
    if kind is None:
        kind = detect_kind(text, taxonomy=taxonomy)
    sections = find_sections(text, kind, taxonomy=taxonomy)
    title = _headline(text, kind)
    if kind != "resume":
        return Structure(title, sections, [], years_requested(text, taxonomy=taxonomy))
    positions = find_positions(text, sections, headings_of(taxonomy), today=today)
    spans = [(p.start_date, p.end_date) for p in positions if p.start_date and p.end_date]
    return Structure(title, sections, positions, union_years(spans) if spans else None)


#: Old module constants, now in the taxonomy -> what to use instead.
_MOVED = {
    "BOILERPLATE_SECTIONS": "taxonomy.headings.boilerplate_sections",
    "HEADINGS": "taxonomy.headings.resume and taxonomy.headings.posting",
}


def __getattr__(name: str) -> Any:
    """The old constants for one release, with a ``DeprecationWarning``: the shipped ones."""
    if name not in _MOVED:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    warnings.warn(
        f"{__name__}.{name} is deprecated and will be removed in the next release; "
        f"use {_MOVED[name]} instead",
        DeprecationWarning,
        stacklevel=2,
    )
    headings = headings_of(None)
    if name == "BOILERPLATE_SECTIONS":
        return headings.boilerplate_sections
    return {**headings.resume, **headings.posting}
