"""Postings per second of ``cvmatch.spark`` in local mode against ``analyze_postings``.

Usage::

    python bench/spark.py ../shared/data/postings [-n 2000] [--masters local[1],local[2]]

N postings are taken from the ``*.csv`` files in DATA (Adzuna's ``FullDescription``,
LinkedIn's ``description``; repeated with ids made unique when there are fewer) and
written to one Parquet file. Then, in the same run, on the same texts:

- ``analyze_postings(n_jobs=2)`` on the pandas frame (two worker processes);
- per Spark master: ``extract_skills_df`` read from that Parquet and written back to
  Parquet (every posting extracted), and ``analyze_postings_spark`` on the Parquet.

Times are wall clock (Spark's work runs in other processes); the Spark session's start
is printed apart and not counted. A busy machine slows every step alike.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

TEXT = ("FullDescription", "description", "text", "Description")
IDENT = ("Id", "job_id", "id")


def _texts(folder: Path) -> Iterator[tuple[str, str]]:
    """(id, text) of every posting with a text in the folder's CSV files, file by file."""
    csv.field_size_limit(sys.maxsize)
    for path in sorted(folder.glob("*.csv")):
        with path.open(newline="", encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                text = next((row[c] for c in TEXT if row.get(c)), None)
                ident = next((row[c] for c in IDENT if row.get(c)), None)
                if text:
                    yield f"{path.stem}:{ident}", text


def postings(folder: Path, n: int):
    """A pandas frame of ``n`` postings (``id``, ``text``), ids unique on repeats."""
    import pandas as pd

    first = list(itertools.islice(_texts(folder), n))
    if not first:
        raise SystemExit(f"no postings with a text column in {folder}/*.csv")
    rows = [
        (f"{ident}#{i // len(first)}", text)
        for i, (ident, text) in zip(range(n), itertools.cycle(first), strict=False)
    ]
    return pd.DataFrame(rows, columns=["id", "text"])


def timed(label: str, n: int, work) -> float:
    """Run ``work()``, print postings/s of wall time, return the seconds."""
    started = time.perf_counter()
    work()
    seconds = time.perf_counter() - started
    print(f"{label:<48} {seconds:8.1f} s  {n / seconds:8.1f} postings/s", flush=True)
    return seconds


def run_spark(master: str, parquet: str, out: str, n: int) -> None:
    """The two Spark measurements under one master, in a session of its own."""
    from cvmatch.spark import analyze_postings_spark, extract_skills_df, session

    started = time.perf_counter()
    spark = session(
        master,
        "cvmatch-bench",
        **{"spark.ui.enabled": "false", "spark.sql.shuffle.partitions": "4"},
    )
    spark.sparkContext.setLogLevel("ERROR")
    print(f"{master}: session started in {time.perf_counter() - started:.1f} s", flush=True)
    try:
        frame = spark.read.parquet(parquet)
        timed(
            f"extract_skills_df {master} (Parquet in and out)",
            n,
            lambda: (
                extract_skills_df(frame, "text", id_col="id").write.mode("overwrite").parquet(out)
            ),
        )
        written = spark.read.parquet(out)
        print(f"  rows out {written.count()} of {n}, failed {written.where('not ok').count()}")
        timed(
            f"analyze_postings_spark {master}",
            n,
            lambda: analyze_postings_spark(frame, "text", id_col="id").skills,
        )
    finally:
        spark.stop()


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, help="a folder of postings CSV files")
    parser.add_argument("-n", type=int, default=2000, help="postings to run (default 2000)")
    parser.add_argument(
        "--masters", default="local[2]", help="Spark masters, comma-separated (default local[2])"
    )
    args = parser.parse_args(argv)
    import cvmatch

    frame = postings(args.data, args.n)
    with tempfile.TemporaryDirectory(prefix="cvmatch-bench-spark-") as tmp:
        parquet = str(Path(tmp) / "postings.parquet")
        frame.to_parquet(parquet)
        print(f"{len(frame)} postings written to Parquet", flush=True)
        timed(
            "analyze_postings(n_jobs=2)",
            len(frame),
            lambda: cvmatch.analyze_postings(
                frame, text_column="text", id_column="id", n_jobs=2, progress=False
            ),
        )
        for master in args.masters.split(","):
            run_spark(master.strip(), parquet, str(Path(tmp) / "results"), len(frame))


if __name__ == "__main__":
    main()
