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
#: How a posting states a requirement: under a Requirements heading or with a required
#: cue; under a Preferred heading or with a "preferred" cue; or neither (a duty).
RequirementStatus = Literal["required", "preferred", "unspecified"]

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
    "RequirementStatus",
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
    start: int = Field(ge=0, description="character offset of the section's first character")
    end: int = Field(ge=0, description="character offset just past the section's end")


class Position(_Model):
    """One job held, from a resume's experience section."""

    title: str | None = Field(default=None, description="the job title, as written")
    employer: str | None = Field(default=None, description="the employer, as written")
    start_date: date | None = Field(
        default=None, description="when the job began (day 1; January when only a year is given)"
    )
    end_date: date | None = Field(
        default=None, description="when it ended (day 1; December if only a year); today if current"
    )
    current: bool = Field(
        default=False, description='true if the job is held now ("present", "current")'
    )
    years: float | None = Field(default=None, ge=0, description="years in the job, from its dates")
    start: int = Field(ge=0, description="character offset of the position's first line")
    end: int = Field(ge=0, description="character offset just past the position's last line")


class Document(_Model):
    """A document read into normalised text, with its structure."""

    source: str = Field(description="the path, or a name given for bytes/text input")
    kind: DocumentKind = Field(description='"resume" or "posting": detected, or as given')
    format: str = Field(description="txt, md, pdf, docx, html")
    text: str = Field(description="the normalised text; every offset in the results points into it")
    title: str | None = Field(
        default=None, description="the posting's title, or the resume's headline"
    )
    sections: list[Section] = Field(
        default_factory=list, description="the labelled sections, in text order"
    )
    positions: list[Position] = Field(
        default_factory=list, description="resumes only: the jobs held, in text order"
    )
    years_experience: float | None = Field(
        default=None,
        ge=0,
        description="resumes: years worked (overlaps counted once); postings: years asked for",
    )
    pages: int | None = Field(
        default=None, description="pages of a PDF; null where pages mean nothing (text, DOCX, HTML)"
    )

    def section_at(self, offset: int) -> Section | None:
        """The section that contains a character offset, if any."""
        for section in self.sections:
            if section.start <= offset < section.end:
                return section
        return None


class Evidence(_Model):
    """Where a skill was seen: the matched words and their place in the text."""

    text: str = Field(description="the matched words, as written")
    start: int = Field(ge=0, description="character offset into Document.text")
    end: int = Field(ge=0, description="character offset just past the match")
    section: str | None = Field(
        default=None, description="the canonical name of the section it is in"
    )
    context: str | None = Field(default=None, description="the line or sentence around the match")
    quantity: str | None = Field(
        default=None, description='a number said with it, e.g. "80 calls a day"'
    )
    required: bool | None = Field(
        default=None, description="postings only: required (True) or preferred (False)"
    )
    status: RequirementStatus | None = Field(
        default=None,
        description=(
            'postings only: "required" (a Requirements section or a required cue), '
            '"preferred" (a Preferred section or a cue such as "is a plus", bound to its own '
            'item), or "unspecified" (neither, e.g. a duty); required is false only if preferred'
        ),
    )
    must_have: bool | None = Field(
        default=None,
        description=(
            'postings only: stated as hard ("must", "essential", "minimum", "at least", '
            '"required", or a required language)'
        ),
    )
    cue: str | None = Field(
        default=None,
        description="postings only: the cue words or section heading that decided the status",
    )


class Skill(_Model):
    """A taxonomy concept found in a document, with every piece of evidence."""

    id: str = Field(description="the taxonomy concept id (a contract: taxonomy-concepts.md)")
    name: str = Field(description="the concept's display name")
    category: str = Field(description="the concept's category: soft, technical, ...")
    evidence: list[Evidence] = Field(
        min_length=1, description="every place it was seen, at least one"
    )
    attributes: dict[str, list[str]] = Field(
        default_factory=dict,
        description=(
            "the attribute values found, each list in text order without repeats: "
            '"industries" (industry_experience: only where the work was in the industry or '
            'the posting asks for it, e.g. ["Healthcare"]), "languages" (multilingual: only '
            'languages spoken or written, e.g. ["German", "Spanish"]; English is never '
            'listed) and "language_levels" (each stated level as "Language: level", level one '
            'of native, fluent, business, conversational, basic, e.g. ["German: fluent"]); '
            "empty when the evidence names no value"
        ),
    )
    required: bool | None = Field(
        default=None, description="postings only: true if any evidence is required"
    )
    status: RequirementStatus | None = Field(
        default=None,
        description=(
            'postings only: "required" if any evidence is, else "unspecified" if any is, '
            'else "preferred"'
        ),
    )
    must_have: bool | None = Field(
        default=None, description="postings only: true if any evidence is stated as hard"
    )
    cue: str | None = Field(
        default=None, description="postings only: the words that decided the status, if any"
    )
    confidence: float = Field(
        default=1.0,
        ge=0,
        le=1,
        description="1 for a pattern match; a skills-list item mapped by similarity gives less",
    )


class SkillProfile(_Model):
    """Everything extraction found in one document."""

    source: str = Field(description="the document's source")
    kind: DocumentKind = Field(description='"resume" or "posting"')
    skills: list[Skill] = Field(
        default_factory=list, description="one per concept found, in taxonomy order"
    )
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

    kind: Literal["skill", "experience", "title", "level", "posting", "similarity"] = Field(
        description="what the line scores: a skill, years of experience, the title, ..."
    )
    id: str = Field(description="concept id for skills; a short name otherwise")
    label: str = Field(description="what the line is about, for people")
    importance: Importance | None = Field(
        default=None, description="skills: essential, important or helpful to the role"
    )
    weight: float = Field(ge=0, description="share of the 100 points this line can earn")
    strength: float = Field(ge=0, le=1, description="how well it is shown, 0..1")
    points: float = Field(ge=0, description="weight x strength: points earned")
    detail: str = Field(default="", description="why it earned what it did, in a few words")


class MatchedRequirement(_Model):
    """A requirement the document shows, with its evidence."""

    id: str = Field(description="the concept id")
    name: str = Field(default="", description="the concept's display name")
    importance: Importance = Field(description="essential, important or helpful to the role")
    strength: float = Field(default=1.0, ge=0, le=1, description="how well it is shown, 0..1")
    evidence: list[Evidence] = Field(
        default_factory=list, description="where the document shows it"
    )


class MissingRequirement(_Model):
    """A requirement the document does not show, ranked by what it would add."""

    id: str = Field(description="the concept id")
    name: str = Field(default="", description="the concept's display name")
    importance: Importance = Field(description="essential, important or helpful to the role")
    why: str = Field(description="why the role needs it")
    how_to_show: str = Field(description="how a resume could show it")
    gain: float = Field(default=0.0, ge=0, description="points the score would gain if shown")


class RoleFit(_Model):
    """How well a document fits one role, with the full breakdown."""

    id: str = Field(description="the role id (roles.toml)")
    title: str = Field(description="the role's title")
    score: float = Field(ge=0, le=100, description="fit for the role, 0..100")
    matched: list[MatchedRequirement] = Field(
        default_factory=list, description="the role's requirements the document shows"
    )
    missing: list[MissingRequirement] = Field(
        default_factory=list, description="those it does not show, most valuable first"
    )
    salary: Salary | None = Field(
        default=None, description="the role's salary range from the guide; null where none is given"
    )
    contributions: list[Contribution] = Field(
        default_factory=list, description="the breakdown: what each line adds to the score"
    )
    summary: str = Field(default="", description="the fit in one sentence")


class ErrorInfo(_Model):
    """A failed document: the exception class name and a message that names the file."""

    type: str = Field(description="the name of the cvmatch exception class")
    message: str = Field(description="what went wrong and what to do; names the file")

    @classmethod
    def from_exception(cls, exc: BaseException) -> ErrorInfo:
        """The contract's error object for an exception."""
        return cls(type=type(exc).__name__, message=str(exc))


class _Row(_Model):
    """The fields every output line starts with: which document it is about."""

    source: str = Field(description="the path, or the pseudonymous id under --blind")
    source_bytes: str | None = Field(
        default=None,
        exclude_if=lambda value: value is None,
        description="base64 of the file name's raw bytes, only when they are not valid UTF-8",
    )


class ExtractResult(_Row):
    """One line of ``cvmatch extract`` for a document that was read."""

    ok: Literal[True] = Field(default=True, description="true: the document was read")
    kind: DocumentKind = Field(description='"resume" or "posting": detected, or as given')
    skills: list[Skill] = Field(
        default_factory=list, description="one per concept found, each with its evidence"
    )
    unmapped: list[str] = Field(
        default_factory=list, description="skills-list items that match no concept"
    )
    error: None = Field(default=None, description="null: the document was read")

    @classmethod
    def from_profile(cls, profile: SkillProfile) -> ExtractResult:
        """The successful row for a document's :class:`SkillProfile`."""
        return cls(
            source=profile.source,
            kind=profile.kind,
            skills=profile.skills,
            unmapped=profile.unmapped,
        )


class FailedExtract(_Row):
    """One line of ``cvmatch extract`` for a document that failed: ``error`` says why.

    The empty fields are kept so the line has the same keys as a successful one.
    """

    ok: Literal[False] = Field(default=False, description="false: the document failed")
    kind: None = Field(default=None, description="null: unknown for a failed document")
    skills: list[Skill] = Field(
        default_factory=list, max_length=0, description="empty: nothing was extracted"
    )
    unmapped: list[str] = Field(default_factory=list, max_length=0, description="empty")
    error: ErrorInfo = Field(description="why the document failed")


class ScoreResult(_Row):
    """One line of ``cvmatch score`` for a document that was read: all roles, best first."""

    ok: Literal[True] = Field(default=True, description="true: the document was read")
    kind: DocumentKind = Field(description='"resume" or "posting": detected, or as given')
    roles: list[RoleFit] = Field(
        default_factory=list, description="every role asked for, highest score first"
    )
    in_scope: bool | None = Field(
        default=None,
        description="whether the document belongs to the customer-service field at all",
    )
    years_experience: float | None = Field(
        default=None,
        description="resumes: years worked; postings: years asked for; null if not stated",
    )
    error: None = Field(default=None, description="null: the document was read")

    @property
    def best(self) -> RoleFit | None:
        """The highest-scoring role (``None`` only when no role was asked for)."""
        return self.roles[0] if self.roles else None


class FailedScore(_Row):
    """One line of ``cvmatch score`` for a document that failed: ``error`` says why."""

    ok: Literal[False] = Field(default=False, description="false: the document failed")
    kind: None = Field(default=None, description="null: unknown for a failed document")
    roles: list[RoleFit] = Field(
        default_factory=list, max_length=0, description="empty: nothing was scored"
    )
    in_scope: None = Field(default=None, description="null: unknown for a failed document")
    years_experience: None = Field(default=None, description="null: unknown")
    error: ErrorInfo = Field(description="why the document failed")

    @property
    def best(self) -> None:
        """No role: the document could not be scored."""
        return None


class PostingRequirement(_Model):
    """A requirement as a posting states it, for ``match``."""

    id: str = Field(description="the concept id")
    name: str = Field(default="", description="the concept's display name")
    required: bool = Field(description="true unless the posting marks it preferred")
    status: RequirementStatus | None = Field(
        default=None,
        description="the posting skill's status (see Skill.status); null when not stated",
    )
    must_have: bool = Field(
        default=False, description="true if the posting states it as hard (see Skill.must_have)"
    )
    cue: str | None = Field(
        default=None, description="the words of the posting that decided the status, if any"
    )
    stated: bool = Field(
        default=True,
        description="true if the posting says it; false if it comes from the closest role",
    )
    weight: float = Field(
        default=0.0, ge=0, description="points of the 100 this requirement can earn"
    )
    why: str = Field(default="", description="why the role needs it")
    how_to_show: str = Field(default="", description="how a resume could show it")
    evidence: list[Evidence] = Field(
        default_factory=list, description="where the resume shows it; empty when missing"
    )
    gain: float = Field(
        default=0.0, ge=0, description="missing only: points the score would gain if shown"
    )


class MatchResult(_Row):
    """One line of ``cvmatch match``: a resume that was read, against a posting."""

    ok: Literal[True] = Field(default=True, description="true: the document was read")
    posting: str = Field(description="the posting's source")
    score: float = Field(ge=0, le=100, description="fit for the posting, 0..100")
    rank: int | None = Field(default=None, description="place in a ranking, 1 = best")
    matched: list[PostingRequirement] = Field(
        default_factory=list, description="the posting's requirements the resume shows"
    )
    missing: list[PostingRequirement] = Field(
        default_factory=list, description="those it does not show, most valuable first"
    )
    contributions: list[Contribution] = Field(
        default_factory=list, description="the breakdown: what each line adds to the score"
    )
    error: None = Field(default=None, description="null: the document was read")


class FailedMatch(_Row):
    """One line of ``cvmatch match`` for a resume that failed: ``error`` says why."""

    ok: Literal[False] = Field(default=False, description="false: the document failed")
    posting: str | None = Field(default=None, description="the posting's source, if read")
    score: None = Field(default=None, description="null: the resume was not scored")
    rank: None = Field(default=None, description="null: failed rows are not ranked")
    matched: list[PostingRequirement] = Field(
        default_factory=list, max_length=0, description="empty"
    )
    missing: list[PostingRequirement] = Field(
        default_factory=list, max_length=0, description="empty"
    )
    contributions: list[Contribution] = Field(
        default_factory=list, max_length=0, description="empty"
    )
    error: ErrorInfo = Field(description="why the document failed")


#: A failed document of any job; ``isinstance(result, FailedResult)`` works too.
FailedResult = Union[FailedExtract, FailedScore, FailedMatch]  # noqa: UP007 - used at runtime
#: Each job's line, either kind: type checkers narrow it on ``result.ok``.
ExtractLine = Annotated[Union[ExtractResult, FailedExtract], Field(discriminator="ok")]  # noqa: UP007
ScoreLine = Annotated[Union[ScoreResult, FailedScore], Field(discriminator="ok")]  # noqa: UP007
MatchLine = Annotated[Union[MatchResult, FailedMatch], Field(discriminator="ok")]  # noqa: UP007
