"""Per-posting results as plain records, one row each, to save, ship and analyse anywhere.

A result row holds what a :class:`~cvmatch.analytics.PostingsAnalysis` needs of a posting
and what a pipeline wants to keep: ``source``, ``title``, ``salary``, ``skills`` (a list
of structs: ``id``, ``name``, ``category``, ``status``, ``required``, ``must_have``,
``attributes`` as ``{name, value}`` pairs and ``evidence`` as ``{text, start, end,
section}``), the closest ``role`` with ``role_score`` and ``in_scope``, and ``ok``,
``error_type``, ``error_message``. ``cvmatch.spark.extract_skills_df`` makes these
columns; :meth:`PostingsAnalysis.results_frame` writes them;
:meth:`PostingsAnalysis.from_results` reads them back (a DataFrame or a Parquet path).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from os import PathLike
from typing import Any

from cvmatch.analytics.aggregate import STATUSES
from cvmatch.analytics.analysis import PostingRow, PostingsAnalysis
from cvmatch.analytics.frame import is_missing, require_pandas
from cvmatch.errors import InvalidInput
from cvmatch.models import Document, SkillProfile
from cvmatch.scoring import in_scope, score_roles
from cvmatch.taxonomy import Taxonomy

__all__ = [
    "RESULT_COLUMNS",
    "analysis_from_results",
    "closest_role",
    "failed_record",
    "result_record",
    "results_frame",
]

#: The columns of a per-posting result row, in order.
RESULT_COLUMNS = (
    "source",
    "title",
    "salary",
    "skills",
    "role",
    "role_score",
    "in_scope",
    "ok",
    "error_type",
    "error_message",
)


def closest_role(
    profile: SkillProfile, taxonomy: Taxonomy, document: Document
) -> tuple[str | None, float | None, bool | None]:
    """The role a posting is closest to, its score and whether the posting is in scope;
    no role when it has no skills, is out of scope or scores 0 for every role."""
    scope = in_scope(profile, taxonomy, document) if profile.skills else None
    if not profile.skills or scope is False:
        return None, None, scope
    best = score_roles(profile, taxonomy, document)[0]
    if best.score > 0:
        return best.id, float(best.score), scope
    return None, None, scope


def result_record(
    source: str,
    document: Document,
    profile: SkillProfile,
    taxonomy: Taxonomy,
    *,
    title: str | None = None,
    salary: float | None = None,
    detect_roles: bool = True,
) -> dict[str, Any]:
    """The result row of a posting that was read."""
    role, score, scope = (
        closest_role(profile, taxonomy, document) if detect_roles else (None, None, None)
    )
    posting = document.kind == "posting"  # a resume's skills have no requirement status
    skills = [
        {
            "id": s.id,
            "name": s.name,
            "category": s.category,
            "status": s.status or "unspecified" if posting else None,
            "required": bool(s.required) if posting else None,
            "must_have": bool(s.must_have) if posting else None,
            "attributes": _attribute_pairs(s.attributes),
            "evidence": [
                {"text": e.text, "start": e.start, "end": e.end, "section": e.section}
                for e in s.evidence
            ],
        }
        for s in profile.skills
    ]
    return _record(source, title or document.title, salary, skills, role, score, scope)


def failed_record(
    source: str, error_type: str, message: str, *, title: str | None = None, salary: Any = None
) -> dict[str, Any]:
    """The result row of a posting that could not be read."""
    record = _record(source, title, salary, [], None, None, None)
    record.update(ok=False, error_type=error_type, error_message=message)
    return record


def _record(
    source: str,
    title: str | None,
    salary: float | None,
    skills: list[dict[str, Any]],
    role: str | None,
    score: float | None,
    scope: bool | None,
) -> dict[str, Any]:
    return {
        "source": source,
        "title": title,
        "salary": salary,
        "skills": skills,
        "role": role,
        "role_score": score,
        "in_scope": scope,
        "ok": True,
        "error_type": None,
        "error_message": None,
    }


def _attribute_pairs(attributes: Mapping[str, Any]) -> list[dict[str, str]]:
    pairs: list[dict[str, str]] = []
    for name, values in attributes.items():
        listed = values if isinstance(values, (list, tuple)) else [values]
        pairs += [{"name": name, "value": str(v)} for v in listed]
    return pairs


# --- rows <-> frames ---------------------------------------------------------------------------
def results_frame(rows: list[PostingRow], index: Any, taxonomy: Taxonomy) -> Any:
    """The result rows of an analysis' per-posting rows (no evidence: the analysis kept
    none), indexed like :attr:`PostingsAnalysis.postings`."""
    pd = require_pandas()
    records = [_row_record(r, taxonomy) for r in rows]
    return pd.DataFrame.from_records(records, columns=list(RESULT_COLUMNS), index=index)


def _row_record(row: PostingRow, taxonomy: Taxonomy) -> dict[str, Any]:
    if row.error is not None:
        kind, _, message = row.error.partition(": ")
        return failed_record(row.source, kind, message, title=row.title, salary=row.salary)
    required, hard = set(row.required), set(row.must_have)
    statuses = row.statuses or tuple(
        "required" if c in required else "preferred" for c in row.skills
    )
    skills = []
    for concept_id, status in zip(row.skills, statuses, strict=True):
        concept = taxonomy.concepts.get(concept_id)
        skills.append(
            {
                "id": concept_id,
                "name": concept.name if concept else concept_id,
                "category": concept.category if concept else None,
                "status": status,
                "required": concept_id in required,
                "must_have": concept_id in hard,
                "attributes": [
                    {"name": a, "value": v} for c, a, v in row.attributes if c == concept_id
                ],
                "evidence": [],
            }
        )
    return _record(row.source, row.title, row.salary, skills, row.role, row.role_score, None)


def analysis_from_results(
    results: Any, taxonomy: Taxonomy, *, id_column: str | None = None
) -> PostingsAnalysis:
    """A :class:`PostingsAnalysis` of result rows: a pandas DataFrame or a Parquet path
    (a file, or a folder of parts as Spark writes). ``source`` is ``id_column``, else a
    ``source`` column, else the row's label; the salary is ``salary_value`` (Spark's),
    else ``salary`` read by :func:`~cvmatch.analytics.parse_salary`."""
    pd = require_pandas()
    if isinstance(results, (str, PathLike)):
        results = pd.read_parquet(results)
    if not isinstance(results, pd.DataFrame):
        raise InvalidInput(
            f"from_results takes a pandas DataFrame or a Parquet path, not {type(results)!r}"
        )
    missing = [c for c in ("skills", "ok", id_column) if c and c not in results.columns]
    if missing:
        raise InvalidInput(
            f"the results have no {', '.join(missing)} column; give rows in the shape of "
            "cvmatch.spark.extract_skills_df or PostingsAnalysis.results_frame"
        )
    ids = results.get(id_column or "source", None)
    sources = [str(v) for v in (results.index if ids is None else ids)]
    salaries = _salaries(results)
    records = results.to_dict("records")
    rows = [_posting_row(i, r, sources[i], salaries[i]) for i, r in enumerate(records)]
    return PostingsAnalysis(rows, taxonomy, index=results.index)


def _salaries(results: Any) -> list[float | None]:
    """Each row's salary: Spark's ``salary_value``, else the ``salary`` column parsed."""
    from cvmatch.analytics.salary import parse_salary

    for column in ("salary_value", "salary"):
        if column in results.columns:
            return [parse_salary(_value(v)) for v in results[column].tolist()]
    return [None] * len(results)


def _posting_row(
    position: int, record: Mapping[str, Any], source: str, salary: float | None
) -> PostingRow:
    """The per-posting row of one result record."""
    title = _value(record.get("title", record.get("doc_title")))
    if not bool(record["ok"]):
        error = f"{_value(record.get('error_type'))}: {_value(record.get('error_message'))}"
        return PostingRow(position, source, title, None, None, salary, (), (), error)
    skills = list(_listed(record["skills"]))
    role, score = _value(record.get("role")), _value(record.get("role_score"))
    return PostingRow(
        position=position,
        source=source,
        title=title,
        role=role,
        role_score=None if score is None else float(score),
        salary=salary,
        skills=tuple(s["id"] for s in skills),
        required=tuple(s["id"] for s in skills if s["required"]),
        error=None,
        attributes=tuple(
            (s["id"], a["name"], a["value"]) for s in skills for a in _listed(s["attributes"])
        ),
        statuses=tuple(_status(s["status"]) for s in skills),
        must_have=tuple(s["id"] for s in skills if s["must_have"]),
    )


def _status(value: Any) -> str:
    if value not in STATUSES:
        raise InvalidInput(f"unknown requirement status {value!r}; use one of {STATUSES}")
    return str(value)


def _listed(value: Any) -> Iterable[Any]:
    """A list column's value (a list, or the numpy array Parquet gives) as an iterable."""
    return () if value is None else value


def _value(value: Any) -> Any:
    """A cell's value, with every kind of missing (None, NaN, NA) as ``None``."""
    return None if value is None or (not isinstance(value, str) and is_missing(value)) else value
