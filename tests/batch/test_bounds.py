"""Memory is bounded per document, with one worker or many: a document that takes more
memory than ``ReadLimits.max_memory_bytes`` becomes a ``DocumentTooLarge`` row naming the
file and the limit, and the next documents are read by a fresh worker, unaffected.

The runaway reader is simulated (inherited by forked workers): for ``hog.pdf`` it
allocates far past the limit (Python: ``MemoryError``); for ``full.pdf`` it fills most
of its allowance and then aborts, as pdfium does when an allocation fails in C code;
for ``abort.pdf`` it aborts at once, far below the limit: a reader failing on the file,
which is not reported as a lack of memory.
"""

from __future__ import annotations

import dataclasses
import faulthandler
import os
import time
from pathlib import Path

import pytest

from cvmatch.batch import job as batch_job
from cvmatch.batch.job import Job, plain_text, source_name
from cvmatch.batch.pool import run_job
from cvmatch.batch.worker import address_space
from cvmatch.models import Document
from cvmatch.reading import ReadLimits

LIMIT = 300 * 1024 * 1024


@pytest.fixture()
def inputs(tmp_path: Path, resume_text: str, pdf_factory) -> list[Path]:
    (tmp_path / "hog.pdf").write_bytes(b"%PDF-1.4\n")
    (tmp_path / "abort.pdf").write_bytes(b"%PDF-1.4\n")
    (tmp_path / "full.pdf").write_bytes(b"%PDF-1.4\n")
    (tmp_path / "cv.txt").write_text(resume_text, encoding="utf-8")
    valid = pdf_factory("valid.pdf", resume_text.splitlines())
    names = ["hog.pdf", valid, "abort.pdf", "cv.txt", valid, "full.pdf", valid]
    return [tmp_path / name for name in names]


@pytest.fixture()
def runaway(monkeypatch) -> list[tuple[str, int]]:
    """Make ``hog.pdf`` and ``full.pdf`` take the memory, ``abort.pdf`` abort; record who
    read what."""
    real = batch_job.Job._read
    seen: list[tuple[str, int]] = []

    def read(self, source, kind):  # type: ignore[no-untyped-def]
        name = Path(source_name(source)).name
        seen.append((name, os.getpid()))
        if name == "hog.pdf":
            hog = bytearray(4 * LIMIT)  # more than the worker may hold
            hog[-1] = 1
        if name == "full.pdf":  # most of the allowance, seen by the parent, then abort
            held = bytearray(LIMIT * 7 // 10)
            held[::4096] = b"\1" * len(held[::4096])
            time.sleep(0.3)
        if name in ("abort.pdf", "full.pdf"):
            faulthandler.disable()  # (pytest's traceback dump is noise here)
            os.abort()
        return real(self, source, kind)

    monkeypatch.setattr(batch_job.Job, "_read", read)
    return seen


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_document_over_the_memory_limit_is_a_row_and_the_rest_are_read(
    inputs: list[Path], runaway: list[tuple[str, int]], jobs: int
) -> None:
    job = Job("extract", limits=ReadLimits(max_memory_bytes=LIMIT))
    rows = list(run_job(job, inputs, jobs=jobs, timeout=30, start_method="fork", prefetch=2))
    assert [r.source for r in rows] == [str(p) for p in inputs]
    assert [r.ok for r in rows] == [False, True, False, True, True, False, True]
    for row, name in ((rows[0], "hog.pdf"), (rows[5], "full.pdf")):
        assert row.error.type == "DocumentTooLarge", row.error
        assert name in row.error.message and "ReadLimits.max_memory_bytes" in row.error.message
    aborted = rows[2].error
    assert aborted.type == "UnreadableDocument", aborted
    assert "abort.pdf" in aborted.message and "aborted" in aborted.message
    assert "SIGABRT" in aborted.message and "not for lack of memory" in aborted.message
    assert rows[1].skills == rows[4].skills == rows[6].skills and rows[1].skills
    if jobs == 1:  # the text file was read here, the PDFs were not
        here = [name for name, pid in runaway if pid == os.getpid() and name != "warm-up"]
        assert here == ["cv.txt"]


def test_without_a_memory_limit_jobs_1_reads_everything_here(
    inputs: list[Path], runaway: list[tuple[str, int]]
) -> None:
    job = Job("extract", limits=ReadLimits(max_memory_bytes=None))
    rows = list(run_job(job, [inputs[1], inputs[3]], jobs=1))
    assert all(r.ok for r in rows)
    assert [pid for _, pid in runaway] == [os.getpid()] * 2


def test_a_memory_error_here_is_a_typed_row(inputs: list[Path], monkeypatch) -> None:
    """In this process (no limit asked), a MemoryError is a DocumentTooLarge row too, and
    the next document is read."""
    job = Job("extract", limits=dataclasses.replace(ReadLimits(), max_memory_bytes=None))

    def hog(self, source, kind):  # type: ignore[no-untyped-def]
        if Path(source_name(source)).name == "hog.pdf":
            raise MemoryError
        return Document(source="x", kind="resume", format="txt", text="Skills\nZendesk")

    monkeypatch.setattr(batch_job.Job, "_read", hog)
    rows = list(run_job(job, inputs[:2], jobs=1))
    assert rows[0].error.type == "DocumentTooLarge" and "hog.pdf" in rows[0].error.message
    assert rows[1].ok


def test_which_inputs_are_plain_text(tmp_path: Path) -> None:
    assert plain_text("a/cv.txt") and plain_text(Path("b.MD"))
    assert plain_text(Document(source="x", kind="resume", format="pdf", text="x"))
    assert not plain_text("cv.pdf") and not plain_text("cv.docx") and not plain_text("cv")
    assert plain_text("Summary\nCustomer service", text_strings=True)
    assert not plain_text(str(tmp_path), text_strings=True)  # an existing path is a path
    assert address_space() is None or address_space() > 0
