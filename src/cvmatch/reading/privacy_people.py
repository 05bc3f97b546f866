"""Blind mode's people: names, titles, pronouns, and lines about family, origin and age.

Each finder returns the spans ``(start, end)`` to mask in the original text, in one pass
over the word tokens (:class:`~cvmatch.reading.privacy_tokens.Tokens`) or over the
matches of a pattern built from ``[privacy]`` words: literal alternations at a word
start (:func:`labels_regex`, :func:`~cvmatch.taxonomy.headings.cues_regex`), whose
clause bounds come from a binary search (:class:`Clauses`), so all run in linear time.

The candidate's name is read from a name-like line of the header (or a "Name:" line, or
a title: "Mr. Núñez"); its words are then masked wherever they recur, capitalised. A word
that is also an ordinary word or a skill ("Grace", "Patience", "Sales", "Chase" as an
employer) is masked alone only after a title, or beside another word of the name: "Grace
under pressure" and "Chase Bank" stay.
"""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from cvmatch.models import Section
from cvmatch.reading.privacy_tokens import (
    CaseBlind,
    Clauses,
    Span,
    Tokens,
    labels_regex,
    merge_spans,
)
from cvmatch.taxonomy.headings import cues_regex
from cvmatch.taxonomy.privacy import PrivacyWords

__all__ = ["Names", "people_spans"]

_YEAR = re.compile(r"(?:19|20)\d\d")
_TITLE_GAP = re.compile(r"\.?[ \t]{1,3}|\.")
_PART_SEPARATORS = re.compile(r"[|·•–—]")
_NAME_CHARS = frozenset(" '’.-")
_MAX_NAME_LINE = 80


@functools.lru_cache(maxsize=1 << 16)
def fold(word: str) -> str:
    """The key a name word is compared by: lowercase, without accents, straight apostrophe."""
    if word.isascii():
        key = word.lower()
        return key[:-2] if key.endswith("'s") else key
    decomposed = unicodedata.normalize("NFKD", word.replace("’", "'").lower())
    key = "".join(c for c in decomposed if not unicodedata.combining(c))
    return key[:-2] if key.endswith("'s") else key


@dataclass(frozen=True)
class _Words:
    """``[privacy]`` compiled once: sets of folded words and the cue patterns."""

    titles: frozenset[str]
    gendered: frozenset[str]
    pronouns: frozenset[str]
    statement: frozenset[str]
    particles: frozenset[str]
    not_name: frozenset[str]
    common: frozenset[str]
    name_label: CaseBlind
    personal_label: CaseBlind
    family: CaseBlind
    origin: CaseBlind
    graduation: CaseBlind
    reference_headings: frozenset[str]
    year_sections: frozenset[str]


@functools.lru_cache(maxsize=8)
def _compiled(words: PrivacyWords) -> _Words:
    def label(labels: Sequence[str]) -> CaseBlind:
        return CaseBlind(labels_regex(labels) + r"[ \t]{0,5}:")

    def cues(phrases: tuple[str, ...]) -> CaseBlind:
        return CaseBlind(cues_regex(phrases))

    return _Words(
        titles=frozenset(map(fold, (*words.gendered_titles, *words.other_titles))),
        gendered=frozenset(map(fold, words.gendered_titles)),
        pronouns=frozenset(map(fold, words.pronouns)),
        statement=frozenset(map(fold, (*words.pronouns, *words.statement_pronouns))),
        particles=frozenset(map(fold, words.name_particles)),
        not_name=frozenset(map(fold, words.not_name_words)),
        common=frozenset(map(fold, words.common_words)),
        name_label=label(words.name_labels),
        personal_label=label(words.personal_labels),
        family=cues(words.family_cues),
        origin=cues(words.origin_cues),
        graduation=cues(words.graduation_cues),
        reference_headings=frozenset(words.reference_headings),
        year_sections=frozenset(words.year_sections),
    )


@dataclass
class Names:
    """The people's names found so far: folded words, and which word follows which."""

    words: set[str] = field(default_factory=set)
    pairs: set[tuple[str, str]] = field(default_factory=set)

    def add(self, parts: Sequence[str], particles: frozenset[str]) -> None:
        keys = [fold(part) for part in parts if fold(part) not in particles and len(part) > 1]
        self.words.update(keys)
        self.pairs.update(itertools.pairwise(keys))


def _name_parts(text: str, words: _Words) -> list[str] | None:
    """The words of ``text`` when it looks like a person's name: two to four capitalised
    words (particles aside) made of letters, apostrophes, hyphens and dots only."""
    text = text.strip(" \t-*#")
    if not text or len(text) > _MAX_NAME_LINE:
        return None
    if not all(c.isalpha() or c in _NAME_CHARS for c in text):
        return None
    parts = [p for p in re.split(r"[ .\-]+", text) if p]
    names = [p for p in parts if fold(p) not in words.particles]
    if not 2 <= len(names) <= 4 or any(not p[:1].isupper() for p in names):
        return None
    if any(fold(p) in words.not_name for p in parts):
        return None
    return names


def _header_names(
    text: str,
    header_lines: int,
    headings: set[str],
    titles: frozenset[str],
    vocabulary: frozenset[str],
    words: _Words,
) -> Names:
    """The name-like parts of the first lines, unless a word of one is also in a job title
    or a heading of the document ("Graphic Designer" heads many resumes), or all its
    words are skill words ("Strategic Planning")."""
    names = Names()
    for line in text.split("\n", header_lines)[:header_lines]:
        if line.strip() in headings:
            continue
        for part in _PART_SEPARATORS.split(line):
            found = _name_parts(part, words)
            keys = [fold(word) for word in found or ()]
            if keys and not any(k in titles for k in keys) and not set(keys) <= vocabulary:
                names.add(found, words.particles)  # type: ignore[arg-type]
    return names


def _run(tokens: Tokens, first: int, words: _Words, limit: int = 4) -> list[int]:
    """The capitalised tokens from ``first`` (joined by spaces or hyphens), at most
    ``limit`` of them; empty when one of them is a word that is no name."""
    run: list[int] = []
    index = first
    while index < len(tokens) and len(run) < limit:
        word = tokens.words[index]
        key = fold(word)
        if not word[:1].isupper() and key not in words.particles:
            break
        if key in words.not_name:
            return []
        run.append(index)
        if not tokens.joined(index):
            break
        index += 1
    while run and fold(tokens.words[run[-1]]) in words.particles:
        run.pop()
    return run


def _is_title(tokens: Tokens, index: int, words: _Words) -> bool:
    word = tokens.words[index]
    if fold(word) not in words.titles or not word[:1].isupper():
        return False
    return tokens.gap(index).startswith(".") or not (word.isupper() and len(word) > 1)


def _titled(tokens: Tokens, words: _Words, names: Names) -> list[Span]:
    """ "Mr. Núñez", "Dr Aisha Al-Farsi": the title and the name after it; a gendered
    title is masked even alone."""
    spans: list[Span] = []
    for index, key in enumerate(tokens.keys):
        if key not in words.titles or not _is_title(tokens, index, words):
            continue
        gap = tokens.gap(index)
        run = _run(tokens, index + 1, words, 3) if _TITLE_GAP.fullmatch(gap or "x") else []
        if run:
            names.add([tokens.words[i] for i in run], words.particles)
            spans.append((tokens.starts[index], tokens.ends[run[-1]]))
        elif fold(tokens.words[index]) in words.gendered:
            spans.append((tokens.starts[index], tokens.ends[index] + gap.startswith(".")))
    return spans


def _labelled(tokens: Tokens, words: _Words, names: Names) -> list[Span]:
    """ "Contact: Maria Lopez", "Referee: Dr. Omar Haddad": the name after the label."""
    spans: list[Span] = []
    for match in words.name_label.finditer(tokens):
        first = tokens.first_at(match.end())
        if first >= len(tokens) or "\n" in tokens.text[match.end() : tokens.starts[first]]:
            continue
        run = _run(tokens, first, words)
        if _is_title(tokens, first, words):
            run = [first, *_run(tokens, first + 1, words, 3)]
        if len(run) >= 2:  # one capitalised word after "Manager:" is rarely a name
            names.add([tokens.words[i] for i in run], words.particles)
            spans.append((tokens.starts[run[0]], tokens.ends[run[-1]]))
    return spans


def _recurring(tokens: Tokens, names: Names, ambiguous: frozenset[str]) -> list[Span]:
    """Every capitalised recurrence of a name word; an ambiguous word only beside another
    word of the name (in a pair the names hold, or next to an unambiguous word)."""
    if not names.words:
        return []
    known = names.words
    hits = [k in known and w[:1].isupper() for k, w in zip(tokens.keys, tokens.words, strict=True)]
    spans: list[Span] = []
    index = 0
    while index < len(tokens):
        if not hits[index]:
            index += 1
            continue
        end = index
        while end + 1 < len(tokens) and hits[end + 1] and tokens.joined(end):
            end += 1
        keys = [fold(tokens.words[i]) for i in range(index, end + 1)]
        if any(k not in ambiguous for k in keys) or set(itertools.pairwise(keys)) & names.pairs:
            first, last = _widened(tokens, index, end, ambiguous)
            spans.append((tokens.starts[first], tokens.ends[last]))
        index = end + 1
    return spans


def _widened(tokens: Tokens, first: int, last: int, ambiguous: frozenset[str]) -> Span:
    """``first``..``last`` with up to two capitalised words on each side that are no
    ordinary word ("José" before "Núñez" once only "Mr. Núñez" was known)."""

    def name_like(index: int) -> bool:
        word = tokens.words[index]
        return word[:1].isupper() and fold(word) not in ambiguous and not word.isupper()

    for _ in range(2):
        if first > 0 and tokens.joined(first - 1) and name_like(first - 1):
            first -= 1
        if last + 1 < len(tokens) and tokens.joined(last) and name_like(last + 1):
            last += 1
    return first, last


def _pronouns(tokens: Tokens, words: _Words) -> list[Span]:
    """Gendered pronouns anywhere; any pronoun in a statement such as "they/them"."""
    spans: list[Span] = []
    for index, key in enumerate(tokens.keys):
        if key not in words.statement:
            continue
        slashed = tokens.gap(index) == "/" or (index and tokens.gap(index - 1) == "/")
        shouted = len(word := tokens.words[index]) > 1 and word.isupper()  # "HIM": an acronym
        if (key in words.pronouns and not shouted) or (key in words.statement and slashed):
            spans.append((tokens.starts[index], tokens.ends[index]))
    return spans


def _cue_clauses(tokens: Tokens, pattern: CaseBlind, clauses: Clauses) -> list[Span]:
    """The clause of each cue; a cue that ends its line ("Originally from" / "Lagos")
    takes the clause that goes on at the start of the next line."""
    spans: list[Span] = []
    for match in pattern.finditer(tokens):
        start, end = clauses.around(*match.span())
        if tokens.text[end : end + 1] == "\n" and not tokens.text[match.end() : end].strip():
            end = clauses.around(end + 1, end + 1)[1]
        spans.append(_window(tokens, match, start, end))
    return spans


#: Words of a cue's clause masked before and after the cue: "Fluent in Italian and
#: dual US and Italian citizen" keeps its language skill.
_REACH_BACK, _REACH_AHEAD = 4, 6


def _window(tokens: Tokens, match: re.Match[str], start: int, end: int) -> Span:
    """The clause ``start``..``end`` of a cue cut to a few words around the cue."""
    first = tokens.first_at(match.start())
    if first - _REACH_BACK > 0:
        start = max(start, tokens.starts[first - _REACH_BACK])
    after = tokens.first_at(match.end()) + _REACH_AHEAD - 1
    if after < len(tokens.words):
        end = min(end, tokens.ends[after])
    return start, max(end, match.end())


def _origin_clauses(tokens: Tokens, words: _Words, clauses: Clauses) -> list[Span]:
    """An origin clause, and the place after its comma ("Lagos, Nigeria")."""
    spans: list[Span] = []
    for start, end in _cue_clauses(tokens, words.origin, clauses):
        following = tokens.first_at(end)
        if tokens.text[end : end + 1] == "," and following < len(tokens):
            run = _run(tokens, following, words, 3)
            if run:
                end = tokens.ends[run[-1]]
        spans.append((start, end))
    return spans


def _years(tokens: Tokens, spans: Iterable[Span]) -> list[Span]:
    """The years (19xx, 20xx) inside ``spans`` (merged first: each token is read once)."""
    found: list[Span] = []
    for start, end in merge_spans(spans):
        index = tokens.first_at(start)
        while index < len(tokens) and tokens.starts[index] < end:
            if _YEAR.fullmatch(tokens.words[index]):
                found.append((tokens.starts[index], tokens.ends[index]))
            index += 1
    return found


def _section_spans(text: str, sections: Sequence[Section], words: _Words) -> list[Span]:
    """The bodies of the references sections (heading kept)."""
    spans: list[Span] = []
    for section in sections:
        heading = (section.heading or "").strip(" :").lower()
        if heading in words.reference_headings:
            body = text.find("\n", section.start, section.end)
            spans.append((body if body >= 0 else section.end, section.end))
    return spans


_ADDRESS_SIGNS = frozenset("@._/:")


def _lowercase_words(tokens: Tokens) -> set[str]:
    """The folded words written in lowercase as words of a sentence (not inside an e-mail
    address or a link, where "jose.nunez" is the name)."""
    text, found = tokens.text, set()
    for key, word, start, end in zip(
        tokens.keys, tokens.words, tokens.starts, tokens.ends, strict=True
    ):
        after = text[end : end + 1] not in _ADDRESS_SIGNS or text[end : end + 2] in (". ", ".\n")
        if word[:1].islower() and text[start - 1 : start] not in _ADDRESS_SIGNS and after:
            found.add(key)
    return found


def people_spans(
    tokens: Tokens,
    privacy: PrivacyWords,
    *,
    header_lines: int = 0,
    sections: Sequence[Section] = (),
    ambiguous: frozenset[str] = frozenset(),
    titles: frozenset[str] = frozenset(),
) -> list[Span]:
    """Every name, title, pronoun and personal line of the text of ``tokens``.

    ``ambiguous``: folded words that are masked alone only beside the name (skills,
    employers); ``titles``: folded words of the document's job titles and headings, which
    a name line of the header may not hold. A name word also written in lowercase in the
    document is ambiguous too (names are proper nouns).
    """
    words = _compiled(privacy)
    tokens.keys = [fold(word) for word in tokens.words]
    text = tokens.text
    headings = {s.heading.strip() for s in sections if s.heading}
    names = _header_names(text, header_lines, headings, titles, ambiguous, words)
    spans = _titled(tokens, words, names) + _labelled(tokens, words, names)
    lowercase = _lowercase_words(tokens)
    ordinary = ambiguous | words.common | words.not_name | (names.words & lowercase)
    spans += _recurring(tokens, names, ordinary)
    spans += _pronouns(tokens, words) + _section_spans(text, sections, words)
    lines = Clauses(text, "|•;")
    spans += [(m.start(), lines.next_cut(m.end())) for m in words.personal_label.finditer(tokens)]
    clauses = Clauses(text, ".;|•,!?()")
    spans += _cue_clauses(tokens, words.family, clauses) + _origin_clauses(tokens, words, clauses)
    dated = _cue_clauses(tokens, words.graduation, clauses)
    dated += [(s.start, s.end) for s in sections if s.name in words.year_sections]
    return spans + _years(tokens, dated)
