"""What scoring gives for a role: the breakdown lines, matched and missing skills."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from cvmatch.models.base import _Model
from cvmatch.models.document import Evidence
from cvmatch.taxonomy import Importance, Salary

__all__ = ["Contribution", "ErrorInfo", "MatchedRequirement", "MissingRequirement", "RoleFit"]


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
