"""cvmatch: customer-service skills in resumes and postings, with evidence, and role fit."""

from cvmatch.api import (
    as_document,
    extract_many,
    extract_skills,
    match,
    rank,
    score_document,
    score_many,
    score_resume,
)
from cvmatch.documents import ReadLimits, read_document, read_text
from cvmatch.errors import CvmatchError, TaxonomyError, UnreadableDocument
from cvmatch.models import (
    Document,
    Evidence,
    ExtractResult,
    MatchResult,
    RoleFit,
    ScoreResult,
    Skill,
    SkillProfile,
)
from cvmatch.taxonomy import Taxonomy, load_taxonomy

__version__ = "0.1.0"

__all__ = [
    "CvmatchError",
    "Document",
    "Evidence",
    "ExtractResult",
    "MatchResult",
    "ReadLimits",
    "RoleFit",
    "ScoreResult",
    "Skill",
    "SkillProfile",
    "Taxonomy",
    "TaxonomyError",
    "UnreadableDocument",
    "__version__",
    "as_document",
    "extract_many",
    "extract_skills",
    "load_taxonomy",
    "match",
    "rank",
    "read_document",
    "read_text",
    "score_document",
    "score_many",
    "score_resume",
]
