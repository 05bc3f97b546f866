"""Word forms for alias expansion: inflections and US/UK spellings, offline.

Aliases in the taxonomy are written in base form ("resolve complaint"); the matcher
is compiled with every inflected form of every word ("resolved complaints"), taken
from spaCy's English lemma lookup table (``spacy-lookups-data``), plus US/UK spelling
variants from its norm table. Matching then runs on lowercased tokens with no
per-token lemmatisation cost.
"""

from __future__ import annotations

import functools
import gzip
import json
import re
from importlib import resources

__all__ = ["Inflector", "english_words", "get_inflector"]

_VOWELS = set("aeiou")
_WORD = re.compile(r"^[a-z]+$")


def _load_table(name: str) -> dict[str, str]:
    path = resources.files("spacy_lookups_data") / "data" / f"en_{name}.json.gz"
    with path.open("rb") as handle:
        return json.loads(gzip.decompress(handle.read()))


class Inflector:
    """Maps a lowercase word to the set of its forms (inflections and spelling variants)."""

    def __init__(self, lemmas: dict[str, str], norms: dict[str, str]) -> None:
        self._lemma = {k.lower(): v.lower() for k, v in lemmas.items()}
        self._forms: dict[str, set[str]] = {}
        for form, lemma in self._lemma.items():
            self._forms.setdefault(lemma, {lemma}).add(form)
        self._spelling: dict[str, set[str]] = {}
        for variant, norm in norms.items():
            variant, norm = variant.lower(), norm.lower()
            if _WORD.match(variant) and _WORD.match(norm) and variant != norm:
                group = self._spelling.setdefault(norm, {norm})
                group.add(variant)
                self._spelling[variant] = group

    def lemma(self, word: str) -> str:
        """The base form of a lowercase word (itself when unknown)."""
        return self._lemma.get(word, word)

    @functools.lru_cache(maxsize=65536)  # noqa: B019 - one long-lived instance per process
    def forms(self, word: str) -> frozenset[str]:
        """Every form of ``word``: itself, its lemma's inflections, and spelling variants."""
        word = word.lower()
        out = {word}
        for spelling in self._spelling.get(word, {word}):
            lemma = self._lemma.get(spelling, spelling)
            known = self._forms.get(lemma)
            if known:
                out |= known
            elif spelling == word and _WORD.match(word) and len(word) >= 4:
                out |= self._guess(word)
            out.add(spelling)
            for form in list(out):
                out |= self._spelling.get(form, set())
        return frozenset(out)

    @staticmethod
    def _guess(word: str) -> set[str]:
        """Regular English inflections for a word the lookup table does not know."""
        if word.endswith("e"):
            return {word + "s", word + "d", word[:-1] + "ing"}
        if word.endswith("y") and word[-2] not in _VOWELS:
            return {word[:-1] + "ies", word[:-1] + "ied", word + "ing"}
        forms = {word + "s", word + "ed", word + "ing"}
        if word.endswith(("s", "x", "ch", "sh")):
            forms.add(word + "es")
        if word[-1] not in _VOWELS and word[-2] in _VOWELS and word[-3] not in _VOWELS:
            forms |= {word + word[-1] + "ed", word + word[-1] + "ing"}
        return forms


@functools.lru_cache(maxsize=1)
def get_inflector() -> Inflector:
    """The shared inflector, built once from ``spacy-lookups-data``."""
    return Inflector(_load_table("lemma_lookup"), _load_table("lexeme_norm"))


@functools.lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Every lowercase English word ``spacy-lookups-data`` knows: the lemma lookup's forms
    and the lemma index's nouns, verbs, adjectives and adverbs ("analytically")."""
    inflector = get_inflector()
    index: dict[str, list[str]] = _load_table("lemma_index")  # type: ignore[assignment]
    words = {w.lower() for group in index.values() for w in group}
    return frozenset(inflector._lemma) | frozenset(inflector._forms) | frozenset(words)
