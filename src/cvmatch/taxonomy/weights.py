"""How much each kind of evidence and each posting requirement counts.

Read from ``[weights]`` in ``taxonomy/weights.toml``; a user's file may override any
value there (tables merge key by key, values replace, lists are extended). Every field
is required: the shipped file is the one place the numbers are written.
"""

from __future__ import annotations

from pydantic import Field, field_validator

from cvmatch.taxonomy.base import _Strict

__all__ = [
    "EvidenceWeights",
    "ImportanceWeights",
    "LevelWeights",
    "PostingWeights",
    "TitleWeights",
    "Weights",
]


class EvidenceWeights(_Strict):
    """How strongly mentions show a skill (see ``cvmatch.scoring.evidence_strength``).

    The best single mention counts ``base`` x its section weight (x recency in a resume);
    each further distinct mention adds ``per_repeat`` (at most ``max_repeats`` times) and
    any quantity adds ``quantified``. In a posting a preferred skill counts ``preferred``.
    """

    base: float = Field(ge=0, le=1)
    per_repeat: float = Field(ge=0)
    max_repeats: int = Field(ge=0)
    quantified: float = Field(ge=0)
    preferred: float = Field(ge=0, le=1)
    recency_step_years: float = Field(gt=0)
    recency_step: float = Field(ge=0)
    recency_floor: float = Field(ge=0, le=1)
    sections: dict[str, float] = Field(description="weight of a mention by its section name")
    unlisted_section: float = Field(
        ge=0, description="a mention under no heading, or under one ``sections`` does not list"
    )
    work_history: tuple[str, ...] = Field(
        description="sections that describe what a person did (leadership must be shown there)"
    )
    no_heading_is_work_history: bool = Field(
        description="whether text under no heading (or a document without headings) counts too"
    )

    @field_validator("sections")
    @classmethod
    def _not_negative(cls, sections: dict[str, float]) -> dict[str, float]:
        for name, weight in sections.items():
            if weight < 0:
                raise ValueError(f"section weight {name!r} is negative ({weight})")
        return sections

    def section_weight(self, section: str | None) -> float:
        """What one mention in ``section`` counts before recency and repetition."""
        if section is None:
            return self.unlisted_section
        return self.sections.get(section, self.unlisted_section)

    def in_work_history(self, section: str | None) -> bool:
        """Whether a mention in ``section`` describes what the person actually did."""
        if section is None:
            return self.no_heading_is_work_history
        return section in self.work_history


class ImportanceWeights(_Strict):
    """Points a role requirement of each importance carries before scaling to 100."""

    essential: float = Field(ge=0)
    important: float = Field(ge=0)
    helpful: float = Field(ge=0)

    def of(self, importance: str) -> float:
        """The points of one importance (``essential``, ``important`` or ``helpful``)."""
        return float(getattr(self, importance))


class TitleWeights(_Strict):
    """How much a job title a document shows counts towards a role's title line."""

    generic_factor: float = Field(
        ge=0, le=1, description='a one-word title ("manager") counts this share of a longer one'
    )
    older: float = Field(
        ge=0, le=1, description="a title held before the latest one (the latest counts 1)"
    )
    posting_opening_chars: int = Field(
        ge=0, description="how much of a posting's opening text is read for the job it names"
    )


class LevelWeights(_Strict):
    """Seniority: levels told from years when no held title tells, and how near counts.

    ``resume_min_years`` and ``posting_min_years`` map a level to the fewest years of
    experience that reach it (level 0 needs none); a posting's "3+ years" asks for more
    than a resume's three years shows.
    """

    resume_min_years: dict[int, float]
    posting_min_years: dict[int, float]
    tolerance: float = Field(gt=0, description="levels apart at which the seniority line earns 0")
    unknown_strength: float = Field(ge=0, le=1, description="the line's strength when unknown")

    @field_validator("resume_min_years", "posting_min_years")
    @classmethod
    def _ascending(cls, thresholds: dict[int, float]) -> dict[int, float]:
        years = [thresholds[level] for level in sorted(thresholds)]
        if any(level < 1 for level in thresholds):
            raise ValueError("levels start at 1 (level 0 needs no years)")
        if any(y < 0 for y in years) or years != sorted(years):
            raise ValueError(f"years must be non-negative and grow with the level: {thresholds}")
        return thresholds

    def level_from_years(self, years: float, *, posting: bool) -> float:
        """The highest level whose years ``years`` reaches (0 if none)."""
        thresholds = self.posting_min_years if posting else self.resume_min_years
        return float(max((lv for lv, least in thresholds.items() if years >= least), default=0))


class PostingWeights(_Strict):
    """Lines of a resume-to-posting match before scaling to 100.

    A skill the posting requires weighs ``required``, a preferred one ``preferred``; the
    closest role's requirements the posting leaves unsaid weigh ``role_fallback`` x their
    importance; the resume's fit for that role weighs ``role_fit`` x the posting's own
    lines together; ``years`` when the posting asks for years, ``similarity`` for the
    text similarity (a tie-breaker).
    """

    required: float = Field(ge=0)
    preferred: float = Field(ge=0)
    role_fallback: float = Field(ge=0)
    years: float = Field(ge=0)
    similarity: float = Field(ge=0)
    role_fit: float = Field(ge=0)


class Weights(_Strict):
    """How much each kind of evidence and each posting requirement counts."""

    evidence: EvidenceWeights
    importance: ImportanceWeights
    titles: TitleWeights
    levels: LevelWeights
    posting: PostingWeights
