"""Must-haves: whether a resume meets the requirements a posting states as hard.

Each must-have is met, failed, or unknown: a resume cannot show work authorisation,
shifts or a location (``[weights.must_haves.unverifiable]``), and the absence of a
soft skill (``unknown_categories``) shows nothing. The verdict is "no" when one that a
resume could show fails, else "unknown" when one is unknown, else "yes".
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cvmatch.extract.requirements import RequirementReader
from cvmatch.models import Document, MustHaveVerdict, SkillProfile
from cvmatch.structure.headings import headings_of
from cvmatch.structure.requested import _years_pattern
from cvmatch.structure.sentences import sentence_bounds
from cvmatch.taxonomy import Taxonomy
from cvmatch.taxonomy.cache import compiled

__all__ = ["MustHaves", "years_must_have"]


@dataclass(frozen=True)
class _Span:
    start_char: int
    end_char: int


def years_must_have(document: Document, profile: SkillProfile, taxonomy: Taxonomy) -> bool:
    """Whether the posting states its years of experience as hard ("at least 3 years")."""
    asked = document.years_experience
    if not asked:
        return False
    pattern = compiled(headings_of(taxonomy), _years_pattern)
    found = list(pattern.finditer(document.text))
    mentions = [_Span(e.start, e.end) for s in profile.skills for e in s.evidence]
    mentions += [_Span(m.start(), m.end()) for m in found]
    reader = RequirementReader(document, taxonomy.cues, mentions)
    for match in found:
        bounds = sentence_bounds(document.text, match.start(), match.end())
        if reader.read(match.start(), match.end(), bounds).must_have:
            return True
    return False


@dataclass
class MustHaves:
    """The must-haves of one match as they are checked: failed ids and unknown ones."""

    unknown_categories: frozenset[str]
    unknown_concepts: frozenset[str] = frozenset()
    unmet: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)

    def check(self, ident: str, met: bool, category: str | None = None) -> None:
        """Record one must-have; an unmet one of an unknown category or concept is unknown."""
        if met:
            return
        unknown = category in self.unknown_categories or ident in self.unknown_concepts
        (self.unknown if unknown else self.unmet).append(ident)

    def years(self, asked: float, shown: float | None, tolerance: float) -> None:
        """Record a hard years requirement: unknown when the resume's years cannot be told."""
        if shown is None:
            self.unknown.append("years_experience")
        elif shown + tolerance < asked:
            self.unmet.append("years_experience")

    @property
    def verdict(self) -> MustHaveVerdict:
        """``"no"`` if any could be shown and is not, ``"unknown"`` if any cannot, else yes."""
        if self.unmet:
            return "no"
        return "unknown" if self.unknown else "yes"
