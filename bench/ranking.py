"""Ranking quality: cvmatch.rank vs a plain TF-IDF cosine ranking, NDCG@10.

Usage: python bench/ranking.py DATA_DIR

For each labelled posting with a role, every labelled resume is ranked against it; a
resume is relevant when its annotated roles include the posting's (first) role.
Both rankings are computed in the same run on the same documents.
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


def ndcg_at(relevance: list[int], k: int) -> float:
    """NDCG@k of a ranked list of 0/1 relevances."""
    dcg = sum(rel / math.log2(i + 2) for i, rel in enumerate(relevance[:k]))
    ideal = sorted(relevance, reverse=True)
    idcg = sum(rel / math.log2(i + 2) for i, rel in enumerate(ideal[:k]))
    return dcg / idcg if idcg else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("-k", type=int, default=10)
    args = parser.parse_args(argv)

    labels = [
        json.loads(line)
        for line in (args.data_dir / "labels.jsonl").open(encoding="utf-8")
        if line.strip()
    ]
    resumes, postings = [], []
    for item in labels:
        path = next(
            (
                p
                for p in sorted(args.data_dir.glob(item["doc"] + ".*"))
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

    ours, baseline = [], []
    t0 = time.perf_counter()
    for posting, role in postings:
        relevant = {doc.source for doc, roles in resumes if role in roles}
        if not relevant:
            continue
        ranked = cvmatch.rank(posting, [doc for doc, _ in resumes])
        ours.append(ndcg_at([int(r.source in relevant) for r in ranked], args.k))
        texts = [posting.text, *(doc.text for doc, _ in resumes)]
        matrix = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts)
        sims = linear_kernel(matrix[0:1], matrix[1:]).ravel()
        order = sorted(range(len(resumes)), key=lambda i: -sims[i])
        baseline.append(ndcg_at([int(resumes[i][0].source in relevant) for i in order], args.k))
    elapsed = time.perf_counter() - t0
    print(f"postings ranked: {len(ours)} against {len(resumes)} resumes each ({elapsed:.1f}s)")
    print(
        f"NDCG@{args.k}  cvmatch.rank {sum(ours) / len(ours):.3f}   "
        f"TF-IDF cosine {sum(baseline) / len(baseline):.3f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
