"""Names that moved or went away keep working for one release, with a ``DeprecationWarning``.

A module lists its old names in a table given to :func:`moved`, which returns the
module's ``__getattr__``: the first use of an old name warns, naming the replacement,
and hands back the object that now does the job. The old batch helpers of
:mod:`cvmatch.api` (``extract_many``, ``score_many``) live here with their old rules (a
``str`` may be a document's text, folders are not expanded, work in this process).
"""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

__all__ = ["extract_many", "moved", "score_many"]

#: old name -> (module that now holds it, attribute there, what to tell the user to use)
MovedNames = Mapping[str, tuple[str, str, str]]


def _resolve(module: str, attribute: str) -> Any:
    found: Any = importlib.import_module(module)
    for part in attribute.split("."):
        found = getattr(found, part)
    return found


def moved(module_name: str, names: MovedNames, *, stacklevel: int = 2) -> Callable[[str], Any]:
    """A module ``__getattr__`` that serves the old ``names`` with a ``DeprecationWarning``.

    ``stacklevel`` points the warning at the user's line (one more when the module's own
    ``__getattr__`` calls this one).
    """

    def __getattr__(name: str) -> Any:
        if name not in names:
            raise AttributeError(f"module {module_name!r} has no attribute {name!r}")
        module, attribute, replacement = names[name]
        warnings.warn(
            f"{module_name}.{name} is deprecated and will be removed in the next release; "
            f"use {replacement} instead",
            DeprecationWarning,
            stacklevel=stacklevel,
        )
        return _resolve(module, attribute)

    return __getattr__


def _old_batch(op: str, sources: Iterable[Any], **settings: Any) -> Iterator[Any]:
    from cvmatch.batch.job import Job
    from cvmatch.reading import DEFAULT_LIMITS

    job = Job(op, limits=DEFAULT_LIMITS, text_strings=True, **settings)  # type: ignore[arg-type]
    for source in sources:
        yield job.run(source)


def extract_many(
    sources: Iterable[Any],
    *,
    kind: str | None = None,
    taxonomy: Any = None,
    blind: bool = False,
) -> Iterator[Any]:
    """One extraction result per input, in input order; use ``cvmatch.batch.iter_extracts``."""
    return _old_batch("extract", sources, kind=kind, taxonomy=taxonomy, blind=blind)


def score_many(
    sources: Iterable[Any],
    *,
    kind: str | None = None,
    roles: Sequence[str] | None = None,
    taxonomy: Any = None,
    blind: bool = False,
) -> Iterator[Any]:
    """One score result per input, in input order; use ``cvmatch.batch.iter_scores``."""
    roles_tuple = tuple(roles) if roles else None
    return _old_batch(
        "score", sources, kind=kind, roles=roles_tuple, taxonomy=taxonomy, blind=blind
    )
