"""The HTML summary a :class:`~cvmatch.analytics.PostingsAnalysis` shows in Jupyter.

It reads only the analysis' public tables, so it never shows a number they do not.
"""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from cvmatch.analytics.analysis import PostingsAnalysis

__all__ = ["html_summary"]


def html_summary(analysis: PostingsAnalysis) -> str:
    """A sentence of sizes, then tables of the top skills, roles, pairs and attribute values."""
    failed = f", {analysis.n_failed} failed" if analysis.n_failed else ""
    parts = [
        "<div class='cvmatch-postings-analysis'>",
        f"<p><strong>Postings analysis</strong>: {analysis.n_postings} postings read"
        f"{failed}, {len(analysis.skills)} distinct skills, "
        f"{analysis.n_with_salary} with a salary.</p>",
    ]
    if analysis.n_postings:
        parts += _tables(analysis)
    parts.append("</div>")
    return "\n".join(parts)


def _tables(analysis: PostingsAnalysis) -> list[str]:
    """Top skills, closest roles, skills asked for together, most named attribute values."""
    skills = [
        [html.escape(str(r.name)), str(r.postings), f"{r.share:.0%}", f"{r.required_share:.0%}"]
        for r in analysis.skills.head(10).itertuples()
    ]
    roles = [
        [html.escape(str(r.title)), str(r.postings), f"{r.share:.0%}"]
        for r in analysis.roles.itertuples()
    ]
    parts = [
        "<p>Most demanded skills</p>",
        _table(["skill", "postings", "share", "required"], skills),
        "<p>Closest roles</p>",
        _table(["role", "postings", "share"], roles),
    ]
    pairs = analysis.pairs().head(5)
    if len(pairs):
        together = [
            [html.escape(f"{r.name_a} + {r.name_b}"), str(r.count), f"{r.lift:.2f}"]
            for r in pairs.itertuples()
        ]
        parts += [
            "<p>Skills asked for together</p>",
            _table(["skills", "postings", "lift"], together),
        ]
    values = analysis.attribute_counts().head(10)
    if len(values):
        named = [
            [html.escape(str(attribute)), html.escape(str(value)), str(row.postings)]
            for (attribute, value), row in zip(values.index, values.itertuples(), strict=True)
        ]
        parts += ["<p>Attribute values</p>", _table(["attribute", "value", "postings"], named)]
    return parts


def _table(header: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
