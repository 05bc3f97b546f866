"""Hostile inputs through the ``cvmatch`` command: nothing lost, nothing crashes, bounded.

Usage::

    python bench/fuzz.py [--seed S] [--scale X] [--mixed N] [--small] [--timeout T]
                         [--modes j1,j2,j1-blind,j2-blind] [--no-probes] [--keep DIR]

Writes one folder of inputs: every attack class of issue 15 (``bench/attacks.py``:
PDF form fan-out and glyph floods, HTML/DOCX element floods, names that are not UTF-8,
unsupported / odd-named / hidden files, formula names and skills, quadratic text runs,
hidden text, wrong charsets, links, a FIFO, macro documents, escape sequences in names,
invisible characters in words, characters that expand; sizes, depths, names and
encodings drawn from the seed, times ``--scale``) beside ``N`` cases of the general
catalogue and mutations of ``bench/hostile.py``. Then, per mode (``-j 1`` / ``-j 2``,
with and without ``--blind``), it runs **one** ``cvmatch score FOLDER /dev/zero
F F --format jsonl`` (``F``: a file given twice) under ``bench/fuzz_probe.py``, which
records each file's time and peak resident memory (the worker's ``VmHWM``, reset per
file); a sampler of ``/proc`` catches workers that die on a file. No memory cap is set
here: the command's own ``--max-memory`` applies. Probes (``bench/fuzz_checks.py``)
then try what one folder cannot: CSV formula cells, outputs over inputs, ``SIGTERM``,
a full disk, a worker killed from outside, escape sequences on a terminal.

It prints, per mode: inputs, rows, typed errors by type, max time and max RSS per file,
crashes (a missing or extra row, a line that is not JSON, an error type that is not a
cvmatch error, a traceback, an exit status other than 0/1); then the outcomes per class,
what hidden text and wrong charsets did to the score (against the same resume without
the trick) and the warnings given, and the probes. The tables are Markdown. Exit status
0 when there are no crashes and every probe held, else 1.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import attacks
import fuzz_checks
import hostile

import cvmatch.errors
from cvmatch.batch.inputs import InputScan
from cvmatch.batch.names import printable_name

PROBE = Path(__file__).resolve().parent / "fuzz_probe.py"
MODES = {
    "j1": ("1", False),
    "j2": ("2", False),
    "j1-blind": ("1", True),
    "j2-blind": ("2", True),
}


# --- sampling /proc --------------------------------------------------------------------------
class Sampler(threading.Thread):
    """Peak resident memory of a process and its descendants, by pid, from ``/proc``."""

    def __init__(self, root: int, every: float = 0.1) -> None:
        super().__init__(daemon=True)
        self.root, self.every = root, every
        self.peak_kb: dict[int, int] = collections.defaultdict(int)
        self.last_seen: dict[int, float] = {}
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            for pid in self._tree():
                rss = _status_kb(pid, ("VmRSS", "VmHWM"))
                if rss:
                    self.peak_kb[pid] = max(self.peak_kb[pid], rss)
                    self.last_seen[pid] = time.time()
            self.stop.wait(self.every)

    def _tree(self) -> list[int]:
        parents: dict[int, list[int]] = collections.defaultdict(list)
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    with open(f"/proc/{entry}/stat", "rb") as handle:
                        ppid = int(handle.read().rsplit(b")", 1)[1].split()[1])
                except (OSError, ValueError, IndexError):
                    continue
                parents[ppid].append(int(entry))
        found, todo = [], [self.root]
        while todo:
            pid = todo.pop()
            found.append(pid)
            todo += parents.get(pid, [])
        return found


def _status_kb(pid: int, fields: tuple[str, ...]) -> int:
    best = 0
    try:
        with open(f"/proc/{pid}/status") as handle:
            for line in handle:
                if line.split(":")[0] in fields:
                    best = max(best, int(line.split()[1]))
    except (OSError, ValueError, IndexError):
        pass
    return best


# --- one run of the command --------------------------------------------------------------------
@dataclass
class Run:
    """What one call of the command gave."""

    mode: str
    args: list[str]
    code: int = 0
    stdout: str = ""
    stderr: str = ""
    seconds: float = 0.0
    stats: list[dict] = field(default_factory=list)
    sampler: Sampler | None = None


def run_cli(mode: str, args: list[str], work: Path, timeout: float = 1800) -> Run:
    """Run ``cvmatch ARGS`` under the probe, sampling its processes."""
    stats = work / f"stats-{mode}.jsonl"
    stats.unlink(missing_ok=True)
    env = {**os.environ, "CVMATCH_NO_PROGRESS": "1"}
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, str(PROBE), str(stats), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
    )
    sampler = Sampler(process.pid)
    sampler.start()
    out, err = process.communicate(timeout=timeout)
    sampler.stop.set()
    sampler.join()
    run = Run(mode, args, process.returncode, out.decode("utf-8", "replace"), err.decode())
    run.seconds, run.sampler = time.perf_counter() - started, sampler
    if stats.exists():
        run.stats = [json.loads(line) for line in stats.read_text().splitlines()]
    return run


# --- what the rows say -----------------------------------------------------------------------
def _is_typed(error_type: str) -> bool:
    cls = getattr(cvmatch.errors, error_type, None)
    return isinstance(cls, type) and issubclass(cls, cvmatch.errors.CvmatchError)


@dataclass
class Tally:
    """One mode's figures."""

    inputs: int = 0
    skipped: int = 0
    rows: list[dict] = field(default_factory=list)
    typed: collections.Counter[str] = field(default_factory=collections.Counter)
    crashes: list[str] = field(default_factory=list)
    per_file: dict[str, tuple[float, int]] = field(default_factory=dict)  # seconds, RSS kB
    cli_rss_kb: int = 0
    seconds: float = 0.0


def per_file(run: Run) -> dict[str, tuple[float, int]]:
    """Seconds and peak RSS (kB) of each file, by its printable name."""
    ends = {s["source"]: s for s in run.stats if s["event"] == "end"}
    out = {}
    for record in run.stats:
        key = printable_name(record["source"])
        if record["event"] == "end":
            out[key] = (record["seconds"], record["rss_kb"])
        elif record["source"] not in ends and run.sampler is not None:  # its worker died
            pid = record["pid"]
            seen = run.sampler.last_seen.get(pid, record["t"])
            out[key] = (max(0.0, seen - record["t"]), run.sampler.peak_kb.get(pid, 0))
    return out


def _check_row(result: Tally, entry: str, row: dict, blind: bool) -> None:
    """Count one row's error; an out-of-order row or an untyped error is a crash."""
    if not blind and row.get("source") != printable_name(entry):
        result.crashes.append(f"row out of order: {row.get('source')!r} for {entry!r}")
    error = row.get("error")
    if error and _is_typed(error["type"]):
        result.typed[error["type"]] += 1
    elif error:
        result.crashes.append(f"untyped {error['type']}: {error['message'][:120]}")


def tally(run: Run, entries: list[str], blind: bool) -> Tally:
    """The figures of one run against the input entries it should have rows for."""
    result = Tally(inputs=len(entries), seconds=run.seconds, per_file=per_file(run))
    if run.sampler is not None:
        result.cli_rss_kb = run.sampler.peak_kb.get(run.sampler.root, 0)
    for number, line in enumerate(run.stdout.splitlines()):
        try:
            result.rows.append(json.loads(line))
        except json.JSONDecodeError:
            result.crashes.append(f"line {number + 1} is not JSON: {line[:80]!r}")
    if len(result.rows) != len(entries):
        result.crashes.append(f"{len(result.rows)} rows for {len(entries)} inputs")
    for entry, row in zip(entries, result.rows, strict=False):
        _check_row(result, entry, row, blind)
    if "Traceback" in run.stderr:
        result.crashes.append("a traceback on stderr: " + run.stderr[-300:])
    if run.code not in (0, 1):
        result.crashes.append(f"exit status {run.code}: {run.stderr[-300:]}")
    return result


# --- inputs ------------------------------------------------------------------------------------
def build(args: argparse.Namespace, work: Path) -> tuple[Path, list[str], dict[bytes, Any]]:
    """Write the inputs; return the folder, the command's path arguments, and what each
    written path is (an :class:`attacks.Attack` or a :class:`hostile.Case`)."""
    root = work / "inputs"
    outside = work / "outside" / "elsewhere.txt"
    outside.parent.mkdir(parents=True)
    outside.write_text("root:x:0:0:root:/root:/bin/sh\n", encoding="utf-8")
    what: dict[bytes, Any] = {}
    for path, attack in attacks.write_attacks(
        attacks.generate(args.seed, args.scale, str(outside)), root / "attacks"
    ):
        what[path] = attack
    for path, case in hostile.write_cases(
        hostile.generate(args.mixed, args.seed, args.seed_dir), root / "mixed"
    ):
        what[os.fsencode(path)] = case
    twice = str(root / "attacks" / "c04" / "twice.txt")
    return root, [str(root), "/dev/zero", twice, twice], what


def class_of(path: str, what: dict[bytes, Any]) -> tuple[str, str]:
    """The class label and category of an input path."""
    item = what.get(os.fsencode(path))
    if isinstance(item, attacks.Attack):
        return f"{item.cls:02d}", item.category
    if isinstance(item, hostile.Case):
        return "mixed", item.category
    return "11", "device" if path.startswith("/dev/") else "?"


# --- printing --------------------------------------------------------------------------------
def _worst(values: dict[str, tuple[float, int]], index: int) -> tuple[float, str]:
    if not values:
        return 0.0, "-"
    name = max(values, key=lambda k: values[k][index])
    return values[name][index], name


def print_modes(tallies: dict[str, Tally], timeout: float) -> None:
    modes = list(tallies)
    print("| figure | " + " | ".join(f"`{m}`" for m in modes) + " |")
    print("|---|" + "---|" * len(modes))

    def row(label: str, values: list[str]) -> None:
        print(f"| {label} | " + " | ".join(values) + " |")

    row("inputs (rows due)", [str(t.inputs) for t in tallies.values()])
    row("rows", [str(len(t.rows)) for t in tallies.values()])
    row("hidden/system files skipped (counted)", [str(t.skipped) for t in tallies.values()])
    row("ok rows", [str(sum(r.get("ok") is True for r in t.rows)) for t in tallies.values()])
    kinds = sorted({k for t in tallies.values() for k in t.typed})
    for kind in kinds:
        row(f"typed: {kind}", [str(t.typed.get(kind, 0)) for t in tallies.values()])
    row(
        f"max time per file (s; --timeout {timeout:g})",
        [f"{_worst(t.per_file, 0)[0]:.1f}" for t in tallies.values()],
    )
    row(
        "max peak RSS per file (MB)",
        [f"{_worst(t.per_file, 1)[0] / 1024:.0f}" for t in tallies.values()],
    )
    row(
        "peak RSS of the CLI process (MB)", [f"{t.cli_rss_kb / 1024:.0f}" for t in tallies.values()]
    )
    row("files measured", [str(len(t.per_file)) for t in tallies.values()])
    row("wall time (s)", [f"{t.seconds:.0f}" for t in tallies.values()])
    row("**crashes**", [f"**{len(t.crashes)}**" for t in tallies.values()])
    print()
    for mode, result in tallies.items():
        for what_index, label in ((0, "slowest"), (1, "largest")):
            value, name = _worst(result.per_file, what_index)
            shown = f"{value:.1f} s" if what_index == 0 else f"{value / 1024:.0f} MB"
            print(f"- `{mode}` {label}: {shown} {name[-70:]!r}")
        for crash in result.crashes[:10]:
            print(f"- `{mode}` CRASH: {crash}")
    print()


def outcomes(result: Tally, entries: list[str], what: dict[bytes, Any]) -> dict[str, Any]:
    """Outcome counts per class."""
    table: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for entry, row in zip(entries, result.rows, strict=False):
        label = class_of(entry, what)[0]
        table[label]["ok" if row.get("ok") else row["error"]["type"]] += 1
    return table


def print_classes(tallies: dict[str, Tally], entries: list[str], what: dict[bytes, Any]) -> None:
    modes = list(tallies)
    per_mode = {m: outcomes(t, entries, what) for m, t in tallies.items()}
    names = {f"{k:02d}": v for k, v in attacks.CLASSES.items()} | {"mixed": "hostile.py mix"}
    print("| class | " + " | ".join(f"`{m}`" for m in modes) + " |")
    print("|---|" + "---|" * len(modes))
    for label in sorted({k for table in per_mode.values() for k in table}):
        cells = [
            ", ".join(f"{k} {v}" for k, v in per_mode[m].get(label, {}).most_common())
            for m in modes
        ]
        print(f"| {label} {names.get(label, '')} | " + " | ".join(cells) + " |")
    print()


def _best(row: dict) -> float | None:
    return row["roles"][0]["score"] if row.get("ok") and row.get("roles") else None


def print_pairs(result: Tally, entries: list[str], what: dict[bytes, Any], root: Path) -> None:
    """Hidden text, wrong charsets, invisible characters: the score against the same
    resume without the trick, and the warnings given."""
    by_path = {os.fsencode(e): r for e, r in zip(entries, result.rows, strict=False)}
    print("| input | outcome | best score (without the trick) | warnings |")
    print("|---|---|---|---|")
    for path, item in what.items():
        if not isinstance(item, attacks.Attack) or item.pair is None or path not in by_path:
            continue
        row = by_path[path]
        base = by_path.get(os.fsencode(str(root / "attacks" / item.pair)), {})
        outcome = "ok" if row.get("ok") else row["error"]["type"]
        score, before = _best(row), _best(base)
        shown = f"{score:.1f} ({before:.1f})" if score is not None and before is not None else "-"
        warnings = "; ".join(row.get("warnings") or []) or "none"
        print(f"| c{item.cls:02d} {item.category} | {outcome} | {shown} | {warnings[:110]} |")
    print()


# --- main ------------------------------------------------------------------------------------
def _options(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    parser.add_argument("--scale", type=float, default=1.0, help="size factor (default 1)")
    parser.add_argument("--mixed", type=int, default=80, help="hostile.py cases (default 80)")
    parser.add_argument("--seed-dir", help="real documents as extra mutation seeds (read only)")
    parser.add_argument("--small", action="store_true", help="a quick run: --scale 0.3 --mixed 30")
    parser.add_argument("--timeout", type=float, default=20.0, help="--timeout of the command")
    parser.add_argument("--modes", default=",".join(MODES), help="comma-separated modes")
    parser.add_argument("--no-probes", action="store_true", help="skip the probes")
    parser.add_argument("--keep", help="write the inputs under this folder and keep them")
    args = parser.parse_args(argv)
    if args.small:
        args.scale, args.mixed = min(args.scale, 0.3), min(args.mixed, 30)
    return args


def main(argv: list[str] | None = None) -> int:
    args = _options(argv)
    work = Path(args.keep or tempfile.mkdtemp(prefix="cvmatch-fuzz-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        started = time.perf_counter()
        root, paths, what = build(args, work)
        scan = InputScan(paths)
        entries = [entry.path for entry in scan]
        skipped = sum(scan.skipped.values())
        print(
            f"{len(what)} inputs written in {time.perf_counter() - started:.0f} s (seed "
            f"{args.seed}, scale {args.scale:g}); {len(entries)} rows due, {skipped} skipped\n"
        )
        tallies = {}
        for mode in args.modes.split(","):
            jobs, blind = MODES[mode]
            command = ["score", *paths, "--format", "jsonl", "-q", "-j", jobs]
            command += ["--timeout", f"{args.timeout:g}"] + (["--blind"] if blind else [])
            tallies[mode] = tally(run_cli(mode, command, work), entries, blind)
            tallies[mode].skipped = skipped
        print_modes(tallies, args.timeout)
        print_classes(tallies, entries, what)
        plain = next((t for m, t in tallies.items() if not MODES[m][1]), None)
        if plain is not None:
            print_pairs(plain, entries, what, root)
        held = True if args.no_probes else fuzz_checks.run_all(root, work, run_cli)
        crashed = any(t.crashes for t in tallies.values())
        return 0 if held and not crashed else 1
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
