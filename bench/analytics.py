"""Throughput and peak memory of ``cvmatch.analyze_postings`` on folders of postings CSVs.

Usage::

    python bench/analytics.py ../shared/data/postings
    python bench/analytics.py ../shared/data/postings --repeat 40      # ~100k postings
    python bench/analytics.py ../shared/data/postings --tracemalloc    # Python heap peak too

Every ``*.csv`` in DATA_DIR is streamed row by row (``csv.DictReader``, never loaded
whole) into its own analysis, so salaries in different currencies are not mixed. The
text, title, id and salary columns are recognised by name: Adzuna's ``FullDescription``
/ ``SalaryNormalized`` and LinkedIn's ``description`` / ``min_salary`` + ``max_salary``
+ ``pay_period`` (made yearly). Prints postings/s per file and overall, peak resident
memory, and how much it grew after the extractor was built (streaming keeps it flat).
"""

from __future__ import annotations

import argparse
import csv
import gc
import resource
import sys
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import cvmatch
from cvmatch.analytics import parse_salary
from cvmatch.extract import get_extractor

TEXT = ("FullDescription", "description", "text", "Description")
TITLE = ("Title", "title")
IDENT = ("Id", "job_id", "id")
PERIODS = {"YEARLY": 1, "MONTHLY": 12, "BIWEEKLY": 26, "WEEKLY": 52, "HOURLY": 2080}


def peak_rss_mib() -> float:
    """Peak resident set size of this process so far, in MiB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def current_rss_mib() -> float:
    try:
        with open("/proc/self/statm") as handle:
            pages = int(handle.read().split()[1])
        return pages * resource.getpagesize() / (1024 * 1024)
    except OSError:  # not Linux
        return float("nan")


def _first(fields: list[str], names: tuple[str, ...]) -> str | None:
    return next((n for n in names if n in fields), None)


def _salary(row: dict[str, str]) -> float | None:
    if "SalaryNormalized" in row:
        return parse_salary(row["SalaryNormalized"])
    low, high = parse_salary(row.get("min_salary")), parse_salary(row.get("max_salary"))
    if low is None and high is None:
        return None
    middle = ((low or high) + (high or low)) / 2  # type: ignore[operator]
    return middle * PERIODS.get((row.get("pay_period") or "YEARLY").upper(), 1)


def rows(path: Path, repeat: int, limit: int | None, counter: list[int]) -> Iterator[dict]:
    """The postings of one CSV as small dicts, streamed, ``repeat`` times over."""
    for _ in range(repeat):
        with open(path, newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            fields = reader.fieldnames or []
            text, title, ident = _first(fields, TEXT), _first(fields, TITLE), _first(fields, IDENT)
            if text is None:
                raise SystemExit(f"{path}: no text column (looked for {', '.join(TEXT)})")
            for n, row in enumerate(reader):
                if limit is not None and n >= limit:
                    break
                counter[0] += 1
                yield {
                    "id": row.get(ident) if ident else None,
                    "title": row.get(title or ""),
                    "text": row[text],
                    "salary": _salary(row),
                }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data_dir", type=Path, help="folder with postings CSV files")
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--repeat", type=int, default=1, help="stream each file N times")
    parser.add_argument("--limit", type=int, default=None, help="at most N rows per file")
    parser.add_argument("--no-roles", action="store_true", help="skip closest-role scoring")
    parser.add_argument(
        "--tracemalloc", action="store_true", help="also trace the Python heap peak (slower)"
    )
    args = parser.parse_args(argv)
    files = sorted(args.data_dir.glob("*.csv"))
    if not files:
        print(f"no CSV files in {args.data_dir}", file=sys.stderr)
        return 2
    csv.field_size_limit(2**31 - 1)

    start = time.perf_counter()
    get_extractor(cvmatch.load_taxonomy())  # build once, outside the timings
    print(
        f"extractor built in {time.perf_counter() - start:.2f} s; "
        f"RSS {current_rss_mib():.0f} MiB (peak {peak_rss_mib():.0f} MiB)"
    )
    gc.collect()
    baseline = current_rss_mib()
    if args.tracemalloc:
        tracemalloc.start()

    total_postings, total_seconds = 0, 0.0
    for path in files:
        counter = [0]
        started = time.perf_counter()
        analysis = cvmatch.analyze_postings(
            rows(path, args.repeat, args.limit, counter),
            text_column="text",
            salary_column="salary",
            title_column="title",
            id_column="id",
            batch_size=args.batch_size,
            detect_roles=not args.no_roles,
        )
        seconds = time.perf_counter() - started
        total_postings += counter[0]
        total_seconds += seconds
        print(
            f"\n{path.name}: {counter[0]} postings in {seconds:.1f} s = "
            f"{counter[0] / seconds:.0f} postings/s; {analysis.n_failed} failed; "
            f"{analysis.n_with_salary} with salary; RSS now {current_rss_mib():.0f} MiB"
        )
        skills = analysis.skills
        with_any = int((analysis.postings["n_skills"] > 0).sum())
        print(
            f"  postings with at least one skill: {with_any} "
            f"({with_any / max(analysis.n_postings, 1):.0%})"
        )
        print(
            "  top skills: "
            + ", ".join(f"{cid} {share:.0%}" for cid, share in skills["share"].head(8).items())
        )
        print(
            "  closest roles: "
            + ", ".join(f"{rid} {n}" for rid, n in analysis.roles["postings"].items())
        )
        del analysis

    print(
        f"\nall files: {total_postings} postings in {total_seconds:.1f} s = "
        f"{total_postings / total_seconds:.0f} postings/s (batch size {args.batch_size}, "
        f"roles {'off' if args.no_roles else 'on'})"
    )
    print(
        f"peak RSS {peak_rss_mib():.0f} MiB; "
        f"{peak_rss_mib() - baseline:+.0f} MiB over the RSS after building the extractor"
    )
    if args.tracemalloc:
        _, peak = tracemalloc.get_traced_memory()
        print(f"Python heap peak while analysing (tracemalloc): {peak / 2**20:.1f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
