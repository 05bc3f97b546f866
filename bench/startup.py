"""Start-up, memory and worker scaling of the ``cvmatch score`` command, in one run.

    python bench/startup.py ../shared/data/resumes [--sizes 100 1000] [--scaling 100]

Printed (issue 16's "Done when" figures):

- ``cvmatch score one.pdf`` wall time against ``python -c "import spacy;
  spacy.blank('en')"``, best of 3 each, and their ratio (target <= 1.5);
- ``cvmatch score FOLDER -j 2`` over N real PDFs (the folder's PDFs hard-linked again
  and again to reach N): the peak of the summed proportional set size (PSS, from
  ``/proc/PID/smaps_rollup``) of the command's process tree, sampled while it runs,
  for each N (target < 450 MB, within 10% between the sizes);
- documents per second of ``-j 1`` and ``-j 2`` over the same files, from the 10th row
  on (the rows' arrival times, start-up left out) and over the whole run, and their
  ratios (target >= 1.8, which needs two idle cores).

Each command runs in a fresh process with the on-disk matcher cache already written
(the first call writes it; ``--cold`` clears it before each one-file call instead).
"""

from __future__ import annotations

import argparse
import itertools
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import NamedTuple

SAMPLE_SECONDS = 0.1
#: Rows before the steady-state clock starts (every worker busy by then).
WARM_UP = 10


def cvmatch_command() -> list[str]:
    """The ``cvmatch`` console script of this interpreter (no pyenv shim in between)."""
    script = Path(sys.executable).with_name("cvmatch")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "import sys; from cvmatch.cli import main; sys.exit(main())"]


def wall(command: list[str], env: dict[str, str] | None = None) -> float:
    """Seconds ``command`` takes from start to exit (its output thrown away)."""
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
    return time.perf_counter() - start


def best_of(runs: int, command: list[str], env: dict[str, str] | None = None) -> float:
    """The fastest of ``runs`` wall times of ``command``."""
    return min(wall(command, env) for _ in range(runs))


def tree_pss(root: int) -> int:
    """Summed PSS (bytes) of process ``root`` and all its descendants, now."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as handle:
                fields = handle.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(entry))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, []))
        total += _pss(pid)
    return total


def _pss(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
            for line in handle:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError):
        pass
    return 0


class Run(NamedTuple):
    """One sampled run: wall seconds, peak summed PSS (bytes), when each row came."""

    seconds: float
    peak_pss: int
    row_times: list[float]

    def steady_rate(self) -> float:
        """Rows per second after the first :data:`WARM_UP` rows (start-up left out)."""
        times = self.row_times
        if len(times) <= WARM_UP + 1:
            return len(times) / self.seconds
        return (len(times) - 1 - WARM_UP) / (times[-1] - times[WARM_UP])


def run_sampled(command: list[str]) -> Run:
    """Run ``command`` (rows on its standard output), sampling its tree's PSS."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    times: list[float] = []

    def read() -> None:
        assert process.stdout is not None
        for _line in process.stdout:
            times.append(time.perf_counter() - start)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    peak = 0
    while process.poll() is None:
        peak = max(peak, tree_pss(process.pid))
        time.sleep(SAMPLE_SECONDS)
    reader.join()
    elapsed = time.perf_counter() - start
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command[:3])} ... failed (exit {process.returncode})")
    return Run(elapsed, peak, times)


def repeated_folder(pdfs: list[Path], count: int, into: Path) -> Path:
    """A folder holding ``count`` PDFs: ``pdfs`` hard-linked (else copied) in turn."""
    folder = into / f"n{count}"
    folder.mkdir()
    for i, pdf in zip(range(count), itertools.cycle(pdfs), strict=False):
        target = folder / f"{i:05d}-{pdf.name}"
        try:
            os.link(pdf, target)
        except OSError:
            shutil.copyfile(pdf, target)
    return folder


def one_file(pdf: Path, runs: int, cold: bool) -> None:
    """The one-file CLI call against spaCy's own start-up."""
    spacy = [sys.executable, "-c", "import spacy; spacy.blank('en')"]
    score = [*cvmatch_command(), "score", "-q", str(pdf)]
    env = None
    if cold:
        env = {**os.environ, "CVMATCH_CACHE_DIR": "off"}
    else:
        wall(score)  # writes the matcher cache if it is not there yet
    spacy_s = best_of(runs, spacy)
    score_s = best_of(runs, score, env)
    print(f"start-up: spacy.blank('en') {spacy_s:.2f} s, cvmatch score one.pdf {score_s:.2f} s")
    print(f"  ratio {score_s / spacy_s:.2f} (target <= 1.5; best of {runs} each)")


def score_command(jobs: int, folder: Path) -> list[str]:
    """``cvmatch score`` of every file in ``folder`` with ``jobs`` workers, JSON Lines."""
    return [*cvmatch_command(), "score", "-q", "-j", str(jobs), "--format", "jsonl", str(folder)]


def memory(pdfs: list[Path], sizes: list[int], scratch: Path) -> None:
    """Peak summed PSS of ``score -j 2`` over folders of each size."""
    peaks = []
    for size in sizes:
        run = run_sampled(score_command(2, repeated_folder(pdfs, size, scratch)))
        peaks.append(run.peak_pss)
        print(
            f"memory: -j 2 over {size} PDFs: peak PSS {run.peak_pss / 2**20:.0f} MB "
            f"({run.seconds:.1f} s; {run.steady_rate():.1f} documents/s after the first "
            f"{WARM_UP})"
        )
    if len(peaks) > 1:
        growth = peaks[-1] / peaks[0] - 1
        print(f"  growth {sizes[0]} -> {sizes[-1]}: {growth:+.1%} (target < 450 MB, within 10%)")


def scaling(pdfs: list[Path], count: int, scratch: Path) -> None:
    """Documents per second with one and with two workers over the same files: after
    the first rows (start-up left out), and over the whole run."""
    folder = repeated_folder(pdfs, count, scratch / "scaling")
    runs = {jobs: run_sampled(score_command(jobs, folder)) for jobs in (1, 2)}
    for jobs, run in runs.items():
        print(
            f"throughput: -j {jobs} over {count} PDFs: {run.steady_rate():.1f} documents/s "
            f"after the first {WARM_UP} ({count / run.seconds:.1f} over the whole "
            f"{run.seconds:.1f} s; peak PSS {run.peak_pss / 2**20:.0f} MB)"
        )
    steady = runs[2].steady_rate() / runs[1].steady_rate()
    whole = runs[1].seconds / runs[2].seconds
    print(f"  2 workers / 1: {steady:.2f}x steady, {whole:.2f}x whole run (target >= 1.8)")


def main() -> None:
    """Parse the arguments and print every figure."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path, help="a folder of PDFs (searched recursively)")
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000])
    parser.add_argument("--scaling", type=int, default=100, help="PDFs for the -j 1/-j 2 ratio")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cold", action="store_true", help="one-file calls without the cache")
    parser.add_argument("--skip", nargs="*", default=[], choices=["startup", "memory", "scaling"])
    args = parser.parse_args()
    pdfs = sorted(args.data.rglob("*.pdf"))
    if not pdfs:
        raise SystemExit(f"{args.data}: no PDF found; give a folder of PDF resumes")
    print(f"{len(pdfs)} PDFs in {args.data}; {os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")
    if "startup" not in args.skip:
        one_file(pdfs[0], args.runs, args.cold)
    with tempfile.TemporaryDirectory(prefix="cvmatch-startup-") as tmp:
        scratch = Path(tmp)
        (scratch / "scaling").mkdir()
        if "memory" not in args.skip:
            memory(pdfs, args.sizes, scratch)
        if "scaling" not in args.skip:
            scaling(pdfs, args.scaling, scratch)
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
