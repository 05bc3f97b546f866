"""Counting where the postings are: each partition's count rows, summed, are the counts of
``analyze_postings`` of all the postings; a posting that breaks the stream only counts as
failed; a DataFrame of many partitions and extra columns gives the same tables."""

from __future__ import annotations

import pytest

from cvmatch.analytics import PostingsAnalysis, analyze
from cvmatch.analytics.aggregate import Aggregates
from cvmatch.analytics.frame import Columns
from cvmatch.spark import analyze_postings_spark
from cvmatch.spark.count import aggregates_of, count_frame, count_partition
from cvmatch.spark.worker import Job
from cvmatch.taxonomy import load_taxonomy

from .test_analyze import assert_same_tables

pd = pytest.importorskip("pandas")

COLUMNS = Columns(text="text", salary="pay")


def summed(frames: list[pd.DataFrame]) -> list[dict]:
    """The count rows of several partitions added up by key, as Spark's ``groupBy`` does."""
    rows = pd.concat(frames, ignore_index=True)
    keys = ["table", "a", "b", "x"]
    sums = rows.groupby(keys, dropna=False)[[f"n{i}" for i in range(5)]].sum()
    firsts = rows.groupby(keys, dropna=False)["n0"].min().rename("first")
    out = sums.join(firsts).reset_index()
    out["x"] = out["x"].astype(object).where(out["x"].notna(), None)
    return out.to_dict("records")


def test_partitions_counted_apart_sum_to_the_librarys_counts(postings, library) -> None:
    taxonomy, job = load_taxonomy(), Job("text", salary_col="pay")
    parts = [postings.iloc[:11], postings.iloc[11:20], postings.iloc[20:]]
    frames = []
    for number, part in enumerate(parts):
        batches = [part.iloc[:5], part.iloc[5:]]  # two Arrow batches in a partition
        frames += list(count_partition(batches, COLUMNS, taxonomy, job, number))
    assert len(frames) == 3  # one frame of counts per partition, whatever its batches
    counted = PostingsAnalysis.from_aggregates(aggregates_of(summed(frames)), taxonomy)
    assert_same_tables(counted, library)
    assert list(counted.attribute_counts().index) == list(library.attribute_counts().index)


def test_an_empty_partition_counts_nothing() -> None:
    frame = next(count_partition([], COLUMNS, load_taxonomy(), Job("text"), 4))
    assert frame[["table", "n0", "n1"]].values.tolist() == [["n", 0, 0]]
    assert aggregates_of(summed([frame])) == Aggregates()
    assert list(count_frame(Aggregates(), {}).dtypes[4:]) == ["int64"] * 5


def test_a_posting_that_breaks_the_stream_only_counts_as_failed(monkeypatch, fragile) -> None:
    monkeypatch.setattr(analyze, "get_extractor", fragile(analyze.get_extractor))
    frame = pd.DataFrame(
        {
            "text": [
                "Call Centre Agent\n\nRequirements\n- Patience with upset callers.\n",
                "Agent\n\nThis text will explode the stream.\n",
                "Support Specialist\n\nReply to customer emails and live chat.\n",
                None,
            ],
            "pay": [None] * 4,
        }
    )
    counts = next(count_partition([frame], COLUMNS, load_taxonomy(), Job("text"), 0))
    agg = aggregates_of(summed([counts]))
    assert (agg.n_postings, agg.n_failed) == (2, 2) and agg.concepts


def test_many_partitions_and_extra_columns_give_the_same_tables(postings_df, library) -> None:
    wide = postings_df.withColumn("notes", postings_df["text"]).coalesce(1).repartition(5)
    assert wide.rdd.getNumPartitions() == 5
    analysis = analyze_postings_spark(wide, "text", salary_col="pay")
    assert_same_tables(analysis, library)
