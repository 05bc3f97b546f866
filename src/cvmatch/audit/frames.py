"""An audit as pandas ``DataFrame`` objects, one per table (pandas is imported only here)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from cvmatch.audit.notes import audit_notes, table_notes
from cvmatch.errors import MissingDependency

if TYPE_CHECKING:
    from cvmatch.audit.impact import Audit, CategoryTable

__all__ = ["audit_frames"]

#: The columns of each frame and their nullable dtypes.
FRAME_COLUMNS = {
    "applicants": "Int64",
    "failed": "Int64",
    "scored": "Int64",
    "selected": "Int64",
    "selection_rate": "Float64",
    "impact_ratio": "Float64",
    "flag": "boolean",
    "excluded": "string",
    "failure_rate": "Float64",
}


def _pandas() -> Any:
    try:
        import pandas as pd
    except ImportError as exc:
        raise MissingDependency(
            'impact_ratios returns pandas DataFrames: pip install "cvmatch[pandas]" (or use '
            "selection_audit, which needs no pandas)"
        ) from exc
    return pd


def _number(value: Any) -> float | None:
    return None if value is None else float(value)


def _frame(pd: Any, table: CategoryTable, audit: Audit) -> Any:
    """One table's frame, indexed by group (a MultiIndex for an intersection)."""
    cells: dict[str, list[Any]] = {column: [] for column in FRAME_COLUMNS}
    for row in table.rows:
        cells["applicants"].append(row.applicants)
        cells["failed"].append(row.failed)
        cells["scored"].append(row.scored)
        cells["selected"].append(row.selected)
        cells["selection_rate"].append(_number(row.rate))
        cells["impact_ratio"].append(_number(row.ratio))
        cells["flag"].append(row.flagged)
        cells["excluded"].append(row.excluded)
        cells["failure_rate"].append(_number(row.failure_rate))
    labels = [row.labels for row in table.rows]
    if len(table.columns) == 1:
        index = pd.Index([ls[0] for ls in labels], name=table.columns[0], dtype=object)
    else:
        index = pd.MultiIndex.from_tuples(labels, names=list(table.columns))
    data = {c: pd.array(v, dtype=FRAME_COLUMNS[c]) for c, v in cells.items()}
    frame = pd.DataFrame(data, index=index)
    frame.attrs.update(
        category=table.name,
        selection=audit.selection.description,
        highest_rate=_number(table.highest),
        excluded_under_2_percent=table.excluded("under 2%"),
        excluded_unknown=table.excluded("unknown"),
        notes=[*table_notes(table), *audit_notes(audit)],
    )
    return frame


def audit_frames(audit: Audit) -> dict[str, Any]:
    """``{table name: DataFrame}`` in the order of the audit's tables."""
    pd = _pandas()
    return {table.name: _frame(pd, table, audit) for table in audit.tables}
