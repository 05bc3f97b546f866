"""Precision and recall of the attribute concepts industry_experience and multilingual on postings.

Usage:
    python bench/attributes.py DATA_DIR [--labels bench/attribute-labels.jsonl]
        [--errors] [--no-dev] [--sample random|candidate]

DATA_DIR is laid out like ``../shared/data``: ``postings/adzuna-uk-2013.csv``,
``postings/linkedin-us-2024.csv`` and ``dev/labels.jsonl``. The labels file (its first line is
an ``{"about": ...}`` header saying how the postings were sampled and labelled) names each
posting by dataset and id; its text is read from the CSV (title, a blank line, description)
and goes through the public API: ``cvmatch.read_text(text, kind="posting")`` then
``cvmatch.extract_skills(doc)``. A concept is found when the profile has a skill with its id.

Value level: the values cvmatch reports (a ``values`` / ``value`` field on the skill or its
evidence, or the lists in ``Skill.attributes``) against the labelled industries / languages,
as (posting, value) pairs; two values match when, lowercased and without punctuation, the words
of one are all in the other ("real estate" ~ "Real estate & property"). Precision is over every
value reported (false-positive postings included), recall over every value labelled.

``--errors`` lists the false positives and negatives; ``--no-dev`` drops the postings that are
also dev documents; ``--sample random`` keeps the random part only.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import cvmatch

csv.field_size_limit(1 << 24)

CONCEPTS = ("industry_experience", "multilingual")
#: dataset -> (file, id column, title column, text column)
DATASETS = {
    "adzuna-uk-2013": ("adzuna-uk-2013.csv", "Id", "Title", "FullDescription"),
    "linkedin-us-2024": ("linkedin-us-2024.csv", "job_id", "title", "description"),
}
_ALIASES = {"health care": "healthcare", "information technology": "it", "telecom": "telecoms"}


@dataclass
class Tally:
    """Counts for one concept: documents, then values."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    fp_ids: list[str] = field(default_factory=list)
    fn_ids: list[str] = field(default_factory=list)
    gold_hits: int = 0
    predicted_hits: int = 0
    value_predicted: int = 0
    value_gold: int = 0
    values_reported: bool = False


def _norm(value: str) -> str:
    text = re.sub(r"[^a-z0-9 ]+", " ", value.lower())
    text = " ".join(text.split())
    return _ALIASES.get(text, text)


def _same(gold: str, reported: str) -> bool:
    """Equal, or the words of one all in the other ("real estate" ~ "real estate property")."""
    a, b = set(gold.split()), set(reported.split())
    return bool(a and b) and (a <= b or b <= a)


def _flatten(raw: object) -> list[str]:
    """Strings out of a reported value: a str, a list, or a dict such as {"language": ...}."""
    if raw is None:
        return []
    if isinstance(raw, str):
        return [raw]
    if isinstance(raw, dict):
        keys = [k for k in ("language", "industry", "value", "name") if k in raw]
        return [s for k in keys for s in _flatten(raw[k])] if keys else _flatten(list(raw.values()))
    if isinstance(raw, Iterable):
        return [s for item in raw for s in _flatten(item)]
    return [str(raw)]


def _reported_values(skill: object) -> set[str] | None:
    """The values cvmatch reports for a skill, or ``None`` when it has no such field."""
    holders = [skill, *getattr(skill, "evidence", [])]
    found = False
    values: set[str] = set()
    for holder in holders:
        for name in ("values", "value"):
            if hasattr(holder, name):
                found = True
                values.update(_norm(v) for v in _flatten(getattr(holder, name)))
    attributes = getattr(skill, "attributes", None)
    if isinstance(attributes, dict) and attributes:  # an empty dict is the default: not a report
        found = True
        values.update(_norm(v) for v in _flatten(list(attributes.values())))
    return values if found else None


def _gold_values(label: dict[str, object]) -> set[str]:
    out: set[str] = set()
    for value in label.get("values") or []:
        name = value.get("language") if isinstance(value, dict) else value
        if isinstance(name, str):
            out.add(_norm(name))
    return out


def _read_labels(path: Path) -> list[dict]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [row for row in map(json.loads, filter(None, lines)) if "about" not in row]


def _read_texts(data_dir: Path, wanted: set[tuple[str, str]]) -> dict[tuple[str, str], str]:
    texts: dict[tuple[str, str], str] = {}
    for dataset, (name, id_col, title_col, text_col) in DATASETS.items():
        with (data_dir / "postings" / name).open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                key = (dataset, row[id_col])
                if key in wanted:
                    texts[key] = f"{row[title_col] or ''}\n\n{row[text_col] or ''}"
    return texts


def _dev_ids(data_dir: Path) -> set[str]:
    path = data_dir / "dev" / "labels.jsonl"
    if not path.exists():
        return set()
    docs = (json.loads(line)["doc"] for line in path.read_text(encoding="utf-8").splitlines())
    return {m.group(1) for d in docs if (m := re.fullmatch(r"posting-[a-z]+-(\d+)", d))}


def _score(tally: Tally, name: str, gold: dict | None, skill: object | None) -> None:
    if skill is not None and gold is not None:
        tally.tp += 1
    elif skill is not None:
        tally.fp += 1
        tally.fp_ids.append(name)
    elif gold is not None:
        tally.fn += 1
        tally.fn_ids.append(name)
    gold_values = _gold_values(gold) if gold else set()
    predicted = _reported_values(skill) if skill is not None else None
    tally.values_reported |= predicted is not None
    predicted = predicted or set()
    tally.value_gold += len(gold_values)
    tally.value_predicted += len(predicted)
    tally.gold_hits += sum(any(_same(g, p) for p in predicted) for g in gold_values)
    tally.predicted_hits += sum(any(_same(g, p) for g in gold_values) for p in predicted)


def _ratio(part: int, whole: int) -> str:
    return f"{part / whole:.3f}" if whole else "n/a"


def _report(concept: str, tally: Tally, errors: bool) -> None:
    precision, recall = _ratio(tally.tp, tally.tp + tally.fp), _ratio(tally.tp, tally.tp + tally.fn)
    print(
        f"{concept}: TP {tally.tp}  FP {tally.fp}  FN {tally.fn}  "
        f"precision {precision}  recall {recall}"
    )
    if tally.tp + tally.fp == 0:
        print("  values: n/a (the concept was never found)")
    elif tally.values_reported:
        vp = _ratio(tally.predicted_hits, tally.value_predicted)
        vr = _ratio(tally.gold_hits, tally.value_gold)
        print(
            f"  values: precision {vp}  recall {vr}  ({tally.predicted_hits} of "
            f"{tally.value_predicted} reported match a label, {tally.gold_hits} of "
            f"{tally.value_gold} labelled are reported)"
        )
    else:
        print("  values: not reported")
    if errors:
        print("  false positives:", " ".join(tally.fp_ids) or "-")
        print("  false negatives:", " ".join(tally.fn_ids) or "-")


def _extract(text: str | None) -> cvmatch.SkillProfile | None:
    if text is None:
        return None
    try:
        return cvmatch.extract_skills(cvmatch.read_text(text, kind="posting"))
    except cvmatch.CvmatchError:
        return None


def _evaluate(
    labels: list[dict], texts: dict[tuple[str, str], str]
) -> tuple[dict[str, Tally], list[str]]:
    """Extract each labelled posting through the public API and tally both concepts."""
    tallies = {concept: Tally() for concept in CONCEPTS}
    failed: list[str] = []
    for row in labels:
        name = f"{row['dataset']}:{row['id']}"
        profile = _extract(texts.get((row["dataset"], row["id"])))
        if profile is None:
            failed.append(name)
            continue
        for concept, tally in tallies.items():
            _score(tally, name, row.get(concept), profile.get(concept))
    return tallies, failed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data_dir", type=Path)
    parser.add_argument(
        "--labels", type=Path, default=Path(__file__).with_name("attribute-labels.jsonl")
    )
    parser.add_argument("--errors", action="store_true", help="list false positives / negatives")
    parser.add_argument(
        "--no-dev", action="store_true", help="drop postings that are dev documents"
    )
    parser.add_argument(
        "--sample", choices=("random", "candidate"), help="only this part of the sample"
    )
    args = parser.parse_args(argv)
    labels = [row for row in _read_labels(args.labels) if args.sample in (None, row["sample"])]
    if args.no_dev:
        dev = _dev_ids(args.data_dir)
        labels = [row for row in labels if row["id"] not in dev]
    texts = _read_texts(args.data_dir, {(row["dataset"], row["id"]) for row in labels})
    tallies, failed = _evaluate(labels, texts)
    missing = " ".join(failed) or "-"
    print(f"{len(labels) - len(failed)} labelled postings scored; missing or unreadable: {missing}")
    for concept, tally in tallies.items():
        _report(concept, tally, args.errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
