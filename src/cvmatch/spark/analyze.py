""":func:`analyze_postings_spark`: the tables of ``analyze_postings``, counted in Spark.

Each task counts the postings of its partition as ``analyze_postings`` would
(:mod:`cvmatch.spark.count`), and one ``groupBy`` adds the partitions' counts up; only
those sums come back to the driver, as the :class:`~cvmatch.analytics.aggregate.Aggregates`
a :class:`~cvmatch.analytics.PostingsAnalysis` builds every aggregate table from.
:func:`count_results` counts a DataFrame of results already made (e.g. read from Parquet).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import Any

from cvmatch.analytics.aggregate import STATUSES, UNASSIGNED, Aggregates
from cvmatch.analytics.analysis import PostingsAnalysis
from cvmatch.analytics.frame import Columns
from cvmatch.spark._runtime import TaxonomyShipment, require_pyspark
from cvmatch.spark.count import COUNT_DDL, aggregates_of, count_partition
from cvmatch.spark.extract import _check_columns, _extract
from cvmatch.spark.worker import Job
from cvmatch.taxonomy import TaxonomyArgument, resolve_taxonomy

__all__ = ["analyze_postings_spark", "count_postings", "count_results"]


def analyze_postings_spark(
    df: Any,
    text_col: str,
    *,
    id_col: str | None = None,
    salary_col: str | None = None,
    taxonomy: TaxonomyArgument = None,
    detect_roles: bool = True,
    batch_size: int = 64,
) -> PostingsAnalysis:
    """Analyse the postings of a Spark DataFrame: the same aggregate tables as
    :func:`~cvmatch.analyze_postings` of the same texts (skills overall and by role,
    requirement shares, pairs and lift, salary by skill, attribute counts).

    ``salary_col`` is read as :func:`~cvmatch.analytics.parse_salary` reads it. The work
    runs where the partitions are (one task per partition, so give at least a few
    partitions per core: ``df.repartition(n)`` when a file arrives as one); only the
    counts are collected. The per-posting results stay a lazy Spark DataFrame, the
    returned analysis' ``.results`` (``extract_skills_df``'s columns plus
    ``salary_value``, computed again if used), so ``.postings`` and ``.matrix`` are not
    available on it.
    """
    tax = resolve_taxonomy(taxonomy)
    job = Job(text_col, id_col, "posting", salary_col, detect_roles, batch_size)
    results = _extract(df, job, tax, check=True)
    return PostingsAnalysis.from_aggregates(count_postings(df, job, tax), tax, results=results)


def count_postings(df: Any, job: Job, taxonomy: TaxonomyArgument) -> Aggregates:
    """The counts of the postings of ``df``: each partition counted by its task (only
    the text and salary columns are sent to Python), the count rows summed by key."""
    sql = require_pyspark()
    f = sql.functions
    _check_columns(df, job, check=False)
    shipment = TaxonomyShipment(df.sparkSession, taxonomy)
    columns = Columns(text=job.text_col, salary=job.salary_col)
    wanted = [c for c in (job.text_col, job.salary_col) if c is not None]

    def run(batches: Iterator[Any]) -> Iterator[Any]:
        from pyspark import TaskContext

        context = TaskContext.get()
        partition = context.partitionId() if context is not None else 0
        yield from count_partition(batches, columns, shipment.get(), job, partition)

    counts = df.select(*wanted).mapInPandas(run, COUNT_DDL)
    sums = [f.sum(f"n{i}").alias(f"n{i}") for i in range(5)]
    summed = counts.groupBy("table", "a", "b", "x").agg(*sums, f.min("n0").alias("first"))
    return aggregates_of(summed.collect())


def count_results(results: Any) -> Aggregates:
    """The counts of a DataFrame of results (``extract_skills_df``'s columns, with
    ``salary_value`` if there are salaries), each table one ``groupBy``."""
    sql = require_pyspark()
    from pyspark import StorageLevel

    f = sql.functions
    salary = f.col("salary_value") if "salary_value" in results.columns else f.lit(None)
    slim = results.select(
        f.monotonically_increasing_id().alias("pid"),
        f.col("ok"),
        f.coalesce(f.col("role"), f.lit(UNASSIGNED)).alias("role"),
        salary.cast("double").alias("salary"),
        f.transform(
            "skills",
            lambda s: f.struct(
                s["id"].alias("id"),
                s["status"].alias("status"),
                s["required"].alias("required"),
                s["must_have"].alias("must_have"),
                s["attributes"].alias("attributes"),
            ),
        ).alias("skills"),
    ).persist(StorageLevel.MEMORY_AND_DISK)
    try:
        return _count(slim, f)
    finally:
        slim.unpersist()


def _count(slim: Any, f: Any) -> Aggregates:
    """The aggregate counts of the slim frame."""
    agg = Aggregates()
    ok = slim.where(f.col("ok"))
    agg.n_failed = slim.where(~f.col("ok")).count()
    for row in ok.groupBy("role").count().collect():
        agg.roles[row["role"]] = row["count"]
    agg.n_postings = sum(agg.roles.values())
    paid = ok.where(f.col("salary").isNotNull())
    for row in paid.groupBy("role", "salary").count().collect():
        agg.role_salaries.setdefault(row["role"], Counter())[row["salary"]] += row["count"]
        agg.salaries[row["salary"]] += row["count"]
    skills = ok.select("pid", "role", "salary", f.explode("skills").alias("s"))
    _count_skills(agg, skills, f)
    _count_pairs(agg, ok, f)
    _count_attributes(agg, skills, f)
    return agg


def _count_skills(agg: Aggregates, skills: Any, f: Any) -> None:
    """Postings per concept (by status, must-have), per concept and role, and salaries."""
    columns = [f.count("*").alias("postings")]
    columns += [f.sum(f.when(f.col("s.status") == s, 1).otherwise(0)).alias(s) for s in STATUSES]
    columns.append(f.sum(f.when(f.col("s.must_have"), 1).otherwise(0)).alias("must_have"))
    for row in skills.groupBy(f.col("s.id").alias("id")).agg(*columns).collect():
        agg.concepts[row["id"]] = [row["postings"], *(row[s] for s in STATUSES), row["must_have"]]
    for row in skills.groupBy(f.col("s.id").alias("id"), "role").count().collect():
        agg.by_role[(row["id"], row["role"])] = row["count"]
    paid = skills.where(f.col("salary").isNotNull())
    for row in paid.groupBy(f.col("s.id").alias("id"), "salary").count().collect():
        agg.skill_salaries.setdefault(row["id"], Counter())[row["salary"]] = row["count"]


def _count_pairs(agg: Aggregates, ok: Any, f: Any) -> None:
    """Postings per pair of concepts ``(a, b)``, ``a < b``."""
    ids = ok.select(f.array_distinct(f.col("skills.id")).alias("ids"))
    firsts = ids.select(f.explode("ids").alias("a"), "ids")
    pairs = firsts.select("a", f.explode(f.filter("ids", lambda x: x > f.col("a"))).alias("b"))
    for row in pairs.groupBy("a", "b").count().collect():
        agg.pairs[(row["a"], row["b"])] = row["count"]


def _count_attributes(agg: Aggregates, skills: Any, f: Any) -> None:
    """Postings naming each attribute value (and requiring it), and the names in order
    of first appearance."""
    values = skills.select(
        "pid", f.col("s.required").alias("required"), f.explode("s.attributes").alias("a")
    ).select("pid", "required", f.col("a.name").alias("name"), f.col("a.value").alias("value"))
    per_posting = values.groupBy("pid", "name", "value").agg(
        f.max(f.col("required").cast("int")).alias("required")
    )
    counted = per_posting.groupBy("name", "value").agg(
        f.count("*").alias("postings"), f.sum("required").alias("required")
    )
    for row in counted.collect():
        agg.attributes[(row["name"], row["value"])] = [row["postings"], row["required"]]
    firsts = values.groupBy("name").agg(f.min("pid").alias("first")).orderBy("first", "name")
    agg.attribute_order = {row["name"]: None for row in firsts.collect()}
