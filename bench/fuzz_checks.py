"""Probes of ``bench/fuzz.py``: attacks on the command that one folder of inputs cannot
make (classes 5, 6, 8 and part of 11 of issue 15).

Each probe runs ``python -m cvmatch.cli`` on inputs that ``bench/attacks.py`` wrote and
says whether the command held: CSV cells that a spreadsheet would run, outputs that
are inputs, ``SIGTERM`` in the middle of a batch (``-j 1`` and ``-j 2``: no orphan
worker, every row complete, the file in place), a full disk (``/dev/full``), a worker
killed from outside, escape sequences in names on a terminal table.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

__all__ = ["run_all"]

CLI = [sys.executable, "-m", "cvmatch.cli"]
_POSTING = (
    "Customer Service Representative\n\nRequirements\n- 2 years in a call center\n"
    "- Zendesk or Salesforce\n- Excellent written communication\n"
)
_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def _cli(*args: str, timeout: float = 300) -> subprocess.CompletedProcess:
    env = {**os.environ, "CVMATCH_NO_PROGRESS": "1"}
    return subprocess.run([*CLI, *args], capture_output=True, text=True, timeout=timeout, env=env)


def _number(cell: str) -> bool:
    try:
        float(cell)
    except ValueError:
        return False
    return True


def csv_formulas(root: Path, work: Path) -> tuple[bool, str]:
    """Class 5: no CSV cell of ``rank`` starts a formula (names and skills lines)."""
    posting = work / "posting.txt"
    posting.write_text(_POSTING, encoding="utf-8")
    target = work / "ranked.csv"
    done = _cli("rank", "--posting", str(posting), str(root / "attacks" / "c05"), "-o", str(target))
    cells = [c for r in csv.reader(io.StringIO(target.read_text(encoding="utf-8"))) for c in r]
    bad = [c for c in cells if c.startswith(_TRIGGERS) and not _number(c)]
    ok = done.returncode in (0, 1) and not bad and "Traceback" not in done.stderr
    return ok, f"exit {done.returncode}, {len(cells)} cells, {len(bad)} formula cells {bad[:2]}"


def output_over_input(root: Path, work: Path) -> tuple[bool, str]:
    """Class 6: an output that is an input, or inside an input folder, is refused."""
    folder = work / "o6"
    folder.mkdir()
    resume = (root / "attacks" / "c11" / "base.txt").read_bytes()
    for name in ("cv.txt", "cv2.txt"):
        (folder / name).write_bytes(resume)
    posting = work / "posting.txt"
    posting.write_text(_POSTING, encoding="utf-8")
    cv, cv2 = str(folder / "cv.txt"), str(folder / "cv2.txt")
    codes = [
        _cli("extract", cv, "-o", cv).returncode,
        _cli("rank", "--posting", str(posting), cv, cv2, "-o", cv2).returncode,
        _cli("extract", str(folder), "-o", str(folder / "results.txt")).returncode,
    ]
    intact = all((folder / n).read_bytes() == resume for n in ("cv.txt", "cv2.txt"))
    ok = codes == [2, 2, 2] and intact and not (folder / "results.txt").exists()
    return ok, f"exit {codes}, inputs intact: {intact}"


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as handle:
                    fields = handle.read().rsplit(b")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid and fields[0] != b"Z":
                found.append(int(entry))
    return found


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            return handle.read().rsplit(b")", 1)[1].split()[0] != b"Z"
    except OSError:
        return False


def _many(root: Path, folder: Path, count: int) -> None:
    """``count`` valid resumes (PDF, DOCX, HTML: read in workers also with ``-j 1``)."""
    folder.mkdir()
    valid = sorted(p for p in (root / "attacks").glob("c0*/zz-valid-*") if p.suffix != ".txt")
    for index in range(count):
        source = valid[index % len(valid)]
        shutil.copy(source, folder / f"cv{index:03d}{source.suffix}")


def sigterm(root: Path, work: Path, jobs: str) -> tuple[bool, str]:
    """Class 8: ``SIGTERM`` stops the workers and keeps every written row."""
    folder = work / f"o8-j{jobs}"
    _many(root, folder, 80)
    target = work / f"o8-j{jobs}.jsonl"
    process = subprocess.Popen(
        [*CLI, "score", str(folder), "-j", jobs, "--format", "jsonl", "-q", "-o", str(target)],
        stderr=subprocess.PIPE,
        text=True,
    )
    workers: list[int] = []
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and process.poll() is None:
        workers = _children(process.pid)
        parts = list(work.glob(f".o8-j{jobs}.jsonl.*.part"))
        if workers and parts and parts[0].stat().st_size:
            break
        time.sleep(0.05)
    process.send_signal(signal.SIGTERM)
    code = process.wait(timeout=60)
    time.sleep(2)
    orphans = [w for w in workers if _alive(w)]
    lines = target.read_text(encoding="utf-8").splitlines() if target.exists() else []
    complete = all(json.loads(line)["source"] for line in lines)
    left = list(work.glob(f".o8-j{jobs}.jsonl.*"))
    ok = code == 130 and not orphans and complete and bool(lines) and not left
    return ok, (
        f"exit {code}, {len(workers)} worker(s), {len(orphans)} orphan(s), {len(lines)} "
        f"complete rows of 80, temporary files left: {len(left)}"
    )


def full_disk(root: Path, work: Path) -> tuple[bool, str]:
    """Class 11: a full disk is exit 3 with a message, no traceback."""
    if not os.path.exists("/dev/full"):
        return True, "no /dev/full here"
    done = _cli(
        "score", str(root / "attacks" / "c11" / "base.txt"), "--format", "jsonl", "-o", "/dev/full"
    )
    ok = done.returncode == 3 and "Traceback" not in done.stderr
    return ok, f"exit {done.returncode}: {done.stderr.strip()[:90]}"


def worker_killed(root: Path, work: Path) -> tuple[bool, str]:
    """Class 11: a worker killed from outside costs at most its file a WorkerDied row."""
    folder = work / "o11-kill"
    _many(root, folder, 24)
    process = subprocess.Popen(
        [*CLI, "score", str(folder), "-j", "2", "--format", "jsonl", "-q"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    first = process.stdout.readline()  # type: ignore[union-attr]
    victims = _children(process.pid)
    if victims:
        os.kill(victims[0], signal.SIGKILL)
    rest, err = process.communicate(timeout=300)
    rows = [json.loads(line) for line in (first + rest).splitlines()]
    died = [r for r in rows if not r["ok"] and r["error"]["type"] == "WorkerDied"]
    others = [r for r in rows if not r["ok"] and r["error"]["type"] != "WorkerDied"]
    ok = len(rows) == 24 and not others and len(died) <= 1 and "Traceback" not in err
    return ok, f"{len(rows)} rows of 24, {len(died)} WorkerDied, {len(others)} other failures"


def terminal_escapes(root: Path, work: Path) -> tuple[bool, str]:
    """Class 11: escape sequences in file names never reach a table's output."""
    done = _cli("score", str(root / "attacks" / "c11"), "--format", "table")
    raw = [c for c in ("\x1b", "\x9b", "\x07") if c in done.stdout or c in done.stderr]
    return not raw and "Traceback" not in done.stderr, f"exit {done.returncode}, raw {raw}"


def run_all(root: Path, work: Path, _run: Callable | None = None) -> bool:
    """Run every probe, print a Markdown table, and say whether all held."""
    probes = [
        ("c05 CSV formula cells (rank -o csv)", lambda: csv_formulas(root, work)),
        ("c06 output over input (3 ways)", lambda: output_over_input(root, work)),
        ("c08 SIGTERM, -j 1", lambda: sigterm(root, work, "1")),
        ("c08 SIGTERM, -j 2", lambda: sigterm(root, work, "2")),
        ("c11 full disk (-o /dev/full)", lambda: full_disk(root, work)),
        ("c11 worker killed with SIGKILL", lambda: worker_killed(root, work)),
        ("c11 escape sequences, table", lambda: terminal_escapes(root, work)),
    ]
    print("| probe | held | what happened |")
    print("|---|---|---|")
    held = True
    for label, probe in probes:
        try:
            ok, text = probe()
        except Exception as exc:  # a probe that fails is reported, the others still run
            ok, text = False, f"probe failed: {type(exc).__name__}: {exc}"
        held = held and ok
        print(f"| {label} | {'yes' if ok else '**no**'} | {text.replace('|', '/')} |")
    print()
    return held
