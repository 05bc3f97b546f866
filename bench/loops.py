"""Analysts' loops: a ``GridSearchCV`` over ``SkillVectorizer``, and ``analyze_postings(n_jobs=)``.

Usage::

    python bench/loops.py ../shared/data/postings
    python bench/loops.py ../shared/data/postings --n 200 --analyze-n 500   # quick
    python bench/loops.py ../shared/data/postings --no-cache                # the old way

Postings are the rows of every ``*.csv`` in DATA_DIR (sorted by name, read with
``csv.DictReader``; Adzuna's ``FullDescription`` / LinkedIn's ``description``), repeated
when more are asked for than there are. Prints, in one run:

1. one extraction pass over ``--n`` postings (``read_text`` + ``extract_many``, the work
   any fit must do once), and the same pass through ``SkillVectorizer(cache=False)``;
2. a ``GridSearchCV(n_jobs=1)`` of 10 fits (``value`` binary/count x 5 folds, plus the
   refit) over ``SkillVectorizer`` -> ``LogisticRegression`` on the same postings, the
   label being the file's category column (rare classes pooled), starting from an empty
   cache, and its ratio to the extraction pass (target <= 2);
3. ``analyze_postings`` over ``--analyze-n`` postings with ``n_jobs=1`` and ``n_jobs=2``,
   and the speed-up (target >= 1.7), after checking both give the same table.
"""

from __future__ import annotations

import argparse
import csv
import itertools
import os
import resource
import sys
import time
from collections import Counter
from pathlib import Path

import cvmatch
from cvmatch.extract import get_extractor
from cvmatch.sklearn import SkillVectorizer
from cvmatch.sklearn_cache import default_cache

TEXT = ("FullDescription", "description", "text", "Description")
TITLE = ("Title", "title")
IDENT = ("Id", "job_id", "id")
LABEL = ("Category", "formatted_experience_level", "category")


def _first(fields: list[str], names: tuple[str, ...]) -> str | None:
    return next((n for n in names if n in fields), None)


def load(data_dir: Path) -> list[dict[str, str]]:
    """Every posting of every CSV in the folder as ``{"id", "title", "text", "label"}``."""
    csv.field_size_limit(2**31 - 1)
    postings = []
    for path in sorted(data_dir.glob("*.csv")):
        with open(path, newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            fields = reader.fieldnames or []
            text, title = _first(fields, TEXT), _first(fields, TITLE)
            ident, label = _first(fields, IDENT), _first(fields, LABEL)
            if text is None:
                raise SystemExit(f"{path}: no text column (looked for {', '.join(TEXT)})")
            for row in reader:
                postings.append(
                    {
                        "id": row.get(ident or "", ""),
                        "title": row.get(title or "", ""),
                        "text": row[text],
                        "label": f"{path.stem}:{row.get(label or '', '')}",
                    }
                )
    return postings


def take(postings: list[dict[str, str]], n: int) -> list[dict[str, str]]:
    """The first ``n`` postings, cycling through them again when there are fewer."""
    return list(itertools.islice(itertools.cycle(postings), n))


def pooled(labels: list[str], at_least: int) -> list[str]:
    """The labels, with classes of fewer than ``at_least`` members pooled as ``other``."""
    counts = Counter(labels)
    return [label if counts[label] >= at_least else "other" for label in labels]


def cpu_seconds() -> float:
    """CPU time of this process and of its reaped children (the workers), user + system."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def extraction_pass(texts: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds to read and extract every text once, through the public functions."""
    extractor = get_extractor(cvmatch.load_taxonomy())
    started, cpu = time.perf_counter(), cpu_seconds()
    documents = [cvmatch.read_text(t, kind="posting") for t in texts]
    found = sum(len(p.skills) for p in extractor.extract_many(documents, batch_size=64))
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    print(f"  read + extract_many: {seconds:.2f} s wall, {cpu:.2f} s CPU ({found} skills found)")
    return seconds, cpu


def grid_search(texts: list[str], labels: list[str], cache: bool) -> tuple[float, float]:
    """Wall and CPU seconds for a 10-fit ``GridSearchCV(n_jobs=1)`` (plus its refit), from an
    empty cache, on one core (BLAS held to one thread: n_jobs=1 on a shared machine)."""
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GridSearchCV
    from sklearn.pipeline import Pipeline
    from threadpoolctl import threadpool_limits

    default_cache().clear()
    pipe = Pipeline(
        [
            ("skills", SkillVectorizer(kind="posting", cache=cache)),
            ("clf", LogisticRegression(max_iter=2000)),
        ]
    )
    search = GridSearchCV(pipe, {"skills__value": ["binary", "count"]}, cv=5, n_jobs=1)
    started, cpu = time.perf_counter(), cpu_seconds()
    with threadpool_limits(1):
        search.fit(texts, labels)
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    n_fits = len(search.cv_results_["params"]) * search.n_splits_
    cache_state = default_cache()
    print(
        f"  GridSearchCV: {n_fits} fits + refit in {seconds:.2f} s wall, {cpu:.2f} s CPU; "
        f"best {search.best_params_} "
        f"accuracy {search.best_score_:.3f}; cache {len(cache_state)} entries, "
        f"{cache_state.hits} hits, {cache_state.misses} misses"
    )
    return seconds, cpu


def _spin(n: int) -> int:
    total = 0
    for i in range(n):
        total += i
    return total


def parallel_headroom(n: int = 5_000_000) -> float:
    """How much faster two CPU-bound processes finish than the same work in sequence, now:
    about 2 on an idle 2-core machine, near 1 when other work fills the cores."""
    import multiprocessing

    started = time.perf_counter()
    _spin(n)
    _spin(n)
    serial = time.perf_counter() - started
    started = time.perf_counter()
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    with multiprocessing.get_context(method).Pool(2) as pool:
        pool.map(_spin, [n, n])
    return serial / (time.perf_counter() - started)


def analyze(postings: list[dict[str, str]], n_jobs: int) -> tuple[float, object]:
    """Seconds for ``analyze_postings`` with ``n_jobs`` workers, and its postings table."""
    started, cpu = time.perf_counter(), cpu_seconds()
    analysis = cvmatch.analyze_postings(
        postings,
        text_column="text",
        title_column="title",
        id_column="id",
        n_jobs=n_jobs,
        progress=False,
    )
    seconds, cpu = time.perf_counter() - started, cpu_seconds() - cpu
    print(
        f"  analyze_postings(n_jobs={n_jobs}): {len(postings)} postings in {seconds:.2f} s wall "
        f"= {len(postings) / seconds:.0f} postings/s, {cpu:.2f} s CPU in all processes; "
        f"{analysis.n_failed} failed"
    )
    return seconds, analysis.postings


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data_dir", type=Path, help="folder with postings CSV files")
    parser.add_argument("--n", type=int, default=1000, help="postings for the grid search")
    parser.add_argument("--analyze-n", type=int, default=5000, help="postings for n_jobs")
    parser.add_argument("--no-cache", action="store_true", help="grid search without the cache")
    parser.add_argument("--skip-analyze", action="store_true")
    args = parser.parse_args(argv)
    postings = load(args.data_dir)
    if not postings:
        print(f"no postings in {args.data_dir}", file=sys.stderr)
        return 2
    get_extractor(cvmatch.load_taxonomy())  # built once, outside the timings
    chosen = take(postings, args.n)
    texts = [p["text"] for p in chosen]
    labels = pooled([p["label"] for p in chosen], at_least=10)
    print(f"{len(texts)} postings ({len(set(texts))} distinct), {len(set(labels))} classes")

    print(f"load average at start (2 cores shared): {os.getloadavg()}")
    print("one extraction pass:")
    once, once_cpu = extraction_pass(texts)
    started = time.perf_counter()
    SkillVectorizer(kind="posting", cache=False).fit_transform(texts)
    print(f"  SkillVectorizer(cache=False).fit_transform: {time.perf_counter() - started:.2f} s")
    print("grid search:")
    searched, searched_cpu = grid_search(texts, labels, cache=not args.no_cache)
    print(
        f"  ratio grid search / extraction pass: {searched / once:.2f} wall (target <= 2), "
        f"{searched_cpu / once_cpu:.2f} CPU"
    )

    if not args.skip_analyze:
        print("analyze_postings:")
        rows = take(postings, args.analyze_n)
        one, table_one = analyze(rows, 1)
        two, table_two = analyze(rows, 2)
        same = table_one.equals(table_two)  # type: ignore[attr-defined]
        print(f"  speed-up n_jobs=2 / n_jobs=1: {one / two:.2f} (target >= 1.7)")
        print(
            f"  control, two bare CPU loops in 2 processes vs in sequence: "
            f"{parallel_headroom():.2f}x (what this machine allows right now)"
        )
        print(f"  same table with n_jobs=1 and 2: {same}")
    print(f"load average at end: {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
