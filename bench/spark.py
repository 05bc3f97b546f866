"""Postings per second of ``analyze_postings_spark`` in local mode against ``analyze_postings``.

Usage::

    python bench/spark.py N [--data ../shared/data/postings]
                            [--modes single,local[1],local[2]] [--extract]

N postings are taken from the ``*.csv`` files in DATA (Adzuna's ``FullDescription``,
LinkedIn's ``description``), repeated with their ids made unique, and streamed into a
folder of Parquet files of equal size (at least four per core, at most 5,000 postings
each), read back as one partition per file. Then each mode runs in a process of its own,
so that its memory is its own:

- ``single``: ``analyze_postings`` in one process (``jobs2``: with ``n_jobs=2``);
- ``local[K]``: ``analyze_postings_spark`` on the Parquet folder (with ``--extract``,
  also ``extract_skills_df`` written back to Parquet).

Every mode warms up first on a few postings (the session's JVM start, the Python workers
and their extractors), printed apart and not counted. Each prints its wall time,
postings/s, rows out (read + failed, which must equal N) and the peak RSS of its driver:
the Python process and, for Spark, the JVM (in local mode the driver's JVM holds the
executor too). At the end: the ratios the issue's targets name, and whether every mode
gave the same skills table.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import itertools
import json
import math
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

TEXT = ("FullDescription", "description", "text", "Description")
IDENT = ("Id", "job_id", "id")
#: Postings per Parquet file at most; at least this many files per core.
FILE_ROWS, FILES_PER_CORE, MAX_CORES = 5_000, 4, 2
WARM_UP = 16  # postings per core for the warm-up run


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


def write_postings(folder: Path, n: int, out: Path) -> int:
    """Write ``n`` postings (ids unique on repeats) into equal Parquet files under ``out``,
    posting ``i`` into file ``i % files`` so that every file holds the same mix of short
    and long texts; the number of files."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    distinct = list(itertools.islice(_texts(folder), n))
    if not distinct:
        raise SystemExit(f"no postings with a text column in {folder}/*.csv")
    files = min(n, max(FILES_PER_CORE * MAX_CORES, math.ceil(n / FILE_ROWS)))
    out.mkdir(parents=True)
    for number in range(files):
        positions = range(number, n, files)
        ids = [f"{distinct[i % len(distinct)][0]}#{i // len(distinct)}" for i in positions]
        texts = [distinct[i % len(distinct)][1] for i in positions]
        table = pa.table({"id": ids, "text": texts})
        pq.write_table(table, out / f"part-{number:05d}.parquet", row_group_size=1000)
    print(f"{n} postings ({len(distinct)} distinct texts) in {files} Parquet files", flush=True)
    return files


def _parents() -> dict[int, int]:
    """The parent of every process now running."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parents[int(stat.parent.name)] = int(stat.read_text().rpartition(")")[2].split()[1])
        except (OSError, ValueError):
            continue
    return parents


def _descendants(root: int) -> list[int]:
    """``root`` and every process below it."""
    parents, found = _parents(), [root]
    for pid in found:
        found += [child for child, parent in parents.items() if parent == pid]
    return found


def cpu_seconds(root: int) -> dict[int, float]:
    """CPU seconds (user + system, with reaped children) of ``root`` and its descendants."""
    tick = os.sysconf("SC_CLK_TCK")
    used = {}
    for pid in _descendants(root):
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        used[pid] = sum(int(x) for x in fields[11:15]) / tick
    return used


def cpu_since(before: dict[int, float], root: int, only: set[int] | None = None) -> float:
    """CPU seconds the process tree of ``root`` (or its processes ``only``) used since the
    ``before`` snapshot."""
    now = cpu_seconds(root)
    return sum(s - before.get(p, 0.0) for p, s in now.items() if only is None or p in only)


def peak_rss_mb(pid: int | None = None) -> float:
    """The peak resident memory (VmHWM) of a process, this one by default, in MB."""
    if pid is None:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def worker_rss_mb(jvm: int) -> float:
    """The largest peak RSS among the JVM's Python workers (its descendants), in MB; a
    process that is ending has none left (NaN) and is passed over."""
    peaks = []
    for pid in _descendants(jvm)[1:]:
        with contextlib.suppress(OSError):
            peaks.append(peak_rss_mb(pid))
    return max((p for p in peaks if p == p), default=float("nan"))


def report(mode: str, what: str, seconds: float, n: int, rows_out: int, **extra: float) -> dict:
    """Print and return one measurement."""
    line = {"mode": mode, "what": what, "seconds": seconds, "n": n, "rows_out": rows_out}
    line.update(per_s=n / seconds, python_rss_mb=peak_rss_mb(), **extra)
    cpu = f"  cpu {extra['cpu_s']:.1f} s" if "cpu_s" in extra else ""
    if "jvm_cpu_s" in extra:
        cpu += f" (JVM {extra['jvm_cpu_s']:.1f}, workers {extra['worker_cpu_s']:.1f})"
    memory = f"python {line['python_rss_mb']:.0f} MB"
    if "jvm_rss_mb" in extra:
        memory += f", JVM {extra['jvm_rss_mb']:.0f} MB"
    if "worker_rss_mb" in extra:
        memory += f" (a worker {extra['worker_rss_mb']:.0f} MB)"
    print(
        f"{mode:<9} {what:<34} {seconds:8.1f} s {line['per_s']:8.1f} postings/s  "
        f"rows out {rows_out}/{n}{cpu}  peak RSS {memory}",
        flush=True,
    )
    return line


# --- one mode, in a process of its own -------------------------------------------------------
def child_single(mode: str, parquet: Path, out: Path) -> list[dict]:
    """``analyze_postings`` in this process (``jobs2``: two worker processes)."""
    import pandas as pd

    import cvmatch

    frame = pd.read_parquet(parquet)
    jobs = 2 if mode == "jobs2" else 1
    options = {"text_column": "text", "id_column": "id", "progress": False, "n_jobs": jobs}
    started = time.perf_counter()
    cvmatch.analyze_postings(frame.head(WARM_UP * MAX_CORES), **options)
    print(f"{mode:<9} warm-up {time.perf_counter() - started:.1f} s (not counted)", flush=True)
    started, cpu = time.perf_counter(), cpu_seconds(os.getpid())
    analysis = cvmatch.analyze_postings(frame, **options)
    seconds = time.perf_counter() - started
    used = cpu_since(cpu, os.getpid())
    analysis.skills.to_pickle(out / f"{mode}.skills.pkl")
    rows = analysis.n_postings + analysis.n_failed
    what = f"analyze_postings(n_jobs={jobs})"
    return [report(mode, what, seconds, len(frame), rows, cpu_s=used)]


def child_spark(master: str, parquet: Path, out: Path, extract: bool) -> list[dict]:
    """``analyze_postings_spark`` (and ``extract_skills_df``) under ``master``."""
    from cvmatch.spark import analyze_postings_spark, extract_skills_df, session

    cores = int(master.partition("[")[2].rstrip("]") or 1)
    started = time.perf_counter()
    spark = session(master, "cvmatch-bench", **_conf(cores))
    spark.sparkContext.setLogLevel("ERROR")
    jvm = spark.sparkContext._gateway.proc.pid
    print(f"{master:<9} session started in {time.perf_counter() - started:.1f} s", flush=True)
    try:
        frame = spark.read.parquet(str(parquet))
        started = time.perf_counter()
        small = frame.limit(WARM_UP * cores).repartition(cores)
        analyze_postings_spark(small, "text", id_col="id")  # workers and extractors up
        print(
            f"{master:<9} warm-up {time.perf_counter() - started:.1f} s (not counted), "
            f"{frame.rdd.getNumPartitions()} partitions",
            flush=True,
        )
        n = frame.count()
        lines = []
        started, cpu = time.perf_counter(), cpu_seconds(os.getpid())
        analysis = analyze_postings_spark(frame, "text", id_col="id")
        seconds = time.perf_counter() - started
        memory = {"cpu_s": cpu_since(cpu, os.getpid()), "jvm_rss_mb": peak_rss_mb(jvm)}
        memory["jvm_cpu_s"] = cpu_since(cpu, os.getpid(), {jvm})
        memory["worker_cpu_s"] = cpu_since(cpu, os.getpid(), set(_descendants(jvm)[1:]))
        analysis.skills.to_pickle(out / f"{master}.skills.pkl")
        rows = analysis.n_postings + analysis.n_failed
        what = "analyze_postings_spark"
        memory["worker_rss_mb"] = worker_rss_mb(jvm)
        lines.append(report(master, what, seconds, n, rows, **memory))
        if extract:
            target = out / ("results-" + "".join(c for c in master if c.isalnum()))  # no glob
            lines.append(_extract(extract_skills_df, spark, frame, target, n, master, jvm))
        return lines
    finally:
        spark.stop()


def _extract(extract_skills_df, spark, frame, target: Path, n: int, master: str, jvm: int):
    """``extract_skills_df`` of every posting, written to Parquet and counted back."""
    started, cpu = time.perf_counter(), cpu_seconds(os.getpid())
    extract_skills_df(frame, "text", id_col="id").write.mode("overwrite").parquet(str(target))
    seconds = time.perf_counter() - started
    used = cpu_since(cpu, os.getpid())
    rows = spark.read.parquet(str(target)).count()
    what = "extract_skills_df -> Parquet"
    return report(master, what, seconds, n, rows, cpu_s=used, jvm_rss_mb=peak_rss_mb(jvm))


def _conf(cores: int) -> dict[str, str]:
    """Spark settings of the bench: one partition per Parquet file (a large open cost
    keeps files apart), small Arrow batches, reused Python workers, small shuffles."""
    return {
        "spark.ui.enabled": "false",
        "spark.python.worker.reuse": "true",
        "spark.sql.execution.arrow.maxRecordsPerBatch": "1000",
        "spark.sql.files.openCostInBytes": str(1 << 30),
        "spark.sql.shuffle.partitions": str(2 * cores),
        "spark.default.parallelism": str(cores),
    }


# --- the run ---------------------------------------------------------------------------------
def run_mode(mode: str, parquet: Path, out: Path, extract: bool) -> list[dict]:
    """One mode in a fresh process; its measurements."""
    command = [sys.executable, __file__, "--child", mode, "--parquet", str(parquet)]
    command += ["--out", str(out)] + (["--extract"] if extract else [])
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    lines = []
    with subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env) as child:
        for line in child.stdout:  # type: ignore[union-attr]
            if line.startswith("RESULT "):
                lines.append(json.loads(line[7:]))
            else:
                print(line, end="", flush=True)
    if child.returncode:
        print(f"{mode}: failed with exit code {child.returncode}", flush=True)
    return lines


def summary(lines: list[dict], out: Path, modes: list[str]) -> None:
    """The ratios of the issue's targets, and whether the modes' skills tables agree."""
    import pandas as pd

    speed = {x["mode"]: x["per_s"] for x in lines if x["what"] != "extract_skills_df -> Parquet"}
    if "local[1]" in speed and "local[2]" in speed:
        ratio = speed["local[2]"] / speed["local[1]"]
        print(f"local[2] / local[1] = {ratio:.2f} (target >= 1.7)")
    if "local[1]" in speed and "single" in speed:
        ratio = speed["single"] / speed["local[1]"]
        print(f"single / local[1] = {ratio:.2f} (target <= 1.3)")
    tables = [(m, out / f"{m}.skills.pkl") for m in modes if (out / f"{m}.skills.pkl").exists()]
    for mode, path in tables[1:]:
        same = pd.read_pickle(path).equals(pd.read_pickle(tables[0][1]))
        print(f"skills table of {mode} equals that of {tables[0][0]}: {same}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="?", default=2000, help="postings (default 2000)")
    parser.add_argument("--data", type=Path, default=Path("../shared/data/postings"))
    parser.add_argument("--modes", default="single,local[1],local[2]")
    parser.add_argument("--extract", action="store_true", help="time extract_skills_df too")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("--parquet", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        run = child_spark if args.child.startswith("local") else child_single
        extra = (args.extract,) if args.child.startswith("local") else ()
        for line in run(args.child, args.parquet, args.out, *extra):
            print("RESULT " + json.dumps(line), flush=True)
        return
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    with tempfile.TemporaryDirectory(prefix="cvmatch-bench-spark-") as tmp:
        parquet, out = Path(tmp) / "postings", Path(tmp)
        write_postings(args.data, args.n, parquet)
        lines = []
        for mode in modes:
            lines += run_mode(mode, parquet, out, args.extract)
        summary(lines, out, modes)


if __name__ == "__main__":
    main()
