"""Results in: the applicants of an audit, from result models or from what the CLI wrote.

An audit needs, per document, its key (``source``: the path, or the pseudonymous id of a
blind run), whether it was read, its score and, for a ranking, its place. They come from
the library's result models (``ScoreResult``/``MatchResult`` rows, a ``Ranking``), from a
pandas ``DataFrame`` of :func:`cvmatch.batch.export.to_dataframe`, or from a file that
``cvmatch score``, ``match`` or ``rank`` wrote: JSON Lines, a JSON array, or CSV.
``score`` results hold a score per role, so one role is picked (``role``).
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cvmatch.errors import InvalidInput

__all__ = ["Applicant", "load_results"]

Row = Mapping[str, Any]
#: A CSV cell the export prefixed with ``'`` so that a spreadsheet does not run it.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


@dataclass(frozen=True)
class Applicant:
    """One document of the results: its key, its score (``None`` when it could not be
    read) and its place in a ranking when the results were ranked."""

    key: str
    score: float | None
    rank: int | None = None
    error_type: str | None = None

    @property
    def ok(self) -> bool:
        """Whether the document was read and scored."""
        return self.score is not None


def load_results(results: Any, *, role: str | None = None) -> list[Applicant]:
    """The applicants of ``results``: a path (JSON Lines, JSON or CSV), a pandas
    ``DataFrame``, or an iterable of result models or of row dicts.

    ``role`` picks the role of ``score`` results (one score per role and document); it may
    be left out when they hold a single role. A key that appears twice is an error.
    """
    if isinstance(results, (str, os.PathLike)):
        rows: Iterable[Row] = _file_rows(Path(results))
        where = str(results)
    elif hasattr(results, "to_dict") and hasattr(results, "columns"):
        frame = results.astype(object).where(results.notna(), None)
        rows, where = frame.to_dict("records"), "the DataFrame"
    else:
        rows, where = (_model_row(item) for item in results), "the results"
    applicants = _applicants(list(rows), role, where)
    if not applicants:
        raise InvalidInput(
            f"{where} hold no results: give what cvmatch score, match or rank wrote for the "
            "applicants to audit"
        )
    _check_unique(applicants, where)
    return applicants


# --- files ----------------------------------------------------------------------------------
def _file_rows(path: Path) -> list[Row]:
    """The rows of a results file, as JSON objects or CSV dicts."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise InvalidInput(
            f"cannot read the results {path} ({exc.strerror or exc}): give the JSON Lines or "
            "CSV file that cvmatch score, match or rank wrote"
        ) from exc
    start = text.lstrip()[:1]
    if path.suffix.lower() == ".csv" or start not in ("{", "["):
        return [_unprotect(row) for row in csv.DictReader(io.StringIO(text, newline=""))]
    if start == "[":
        return list(_json(text, path, 0))
    return [_json(line, path, n) for n, line in enumerate(text.split("\n"), 1) if line.strip()]


def _json(text: str, path: Path, line: int) -> Any:
    """One JSON value of the file; what is not JSON is an error naming the line."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        where = f"line {line or exc.lineno}"
        raise InvalidInput(
            f"{path}: {where} is not JSON; give the JSON Lines that cvmatch score, match or "
            "rank wrote (--format jsonl)"
        ) from exc


def _unprotect(row: dict[str, str]) -> dict[str, str]:
    """A CSV row with the export's formula guard (a leading ``'``) taken off the key."""
    source = row.get("source") or ""
    if source.startswith("'") and source[1:].startswith(_FORMULA_START):
        return {**row, "source": source[1:]}
    return row


# --- rows -----------------------------------------------------------------------------------
def _model_row(item: Any) -> Row:
    """A result model as the JSON it is written as; dicts pass as they are."""
    if isinstance(item, Mapping):
        return item
    dump = getattr(item, "model_dump", None)
    if dump is None:
        raise InvalidInput(
            f"expected cvmatch score or match results, got {type(item).__name__}: pass the "
            "results of score_resume/match/rank, or the file the CLI wrote"
        )
    return dump(mode="json")


def _applicants(rows: list[Row], role: str | None, where: str) -> list[Applicant]:
    """Applicants from rows of any of the forms (JSON of score or match, CSV of both)."""
    if any("roles" in row for row in rows):
        return list(_score_json(rows, role, where))
    if any(row.get("role") not in (None, "") for row in rows):
        return list(_score_table(rows, role, where))
    if role is not None and rows:
        raise InvalidInput(
            f"{where}: --role/role= picks the role of `cvmatch score` results; these hold "
            "one score per document (match or rank results), so leave it out"
        )
    return [_applicant(row, row.get("score"), where) for row in rows]


def _score_json(rows: list[Row], role: str | None, where: str) -> Iterator[Applicant]:
    """``score`` JSON: the picked role's score of each read document."""
    found = {fit["id"] for row in rows for fit in row.get("roles") or ()}
    chosen = _chosen_role(found, role, where)
    for row in rows:
        fits = {fit["id"]: fit.get("score") for fit in row.get("roles") or ()}
        if _is_ok(row) and chosen not in fits:
            raise InvalidInput(
                f"{where}: {row.get('source')!r} has no score for role {chosen!r}; score every "
                "document with the same roles"
            )
        yield _applicant(row, fits.get(chosen), where)


def _score_table(rows: list[Row], role: str | None, where: str) -> Iterator[Applicant]:
    """``score`` CSV (a row per document and role, one row for a failed document)."""
    chosen = _chosen_role({row["role"] for row in rows if row.get("role")}, role, where)
    for row in rows:
        if not _is_ok(row):
            yield _applicant(row, None, where)
        elif row.get("role") == chosen:
            yield _applicant(row, row.get("score"), where)


def _chosen_role(found: set[str], role: str | None, where: str) -> str:
    """The role to audit: the one asked for, or the only one the results hold."""
    if not found:  # no document was read: nothing to choose from
        return role or ""
    if role is None and len(found) == 1:
        return next(iter(found))
    if role is None:
        raise InvalidInput(
            f"{where} are `cvmatch score` results with a score for each of "
            f"{len(found)} roles; choose the role to audit with --role (role= in the "
            f"library): {', '.join(sorted(found))}"
        )
    if role not in found:
        raise InvalidInput(
            f"{where}: no scores for role {role!r}; the results hold "
            f"{', '.join(sorted(found)) or 'no role at all'}"
        )
    return role


def _is_ok(row: Row) -> bool:
    """Whether the row is of a document that was read (JSON true, CSV "True")."""
    ok = row.get("ok")
    return ok is True or str(ok).strip().lower() == "true"


def _applicant(row: Row, score: Any, where: str) -> Applicant:
    """One applicant; a read document must have a number as its score."""
    key = row.get("source")
    if key in (None, ""):
        raise InvalidInput(
            f"{where}: a row has no source; give the results cvmatch wrote, with their "
            "source column"
        )
    error = row.get("error")
    error_type = row.get("error_type") or (error.get("type") if isinstance(error, dict) else None)
    if not _is_ok(row):
        return Applicant(str(key), None, None, str(error_type or "failed"))
    try:
        value = float(score)
    except (TypeError, ValueError) as exc:
        raise InvalidInput(
            f"{where}: {key!r} was read but has no score ({score!r}); give the results of "
            "cvmatch score, match or rank"
        ) from exc
    rank = row.get("rank")
    return Applicant(str(key), value, int(rank) if rank not in (None, "") else None)


def _check_unique(applicants: list[Applicant], where: str) -> None:
    """Each document once: a key seen twice would be counted twice."""
    seen: set[str] = set()
    for applicant in applicants:
        if applicant.key in seen:
            raise InvalidInput(
                f"{where}: {applicant.key!r} appears more than once; audit the results of "
                "one run, where each document has one row"
            )
        seen.add(applicant.key)
