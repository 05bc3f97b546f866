"""An audit out: flat rows (CSV), a JSON document, and a table for people to read."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import IO, Any

from cvmatch.audit.impact import Audit, CategoryTable, GroupRow
from cvmatch.audit.notes import LIMITS, METHOD, audit_notes, table_notes

__all__ = ["ROW_COLUMNS", "audit_json", "audit_rows", "audit_text", "write_csv", "write_json"]

#: The columns of the CSV, one row per group of every table.
ROW_COLUMNS = [
    "category",
    "group",
    "applicants",
    "failed",
    "scored",
    "selected",
    "selection_rate",
    "impact_ratio",
    "flag",
    "excluded",
    "failure_rate",
]


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def _row(table: CategoryTable, row: GroupRow) -> dict[str, Any]:
    return {
        "category": table.name,
        "group": row.group,
        "applicants": row.applicants,
        "failed": row.failed,
        "scored": row.scored,
        "selected": row.selected,
        "selection_rate": _number(row.rate),
        "impact_ratio": _number(row.ratio),
        "flag": row.flagged,
        "excluded": row.excluded,
        "failure_rate": _number(row.failure_rate),
    }


def audit_rows(audit: Audit) -> Iterator[dict[str, Any]]:
    """One flat row per group of every table, in table order."""
    for table in audit.tables:
        for row in table.rows:
            yield _row(table, row)


def audit_json(audit: Audit) -> dict[str, Any]:
    """The whole audit as JSON-ready data: selection, tables, notes, method and limits."""
    selection = audit.selection
    return {
        "selection": {
            "rule": selection.rule,
            "value": selection.value,
            "selected": selection.selected,
            "scored": selection.scored,
            "tied": selection.tied,
            "by_rank": selection.by_rank,
            "description": selection.description,
        },
        "role": audit.role,
        "by": list(audit.join.by),
        "applicants": audit.applicants,
        "failed": audit.failed,
        "tables": [
            {
                "category": table.name,
                "columns": list(table.columns),
                "highest_rate": _number(table.highest),
                "rows": [_row(table, row) for row in table.rows],
                "notes": table_notes(table),
            }
            for table in audit.tables
        ],
        "notes": audit_notes(audit),
        "method": METHOD,
        "limits": LIMITS,
    }


def write_csv(audit: Audit, out: IO[str]) -> None:
    """The flat rows as CSV (empty cells where a ratio is not computed)."""
    writer = csv.DictWriter(out, fieldnames=ROW_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in audit_rows(audit):
        writer.writerow({k: "" if v is None else v for k, v in row.items()})


def write_json(audit: Audit, out: IO[str]) -> None:
    """The audit as one JSON document."""
    out.write(json.dumps(audit_json(audit), ensure_ascii=False, indent=2) + "\n")


def _fraction(value: Any) -> str:
    return "-" if value is None else f"{float(value):.4f}"


def _text_rows(table: CategoryTable) -> list[list[str]]:
    rows = [["group", "applicants", "failed", "scored", "selected", "rate", "ratio", ""]]
    for row in table.rows:
        mark = "< 0.8" if row.flagged else f"not in ratios: {row.excluded}" if row.excluded else ""
        rows.append(
            [
                row.group,
                str(row.applicants),
                str(row.failed),
                str(row.scored),
                str(row.selected),
                _fraction(row.rate),
                _fraction(row.ratio),
                mark,
            ]
        )
    return rows


def audit_text(audit: Audit) -> str:
    """The audit as plain text: each table aligned, then the notes and the limits."""
    lines = []
    for table in audit.tables:
        rows = _text_rows(table)
        widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
        lines.append(f"{table.name} (highest rate {_fraction(table.highest)})")
        for cells in rows:
            first = cells[0].ljust(widths[0])
            rest = [c.rjust(w) for c, w in zip(cells[1:-1], widths[1:-1], strict=True)]
            lines.append("  " + "  ".join([first, *rest, cells[-1]]).rstrip())
        lines.extend(f"  {note}" for note in table_notes(table))
        lines.append("")
    lines.extend(audit_notes(audit))
    lines.extend(["", LIMITS])
    return "\n".join(lines) + "\n"
