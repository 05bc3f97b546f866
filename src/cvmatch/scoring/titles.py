"""Role titles: which role a job title names, and the titles a document shows.

The titles are each role's ``experience.titles`` in the taxonomy; how much an older
or a one-word title counts is ``[weights.titles]``.
"""

from __future__ import annotations

import re
from datetime import date
from typing import NamedTuple

from cvmatch.matching.regex import CaseBlind
from cvmatch.models import Document
from cvmatch.taxonomy import Role, Taxonomy
from cvmatch.taxonomy.weights import TitleWeights

__all__ = [
    "HeldTitle",
    "MatchedTitle",
    "best_of",
    "best_title",
    "held_titles",
    "matched_titles",
    "names_a_field_title",
    "title_match",
    "title_roles",
]

_NON_WORD = re.compile(r"[^a-z0-9&]+")


class HeldTitle(NamedTuple):
    """A title a document shows, how much it counts, and whether it is the current one."""

    text: str
    weight: float
    current: bool


def _title_regex(titles: tuple[tuple[str, str], ...]) -> tuple[CaseBlind, dict[str, str]]:
    """The role titles as one case-blind pattern (longest first), and each title's role."""
    owner = {}
    for title, role_id in titles:
        owner.setdefault(title.lower(), role_id)
    alternatives = sorted(owner, key=len, reverse=True)
    pattern = r"\b(?:" + "|".join(re.escape(t) for t in alternatives) + r")\b"
    return CaseBlind(pattern), owner


#: id(taxonomy) -> (its roles when last seen, their titles' pattern and owners)
_TITLES_SEEN: dict[int, tuple[tuple[Role, ...], CaseBlind, dict[str, str]]] = {}


def _titles_of(taxonomy: Taxonomy) -> tuple[CaseBlind, dict[str, str]] | None:
    """The role-title pattern of ``taxonomy``; roles are frozen models, so the same role
    objects mean the same titles and the pattern is reused."""
    roles = tuple(taxonomy.roles.values())
    seen = _TITLES_SEEN.get(id(taxonomy))
    same = seen is not None and len(seen[0]) == len(roles)
    if same and all(a is b for a, b in zip(seen[0], roles, strict=True)):  # type: ignore[index]
        return seen[1], seen[2]  # type: ignore[index]
    pairs = tuple((t, r.id) for r in roles for t in r.experience.titles)
    if not pairs:
        return None
    regex, owner = _title_regex(pairs)
    if len(_TITLES_SEEN) >= 16:
        _TITLES_SEEN.clear()
    _TITLES_SEEN[id(taxonomy)] = (roles, regex, owner)
    return regex, owner


def title_match(title: str | None, taxonomy: Taxonomy) -> tuple[str, str] | None:
    """``(role id, matched phrase)`` for the longest role title found in ``title``."""
    if not title:
        return None
    titles = _titles_of(taxonomy)
    if titles is None:
        return None
    regex, owner = titles
    words = " ".join(_NON_WORD.sub(" ", title.lower()).split())
    best = max(regex.finditer(words), key=lambda m: len(m.group(0)), default=None)
    return (owner[best.group(0).lower()], best.group(0)) if best else None


def title_roles(title: str | None, taxonomy: Taxonomy) -> str | None:
    """The role whose title list best matches a job title (longest phrase wins)."""
    found = title_match(title, taxonomy)
    return found[0] if found else None


#: a title shown, and the role title it names: ``(role id, phrase)``, or ``None``
MatchedTitle = tuple[HeldTitle, tuple[str, str] | None]


def held_titles(document: Document | None, weights: TitleWeights) -> list[HeldTitle]:
    """Titles a document shows with how much they count (the latest 1, older ones less)."""
    if document is None:
        return []
    out: list[HeldTitle] = []
    if document.title:
        out.append(HeldTitle(document.title, 1.0, True))
    if document.kind == "posting":
        # "We are looking for a Customer Service Coordinator to join...": the opening
        # lines name the job even when the title line is a marketing headline.
        opening = document.text[: weights.posting_opening_chars]
        out.append(HeldTitle(opening, weights.older, False))
        return out
    ordered = sorted(
        (p for p in document.positions if p.title),
        key=lambda p: (p.end_date or date.min, p.start_date or date.min),
        reverse=True,
    )
    for index, position in enumerate(ordered):
        latest = index == 0
        out.append(HeldTitle(position.title or "", 1.0 if latest else weights.older, latest))
    return out


def matched_titles(document: Document | None, taxonomy: Taxonomy) -> list[MatchedTitle]:
    """Each title the document shows, with the role title it names (or ``None``)."""
    held = held_titles(document, taxonomy.weights.titles)
    return [(h, title_match(h.text, taxonomy)) for h in held]


def best_of(matched: list[MatchedTitle], role_id: str, weights: TitleWeights) -> tuple[float, str]:
    """The strongest of ``matched`` (:func:`matched_titles`) for ``role_id``, and its detail;
    a one-word title counts ``generic_factor``."""
    strength, detail = 0.0, "no matching job title"
    for held, found in matched:
        if found is None or found[0] != role_id:
            continue
        title_weight = held.weight * (1.0 if " " in found[1] else weights.generic_factor)
        if title_weight > strength:
            strength, detail = title_weight, f"title: {found[1]}"
    return strength, detail


def best_title(document: Document | None, role_id: str, taxonomy: Taxonomy) -> tuple[float, str]:
    """The strength (0..1) and detail of the role's title line: its best title shown."""
    return best_of(matched_titles(document, taxonomy), role_id, taxonomy.weights.titles)


def names_a_field_title(document: Document | None, taxonomy: Taxonomy) -> bool:
    """Whether the document shows one of the roles' titles longer than one word."""
    for held in held_titles(document, taxonomy.weights.titles):
        found = title_match(held.text, taxonomy)
        if found is not None and " " in found[1]:
            return True
    return False
