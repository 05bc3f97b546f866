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
- a language (``Skill.attributes["languages"]``, levels in
  ``Skill.attributes["language_levels"]``) counts with a speaking or writing sense: the
  rules are in :mod:`cvmatch.extract.languages`.

Every word list is data in ``[cues]`` (``taxonomy/cues.toml``); this module is the
mechanism only. It works on spaCy tokens of the document the matcher ran on.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from cvmatch.extract.languages import LANGUAGE_LEVELS_KEY, LANGUAGES, LanguageSense
from cvmatch.extract.phrases import Clauses, MentionReading, Phrases, Tokenize, phrase_table
from cvmatch.models import Document
from cvmatch.taxonomy import Taxonomy
from cvmatch.taxonomy.cues import Cues

__all__ = ["LANGUAGE_LEVELS_KEY", "AttributeSense"]

#: the attribute name (``Concept.attribute``) of the industries
INDUSTRIES = "industries"
#: how far (tokens) a cue may stand before / after an attribute mention
_BEFORE, _AFTER = 6, 2
#: how many tokens may stand between a setting preposition and the industry word
#: ("at an agency or marketing company")
_SETTING_GAP = 4
#: how far back (tokens) an interest, an example or a degree voids an industry word
_VETO_REACH = 8
#: how far back (tokens) the employer's blurb governs an industry word
_BLURB_REACH = 12


@dataclass(frozen=True)
class _Words:
    """The industry cues of ``[cues]``, as token sets and phrase tables."""

    experience: frozenset[str]
    settings: frozenset[str]
    setting_nouns: frozenset[str]
    vetoes: Phrases
    blurb: Phrases
    duty: Phrases
    qualification_after: frozenset[str]
    title_words: frozenset[str]
    company_words: frozenset[str]
    industry_titles: frozenset[str]
    generic_industry: frozenset[str]
    work_sections: frozenset[str]

    @classmethod
    def build(cls, cues: Cues, tokenize: Tokenize) -> _Words:
        """Compile ``cues`` with the extractor's tokenizer."""

        def table(phrases: Iterable[str]) -> Phrases:
            return phrase_table(((p, p) for p in phrases), tokenize, inflect=False)

        return cls(
            experience=frozenset(cues.industry_experience_words),
            settings=frozenset(cues.industry_setting_words),
            setting_nouns=frozenset(cues.industry_setting_nouns),
            vetoes=table(cues.industry_vetoes),
            blurb=table(cues.employer_blurb),
            duty=table(cues.job_duty),
            qualification_after=frozenset(cues.industry_vetoes_after),
            title_words=frozenset(cues.title_words),
            company_words=frozenset(cues.company_words),
            industry_titles=frozenset(cues.industry_title_words),
            generic_industry=frozenset(
                [
                    *cues.industry_generic_words,
                    *cues.industry_experience_words,
                    *cues.industry_setting_nouns,
                ]
            ),
            work_sections=frozenset(cues.industry_work_sections),
        )


def _capital(token: object) -> bool:
    return bool(token.is_title or (token.is_upper and len(token) > 1))  # type: ignore[attr-defined]


class AttributeSense:
    """Keeps the attribute mentions (industries, languages) that carry their sense.

    Built once per extractor (``tokenize`` is its tokenizer, so the cue phrases split
    as the document does); :meth:`keep` filters one document's readings,
    :meth:`values` names the attribute values of a kept span and :meth:`stated` tells
    the reader which mentions state their sense even inside a name.
    """

    def __init__(self, taxonomy: Taxonomy, tokenize: Tokenize) -> None:
        self.words = _Words.build(taxonomy.cues, tokenize)
        self.clauses = Clauses(taxonomy.cues.clause_breaks)
        self.languages = LanguageSense(taxonomy, tokenize, self.clauses)
        self.industry_sense = taxonomy.cues.industry_sense
        self.attribute = {
            cid: c.attribute
            for cid, c in taxonomy.concepts.items()
            if c.attribute in (LANGUAGES, INDUSTRIES)
        }
        self.lookup: dict[str, Phrases] = {}
        for cid, concept in taxonomy.concepts.items():
            if concept.attribute != INDUSTRIES:
                continue
            names = [(a, v) for v, aliases in concept.values.items() for a in aliases]
            self.lookup[cid] = phrase_table(names, tokenize, inflect=True)

    # --- the document step ------------------------------------------------------------
    def keep(self, document: Document, readings: list[MentionReading]) -> list[MentionReading]:
        """The readings that count: attribute mentions without their sense are dropped
        (and marked ``span._.cvmatch_evidence = False``); others pass unchanged."""
        if readings:
            self.languages.note_title(document, readings[0].span.doc)
        kept = []
        for reading in readings:
            attribute = self.attribute.get(reading.span.id_)
            if attribute == INDUSTRIES:
                ok = not self.industry_sense or self._industry_sense(document, reading)
            elif attribute == LANGUAGES:
                ok = self.languages.keep(document, reading)
            else:
                ok = True
            if ok:
                kept.append(reading)
            else:
                reading.span._.cvmatch_evidence = False
        if document.kind == "resume":
            kept = self.languages.without_beginner_only(kept)
        return kept

    def stated(self, span: Span) -> bool:
        """Whether ``span`` states its attribute's sense by itself ("German Speaking
        Sales Executives"), so a job title or name around it does not void it."""
        return self.attribute.get(span.id_) == LANGUAGES and self.languages.stated(span)

    def values(self, span: Span) -> list[tuple[str, str]]:
        """``(attribute key, value)`` pairs a kept span names: its industries, or its
        languages followed by ``("language_levels", "Language: level")`` where stated."""
        attribute = self.attribute.get(span.id_)
        if attribute is None:
            return []
        if attribute == LANGUAGES:
            return self.languages.values(span)
        found = [v for _i, _j, v in self.lookup[span.id_].find(span.doc, span.start, span.end)]
        names = found or ([span.kb_id_] if span.kb_id_ else [])
        return [(INDUSTRIES, name) for name in dict.fromkeys(names)]

    # --- industries -------------------------------------------------------------------
    def _industry_sense(self, document: Document, reading: MentionReading) -> bool:
        """Whether an industry mention says the work was (or is to be) in it."""
        return self.industry_rule(document, reading).startswith("kept")

    def industry_rule(self, document: Document, reading: MentionReading) -> str:
        """The rule that keeps (``"kept: ..."``) or drops (``"dropped: ..."``) an
        industry mention, tried in order: vetoes, experience, work, names, blurb, setting,
        duty."""
        span, words = reading.span, self.words
        doc, i, j = span.doc, span.start, span.end
        c0 = self.clauses.start(doc, i)
        if self._voided(span, c0):
            return "dropped: interest, example, qualification or no industry named"
        if any(t.lower_ in words.experience for t in span):
            return "kept: experience"  # "industry experience"
        resume = document.kind == "resume"
        if resume and self._in_work(document, span.start_char, reading.section):
            return "kept: a job held"
        if self._in_name(doc, i, j):
            return "dropped: name"
        if self._experience_near(doc, c0, i, j):
            return "kept: experience"
        if self._in_title(span):
            return "dropped: job title"  # "a retail assistant", "a female support worker"
        if not resume and words.blurb.find(doc, max(c0, i - _BLURB_REACH), i):
            return "dropped: employer"
        if self._set_in(doc, c0, i, j):
            return "kept: setting"
        if not resume and words.duty.find(doc, c0, i):
            return "kept: duty"
        return "dropped: no sense"

    def _voided(self, span: Span, c0: int) -> bool:
        """An interest, an example or a qualification voids the mention, and so does a
        mention that names no industry ("5 years of industry experience")."""
        doc, i, j, words = span.doc, span.start, span.end, self.words
        if words.vetoes.find(doc, max(c0, i - _VETO_REACH), i) or self._qualified(doc, j):
            return True
        return all(t.lower_ in words.generic_industry for t in span)

    def _in_title(self, span: Span) -> bool:
        """A job title: a title word right after the mention ("care workers") or ending
        it ("support worker", "Staff Nurse")."""
        doc, j, last = span.doc, span.end, span[-1].lower_
        if j < len(doc) and self._title_word(doc[j].lower_):
            return True
        return self._title_word(last) or last in self.words.industry_titles

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
            and _capital(before)
            and len(before) > 1
            and not self.clauses.initial(doc, i - 1)
            and before.lower_ not in self.words.settings
        )

    def _title_word(self, word: str) -> bool:
        return word in self.words.title_words or word.removesuffix("s") in self.words.title_words

    def _experience_near(self, doc: Doc, c0: int, i: int, j: int) -> bool:
        """An experience word a little before or right after the mention."""
        experience = self.words.experience
        if any(t.lower_ in experience for t in doc[max(c0, i - _BEFORE) : i]):
            return True
        end = min(self.clauses.end(doc, j), j + _AFTER)
        return any(t.lower_ in experience for t in doc[j:end])

    def _set_in(self, doc: Doc, c0: int, i: int, j: int) -> bool:
        """A setting: a preposition just before ("in a busy hospital", "within the
        energy sector") or a setting noun just after ("a retail environment")."""
        end = min(self.clauses.end(doc, j), j + _AFTER + 1)
        if any(t.lower_ in self.words.setting_nouns for t in doc[i:end]):  # "energy sector"
            return True
        start = max(c0, i - _SETTING_GAP - 1)
        return any(t.lower_ in self.words.settings for t in doc[start:i])
