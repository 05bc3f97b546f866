"""Accuracy of cvmatch on a labelled folder: skill P/R/F1, per-concept table, role top-1.

Usage: python bench/accuracy.py DATA_DIR [--half 0|1|both] [--errors] [--no-speed]

DATA_DIR holds documents (``<doc>.pdf`` / ``<doc>.txt`` / ...) and ``labels.jsonl``
with one object per document: ``{"doc", "skills": {concept: quote}, "roles": [...]}``.
Everything goes through the public API, as a user would call it.

The documents fall in two halves by ``zlib.crc32(doc_id) % 2``. Develop on half 0 only
(``--errors`` lists the errors of half 0 unless ``--half 1`` is asked for explicitly) and
report both: with ``--half both`` (the default) the figures come per half, with a 90%
document-bootstrap interval for the difference in precision between them. A difference
outside that interval says the rules fit documents, not language.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
import zlib
from collections import Counter
from pathlib import Path

from spacy.tokens import Doc, Span
from spacy.training import Example

import cvmatch
from cvmatch.extract import get_extractor, matching_text

SPANS_KEY = "cvmatch_skills"


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _concepts_per_document(doc: Doc, _attr: str) -> list[Span]:
    """One doc-wide span per concept the doc's spans name, so that span P/R/F is the
    P/R/F of concepts per document (the measure the labels support)."""
    labels = sorted({span.label_ for span in doc.spans.get(SPANS_KEY, [])})
    return [Span(doc, 0, len(doc), label=label) for label in labels]


def _component_scores(texts: list[str], gold: list[set[str]]) -> dict[str, float]:
    """``nlp.evaluate`` of the bare ``cvmatch_skills`` component against the labels."""
    nlp = get_extractor().nlp
    examples = []
    for text, concepts in zip(texts, gold, strict=True):
        reference = nlp.make_doc(matching_text(text))
        whole = len(reference)
        reference.spans[SPANS_KEY] = [Span(reference, 0, whole, label=c) for c in concepts]
        examples.append(Example(nlp.make_doc(matching_text(text)), reference))
    return nlp.evaluate(examples, scorer_cfg={"getter": _concepts_per_document})


def _find(data_dir: Path, stem: str) -> Path | None:
    for path in sorted(data_dir.glob(stem + ".*")):
        if path.suffix.lower() in (".pdf", ".txt", ".docx", ".html", ".md"):
            return path
    return None


class _Tally:
    """Counts of one run: skills per kind and per concept, role hits, kinds detected."""

    def __init__(self) -> None:
        self.counts: dict[str, Counter] = {"resume": Counter(), "posting": Counter()}
        self.per_concept: dict[str, Counter] = {}
        self.role_hits = {"resume": [0, 0], "posting": [0, 0]}
        self.strict_hits = {"resume": 0, "posting": 0}
        self.kind_ok = 0
        self.texts: list[str] = []
        self.golds: list[set[str]] = []
        self.documents: list[tuple[int, int]] = []  # (tp, fp) per document
        self.role_by_gold: dict[str, list[int]] = {}

    def add_skills(self, kind: str, predicted: set[str], gold: set[str]) -> None:
        c = self.counts[kind]
        c["tp"] += len(predicted & gold)
        c["fp"] += len(predicted - gold)
        c["fn"] += len(gold - predicted)
        self.documents.append((len(predicted & gold), len(predicted - gold)))
        for concept in predicted | gold:
            pc = self.per_concept.setdefault(concept, Counter())
            pc["tp"] += concept in predicted and concept in gold
            pc["fp"] += concept in predicted and concept not in gold
            pc["fn"] += concept in gold and concept not in predicted

    def add_roles(self, kind: str, best: str | None, roles: list[str]) -> None:
        if roles:
            self.role_hits[kind][1] += 1
            self.role_hits[kind][0] += best in roles
            self.strict_hits[kind] += best == roles[0]
            self.role_by_gold.setdefault(roles[0], []).append(best in roles)


def _print_errors(item: dict, document, profile, result, predicted: set[str]) -> None:
    gold = set(item["skills"])
    print(
        f"\n== {item['doc']} ({document.kind}) roles gold={item['roles']} "
        f"pred={[(f.id, f.score) for f in result.roles[:3]]}"
    )
    for concept in sorted(predicted - gold):
        ev = profile.get(concept).evidence[0]  # type: ignore[union-attr]
        print(f"  FP {concept:<28} {ev.text!r} in {ev.context[:110]!r}")
    for concept in sorted(gold - predicted):
        print(f"  FN {concept:<28} {item['skills'][concept]!r}")


def _run(data_dir: Path, labels: list[dict], errors: bool) -> _Tally:
    tally = _Tally()
    for item in labels:
        path = _find(data_dir, item["doc"])
        if path is None:
            print(f"missing document for {item['doc']}", file=sys.stderr)
            continue
        true_kind = "posting" if item["doc"].startswith("posting") else "resume"
        document = cvmatch.read_document(path)
        tally.kind_ok += document.kind == true_kind
        tally.texts.append(document.text)
        profile = cvmatch.extract_skills(document)
        predicted = set(profile.ids)
        tally.golds.append(set(item["skills"]))
        tally.add_skills(true_kind, predicted, set(item["skills"]))
        result = cvmatch.score_document(document)
        tally.add_roles(true_kind, result.roles[0].id if result.roles else None, item["roles"])
        if errors:
            _print_errors(item, document, profile, result, predicted)
    return tally


def _print_skills(tally: _Tally) -> None:
    print("\nskills (micro)       precision  recall     F1   tp   fp   fn")
    total: Counter = Counter()
    for kind in ("resume", "posting"):
        c = tally.counts[kind]
        total.update(c)
        p, r, f = _prf(c["tp"], c["fp"], c["fn"])
        print(
            f"  {kind + 's':<18} {p:9.3f} {r:7.3f} {f:6.3f} {c['tp']:4d} {c['fp']:4d} {c['fn']:4d}"
        )
    p, r, f = _prf(total["tp"], total["fp"], total["fn"])
    print(
        f"  {'all':<18} {p:9.3f} {r:7.3f} {f:6.3f} "
        f"{total['tp']:4d} {total['fp']:4d} {total['fn']:4d}"
    )
    scores = _component_scores(tally.texts, tally.golds)
    print(
        f"  {'component alone':<18} {scores[f'spans_{SPANS_KEY}_p']:9.3f} "
        f"{scores[f'spans_{SPANS_KEY}_r']:7.3f} {scores[f'spans_{SPANS_KEY}_f']:6.3f}"
        "   (nlp.evaluate: spans, no document structure, no skills-list mapping)"
    )


def _print_concepts(tally: _Tally) -> None:
    print("\nper concept                    precision recall    F1 support")
    rows = []
    for concept, pc in tally.per_concept.items():
        cp, cr, cf = _prf(pc["tp"], pc["fp"], pc["fn"])
        rows.append((cf, concept, cp, cr, pc["tp"] + pc["fn"]))
    for cf, concept, cp, cr, support in sorted(rows, key=lambda r: (r[0], -r[4])):
        print(f"  {concept:<28} {cp:9.3f} {cr:6.3f} {cf:5.3f} {support:7d}")
    print(
        "\nweakest concepts (F1, support >= 3): "
        + ", ".join(f"{c} {f:.2f}" for f, c, _, _, s in sorted(rows)[:8] if s >= 3)
    )


def _print_roles(tally: _Tally) -> None:
    print("\nrole top-1 (best role among the annotated roles; strict = first annotated role)")
    all_hit = all_n = 0
    for kind in ("resume", "posting"):
        hit, n = tally.role_hits[kind]
        all_hit += hit
        all_n += n
        print(
            f"  {kind + 's':<10} {hit / n if n else 0:.3f} ({hit}/{n})   strict "
            f"{tally.strict_hits[kind] / n if n else 0:.3f}"
        )
    print(f"  {'all':<10} {all_hit / all_n if all_n else 0:.3f} ({all_hit}/{all_n})")
    per_role = [sum(hits) / len(hits) for hits in tally.role_by_gold.values()]
    macro = sum(per_role) / len(per_role) if per_role else 0.0
    print(f"  macro over the {len(per_role)} first-annotated roles: {macro:.3f}")


def half_of(doc_id: str) -> int:
    """The dev-set half a document belongs to: ``zlib.crc32(doc_id) % 2``."""
    return zlib.crc32(doc_id.encode()) % 2


def _precision(documents: list[tuple[int, int]]) -> float:
    tp = sum(d[0] for d in documents)
    fp = sum(d[1] for d in documents)
    return tp / (tp + fp) if tp + fp else 0.0


def _print_half_difference(first: _Tally, second: _Tally, rounds: int = 2000) -> None:
    """Precision of half 0 minus half 1, with a 90% interval from resampling documents."""
    observed = _precision(first.documents) - _precision(second.documents)
    rng = random.Random(0)
    samples = sorted(
        _precision(rng.choices(first.documents, k=len(first.documents)))
        - _precision(rng.choices(second.documents, k=len(second.documents)))
        for _ in range(rounds)
    )
    low, high = samples[int(0.05 * rounds)], samples[int(0.95 * rounds) - 1]
    print(
        f"\nprecision, half 0 minus half 1: {observed:+.3f} "
        f"(90% document-bootstrap interval {low:+.3f} .. {high:+.3f})"
    )


def _print_speed(texts: list[str], repeat: int, rounds: int) -> None:
    """Our extraction vs the bare tokenizer, same texts, same run. Rounds alternate and
    the fastest of each is kept, so a busy machine slows both sides alike."""
    extractor = get_extractor()
    corpus = texts * repeat
    tokenizer = extractor.nlp.tokenizer
    list(tokenizer.pipe(texts))  # warm both
    list(extractor.nlp.pipe(texts))
    n_tokens = sum(len(doc) for doc in tokenizer.pipe(corpus))
    bare = ours = single = float("inf")
    for _ in range(rounds):
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
        f"\nspeed ({len(corpus)} texts, {n_tokens:,} tokens, best of {rounds} rounds): "
        f"bare tokenizer {n_tokens / bare:,.0f} tokens/s; tokenizer + cvmatch_skills "
        f"{n_tokens / ours:,.0f} tokens/s; ratio {bare / ours:.2f} of the tokenizer"
    )
    print(
        f"  one document per nlp() call instead of nlp.pipe: {n_tokens / single:,.0f} "
        f"tokens/s; ratio {bare / single:.2f} of the tokenizer"
    )


def _report(data_dir: Path, labels: list[dict], errors: bool, name: str) -> _Tally:
    t0 = time.perf_counter()
    tally = _run(data_dir, labels, errors)
    elapsed = time.perf_counter() - t0
    n = len(tally.texts)
    print(
        f"\n######## {name}: {n} documents  (kind detected correctly: {tally.kind_ok}/{n}; "
        f"read+extract+score {elapsed:.1f}s)"
    )
    _print_skills(tally)
    _print_concepts(tally)
    _print_roles(tally)
    return tally


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument(
        "--half",
        choices=["0", "1", "both", "all"],
        default="both",
        help="which half of the documents (all: the whole set as one)",
    )
    parser.add_argument("--errors", action="store_true", help="print false positives/negatives")
    parser.add_argument("--no-speed", action="store_true", help="skip the speed measurement")
    parser.add_argument("--repeat", type=int, default=10, help="copies of the texts for speed")
    parser.add_argument("--rounds", type=int, default=5, help="timed rounds for speed")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    labels = [
        json.loads(line)
        for line in (args.data_dir / "labels.jsonl").open(encoding="utf-8")
        if line.strip()
    ]
    halves = {h: [i for i in labels if half_of(i["doc"]) == h] for h in (0, 1)}
    if args.half == "all":
        tallies = [_report(args.data_dir, labels, args.errors, "all documents")]
    elif args.half in ("0", "1"):
        h = int(args.half)
        tallies = [_report(args.data_dir, halves[h], args.errors, f"half {h}")]
    else:
        tallies = [
            _report(args.data_dir, halves[h], args.errors and h == 0, f"half {h}") for h in (0, 1)
        ]
        _print_half_difference(*tallies)
    if not args.no_speed:
        _print_speed([t for tally in tallies for t in tally.texts], args.repeat, args.rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
