"""The recruiter's report for a posting and its applicants, computed and written.

This reads the posting (when given as a path or text), ranks the results (when given in
any order), finds the posting's closest role, and hands all of it to the renderer,
:func:`cvmatch.explain.report.report_chunks`. The HTML is written as it is rendered, so
memory does not grow with the number of candidates.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from cvmatch.api import read_posting, score_document
from cvmatch.batch.ranking import Ranking
from cvmatch.explain.report import DEFAULT_DETAILS, PostingView, report_chunks
from cvmatch.models import Document, MatchResult, SkillProfile
from cvmatch.taxonomy import Taxonomy, load_taxonomy

__all__ = ["DEFAULT_DETAILS", "render_report", "write_report"]


@contextmanager
def _ranked(results: Ranking | Iterable[MatchResult]) -> Iterator[Ranking]:
    """``results`` as a ranking; one made here is closed (its spool file removed) after."""
    if isinstance(results, Ranking):
        yield results
        return
    ranking = Ranking(results)
    try:
        yield ranking
    finally:
        ranking.close()


def _posting_view(posting: Any, taxonomy: Taxonomy | None) -> PostingView:
    """The posting read (unless it already is), with the title of its closest role."""
    document, profile = _as_posting(posting, taxonomy)
    try:
        role = score_document(document, taxonomy=taxonomy).best
    except Exception:  # the report is still useful without the closest role
        role = None
    return PostingView(document, profile, role.title if role else None)


def _as_posting(posting: Any, taxonomy: Taxonomy | None) -> tuple[Document, SkillProfile]:
    if isinstance(posting, tuple):
        return posting
    return read_posting(posting, taxonomy=taxonomy)


def _chunks(
    ranking: Ranking,
    posting: Any,
    taxonomy: Taxonomy | None,
    details: int,
    title: str | None,
    note: str | None,
) -> Iterator[str]:
    view = _posting_view(posting, taxonomy)
    weights = (taxonomy or load_taxonomy()).weights
    return report_chunks(ranking, view, weights, details=details, title=title, note=note)


def render_report(
    results: Ranking | Iterable[MatchResult],
    posting: Any,
    *,
    taxonomy: Taxonomy | None = None,
    details: int = DEFAULT_DETAILS,
    title: str | None = None,
    note: str | None = None,
) -> str:
    """The report as one HTML string (see :func:`write_report`)."""
    with _ranked(results) as ranking:
        return "".join(_chunks(ranking, posting, taxonomy, details, title, note))


def write_report(
    path: str | os.PathLike[str],
    results: Ranking | Iterable[MatchResult],
    posting: Any,
    *,
    taxonomy: Taxonomy | None = None,
    details: int = DEFAULT_DETAILS,
    title: str | None = None,
    note: str | None = None,
) -> Path:
    """Write the HTML report for ``posting`` and its candidates to ``path``.

    Parameters
    ----------
    path
        The ``.html`` file to write.
    results
        A :class:`~cvmatch.batch.Ranking`, or match results in any order (ranked here).
    posting
        What :func:`cvmatch.api.read_posting` returned, or the posting itself.
    details
        How many of the best candidates get a detailed card.
    note
        A line shown at the top, e.g. that the batch was interrupted.
    """
    target = Path(path)
    with _ranked(results) as ranking:
        chunks = _chunks(ranking, posting, taxonomy, details, title, note)
        with open(target, "w", encoding="utf-8") as handle:
            for chunk in chunks:
                handle.write(chunk)
    return target
