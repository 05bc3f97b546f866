"""Taxonomy -> matcher patterns (data), and patterns -> what the matching engine searches.

A pattern entry is a dict as in spaCy's ``SpanRuler`` (``{"label", "id", "pattern"}``):
``label`` and ``id`` are the concept id, ``category`` its category. A string pattern is
an alias, compiled with every inflection and spelling variant of its words (see
:mod:`cvmatch.extract.lexicon`); a list pattern is a token pattern whose ``LEMMA``
constraints become ``LOWER IN <all forms>``, so no lemmatiser runs at match time.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, field_validator

from cvmatch.errors import InvalidInput
from cvmatch.extract.lexicon import Inflector
from cvmatch.taxonomy import Taxonomy

__all__ = [
    "PatternEntry",
    "alias_variants",
    "entries_json",
    "expand_token_pattern",
    "patterns_from_taxonomy",
    "validate_patterns",
]

#: an alias compiles to at most this many spelling/inflection combinations
MAX_VARIANTS = 256


def patterns_from_taxonomy(taxonomy: Taxonomy) -> list[dict[str, Any]]:
    """The matcher patterns of every concept: ``{"label", "id", "category", "pattern", ...}``.

    ``label`` and ``id`` are the concept id (so ``doc.spans`` and displacy show the
    skill), ``category`` its category. ``inflect: false`` turns off inflection (aliases
    written ``=word``); ``case_sensitive: true`` matches the exact spelling; ``value``
    names an attribute value (a language, an industry) that the alias reveals;
    ``exclude: true`` marks a phrase that vetoes the concept's matches it overlaps
    ("leadership team" is not team leadership).
    """
    out: list[dict[str, Any]] = []
    for concept in taxonomy.concepts.values():
        base = {"label": concept.id, "id": concept.id, "category": concept.category}
        for alias in concept.aliases:
            out.append({**base, **_alias_entry(alias)})
        for value, aliases in concept.values.items():
            for alias in aliases:
                out.append({**base, **_alias_entry(alias), "value": value})
        for alias in concept.case_sensitive:
            out.append({**base, "pattern": alias, "case_sensitive": True})
        for pattern in concept.patterns:
            out.append({**base, "pattern": [dict(token) for token in pattern]})
        for phrase in concept.exclude:
            out.append({**base, **_alias_entry(phrase), "exclude": True})
    return out


def _alias_entry(alias: str) -> dict[str, Any]:
    if alias.startswith("="):
        return {"pattern": alias[1:], "inflect": False}
    return {"pattern": alias}


class PatternEntry(BaseModel):
    """One pattern entry, validated: what ``add_patterns`` accepts."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    label: str = Field(min_length=1)
    id: str | None = None
    pattern: str | list[dict[str, Any]]
    category: str | None = None
    value: str | None = None
    inflect: bool = True
    case_sensitive: bool = False
    exclude: bool = False

    @field_validator("pattern")
    @classmethod
    def _not_empty(cls, pattern: str | list[dict[str, Any]]) -> str | list[dict[str, Any]]:
        if not pattern or (isinstance(pattern, str) and not pattern.strip()):
            raise ValueError("empty pattern")
        return pattern

    @property
    def concept_id(self) -> str:
        """The concept the entry reveals (its ``id``, else its ``label``)."""
        return self.id or self.label


_ENTRIES = TypeAdapter(list[PatternEntry])


def entries_json(entries: Sequence[PatternEntry]) -> bytes:
    """Validated entries as canonical JSON bytes: the same entries give the same bytes
    (what the disk cache of compiled tables keys on)."""
    return _ENTRIES.dump_json(list(entries))


def validate_patterns(patterns: Iterable[Any], *, token_schema: bool = False) -> list[PatternEntry]:
    """Check pattern entries; ``token_schema`` also runs spaCy's token-pattern validation.

    Raises :class:`~cvmatch.errors.InvalidInput` naming the first bad entry.
    """
    entries = list(patterns)
    try:
        checked = _ENTRIES.validate_python(entries)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = error["loc"][0] if error["loc"] else 0
        bad = entries[where] if isinstance(where, int) and where < len(entries) else entries
        raise InvalidInput(f"invalid pattern entry {bad!r}: {error['msg']}") from None
    if token_schema:
        from spacy.schemas import validate_token_pattern

        for entry in checked:
            if isinstance(entry.pattern, list):
                problems = validate_token_pattern(entry.pattern)
                if problems:
                    raise InvalidInput(f"invalid token pattern {entry.pattern!r}: {problems}")
    return checked


def expand_token_pattern(
    pattern: Sequence[dict[str, Any]], inflector: Inflector | None
) -> list[dict[str, Any]]:
    """Rewrite ``LEMMA`` constraints as ``LOWER IN <all forms>`` (no lemmatiser needed)."""
    out = []
    for token in pattern:
        token = dict(token)
        lemma = token.pop("LEMMA", None)
        if lemma is not None:
            token["LOWER"] = {"IN": sorted(_lemma_forms(lemma, inflector))}
        out.append(token)
    return out


def _lemma_forms(lemma: Any, inflector: Inflector | None) -> set[str]:
    if isinstance(lemma, str):
        words = [lemma]
    elif isinstance(lemma, dict) and set(lemma) <= {"IN"}:
        words = list(lemma["IN"])
    else:
        raise InvalidInput(f"unsupported LEMMA constraint {lemma!r}; use a string or IN")
    forms: set[str] = set()
    for word in words:
        forms |= inflector.forms(word.lower()) if inflector else {word.lower()}
    return forms


def alias_variants(words: Sequence[str], inflector: Inflector | None) -> list[str]:
    """Every spelling of an alias's lowercase ``words`` (joined by spaces): each word in
    each of its forms, unless that would pass :data:`MAX_VARIANTS` combinations."""
    if inflector is None:
        return [" ".join(words)]
    options: list[Sequence[str]] = []
    total = 1
    for word in words:
        forms = sorted(inflector.forms(word)) if word.isalpha() else [word]
        if total * len(forms) > MAX_VARIANTS:
            forms = [word]
        total *= len(forms)
        options.append(forms)
    return [" ".join(combo) for combo in itertools.product(*options)]
