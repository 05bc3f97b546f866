"""Graded ranking quality: cvmatch.rank vs TF-IDF cosine vs BM25, NDCG@10 (gain 2^g - 1).

Usage: python bench/graded_ranking.py RANKING_DIR [--resumes DIR]

RANKING_DIR is laid out like ``../shared/data/dev/ranking``: ``labels/<posting>.json``
(grades 0-3 and ``must_haves_met`` per resume, by an independent recruiter),
``resumes.txt`` (the resume PDFs, found in ``--resumes``, by default
``RANKING_DIR/../../resumes``) and the postings themselves in ``RANKING_DIR/..``. It also
counts avoidable must-have failures: a resume whose must-haves are "no" inside a top 5
that had room for one whose must-haves are "yes" or "unclear". All three rankings are
computed in the same run on the same texts.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from collections.abc import Callable
from pathlib import Path

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import linear_kernel

import cvmatch

Ranker = Callable[[str, Path, list[Path], dict[Path, str]], list[Path]]


def ndcg(grades: list[int], k: int = 10) -> float:
    """NDCG@k of grades in ranked order, with gain 2^grade - 1."""

    def dcg(values: list[int]) -> float:
        return sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(values[:k]))

    ideal = dcg(sorted(grades, reverse=True))
    return dcg(grades) / ideal if ideal else 0.0


def avoidable_failures(met: list[str], top: int = 5) -> int:
    """Resumes failing a must-have inside the top ``top`` while one that does not was
    left below it."""
    head, rest = met[:top], met[top:]
    passing_below = sum(m in ("yes", "unclear") for m in rest)
    return min(sum(m == "no" for m in head), passing_below)


def _tfidf(posting_text: str, paths: list[Path], texts: dict[Path, str]) -> list[float]:
    vectorizer = TfidfVectorizer(sublinear_tf=True, stop_words="english")
    matrix = vectorizer.fit_transform([posting_text, *(texts[p] for p in paths)])
    return linear_kernel(matrix[0:1], matrix[1:]).ravel().tolist()


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


def rank_cvmatch(posting: Path, paths: list[Path]) -> list[Path]:
    ranked = cvmatch.rank(posting, paths)
    by_source = {str(p): p for p in paths}
    return [by_source[r.source] for r in ranked if r.source in by_source]


def _evaluate(ranking_dir: Path, resumes_dir: Path) -> dict[str, list[tuple[float, int]]]:
    names = ranking_dir.joinpath("resumes.txt").read_text(encoding="utf-8").split()
    paths = [resumes_dir / name for name in names]
    texts = {p: cvmatch.read_document(p).text for p in paths}
    results: dict[str, list[tuple[float, int]]] = {"cvmatch": [], "tfidf": [], "bm25": []}
    for label_file in sorted((ranking_dir / "labels").glob("*.json")):
        labels = json.loads(label_file.read_text(encoding="utf-8"))
        posting = next(ranking_dir.parent.glob(label_file.stem + ".*"))
        posting_text = cvmatch.read_document(posting).text
        rankings = {
            "cvmatch": rank_cvmatch(posting, paths),
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ranking_dir", type=Path)
    parser.add_argument("--resumes", type=Path, default=None)
    args = parser.parse_args(argv)
    resumes = args.resumes or args.ranking_dir.parent.parent / "resumes"
    results = _evaluate(args.ranking_dir, resumes)
    for method, values in results.items():
        mean = sum(v[0] for v in values) / len(values)
        failures = sum(v[1] for v in values)
        print(f"mean {method:<8} NDCG@10 {mean:.3f}  avoidable must-have failures: {failures}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
