"""The recruiter's report: one self-contained HTML file for a posting and its applicants.

It shows the ranked candidates, each one's score with the lines it adds up from, the
evidence behind every matched requirement and the missing skills, the posting's own
requirements (required and preferred) and how the score is computed. It is rendered
with Jinja2 with autoescaping on, so everything taken from documents is escaped; it
links to no network asset, so it opens anywhere, also offline.

This module only renders what was computed before: the ranked results (read one at a
time, so memory does not grow with the number of candidates), the posting as read,
the closest role's title and the weights the scores used. :mod:`cvmatch.batch.report`
computes them and writes the file (``write_report``, ``render_report``).
"""

from __future__ import annotations

import datetime as _dt
import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Protocol

import jinja2
from markupsafe import Markup, escape

from cvmatch.explain.pages import html_environment
from cvmatch.explain.quotes import display, quote_in_context
from cvmatch.models import Document, Evidence, MatchResult, PostingRequirement, Skill, SkillProfile
from cvmatch.taxonomy.weights import Weights

__all__ = ["DEFAULT_DETAILS", "PostingView", "RankedResults", "report_chunks"]

#: How many of the best candidates get a detailed card (all get a row in the table).
DEFAULT_DETAILS = 50


class RankedResults(Protocol):
    """Match results best first, read as often as needed (a ``cvmatch.batch.Ranking``)."""

    @property
    def ok(self) -> int: ...
    @property
    def failed(self) -> int: ...
    def __len__(self) -> int: ...
    def __iter__(self) -> Iterator[MatchResult]: ...
    def top(self, n: int | None = None) -> Iterator[MatchResult]: ...
    def failures(self) -> Iterator[MatchResult]: ...
    def scores(self) -> list[float]: ...


@dataclass(frozen=True)
class PostingView:
    """The posting as the report shows it: the document, what it states, its closest role."""

    document: Document
    profile: SkillProfile
    role_title: str | None = None


@dataclass(frozen=True)
class _Requirement:
    id: str
    name: str
    group: str  # required | preferred | profile
    weight: float | None = None
    why: str = ""
    quote: str | None = None
    phrase: str | None = None


def _environment() -> jinja2.Environment:
    return html_environment(
        "cvmatch.explain",
        {
            "quote": _highlight,
            "marked": _marked,
            "basename": lambda path: os.path.basename(str(path)) or str(path),
            "pts": lambda value: "" if value is None else f"{value:.1f}",
            "pct": lambda value: "" if value is None else f"{100 * value:.0f}%",
        },
    )


def _marked(quote: str | None, phrase: str | None) -> Markup:
    """A quote on one line with its phrase marked; every piece escaped."""
    text = display(quote or phrase or "")
    said = display(phrase or "")
    at = text.lower().find(said.lower()) if said else -1
    if at < 0:
        return escape(text)
    end = at + len(said)
    return Markup("{}<mark>{}</mark>{}").format(text[:at], text[at:end], text[end:])


def _highlight(evidence: Evidence) -> Markup:
    """The evidence's sentence in whole words with the matched words marked."""
    return _marked(
        quote_in_context(evidence.context or evidence.text, evidence.text), evidence.text
    )


def _quote(skill: Skill | None) -> tuple[str | None, str | None]:
    """A posting skill's first mention, in whole words, and its words (no match at hand)."""
    if skill is None or not skill.evidence:
        return None, None
    evidence = skill.evidence[0]
    return quote_in_context(evidence.context or evidence.text, evidence.text), evidence.text


def _requirements(profile: SkillProfile, sample: MatchResult | None) -> list[_Requirement]:
    """The posting's requirements as a scored result lists them, heaviest first; when no
    candidate could be scored, what the posting states."""
    stated = {skill.id: skill for skill in profile.skills}
    rows: list[PostingRequirement] = [*sample.matched, *sample.missing] if sample else []
    found: list[_Requirement] = []
    for row in sorted(rows, key=lambda r: (-r.weight, r.id)):
        skill = stated.get(row.id)
        group = "required" if row.required else "preferred" if skill else "profile"
        quote, phrase = (row.quote, row.phrase) if row.quote else _quote(skill)
        found.append(
            _Requirement(row.id, row.name or row.id, group, row.weight, row.why, quote, phrase)
        )
    if not rows:  # no candidate could be read: list what the posting states
        for skill in profile.skills:
            group = "required" if skill.required else "preferred"
            quote, phrase = _quote(skill)
            found.append(_Requirement(skill.id, skill.name, group, quote=quote, phrase=phrase))
    return found


def _lines(sample: MatchResult | None) -> list[dict[str, Any]]:
    if sample is None:
        return []
    return [
        {"label": c.label, "kind": c.kind, "weight": c.weight, "detail": c.detail}
        for c in sample.contributions
    ]


def report_chunks(
    ranking: RankedResults,
    posting: PostingView,
    weights: Weights,
    *,
    details: int = DEFAULT_DETAILS,
    title: str | None = None,
    note: str | None = None,
) -> Iterator[str]:
    """The report's HTML, piece by piece, to be joined or written as it comes.

    Parameters
    ----------
    ranking
        The candidates' match results, best first.
    posting
        The posting, what it states and its closest role.
    weights
        The taxonomy's weights the scores were computed with (shown in the method).
    details
        How many of the best candidates get a detailed card.
    title, note
        The page title (default: the posting's), and a line shown at the top.
    """
    sample = next((r for r in ranking.top(1) if r.ok), None)
    document = posting.document
    scores = ranking.scores()
    template = _environment().get_template("report.html")
    return template.generate(
        title=title or f"Applicants for {document.title or document.source}",
        generated=_dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        posting=document,
        role_title=posting.role_title,
        requirements=_requirements(posting.profile, sample),
        lines=_lines(sample),
        total=len(ranking),
        ok=ranking.ok,
        failed=ranking.failed,
        best=scores[0] if scores else None,
        median=scores[len(scores) // 2] if scores else None,
        ranking=ranking,
        details=details,
        note=note,
        weights=weights.posting,
    )


def __getattr__(name: str) -> Any:
    # write_report and render_report compute (they read and score) and so moved to
    # cvmatch.batch.report; the old names keep working until every import points there.
    if name in ("write_report", "render_report"):
        from cvmatch.batch import report

        return getattr(report, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
