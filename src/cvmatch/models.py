"""Pydantic result models: the one source of truth for every output format.

The JSON Lines output of the CLI is ``model_dump(mode="json")`` of these models,
so the library and the CLI never disagree (see the output contract in the README).
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field

from cvmatch.taxonomy import Importance, Salary

DocumentKind = Literal["resume", "posting"]

__all__ = [
    "Contribution",
    "Document",
    "DocumentKind",
    "ErrorInfo",
    "Evidence",
    "ExtractLine",
    "ExtractResult",
    "FailedExtract",
    "FailedMatch",
    "FailedResult",
    "FailedScore",
    "MatchLine",
    "MatchResult",
    "MatchedRequirement",
    "MissingRequirement",
    "Position",
    "PostingRequirement",
    "RoleFit",
    "Salary",
    "ScoreLine",
    "ScoreResult",
    "Section",
    "Skill",
    "SkillProfile",
]


class _Model(BaseModel):
    """Every model: unknown fields refused, and frozen, so a result never changes once built
    (``model_copy(update=...)`` makes a changed copy)."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Section(_Model):
    """A labelled stretch of a document's text, found from its heading."""

    name: str = Field(description="canonical name: summary, skills, experience, requirements...")
    heading: str | None = Field(default=None, description="the heading as written, if any")
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class Position(_Model):
    """One job held, from a resume's experience section."""

    title: str | None = None
    employer: str | None = None
    start_date: date | None = None
    end_date: date | None = None
    current: bool = False
    years: float | None = Field(default=None, ge=0)
    start: int = Field(ge=0, description="character offset of the position's first line")
    end: int = Field(ge=0)


class Document(_Model):
    """A document read into normalised text, with its structure."""

    source: str = Field(description="the path, or a name given for bytes/text input")
    kind: DocumentKind
    format: str = Field(description="txt, md, pdf, docx, html")
    text: str
    title: str | None = Field(
        default=None, description="the posting's title, or the resume's headline"
    )
    sections: list[Section] = Field(default_factory=list)
    positions: list[Position] = Field(default_factory=list)
    years_experience: float | None = Field(default=None, ge=0)
    pages: int | None = None

    def section_at(self, offset: int) -> Section | None:
        """The section that contains a character offset, if any."""
        for section in self.sections:
            if section.start <= offset < section.end:
                return section
        return None


class Evidence(_Model):
    """Where a skill was seen: the matched words and their place in the text."""

    text: str
    start: int = Field(ge=0, description="character offset into Document.text")
    end: int = Field(ge=0)
    section: str | None = None
    context: str | None = Field(default=None, description="the line or sentence around the match")
    quantity: str | None = Field(
        default=None, description='a number said with it, e.g. "80 calls a day"'
    )
    required: bool | None = Field(
        default=None, description="postings only: required (True) or preferred (False)"
    )


class Skill(_Model):
    """A taxonomy concept found in a document, with every piece of evidence."""

    id: str
    name: str
    category: str
    evidence: list[Evidence] = Field(min_length=1)
    attributes: dict[str, list[str]] = Field(
        default_factory=dict, description='e.g. {"languages": ["Spanish"]}'
    )
    required: bool | None = Field(
        default=None, description="postings only: true if any evidence is required"
    )
    confidence: float = Field(default=1.0, ge=0, le=1)


class SkillProfile(_Model):
    """Everything extraction found in one document."""

    source: str
    kind: DocumentKind
    skills: list[Skill] = Field(default_factory=list)
    unmapped: list[str] = Field(
        default_factory=list, description="skills-list items that match no concept"
    )

    def get(self, concept_id: str) -> Skill | None:
        """The skill with this concept id, or ``None``."""
        return next((s for s in self.skills if s.id == concept_id), None)

    @property
    def ids(self) -> list[str]:
        """The concept ids found, in order."""
        return [s.id for s in self.skills]


class Contribution(_Model):
    """One line of a score's breakdown: what it is worth and how much was earned."""

    kind: Literal["skill", "experience", "title", "level", "posting", "similarity"]
    id: str = Field(description="concept id for skills; a short name otherwise")
    label: str
    importance: Importance | None = None
    weight: float = Field(ge=0, description="share of the 100 points this line can earn")
    strength: float = Field(ge=0, le=1, description="how well it is shown, 0..1")
    points: float = Field(ge=0, description="weight x strength: points earned")
    detail: str = ""


class MatchedRequirement(_Model):
    """A requirement the document shows, with its evidence."""

    id: str
    name: str = ""
    importance: Importance
    strength: float = Field(default=1.0, ge=0, le=1)
    evidence: list[Evidence] = Field(default_factory=list)


class MissingRequirement(_Model):
    """A requirement the document does not show, ranked by what it would add."""

    id: str
    name: str = ""
    importance: Importance
    why: str
    how_to_show: str
    gain: float = Field(default=0.0, ge=0, description="points the score would gain if shown")


class RoleFit(_Model):
    """How well a document fits one role, with the full breakdown."""

    id: str
    title: str
    score: float = Field(ge=0, le=100)
    matched: list[MatchedRequirement] = Field(default_factory=list)
    missing: list[MissingRequirement] = Field(default_factory=list)
    salary: Salary | None = None
    contributions: list[Contribution] = Field(default_factory=list)
    summary: str = ""


class ErrorInfo(_Model):
    """A failed document: the exception class name and a message that names the file."""

    type: str
    message: str

    @classmethod
    def from_exception(cls, exc: BaseException) -> ErrorInfo:
        """The contract's error object for an exception."""
        return cls(type=type(exc).__name__, message=str(exc))


class ExtractResult(_Model):
    """One line of ``cvmatch extract`` for a document that was read."""

    source: str
    ok: Literal[True] = True
    kind: DocumentKind
    skills: list[Skill] = Field(default_factory=list)
    unmapped: list[str] = Field(default_factory=list)
    error: None = None

    @classmethod
    def from_profile(cls, profile: SkillProfile) -> ExtractResult:
        """The successful row for a document's :class:`SkillProfile`."""
        return cls(
            source=profile.source,
            kind=profile.kind,
            skills=profile.skills,
            unmapped=profile.unmapped,
        )


class FailedExtract(_Model):
    """One line of ``cvmatch extract`` for a document that failed: ``error`` says why.

    The empty fields are kept so the line has the same keys as a successful one.
    """

    source: str
    ok: Literal[False] = False
    kind: None = None
    skills: list[Skill] = Field(default_factory=list, max_length=0)
    unmapped: list[str] = Field(default_factory=list, max_length=0)
    error: ErrorInfo


class ScoreResult(_Model):
    """One line of ``cvmatch score`` for a document that was read: all roles, best first."""

    source: str
    ok: Literal[True] = True
    kind: DocumentKind
    roles: list[RoleFit] = Field(default_factory=list)
    in_scope: bool | None = Field(
        default=None,
        description="whether the document belongs to the customer-service field at all",
    )
    years_experience: float | None = None
    error: None = None

    @property
    def best(self) -> RoleFit | None:
        """The highest-scoring role (``None`` only when no role was asked for)."""
        return self.roles[0] if self.roles else None


class FailedScore(_Model):
    """One line of ``cvmatch score`` for a document that failed: ``error`` says why."""

    source: str
    ok: Literal[False] = False
    kind: None = None
    roles: list[RoleFit] = Field(default_factory=list, max_length=0)
    in_scope: None = None
    years_experience: None = None
    error: ErrorInfo

    @property
    def best(self) -> None:
        """No role: the document could not be scored."""
        return None


class PostingRequirement(_Model):
    """A requirement as a posting states it, for ``match``."""

    id: str
    name: str = ""
    required: bool
    stated: bool = Field(
        default=True,
        description="true if the posting says it; false if it comes from the closest role",
    )
    weight: float = Field(default=0.0, ge=0)
    why: str = ""
    how_to_show: str = ""
    evidence: list[Evidence] = Field(default_factory=list)
    gain: float = Field(default=0.0, ge=0)


class MatchResult(_Model):
    """One line of ``cvmatch match``: a resume that was read, against a posting."""

    source: str
    ok: Literal[True] = True
    posting: str
    score: float = Field(ge=0, le=100)
    rank: int | None = Field(default=None, description="place in a ranking, 1 = best")
    matched: list[PostingRequirement] = Field(default_factory=list)
    missing: list[PostingRequirement] = Field(default_factory=list)
    contributions: list[Contribution] = Field(default_factory=list)
    error: None = None


class FailedMatch(_Model):
    """One line of ``cvmatch match`` for a resume that failed: ``error`` says why."""

    source: str
    ok: Literal[False] = False
    posting: str | None = None
    score: None = None
    rank: None = None
    matched: list[PostingRequirement] = Field(default_factory=list, max_length=0)
    missing: list[PostingRequirement] = Field(default_factory=list, max_length=0)
    contributions: list[Contribution] = Field(default_factory=list, max_length=0)
    error: ErrorInfo


#: A failed document of any job; ``isinstance(result, FailedResult)`` works too.
FailedResult = Union[FailedExtract, FailedScore, FailedMatch]  # noqa: UP007 - used at runtime
#: Each job's line, either kind: type checkers narrow it on ``result.ok``.
ExtractLine = Annotated[Union[ExtractResult, FailedExtract], Field(discriminator="ok")]  # noqa: UP007
ScoreLine = Annotated[Union[ScoreResult, FailedScore], Field(discriminator="ok")]  # noqa: UP007
MatchLine = Annotated[Union[MatchResult, FailedMatch], Field(discriminator="ok")]  # noqa: UP007
