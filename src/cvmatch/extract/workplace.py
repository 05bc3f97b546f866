"""A posting describing its team or workplace is not asking for a skill.

"You will join a team of 10" or "be part of a friendly team" says who the colleagues
are: it is no teamwork asked for, and being in a team is not leading one. A mention of
a concept of ``[cues] workplace_concepts`` with a ``workplace_cues`` phrase inside it, or
a few words before it in its sentence, is read as such a description.
"""

from __future__ import annotations

from dataclasses import dataclass

from cvmatch.extract.cues import phrase_pattern
from cvmatch.matching.regex import CaseBlind
from cvmatch.taxonomy.cache import compiled
from cvmatch.taxonomy.cues import Cues

__all__ = ["WORKPLACE_REACH", "WorkplaceCues", "workplace_cues"]

#: how far before a mention (characters) a workplace phrase counts: a few words
WORKPLACE_REACH = 40


@dataclass(frozen=True)
class WorkplaceCues:
    """The compiled workplace phrases of one ``Cues`` and the concepts they apply to."""

    pattern: CaseBlind
    concepts: frozenset[str]

    @classmethod
    def build(cls, cues: Cues) -> WorkplaceCues:
        """Compile ``cues``; use :func:`workplace_cues` for the cached result."""
        ordered = sorted(cues.workplace_cues, key=len, reverse=True)
        body = "|".join(phrase_pattern(p) for p in ordered) or "(?!)"
        return cls(CaseBlind(f"(?:{body})"), frozenset(cues.workplace_concepts))

    def describes(
        self, text: str, span: tuple[int, int], sentence: tuple[int, int], concept: str | None
    ) -> str | None:
        """The workplace phrase that makes the mention ``span`` of ``concept`` a description
        of the team (``None`` when it is none)."""
        if concept not in self.concepts:
            return None
        start, end = span
        window = text[max(sentence[0], start - WORKPLACE_REACH) : end]
        found = next(iter(self.pattern.finditer(window)), None)
        return window[found.start() : found.end()] if found else None


def workplace_cues(cues: Cues) -> WorkplaceCues:
    """The compiled workplace phrases of ``cues`` (built once per object)."""
    return compiled(cues, WorkplaceCues.build)
