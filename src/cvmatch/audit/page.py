"""The audit as one self-contained HTML page, in the style of the recruiter's report.

It states what was computed (the selection rule, the counts, the method) before the
tables, and what the audit is not after them. Rendered by Jinja2 with autoescaping on
and no network asset, so it opens anywhere; it names no applicant, only groups.
"""

from __future__ import annotations

import datetime as _dt
from fractions import Fraction

import jinja2

from cvmatch.audit.impact import Audit
from cvmatch.audit.notes import LIMITS, METHOD, audit_notes, table_notes
from cvmatch.explain.pages import html_environment

__all__ = ["render_audit_page"]


def _rate(value: Fraction | None) -> str:
    return "-" if value is None else f"{float(value):.4f}"


def _pct(value: Fraction | None) -> str:
    return "" if value is None else f"{100 * float(value):.1f}%"


def _environment() -> jinja2.Environment:
    return html_environment("cvmatch.audit", {"rate": _rate, "pct": _pct})


def render_audit_page(
    audit: Audit, *, results: str = "", groups: str = "", title: str | None = None
) -> str:
    """The page's HTML; ``results`` and ``groups`` name the files the audit was run on."""
    flagged = sum(1 for table in audit.tables for row in table.rows if row.flagged)
    template = _environment().get_template("audit.html")
    return template.render(
        title=title or "Selection rates and impact ratios",
        generated=_dt.datetime.now().strftime("%Y-%m-%d %H:%M"),
        audit=audit,
        results=results or "the results given",
        groups=groups or "the groups given",
        flagged=flagged,
        notes=audit_notes(audit),
        table_notes=table_notes,
        method=METHOD,
        limits=LIMITS,
    )
