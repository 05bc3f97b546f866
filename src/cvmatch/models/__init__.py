"""Pydantic result models: the one source of truth for every output format.

The JSON Lines output of the CLI is ``model_dump(mode="json")`` of these models,
so the library and the CLI never disagree (see the output contract in the README).
:mod:`~cvmatch.models.document` holds what reading and extraction give,
:mod:`~cvmatch.models.scores` a role's score and its lines,
:mod:`~cvmatch.models.results` the output lines of each job, and
:mod:`~cvmatch.models.records` the decision record of each scored document.
"""

from __future__ import annotations

from cvmatch.models.base import DocumentKind, MustHaveVerdict, RequirementStatus
from cvmatch.models.document import (
    Document,
    Evidence,
    Position,
    Section,
    Skill,
    SkillProfile,
    StatedSalary,
)
from cvmatch.models.records import DecisionRecord, RecordedLine, RecordedRole
from cvmatch.models.results import (
    ExtractLine,
    ExtractResult,
    FailedExtract,
    FailedMatch,
    FailedResult,
    FailedScore,
    MatchLine,
    MatchResult,
    PostingRequirement,
    ScoreLine,
    ScoreResult,
)
from cvmatch.models.scores import (
    Contribution,
    ErrorInfo,
    MatchedRequirement,
    MissingRequirement,
    RoleFit,
)
from cvmatch.taxonomy import Salary

__all__ = [
    "Contribution",
    "DecisionRecord",
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
    "MustHaveVerdict",
    "Position",
    "PostingRequirement",
    "RecordedLine",
    "RecordedRole",
    "RequirementStatus",
    "RoleFit",
    "Salary",
    "ScoreLine",
    "ScoreResult",
    "Section",
    "Skill",
    "SkillProfile",
    "StatedSalary",
]
