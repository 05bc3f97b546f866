""":func:`extract_skills_df`: a Spark DataFrame of texts in, the same rows with typed
skills, requirement status, attribute values, evidence and closest role out."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from cvmatch.errors import InvalidInput
from cvmatch.spark._runtime import TaxonomyShipment, ensure_python, require_pyspark
from cvmatch.spark.schema import result_fields
from cvmatch.spark.worker import OUTPUT_COLUMNS, Job, extract_batch
from cvmatch.taxonomy import TaxonomyArgument

__all__ = ["extract_skills_df"]


def extract_skills_df(
    df: Any,
    text_col: str,
    *,
    id_col: str | None = None,
    kind: str = "posting",
    taxonomy: TaxonomyArgument = None,
    detect_roles: bool = True,
    batch_size: int = 64,
) -> Any:
    """The rows of ``df`` with the skills found in ``text_col`` as typed columns.

    Added columns: ``doc_title`` (the title found in the text), ``skills`` (an array of
    structs: ``id``, ``name``, ``category``, ``status`` and ``required`` and
    ``must_have`` for postings, ``attributes`` as ``{name, value}``, ``evidence`` as
    ``{text, start, end, section}`` offsets into the text), ``role`` and ``role_score``
    (the closest role, null when none fits), ``in_scope``, and ``ok``, ``error_type``,
    ``error_message``. A text that cannot be read (null, empty, not a string, too long)
    gives ``ok = false`` and its error; the job never fails for a posting.

    Runs lazily through ``mapInPandas`` (Arrow batches); each Python worker builds the
    extractor once and keeps it for every batch it is given. ``id_col`` names each row's
    ``source`` in error messages. The taxonomy is broadcast to the executors once.
    """
    return _extract(
        df, Job(text_col, id_col, kind, None, detect_roles, batch_size), taxonomy, check=True
    )


def _extract(df: Any, job: Job, taxonomy: TaxonomyArgument, *, check: bool) -> Any:
    """The lazy ``mapInPandas`` of :func:`extract_skills_df` (with ``salary_value`` when
    ``job.salary_col`` is set)."""
    require_pyspark()
    ensure_python()
    _check_columns(df, job, check)
    if kind_invalid(job.kind):
        raise InvalidInput(f"kind must be 'posting' or 'resume', not {job.kind!r}")
    from pyspark.sql.types import StructType

    shipment = TaxonomyShipment(df.sparkSession, taxonomy)
    schema = StructType(list(df.schema.fields) + result_fields(bool(job.salary_col)))

    def run(batches: Iterator[Any]) -> Iterator[Any]:
        taxonomy = shipment.get()
        for frame in batches:
            yield extract_batch(frame, job, taxonomy)

    return df.mapInPandas(run, schema)


def kind_invalid(kind: object) -> bool:
    """Whether ``kind`` is neither ``"posting"`` nor ``"resume"``."""
    return kind not in ("posting", "resume")


def _check_columns(df: Any, job: Job, check: bool) -> None:
    """Refuse unknown columns, and input columns the results would overwrite."""
    for name in (job.text_col, job.id_col, job.salary_col):
        if name is not None and name not in df.columns:
            raise InvalidInput(
                f"{name!r} is not a column of the DataFrame (columns: {', '.join(df.columns)})"
            )
    clash = sorted(set(df.columns) & {*OUTPUT_COLUMNS, "salary_value"}) if check else []
    if clash:
        raise InvalidInput(
            f"the DataFrame already has column(s) {', '.join(clash)} that the results add; "
            "rename them first (df.withColumnRenamed)"
        )
