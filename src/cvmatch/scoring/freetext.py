"""Posting requirements outside the taxonomy: named things kept as free text, and must-haves
a resume cannot show.

A requirement naming a product or a certificate no concept knows ("Autodesk Inventor",
"ITIL") would otherwise be dropped. In the posting's requirement sentences (a
Requirements or Preferred section, or a sentence with a requirement cue) a *named
thing* is a run of capitalised words, not first in its sentence, that no concept mention
covers and that holds a word the English lexicon does not know or an acronym. Its status
is read as a concept mention's is (:class:`~cvmatch.extract.requirements.RequirementReader`),
and it is matched in a resume literally and by inflection.

A must-have sentence that names a topic of ``[weights.must_haves.unverifiable]`` (work
authorisation, shifts, location) asks for what a resume does not tell: it is reported as
an unknown must-have, never scored, and named things in it are not kept.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from cvmatch.extract.compile import alias_variants
from cvmatch.extract.lexicon import english_words, get_inflector
from cvmatch.extract.requirements import Requirement, RequirementReader, requirement_cues
from cvmatch.models import Document, Evidence, SkillProfile
from cvmatch.structure.sentences import sentence_bounds
from cvmatch.taxonomy import Taxonomy

__all__ = ["FreeText", "find_phrase", "posting_free_text"]

#: a word of a named thing: letters, digits and the signs product names carry ("C++", "MS-Word")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9+#&.'/-]*[A-Za-z0-9+#]|[A-Z]")
#: the longest named thing, in words ("Microsoft Dynamics 365 Customer Service")
_MOST_WORDS = 4
#: sections whose sentences state requirements
_REQUIREMENT_SECTIONS = ("requirements", "preferred")
_SENTENCE = re.compile(r"[^\n.!?;]+")
#: the capitalised parts of a word; a word made of capitalised parts this long is words
#: run together by a scraper ("MondayFriday"), not a product name (so is "SolidWorks": a
#: known loss)
_CAMEL = re.compile(r"[A-Z][a-z]+|[A-Z]+(?![a-z])|[a-z]+")
_GLUED = 4


@dataclass(frozen=True)
class FreeText:
    """A posting requirement that maps to no concept: a named thing, or an unverifiable topic."""

    phrase: str
    start: int
    end: int
    requirement: Requirement
    topic: str | None = None  # the unverifiable topic, for a must-have a resume cannot show

    @property
    def id(self) -> str:
        """The requirement's id in a match result."""
        return "free_text:" + "_".join(self.phrase.lower().split())


@dataclass(frozen=True)
class _Span:
    start_char: int
    end_char: int


@functools.lru_cache(maxsize=1)
def _lexicon() -> frozenset[str]:
    """Every English word the lookup tables know, and the stop words."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return english_words() | frozenset(STOP_WORDS)


def _known(word: str) -> bool:
    """A word of the lexicon, or an adverb made of one ("proactively")."""
    lexicon = _lexicon()
    return word in lexicon or (word.endswith("ly") and word[:-2] in lexicon)


def _named(word: str) -> bool:
    """An acronym ("ITIL"), a word with inner capitals or digits ("AutoCAD", "S4"), or a
    capitalised word the lexicon does not know ("Autodesk")."""
    if len(word) > 1 and word.isupper():
        return True
    if any(c.isdigit() for c in word):
        return True
    parts = _CAMEL.findall(word)
    if len(parts) > 1 and all(len(p) >= _GLUED and p.istitle() for p in parts):
        return False  # words run together by a scraper ("OutlookExceptional")
    return not _known(word.lower())


def _runs(text: str, start: int, end: int) -> Iterable[tuple[int, int]]:
    """Runs of capitalised words in ``text[start:end]`` that hold a named word; a known
    word opening the sentence is no part of one ("Strong SQL": "SQL")."""
    runs: list[list[re.Match[str]]] = []
    run: list[re.Match[str]] = []
    words = list(_WORD.finditer(text, start, end))
    for index, match in enumerate(words):
        capital = match.group(0)[0].isupper()
        if index == 0 and not _named(match.group(0)):
            capital = False
        if capital and run and text[run[-1].end() : match.start()] == " ":
            run.append(match)
            continue
        if run:
            runs.append(run)
        run = [match] if capital else []
    if run:
        runs.append(run)
    for found in runs:
        if len(found) <= _MOST_WORDS and any(_named(m.group(0)) for m in found):
            yield found[0].start(), found[-1].end()


@functools.lru_cache(maxsize=8)
def _topics(rules: tuple[tuple[str, tuple[str, ...]], ...]) -> list[tuple[str, re.Pattern[str]]]:
    out = []
    for topic, phrases in rules:
        body = "|".join(re.escape(p.lower()) for p in sorted(phrases, key=len, reverse=True))
        if body:
            out.append((topic, re.compile(r"(?<!\w)(?:" + body + r")(?!\w)", re.IGNORECASE)))
    return out


def _sentences(document: Document, taxonomy: Taxonomy) -> Iterable[tuple[int, int]]:
    """The posting's sentences that state requirements: in a requirements section, or
    holding a requirement cue."""
    cues = requirement_cues(taxonomy.cues).pattern
    text = document.text
    for match in _SENTENCE.finditer(text):
        start, end = match.start(), match.end()
        if not text[start:end].strip():
            continue
        section = document.section_at(start)
        in_section = section is not None and section.name in _REQUIREMENT_SECTIONS
        if in_section or cues.found_in(text[start:end]):
            yield start, end


def posting_free_text(
    document: Document, profile: SkillProfile, taxonomy: Taxonomy
) -> list[FreeText]:
    """The posting's requirements that no concept holds, in text order, one per phrase."""
    text = document.text
    covered = [(e.start, e.end) for s in profile.skills for e in s.evidence]
    others = {w.lower() for w in taxonomy.cues.other_languages}
    topics = _topics(tuple(taxonomy.weights.must_haves.unverifiable.items()))
    candidates: list[tuple[int, int, str | None]] = []
    for start, end in _sentences(document, taxonomy):
        found = [(m.start(), m.end(), t) for t, p in topics for m in p.finditer(text, start, end)]
        if found:
            candidates.append(min(found))
            continue
        for r_start, r_end in _runs(text, start, end):
            overlaps = any(a < r_end and r_start < b for a, b in covered)
            if not overlaps and text[r_start:r_end].lower() not in others:
                candidates.append((r_start, r_end, None))
    mentions = [_Span(a, b) for a, b in covered] + [_Span(a, b) for a, b, _ in candidates]
    reader = RequirementReader(document, taxonomy.cues, mentions)
    out: dict[str, FreeText] = {}
    for start, end, topic in candidates:
        requirement = reader.read(start, end, sentence_bounds(text, start, end))
        if requirement.status == "unspecified" or (topic and not requirement.must_have):
            continue
        phrase = _topic_phrase(text, start, end) if topic else text[start:end]
        item = FreeText(phrase, start, end, requirement, topic)
        out.setdefault(item.id if topic is None else f"{topic}:{phrase}", item)
    return list(out.values())


def _topic_phrase(text: str, start: int, end: int) -> str:
    """The posting's words around a topic mention: its clause, whole words, trimmed."""
    left = max(text.rfind(sign, 0, start) for sign in ".;!?\n,") + 1
    right = min([i for i in (text.find(s, end) for s in ".;!?\n") if i >= 0] or [len(text)])
    return " ".join(text[left:right].split())[:160]


@functools.lru_cache(maxsize=512)
def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    words = [w.lower() for w in _WORD.findall(phrase)]
    variants = alias_variants(words, get_inflector()) if words else []
    body = "|".join(
        r"\W+".join(re.escape(w) for w in v.split(" "))
        for v in sorted(set(variants), key=len, reverse=True)
    )
    return re.compile(r"(?<!\w)(?:" + (body or r"(?!)") + r")(?!\w)", re.IGNORECASE)


def find_phrase(phrase: str, document: Document) -> list[Evidence]:
    """Where a resume names ``phrase``, literally or in another inflection."""
    out = []
    for match in _phrase_pattern(phrase).finditer(document.text):
        section = document.section_at(match.start())
        line_start = document.text.rfind("\n", 0, match.start()) + 1
        line_end = document.text.find("\n", match.end())
        context = document.text[line_start : line_end if line_end >= 0 else None].strip()
        out.append(
            Evidence(
                text=match.group(0),
                start=match.start(),
                end=match.end(),
                section=section.name if section else None,
                context=context[:300],
            )
        )
    return out


def unverifiable_topics(items: Sequence[FreeText]) -> list[str]:
    """The unknown must-haves, as ``"topic: the posting's words"``."""
    return [f"{i.topic}: {i.phrase}" for i in items if i.topic]
