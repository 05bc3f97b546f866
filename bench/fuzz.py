"""Hostile and broken inputs through the batch path: nothing lost, nothing crashes.

Usage::

    python bench/fuzz.py N [--seed S] [--seed-dir DIR] [--jobs J] [--timeout T]
                           [--mem-limit MB] [--keep DIR] [--show K]

Writes ``N`` inputs from :mod:`hostile` (``bench/hostile.py``: a catalogue of hostile
constructs, then random mutations of valid seeds; ``--seed-dir`` adds real documents,
read only, as further seeds) to a temporary folder, scores them all with
:func:`cvmatch.batch.iter_scores` (``J`` worker processes, ``T`` seconds per file) and
prints:

- inputs and rows out (every input must get exactly one row, in input order);
- typed errors by type (``cvmatch.errors`` classes);
- crashes: rows whose ``error.type`` is not a cvmatch error class, missing or
  out-of-order rows, and workers that died on a file (the batch turns those into an
  ``UnreadableDocument`` row, but a reader that kills its process is still a crash);
- messages that do not name the file;
- time-limit hits (``DocumentTimeout`` rows) and workers stopped from outside;
- max time and max memory per file, beside the configured limits.

How time and memory are measured: the workers are forked from this process
(``start_method="fork"``) after wrapping the batch's per-file step, so each worker
(1) runs under ``RLIMIT_AS`` = ``--mem-limit`` (an allocation beyond it fails, which
would show as a crash or a typed error), and (2) before each file resets the kernel's
peak-RSS mark (``/proc/self/clear_refs``), and after it reads ``VmHWM`` from
``/proc/self/status``: the peak resident memory while that file was processed (where
the reset is not allowed, the worker's ``ru_maxrss`` so far, an upper bound). The
figures go to a side file, one JSON line per file. Exit status 0 when there are no
crashes and every input has its row, else 1.
"""

from __future__ import annotations

import argparse
import collections
import dataclasses
import importlib
import json
import os
import re
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import hostile

import cvmatch.errors
from cvmatch.batch import iter_scores

_STATS_FILE: str | None = None
_LIMIT_BYTES: int | None = None
_PARENT = os.getpid()
_limited = False


def _status_kb(field: str) -> int | None:
    try:
        with open("/proc/self/status") as handle:
            for line in handle:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def _reset_peak() -> bool:
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
        return True
    except OSError:
        return False


def _limit_memory() -> None:
    global _limited
    if _limited or _LIMIT_BYTES is None:
        return
    _limited = True
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = _LIMIT_BYTES if hard == resource.RLIM_INFINITY else min(_LIMIT_BYTES, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _measured(run):  # type: ignore[no-untyped-def]
    """Wrap the batch's per-file step: memory limit, per-file time and peak RSS."""

    def wrapper(self, source):  # type: ignore[no-untyped-def]
        if os.getpid() != _PARENT:
            _limit_memory()
        reset = _reset_peak()
        start = time.perf_counter()
        try:
            return run(self, source)
        finally:
            seconds = time.perf_counter() - start
            peak = _status_kb("VmHWM") if reset else None
            if peak is None:
                peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            line = json.dumps(
                {
                    "source": os.fspath(source),
                    "seconds": seconds,
                    "peak_kb": peak,
                    "reset": reset,
                    "pid": os.getpid(),
                }
            )
            if _STATS_FILE:
                fd = os.open(_STATS_FILE, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
                try:
                    os.write(fd, (line + "\n").encode())
                finally:
                    os.close(fd)

    return wrapper


def _job_class() -> type | None:
    """The batch's per-file step (a class with ``run(self, source)``), to wrap; None if gone."""
    for module, name in (("cvmatch.batch.job", "Job"), ("cvmatch.batch.pool", "_Job")):
        try:
            job = getattr(importlib.import_module(module), name)
        except (ImportError, AttributeError):
            continue
        if callable(getattr(job, "run", None)):
            return job
    return None


def _is_typed(error_type: str) -> bool:
    cls = getattr(cvmatch.errors, error_type, None)
    return isinstance(cls, type) and issubclass(cls, cvmatch.errors.CvmatchError)


def main(argv: list[str] | None = None) -> int:
    global _STATS_FILE, _LIMIT_BYTES
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="number of inputs")
    parser.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    parser.add_argument("--seed-dir", help="real documents to use as extra seeds (read only)")
    parser.add_argument("--jobs", "-j", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds per file (default 20)")
    parser.add_argument(
        "--mem-limit",
        type=int,
        default=2048,
        help="address-space limit per worker in MB (default 2048)",
    )
    parser.add_argument("--keep", help="write the inputs here and keep them")
    parser.add_argument("--show", type=int, default=5, help="slowest/largest files to list")
    parser.add_argument(
        "--messages", action="store_true", help="also list the distinct error messages of each type"
    )
    args = parser.parse_args(argv)

    _LIMIT_BYTES = args.mem_limit * 1024 * 1024
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="cvmatch-fuzz-"))
    _STATS_FILE = str(folder.parent / (folder.name + ".stats.jsonl"))
    Path(_STATS_FILE).unlink(missing_ok=True)
    try:
        started = time.perf_counter()
        written = hostile.write_cases(hostile.generate(args.n, args.seed, args.seed_dir), folder)
        generated = time.perf_counter() - started
        paths = [str(path) for path, _ in written]
        category = {str(path): case.category for path, case in written}

        job = _job_class()
        measured = job is not None
        if job is not None:
            job.run = _measured(job.run)  # forked workers inherit the wrapper
        started = time.perf_counter()
        rows = list(
            iter_scores(
                paths, jobs=args.jobs, timeout=args.timeout, start_method="fork", expand=False
            )
        )
        elapsed = time.perf_counter() - started
        return _report(args, paths, rows, category, generated, elapsed, measured)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)
        if _STATS_FILE:
            Path(_STATS_FILE).unlink(missing_ok=True)


@dataclasses.dataclass
class _Tally:
    """What the rows say, input by input."""

    typed: collections.Counter[str] = dataclasses.field(default_factory=collections.Counter)
    by_category: dict[str, collections.Counter[str]] = dataclasses.field(
        default_factory=lambda: collections.defaultdict(collections.Counter)
    )
    crashes: list[tuple[str, str, str]] = dataclasses.field(default_factory=list)
    unnamed: list[str] = dataclasses.field(default_factory=list)
    timed_out: list[str] = dataclasses.field(default_factory=list)
    worker_deaths: list[str] = dataclasses.field(default_factory=list)
    killed: int = 0
    ok: int = 0


def _tally(paths, rows, category) -> _Tally:  # type: ignore[no-untyped-def]
    tally = _Tally()
    for index, path in enumerate(paths):
        row = rows[index] if index < len(rows) else None
        if row is None:
            tally.crashes.append((path, "missing row", ""))
            continue
        if row.source != path:
            tally.crashes.append((path, "row out of order", row.source))
        if row.ok:
            tally.ok += 1
            outcome = "ok"
        else:
            outcome = _count_failure(tally, path, row.error)
        tally.by_category[category[path]][outcome] += 1
    return tally


def _count_failure(tally: _Tally, path: str, error) -> str:  # type: ignore[no-untyped-def]
    """Count one failed row; its outcome is the error type."""
    outcome = error.type if error else "no error object"
    if error is None or not _is_typed(error.type):
        tally.crashes.append((path, outcome, error.message if error else ""))
    else:
        tally.typed[error.type] += 1
        if "reader crashed" in error.message:
            tally.worker_deaths.append(path)
        if "so it was skipped" in error.message:
            tally.killed += 1
        if error.type == "DocumentTimeout":
            tally.timed_out.append(path)
    if error is not None and Path(path).name not in error.message:
        tally.unnamed.append(path)
    return outcome


def _read_stats() -> dict[str, dict]:
    stats = {}
    if _STATS_FILE and Path(_STATS_FILE).exists():
        for line in Path(_STATS_FILE).read_text().splitlines():
            record = json.loads(line)
            stats[record["source"]] = record
    return stats


def _report(args, paths, rows, category, generated, elapsed, measured) -> int:  # type: ignore[no-untyped-def]
    tally = _tally(paths, rows, category)
    stats = _read_stats()
    _print_rows(args, paths, rows, tally, generated, elapsed)
    _print_crashes(tally, category)
    _print_time_limits(args, tally, category)
    if measured and stats:
        _print_measured(args, stats, category)
    else:
        print("max time / memory per file: not measured (the batch's Job.run not found)")
    if args.messages:
        _print_messages(paths, rows)
    if args.show:
        _print_categories(tally)
    crashed = tally.crashes or tally.worker_deaths
    return 0 if not crashed and len(rows) == len(paths) else 1


def _print_rows(args, paths, rows, tally: _Tally, generated, elapsed) -> None:  # type: ignore[no-untyped-def]
    print(
        f"inputs:                {len(paths)}  (generated in {generated:.1f} s, seed "
        f"{args.seed}{', seed dir ' + args.seed_dir if args.seed_dir else ''})"
    )
    print(
        f"rows out:              {len(rows)}  ({tally.ok} ok, {len(rows) - tally.ok} failed) in "
        f"{elapsed:.1f} s with {args.jobs} worker(s)"
    )
    print("typed errors by type:")
    for name, count in tally.typed.most_common():
        print(f"  {name:24s} {count}")


def _print_crashes(tally: _Tally, category: dict[str, str]) -> None:
    crashes, worker_deaths = tally.crashes, tally.worker_deaths
    print(
        f"crashes:               {len(crashes) + len(worker_deaths)}  "
        f"({len(crashes)} untyped/missing/out-of-order rows, "
        f"{len(worker_deaths)} worker deaths)"
    )
    for path, what, message in crashes[:20]:
        print(f"  {category.get(path, '?')}: {what}: {message[:200]}")
    for path in worker_deaths[:20]:
        print(f"  worker died on {category.get(path, '?')}: {Path(path).name}")
    print(f"messages not naming the file: {len(tally.unnamed)}")
    for path in tally.unnamed[:10]:
        print(f"  {Path(path).name}")


def _print_time_limits(args, tally: _Tally, category: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    print(
        f"time-limit hits:       {tally.typed.get('DocumentTimeout', 0)}  (limit "
        f"{args.timeout:g} s per file; {tally.killed} stopped from outside by the batch)"
    )
    for path in tally.timed_out[:10]:
        print(f"  timed out: {category.get(path, '?')}: {Path(path).name}")


def _print_measured(args, stats: dict[str, dict], category: dict[str, str]) -> None:  # type: ignore[no-untyped-def]
    slow = sorted(stats.values(), key=lambda r: -r["seconds"])
    heavy = sorted(stats.values(), key=lambda r: -r["peak_kb"])
    how = (
        "VmHWM reset per file"
        if all(r["reset"] for r in stats.values())
        else "ru_maxrss high-water mark (upper bound)"
    )
    print(
        f"max time per file:     {slow[0]['seconds']:.2f} s  (limit {args.timeout:g} s; "
        f"median {slow[len(slow) // 2]['seconds'] * 1000:.0f} ms; {len(stats)} measured)"
    )
    print(
        f"max memory per file:   {heavy[0]['peak_kb'] / 1024:.0f} MB peak RSS  (limit "
        f"{args.mem_limit} MB address space per worker, RLIMIT_AS; {how}; median "
        f"{heavy[len(heavy) // 2]['peak_kb'] / 1024:.0f} MB)"
    )
    for record in slow[: args.show]:
        value = f"{record['seconds']:.2f} s"
        print(f"  slowest: {value:>9}  {category.get(record['source'], '?')}")
    for record in heavy[: args.show]:
        value = f"{record['peak_kb'] / 1024:.0f} MB"
        print(f"  largest: {value:>9}  {category.get(record['source'], '?')}")


def _print_messages(paths, rows) -> None:  # type: ignore[no-untyped-def]
    distinct: collections.Counter[tuple[str, str]] = collections.Counter()
    for path, row in zip(paths, rows, strict=False):
        if row.error is not None:
            text = row.error.message.replace(path, "FILE")
            distinct[(row.error.type, re.sub(r"\d+", "N", text)[:200])] += 1
    print("distinct error messages:")
    for (kind, text), count in sorted(distinct.items()):
        print(f"  {count:4d} {kind}: {text}")


def _print_categories(tally: _Tally) -> None:
    print("outcomes by input category (first 40 categories by size):")
    ranked = sorted(tally.by_category.items(), key=lambda kv: -sum(kv[1].values()))
    for name, counts in ranked[:40]:
        print(f"  {name:36s} " + ", ".join(f"{k} {v}" for k, v in counts.most_common()))


if __name__ == "__main__":
    sys.exit(main())
