"""Expand command-line style inputs (files, folders, globs) into an ordered list of paths."""

from __future__ import annotations

import glob
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from cvmatch.models import Document
from cvmatch.reading import SUPPORTED_SUFFIXES

__all__ = ["expand_paths", "expand_sources"]

_GLOB_CHARS = set("*?[")


def expand_paths(inputs: Iterable[str | os.PathLike[str]]) -> Iterator[str]:
    """Yield document paths in a stable order: files as given, folders recursively
    (supported types only, sorted), globs sorted. A path that does not exist is
    yielded as is, so that it gets its own failed row downstream."""
    seen: set[str] = set()
    for item in inputs:
        text = os.fspath(item)
        if Path(text).is_dir():
            found = sorted(
                str(p)
                for p in Path(text).rglob("*")
                if p.is_file()
                and p.suffix.lower() in SUPPORTED_SUFFIXES
                and not any(part.startswith(".") for part in p.relative_to(text).parts)
            )
        elif _GLOB_CHARS & set(text) and not Path(text).exists():
            found = sorted(p for p in glob.glob(text, recursive=True) if Path(p).is_file())
            if not found:
                found = [text]
        else:
            found = [text]
        for path in found:
            if path not in seen:
                seen.add(path)
                yield path


def expand_sources(
    items: Iterable[str | os.PathLike[str] | Document],
) -> Iterator[str | Document]:
    """:func:`expand_paths` over a batch's inputs: each path once, in order; a
    :class:`~cvmatch.models.Document` is passed through as it is."""
    seen: set[str] = set()
    for item in items:
        if isinstance(item, Document):
            yield item
            continue
        for path in expand_paths([item]):
            if path not in seen:
                seen.add(path)
                yield path
