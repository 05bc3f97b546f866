"""The one rule for a ``taxonomy=`` argument: shipped (``None``), a path, or an object."""

from __future__ import annotations

import os
from pathlib import Path

from cvmatch.taxonomy.loader import load_taxonomy
from cvmatch.taxonomy.model import Taxonomy

__all__ = ["TaxonomyArgument", "resolve_taxonomy"]

#: What every ``taxonomy=`` parameter accepts.
TaxonomyArgument = Taxonomy | str | os.PathLike[str] | None

_BY_PATH: dict[str, Taxonomy] = {}
_BY_CONTENT: dict[str, Taxonomy] = {}
_MAX_CACHED = 16


def _remember(cache: dict[str, Taxonomy], key: str, taxonomy: Taxonomy) -> Taxonomy:
    if key not in cache and len(cache) >= _MAX_CACHED:
        cache.pop(next(iter(cache)))
    return cache.setdefault(key, taxonomy)


def _path_key(path: Path) -> str:
    """The path with the modification times of its files, so an edited file reloads."""
    files = sorted(path.rglob("*.toml")) if path.is_dir() else [path]
    return f"{path}|" + ";".join(f"{p}:{p.stat().st_mtime_ns}" for p in files if p.exists())


def resolve_taxonomy(taxonomy: TaxonomyArgument = None, *, shared: bool = False) -> Taxonomy:
    """The :class:`Taxonomy` a ``taxonomy=`` argument names.

    ``None`` is the shipped taxonomy (loaded once per process); a path to a ``.toml``
    file or a folder is loaded with :func:`load_taxonomy` (merged over the shipped one)
    and kept while its files are unchanged; a ``Taxonomy`` is returned as it is. With
    ``shared=True`` equal taxonomy objects (same :attr:`Taxonomy.content_hash`) map to
    one object, so copies of it (scikit-learn's ``clone``) reuse one compiled extractor;
    leave it off for a taxonomy you change in place. Raises ``TaxonomyError`` for a file
    that is missing or malformed.
    """
    if taxonomy is None:
        return load_taxonomy()
    if isinstance(taxonomy, Taxonomy):
        return _remember(_BY_CONTENT, taxonomy.content_hash, taxonomy) if shared else taxonomy
    path = Path(taxonomy).resolve()
    key = _path_key(path)
    if key not in _BY_PATH:
        _remember(_BY_PATH, key, load_taxonomy(path))
    return _BY_PATH[key]
