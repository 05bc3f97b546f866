"""The posting's own job title against the titles a resume shows: a line of the match.

A posting names its job ("Senior Client Services Manager"); a resume whose titles share
its words has done that job or one near it. The line's strength is the best share of
the posting title's content words (stop words aside, compared by lemma) that a title the
resume shows holds, an older title counting ``[weights.titles] older`` of it. A word
that names no trade, only a rank or a kind of post (``[cues] title_words``: "associate",
"manager"), counts ``[weights.titles] generic_factor`` of a word that does: a "Sales
Associate" shares little with an "Associate Client Success Manager".
"""

from __future__ import annotations

import functools
import re

from cvmatch.extract.lexicon import get_inflector
from cvmatch.models import Contribution, Document
from cvmatch.scoring.lines import breakdown_line
from cvmatch.scoring.titles import held_titles
from cvmatch.taxonomy.cache import compiled
from cvmatch.taxonomy.cues import Cues
from cvmatch.taxonomy.weights import TitleWeights

__all__ = ["generic_title_words", "title_line", "title_words"]

_WORDS = re.compile(r"[a-z][a-z0-9&+#-]*")


@functools.lru_cache(maxsize=4096)
def title_words(title: str) -> frozenset[str]:
    """The content words of a title, by lemma."""
    from spacy.lang.en.stop_words import STOP_WORDS

    inflector = get_inflector()
    return frozenset(
        inflector.lemma(w) for w in _WORDS.findall(title.lower()) if w not in STOP_WORDS
    )


def title_line(
    posting: Document | None,
    resume: Document | None,
    weight: float,
    weights: TitleWeights,
    generic: frozenset[str] = frozenset(),
) -> Contribution | None:
    """The "Job title" line, or ``None`` when the posting states no title; ``generic``:
    the lemmas of the title words that count ``weights.generic_factor``."""
    wanted = title_words(posting.title) if posting and posting.title else frozenset()
    if not wanted:
        return None

    def mass(words: frozenset[str]) -> float:
        return sum(weights.generic_factor if w in generic else 1.0 for w in words)

    strength, detail = 0.0, "no title shown shares a word with the posting's title"
    for held in held_titles(resume, weights):
        shared = wanted & title_words(held.text)
        value = held.weight * mass(shared) / mass(wanted)
        if value > strength:
            strength = value
            detail = f'"{held.text[:80]}" shares {", ".join(sorted(shared))} with the title'
    return breakdown_line("title", "posting_title", "Job title", weight, strength, detail)


def generic_title_words(cues: Cues) -> frozenset[str]:
    """The lemmas of ``[cues] title_words``, as :func:`title_words` compares them; built
    once per cues object (:func:`cvmatch.taxonomy.cache.compiled`)."""
    return compiled(cues, _generic_lemmas)


def _generic_lemmas(cues: Cues) -> frozenset[str]:
    return frozenset().union(*(title_words(w) for w in cues.title_words))
