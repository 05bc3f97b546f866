"""Attributes with their sense: an industry where the work was in it, a language spoken.

The matcher finds every industry word and every language name; most of them do not
say what the attribute concepts mean. "Nurse" in a job title, "Healthcare" in a
company's name, "French cuisine", "Poland and Czech republic" or a Java "programming
language" are no industry experience and no second language. :class:`AttributeSense`
reads the words around each attribute mention and keeps it only with its sense:

- an industry (``Skill.attributes["industries"]``) counts where experience of it is
  claimed or asked for ("experience in retail", "a background in banking", "retail
  experience"), where the work is set in it ("worked for a hospital", "within the
  energy sector", "a care home setting"), where a posting's duty sentence names it ("you
  will support hospital patients"), or, in a resume, inside a job held (the Experience
  section, a position's lines). It does not count inside a name (a company, a job title),
  in the employer's description of itself, after an "interest in" or as an example in
  passing ("customer service experience, e.g. retail");
- a language (``Skill.attributes["languages"]``) counts with a speaking or writing sense
  around it ("fluent in German", "bilingual English/Spanish", "native French speaker",
  "German speaker a plus"), with a level ("Spanish (conversational)"), in a resume's
  Languages section, or as a whole item of a resume's Skills list; never before a word
  such as "cuisine" or "republic". The level a document gives a language is reported in
  ``Skill.attributes["language_levels"]`` as ``"Language: level"`` (level names are the
  keys of ``[cues.language_levels]``: native, fluent, business, conversational, basic).
  In a resume, a language known only at the ``basic`` level (a beginner) is no working
  language: when every language the resume names is basic, multilingual is not found
  (the levels are still reported when another language makes it found). A posting that
  asks for a basic level still asks for the language to be used, so it counts there.

Every word list is data in ``[cues]`` (``taxonomy/cues.toml``); this module is the
mechanism only. It works on spaCy tokens of the document the matcher ran on.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from spacy.tokens import Doc, Span

from cvmatch.extract.compile import alias_variants
from cvmatch.extract.lexicon import get_inflector
from cvmatch.models import Document
from cvmatch.taxonomy import Taxonomy
from cvmatch.taxonomy.cues import Cues

__all__ = ["LANGUAGE_LEVELS_KEY", "AttributeSense"]

#: the attribute name (``Concept.attribute``) of the languages and of the industries
LANGUAGES = "languages"
INDUSTRIES = "industries"
#: the ``Skill.attributes`` key of the stated levels, "Language: level"
LANGUAGE_LEVELS_KEY = "language_levels"
#: how far (tokens) a cue may stand before / after an attribute mention
_BEFORE, _AFTER = 6, 2
#: how many tokens a clause is searched back from a mention
_CLAUSE_REACH = 40
#: how many tokens may stand between a setting preposition and the industry word
#: ("at an agency or marketing company")
_SETTING_GAP = 4
#: how far back (tokens) an interest, an example or a degree voids an industry word
_VETO_REACH = 8
#: how far back (tokens) the employer's blurb governs an industry word
_BLURB_REACH = 12


class _Reading(Protocol):
    """What the extractor hands over per mention: the span and its section."""

    span: Span
    section: str | None


Tokenize = Callable[[str], Sequence[str]]


class _Phrases:
    """Token sequences (lowercase) found at a position of a doc, longest first."""

    def __init__(self, phrases: dict[tuple[str, ...], str]) -> None:
        self.phrases = phrases
        self.longest = max((len(p) for p in phrases), default=0)

    def at(self, doc: Doc, i: int, end: int | None = None) -> tuple[int, str] | None:
        """``(length, name)`` of the longest phrase starting at token ``i``."""
        end = len(doc) if end is None else end
        for size in range(min(self.longest, end - i), 0, -1):
            name = self.phrases.get(tuple(t.lower_ for t in doc[i : i + size]))
            if name is not None:
                return size, name
        return None

    def find(self, doc: Doc, start: int, end: int) -> list[tuple[int, int, str]]:
        """Non-overlapping phrases of ``doc[start:end]``, left to right, longest first."""
        out, i = [], start
        while i < end:
            hit = self.at(doc, i, end)
            if hit is None:
                i += 1
                continue
            out.append((i, i + hit[0], hit[1]))
            i += hit[0]
        return out


def _phrases(names: Iterable[tuple[str, str]], tokenize: Tokenize, inflect: bool) -> _Phrases:
    inflector = get_inflector() if inflect else None
    table: dict[tuple[str, ...], str] = {}
    for phrase, name in names:
        raw = phrase.removeprefix("=").strip("<>")
        words = [w.lower() for w in tokenize(raw) if w.strip()]
        variants = alias_variants(words, None if phrase.startswith("=") else inflector)
        for variant in variants:
            table.setdefault(tuple(variant.split(" ")), name)
    return _Phrases(table)


@dataclass(frozen=True)
class _Words:
    """The cue words of ``[cues]`` this module reads, as token sets and phrase tables."""

    breaks: frozenset[str]
    experience: frozenset[str]
    settings: frozenset[str]
    setting_nouns: frozenset[str]
    vetoes: _Phrases
    blurb: _Phrases
    duty: _Phrases
    qualification_after: frozenset[str]
    title_words: frozenset[str]
    company_words: frozenset[str]
    sense: frozenset[str]
    separators: frozenset[str]
    marks: frozenset[str]
    links: frozenset[str]
    language_vetoes: frozenset[str]
    levels: _Phrases
    prefix_only: frozenset[str]
    language_sections: frozenset[str]
    list_sections: frozenset[str]
    opening_sections: frozenset[str]
    generic: frozenset[str]
    generic_vetoes: frozenset[str]
    asked: _Phrases
    other_languages: frozenset[str]
    work_sections: frozenset[str]
    beginner: frozenset[str]

    @classmethod
    def build(cls, cues: Cues, tokenize: Tokenize) -> _Words:
        """Compile ``cues`` with the extractor's tokenizer."""

        def table(phrases: Iterable[str]) -> _Phrases:
            return _phrases(((p, p) for p in phrases), tokenize, inflect=False)

        levels = ((p, level) for level, phrases in cues.language_levels.items() for p in phrases)
        return cls(
            breaks=frozenset(cues.clause_breaks),
            experience=frozenset(cues.industry_experience_words),
            settings=frozenset(cues.industry_setting_words),
            setting_nouns=frozenset(cues.industry_setting_nouns),
            vetoes=table(cues.industry_vetoes),
            blurb=table(cues.employer_blurb),
            duty=table(cues.job_duty),
            qualification_after=frozenset(cues.industry_vetoes_after),
            title_words=frozenset(cues.title_words),
            company_words=frozenset(cues.company_words),
            sense=frozenset(cues.language_sense),
            separators=frozenset(cues.language_separators),
            marks=frozenset(cues.language_level_marks),
            links=frozenset(cues.language_level_links),
            language_vetoes=frozenset(cues.language_vetoes),
            levels=_phrases(levels, tokenize, inflect=False),
            prefix_only=frozenset(cues.language_prefix_only),
            language_sections=frozenset(cues.language_sections),
            list_sections=frozenset(cues.language_list_sections),
            opening_sections=frozenset(cues.language_item_sections),
            generic=frozenset(cues.language_generic_words),
            generic_vetoes=frozenset(cues.language_generic_vetoes),
            asked=table([*cues.preferred, *cues.must_have]),
            other_languages=frozenset(cues.other_languages),
            work_sections=frozenset(cues.industry_work_sections),
            beginner=frozenset(cues.language_beginner_levels),
        )


def _capital(token: object) -> bool:
    return bool(token.is_title or (token.is_upper and len(token) > 1))  # type: ignore[attr-defined]


class AttributeSense:
    """Keeps the attribute mentions (industries, languages) that carry their sense.

    Built once per extractor (``tokenize`` is its tokenizer, so the cue phrases split
    as the document does); :meth:`keep` filters one document's readings and
    :meth:`values` names the attribute values of a kept span.
    """

    def __init__(self, taxonomy: Taxonomy, tokenize: Tokenize) -> None:
        self.words = _Words.build(taxonomy.cues, tokenize)
        self.industry_sense = taxonomy.cues.industry_sense
        self.attribute = {
            cid: c.attribute
            for cid, c in taxonomy.concepts.items()
            if c.attribute in (LANGUAGES, INDUSTRIES)
        }
        self.lookup: dict[str, _Phrases] = {}
        for cid, concept in taxonomy.concepts.items():
            if cid not in self.attribute:
                continue
            names = [(a, v) for v, aliases in concept.values.items() for a in aliases]
            if concept.attribute == LANGUAGES:  # "Polish", "Greek": the name is a word too
                names += [(v.lower(), v) for v in concept.values]
            self.lookup[cid] = _phrases(names, tokenize, inflect=True)
        self.language_words = (
            frozenset(
                phrase[0]
                for cid, table in self.lookup.items()
                if self.attribute[cid] == LANGUAGES
                for phrase in table.phrases
                if len(phrase) == 1
            )
            | self.words.other_languages
        )
        self.level_words = frozenset(w for p in self.words.levels.phrases for w in p)

    # --- the document step ------------------------------------------------------------
    def keep(self, document: Document, readings: list[_Reading]) -> list[_Reading]:
        """The readings that count: attribute mentions without their sense are dropped
        (and marked ``span._.cvmatch_evidence = False``); others pass unchanged."""
        kept = []
        for reading in readings:
            attribute = self.attribute.get(reading.span.id_)
            if attribute == INDUSTRIES:
                ok = not self.industry_sense or self._industry_sense(document, reading)
            elif attribute == LANGUAGES:
                ok = self._language_sense(document, reading)
            else:
                ok = True
            if ok:
                kept.append(reading)
            else:
                reading.span._.cvmatch_evidence = False
        if document.kind == "resume":
            kept = self._without_beginner_only(kept)
        return kept

    def _without_beginner_only(self, readings: list[_Reading]) -> list[_Reading]:
        """A resume's languages that are all at the basic level make no multilingual."""
        languages = [r for r in readings if self.attribute.get(r.span.id_) == LANGUAGES]
        levels = [[lv for _v, lv in self._languages(r.span)] for r in languages]
        beginner = self.words.beginner
        if not languages or not all(lv and set(lv) <= beginner for lv in levels):
            return readings
        for reading in languages:
            reading.span._.cvmatch_evidence = False
        return [r for r in readings if self.attribute.get(r.span.id_) != LANGUAGES]

    def values(self, span: Span) -> list[tuple[str, str]]:
        """``(attribute key, value)`` pairs a kept span names: its industries, or its
        languages followed by ``("language_levels", "Language: level")`` where stated."""
        attribute = self.attribute.get(span.id_)
        if attribute is None:
            return []
        if attribute == INDUSTRIES:
            found = [v for _i, _j, v in self.lookup[span.id_].find(span.doc, span.start, span.end)]
            names = found or ([span.kb_id_] if span.kb_id_ else [])
            return [(INDUSTRIES, name) for name in dict.fromkeys(names)]
        out: list[tuple[str, str]] = []
        pairs = self._languages(span) or ([(span.kb_id_, None)] if span.kb_id_ else [])
        for value, level in pairs:
            out.append((LANGUAGES, value))
            if level is not None:
                out.append((LANGUAGE_LEVELS_KEY, f"{value}: {level}"))
        return out

    # --- shared token helpers ---------------------------------------------------------
    def _is_break(self, token: object) -> bool:
        text = token.text  # type: ignore[attr-defined]
        return "\n" in text or text.lower() in self.words.breaks

    def _clause_start(self, doc: Doc, i: int) -> int:
        for k in range(i - 1, max(-1, i - _CLAUSE_REACH - 1), -1):
            if self._is_break(doc[k]):
                return k + 1
        return max(0, i - _CLAUSE_REACH)

    def _clause_end(self, doc: Doc, j: int) -> int:
        for k in range(j, min(len(doc), j + _CLAUSE_REACH)):
            if self._is_break(doc[k]):
                return k
        return min(len(doc), j + _CLAUSE_REACH)

    def _clause_initial(self, doc: Doc, k: int) -> bool:
        return k == 0 or doc[k - 1].is_punct or doc[k - 1].is_space or self._is_break(doc[k - 1])

    # --- industries -------------------------------------------------------------------
    def _industry_sense(self, document: Document, reading: _Reading) -> bool:
        """Whether an industry mention says the work was (or is to be) in it."""
        return self.industry_rule(document, reading).startswith("kept")

    def industry_rule(self, document: Document, reading: _Reading) -> str:
        """The rule that keeps (``"kept: ..."``) or drops (``"dropped: ..."``) an
        industry mention, tried in order: vetoes, experience, work, names, blurb, setting,
        duty."""
        span, words = reading.span, self.words
        doc, i, j = span.doc, span.start, span.end
        c0 = self._clause_start(doc, i)
        if words.vetoes.find(doc, max(c0, i - _VETO_REACH), i) or self._qualified(doc, j):
            return "dropped: interest, example or qualification"
        if any(t.lower_ in words.experience for t in span):
            return "kept: experience"  # "industry experience"
        resume = document.kind == "resume"
        if resume and self._in_work(document, span.start_char, reading.section):
            return "kept: a job held"
        if self._in_name(doc, i, j):
            return "dropped: name"
        if self._experience_near(doc, c0, i, j):
            return "kept: experience"
        if j < len(doc) and self._title_word(doc[j].lower_):
            return "dropped: job title"  # "a retail assistant", "care workers"
        if not resume and words.blurb.find(doc, max(c0, i - _BLURB_REACH), i):
            return "dropped: employer"
        if self._set_in(doc, c0, i, j):
            return "kept: setting"
        if not resume and words.duty.find(doc, c0, i):
            return "kept: duty"
        return "dropped: no sense"

    def _qualified(self, doc: Doc, j: int) -> bool:
        """Whether a qualification's word follows ("social work qualification")."""
        return j < len(doc) and doc[j].lower_ in self.words.qualification_after

    def _in_work(self, document: Document, offset: int, section: str | None) -> bool:
        """A resume's text about a job held: its Experience section or a position."""
        if section is None or section in self.words.work_sections:
            return True
        return any(p.start <= offset < p.end for p in document.positions)

    def _in_name(self, doc: Doc, i: int, j: int) -> bool:
        """Whether ``doc[i:j]`` stands inside a capitalised name: a job title ("Healthcare
        Assistant"), a company ("Bright Healthcare", "Retail Group Ltd")."""
        if not _capital(doc[i]):
            return False
        if j < len(doc) and _capital(doc[j]):
            word = doc[j].lower_
            if self._title_word(word) or word in self.words.company_words:
                return True
        before = doc[i - 1] if i > 0 else None
        return bool(
            before is not None
            and before.is_title
            and len(before) > 1
            and not self._clause_initial(doc, i - 1)
            and before.lower_ not in self.words.settings
        )

    def _title_word(self, word: str) -> bool:
        return word in self.words.title_words or word.removesuffix("s") in self.words.title_words

    def _experience_near(self, doc: Doc, c0: int, i: int, j: int) -> bool:
        """An experience word a little before or right after the mention."""
        experience = self.words.experience
        if any(t.lower_ in experience for t in doc[max(c0, i - _BEFORE) : i]):
            return True
        end = min(self._clause_end(doc, j), j + _AFTER)
        return any(t.lower_ in experience for t in doc[j:end])

    def _set_in(self, doc: Doc, c0: int, i: int, j: int) -> bool:
        """A setting: a preposition just before ("in a busy hospital", "within the
        energy sector") or a setting noun just after ("a retail environment")."""
        end = min(self._clause_end(doc, j), j + _AFTER + 1)
        if any(t.lower_ in self.words.setting_nouns for t in doc[i:end]):  # "energy sector"
            return True
        start = max(c0, i - _SETTING_GAP - 1)
        return any(t.lower_ in self.words.settings for t in doc[start:i])

    # --- languages --------------------------------------------------------------------
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
            word in self.language_words
            or word in self.words.separators
            or (word in self.level_words)
        )

    def _run(self, doc: Doc, start: int, end: int) -> tuple[int, int]:
        """The list of languages, levels and separators around ``doc[start:end]``
        ("English (native), Spanish (conversational) and French")."""
        lo, hi = start, end
        while lo > 0 and start - lo < _CLAUSE_REACH and self._in_run(doc[lo - 1]):
            lo -= 1
        while hi < len(doc) and hi - end < _CLAUSE_REACH and self._in_run(doc[hi]):
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

    def _language_sense(self, document: Document, reading: _Reading) -> bool:
        """Whether a language mention is a language used or claimed."""
        span, words = reading.span, self.words
        doc = span.doc
        if not self.lookup[span.id_].find(doc, span.start, span.end):
            # "bilingual", "second language": a sense by itself, unless of programming
            near = doc[max(0, span.start - 3) : min(len(doc), span.end + 2)]  # span too
            if any(t.lower_ in words.language_vetoes for t in near):
                return False
            own = doc[span.start : min(len(doc), span.end + _AFTER)]
            if span.end < len(doc) and doc[span.end].lower_ in words.generic_vetoes:
                return False  # "a multilingual team": the employer, not the job
            return any(t.lower_ in words.generic for t in own)
        lo, hi = self._run(doc, span.start, span.end)
        if (hi < len(doc) and doc[hi].lower_ in words.language_vetoes) or any(
            t.lower_ in words.language_vetoes for t in doc[max(0, lo - 3) : lo]
        ):
            return False  # "French cuisine", "Czech republic", "programming languages: ..."
        if reading.section in words.language_sections:
            return True
        c0, c1 = self._clause_start(doc, lo), self._clause_end(doc, hi)
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
        return lo == 0 or doc[lo].is_punct or doc[lo - 1].is_punct or self._is_break(doc[lo - 1])

    def _whole_item(self, doc: Doc, lo: int, hi: int) -> bool:
        """Whether ``doc[lo:hi]`` is a whole item of a list ("budget, Chinese, sales")."""
        starts = self._opens_item(doc, lo)
        ends = hi == len(doc) or doc[hi - 1].is_punct or doc[hi].is_punct or self._is_break(doc[hi])
        return starts and ends
