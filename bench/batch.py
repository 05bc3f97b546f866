"""Batch speed and memory: documents per second with 1 and 2 workers, and peak memory.

    python bench/batch.py ../shared/data/resumes --posting posting.txt

Each measurement runs in a fresh process that matches the resumes against the
posting, ranks them and writes the ranked CSV, as ``cvmatch rank`` does. Printed:

- documents per second with 1 worker (in-process) and with 2 worker processes on the
  same files, both over the whole run and in the steady state (from the 10th result
  to the last, i.e. without start-up: importing, building the extractor per worker);
- peak memory (RSS of the process and all its children, sampled with psutil, else the
  ``getrusage`` high-water marks) for 100 and for 1,000 inputs (files repeated to reach
  the count), which should not grow with the number of inputs.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: Results before the steady-state clock starts (all workers busy by then).
WARM_UP = 10


def _watch_peak_rss(process: subprocess.Popen) -> float:
    """Poll a running process tree's RSS from outside until it exits; peak in MB.

    Sampling from this (parent) process keeps the measured process single-threaded,
    as a real batch run is. Returns 0.0 when psutil is not installed.
    """
    try:
        import psutil
    except ImportError:
        process.wait()
        return 0.0
    peak = 0.0
    with contextlib.suppress(psutil.Error):
        root = psutil.Process(process.pid)
        while process.poll() is None:
            total = 0
            for proc in [root, *root.children(recursive=True)]:
                with contextlib.suppress(psutil.Error):
                    total += proc.memory_info().rss
            peak = max(peak, total / 2**20)
            time.sleep(0.05)
    process.wait()
    return peak


def child(posting: str, listing: str, jobs: int) -> None:
    """One measurement, in its own process; prints a JSON line."""
    from cvmatch.api import read_posting
    from cvmatch.batch import Ranking, iter_matches, to_csv

    paths = Path(listing).read_text(encoding="utf-8").splitlines()
    # the posting is read (and the extractor built) once, before the clock starts: a
    # fixed cost of every run, whatever the number of workers
    prepared = read_posting(posting)
    started = time.perf_counter()
    first = last = None
    failed = 0
    with Ranking() as ranking, tempfile.TemporaryDirectory() as tmp:
        for index, result in enumerate(iter_matches(prepared, paths, jobs=jobs, expand=False)):
            now = time.perf_counter()
            if index == WARM_UP:
                first = now
            last = now
            failed += not result.ok
            ranking.add(result)
        to_csv(ranking, Path(tmp) / "ranked.csv")
    total = time.perf_counter() - started
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    fallback_peak = (own + jobs * kids) / 1024 if jobs > 1 else own / 1024
    steady = (
        (len(paths) - 1 - WARM_UP) / (last - first) if first and last and last > first else None
    )
    print(
        json.dumps(
            {
                "n": len(paths),
                "jobs": jobs,
                "failed": failed,
                "seconds": total,
                "docs_per_s": len(paths) / total,
                "steady_docs_per_s": steady,
                "peak_mb": fallback_peak,
            }
        )
    )


def measure(posting: str, paths: list[str], jobs: int) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as f:
        f.write("\n".join(paths))
    try:
        with tempfile.TemporaryFile("w+", encoding="utf-8") as output:
            process = subprocess.Popen(
                [sys.executable, __file__, "--child", str(jobs), "--posting", posting, f.name],
                stdout=output,
                stderr=subprocess.DEVNULL,
                text=True,
            )
            peak = _watch_peak_rss(process)
            if process.returncode:
                raise SystemExit(f"measurement with {jobs} worker(s) failed")
            output.seek(0)
            result = json.loads(output.read().strip().splitlines()[-1])
    finally:
        os.unlink(f.name)
    if peak:
        result["peak_mb"] = peak
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", help="a folder (or glob) of resumes")
    parser.add_argument(
        "--posting", default=str(ROOT / "examples" / "postings" / "call-center-rep.txt")
    )
    parser.add_argument(
        "--limit", type=int, default=None, help="use only the first N files for the speed test"
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=2,
        help="runs per setting for the speed test (the best counts)",
    )
    parser.add_argument("--child", type=int, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child is not None:
        child(args.posting, args.data, args.child)
        return

    from cvmatch.batch.inputs import expand_paths

    files = list(expand_paths([args.data]))
    if not files:
        sys.exit(f"no documents found in {args.data}")
    speed_files = files[: args.limit] if args.limit else files
    print(
        f"{len(files)} documents in {args.data}; posting {args.posting}; "
        f"{os.cpu_count()} CPUs; load average {os.getloadavg()[0]:.1f} at start"
    )

    print(f"\nspeed on the same {len(speed_files)} files (best of {args.repeat}, runs alternated):")
    runs: dict[int, list[dict]] = {1: [], 2: []}
    for _ in range(args.repeat):
        for jobs in (1, 2):
            runs[jobs].append(measure(args.posting, speed_files, jobs))
    best = {jobs: max(rs, key=lambda r: r["docs_per_s"]) for jobs, rs in runs.items()}
    for jobs, r in best.items():
        steady = max(x["steady_docs_per_s"] or 0 for x in runs[jobs])
        print(
            f"  {jobs} worker{'s' if jobs > 1 else ' '}: {r['docs_per_s']:6.2f} docs/s overall "
            f"({r['seconds']:.1f} s), {steady:6.2f} docs/s steady state, "
            f"{r['failed']} failed"
        )
    steady_1 = max(x["steady_docs_per_s"] or 0 for x in runs[1])
    steady_2 = max(x["steady_docs_per_s"] or 0 for x in runs[2])
    print(
        f"  speed-up with 2 workers: {best[2]['docs_per_s'] / best[1]['docs_per_s']:.2f}x "
        f"overall, {steady_2 / steady_1:.2f}x steady state"
    )

    print("\npeak memory (RSS of parent + workers), 2 workers:")
    for n in (100, 1000):
        paths = list(itertools.islice(itertools.cycle(files), n))
        r = measure(args.posting, paths, 2)
        print(f"  {n:>5} inputs: {r['peak_mb']:7.1f} MB peak, {r['docs_per_s']:.2f} docs/s")


if __name__ == "__main__":
    main()
