"""A worker killed from outside gives its file a ``WorkerDied`` row (the file is not
blamed), a reader that crashes still blames the file, and the batch goes on."""

from __future__ import annotations

import faulthandler
import os
import signal
import sys
import time
from pathlib import Path

import pytest

from cvmatch.batch import iter_extracts
from cvmatch.batch import job as batch_job
from cvmatch.batch.lifecycle import death_error
from cvmatch.batch.worker import Worker, memory_breach, memory_held

RESUME = "Skills\nZendesk, customer service\n"


@pytest.mark.skipif(not hasattr(os, "fork"), reason="forked workers inherit the patch")
def test_a_worker_killed_from_outside_is_not_blamed_on_the_file(tmp_path: Path, monkeypatch):
    real_run = batch_job.Job.run

    def run(self, source):
        name = Path(os.fspath(source)).name
        if name == "b-killed.txt":
            os.kill(os.getpid(), signal.SIGKILL)  # as kill -9 or the OOM killer would
        if name == "d-crash.txt":
            faulthandler.disable()  # (pytest's dump would only be noise)
            os.kill(os.getpid(), signal.SIGSEGV)  # a reader's own crash
        return real_run(self, source)

    monkeypatch.setattr(batch_job.Job, "run", run)
    names = ["a.txt", "b-killed.txt", "c.txt", "d-crash.txt", "e.txt"]
    for name in names:
        (tmp_path / name).write_text(RESUME, encoding="utf-8")
    rows = list(iter_extracts(tmp_path, jobs=2, start_method="fork", prefetch=1))
    assert [Path(r.source).name for r in rows] == names
    assert [r.ok for r in rows] == [True, False, True, False, True]
    killed, crashed = rows[1].error, rows[3].error
    assert killed.type == "WorkerDied" and "SIGKILL" in killed.message
    assert "not judged" in killed.message and "crashed" not in killed.message
    assert crashed.type == "UnreadableDocument" and "crashed" in crashed.message


def test_death_error_tells_a_kill_from_a_crash():
    assert death_error("cv.pdf", -signal.SIGTERM).type == "WorkerDied"
    assert death_error("cv.pdf", -signal.SIGKILL).message.startswith("cv.pdf: ")
    assert death_error("cv.pdf", -signal.SIGABRT).type == "UnreadableDocument"
    assert death_error("cv.pdf", 3).type == "UnreadableDocument"
    aborted = death_error("cv.pdf", -signal.SIGABRT, "12 MB of its 2.0 GB memory limit")
    assert "aborted" in aborted.message and "not for lack of memory" in aborted.message
    assert "aborted" not in death_error("cv.pdf", -signal.SIGSEGV).message


@pytest.mark.parametrize(
    ("exitcode", "peak_mb", "breach"),
    [
        (-signal.SIGABRT, 900, True),  # aborted near its cap: the cap refused an allocation
        (-signal.SIGSEGV, 900, True),  # C code that used a refused allocation
        (1, 900, True),  # a fatal "out of memory" exit
        (-signal.SIGABRT, 20, False),  # aborted far below it: the reader failed
        (-signal.SIGKILL, 900, False),  # killed from outside: never the cap (RLIMIT_AS)
        (-signal.SIGTERM, 900, False),
        (0, 900, False),
    ],
)
def test_a_cap_breach_is_told_from_other_deaths(exitcode: int, peak_mb: int, breach: bool):
    mb = 2**20
    worker = Worker(process=None, conn=None, start_bytes=100 * mb, cap=1100 * mb)  # type: ignore[arg-type]
    worker.peak = worker.start_bytes + peak_mb * mb
    assert memory_breach(worker, exitcode) is breach
    assert memory_held(worker) == f"{peak_mb} MB of its 1.0 GB memory limit"
    uncapped = Worker(process=None, conn=None, start_bytes=100 * mb, peak=2000 * mb)  # type: ignore[arg-type]
    assert not memory_breach(uncapped, exitcode) and memory_held(uncapped) is None


def _alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie waiting for its reaper is dead)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="utf-8") as handle:
            return handle.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG, /proc")
def test_workers_die_with_a_parent_killed_by_sigkill(tmp_path: Path, monkeypatch):
    """No orphans even when the parent gets no chance to stop them (kill -9), also when
    they are busy on a long file."""
    real_run = batch_job.Job.run

    def run(self, source):
        if Path(os.fspath(source)).name != "a.txt":
            time.sleep(60)  # a long file: the worker is busy when its parent dies
        return real_run(self, source)

    monkeypatch.setattr(batch_job.Job, "run", run)
    for name in ("a.txt", "b.txt", "c.txt", "d.txt"):
        (tmp_path / name).write_text(RESUME, encoding="utf-8")
    read, write = os.pipe()
    parent = os.fork()
    if parent == 0:  # the batch's parent: starts two workers, reports them, dies hard
        os.close(read)
        try:
            import multiprocessing

            results = iter_extracts(tmp_path, jobs=2, start_method="fork")
            next(results)
            pids = [child.pid for child in multiprocessing.active_children()]
            os.write(write, " ".join(map(str, pids)).encode() + b"\n")
        finally:
            os.kill(os.getpid(), signal.SIGKILL)
    os.close(write)
    with os.fdopen(read) as pipe:  # one line: the workers hold the pipe open too
        workers = [int(pid) for pid in pipe.readline().split()]
    os.waitpid(parent, 0)
    assert len(workers) == 2
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and any(_alive(pid) for pid in workers):
        time.sleep(0.05)
    assert not [pid for pid in workers if _alive(pid)]
