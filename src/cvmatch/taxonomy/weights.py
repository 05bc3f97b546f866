"""How much each kind of evidence and each posting requirement counts.

Read from ``[weights]`` in ``taxonomy/weights.toml``; a user's file may override any
value there (tables merge key by key, values replace, lists are extended). Every field
is required: the shipped file is the one place the numbers are written.
"""

from __future__ import annotations

from pydantic import Field, ValidationInfo, field_validator

from cvmatch.taxonomy.base import _Strict

__all__ = [
    "EvidenceWeights",
    "ImportanceWeights",
    "LevelWeights",
    "MustHaveRules",
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
    """Lines of a resume-to-posting match before scaling to 100: the posting decides.

    Each requirement the posting states weighs by its status: ``required``, ``unspecified``
    (a duty, stated without saying how much it matters) or ``preferred``, times
    ``must_have`` when stated as hard; ``years`` when the posting asks for years, ``title``
    for the posting's job title shared by a title the resume shows,
    ``similarity`` for the text similarity (a fixed part). The closest role adds one line
    worth ``role_fit`` x the posting's own lines (below half, so it never outweighs them),
    and only when its fit for the posting leads the next role's by ``role_margin`` points.
    A skill shown without the value the posting names keeps ``other_value[attribute]`` of
    its strength. ``similarity_share`` and ``experience`` size the similarity and the
    relevant-experience lines as shares of the posting's own lines; ``category`` scales
    the requirements of a concept category (soft skills go unsaid in good resumes).
    ``role_fallback`` is kept so that files setting it still load; the
    role's unsaid requirements no longer score.
    """

    required: float = Field(ge=0)
    preferred: float = Field(ge=0)
    unspecified: float = Field(ge=0, description="a requirement stated with no status (a duty)")
    must_have: float = Field(ge=1, description="a must-have weighs this x its status weight")
    role_fallback: float = Field(ge=0)
    years: float = Field(ge=0)
    title: float = Field(ge=0, description="the posting's job title shared by a title shown")
    similarity: float = Field(ge=0)
    role_fit: float = Field(ge=0, lt=0.5)
    role_margin: float = Field(
        ge=0, description="points the closest role must lead the next by to add its line"
    )
    years_tolerance: float = Field(
        ge=0, description="years a resume may fall short of the years asked and still meet them"
    )
    other_value: dict[str, float] = Field(
        default_factory=dict,
        description="by attribute: the strength share of a skill shown with another value",
    )
    similarity_share: float = Field(
        default=0.0, ge=0, lt=1, description="the text similarity's weight x the posting's lines"
    )
    similarity_full: float = Field(
        default=1.0, gt=0, le=1, description="the similarity that earns its line in full"
    )
    experience: float = Field(
        default=0.0, ge=0, lt=1, description="years in jobs close to the posting x its lines"
    )
    experience_years: float = Field(
        default=2.0, gt=0, description="years in close jobs that earn the experience line in full"
    )
    category: dict[str, float] = Field(
        default_factory=dict,
        description="by concept category: a factor on its requirements' weight (soft skills)",
    )

    @field_validator("other_value", "category")
    @classmethod
    def _shares(cls, shares: dict[str, float], info: ValidationInfo) -> dict[str, float]:
        for name, share in shares.items():
            if not 0 <= share <= 1:
                raise ValueError(f"{info.field_name} {name!r} must be between 0 and 1 ({share})")
        return shares


class MustHaveRules(_Strict):
    """Which must-haves a resume cannot show either way: unmet, they are "unknown", not "no".

    ``unknown_categories`` are concept categories (soft skills go unsaid in good resumes);
    ``unknown_concepts`` single concepts whose absence from a resume shows as little
    (an industry is often only the employer's name, which says nothing by itself);
    ``unverifiable`` names topics (work authorisation, shifts, location) by the words of a
    posting's must-have sentence that mark them.
    """

    unknown_categories: tuple[str, ...] = ()
    unknown_concepts: tuple[str, ...] = ()
    unverifiable: dict[str, tuple[str, ...]] = Field(default_factory=dict)


class Weights(_Strict):
    """How much each kind of evidence and each posting requirement counts."""

    evidence: EvidenceWeights
    importance: ImportanceWeights
    titles: TitleWeights
    levels: LevelWeights
    posting: PostingWeights
    must_haves: MustHaveRules = Field(default_factory=MustHaveRules)
