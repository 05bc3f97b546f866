"""Counting postings where they are read: each Spark task turns its partition into the
:class:`~cvmatch.analytics.aggregate.Aggregates` of its postings (the library's own rows
and counting, so the tables equal ``analyze_postings``'s), sends them on as a few thousand
count rows, and Spark adds the partitions' rows up with one ``groupBy``.

No per-posting result (skills with evidence, one struct per mention) is built or crosses
Arrow for an analysis: a task keeps only its counts, so memory is flat in the number of
postings, in the workers and on the driver.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from cvmatch.analytics.aggregate import Aggregates
from cvmatch.analytics.analysis import PostingRow
from cvmatch.analytics.analyze import posting_rows
from cvmatch.analytics.frame import Columns, Item, items
from cvmatch.spark.worker import Job
from cvmatch.taxonomy import Taxonomy

__all__ = ["COUNT_DDL", "aggregates_of", "count_frame", "count_partition"]

#: One count row: which table, its key (``a``, ``b``, a salary ``x``) and up to five counts
#: (a concept's five, an attribute's two, one elsewhere; ``first`` rows hold a position).
COUNT_DDL = (
    "table string, a string, b string, x double, n0 long, n1 long, n2 long, n3 long, n4 long"
)

#: A posting's global position: the partition in the high bits, as Spark's
#: ``monotonically_increasing_id``; times ``_SLOTS`` plus the attribute's rank in the row.
_PARTITION_SHIFT = 33
_SLOTS = 1024


def count_partition(
    batches: Iterable[Any], columns: Columns, taxonomy: Taxonomy, job: Job, partition: int
) -> Iterator[Any]:
    """In a Spark task: the count rows (one pandas frame, :data:`COUNT_DDL`) of all the
    postings in the partition's batches."""
    agg = Aggregates()
    firsts: dict[str, int] = {}
    offset = partition << _PARTITION_SHIFT
    for frame in batches:
        for row in batch_rows(list(items(frame, columns)), taxonomy, job):
            if row.error is not None:
                agg.n_failed += 1
                continue
            agg.add(row)
            _note_firsts(firsts, row, offset + row.position)
        offset += len(frame)
    yield count_frame(agg, firsts)


def batch_rows(batch: Sequence[Item], taxonomy: Taxonomy, job: Job) -> list[PostingRow]:
    """The rows of a batch as ``analyze_postings`` makes them; when the stream breaks
    (an extractor error on some hostile text), each posting again alone, so only the
    postings that fail count as failed and the task goes on."""
    try:
        return posting_rows(batch, taxonomy, job.detect_roles, job.batch_size)
    except Exception:  # whatever broke the batch, the postings are retried one by one
        rows: list[PostingRow] = []
        for item in batch:
            try:
                rows += posting_rows([item], taxonomy, job.detect_roles, job.batch_size)
            except Exception as exc:  # a posting's error is counted, never raised
                rows.append(_failed(item, exc))
        return rows


def _failed(item: Item, exc: Exception) -> PostingRow:
    return PostingRow(
        item.position, item.source, item.title, None, None, item.salary, (), (), repr(exc)
    )


def _note_firsts(firsts: dict[str, int], row: PostingRow, position: int) -> None:
    """Keep the earliest (position, rank in the row) of each attribute name."""
    names = dict.fromkeys(name for _, name, _ in row.attributes)
    for rank, name in enumerate(names):
        key = position * _SLOTS + min(rank, _SLOTS - 1)
        if key < firsts.get(name, key + 1):
            firsts[name] = key


def count_frame(agg: Aggregates, firsts: dict[str, int]) -> Any:
    """The count rows of ``agg`` (and the attributes' first positions) as a pandas frame."""
    import pandas as pd

    rows: list[tuple[Any, ...]] = [("n", "", "", None, agg.n_postings, agg.n_failed)]
    rows += [("concept", c, "", None, *n) for c, n in agg.concepts.items()]
    rows += [("role", r, "", None, n) for r, n in agg.roles.items()]
    rows += [("by_role", c, r, None, n) for (c, r), n in agg.by_role.items()]
    rows += [("pair", a, b, None, n) for (a, b), n in agg.pairs.items()]
    rows += [("salary", "", "", x, n) for x, n in agg.salaries.items()]
    for table, by in (("role_salary", agg.role_salaries), ("skill_salary", agg.skill_salaries)):
        rows += [(table, k, "", x, n) for k, counts in by.items() for x, n in counts.items()]
    rows += [("attribute", a, v, None, *n) for (a, v), n in agg.attributes.items()]
    rows += [("first", name, "", None, key) for name, key in firsts.items()]
    padded = [row + (0,) * (9 - len(row)) for row in rows]
    frame = pd.DataFrame(padded, columns=["table", "a", "b", "x", "n0", "n1", "n2", "n3", "n4"])
    return frame.astype({"x": "float64", **{f"n{i}": "int64" for i in range(5)}})


def aggregates_of(rows: Iterable[Any]) -> Aggregates:
    """The :class:`Aggregates` of summed count rows (``first`` rows: the least position)."""
    agg = Aggregates()
    firsts: list[tuple[int, str]] = []
    for row in rows:
        table, a, b, x = row["table"], row["a"], row["b"], row["x"]
        n = [row[f"n{i}"] for i in range(5)]
        if table == "n":
            agg.n_postings, agg.n_failed = n[0], n[1]
        elif table == "concept":
            agg.concepts[a] = n
        elif table == "attribute":
            agg.attributes[(a, b)] = n[:2]
        elif table == "first":
            firsts.append((row["first"], a))
        else:
            _add_count(agg, table, a, b, x, n[0])
    agg.attribute_order = {name: None for _, name in sorted(firsts)}
    return agg


def _add_count(agg: Aggregates, table: str, a: str, b: str, x: float, n: int) -> None:
    """One count of the tables keyed by role, pair or salary."""
    if table == "role":
        agg.roles[a] = n
    elif table == "by_role":
        agg.by_role[(a, b)] = n
    elif table == "pair":
        agg.pairs[(a, b)] = n
    elif table == "salary":
        agg.salaries[x] = n
    elif table == "role_salary":
        agg.role_salaries.setdefault(a, Counter())[x] = n
    elif table == "skill_salary":
        agg.skill_salaries.setdefault(a, Counter())[x] = n
