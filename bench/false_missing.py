"""False "missing": a posting requirement listed missing for a resume whose gold labels show it.

Usage: python bench/false_missing.py DATA_DIR [--half 0|1|all] [--errors]

DATA_DIR is laid out like ``../shared/data/dev``: ``resume-*`` and ``posting-*`` documents
and ``labels.jsonl`` (``{"doc", "skills": {concept: quote}, ...}`` per document). Every
resume is matched against every posting; a concept in ``MatchResult.missing`` that the
resume's gold labels have is a false "missing". Each is one of two kinds:

- ``extraction``: the resume's own extraction lacks the concept (a recall error of
  extraction, which the match can only repeat);
- ``value``: the extraction has it, but the posting names a value (a language, an
  industry, a product) the resume does not show, and scoring counts only that value;
  the explanation then says what the resume shows instead;
- ``scoring``: the extraction has it, no value is at stake, and the match lists it
  missing anyway (a bug of scoring or explanation: aim 0).

Documents fall in halves by ``zlib.crc32(doc_id) % 2``; ``--half`` keeps the pairs whose
resume and posting are both in that half (the default ``all`` keeps every pair).
``--errors`` lists each false "missing" with the resume's gold quote; it is refused for
half 1, which is measured as a number only.
"""

from __future__ import annotations

import argparse
import json
import sys
import zlib
from collections import Counter
from pathlib import Path

from cvmatch.api import as_document, read_posting
from cvmatch.extract import get_extractor
from cvmatch.models import Document, MatchResult, SkillProfile
from cvmatch.scoring import match_profiles
from cvmatch.taxonomy import load_taxonomy

SUFFIXES = (".pdf", ".txt", ".docx", ".html", ".md")


def _half(doc_id: str) -> int:
    return zlib.crc32(doc_id.encode()) % 2


def _documents(data_dir: Path, prefix: str, half: str) -> list[Path]:
    paths = [p for p in sorted(data_dir.glob(prefix + "-*")) if p.suffix.lower() in SUFFIXES]
    return [p for p in paths if half == "all" or _half(p.stem) == int(half)]


def _labels(data_dir: Path) -> dict[str, set[str]]:
    labels: dict[str, set[str]] = {}
    with open(data_dir / "labels.jsonl", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                row = json.loads(line)
                labels[row["doc"]] = set(row.get("skills", {}))
    return labels


def _match(
    resume: tuple[Document, SkillProfile], posting: tuple[Document, SkillProfile], taxonomy
) -> MatchResult:
    """The match as ``cvmatch.match`` computes it, on documents read once."""
    document, profile = resume
    posting_doc, posting_profile = posting
    return match_profiles(
        profile, posting_profile, taxonomy, resume_document=document, posting_document=posting_doc
    )


def _kind(gap, shown: set[str]) -> str:
    if gap.id not in shown:
        return "extraction"
    return "value" if gap.values and not gap.values_shown else "scoring"


def count(data_dir: Path, half: str) -> list[tuple[str, str, str, str]]:
    """Every false "missing" as (resume, posting, concept, kind)."""
    taxonomy = load_taxonomy()
    extractor = get_extractor(taxonomy)
    gold = _labels(data_dir)
    resumes = {}
    for path in _documents(data_dir, "resume", half):
        document = as_document(path, kind="resume")
        resumes[path.stem] = (document, extractor.extract(document))
    postings = {
        p.stem: read_posting(p, taxonomy=taxonomy) for p in _documents(data_dir, "posting", half)
    }
    found = []
    for resume_id, resume in resumes.items():
        shown = set(resume[1].ids)
        for posting_id, posting in postings.items():
            result = _match(resume, posting, taxonomy)
            for gap in result.missing:
                if gap.id in gold.get(resume_id, set()):
                    kind = _kind(gap, shown)
                    found.append((resume_id, posting_id, gap.id, kind))
    print(
        f"{len(resumes)} resumes x {len(postings)} postings = {len(resumes) * len(postings)} pairs"
    )
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--half", choices=("0", "1", "all"), default="all")
    parser.add_argument("--errors", action="store_true", help="list each one (half 0 only)")
    args = parser.parse_args(argv)
    if args.errors and args.half != "0":
        parser.error("--errors lists documents: only with --half 0")
    found = count(args.data_dir, args.half)
    kinds = Counter(kind for *_, kind in found)
    print(
        f'false "missing": {len(found)} '
        f"(extraction misses {kinds['extraction']}, value not shown {kinds['value']}, "
        f"scoring/explanation {kinds['scoring']})"
    )
    by_concept = Counter((concept, kind) for _, _, concept, kind in found)
    for concept in sorted({c for c, _ in by_concept}):
        print(
            f"  {concept:32} extraction {by_concept[concept, 'extraction']:4}"
            f"  value {by_concept[concept, 'value']:4}  scoring {by_concept[concept, 'scoring']:4}"
        )
    if args.errors:
        pairs = Counter((resume, concept, kind) for resume, _, concept, kind in found)
        for (resume, concept, kind), n in sorted(pairs.items()):
            print(f"{resume}\t{concept}\t{kind}\t{n} postings")
    return 0


if __name__ == "__main__":
    sys.exit(main())
