"""The public functions for one document: read it, find its skills, score it, match it.

Every ``taxonomy=`` argument follows :func:`cvmatch.taxonomy.resolve_taxonomy`: ``None``
for the shipped taxonomy, a path to a TOML file or folder, or a ``Taxonomy``.

Each function takes one resume (or posting) and returns one result model, or raises a
:class:`~cvmatch.errors.CvmatchError` that names the file and says what to do. Many
documents, with failed rows instead of exceptions, are :mod:`cvmatch.batch`'s job.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from cvmatch._shims import moved
from cvmatch.errors import InvalidInput
from cvmatch.explain.requirements import explain_match
from cvmatch.extract import get_extractor
from cvmatch.models import Document, MatchResult, ScoreResult, SkillProfile
from cvmatch.reading import DocumentInput
from cvmatch.reading.privacy import redact
from cvmatch.reading.sources import to_document
from cvmatch.scoring.roles import in_scope, match_profiles, score_roles, text_similarities
from cvmatch.structure.salary import posting_salary
from cvmatch.taxonomy import TaxonomyArgument, resolve_taxonomy

if TYPE_CHECKING:
    from cvmatch.batch.records import RecordTarget

__all__ = [
    "PreparedPosting",
    "as_document",
    "extract_skills",
    "match",
    "read_posting",
    "score_document",
    "score_resume",
]

#: A posting read and analysed once (what :func:`read_posting` returns).
PreparedPosting = tuple[Document, SkillProfile]


def _check_kind(kind: str | None) -> None:
    if kind is not None and kind not in ("resume", "posting"):
        raise InvalidInput(f"kind must be 'resume' or 'posting', not {kind!r}")


def as_document(
    source: Document | DocumentInput,
    *,
    kind: str | None = None,
    blind: bool = False,
    taxonomy: TaxonomyArgument = None,
) -> Document:
    """A :class:`Document` from a Document, a path, bytes, a file object or text.

    A ``str`` with no line break that ends in a supported extension is a path (it
    need not exist: a missing one raises ``DocumentNotFound``), any other ``str`` is the
    document's text; ``pathlib.Path`` is always a path and :func:`cvmatch.read_text`
    always text (see :mod:`cvmatch.reading.sources`). With ``blind=True`` personal
    details are masked before anything else reads the text, with the privacy words of
    ``taxonomy`` (see :mod:`cvmatch.reading.privacy`).
    """
    _check_kind(kind)
    document = to_document(source, kind=kind)
    return redact(document, taxonomy=resolve_taxonomy(taxonomy)) if blind else document


def read_posting(
    posting: Document | DocumentInput, *, taxonomy: TaxonomyArgument = None, blind: bool = False
) -> PreparedPosting:
    """Read and analyse a posting once, to match many resumes against it.

    Returns the posting's :class:`Document` and its :class:`SkillProfile` (required
    and preferred skills), which :func:`match`, :func:`cvmatch.batch.iter_matches` and
    :func:`cvmatch.write_report` accept in place of the posting.
    """
    tax = resolve_taxonomy(taxonomy)
    document = as_document(posting, kind="posting", blind=blind, taxonomy=tax)
    return document, get_extractor(tax).extract(document)


def extract_skills(
    source: Document | DocumentInput,
    *,
    kind: str | None = None,
    taxonomy: TaxonomyArgument = None,
    blind: bool = False,
) -> SkillProfile:
    """Find the taxonomy's skills in one document, each with its evidence.

    ``blind=True`` masks personal details first (see :mod:`cvmatch.reading.privacy`).
    """
    tax = resolve_taxonomy(taxonomy)
    document = as_document(source, kind=kind, blind=blind, taxonomy=tax)
    return get_extractor(tax).extract(document)


def score_document(
    source: Document | SkillProfile | DocumentInput,
    *,
    kind: str | None = None,
    roles: Sequence[str] | None = None,
    taxonomy: TaxonomyArgument = None,
    blind: bool = False,
) -> ScoreResult:
    """Score a resume or a posting (kind detected, or ``kind``) against every role, best first.

    For a posting the ranking says which role the posting is for. ``roles`` keeps only
    those role ids. ``blind=True`` masks personal details before extraction and scoring
    read the text. A :class:`SkillProfile` is scored as it is (no document facts).
    """
    tax = resolve_taxonomy(taxonomy)
    if isinstance(source, SkillProfile):
        profile, document = source, None
    else:
        document = as_document(source, kind=kind, blind=blind, taxonomy=tax)
        profile = get_extractor(tax).extract(document)
    return ScoreResult(
        source=profile.source,
        kind=profile.kind,
        roles=score_roles(profile, tax, document, roles),
        in_scope=in_scope(profile, tax, document),
        years_experience=document.years_experience if document else None,
        salary=posting_salary(document, tax),
        warnings=profile.warnings,
    )


def score_resume(
    resume: Document | DocumentInput,
    *,
    roles: Sequence[str] | None = None,
    taxonomy: TaxonomyArgument = None,
    blind: bool = False,
    record: RecordTarget | None = None,
) -> ScoreResult:
    """Score a resume against the six roles: score, evidence, missing skills, salary.

    The same as :func:`score_document` with ``kind="resume"``. ``record``: a JSON Lines
    file (or a ``RecordWriter``) to which its decision record is appended, also when it
    fails (see :mod:`cvmatch.records`).
    """
    if record is not None:
        from cvmatch.records import recorded_score

        return recorded_score(record, resume, roles=roles, taxonomy=taxonomy, blind=blind)
    return score_document(resume, kind="resume", roles=roles, taxonomy=taxonomy, blind=blind)


def match(
    resume: Document | DocumentInput,
    posting: Document | PreparedPosting | DocumentInput,
    *,
    taxonomy: TaxonomyArgument = None,
    similarity: bool = True,
    blind: bool = False,
    record: RecordTarget | None = None,
) -> MatchResult:
    """Score one resume against one posting's own requirements.

    ``posting`` may be what :func:`read_posting` returned, so that matching many resumes
    reads and analyses it once (:func:`cvmatch.batch.iter_matches` does that). The
    text-similarity line is computed on the pair alone, so a score never depends on
    other resumes; ``similarity=False`` leaves it out. ``rank`` is 1: this is a ranking
    of one (:func:`cvmatch.rank` ranks many). Raises ``CvmatchError`` if either document
    cannot be read. ``record``: as for :func:`score_resume`.
    """
    if record is not None:
        from cvmatch.records import recorded_match

        return recorded_match(
            record, resume, posting, taxonomy=taxonomy, similarity=similarity, blind=blind
        )
    tax = resolve_taxonomy(taxonomy)
    if isinstance(posting, tuple):
        posting_doc, posting_profile = posting
    else:
        posting_doc, posting_profile = read_posting(posting, taxonomy=tax)
    document = as_document(resume, kind="resume", blind=blind, taxonomy=tax)
    profile = get_extractor(tax).extract(document)
    sim = text_similarities(posting_doc.text, [document.text])[0] if similarity else None
    result = match_profiles(
        profile,
        posting_profile,
        tax,
        resume_document=document,
        posting_document=posting_doc,
        similarity=sim,
    )
    result = explain_match(result, posting_profile, posting_doc, tax, resume=profile)
    salary = posting_salary(posting_doc, tax)
    return result.model_copy(update={"rank": 1, "posting_salary": salary})


__getattr__ = moved(
    __name__,
    {
        "match_document": ("cvmatch.api", "match", "cvmatch.match"),
        "rank": ("cvmatch.batch.ranking", "rank", "cvmatch.rank"),
        "extract_many": ("cvmatch._shims", "extract_many", "cvmatch.batch.iter_extracts"),
        "score_many": ("cvmatch._shims", "score_many", "cvmatch.batch.iter_scores"),
        "read_input": ("cvmatch.batch.job", "read_input", "cvmatch.batch.job.read_input"),
        "error_info": (
            "cvmatch.models",
            "ErrorInfo.from_exception",
            "cvmatch.models.ErrorInfo.from_exception",
        ),
    },
)
