""":func:`score_resumes_df` and :func:`match_df`: the ``score`` and ``match`` JSON Lines
contract as Spark columns, for recruiting pipelines on a cluster.

Each adds the contract's main fields as typed columns and the whole line as
``result_json`` (the ``model_dump`` of the library's result, as the CLI prints it), so
nothing of the contract is lost; a resume that cannot be read gives ``ok = false`` and
``error`` (``type``, ``message``), never a failed job.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from typing import Any

from cvmatch.errors import InvalidInput
from cvmatch.spark._runtime import TaxonomyShipment, ensure_python, require_pyspark
from cvmatch.taxonomy import Taxonomy, TaxonomyArgument

__all__ = ["match_df", "score_resumes_df"]

_ERROR = "error struct<type: string, message: string>, result_json string"
_SCORE_DDL = (
    "ok boolean, kind string, in_scope boolean, roles array<struct<id: string, "
    "title: string, score: double, matched: array<struct<id: string, importance: string>>, "
    "missing: array<struct<id: string, importance: string, why: string, how_to_show: string>>, "
    "salary: struct<low: double, high: double, currency: string, source: string>>>, " + _ERROR
)
_REQUIREMENT = "array<struct<id: string, required: boolean, status: string, must_have: boolean>>"
_MATCH_DDL = (
    f"ok boolean, score double, matched {_REQUIREMENT}, missing {_REQUIREMENT}, "
    "meets_must_haves string, " + _ERROR
)


def score_resumes_df(
    df: Any,
    text_col: str,
    *,
    id_col: str | None = None,
    roles: list[str] | None = None,
    taxonomy: TaxonomyArgument = None,
) -> Any:
    """The rows of ``df`` with each resume text in ``text_col`` scored against the roles
    (as ``cvmatch score --format jsonl``): ``ok``, ``kind``, ``in_scope``, ``roles`` (best
    first: ``id``, ``title``, ``score``, ``matched``, ``missing``, ``salary``), ``error``
    and ``result_json``."""
    selected = list(roles) if roles else None

    def score(text: str, source: str, taxonomy: Taxonomy) -> dict[str, Any]:
        from cvmatch.api import score_document
        from cvmatch.reading import read_text

        document = read_text(text, kind="resume", name=source)
        return score_document(document, roles=selected, taxonomy=taxonomy).model_dump(mode="json")

    return _map(df, text_col, id_col, taxonomy, _SCORE_DDL, score)


def match_df(
    resumes_df: Any,
    posting: str,
    text_col: str,
    *,
    id_col: str | None = None,
    taxonomy: TaxonomyArgument = None,
    similarity: bool = True,
) -> Any:
    """The rows of ``resumes_df`` with each resume in ``text_col`` matched against one
    posting (its text), as ``cvmatch match --format jsonl``: ``ok``, ``score``,
    ``matched`` and ``missing`` (``id``, ``required``, ``status``, ``must_have``),
    ``meets_must_haves``, ``error`` and ``result_json``. Each worker reads the posting once."""
    if not isinstance(posting, str) or not posting.strip():
        raise InvalidInput("match_df needs the posting's text as a non-empty string")
    key = hashlib.sha256(posting.encode("utf-8")).hexdigest()

    def match(text: str, source: str, taxonomy: Taxonomy) -> dict[str, Any]:
        from cvmatch.api import match as match_one
        from cvmatch.reading import read_text

        prepared = _posting(key, posting, taxonomy)
        resume = read_text(text, kind="resume", name=source)
        result = match_one(resume, prepared, taxonomy=taxonomy, similarity=similarity)
        return result.model_dump(mode="json")

    return _map(resumes_df, text_col, id_col, taxonomy, _MATCH_DDL, match)


_POSTINGS: dict[tuple[str, str], Any] = {}


def _posting(key: str, text: str, taxonomy: Taxonomy) -> Any:
    """The posting read and analysed once per worker (and taxonomy)."""
    cache_key = (key, taxonomy.content_hash)
    if cache_key not in _POSTINGS:
        from cvmatch.api import read_posting
        from cvmatch.reading import read_text

        _POSTINGS.clear()
        document = read_text(text, kind="posting", name="posting")
        _POSTINGS[cache_key] = read_posting(document, taxonomy=taxonomy)
    return _POSTINGS[cache_key]


def _map(
    df: Any,
    text_col: str,
    id_col: str | None,
    taxonomy: TaxonomyArgument,
    ddl: str,
    one: Callable[[str, str, Taxonomy], dict[str, Any]],
) -> Any:
    """``mapInPandas`` of ``one`` over the texts, adding the columns of ``ddl``."""
    sql = require_pyspark()
    ensure_python()
    for name in (text_col, id_col):
        if name is not None and name not in df.columns:
            raise InvalidInput(f"{name!r} is not a column of the DataFrame")
    added = sql.types.StructType.fromDDL(ddl)
    clash = sorted(set(df.columns) & set(added.fieldNames()))
    if clash:
        raise InvalidInput(f"the DataFrame already has column(s) {', '.join(clash)}; rename them")
    shipment = TaxonomyShipment(df.sparkSession, taxonomy)
    names = added.fieldNames()

    def run(batches: Iterator[Any]) -> Iterator[Any]:
        tax = shipment.get()
        for frame in batches:
            texts = frame[text_col].tolist()
            ids = frame[id_col].tolist() if id_col else [None] * len(texts)
            lines = [
                _line(t, "<text>" if i is None else str(i), tax, one)
                for t, i in zip(texts, ids, strict=True)
            ]
            out = frame.copy()
            for name in names:
                out[name] = [line.get(name) for line in lines]
            yield out

    return df.mapInPandas(run, sql.types.StructType(list(df.schema.fields) + list(added.fields)))


def _line(
    text: Any, source: str, taxonomy: Taxonomy, one: Callable[[str, str, Taxonomy], dict[str, Any]]
) -> dict[str, Any]:
    """One result line, or a failed line with the error's type and message."""
    from cvmatch.analytics.frame import is_missing

    try:
        if not isinstance(text, str) and not is_missing(text):
            raise InvalidInput(f"{source}: the text column holds a {type(text).__name__}, not text")
        line = one("" if is_missing(text) else text, source, taxonomy)
    except Exception as exc:  # a resume's error goes in its row, never out of the job
        line = {
            "source": source,
            "ok": False,
            "error": {"type": type(exc).__name__, "message": str(exc)},
        }
    line["result_json"] = json.dumps(line, ensure_ascii=False)
    return line
