"""Ranking quality: cvmatch.rank vs TF-IDF cosine vs BM25, on graded or role-labelled data.

Usage: python bench/ranking.py RANKING_DIR [--resumes DIR] [--postings DIR] [--score-only]
       python bench/ranking.py DATA_DIR --roles [-k 10]

Graded (the default): RANKING_DIR is laid out like ``../shared/data/dev/ranking``:
``labels/<posting>.json`` (grades 0-3 and ``must_haves_met`` per resume, by an
independent recruiter), ``resumes.txt`` (the resume PDFs, found in ``--resumes``, by
default ``RANKING_DIR/../../resumes``) and the postings themselves: in ``--postings``,
else in a ``postings/`` folder beside ``labels/``, else in ``RANKING_DIR/..``.
It reports NDCG@10 with gain 2^grade - 1 and the avoidable must-have failures: a resume
whose must-haves are "no" inside a top 5 that had room for one whose must-haves are
"yes" or "unclear". ``--score-only`` ranks cvmatch on the score alone (no must-have gate).

``--roles``: for each posting of DATA_DIR's ``labels.jsonl`` with a role, every labelled
resume is ranked against it; a resume is relevant (gain 1) when its annotated roles
include the posting's first role.

All rankings of a posting are computed in the same run on the same texts.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import time
from pathlib import Path

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import linear_kernel

import cvmatch


def ndcg(grades: list[int], k: int = 10) -> float:
    """NDCG@k of grades in ranked order, with gain 2^grade - 1 (1 for a 0/1 relevance)."""

    def dcg(values: list[int]) -> float:
        return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(values[:k]))

    ideal = dcg(sorted(grades, reverse=True))
    return dcg(grades) / ideal if ideal else 0.0


def tfidf_scores(posting_text: str, texts: list[str]) -> list[float]:
    """TF-IDF cosine of each text to the posting, fitted on the posting and all texts."""
    vectorizer = TfidfVectorizer(sublinear_tf=True, stop_words="english")
    matrix = vectorizer.fit_transform([posting_text, *texts])
    return linear_kernel(matrix[0:1], matrix[1:]).ravel().tolist()


def avoidable_failures(met: list[str], top: int = 5) -> int:
    """Resumes failing a must-have inside the top ``top`` while one that does not was
    left below it."""
    head, rest = met[:top], met[top:]
    passing_below = sum(m in ("yes", "unclear") for m in rest)
    return min(sum(m == "no" for m in head), passing_below)


def _tfidf(posting_text: str, paths: list[Path], texts: dict[Path, str]) -> list[float]:
    return tfidf_scores(posting_text, [texts[p] for p in paths])


def _bm25(posting_text: str, paths: list[Path], texts: dict[Path, str]) -> list[float]:
    analyzer = TfidfVectorizer(stop_words="english").build_analyzer()
    docs = [analyzer(texts[p]) for p in paths]
    mean = sum(map(len, docs)) / len(docs)
    df: dict[str, int] = {}
    for doc in docs:
        for term in set(doc):
            df[term] = df.get(term, 0) + 1
    scores = []
    for doc in docs:
        counts: dict[str, int] = {}
        for term in doc:
            counts[term] = counts.get(term, 0) + 1
        score = 0.0
        for term in set(analyzer(posting_text)):
            if term in counts:
                idf = math.log(1 + (len(docs) - df[term] + 0.5) / (df[term] + 0.5))
                tf = counts[term]
                score += idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * len(doc) / mean))
        scores.append(score)
    return scores


def _by_score(scores: list[float], paths: list[Path]) -> list[Path]:
    order = sorted(range(len(paths)), key=lambda i: (-scores[i], paths[i].name))
    return [paths[i] for i in order]


def rank_cvmatch(posting: Path, paths: list[Path], score_only: bool = False) -> list[Path]:
    """cvmatch's ranking of the resume files against a posting file."""
    ranked = cvmatch.rank(posting, paths, score_only=score_only)
    by_source = {str(p): p for p in paths}
    return [by_source[r.source] for r in ranked if r.source in by_source]


def _posting_file(postings_dir: Path, stem: str) -> Path:
    """The posting file named ``stem`` (any extension) in ``postings_dir``."""
    found = sorted(postings_dir.glob(stem + ".*"))
    if not found:
        raise SystemExit(f"{postings_dir}: no posting file {stem}.*; give --postings DIR")
    return found[0]


def _resume_file(resumes_dir: Path, name: str) -> Path:
    """The resume ``name`` names: a file name, or a stem (``.pdf`` first)."""
    path = resumes_dir / name
    if path.suffix or path.exists():
        return path
    return next(iter(sorted(resumes_dir.glob(name + ".*"))), path.with_suffix(".pdf"))


def graded(
    ranking_dir: Path,
    resumes_dir: Path,
    score_only: bool = False,
    postings_dir: Path | None = None,
) -> dict[str, list[tuple[float, int]]]:
    """Graded NDCG@10 and avoidable must-have failures per posting, for each method."""
    if postings_dir is None:
        beside = ranking_dir / "postings"
        postings_dir = beside if beside.is_dir() else ranking_dir.parent
    if not resumes_dir.is_dir():
        raise SystemExit(f"{resumes_dir}: no such folder; give --resumes DIR")
    names = ranking_dir.joinpath("resumes.txt").read_text(encoding="utf-8").split()
    paths = [_resume_file(resumes_dir, name) for name in names]
    texts = {p: cvmatch.read_document(p).text for p in paths}
    results: dict[str, list[tuple[float, int]]] = {"cvmatch": [], "tfidf": [], "bm25": []}
    if not (ranking_dir / "labels").is_dir():
        raise SystemExit(f"{ranking_dir}: no labels/ folder; give a graded ranking folder")
    for label_file in sorted((ranking_dir / "labels").glob("*.json")):
        labels = json.loads(label_file.read_text(encoding="utf-8"))
        posting = _posting_file(postings_dir, label_file.stem)
        posting_text = cvmatch.read_document(posting).text
        rankings = {
            "cvmatch": rank_cvmatch(posting, paths, score_only),
            "tfidf": _by_score(_tfidf(posting_text, paths, texts), paths),
            "bm25": _by_score(_bm25(posting_text, paths, texts), paths),
        }
        for method, ranked in rankings.items():
            grades = [labels["grades"][p.stem]["grade"] for p in ranked]
            met = [labels["grades"][p.stem]["must_haves_met"] for p in ranked]
            results[method].append((ndcg(grades), avoidable_failures(met)))
            print(
                f"{label_file.stem:<32} {method:<8} NDCG@10 {ndcg(grades):.3f}  "
                f"avoidable must-have failures in top 5: {avoidable_failures(met)}"
            )
    return results


def _labelled(data_dir: Path) -> tuple[list[tuple[object, set[str]]], list[tuple[object, str]]]:
    """The labelled resumes (with their roles) and postings (with their first role)."""
    labels = [
        json.loads(line)
        for line in (data_dir / "labels.jsonl").open(encoding="utf-8")
        if line.strip()
    ]
    resumes, postings = [], []
    for item in labels:
        path = next(
            (
                p
                for p in sorted(data_dir.glob(item["doc"] + ".*"))
                if p.suffix in (".pdf", ".txt", ".docx", ".html")
            ),
            None,
        )
        if path is None:
            continue
        if item["doc"].startswith("resume"):
            resumes.append((cvmatch.read_document(path, kind="resume"), set(item["roles"])))
        elif item["roles"]:
            postings.append((cvmatch.read_document(path, kind="posting"), item["roles"][0]))
    return resumes, postings


def by_roles(data_dir: Path, k: int) -> int:
    """NDCG@k with 0/1 relevance from the annotated roles, cvmatch vs TF-IDF."""
    resumes, postings = _labelled(data_dir)
    ours, baseline = [], []
    t0 = time.perf_counter()
    for posting, role in postings:
        relevant = {doc.source for doc, roles in resumes if role in roles}
        if not relevant:
            continue
        ranked = cvmatch.rank(posting, [doc for doc, _ in resumes])
        ours.append(ndcg([int(r.source in relevant) for r in ranked], k))
        sims = tfidf_scores(posting.text, [doc.text for doc, _ in resumes])
        order = sorted(range(len(resumes)), key=lambda i: -sims[i])
        baseline.append(ndcg([int(resumes[i][0].source in relevant) for i in order], k))
    elapsed = time.perf_counter() - t0
    if not ours:
        print("no posting with a role and a relevant resume")
        return 1
    print(f"postings ranked: {len(ours)} against {len(resumes)} resumes each ({elapsed:.1f}s)")
    print(
        f"NDCG@{k}  cvmatch.rank {sum(ours) / len(ours):.3f}   "
        f"TF-IDF cosine {sum(baseline) / len(baseline):.3f}"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--resumes", type=Path, default=None)
    parser.add_argument("--postings", type=Path, default=None, help="the posting files")
    parser.add_argument("--roles", action="store_true", help="relevance from annotated roles")
    parser.add_argument("--score-only", action="store_true", help="no must-have gate")
    parser.add_argument("-k", type=int, default=10)
    args = parser.parse_args(argv)
    if args.roles:
        return by_roles(args.data_dir, args.k)
    resumes = args.resumes or args.data_dir.parent.parent / "resumes"
    results = graded(args.data_dir, resumes, args.score_only, args.postings)
    for method, values in results.items():
        mean = sum(v[0] for v in values) / len(values)
        failures = sum(v[1] for v in values)
        print(f"mean {method:<8} NDCG@10 {mean:.3f}  avoidable must-have failures: {failures}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
