"""Postings in: a DataFrame, a Series, dict rows, texts, paths or Documents, one item each.

The inputs are read lazily and in order; an item keeps what the caller's columns say
about a posting (its name, salary, title and the columns to keep) beside the text or
path to read. A missing text (``None``, NaN, ``pd.NA``, empty or blank) is the same
empty text whatever the input, so it always gives the same failed row.
"""

from __future__ import annotations

import math
import os
import sys
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from numbers import Integral, Real
from pathlib import Path
from typing import Any

from cvmatch.analytics.salary import parse_salary
from cvmatch.api import as_document
from cvmatch.batch import expand_paths
from cvmatch.errors import InvalidInput, MissingDependency
from cvmatch.models import Document
from cvmatch.reading import read_text

__all__ = [
    "TEXT_COLUMNS",
    "Columns",
    "Item",
    "input_index",
    "is_missing",
    "items",
    "join_kept",
    "kept_frame",
    "read_item",
    "require_pandas",
    "total",
]

#: Column names tried, in order, when ``text_column`` is not given for a DataFrame.
TEXT_COLUMNS = ("text", "description", "fulldescription", "full_description", "posting", "body")


def require_pandas() -> Any:
    """The pandas module, or a ``MissingDependency`` (an ImportError) saying how to get it."""
    try:
        import pandas
    except ImportError:  # pragma: no cover - depends on the environment
        raise MissingDependency(
            'postings analytics needs pandas; install it with pip install "cvmatch[analytics]"'
        ) from None
    return pandas


@dataclass(frozen=True)
class Columns:
    """The columns (or dict keys) the caller named; ``None`` where none was given."""

    text: str | None = None
    salary: str | None = None
    title: str | None = None
    id: str | None = None
    keep: tuple[str, ...] = ()


@dataclass(frozen=True)
class Item:
    """One input posting before it is read: where it is and what its columns say."""

    position: int
    source: str
    payload: Any  # Document, Path, str text, or str that may be a path
    is_text: bool
    salary: float | None
    title: str | None
    extra: tuple[Any, ...] = ()  # the values of Columns.keep, for dict rows


def items(postings: Any, columns: Columns) -> Iterator[Item]:
    """One :class:`Item` per input posting, lazily, in input order."""
    pandas = require_pandas() if type(postings).__module__.startswith("pandas") else None
    if pandas is not None and isinstance(postings, pandas.DataFrame):
        yield from _frame_items(postings, columns)
        return
    if pandas is not None and isinstance(postings, pandas.Series):
        _no_keep(columns, "a Series")
        yield from _series_items(postings)
        return
    for position, entry in enumerate(_entries(postings)):
        if columns.keep and not isinstance(entry, Mapping):
            _no_keep(columns, f"posting {position} (a {type(entry).__name__})")
        yield _entry_item(position, entry, columns)


def _no_keep(columns: Columns, what: str) -> None:
    if columns.keep:
        raise InvalidInput(
            f"keep= names columns, and {what} has none: pass a DataFrame or dict rows"
        )


def input_index(postings: Any) -> Any:
    """The index of a DataFrame or Series input (carried to the per-posting tables), else
    ``None`` (the tables then number the postings from 0)."""
    pandas = sys.modules.get("pandas")
    if pandas is not None and isinstance(postings, (pandas.DataFrame, pandas.Series)):
        return postings.index
    return None


def kept_frame(postings: Any, keep: tuple[str, ...]) -> Any:
    """The ``keep`` columns of a DataFrame input, with their dtypes (``None`` otherwise:
    dict rows carry them in :attr:`Item.extra`)."""
    pandas = sys.modules.get("pandas")
    if not keep or pandas is None or not isinstance(postings, pandas.DataFrame):
        return None
    for name in keep:
        _column(postings, name, "keep")
    return postings.loc[:, list(keep)]


def join_kept(frame: Any, keep: tuple[str, ...], kept: Any, extras: list[tuple[Any, ...]]) -> Any:
    """``frame`` with the ``keep`` columns after its own, by position: a DataFrame input's
    (``kept``, with their dtypes) or the values dict rows carried (``extras``)."""
    if not keep:
        return frame
    clash = [name for name in keep if name in frame.columns]
    if clash:
        raise InvalidInput(
            f"keep names columns the analysis makes itself: {', '.join(clash)} "
            "(use title_column= / salary_column= for those, or rename the column)"
        )
    pd = require_pandas()
    if kept is not None:
        kept = kept.reset_index(drop=True)
    else:
        kept = pd.DataFrame([e or (None,) * len(keep) for e in extras], columns=list(keep))
    joined = pd.concat([frame.reset_index(drop=True), kept], axis=1)
    return joined.set_axis(frame.index, axis=0)


def total(postings: Any) -> int | None:
    """How many postings there are, when known without reading them (for the progress bar)."""
    if isinstance(postings, (str, bytes, os.PathLike, Document)):
        return None
    try:
        return len(postings)
    except TypeError:  # a generator, a csv reader: unknown
        return None


def read_item(item: Item) -> Document:
    """The item's posting as a :class:`Document`; raises ``CvmatchError`` if unreadable."""
    if item.is_text:
        return read_text(item.payload, kind="posting", name=item.source)
    return as_document(item.payload, kind="posting")


# --- pandas ----------------------------------------------------------------------------------
def _frame_items(frame: Any, columns: Columns) -> Iterator[Item]:
    column = columns.text if columns.text is not None else _text_column(frame.columns)
    texts = _column(frame, column, "text_column")
    salaries = _column(frame, columns.salary, "salary_column")
    titles = _column(frame, columns.title, "title_column")
    ids = _column(frame, columns.id, "id_column")
    for position, label in enumerate(frame.index):
        title = None if titles is None else titles.iat[position]
        yield Item(
            position=position,
            source=str(label if ids is None else ids.iat[position]),
            payload=_text(texts.iat[position]),
            is_text=True,
            salary=None if salaries is None else parse_salary(salaries.iat[position]),
            title=None if is_missing(title) else str(title),
        )


def _series_items(series: Any) -> Iterator[Item]:
    for position, (label, text) in enumerate(series.items()):
        yield Item(position, str(label), _text(text), True, None, None)


def _column(frame: Any, name: str | None, what: str) -> Any:
    if name is None:
        return None
    if name not in frame.columns:
        raise InvalidInput(
            f"{what} {name!r} is not a column; the columns are {', '.join(map(str, frame.columns))}"
        )
    return frame[name]


def _text_column(columns: Iterable[Any]) -> str:
    names = {str(c).lower(): c for c in columns}
    for candidate in TEXT_COLUMNS:
        if candidate in names:
            return names[candidate]
    raise InvalidInput(
        "pass text_column=...: none of the columns looks like posting text "
        f"(tried {', '.join(TEXT_COLUMNS)})"
    )


# --- iterables -------------------------------------------------------------------------------
def _entries(postings: Any) -> Iterable[Any]:
    """The postings as an iterable: one path, folder or glob is expanded as on the CLI."""
    if isinstance(postings, (str, os.PathLike)):
        if isinstance(postings, str) and "\n" in postings:
            raise InvalidInput(
                "analyze_postings takes many postings: pass a list of texts, not one string"
            )
        return [Path(p) for p in expand_paths([postings])]
    if isinstance(postings, Document):
        return [postings]
    return postings


def _entry_item(position: int, entry: Any, columns: Columns) -> Item:
    if isinstance(entry, Mapping):
        return _mapping_item(position, entry, columns)
    if is_missing(entry):  # None, NaN, pd.NA, "": an empty text, as in a DataFrame
        return Item(position, f"<posting {position}>", "", True, None, None)
    if isinstance(entry, Document):
        return Item(position, entry.source, entry, False, None, None)
    if isinstance(entry, os.PathLike):
        return Item(position, os.fspath(entry), entry, False, None, None)
    if isinstance(entry, str):
        name = entry if len(entry) < 200 and "\n" not in entry else f"<posting {position}>"
        return Item(position, name, entry, False, None, None)
    raise InvalidInput(
        f"posting {position} is a {type(entry).__name__}; pass texts, paths, Documents, "
        "dicts (with text_column) or a pandas DataFrame"
    )


def _mapping_item(position: int, entry: Mapping[Any, Any], columns: Columns) -> Item:
    column = columns.text if columns.text is not None else _text_column(entry)
    if column not in entry:
        raise InvalidInput(f"text_column {column!r} is not a key of posting {position}")
    title = entry.get(columns.title) if columns.title else None
    ident = entry.get(columns.id) if columns.id else None
    return Item(
        position=position,
        source=str(ident) if ident is not None else f"<posting {position}>",
        payload=_text(entry[column]),
        is_text=True,
        salary=parse_salary(entry.get(columns.salary)) if columns.salary else None,
        title=None if is_missing(title) else str(title),
        extra=tuple(entry.get(name) for name in columns.keep),
    )


def _text(value: object) -> str:
    return "" if is_missing(value) else str(value)


def is_missing(value: object) -> bool:
    """Whether a value stands for "no text": ``None``, a NaN (float or numpy), pandas'
    ``NA`` or ``NaT``, or a string with nothing but whitespace. ``analyze_postings`` and
    :class:`~cvmatch.sklearn.SkillVectorizer` both use it, so they treat these alike."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, Real) and not isinstance(value, Integral):
        return math.isnan(value)
    pandas = sys.modules.get("pandas")
    return pandas is not None and (value is pandas.NA or value is pandas.NaT)
