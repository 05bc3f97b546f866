"""cvmatch: customer-service skills in resumes and postings, with evidence, and role fit."""

from cvmatch.analytics import PostingsAnalysis, analyze_postings
from cvmatch.api import (
    as_document,
    extract_many,
    extract_skills,
    match,
    match_document,
    rank,
    read_posting,
    score_document,
    score_many,
    score_resume,
)
from cvmatch.batch.pool import (
    Ranking,
    iter_extracts,
    iter_matches,
    iter_scores,
    to_csv,
    to_dataframe,
)
from cvmatch.errors import CvmatchError, TaxonomyError, UnreadableDocument
from cvmatch.explain.report import write_report
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
from cvmatch.reading.document import ReadLimits, read_document, read_text
from cvmatch.taxonomy import Taxonomy, load_taxonomy

__version__ = "0.1.0"

__all__ = [
    "CvmatchError",
    "Document",
    "Evidence",
    "ExtractResult",
    "MatchResult",
    "PostingsAnalysis",
    "Ranking",
    "ReadLimits",
    "RoleFit",
    "ScoreResult",
    "Skill",
    "SkillProfile",
    "SkillVectorizer",
    "Taxonomy",
    "TaxonomyError",
    "UnreadableDocument",
    "__version__",
    "analyze_postings",
    "as_document",
    "extract_many",
    "extract_skills",
    "iter_extracts",
    "iter_matches",
    "iter_scores",
    "load_taxonomy",
    "match",
    "match_document",
    "rank",
    "read_document",
    "read_posting",
    "read_text",
    "score_document",
    "score_many",
    "score_resume",
    "to_csv",
    "to_dataframe",
    "write_report",
]


def __getattr__(name: str) -> object:
    # SkillVectorizer imports scikit-learn (about a second); load it on first use only
    if name == "SkillVectorizer":
        from cvmatch.sklearn import SkillVectorizer

        return SkillVectorizer
    raise AttributeError(f"module 'cvmatch' has no attribute {name!r}")
