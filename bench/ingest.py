"""Reading speed, memory and section detection on a folder of real documents.

Usage::

    python bench/ingest.py DIR [--limit N] [--quality]

Reads every supported file under DIR once per PDF backend (pdfium, pdfminer.six) and
once for every other format, on one core, and prints documents per second, peak
traced memory, the share of files that failed, and, for resume PDFs, how often a
Skills and an Experience section were found. With ``--quality`` it also compares each
backend's words with pdfminer.six's (the share of pdfminer.six's word tokens the
backend recovers, and the share of its own tokens pdfminer.six confirms).
"""

from __future__ import annotations

import argparse
import contextlib
import re
import sys
import time
import tracemalloc
from collections import Counter, defaultdict
from pathlib import Path

from cvmatch.errors import CvmatchError
from cvmatch.reading import SUPPORTED_SUFFIXES, read_document
from cvmatch.reading.pdf import PDF_BACKENDS

#: Files read a second time under tracemalloc for the peak-memory column.
MEMORY_SAMPLE = 20
_WORD = re.compile(r"[A-Za-z]+")


def _tokens(text: str) -> Counter:
    return Counter(word.lower() for word in _WORD.findall(text))


def _peak_memory(files: list[Path], backend: str | None) -> int:
    """Peak Python-traced memory while reading (a sample: tracemalloc slows reading)."""
    tracemalloc.start()
    for path in files:
        with contextlib.suppress(CvmatchError):
            read_document(path, pdf_backend=backend)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def _run(files: list[Path], backend: str | None) -> dict:
    docs, failed, sections = [], Counter(), Counter()
    started = time.perf_counter()
    for path in files:
        try:
            docs.append(read_document(path, pdf_backend=backend))
        except CvmatchError as exc:
            failed[type(exc).__name__] += 1
    seconds = time.perf_counter() - started
    peak = _peak_memory(files[:MEMORY_SAMPLE], backend)
    for doc in docs:
        if doc.kind == "resume":
            sections["resumes"] += 1
            names = {s.name for s in doc.sections}
            sections["skills"] += "skills" in names
            sections["experience"] += "experience" in names
            sections["both"] += {"skills", "experience"} <= names
            sections["positions"] += bool(doc.positions)
    return {"docs": docs, "seconds": seconds, "peak": peak, "failed": failed, "sections": sections}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dir", type=Path, help="folder of documents (searched recursively)")
    parser.add_argument("--limit", type=int, default=None, help="read at most N files per format")
    parser.add_argument(
        "--quality", action="store_true", help="compare each backend's words with pdfminer.six's"
    )
    args = parser.parse_args(argv)
    if not args.dir.is_dir():
        parser.error(f"{args.dir}: not a folder")
    by_format = _files_by_format(args.dir, args.limit)
    if not by_format:
        print(f"no supported files under {args.dir}", file=sys.stderr)
        return 1

    print(
        f"{'format':<8} {'backend':<10} {'files':>6} {'docs/s':>8} {'peak MiB*':>9} "
        f"{'failed':>7}  sections (resumes: skills / experience / both / positions)"
    )
    runs: dict[str, dict] = {}
    for fmt, files in sorted(by_format.items()):
        for backend in PDF_BACKENDS if fmt == "pdf" else (None,):
            result = _run(files, backend)
            runs[(backend or "-") if fmt == "pdf" else fmt] = result
            _print_run(fmt, backend or "-", files, result)
    if "pdf" in by_format:  # the reader alone, as the issue measured libraries
        _print_text_extraction(by_format["pdf"])
    import resource

    print(
        f"* peak traced Python memory reading the first {MEMORY_SAMPLE} files of each run; "
        f"process max RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB; "
        "one core, files read one after another"
    )
    if args.quality and "pdfminer" in runs:
        _print_quality(runs)
    return 0


def _files_by_format(folder: Path, limit: int | None) -> dict[str, list[Path]]:
    """Supported files under ``folder`` by format, sorted, at most ``limit`` of each."""
    by_format: dict[str, list[Path]] = defaultdict(list)
    for path in sorted(folder.rglob("*")):
        fmt = SUPPORTED_SUFFIXES.get(path.suffix.lower())
        if fmt and path.is_file():
            by_format[fmt].append(path)
    if limit:
        return {fmt: paths[:limit] for fmt, paths in by_format.items()}
    return by_format


def _print_run(fmt: str, label: str, files: list[Path], result: dict) -> None:
    sec = result["sections"]
    n = sec["resumes"]

    def pct(k: str) -> str:
        return f"{100 * sec[k] / n:5.1f}%" if n else "   - "

    failed = sum(result["failed"].values())
    print(
        f"{fmt:<8} {label:<10} {len(files):>6} "
        f"{len(files) / result['seconds']:>8.1f} {result['peak'] / 2**20:>9.1f} "
        f"{failed:>7}  {n} resumes: {pct('skills')} / {pct('experience')} / "
        f"{pct('both')} / {pct('positions')}"
        + (f"  errors: {dict(result['failed'])}" if failed else "")
    )


def _print_text_extraction(pdfs: list[Path]) -> None:
    """PDF text extraction alone (no normalisation or sections), with pdfium."""
    from cvmatch.reading.limits import Deadline
    from cvmatch.reading.pdf import read_pdf

    for backend in ("pdfium",):
        datas = [path.read_bytes() for path in pdfs]
        started = time.perf_counter()
        for data in datas:
            with contextlib.suppress(CvmatchError):
                read_pdf(data, "x", max_pages=10**6, deadline=Deadline(None, "x"), backend=backend)
        rate = len(datas) / (time.perf_counter() - started)
        print(
            f"{'pdf':<8} {backend:<10} {len(datas):>6} {rate:>8.1f}  "
            "(text extraction alone, no normalisation or sections)"
        )


def _print_quality(runs: dict[str, dict]) -> None:
    """Each backend's words against pdfminer.six's: recall and precision per PDF, averaged."""
    reference = {d.source: _tokens(d.text) for d in runs["pdfminer"]["docs"]}
    for backend in PDF_BACKENDS:
        recall = precision = 0.0
        n = 0
        for doc in runs[backend]["docs"]:
            ref = reference.get(doc.source)
            if not ref:
                continue
            got = _tokens(doc.text)
            common = sum((ref & got).values())
            recall += common / max(1, sum(ref.values()))
            precision += common / max(1, sum(got.values()))
            n += 1
        if n:
            print(
                f"quality {backend:<9} vs pdfminer.six words on {n} PDFs: "
                f"recall {100 * recall / n:.2f}%  precision {100 * precision / n:.2f}%"
            )


if __name__ == "__main__":
    sys.exit(main())
