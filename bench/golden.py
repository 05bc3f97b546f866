"""Golden outputs: JSON Lines of extract, score and match over real documents, to compare.

Usage:
    python bench/golden.py DATA_DIR OUT.jsonl            # write the outputs
    python bench/golden.py DATA_DIR OUT.jsonl --compare BEFORE.jsonl

DATA_DIR is a folder laid out like ``../shared/data`` (``dev/``, ``resumes/``,
``postings/*.csv``). It takes every dev document, the first ``--resumes`` resume PDFs
(sorted by name) and ``--postings`` postings spread over the CSV files, and writes one line
per (job, document): the ``model_dump(mode="json")`` of the public result, as the CLI's
JSON Lines do. With ``--compare`` it prints the lines that differ and exits 1 if any do.
A refactoring that changes no behaviour leaves this file byte-identical.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import cvmatch

csv.field_size_limit(1 << 24)

_TEXT_COLUMNS = ("FullDescription", "description")
_ID_COLUMNS = ("Id", "job_id")


def _postings(data_dir: Path, count: int) -> Iterator[tuple[str, str]]:
    files = sorted((data_dir / "postings").glob("*.csv"))
    rows: list[tuple[str, str]] = []
    for path in files:
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                text = next((row[c] for c in _TEXT_COLUMNS if row.get(c)), "")
                ident = next((row[c] for c in _ID_COLUMNS if row.get(c)), "")
                if text.strip():
                    rows.append((f"{path.stem}-{ident}", text))
    step = max(1, len(rows) // count) if count else len(rows) + 1
    yield from rows[::step][:count]


def _documents(data_dir: Path, resumes: int, postings: int) -> Iterator[tuple[str, object]]:
    for path in sorted((data_dir / "dev").iterdir()):
        if path.suffix in (".pdf", ".txt"):
            yield f"dev/{path.name}", path
    for path in sorted((data_dir / "resumes").glob("*.pdf"))[:resumes]:
        yield f"resumes/{path.name}", path
    for name, text in _postings(data_dir, postings):
        yield f"postings/{name}", cvmatch.read_text(text, kind="posting")


def _lines(data_dir: Path, resumes: int, postings: int) -> Iterator[str]:
    posting = cvmatch.read_document(Path(__file__).parents[1] / "examples/postings/cx-manager.html")
    for name, source in _documents(data_dir, resumes, postings):
        try:
            document = cvmatch.read_document(source) if isinstance(source, Path) else source
        except cvmatch.CvmatchError as exc:
            yield json.dumps({"doc": name, "error": type(exc).__name__})
            continue
        jobs = {
            "extract": lambda d: cvmatch.extract_skills(d),
            "score": lambda d: cvmatch.score_resume(d),
        }
        if document.kind == "resume":
            jobs["match"] = lambda d: cvmatch.match(d, posting)
        for job, run in jobs.items():
            result = run(document)
            yield json.dumps({"doc": name, "job": job, "result": result.model_dump(mode="json")})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--resumes", type=int, default=150)
    parser.add_argument("--postings", type=int, default=400)
    parser.add_argument("--compare", type=Path)
    args = parser.parse_args(argv)
    with args.out.open("w", encoding="utf-8") as out:
        for line in _lines(args.data_dir, args.resumes, args.postings):
            out.write(line + "\n")
    if args.compare is None:
        return 0
    before = args.compare.read_text(encoding="utf-8").splitlines()
    after = args.out.read_text(encoding="utf-8").splitlines()
    changed = [(b, a) for b, a in zip(before, after, strict=False) if b != a]
    for b, a in changed[:20]:
        print("-", b[:300], "\n+", a[:300])
    missing = len(before) - len(after)
    print(f"{len(after)} lines, {len(changed)} changed, {missing} count difference")
    return 1 if changed or len(before) != len(after) else 0


if __name__ == "__main__":
    sys.exit(main())
