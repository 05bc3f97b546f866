"""End-to-end speed against the machine's limit: pdfium text plus spaCy's tokenizer.

Usage::

    python bench/speed.py DATA [--limit N] [--repeat R] [--profile FILE]

DATA is a folder of resume PDFs, searched recursively (given ``../shared/data``, its
``resumes/`` folder is read). In one process, on one core, each step runs over the
same documents ``R`` times (default 3) and the best run is printed as documents per
second of this process's CPU time:

- bare pypdfium2 text (``get_text_range`` per page);
- bare ``spacy.blank("en")`` tokenizer on those texts;
- the limit: pdfium text then the tokenizer, per document, in sequence;
- ``cvmatch.read_document``, ``cvmatch.score_resume`` on the read text, and
  ``cvmatch.score_resume`` on the PDF (end to end, every reading limit on).

The last lines are the ratios that matter (steps measured in the same run, so a busy
machine slows them alike): end to end / limit, and reading / bare pdfium.
``--profile FILE`` also writes a cProfile of one end-to-end pass to FILE.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import time
from collections.abc import Callable
from pathlib import Path

import cvmatch
from cvmatch.errors import CvmatchError


def pdfium_text(path: Path) -> str:
    """A PDF's text as pypdfium2 gives it, page by page, nothing else."""
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path.read_bytes())
    try:
        texts = []
        for index in range(len(pdf)):
            page = pdf[index]
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return "\n".join(texts)
    finally:
        pdf.close()


def best_rate(items: list, step: Callable[[object], object], repeat: int) -> float:
    """Documents per CPU second of ``step`` over ``items``: the best of ``repeat`` runs
    (this process's CPU time, so other processes on a shared machine count less)."""
    best = float("inf")
    for _ in range(repeat):
        started = time.process_time()
        for item in items:
            with contextlib.suppress(CvmatchError):
                step(item)
        best = min(best, time.process_time() - started)
    return len(items) / best


def _files(folder: Path, limit: int) -> list[Path]:
    """Up to ``limit`` PDFs under ``folder`` (its ``resumes`` folder when it has one),
    spread evenly over the sorted list."""
    if (folder / "resumes").is_dir():
        folder = folder / "resumes"
    files = sorted(p for p in folder.rglob("*") if p.suffix.lower() == ".pdf" and p.is_file())
    stride = max(1, len(files) // limit) if limit else 1
    return files[::stride][:limit] if limit else files


def _profile(files: list[Path], target: Path) -> None:
    """One end-to-end pass under cProfile, written to ``target`` (for ``pstats``)."""
    import cProfile

    profiler = cProfile.Profile()
    profiler.enable()
    for path in files:
        with contextlib.suppress(CvmatchError):
            cvmatch.score_resume(path)
    profiler.disable()
    profiler.dump_stats(str(target))
    print(f"profile of one end-to-end pass written to {target}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", type=Path, help="folder of resume PDFs (searched recursively)")
    parser.add_argument("--limit", type=int, default=120, help="at most N PDFs (default 120)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per step, best kept")
    parser.add_argument("--profile", type=Path, default=None, help="write a cProfile here")
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        parser.error(f"{args.data}: not a folder")
    files = _files(args.data, args.limit)
    if not files:
        parser.error(f"{args.data}: no PDF files")
    import spacy

    nlp = spacy.blank("en")
    texts = [pdfium_text(path) for path in files]
    read = []
    for path in files:  # warm-up: the extractor is built on the first call
        with contextlib.suppress(CvmatchError):
            read.append(cvmatch.read_document(path).text)
    with contextlib.suppress(CvmatchError):
        cvmatch.score_resume(read[0])
    rates = {
        "bare pypdfium2 text (get_text_range per page)": best_rate(files, pdfium_text, args.repeat),
        'bare spacy.blank("en") tokenizer, same texts': best_rate(texts, nlp, args.repeat),
        "limit: pdfium text then nlp(text), in sequence": best_rate(
            files, lambda p: nlp(pdfium_text(p)), args.repeat
        ),
        "cvmatch.read_document": best_rate(files, cvmatch.read_document, args.repeat),
        "cvmatch.score_resume(text)": best_rate(read, cvmatch.score_resume, args.repeat),
        "cvmatch.score_resume(pdf), end to end": best_rate(
            files, cvmatch.score_resume, args.repeat
        ),
    }
    print(f"{len(files)} PDFs under {args.data}, one process, best of {args.repeat}")
    print(f"{'step':<50} {'docs/s':>8} {'ms/doc':>8}")
    for label, rate in rates.items():
        print(f"{label:<50} {rate:>8.1f} {1000 / rate:>8.2f}")
    values = list(rates.values())
    print(f"end to end / limit: {values[5] / values[2]:.2f} (goal >= 0.75)")
    print(f"read_document / bare pdfium: {values[3] / values[0]:.2f}")
    if args.profile:
        _profile(files, args.profile)
    return 0


if __name__ == "__main__":
    sys.exit(main())
