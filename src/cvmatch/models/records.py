"""A decision record: what was scored, how, and with what result, without the document.

One :class:`DecisionRecord` is one line of the file ``--record`` (``record=``) appends to.
It holds enough to reproduce a score and to explain it later (the taxonomy's hash and
weights, the cvmatch version, SHA-256 hashes of the input and the posting, the score and
its lines) and nothing that identifies the candidate beyond the input's hash: no path,
no file name, no text, and no breakdown ``detail`` (which can quote the document).
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import AwareDatetime, Field, model_validator

from cvmatch.models.base import DocumentKind, MustHaveVerdict, _Model
from cvmatch.models.scores import Contribution
from cvmatch.taxonomy import Importance

__all__ = ["DecisionRecord", "RecordedLine", "RecordedRole"]

#: A SHA-256 digest in hexadecimal.
_SHA256 = r"^[0-9a-f]{64}$"


class RecordedLine(_Model):
    """One line of a score's breakdown as recorded: a :class:`Contribution` without its
    ``detail`` (the words of the document it may quote)."""

    kind: Literal["skill", "experience", "title", "level", "posting", "similarity"] = Field(
        description="what the line scores (see Contribution.kind)"
    )
    id: str = Field(description="concept id for skills; a short name otherwise")
    label: str = Field(description="what the line is about (the taxonomy's or posting's words)")
    importance: Importance | None = Field(default=None, description="skills: to the role")
    weight: float = Field(ge=0, description="share of the 100 points this line can earn")
    strength: float = Field(ge=0, le=1, description="how well it is shown, 0..1")
    points: float = Field(ge=0, description="weight x strength: points earned")

    @classmethod
    def of(cls, line: Contribution) -> RecordedLine:
        """The recorded form of a breakdown line."""
        return cls(**line.model_dump(exclude={"detail"}))


class RecordedRole(_Model):
    """One role's score of a ``score`` decision, with its breakdown."""

    id: str = Field(description="the role id (roles.toml)")
    score: float = Field(ge=0, le=100, description="fit for the role, 0..100")
    lines: list[RecordedLine] = Field(default_factory=list, description="the breakdown")


class DecisionRecord(_Model):
    """One scored (or failed) document of a ``score``, ``match`` or ``rank`` run."""

    record_version: Literal[1] = Field(default=1, description="the layout of this record")
    timestamp: AwareDatetime = Field(description="when the document was scored (UTC, ISO 8601)")
    cvmatch_version: str = Field(description="the cvmatch version that scored it")
    job: Literal["score", "match"] = Field(
        description='"score": against the roles; "match": against a posting (match, rank)'
    )
    taxonomy_hash: str = Field(pattern=_SHA256, description="Taxonomy.content_hash in force")
    weights: dict[str, Any] = Field(description="the taxonomy's [weights] in force")
    input_sha256: str | None = Field(
        default=None,
        pattern=_SHA256,
        description="SHA-256 of the input file's bytes (or of its text, see input_hashed); "
        "null when the input could not be opened as a file",
    )
    input_hashed: Literal["file", "text"] | None = Field(
        default=None,
        description='"file": the bytes of the file; "text": the UTF-8 of the text as read',
    )
    blind: bool = Field(description="whether personal details were masked before scoring")
    blind_id: str | None = Field(
        default=None, description="under blind: the pseudonymous id of the input, if any"
    )
    posting_sha256: str | None = Field(
        default=None,
        pattern=_SHA256,
        description="match: SHA-256 of the posting's text as read (UTF-8); null for score",
    )
    roles: list[str] = Field(
        default_factory=list,
        description="score: the role ids scored, best first; match: the role the posting "
        "reads as, if one is clear",
    )
    ok: bool = Field(description="true: scored; false: the document failed (see error_type)")
    error_type: str | None = Field(
        default=None, description="failed only: the error class name (never its message)"
    )
    kind: DocumentKind | None = Field(default=None, description="score: resume or posting")
    score: float | None = Field(
        default=None,
        ge=0,
        le=100,
        description="match: the score; score: the best role's score; null when failed",
    )
    lines: list[RecordedLine] = Field(
        default_factory=list, description="match: the score's breakdown"
    )
    role_scores: list[RecordedRole] = Field(
        default_factory=list, description="score: every role's score and breakdown, best first"
    )
    meets_must_haves: MustHaveVerdict | None = Field(
        default=None, description='match: "yes", "no" or "unknown"'
    )
    unmet_must_haves: list[str] = Field(
        default_factory=list, description="match: the must-haves failed (concept ids)"
    )

    @model_validator(mode="after")
    def _consistent(self) -> DecisionRecord:
        if self.ok and self.error_type is not None:
            raise ValueError("a scored record has no error_type")
        if not self.ok and (self.error_type is None or self.score is not None):
            raise ValueError("a failed record has an error_type and no score")
        if not self.ok and (self.lines or self.role_scores):
            raise ValueError("a failed record has no breakdown")
        if self.ok and self.job == "match" and self.score is None:
            raise ValueError("a scored match record has a score")
        return self
