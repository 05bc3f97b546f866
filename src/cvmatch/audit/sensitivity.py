"""How scores move when only who the candidate is changes: a name, pronoun or origin swap.

``sensitivity(texts, swaps=...)`` (or ``variants=``) scores each resume and its swapped
twin, plain and blind, and reports per document and score how much the swap moved it.
Under blind mode every change should be zero (the masked details never reach a
score); without it, a change shows what the text-similarity line of a match, or a skill
phrase that holds a name, reacts to. It is a probe for the user's own resumes, not a
proof: a swap that no masking covers (a hobby, a school's name) can still move a score.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from typing import Any

from pydantic import BaseModel, Field

from cvmatch.api import PreparedPosting, as_document, match, read_posting, score_document
from cvmatch.errors import InvalidInput
from cvmatch.models import Document
from cvmatch.reading import DocumentInput, read_text
from cvmatch.taxonomy import TaxonomyArgument, resolve_taxonomy

__all__ = ["SensitivityReport", "SensitivityRow", "sensitivity", "swap_text"]


class SensitivityRow(BaseModel):
    """One score of one document, for the original and the swapped text, plain and blind."""

    document: str = Field(description="the document's source, or its index in the input")
    score: str = Field(description='a role id, or "posting" for the match score')
    plain: float = Field(description="the original's score without blind mode")
    plain_swapped: float = Field(description="the swapped text's score without blind mode")
    blind: float = Field(description="the original's score in blind mode")
    blind_swapped: float = Field(description="the swapped text's score in blind mode")

    @property
    def plain_change(self) -> float:
        """How much the swap moved the plain score (swapped minus original)."""
        return round(self.plain_swapped - self.plain, 6)

    @property
    def blind_change(self) -> float:
        """How much the swap moved the blind score (zero when blind mode is blind)."""
        return round(self.blind_swapped - self.blind, 6)


class SensitivityReport(BaseModel):
    """Every row, with the largest changes; :meth:`to_dataframe` for analysis."""

    rows: list[SensitivityRow] = Field(default_factory=list)

    @property
    def max_plain_change(self) -> float:
        """The largest move of a plain score, in points (0 when none moved)."""
        return max((abs(row.plain_change) for row in self.rows), default=0.0)

    @property
    def max_blind_change(self) -> float:
        """The largest move of a blind score, in points (0 when blind mode held)."""
        return max((abs(row.blind_change) for row in self.rows), default=0.0)

    @property
    def blind_invariant(self) -> bool:
        """Whether no blind score moved at all."""
        return all(row.blind_change == 0 for row in self.rows)

    def changed(self, *, blind: bool = False) -> list[SensitivityRow]:
        """The rows whose plain (or, with ``blind``, blind) score moved."""
        return [r for r in self.rows if (r.blind_change if blind else r.plain_change) != 0]

    def to_dataframe(self) -> Any:
        """The rows as a pandas DataFrame, with the two change columns."""
        import pandas

        records = [
            {**row.model_dump(), "plain_change": row.plain_change, "blind_change": row.blind_change}
            for row in self.rows
        ]
        return pandas.DataFrame.from_records(records, columns=_COLUMNS)


_COLUMNS = [
    "document",
    "score",
    "plain",
    "plain_swapped",
    "blind",
    "blind_swapped",
    "plain_change",
    "blind_change",
]


def _cased(template: str, word: str) -> str:
    """``word`` written in the case of ``template`` (UPPER, Title or as given)."""
    if template.isupper() and len(template) > 1:
        return word.upper()
    if template[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def swap_text(text: str, swaps: Mapping[str, str]) -> str:
    """``text`` with every whole-word occurrence of a key of ``swaps`` replaced by its
    value, all at once (so "he" -> "she" and "she" -> "he" swap), keeping its case."""
    if not swaps:
        return text
    lookup = {key.lower(): value for key, value in swaps.items()}
    keys = sorted(lookup, key=len, reverse=True)
    pattern = re.compile(
        r"(?<![\w'’-])(?:" + "|".join(map(re.escape, keys)) + r")(?![\w'’-])", re.IGNORECASE
    )
    return pattern.sub(lambda m: _cased(m.group(), lookup[m.group().lower()]), text)


def _document(source: Document | DocumentInput) -> Document:
    return as_document(source, kind="resume")


def _name(document: Document, index: int) -> str:
    return document.source if document.source != "<text>" else str(index)


def _scores(
    document: Document,
    *,
    blind: bool,
    posting: PreparedPosting | None,
    roles: Sequence[str] | None,
    taxonomy: Any,
    similarity: bool,
) -> dict[str, float]:
    """The scores of one document: the match score, or one per role."""
    if posting is not None:
        result = match(document, posting, taxonomy=taxonomy, similarity=similarity, blind=blind)
        return {"posting": result.score}
    scored = score_document(document, kind="resume", roles=roles, taxonomy=taxonomy, blind=blind)
    return {fit.id: fit.score for fit in scored.roles}


def _variant(original: Document, variant: Document | DocumentInput | None, swaps: Any) -> Document:
    if variant is not None:
        return _document(variant)
    return read_text(swap_text(original.text, swaps), kind="resume", name=original.source)


def sensitivity(
    texts: Sequence[Document | DocumentInput | os.PathLike[str]],
    variants: Sequence[Document | DocumentInput | os.PathLike[str]] | None = None,
    *,
    swaps: Mapping[str, str] | None = None,
    posting: Document | PreparedPosting | DocumentInput | None = None,
    roles: Sequence[str] | None = None,
    taxonomy: TaxonomyArgument = None,
    similarity: bool = True,
) -> SensitivityReport:
    """Score each resume and its swapped twin, plain and blind, and report the moves.

    ``texts`` are resumes (texts, paths or Documents); their twins are ``variants`` (one
    per text, same order) or ``swaps`` applied to each text (a map of words to words,
    e.g. names, pronouns and places of origin, swapped both ways at once by
    :func:`swap_text`). With ``posting`` the match score is compared (``similarity``: with
    its text-similarity line); otherwise every role's score (or those of ``roles``).
    """
    if (variants is None) == (swaps is None):
        raise InvalidInput("give the swapped texts as variants=, or a swap map as swaps=")
    if variants is not None and len(variants) != len(texts):
        raise InvalidInput(f"{len(texts)} texts but {len(variants)} variants: give one each")
    tax = resolve_taxonomy(taxonomy)
    prepared = None
    if posting is not None:
        prepared = posting if isinstance(posting, tuple) else read_posting(posting, taxonomy=tax)
    settings = {"posting": prepared, "roles": roles, "taxonomy": tax, "similarity": similarity}
    rows: list[SensitivityRow] = []
    for index, source in enumerate(texts):
        original = _document(source)  # type: ignore[arg-type]
        twin = _variant(original, variants[index] if variants else None, swaps)  # type: ignore[arg-type]
        plain = _scores(original, blind=False, **settings)  # type: ignore[arg-type]
        plain_twin = _scores(twin, blind=False, **settings)  # type: ignore[arg-type]
        blind = _scores(original, blind=True, **settings)  # type: ignore[arg-type]
        blind_twin = _scores(twin, blind=True, **settings)  # type: ignore[arg-type]
        rows.extend(
            SensitivityRow(
                document=_name(original, index),
                score=key,
                plain=plain[key],
                plain_swapped=plain_twin.get(key, 0.0),
                blind=blind[key],
                blind_swapped=blind_twin.get(key, 0.0),
            )
            for key in plain
        )
    return SensitivityReport(rows=rows)
