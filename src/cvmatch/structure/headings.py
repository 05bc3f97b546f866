"""Headings: which section a line names, from the ``[headings]`` vocabulary."""

from __future__ import annotations

import re

from cvmatch.models import DocumentKind
from cvmatch.taxonomy import Taxonomy
from cvmatch.taxonomy.cache import compiled
from cvmatch.taxonomy.headings import Headings
from cvmatch.taxonomy.resolve import resolve_taxonomy

__all__ = ["Mark", "heading_index", "heading_key", "heading_name", "headings_of", "line_sections"]

#: Where a section opens: (offset, section name, the heading as written or ``None``).
Mark = tuple[int, str, "str | None"]

_HEADING_CLEAN = re.compile(r"[^a-z0-9'&/,\- ]+")
_KINDS: tuple[DocumentKind, ...] = ("resume", "posting")


def headings_of(taxonomy: Taxonomy | None) -> Headings:
    """The heading vocabulary of ``taxonomy`` (``None``: the shipped taxonomy)."""
    return resolve_taxonomy(taxonomy).headings


def heading_key(text: str) -> str:
    """``text`` as heading phrases are written: lowercase, one space, no other marks."""
    return " ".join(_HEADING_CLEAN.sub(" ", text.lower().replace("’", "'")).split())


def _indices(headings: Headings) -> dict[str, dict[str, str]]:
    indices: dict[str, dict[str, str]] = {}
    for kind in _KINDS:
        index: dict[str, str] = {}
        for name, phrases in headings.sections(kind).items():
            for phrase in phrases:
                index.setdefault(phrase, name)  # a phrase of two sections: the first wins
        indices[kind] = index
    return indices


def heading_index(headings: Headings, kind: DocumentKind) -> dict[str, str]:
    """Heading phrase -> section name for documents of ``kind`` (built once)."""
    return compiled(headings, _indices)[kind]


def _name_of(line: str, index: dict[str, str]) -> str | None:
    stripped = line.strip().strip("#*_=:-|. ")
    if not stripped or len(stripped) > 60 or len(stripped.split()) > 7:
        return None
    return index.get(heading_key(stripped))


def heading_name(line: str, kind: DocumentKind, headings: Headings) -> str | None:
    """The section a line names when it is a heading on its own ("Work History:")."""
    return _name_of(line, heading_index(headings, kind))


def line_sections(text: str, kind: DocumentKind, headings: Headings) -> list[Mark]:
    """Every line of ``text`` that is a heading, as a :data:`Mark`."""
    index = heading_index(headings, kind)
    found: list[Mark] = []
    offset = 0
    for line in text.split("\n"):
        name = _name_of(line, index)
        if name is not None:
            found.append((offset, name, line.strip()))
        offset += len(line) + 1
    return found
