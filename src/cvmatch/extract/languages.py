"""Languages with their sense: a language spoken, written or asked for, and its level.

The matcher finds every language name and every phrase about languages; "French cuisine",
"Poland and Czech republic", a Java "programming language", "other languages are used
(C++, Java)" or "becoming a translator of new technology" are no second language.
:class:`LanguageSense` keeps a mention only with its sense:

- a named language counts with a speaking or writing sense around it ("fluent in German",
  "bilingual English/Spanish", "native French speaker", "German speaker a plus"), with a
  level ("Spanish (conversational)"), in a resume's Languages section, or as a whole item
  of a resume's Skills list; never before a word such as "cuisine" or "republic". A named
  language followed by "speaking" ("German Speaking Sales Executives") states its sense
  by itself: :meth:`LanguageSense.stated` tells the reader it is no job title's word;
- a mention that names no language is a sense by itself when it says several languages
  ("bilingual", "a second language"); otherwise ("other languages", "the languages",
  "multiple languages") it needs a speaking or writing word in its clause ("speak at least
  one of the languages fluently") and no programming language or software word there;
- a role noun (translator, interpreter) needs a named language or a language word in its
  clause, or a posting whose title names the role;
- a mention that names no language takes its values from the languages named nearby:
  its sentence, the two before it, then a posting's title.

The level a document gives a language is reported as ``"Language: level"`` (level names
are the keys of ``[cues.language_levels]``). In a resume, a language known only at a
``basic`` level (a beginner) is no working language: when every language the resume names
is basic, multilingual is not found. A posting asking for a basic level still counts.

Every word list is data in ``[cues]`` (``taxonomy/cues.toml``); this module is the
mechanism only. It works on spaCy tokens of the document the matcher ran on.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from cvmatch.extract.phrases import (
    CLAUSE_REACH,
    Clauses,
    MentionReading,
    Phrases,
    Tokenize,
    phrase_table,
)
from cvmatch.models import Document
from cvmatch.structure.sentences import sentence_bounds
from cvmatch.taxonomy import Taxonomy
from cvmatch.taxonomy.cues import Cues

__all__ = ["LANGUAGES", "LANGUAGE_LEVELS_KEY", "LanguageSense"]

#: the attribute name (``Concept.attribute``) of the languages
LANGUAGES = "languages"
#: the ``Skill.attributes`` key of the stated levels, "Language: level"
LANGUAGE_LEVELS_KEY = "language_levels"
#: how far (tokens) a cue may stand before / after a language mention
_BEFORE, _AFTER = 6, 2
#: how many sentences before a mention that names no language are searched for its values
_SENTENCES_BACK = 2
#: the ``Doc.user_data`` key of a posting's title (character range), set by :meth:`note_title`
_TITLE_KEY = "cvmatch_language_title"
#: how far into a posting's text its title is looked for (characters)
_TITLE_REACH = 400


@dataclass(frozen=True)
class _Words:
    """The language cues of ``[cues]``, as token sets and phrase tables."""

    sense: frozenset[str]
    separators: frozenset[str]
    marks: frozenset[str]
    links: frozenset[str]
    vetoes: frozenset[str]
    levels: Phrases
    prefix_only: frozenset[str]
    sections: frozenset[str]
    list_sections: frozenset[str]
    opening_sections: frozenset[str]
    generic: frozenset[str]
    generic_vetoes: frozenset[str]
    asked: Phrases
    other_languages: frozenset[str]
    beginner: frozenset[str]
    self_sense: frozenset[str]
    speech: frozenset[str]
    roles: frozenset[str]
    role_sense: frozenset[str]
    stated: frozenset[str]
    programming: Phrases

    @classmethod
    def build(cls, cues: Cues, tokenize: Tokenize) -> _Words:
        """Compile ``cues`` with the extractor's tokenizer."""

        def table(phrases: Iterable[str]) -> Phrases:
            return phrase_table(((p, p) for p in phrases), tokenize, inflect=False)

        levels = ((p, level) for level, phrases in cues.language_levels.items() for p in phrases)
        return cls(
            sense=frozenset(cues.language_sense),
            separators=frozenset(cues.language_separators),
            marks=frozenset(cues.language_level_marks),
            links=frozenset(cues.language_level_links),
            vetoes=frozenset(cues.language_vetoes),
            levels=phrase_table(levels, tokenize, inflect=False),
            prefix_only=frozenset(cues.language_prefix_only),
            sections=frozenset(cues.language_sections),
            list_sections=frozenset(cues.language_list_sections),
            opening_sections=frozenset(cues.language_item_sections),
            generic=frozenset(cues.language_generic_words),
            generic_vetoes=frozenset(cues.language_generic_vetoes),
            asked=table([*cues.preferred, *cues.must_have]),
            other_languages=frozenset(cues.other_languages),
            beginner=frozenset(cues.language_beginner_levels),
            self_sense=frozenset(cues.language_self_sense),
            speech=frozenset(cues.language_speech),
            roles=frozenset(cues.language_roles),
            role_sense=frozenset([*cues.language_speech, *cues.language_role_sense]),
            stated=frozenset(cues.language_stated),
            programming=table(cues.language_programming_words),
        )


class LanguageSense:
    """Keeps the language mentions that carry their sense, and names their values.

    Built once per extractor (``tokenize`` is its tokenizer, so the cue phrases split as
    the document does; ``clauses`` its clause bounds).
    """

    def __init__(self, taxonomy: Taxonomy, tokenize: Tokenize, clauses: Clauses) -> None:
        self.words = _Words.build(taxonomy.cues, tokenize)
        self.clauses = clauses
        self.lookup: dict[str, Phrases] = {}
        for cid, concept in taxonomy.concepts.items():
            if concept.attribute != LANGUAGES:
                continue
            names = [(a, v) for v, aliases in concept.values.items() for a in aliases]
            names += [(v.lower(), v) for v in concept.values]  # "Polish": the name is a word too
            self.lookup[cid] = phrase_table(names, tokenize, inflect=True)
        self.language_words = (
            frozenset(
                phrase[0]
                for table in self.lookup.values()
                for phrase in table.phrases
                if len(phrase) == 1
            )
            | self.words.other_languages
        )
        self.level_words = frozenset(w for p in self.words.levels.phrases for w in p)

    # --- the document step ------------------------------------------------------------
    def keep(self, document: Document, reading: MentionReading) -> bool:
        """Whether a language mention is a language used, claimed or asked for."""
        span = reading.span
        if not self.lookup[span.id_].find(span.doc, span.start, span.end):
            return self._generic_sense(span)
        return self._named_sense(document, reading)

    def stated(self, span: Span) -> bool:
        """Whether ``span`` names a language followed by "speaking" ("German Speaking
        Sales Executives", "Spanish-speaking"): a sense even inside a job title."""
        table = self.lookup.get(span.id_)
        if table is None:
            return False
        doc = span.doc
        for _i, j, _value in table.find(doc, span.start, span.end):
            end = self._stated_end(doc, j)
            if end is not None:
                return end == len(doc) or doc[end].lower_ not in self.words.vetoes
        return False

    def _stated_end(self, doc: Doc, j: int) -> int | None:
        """The end of "speaking" right after a language name that ends at ``j`` ("German
        speaking", "Spanish-speaking", the alias "Polish speaking"), or ``None``."""
        words = self.words
        if doc[j - 1].lower_ in words.stated:
            return j
        k = j
        while k < len(doc) and doc[k].lower_ in words.marks:
            k += 1
        return k + 1 if k < len(doc) and doc[k].lower_ in words.stated else None

    def note_title(self, document: Document, doc: Doc) -> None:
        """Remember where a posting's title stands in ``doc``: a mention that names no
        language takes the title's languages when its sentences name none."""
        at = -1
        if document.kind == "posting" and document.title:
            at = document.text.find(document.title, 0, _TITLE_REACH)
        doc.user_data[_TITLE_KEY] = (at, at + len(document.title or "")) if at >= 0 else None

    def without_beginner_only(self, readings: list[MentionReading]) -> list[MentionReading]:
        """A resume's languages that are all at the basic level make no multilingual."""
        languages = [r for r in readings if r.span.id_ in self.lookup]
        levels = [[lv for _v, lv in self._languages(r.span)] for r in languages]
        beginner = self.words.beginner
        if not languages or not all(lv and set(lv) <= beginner for lv in levels):
            return readings
        for reading in languages:
            reading.span._.cvmatch_evidence = False
        return [r for r in readings if r.span.id_ not in self.lookup]

    def values(self, span: Span) -> list[tuple[str, str]]:
        """``(attribute key, value)`` pairs of a kept span: its languages, each followed by
        ``("language_levels", "Language: level")`` where stated; a mention that names no
        language gets the languages named nearby."""
        pairs = self._languages(span) or ([(span.kb_id_, None)] if span.kb_id_ else [])
        if not pairs:
            pairs = [(value, None) for value in self._nearby(span)]
        out: list[tuple[str, str]] = []
        for value, level in pairs:
            out.append((LANGUAGES, value))
            if level is not None:
                out.append((LANGUAGE_LEVELS_KEY, f"{value}: {level}"))
        return out

    # --- named languages ----------------------------------------------------------------
    def _languages(self, span: Span) -> list[tuple[str, str | None]]:
        """``(language, level)`` for each language named inside ``span``."""
        doc = span.doc
        hits = self.lookup[span.id_].find(doc, span.start, span.end)
        if not hits:
            return []
        lo, _hi = self._run(doc, span.start, span.end)
        return [(value, self._level(doc, i, j, lo)) for i, j, value in hits]

    def _in_run(self, token: object) -> bool:
        word = token.lower_  # type: ignore[attr-defined]
        return (
            word in self.language_words or word in self.words.separators or word in self.level_words
        )

    def _run(self, doc: Doc, start: int, end: int) -> tuple[int, int]:
        """The list of languages, levels and separators around ``doc[start:end]``
        ("English (native), Spanish (conversational) and French")."""
        lo, hi = start, end
        while lo > 0 and start - lo < CLAUSE_REACH and self._in_run(doc[lo - 1]):
            lo -= 1
        while hi < len(doc) and hi - end < CLAUSE_REACH and self._in_run(doc[hi]):
            hi += 1
        return lo, hi

    def _level(self, doc: Doc, i: int, j: int, lo: int) -> str | None:
        """The level said of the language ``doc[i:j]``: right after it ("Spanish
        (fluent)", "Spanish Beginner") or before it ("fluent in German and French")."""
        words, k, marked = self.words, j, False
        while k < len(doc) and doc[k].lower_ in words.marks:
            k, marked = k + 1, True
        hit = words.levels.at(doc, k) if k < len(doc) else None
        if hit is not None and (marked or doc[k].lower_ not in words.prefix_only):
            return hit[1]
        for k in range(i - 1, max(-1, min(lo, i - _BEFORE) - 1), -1):
            token = doc[k]
            hit = words.levels.at(doc, k, i)
            if hit is not None:
                after = doc[k + hit[0]]
                if after.is_punct and after.lower_ not in words.marks:
                    return None  # "Spanish - native, French": that level is Spanish's
                return hit[1]
            if token.is_punct and token.lower_ not in words.separators:
                return None
            if not (self._in_run(token) or token.lower_ in words.sense | words.links):
                return None
        return None

    def _vetoed(self, doc: Doc, lo: int, hi: int) -> bool:
        """A veto word right after the list or just before it ("French cuisine")."""
        vetoes = self.words.vetoes
        after = hi < len(doc) and doc[hi].lower_ in vetoes
        return after or any(t.lower_ in vetoes for t in doc[max(0, lo - 3) : lo])

    def _named_sense(self, document: Document, reading: MentionReading) -> bool:
        """Whether a mention naming a language is the language used or claimed."""
        span, words = reading.span, self.words
        doc = span.doc
        lo, hi = self._run(doc, span.start, span.end)
        stated = self._stated_end(doc, hi)
        if self._vetoed(doc, lo, hi if stated is None else stated):
            return False  # "French cuisine", "French-speaking countries", "Czech republic"
        if reading.section in words.sections or self.stated(span):
            return True
        c0, c1 = self.clauses.start(doc, lo), self.clauses.end(doc, hi)
        window = doc[max(c0, lo - _BEFORE) : min(c1, hi + _AFTER + 1)]
        if any(t.lower_ in words.sense for t in window):
            return True
        if any(level for _v, level in self._languages(span)):
            return True
        if document.kind == "posting" and words.asked.find(doc, hi, min(c1, hi + 4)):
            return True  # "French would be an advantage", "German essential"
        if reading.section in words.opening_sections and self._opens_item(doc, lo):
            return True  # a posting's requirement: "- Spanish is a plus"
        resume = document.kind == "resume"
        return resume and reading.section in words.list_sections and self._whole_item(doc, lo, hi)

    def _opens_item(self, doc: Doc, lo: int) -> bool:
        """Whether ``doc[lo]`` opens an item of a list or a line."""
        return (
            lo == 0
            or doc[lo].is_punct
            or doc[lo - 1].is_punct
            or self.clauses.is_break(doc[lo - 1])
        )

    def _whole_item(self, doc: Doc, lo: int, hi: int) -> bool:
        """Whether ``doc[lo:hi]`` is a whole item of a list ("budget, Chinese, sales")."""
        starts = self._opens_item(doc, lo)
        ends = (
            hi == len(doc)
            or doc[hi - 1].is_punct
            or doc[hi].is_punct
            or self.clauses.is_break(doc[hi])
        )
        return starts and ends

    # --- mentions that name no language ---------------------------------------------------
    def _generic_sense(self, span: Span) -> bool:
        """Whether a mention naming no language ("bilingual", "other languages",
        "interpreter") says a language is used."""
        doc, words = span.doc, self.words
        near = doc[max(0, span.start - 3) : min(len(doc), span.end + 2)]  # span too
        if any(t.lower_ in words.vetoes for t in near):
            return False  # "other programming languages"
        if span.end < len(doc) and doc[span.end].lower_ in words.generic_vetoes:
            return False  # "a multilingual team": the employer, not the job
        own = doc[span.start : min(len(doc), span.end + _AFTER)]
        if not any(t.lower_ in words.generic for t in own):
            return False  # "fluent in English": English alone
        said = {t.lower_ for t in span}
        if said & words.self_sense:
            return True  # "bilingual", "a second language"
        c0, c1 = self.clauses.start(doc, span.start), self.clauses.end(doc, span.end)
        if words.programming.find(doc, c0, c1):
            return False  # "other languages used are C++, Java"
        clause = [t.lower_ for t in (*doc[c0 : span.start], *doc[span.end : c1])]
        if said & words.roles:
            return self._role_sense(span, clause, c0, c1)
        return any(w in words.speech for w in [*said, *clause])

    def _role_sense(self, span: Span, clause: list[str], c0: int, c1: int) -> bool:
        """A translator or interpreter with a language in its clause, or in a posting
        whose title names the role ("Spanish interpreter", "Translator" job)."""
        if any(w in self.words.role_sense for w in clause):
            return True
        if self._named(span.doc, c0, c1):
            return True
        return self._title_names_role(span.doc)

    def _title_names_role(self, doc: Doc) -> bool:
        """Whether a posting's title names the role ("Court Interpreter")."""
        title = doc.user_data.get(_TITLE_KEY)
        tokens = doc.char_span(*title, alignment_mode="expand") if title else None
        return tokens is not None and any(t.lower_ in self.words.roles for t in tokens)

    def _named(self, doc: Doc, start: int, end: int) -> list[str]:
        """The languages named (and not vetoed) in ``doc[start:end]``, in order."""
        out: list[str] = []
        for table in self.lookup.values():
            for i, j, value in table.find(doc, start, end):
                if not self._vetoed(doc, i, j):
                    out.append(value)
        return list(dict.fromkeys(out))

    def _nearby(self, span: Span) -> list[str]:
        """The languages named in the span's sentence, else in the sentences before it,
        else in a posting's title."""
        doc = span.doc
        text = doc.text
        s0, s1 = sentence_bounds(text, span.start_char, span.end_char)
        ranges = [(s0, s1)]
        for _ in range(_SENTENCES_BACK):
            p = s0
            while p > 0 and text[p - 1].isspace():
                p -= 1
            if p <= 0:
                break
            s0, _end = sentence_bounds(text, p - 1, p)
            ranges.append((s0, p))
        title = doc.user_data.get(_TITLE_KEY)
        if title is not None:
            ranges.append(title)
        for a, b in ranges:
            tokens = doc.char_span(a, b, alignment_mode="expand")
            found = self._named(doc, tokens.start, tokens.end) if tokens is not None else []
            if found:
                return found
        return []
