"""The output lines of extract, score and match, for documents read and documents failed.

Each is ``model_dump(mode="json")`` of one of these: the JSON Lines contract.
"""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import Field

from cvmatch.models.base import DocumentKind, MustHaveVerdict, RequirementStatus, _Model
from cvmatch.models.document import Evidence, Skill, SkillProfile, StatedSalary
from cvmatch.models.scores import Contribution, ErrorInfo, RoleFit

__all__ = [
    "ExtractLine",
    "ExtractResult",
    "FailedExtract",
    "FailedMatch",
    "FailedResult",
    "FailedScore",
    "MatchLine",
    "MatchResult",
    "PostingRequirement",
    "ScoreLine",
    "ScoreResult",
]


class _Row(_Model):
    """The fields every output line starts with: which document it is about."""

    source: str = Field(description="the path, or the pseudonymous id under --blind")
    source_bytes: str | None = Field(
        default=None,
        exclude_if=lambda value: value is None,
        description="base64 of the file name's raw bytes, only when they are not valid UTF-8",
    )
    warnings: list[str] = Field(
        default_factory=list,
        description='what a reader should know about the document, e.g. "hidden text: 214 '
        'characters (...), not used as evidence"; empty when nothing',
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
            warnings=profile.warnings,
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
    salary: StatedSalary | None = Field(
        default=None,
        description="postings: the salary the posting states (its own, not the guide's "
        "range of a role); null for a resume or where none is stated",
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
    salary: None = Field(default=None, description="null: unknown")
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
    free_text: bool = Field(
        default=False, description="a posting phrase no concept holds (id free_text:<phrase>)"
    )
    values: list[str] = Field(
        default_factory=list, description='languages (with level), industries, products, "3 years"'
    )
    values_shown: list[str] = Field(default_factory=list, description="the values the resume shows")
    quote: str | None = Field(default=None, description="the posting's sentence stating it")
    quote_start: int | None = Field(default=None, ge=0, description="its offset in the posting")
    quote_end: int | None = Field(default=None, ge=0, description="just past the quote")
    phrase: str | None = Field(default=None, description="the posting's words in the quote")


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
    partial: list[PostingRequirement] = Field(
        default_factory=list,
        description="those it shows, but not with the value the posting names (French where "
        "German is asked, retail where healthcare is): neither matched nor missing",
    )
    contributions: list[Contribution] = Field(
        default_factory=list, description="the breakdown: what each line adds to the score"
    )
    meets_must_haves: MustHaveVerdict | None = Field(
        default=None, description='"yes", "no", or "unknown" (only unshowable ones unshown)'
    )
    unmet_must_haves: list[str] = Field(default_factory=list, description="must-haves failed")
    unknown_must_haves: list[str] = Field(default_factory=list, description="not showable")
    posting_salary: StatedSalary | None = Field(
        default=None, description="the salary the posting states (source: the posting), or null"
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
    partial: list[PostingRequirement] = Field(
        default_factory=list, max_length=0, description="empty"
    )
    contributions: list[Contribution] = Field(
        default_factory=list, max_length=0, description="empty"
    )
    meets_must_haves: None = Field(default=None, description="null: not scored")
    unmet_must_haves: list[str] = Field(default_factory=list, max_length=0, description="empty")
    unknown_must_haves: list[str] = Field(default_factory=list, max_length=0, description="empty")
    posting_salary: StatedSalary | None = Field(
        default=None, description="the salary the posting states, if read; null otherwise"
    )
    error: ErrorInfo = Field(description="why the document failed")


#: A failed document of any job; ``isinstance(result, FailedResult)`` works too.
FailedResult = Union[FailedExtract, FailedScore, FailedMatch]  # noqa: UP007 - used at runtime
#: Each job's line, either kind: type checkers narrow it on ``result.ok``.
ExtractLine = Annotated[Union[ExtractResult, FailedExtract], Field(discriminator="ok")]  # noqa: UP007
ScoreLine = Annotated[Union[ScoreResult, FailedScore], Field(discriminator="ok")]  # noqa: UP007
MatchLine = Annotated[Union[MatchResult, FailedMatch], Field(discriminator="ok")]  # noqa: UP007
