"""The memory limit per worker from the command line (``--max-memory``), and temporary
output files that a killed run left behind, removed by the next run.

Each test builds its own inputs; the runaway reader is simulated in a child ``cvmatch``
process (single-threaded, so its workers are forked and inherit the simulation).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

import cvmatch.cli as cli_module
from cvmatch.cli import cli
from cvmatch.cli_runtime import remove_stale_parts

RESUME = "Jo Doe\n\nSkills\nZendesk, customer service\n"

#: ``cvmatch`` with a reader that takes 1 GB for ``hog.html`` and sleeps on ``slow*``.
_CLI = """
import os, sys, time
from pathlib import Path
import cvmatch.batch.job as job
real = job.Job._read
def read(self, source, kind):
    name = Path(job.source_name(source)).name
    if name == "hog.html":
        hog = bytearray(1 << 30)
        hog[::4096] = b"\\1" * len(hog[::4096])
    if name.startswith("slow"):
        time.sleep(0.5)
    return real(self, source, kind)
job.Job._read = read
from cvmatch.cli import main
main(sys.argv[1:])
"""


def cvmatch(*args: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", _CLI, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,
    )


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


# --- --max-memory ---------------------------------------------------------------------------
@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS, fork")
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_max_memory_caps_each_worker_and_names_the_limit(tmp_path: Path, jobs: str):
    for name, text in (("a.html", RESUME), ("hog.html", RESUME), ("c.html", RESUME)):
        (tmp_path / name).write_text(f"<p>{text}</p>", encoding="utf-8")
    args = ["extract", str(tmp_path), "--format", "jsonl", "-q", "-j", jobs]
    process = cvmatch(*args, "--max-memory", "300M")
    out, err = process.communicate(timeout=120)
    rows = [json.loads(line) for line in out.splitlines()]
    assert [Path(r["source"]).name for r in rows] == ["a.html", "c.html", "hog.html"], err
    assert [r["ok"] for r in rows] == [True, True, False]
    error = rows[2]["error"]
    assert error["type"] == "DocumentTooLarge" and "0.3 GB" in error["message"]
    assert "--max-memory" in error["message"] and process.returncode == 1
    process = cvmatch(*args, "--max-memory", "2G")  # the same hog fits under 2G
    out, _ = process.communicate(timeout=120)
    assert process.returncode == 0 and all(json.loads(line)["ok"] for line in out.splitlines())


def test_max_memory_reaches_the_library_and_bad_sizes_are_usage_errors(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(RESUME, encoding="utf-8")
    seen = []
    real = cli_module.iter_extracts

    def spy(*args, **kwargs):
        seen.append(kwargs["max_memory"])
        return real(*args, **kwargs)

    monkeypatch.setattr(cli_module, "iter_extracts", spy)
    for given, wanted in (("512M", 512 * 2**20), ("1.5G", 3 * 2**29), ("none", None)):
        code, out, _ = run("extract", str(tmp_path), "--format", "jsonl", "--max-memory", given)
        assert code == 0 and json.loads(out)["ok"]
        assert seen[-1] == wanted
    code, _, _ = run("extract", str(tmp_path))
    assert code == 0 and seen[-1] == 2 * 2**30  # the default, as in ReadLimits
    for bad in ("lots", "-1G", "1K"):
        code, _, err = run("extract", str(tmp_path), "--max-memory", bad)
        assert code == 2 and "--max-memory" in err and "Traceback" not in err


def test_max_memory_is_in_the_help():
    code, out, _ = run("rank", "--help")
    assert code == 0 and "--max-memory" in out and "none" in out


# --- temporary outputs left by a killed run -------------------------------------------------
def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_stale_temporary_outputs_of_dead_processes_are_removed(tmp_path: Path):
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        dead, live = _dead_pid(), sleeper.pid
        names = {
            f".out.jsonl.{dead}.k2j4x_a.part": False,  # a dead run's: removed
            f".out.jsonl.{live}.p9q8r7s.part": True,  # a running one's: kept
            ".out.jsonl.x7y6z5w4.part": True,  # no process id: not ours to judge
            f".other.jsonl.{dead}.m1n2o3p.part": True,  # another output's
            f".out.jsonl.old.{dead}.a1b2c3d.part": True,  # another output's too
        }
        for name in names:
            (tmp_path / name).write_text("{}\n", encoding="utf-8")
        assert remove_stale_parts(str(tmp_path), "out.jsonl") == [f".out.jsonl.{dead}.k2j4x_a.part"]
        assert {p.name for p in tmp_path.iterdir()} == {n for n, kept in names.items() if kept}
    finally:
        sleeper.kill()
        sleeper.wait()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="signals, fork")
def test_a_run_killed_with_sigkill_leaves_a_temporary_file_the_next_run_removes(tmp_path):
    folder = tmp_path / "cvs"
    folder.mkdir()
    for index in range(20):
        (folder / f"slow{index:02}.txt").write_text(RESUME, encoding="utf-8")
    target = tmp_path / "out.jsonl"
    args = ["extract", str(folder), "--format", "jsonl", "-o", str(target), "-q"]
    process = cvmatch(*args)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not list(tmp_path.glob(".out.jsonl.*.part")):
        time.sleep(0.05)
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=30)
    [left] = list(tmp_path.glob(".out.jsonl.*.part"))
    assert f".{process.pid}." in left.name and not target.exists()  # never under its name
    (folder / "fast.txt").write_text(RESUME, encoding="utf-8")
    for path in folder.glob("slow*"):
        path.unlink()
    code, _, _ = run("extract", str(folder), "--format", "jsonl", "-o", str(target))
    assert code == 0 and json.loads(target.read_text(encoding="utf-8"))["ok"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cvs", "out.jsonl"]
    assert os.path.getsize(target) > 0
