"""Postings in: a DataFrame, a Series, dict rows, texts, paths or Documents, one item each.

The inputs are read lazily and in order; an item keeps what the caller's columns say
about a posting (its name, salary and title) beside the text or path to read.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cvmatch.analytics.salary import parse_salary
from cvmatch.api import as_document
from cvmatch.batch import expand_paths
from cvmatch.errors import InvalidInput, MissingDependency
from cvmatch.models import Document
from cvmatch.reading import read_text

__all__ = ["TEXT_COLUMNS", "Columns", "Item", "items", "read_item", "require_pandas"]

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


@dataclass(frozen=True)
class Item:
    """One input posting before it is read: where it is and what its columns say."""

    position: int
    source: str
    payload: Any  # Document, Path, str text, or str that may be a path
    is_text: bool
    salary: float | None
    title: str | None


def items(postings: Any, columns: Columns) -> Iterator[Item]:
    """One :class:`Item` per input posting, lazily, in input order."""
    pandas = require_pandas() if type(postings).__module__.startswith("pandas") else None
    if pandas is not None and isinstance(postings, pandas.DataFrame):
        yield from _frame_items(postings, columns)
    elif pandas is not None and isinstance(postings, pandas.Series):
        yield from _series_items(postings)
    else:
        for position, entry in enumerate(_entries(postings)):
            yield _entry_item(position, entry, columns)


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
            title=None if _is_missing(title) else str(title),
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
        title=None if _is_missing(title) or title == "" else str(title),
    )


def _text(value: object) -> str:
    return "" if _is_missing(value) else str(value)


def _is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))
