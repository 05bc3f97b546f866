"""Long (tidy) rows: one row per requirement or skill, for ``to_dataframe(long=True)``."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from cvmatch.batch.job import Result
from cvmatch.errors import InvalidInput
from cvmatch.explain.table import EXPLAINED_LONG
from cvmatch.models import (
    ExtractResult,
    FailedExtract,
    FailedMatch,
    FailedScore,
    MatchResult,
    ScoreResult,
)

__all__ = ["LONG_COLUMNS", "error_cells", "long_rows", "with_failed"]

Row = dict[str, Any]


def error_cells(result: Result) -> Row:
    """The cells every row ends with: the document's warnings and, if it failed, why."""
    return {
        "warnings": list(result.warnings),
        "error_type": result.error.type if result.error else None,
        "error": result.error.message if result.error else None,
    }


_ERROR = ["error_type", "error"]
#: The columns of ``to_dataframe(..., long=True)`` for each result type.
LONG_COLUMNS: dict[type, list[str]] = {
    MatchResult: [
        "rank",
        "source",
        "ok",
        "score",
        "concept",
        "name",
        "status",
        "required",
        *EXPLAINED_LONG,
        *_ERROR,
    ],
    ScoreResult: [
        "source",
        "ok",
        "kind",
        "best_role",
        "best_score",
        "role",
        "score",
        "concept",
        "name",
        "status",
        "importance",
        *_ERROR,
    ],
    ExtractResult: [
        "source",
        "ok",
        "kind",
        "concept",
        "name",
        "category",
        "required",
        "evidence",
        "attributes",
        *_ERROR,
    ],
}


def with_failed(columns: dict[type, list[str]]) -> dict[type, list[str]]:
    """``columns`` with each failed result type given the columns of its read type, so
    that a failed row has the same columns as a read one."""
    failed = {MatchResult: FailedMatch, ScoreResult: FailedScore, ExtractResult: FailedExtract}
    return columns | {failed[model]: names for model, names in columns.items()}


LONG_COLUMNS = with_failed(LONG_COLUMNS)


def _long_match(result: MatchResult | FailedMatch) -> Iterator[Row]:
    base = {"rank": result.rank, "source": result.source, "ok": result.ok, "score": result.score}
    base |= error_cells(result)
    yield from _requirement_rows(
        base, result.matched, result.missing, "required", *EXPLAINED_LONG, partial=result.partial
    )


def _requirement_rows(
    base: Row,
    matched: Iterable[Any],
    missing: Iterable[Any],
    *extras: str,
    partial: Iterable[Any] = (),
) -> Iterator[Row]:
    """One row per matched, missing or partly shown requirement (``base`` alone when there
    are none); ``extras`` name the requirement attributes that get their own column."""
    lines = [("matched", m) for m in matched] + [("missing", m) for m in missing]
    lines += [("partial", m) for m in partial]
    if not lines:
        yield base
    for status, requirement in lines:
        yield {
            **base,
            "concept": requirement.id,
            "name": requirement.name,
            "status": status,
            **{extra: getattr(requirement, extra) for extra in extras},
        }


def _long_score(result: ScoreResult | FailedScore) -> Iterator[Row]:
    best = result.best
    base = {"source": result.source, "ok": result.ok, "kind": result.kind}
    base |= {"best_role": best.id if best else None, "best_score": best.score if best else None}
    base |= error_cells(result)
    if not result.roles:
        yield base
    for fit in result.roles:
        role = {**base, "role": fit.id, "score": fit.score}
        yield from _requirement_rows(role, fit.matched, fit.missing, "importance")


def _long_extract(result: ExtractResult | FailedExtract) -> Iterator[Row]:
    base = {"source": result.source, "ok": result.ok, "kind": result.kind}
    base |= error_cells(result)
    if not result.skills:
        yield base
    for skill in result.skills:
        yield {
            **base,
            "concept": skill.id,
            "name": skill.name,
            "category": skill.category,
            "required": skill.required,
            "evidence": len(skill.evidence),
            "attributes": {key: list(values) for key, values in skill.attributes.items()},
        }


_LONG: dict[type, Any] = {
    MatchResult: _long_match,
    FailedMatch: _long_match,
    ScoreResult: _long_score,
    FailedScore: _long_score,
    ExtractResult: _long_extract,
    FailedExtract: _long_extract,
}


def long_rows(results: Iterable[Result]) -> Iterator[Row]:
    """One row per list item (requirement or skill) of each result; see :func:`to_dataframe`."""
    for result in results:
        rows = _LONG.get(type(result))
        if rows is None:
            raise InvalidInput(f"expected cvmatch result models, got {type(result).__name__}")
        yield from rows(result)
