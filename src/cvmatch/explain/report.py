"""The recruiter's report: one self-contained HTML file for a posting and its applicants.

It shows the ranked candidates, each one's score with the lines it adds up from, the
evidence behind every matched requirement and the missing skills, the posting's own
requirements (required and preferred) and how the score is computed. It is rendered
with Jinja2 with autoescaping on, so everything taken from documents is escaped; it
links to no network asset, so it opens anywhere, also offline.

The candidates are read from a :class:`cvmatch.batch.Ranking` (or any iterable of
match results, which is ranked first) and the HTML is written as it is rendered, so
memory does not grow with the number of candidates.
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from cvmatch.api import read_posting, score_document
from cvmatch.batch.pool import Ranking
from cvmatch.models import Document, MatchResult, PostingRequirement, SkillProfile
from cvmatch.scoring import roles as scoring
from cvmatch.taxonomy import IMPORTANCE_WEIGHTS, Taxonomy

__all__ = ["DEFAULT_DETAILS", "render_report", "write_report"]

#: How many of the best candidates get a detailed card (all get a row in the table).
DEFAULT_DETAILS = 50


@dataclass
class _Requirement:
    id: str
    name: str
    group: str  # required | preferred | profile
    weight: float | None = None
    why: str = ""
    quote: str | None = None


@dataclass
class _Context:
    posting: Document
    role_title: str | None
    requirements: list[_Requirement]
    lines: list[dict[str, Any]] = field(default_factory=list)


def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("cvmatch.explain", "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["quote"] = _highlight
    env.filters["basename"] = lambda path: os.path.basename(str(path)) or str(path)
    env.filters["pts"] = lambda value: "" if value is None else f"{value:.1f}"
    env.filters["pct"] = lambda value: "" if value is None else f"{100 * value:.0f}%"
    return env


def _highlight(evidence: Any) -> Markup:
    """The evidence's context with the matched words marked; every piece escaped."""
    context, text = evidence.context or evidence.text, evidence.text
    at = context.lower().find(text.lower()) if text else -1
    if at < 0:
        return escape(context)
    end = at + len(text)
    return Markup("{}<mark>{}</mark>{}").format(context[:at], context[at:end], context[end:])


def _requirements(
    posting: tuple[Document, SkillProfile], sample: MatchResult | None
) -> list[_Requirement]:
    _, profile = posting
    stated = {skill.id: skill for skill in profile.skills}
    rows: list[PostingRequirement] = [*sample.matched, *sample.missing] if sample else []
    found: list[_Requirement] = []
    for row in sorted(rows, key=lambda r: (-r.weight, r.id)):
        skill = stated.get(row.id)
        group = "required" if row.required else "preferred" if skill else "profile"
        found.append(
            _Requirement(row.id, row.name or row.id, group, row.weight, row.why, _quote(skill))
        )
    if not rows:  # no candidate could be read: list what the posting states
        for skill in profile.skills:
            found.append(
                _Requirement(
                    skill.id,
                    skill.name,
                    "required" if skill.required else "preferred",
                    quote=_quote(skill),
                )
            )
    return found


def _quote(skill: Any) -> str | None:
    if skill is None or not skill.evidence:
        return None
    evidence = skill.evidence[0]
    return evidence.context or evidence.text


def _context(
    ranking: Ranking, posting: tuple[Document, SkillProfile], taxonomy: Taxonomy | None
) -> _Context:
    sample = next((r for r in ranking.top(1) if r.ok), None)
    try:
        role = score_document(posting[0], taxonomy=taxonomy).best
    except Exception:  # the report is still useful without the closest role
        role = None
    context = _Context(
        posting=posting[0],
        role_title=role.title if role else None,
        requirements=_requirements(posting, sample),
    )
    if sample:
        context.lines = [
            {"label": c.label, "kind": c.kind, "weight": c.weight, "detail": c.detail}
            for c in sample.contributions
        ]
    return context


def _render(
    ranking: Ranking,
    posting: tuple[Document, SkillProfile],
    *,
    taxonomy: Taxonomy | None,
    details: int,
    title: str | None,
    note: str | None,
) -> Iterator[str]:
    context = _context(ranking, posting, taxonomy)
    template = _environment().get_template("report.html")
    scores = ranking.scores()
    return template.generate(
        title=title or f"Applicants for {posting[0].title or posting[0].source}",
        generated=_dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        posting=context.posting,
        role_title=context.role_title,
        requirements=context.requirements,
        lines=context.lines,
        total=len(ranking),
        ok=ranking.ok,
        failed=ranking.failed,
        best=scores[0] if scores else None,
        median=scores[len(scores) // 2] if scores else None,
        ranking=ranking,
        details=details,
        note=note,
        weights=getattr(scoring, "POSTING_WEIGHTS", None),
        importance=IMPORTANCE_WEIGHTS,
    )


def _as_ranking(results: Ranking | Iterable[MatchResult]) -> tuple[Ranking, bool]:
    if isinstance(results, Ranking):
        return results, False
    return Ranking(results), True


def _as_posting(posting: Any, taxonomy: Taxonomy | None) -> tuple[Document, SkillProfile]:
    if isinstance(posting, tuple):
        return posting
    return read_posting(posting, taxonomy=taxonomy)


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
    ranking, own = _as_ranking(results)
    try:
        return "".join(
            _render(
                ranking,
                _as_posting(posting, taxonomy),
                taxonomy=taxonomy,
                details=details,
                title=title,
                note=note,
            )
        )
    finally:
        if own:
            ranking.close()


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
    ranking, own = _as_ranking(results)
    target = Path(path)
    try:
        chunks = _render(
            ranking,
            _as_posting(posting, taxonomy),
            taxonomy=taxonomy,
            details=details,
            title=title,
            note=note,
        )
        with open(target, "w", encoding="utf-8") as handle:
            for chunk in chunks:
                handle.write(chunk)
    finally:
        if own:
            ranking.close()
    return target
