"""Results out: JSON Lines (the output contract), CSV and a pandas ``DataFrame``.

Each writer takes results as they come, so a batch of any size streams through it,
and flushes after each, so an interrupted batch leaves a valid file.
"""

from __future__ import annotations

import csv
import json
import os
from collections.abc import Iterable, Iterator
from typing import IO, Any

from cvmatch.batch.job import Result
from cvmatch.batch.longrows import LONG_COLUMNS, error_cells, long_rows, with_failed
from cvmatch.errors import InvalidInput, MissingDependency
from cvmatch.explain.table import EXPLAINED_DTYPES, EXPLAINED_JOIN, explained_cells
from cvmatch.models import (
    ExtractResult,
    FailedExtract,
    FailedMatch,
    FailedScore,
    MatchResult,
    ScoreResult,
)

__all__ = [
    "COLUMNS",
    "LONG_COLUMNS",
    "JsonWriter",
    "ResultCsvWriter",
    "result_rows",
    "to_csv",
    "to_dataframe",
    "to_jsonl",
]

Row = dict[str, Any]

COLUMNS: dict[type, list[str]] = {
    MatchResult: [
        "rank",
        "source",
        "ok",
        "score",
        "required_shown",
        "required_total",
        "meets_must_haves",
        "unmet_must_haves",
        "matched",
        "matched_names",
        "missing_required",
        "missing",
        "missing_names",
        "missing_why",
        "missing_how",
        "partial",
        "partial_why",
        "warnings",
        "error_type",
        "error",
    ],
    ScoreResult: [
        "source",
        "ok",
        "kind",
        "best_role",
        "best_score",
        "role",
        "score",
        "matched",
        "missing",
        "warnings",
        "error_type",
        "error",
    ],
    ExtractResult: [
        "source",
        "ok",
        "kind",
        "skills",
        "unmapped",
        "warnings",
        "error_type",
        "error",
    ],
}
COLUMNS = with_failed(COLUMNS)


# --- JSON Lines -----------------------------------------------------------------------------
class JsonWriter:
    """Write results as JSON Lines (one ``model_dump(mode="json")`` a line), or as one
    JSON array streamed item by item (``array=True``; call :meth:`close` to end it)."""

    def __init__(self, file: IO[str], *, array: bool = False) -> None:
        self.file = file
        self.array = array
        self.count = 0

    def write(self, result: Result) -> None:
        """Write one result and flush."""
        data = result.model_dump(mode="json")
        if self.array:
            body = json.dumps(data, ensure_ascii=False, indent=2).replace("\n", "\n  ")
            self.file.write(("[\n  " if self.count == 0 else ",\n  ") + body)
        else:
            self.file.write(json.dumps(data, ensure_ascii=False) + "\n")
        self.count += 1
        self.file.flush()

    def close(self) -> None:
        """End the JSON array (nothing to do for JSON Lines)."""
        if self.array:
            self.file.write("[]\n" if self.count == 0 else "\n]\n")
            self.file.flush()


def to_jsonl(results: Iterable[Result], path: str | os.PathLike[str] | IO[str]) -> int:
    """Write results as JSON Lines, the output contract, as they come; returns the count."""
    if isinstance(path, (str, os.PathLike)):
        with open(path, "w", encoding="utf-8", newline="") as handle:
            return to_jsonl(results, handle)
    writer = JsonWriter(path)
    for result in results:
        writer.write(result)
    return writer.count


# --- spreadsheet rows -----------------------------------------------------------------------
# Rows are built once with their real values (lists, numbers, ``None`` for missing);
# the CSV writes them as cells (lists space-joined, ``None`` empty) and the DataFrame
# keeps them as they are, with nullable dtypes.
def _match_rows(result: MatchResult | FailedMatch) -> Iterator[Row]:
    shown = [m.id for m in result.matched if m.required]
    missing_required = [m.id for m in result.missing if m.required]
    partial_required = [m.id for m in result.partial if m.required]
    yield {
        "rank": result.rank,
        "source": result.source,
        "ok": result.ok,
        "score": result.score,
        "required_shown": len(shown) if result.ok else None,
        "required_total": (
            len(shown) + len(missing_required) + len(partial_required) if result.ok else None
        ),
        "meets_must_haves": result.meets_must_haves,
        "unmet_must_haves": list(result.unmet_must_haves),
        "matched": [m.id for m in result.matched],
        "missing_required": missing_required,
        "missing": [m.id for m in result.missing],
        "partial": [m.id for m in result.partial],
        **explained_cells(result),
        **error_cells(result),
    }


def _score_rows(result: ScoreResult | FailedScore) -> Iterator[Row]:
    base = {"source": result.source, "ok": result.ok}
    if not result.roles:
        empty = dict.fromkeys(("best_role", "best_score", "role", "score"))
        yield {
            **base,
            "kind": result.kind,
            **empty,
            "matched": [],
            "missing": [],
            **error_cells(result),
        }
    best = result.best
    for fit in result.roles:
        yield {
            **base,
            "kind": result.kind,
            "best_role": best.id if best else None,
            "best_score": best.score if best else None,
            "role": fit.id,
            "score": fit.score,
            "matched": [m.id for m in fit.matched],
            "missing": [m.id for m in fit.missing],
            **error_cells(result),
        }


def _extract_rows(result: ExtractResult | FailedExtract) -> Iterator[Row]:
    yield {
        "source": result.source,
        "ok": result.ok,
        "kind": result.kind,
        "skills": [s.id for s in result.skills],
        "unmapped": list(result.unmapped),
        **error_cells(result),
    }


_ROWS: dict[type, Any] = {
    MatchResult: _match_rows,
    FailedMatch: _match_rows,
    ScoreResult: _score_rows,
    FailedScore: _score_rows,
    ExtractResult: _extract_rows,
    FailedExtract: _extract_rows,
}


def typed_rows(results: Iterable[Result]) -> Iterator[Row]:
    """The rows of :func:`result_rows` with their values as they are: lists of concept ids,
    numbers, and ``None`` where a value is missing (what :func:`to_dataframe` is built from)."""
    for result in results:
        rows = _ROWS.get(type(result))
        if rows is None:
            raise InvalidInput(f"expected cvmatch result models, got {type(result).__name__}")
        yield from rows(result)


#: How a list is written in a CSV cell: concept ids joined by a space; skills-list
#: items (free text, may hold spaces) by "; ".
_CSV_JOIN = {"unmapped": "; ", "warnings": "; ", **EXPLAINED_JOIN}


#: What a spreadsheet takes as the start of a formula (OWASP, "CSV injection").
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def _csv_cell(column: str, value: Any) -> Any:
    """A cell as the CSV writes it: lists joined, ``None`` empty, and text that a
    spreadsheet would run as a formula (a file name or skills line such as
    ``=HYPERLINK(...)``) prefixed with ``'``, as OWASP recommends; numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, list):
        value = _CSV_JOIN.get(column, " ").join(value)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def result_rows(results: Iterable[Result]) -> Iterator[Row]:
    """Flat rows for a spreadsheet: one per resume match, per document x role for scores
    (one row for a failed document), one per document for extraction. Cells are as the
    CSV writes them: lists joined into one string, missing values ``""``."""
    for row in typed_rows(results):
        yield {column: _csv_cell(column, value) for column, value in row.items()}


# --- CSV and DataFrame ----------------------------------------------------------------------
class ResultCsvWriter:
    """Write results as CSV rows as they come, flushing after each, so an interrupted
    batch leaves a valid file. The columns follow the first result's type (or ``model``)."""

    def __init__(
        self, file: IO[str], model: type[Result] | None = None, *, flush: bool = True
    ) -> None:
        self.file = file
        self.flush = flush
        self._writer: csv.DictWriter[str] | None = None
        if model is not None:
            self._start(model)

    def _start(self, model: type) -> csv.DictWriter[str]:
        self._writer = csv.DictWriter(self.file, fieldnames=COLUMNS[model], lineterminator="\n")
        self._writer.writeheader()
        return self._writer

    def write(self, result: Result) -> None:
        """Write the row(s) of one result."""
        writer = self._writer or self._start(type(result))
        writer.writerows(result_rows([result]))
        if self.flush:
            self.file.flush()


def to_csv(
    results: Iterable[Result],
    path: str | os.PathLike[str] | IO[str],
    *,
    model: type[Result] | None = None,
) -> int:
    """Write results to a CSV file (or an open text file) as they come; returns the count.

    Pass a :class:`~cvmatch.batch.Ranking` to write match results best first.
    """
    if isinstance(path, (str, os.PathLike)):
        with open(path, "w", encoding="utf-8", newline="") as handle:
            return to_csv(results, handle, model=model)
    count = 0
    writer = ResultCsvWriter(path, model)
    for result in results:
        writer.write(result)
        count += 1
    if count == 0 and model is None:
        ResultCsvWriter(path, MatchResult)
    return count


def to_dataframe(
    results: Iterable[Result], *, model: type[Result] | None = None, long: bool = False
) -> Any:
    """A ``pandas.DataFrame`` of results, with real dtypes.

    By default it has the rows and columns of :func:`to_csv`, but the values keep their
    types: concept ids as lists (``matched``, ``missing``, ``skills``, ...), numbers as
    nullable numbers (``score`` is ``Float64``, ``rank`` ``Int64``: a failed document
    is ``<NA>`` there, never ``""``, so one failure does not turn a column into
    objects), text as ``string`` and missing values as ``pd.NA``.

    With ``long=True`` the lists become rows (a tidy table): one row per match
    requirement (``concept``, ``status`` ``"matched"``/``"missing"``, ``required``),
    per document x role x requirement for scores (``status``, ``importance``), or per
    skill found for extraction (``name``, ``category``, ``required``, ``evidence``
    count, ``attributes`` dict such as ``{"languages": [...]}``). A document with none
    (or a failed one) keeps one row with ``concept`` ``<NA>``, so nothing is lost.

    Needs pandas: ``pip install "cvmatch[pandas]"``.
    """
    try:
        import pandas as pd
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise MissingDependency('to_dataframe needs pandas: pip install "cvmatch[pandas]"') from exc
    results = list(results)
    first = model or (type(results[0]) if results else MatchResult)
    if first not in COLUMNS:
        raise InvalidInput(f"expected cvmatch result models, got {first.__name__}")
    if long:
        rows, columns = list(long_rows(results)), LONG_COLUMNS[first]
    else:
        rows, columns = list(typed_rows(results)), COLUMNS[first]
    data = {
        column: _frame_column(pd, [row.get(column) for row in rows], _DTYPES.get(column))
        for column in columns
    }
    return pd.DataFrame(data, columns=columns, index=pd.RangeIndex(len(rows)))


def _frame_column(pd: Any, values: list[Any], dtype: str | None) -> Any:
    """One column: a nullable pandas array of ``dtype``, or objects (lists, dicts) as they are."""
    if dtype is None:
        import numpy as np

        column = np.empty(len(values), dtype=object)
        for i, value in enumerate(values):  # one by one: equal-length lists must not broadcast
            column[i] = value
        return column
    return pd.array(values, dtype=dtype)


#: The DataFrame dtype of each scalar column (lists and dicts stay objects).
_DTYPES = {
    "rank": "Int64",
    "source": "string",
    "ok": "boolean",
    "score": "Float64",
    "meets_must_haves": "string",
    "required_shown": "Int64",
    "required_total": "Int64",
    "kind": "string",
    "best_role": "string",
    "best_score": "Float64",
    "role": "string",
    "error_type": "string",
    "error": "string",
    "concept": "string",
    "name": "string",
    "category": "string",
    "status": "string",
    "required": "boolean",
    **EXPLAINED_DTYPES,
    "importance": "string",
    "evidence": "Int64",
}
