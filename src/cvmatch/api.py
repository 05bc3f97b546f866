"""The public functions: read, extract, score, match and rank, on one or many documents.

Everything the CLI, the report and the notebook helpers show comes from here.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from cvmatch.errors import CvmatchError, InvalidInput
from cvmatch.extract.component import get_extractor
from cvmatch.models import (
    Document,
    DocumentKind,
    ErrorInfo,
    ExtractResult,
    MatchResult,
    ScoreResult,
    SkillProfile,
)
from cvmatch.reading.document import (
    DEFAULT_LIMITS,
    SUPPORTED_SUFFIXES,
    DocumentInput,
    ReadLimits,
    read_document,
    read_text,
)
from cvmatch.reading.privacy import redact
from cvmatch.scoring.roles import in_scope, match_profiles, score_roles, text_similarities
from cvmatch.taxonomy import Taxonomy, load_taxonomy

__all__ = [
    "as_document",
    "error_info",
    "extract_many",
    "extract_skills",
    "match",
    "match_document",
    "rank",
    "read_input",
    "read_posting",
    "score_document",
    "score_many",
    "score_resume",
]


def _looks_like_path(value: str) -> bool:
    if "\n" in value or len(value) > 4096:
        return False
    try:
        path = Path(value)
        return path.suffix.lower() in SUPPORTED_SUFFIXES and path.is_file()
    except OSError:
        return False


def as_document(
    source: Document | DocumentInput, *, kind: str | None = None, blind: bool = False
) -> Document:
    """A :class:`Document` from a Document, a path, bytes, a file object or text.

    A ``str`` is read as a path when it names an existing file with a supported
    extension, and as the document's text otherwise; use ``pathlib.Path`` to be explicit.
    With ``blind=True`` personal details are masked before anything else reads the
    text (see :mod:`cvmatch.reading.privacy`).
    """
    if kind is not None and kind not in ("resume", "posting"):
        raise InvalidInput(f"kind must be 'resume' or 'posting', not {kind!r}")
    if isinstance(source, Document):
        document = source
        if kind and source.kind != kind:
            document = source.model_copy(update={"kind": kind})
    elif isinstance(source, str) and not _looks_like_path(source):
        document = read_text(source, kind=kind)  # type: ignore[arg-type]
    else:
        document = read_document(source, kind=kind)  # type: ignore[arg-type]
    return redact(document) if blind else document


def read_input(
    source: Document | DocumentInput,
    *,
    kind: str | None = None,
    limits: ReadLimits | None = None,
    blind: bool = False,
) -> Document:
    """Read one input of a batch: a ``str`` or ``os.PathLike`` is always a *path* here.

    Unlike :func:`as_document`, a string that names no file is not taken as text, so a
    missing path fails with ``DocumentNotFound`` instead of becoming a tiny document.
    ``limits`` (size, pages, time) protect a batch from one pathological file.
    """
    if kind is not None and kind not in ("resume", "posting"):
        raise InvalidInput(f"kind must be 'resume' or 'posting', not {kind!r}")
    if isinstance(source, (str, os.PathLike)):
        document = read_document(source, kind=kind, limits=limits or DEFAULT_LIMITS)  # type: ignore[arg-type]
        return redact(document) if blind else document
    return as_document(source, kind=kind, blind=blind)


def read_posting(
    posting: Document | DocumentInput, *, taxonomy: Taxonomy | None = None, blind: bool = False
) -> tuple[Document, SkillProfile]:
    """Read and analyse a posting once, to match many resumes against it.

    Returns the posting's :class:`Document` and its :class:`SkillProfile` (required
    and preferred skills), ready for :func:`match_document`.
    """
    document = as_document(posting, kind="posting", blind=blind)
    return document, get_extractor(taxonomy).extract(document)


def match_document(
    resume: Document | DocumentInput,
    posting: Document | tuple[Document, SkillProfile] | DocumentInput,
    *,
    taxonomy: Taxonomy | None = None,
    similarity: bool = True,
    blind: bool = False,
) -> MatchResult:
    """Score one resume against one posting: the per-resume step of a batch.

    ``posting`` may be what :func:`read_posting` returned, so a batch reads and
    analyses the posting once. The text-similarity line is computed on the pair
    alone, as :func:`match` does, so a resume's score does not depend on which other
    resumes are in the batch. ``rank`` is left unset; raises ``CvmatchError`` if the
    resume cannot be read.
    """
    if isinstance(posting, tuple):
        posting_doc, posting_profile = posting
    else:
        posting_doc, posting_profile = read_posting(posting, taxonomy=taxonomy)
    document = as_document(resume, kind="resume", blind=blind)
    profile = get_extractor(taxonomy).extract(document)
    sim = text_similarities(posting_doc.text, [document.text])[0] if similarity else None
    return match_profiles(
        profile,
        posting_profile,
        _taxonomy(taxonomy),
        resume_document=document,
        posting_document=posting_doc,
        similarity=sim,
    )


def _taxonomy(taxonomy: Taxonomy | None) -> Taxonomy:
    return taxonomy if taxonomy is not None else load_taxonomy()


def extract_skills(
    source: Document | DocumentInput,
    *,
    kind: str | None = None,
    taxonomy: Taxonomy | None = None,
    blind: bool = False,
) -> SkillProfile:
    """Find the taxonomy's skills in one document, each with its evidence.

    ``blind=True`` masks personal details first (see :mod:`cvmatch.reading.privacy`)."""
    document = as_document(source, kind=kind, blind=blind)
    return get_extractor(taxonomy).extract(document)


def _profile_and_document(
    source: Document | SkillProfile | DocumentInput,
    kind: str | None,
    taxonomy: Taxonomy | None,
    blind: bool = False,
) -> tuple[SkillProfile, Document | None]:
    if isinstance(source, SkillProfile):
        return source, None
    document = as_document(source, kind=kind, blind=blind)
    return get_extractor(taxonomy).extract(document), document


def score_document(
    source: Document | DocumentInput,
    *,
    kind: str | None = None,
    roles: Sequence[str] | None = None,
    taxonomy: Taxonomy | None = None,
    blind: bool = False,
) -> ScoreResult:
    """Score a resume or a posting against every role (or ``roles``), best first.

    For a posting the ranking says which role the posting is for. ``blind=True``
    masks personal details before extraction and scoring read the text.
    """
    tax = _taxonomy(taxonomy)
    profile, document = _profile_and_document(source, kind, taxonomy, blind)
    fits = score_roles(profile, tax, document, roles)
    return ScoreResult(
        source=profile.source,
        ok=True,
        kind=profile.kind,
        roles=fits,
        in_scope=in_scope(profile, tax, document),
        years_experience=document.years_experience if document else None,
    )


def score_resume(
    resume: Document | DocumentInput,
    *,
    roles: Sequence[str] | None = None,
    taxonomy: Taxonomy | None = None,
    blind: bool = False,
) -> ScoreResult:
    """Score a resume against the six roles: score, evidence, missing skills, salary."""
    return score_document(resume, kind="resume", roles=roles, taxonomy=taxonomy, blind=blind)


def match(
    resume: Document | DocumentInput,
    posting: Document | DocumentInput,
    *,
    taxonomy: Taxonomy | None = None,
    blind: bool = False,
) -> MatchResult:
    """Score one resume against one posting's own requirements."""
    return rank(posting, [resume], taxonomy=taxonomy, blind=blind)[0]


def rank(
    posting: Document | DocumentInput,
    resumes: Iterable[Document | DocumentInput],
    *,
    taxonomy: Taxonomy | None = None,
    similarity: bool = True,
    blind: bool = False,
) -> list[MatchResult]:
    """Score many resumes against one posting and order them best first.

    A resume that cannot be read gets a failed row (``ok=False``) at the end, so
    nothing is lost. ``rank`` on each row is its place (1 = best).
    """
    tax = _taxonomy(taxonomy)
    posting_doc = as_document(posting, kind="posting")
    extractor = get_extractor(taxonomy)
    posting_profile = extractor.extract(posting_doc)
    readable: list[tuple[int, Document, SkillProfile]] = []
    failed: list[tuple[int, MatchResult]] = []
    for index, resume in enumerate(resumes):
        try:
            document = as_document(resume, kind="resume", blind=blind)
            readable.append((index, document, extractor.extract(document)))
        except CvmatchError as exc:
            failed.append(
                (
                    index,
                    MatchResult(
                        source=_source_name(resume),
                        ok=False,
                        posting=posting_doc.source,
                        error=error_info(exc),
                    ),
                )
            )
    # similarity of each pair alone, so a score never depends on the other resumes
    sims = (
        [text_similarities(posting_doc.text, [d.text])[0] for _, d, _ in readable]
        if similarity
        else [None] * len(readable)
    )
    results = []
    for (index, document, profile), sim in zip(readable, sims, strict=True):
        results.append(
            (
                index,
                match_profiles(
                    profile,
                    posting_profile,
                    tax,
                    resume_document=document,
                    posting_document=posting_doc,
                    similarity=sim,
                ),
            )
        )
    results.sort(key=lambda pair: (-(pair[1].score or 0.0), pair[0]))
    ordered = [r for _, r in results] + [r for _, r in failed]
    for place, result in enumerate(ordered, start=1):
        if result.ok:
            result.rank = place
    return ordered


# --- many documents, nothing lost ------------------------------------------------------------
def error_info(exc: BaseException) -> ErrorInfo:
    """The contract's error object for an exception."""
    return ErrorInfo(type=type(exc).__name__, message=str(exc))


def _source_name(source: object) -> str:
    if isinstance(source, Document):
        return source.source
    if isinstance(source, (str, os.PathLike)):
        text = os.fspath(source)
        return text if len(text) < 200 and "\n" not in text else "<text>"
    return getattr(source, "name", None) or "<input>"


def extract_many(
    sources: Iterable[Document | DocumentInput],
    *,
    kind: DocumentKind | None = None,
    taxonomy: Taxonomy | None = None,
    blind: bool = False,
) -> Iterator[ExtractResult]:
    """One :class:`ExtractResult` per input, in input order; failures become failed rows."""
    extractor = get_extractor(taxonomy)
    for source in sources:
        try:
            document = as_document(source, kind=kind, blind=blind)
            profile = extractor.extract(document)
            yield ExtractResult.from_profile(profile)
        except CvmatchError as exc:
            yield ExtractResult(source=_source_name(source), ok=False, error=error_info(exc))


def score_many(
    sources: Iterable[Document | DocumentInput],
    *,
    kind: DocumentKind | None = None,
    roles: Sequence[str] | None = None,
    taxonomy: Taxonomy | None = None,
    blind: bool = False,
) -> Iterator[ScoreResult]:
    """One :class:`ScoreResult` per input, in input order; failures become failed rows."""
    for source in sources:
        try:
            yield score_document(source, kind=kind, roles=roles, taxonomy=taxonomy, blind=blind)
        except CvmatchError as exc:
            yield ScoreResult(source=_source_name(source), ok=False, error=error_info(exc))
