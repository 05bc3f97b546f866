"""cvmatch: customer-service skills in resumes and postings, with evidence, and role fit.

One document (:mod:`cvmatch.api`; each raises a ``CvmatchError`` for a bad document):

- :func:`read_document` / :func:`read_text`: a path, bytes or a text to a :class:`Document`
  (within :class:`ReadLimits`).
- :func:`extract_skills`: the skills found, each with evidence (a :class:`SkillProfile`
  of :class:`Skill` and :class:`Evidence`).
- :func:`score_resume`: a resume against the six roles (a :class:`ScoreResult` of
  :class:`RoleFit`); :func:`score_document` does the same for a resume or a posting.
- :func:`match`: one resume against one posting (a :class:`MatchResult`).

Many documents (:mod:`cvmatch.batch`; a bad document becomes a :data:`FailedResult` row):

- :func:`rank`: resumes against a posting, best first.
- ``cvmatch.batch.iter_extracts`` / ``iter_scores`` / ``iter_matches`` stream one
  result per input (an :class:`ExtractResult` and so on); ``cvmatch.batch.to_csv``,
  ``to_jsonl`` and ``to_dataframe`` write them out; :func:`write_report` writes an HTML
  report of a ranking.
- ``record=`` (``--record``) appends a decision record per document;
  :func:`replay` scores a document again from its record (:mod:`cvmatch.records`).

Analysts: :func:`analyze_postings` (a :class:`PostingsAnalysis`) and
:class:`SkillVectorizer` (scikit-learn). The taxonomy: :func:`load_taxonomy` (a
:class:`Taxonomy`). Errors: :class:`CvmatchError`, the root of every error cvmatch
raises; :class:`UnreadableDocument` for documents that cannot be read;
:class:`TaxonomyError` for a bad taxonomy file (the rest are in :mod:`cvmatch.errors`).
"""

from cvmatch import batch
from cvmatch._shims import moved
from cvmatch.analytics import PostingsAnalysis, analyze_postings
from cvmatch.api import extract_skills, match, score_document, score_resume
from cvmatch.batch.ranking import rank
from cvmatch.batch.report import write_report
from cvmatch.errors import CvmatchError, TaxonomyError, UnreadableDocument
from cvmatch.models import (
    Document,
    Evidence,
    ExtractResult,
    FailedResult,
    MatchResult,
    RoleFit,
    ScoreResult,
    Skill,
    SkillProfile,
)
from cvmatch.reading import ReadLimits, read_document, read_text
from cvmatch.records import replay
from cvmatch.taxonomy import Taxonomy, load_taxonomy

__version__ = "0.1.0"

__all__ = [
    "CvmatchError",
    "Document",
    "Evidence",
    "ExtractResult",
    "FailedResult",
    "MatchResult",
    "PostingsAnalysis",
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
    "batch",
    "extract_skills",
    "load_taxonomy",
    "match",
    "rank",
    "read_document",
    "read_text",
    "replay",
    "score_document",
    "score_resume",
    "write_report",
]

#: Names that left the top level: (module, attribute, what to use instead).
_MOVED = {
    "as_document": (
        "cvmatch.api",
        "as_document",
        "cvmatch.read_document (a path, bytes or file) or cvmatch.read_text (a text)",
    ),
    "match_document": ("cvmatch.api", "match", "cvmatch.match"),
    "read_posting": ("cvmatch.api", "read_posting", "cvmatch.api.read_posting"),
    "extract_many": ("cvmatch._shims", "extract_many", "cvmatch.batch.iter_extracts"),
    "score_many": ("cvmatch._shims", "score_many", "cvmatch.batch.iter_scores"),
    **{
        name: (f"cvmatch.batch.{module}", name, f"cvmatch.batch.{name}")
        for name, module in (
            ("iter_extracts", "pool"),
            ("iter_matches", "pool"),
            ("iter_scores", "pool"),
            ("Ranking", "ranking"),
            ("to_csv", "export"),
            ("to_dataframe", "export"),
        )
    },
}
_deprecated = moved(__name__, _MOVED, stacklevel=3)


def __getattr__(name: str) -> object:
    # SkillVectorizer imports scikit-learn (about a second); load it on first use only
    if name == "SkillVectorizer":
        from cvmatch.sklearn import SkillVectorizer

        return SkillVectorizer
    return _deprecated(name)
