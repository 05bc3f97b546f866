"""Accuracy of cvmatch on a labelled folder: skill P/R/F1, per-concept table, role top-1.

Usage: python bench/accuracy.py DATA_DIR [--errors] [--repeat N]

DATA_DIR holds documents (``<doc>.pdf`` / ``<doc>.txt`` / ...) and ``labels.jsonl``
with one object per document: ``{"doc", "skills": {concept: quote}, "roles": [...]}``.
Everything goes through the public API, as a user would call it.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

import cvmatch
from cvmatch.extract.component import get_extractor


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _find(data_dir: Path, stem: str) -> Path | None:
    for path in sorted(data_dir.glob(stem + ".*")):
        if path.suffix.lower() in (".pdf", ".txt", ".docx", ".html", ".md"):
            return path
    return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("--errors", action="store_true", help="print false positives/negatives")
    parser.add_argument("--repeat", type=int, default=10, help="copies of the texts for speed")
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds for speed")
    args = parser.parse_args(argv)

    labels = [
        json.loads(line)
        for line in (args.data_dir / "labels.jsonl").open(encoding="utf-8")
        if line.strip()
    ]
    counts = {"resume": Counter(), "posting": Counter()}
    per_concept: dict[str, Counter] = {}
    role_hits = {"resume": [0, 0], "posting": [0, 0]}
    strict_hits = {"resume": 0, "posting": 0}
    kind_ok = 0
    texts: list[str] = []
    t0 = time.perf_counter()
    for item in labels:
        path = _find(args.data_dir, item["doc"])
        if path is None:
            print(f"missing document for {item['doc']}", file=sys.stderr)
            continue
        true_kind = "posting" if item["doc"].startswith("posting") else "resume"
        document = cvmatch.read_document(path)
        kind_ok += document.kind == true_kind
        texts.append(document.text)
        profile = cvmatch.extract_skills(document)
        predicted = set(profile.ids)
        gold = set(item["skills"])
        c = counts[true_kind]
        c["tp"] += len(predicted & gold)
        c["fp"] += len(predicted - gold)
        c["fn"] += len(gold - predicted)
        for concept in predicted | gold:
            pc = per_concept.setdefault(concept, Counter())
            pc["tp"] += concept in predicted and concept in gold
            pc["fp"] += concept in predicted and concept not in gold
            pc["fn"] += concept in gold and concept not in predicted
        result = cvmatch.score_document(document)
        best = result.roles[0].id if result.roles else None
        if item["roles"]:
            role_hits[true_kind][1] += 1
            role_hits[true_kind][0] += best in item["roles"]
            strict_hits[true_kind] += best == item["roles"][0]
        if args.errors:
            print(
                f"\n== {item['doc']} ({document.kind}) roles gold={item['roles']} "
                f"pred={[(f.id, f.score) for f in result.roles[:3]]}"
            )
            for concept in sorted(predicted - gold):
                ev = profile.get(concept).evidence[0]  # type: ignore[union-attr]
                print(f"  FP {concept:<28} {ev.text!r} in {ev.context[:110]!r}")
            for concept in sorted(gold - predicted):
                print(f"  FN {concept:<28} {item['skills'][concept]!r}")
    elapsed = time.perf_counter() - t0

    print(
        f"documents: {len(texts)}  (kind detected correctly: {kind_ok}/{len(texts)}; "
        f"read+extract+score {elapsed:.1f}s)"
    )
    print("\nskills (micro)       precision  recall     F1   tp   fp   fn")
    total = Counter()
    for kind in ("resume", "posting"):
        total.update(counts[kind])
        p, r, f = _prf(counts[kind]["tp"], counts[kind]["fp"], counts[kind]["fn"])
        print(
            f"  {kind + 's':<18} {p:9.3f} {r:7.3f} {f:6.3f} {counts[kind]['tp']:4d} "
            f"{counts[kind]['fp']:4d} {counts[kind]['fn']:4d}"
        )
    p, r, f = _prf(total["tp"], total["fp"], total["fn"])
    print(
        f"  {'all':<18} {p:9.3f} {r:7.3f} {f:6.3f} "
        f"{total['tp']:4d} {total['fp']:4d} {total['fn']:4d}"
    )

    print("\nper concept                    precision recall    F1 support")
    rows = []
    for concept, pc in per_concept.items():
        cp, cr, cf = _prf(pc["tp"], pc["fp"], pc["fn"])
        rows.append((cf, concept, cp, cr, pc["tp"] + pc["fn"]))
    for cf, concept, cp, cr, support in sorted(rows, key=lambda r: (r[0], -r[4])):
        print(f"  {concept:<28} {cp:9.3f} {cr:6.3f} {cf:5.3f} {support:7d}")
    print(
        "\nweakest concepts (F1, support >= 3): "
        + ", ".join(f"{c} {f:.2f}" for f, c, _, _, s in sorted(rows)[:8] if s >= 3)
    )

    print("\nrole top-1 (best role among the annotated roles; strict = first annotated role)")
    all_hit = all_n = 0
    for kind in ("resume", "posting"):
        hit, n = role_hits[kind]
        all_hit += hit
        all_n += n
        print(
            f"  {kind + 's':<10} {hit / n if n else 0:.3f} ({hit}/{n})   strict "
            f"{strict_hits[kind] / n if n else 0:.3f}"
        )
    print(f"  {'all':<10} {all_hit / all_n if all_n else 0:.3f} ({all_hit}/{all_n})")

    # speed: our extraction vs the bare tokenizer, same texts, same run. Rounds alternate
    # and the fastest of each is kept, so a busy machine slows both sides alike.
    extractor = get_extractor()
    corpus = texts * args.repeat
    tokenizer = extractor.nlp.tokenizer
    list(tokenizer.pipe(texts))  # warm both
    list(extractor.nlp.pipe(texts))
    n_tokens = sum(len(doc) for doc in tokenizer.pipe(corpus))
    bare = ours = single = float("inf")
    for _ in range(args.rounds):
        t = time.perf_counter()
        for _doc in tokenizer.pipe(corpus):
            pass
        bare = min(bare, time.perf_counter() - t)
        t = time.perf_counter()
        for _doc in extractor.nlp.pipe(corpus):
            pass
        ours = min(ours, time.perf_counter() - t)
        t = time.perf_counter()
        for text in corpus:  # one nlp(text) call per document, as extract_skills does
            extractor.nlp(text)
        single = min(single, time.perf_counter() - t)
    print(
        f"\nspeed ({len(corpus)} texts, {n_tokens:,} tokens, best of {args.rounds} rounds): "
        f"bare tokenizer {n_tokens / bare:,.0f} tokens/s; tokenizer + cvmatch_skills "
        f"{n_tokens / ours:,.0f} tokens/s; ratio {bare / ours:.2f} of the tokenizer"
    )
    print(
        f"  one document per nlp() call instead of nlp.pipe: {n_tokens / single:,.0f} "
        f"tokens/s; ratio {bare / single:.2f} of the tokenizer"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
