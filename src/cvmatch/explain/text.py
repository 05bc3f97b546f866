"""Plain-text and Markdown explanations of role fits and posting matches."""

from __future__ import annotations

from cvmatch.explain.quotes import display, quote_in_context
from cvmatch.explain.table import asked_as
from cvmatch.models import MatchResult, PostingRequirement, RoleFit, ScoreResult

__all__ = [
    "match_markdown",
    "resume_quote",
    "role_markdown",
    "role_summary",
    "salary_text",
    "score_markdown",
]


def salary_text(fit: RoleFit) -> str:
    """The role's salary range with its source, or a note that the guide gives none."""
    if fit.salary is None:
        return "no salary range given in the guide"
    s = fit.salary
    symbol = "$" if s.currency == "USD" else f"{s.currency} "
    return f"{symbol}{s.low:,}–{symbol}{s.high:,} per {s.period} ({s.source})"


def role_summary(fit: RoleFit) -> str:
    """The fit's one or two plain sentences (score, what is shown, what would help most).

    Scoring writes them when it builds the fit (``cvmatch.scoring.summary``), so every
    output format shows the same words; this returns them.
    """
    return fit.summary


def role_markdown(fit: RoleFit, *, evidence: bool = True) -> str:
    """A Markdown section for one role: score breakdown, evidence and missing skills."""
    lines = [
        f"### {fit.title} — {fit.score:.1f}/100",
        "",
        fit.summary,
        "",
        f"Salary: {salary_text(fit)}",
        "",
        "| line | weight | strength | points |",
        "|---|---:|---:|---:|",
    ]
    for c in fit.contributions:
        label = c.label + (f" ({c.importance})" if c.importance else "")
        lines.append(f"| {label} | {c.weight:.1f} | {c.strength:.2f} | {c.points:.1f} |")
    lines.append(f"| **total** | 100.0 | | **{fit.score:.1f}** |")
    if evidence and fit.matched:
        lines += ["", "**Evidence**", ""]
        for m in fit.matched:
            quotes = "; ".join(
                f"“{e.text}”" + (f" ({e.section})" if e.section else "") for e in m.evidence[:3]
            )
            lines.append(f"- {m.name or m.id}: {quotes}")
    if fit.missing:
        lines += ["", "**Missing, by what it would add**", ""]
        for m in fit.missing:
            lines.append(
                f"- **{m.name or m.id}** ({m.importance}, +{m.gain:.1f}): {m.why} "
                f"*How to show it:* {m.how_to_show}"
            )
    return "\n".join(lines)


def score_markdown(result: ScoreResult, *, top: int | None = None) -> str:
    """A Markdown report of every role fit for one document."""
    if not result.ok:
        return f"## {result.source}\n\nFailed: {result.error.message if result.error else ''}"
    head = [f"## {result.source} ({result.kind})", ""]
    if result.years_experience is not None:
        head += [f"Years of experience found: {result.years_experience:g}", ""]
    roles = result.roles[:top] if top else result.roles
    return "\n".join(head) + "\n\n".join(role_markdown(f) for f in roles)


def resume_quote(m: PostingRequirement) -> str:
    """The resume's words for a matched requirement: its best evidence in whole words."""
    if not m.evidence:
        return ""
    e = m.evidence[0]
    where = f" ({e.section})" if e.section else ""
    return f"“{display(quote_in_context(e.context or e.text, e.text))}”{where}"


def match_markdown(result: MatchResult) -> str:
    """A Markdown explanation of a resume-to-posting match: each requirement shown with
    the resume's words, each missing one with the posting's and what would show it."""
    if not result.ok:
        return f"## {result.source}\n\nFailed: {result.error.message if result.error else ''}"
    lines = [f"## {result.source} — {result.score:.1f}/100 for {result.posting}", ""]
    if result.matched:
        lines += ["**Shown:**", ""]
        lines += [f"- {m.name or m.id} ({asked_as(m)}): {resume_quote(m)}" for m in result.matched]
    if result.missing:
        lines += ["", "**Missing:**", ""]
        lines += [
            f"- {m.name or m.id} ({asked_as(m)}): {m.why} *How to show it:* {m.how_to_show}"
            for m in result.missing
        ]
    if result.partial:
        lines += ["", "**Shown, but not as the posting asks:**", ""]
        lines += [f"- {m.name or m.id} ({asked_as(m)}): {m.why}" for m in result.partial]
    return "\n".join(lines)
