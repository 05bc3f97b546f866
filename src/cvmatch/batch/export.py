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
from cvmatch.errors import InvalidInput, MissingDependency
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
        "matched",
        "missing_required",
        "missing",
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
        "error_type",
        "error",
    ],
    ExtractResult: ["source", "ok", "kind", "skills", "unmapped", "error_type", "error"],
}
COLUMNS[FailedMatch] = COLUMNS[MatchResult]
COLUMNS[FailedScore] = COLUMNS[ScoreResult]
COLUMNS[FailedExtract] = COLUMNS[ExtractResult]


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
def _error_cells(result: Result) -> Row:
    return {
        "error_type": result.error.type if result.error else "",
        "error": result.error.message if result.error else "",
    }


def _match_rows(result: MatchResult | FailedMatch) -> Iterator[Row]:
    shown = [m.id for m in result.matched if m.required]
    missing_required = [m.id for m in result.missing if m.required]
    yield {
        "rank": result.rank if result.rank is not None else "",
        "source": result.source,
        "ok": result.ok,
        "score": result.score if result.score is not None else "",
        "required_shown": len(shown) if result.ok else "",
        "required_total": len(shown) + len(missing_required) if result.ok else "",
        "matched": " ".join(m.id for m in result.matched),
        "missing_required": " ".join(missing_required),
        "missing": " ".join(m.id for m in result.missing),
        **_error_cells(result),
    }


def _score_rows(result: ScoreResult | FailedScore) -> Iterator[Row]:
    base = {"source": result.source, "ok": result.ok}
    if not result.roles:
        empty = dict.fromkeys(
            ("best_role", "best_score", "role", "score", "matched", "missing"), ""
        )
        yield {**base, "kind": result.kind or "", **empty, **_error_cells(result)}
    best = result.best
    for fit in result.roles:
        yield {
            **base,
            "kind": result.kind,
            "best_role": best.id if best else "",
            "best_score": best.score if best else "",
            "role": fit.id,
            "score": fit.score,
            "matched": " ".join(m.id for m in fit.matched),
            "missing": " ".join(m.id for m in fit.missing),
            **_error_cells(result),
        }


def _extract_rows(result: ExtractResult | FailedExtract) -> Iterator[Row]:
    yield {
        "source": result.source,
        "ok": result.ok,
        "kind": result.kind or "",
        "skills": " ".join(s.id for s in result.skills),
        "unmapped": "; ".join(result.unmapped),
        **_error_cells(result),
    }


_ROWS: dict[type, Any] = {
    MatchResult: _match_rows,
    FailedMatch: _match_rows,
    ScoreResult: _score_rows,
    FailedScore: _score_rows,
    ExtractResult: _extract_rows,
    FailedExtract: _extract_rows,
}


def result_rows(results: Iterable[Result]) -> Iterator[Row]:
    """Flat rows for a spreadsheet: one per resume match, per document x role for scores
    (one row for a failed document), one per document for extraction."""
    for result in results:
        rows = _ROWS.get(type(result))
        if rows is None:
            raise InvalidInput(f"expected cvmatch result models, got {type(result).__name__}")
        yield from rows(result)


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


def to_dataframe(results: Iterable[Result], *, model: type[Result] | None = None) -> Any:
    """A ``pandas.DataFrame`` with the same rows and columns as :func:`to_csv`.

    Needs pandas: ``pip install "cvmatch[pandas]"``.
    """
    try:
        import pandas as pd
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise MissingDependency('to_dataframe needs pandas: pip install "cvmatch[pandas]"') from exc
    rows = list(result_rows(results))
    columns = COLUMNS[model] if model else list(rows[0]) if rows else COLUMNS[MatchResult]
    return pd.DataFrame(rows, columns=columns)
