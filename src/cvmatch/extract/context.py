"""Precision by context: a mention counts only where its words say what it says.

Two classes of false evidence are read here, both by mechanism, with the words in
``[cues]`` (:class:`cvmatch.taxonomy.cues.Cues`) and the taxonomy's concepts:

- **Mentions inside names.** A concept word inside a degree, course or honour, a
  department or team, a job title, or a company or plan name is no evidence: the
  "Leadership" of a "Leadership Award", the "Client Services" of "Director of Client
  Services", the "Technical Support" of "the Development and Technical Support teams".
  A name is a run of capitalised words (``name_connectors`` allowed inside) that ends in
  a name noun or a job-title word, or opens with a head and a preposition; and, in the
  Education section, any line that names a degree, course or honour.
- **Generic phrases.** A concept's ``generic`` aliases ("customer needs",
  "profitability", "management experience") are evidence only in a skill-bearing
  context: an action verb governing them in their clause, a phrase such as "experience
  in" or "knowledge of" just before them, or the opening of a Skills-list item.

:meth:`DocumentContext.veto` says why a span is no evidence (or ``None``); the reader in
:mod:`cvmatch.extract.profile` calls it once per span and writes the reason on
``span._.cvmatch_context``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from cvmatch.extract.cues import phrase_pattern
from cvmatch.extract.lexicon import get_inflector
from cvmatch.extract.parties import PartyRules, employer_own, party_rules
from cvmatch.matching.regex import CaseBlind
from cvmatch.structure.sentences import SentenceIndex
from cvmatch.taxonomy import Taxonomy
from cvmatch.taxonomy.cache import compiled

__all__ = ["ContextRules", "DocumentContext", "context_rules"]

#: how many words before a generic phrase an action verb may stand and still govern it
VERB_REACH = 6
#: how many characters before a generic phrase a skill-context phrase may start
PHRASE_REACH = 40
#: the reasons :meth:`DocumentContext.veto` gives
NAME, TITLE, EDUCATION, GENERIC, PARTY = "name", "title", "education", "generic", "party"
SENSE = "sense"

_WORD = re.compile(r"[a-z0-9&]+")
_ITEM_MARKS = frozenset(",;:•|*-–—·()/")
#: Marks that part the items of one list of names ("the sales, product & marketing teams")
_LIST_MARKS = frozenset(",/&")
#: The most words an item of such a list has ("account management")
_ITEM_WORDS = 3


@functools.lru_cache(maxsize=65536)
def canonical(word: str) -> str:
    """One form for every inflection and spelling of ``word`` ("needs" -> "need")."""
    inflector = get_inflector()
    word = word.lower()
    return min(inflector.lemma(form) for form in inflector.forms(word)) if word else word


def _key(words: Iterable[str]) -> tuple[str, ...]:
    return tuple(canonical(word) for word in words)


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


@dataclass(frozen=True)
class ContextRules:
    """The compiled words of one taxonomy: name nouns, heads, verbs, generic aliases."""

    connectors: frozenset[str]
    name_nouns: frozenset[str]
    team_nouns: frozenset[str]
    compound_heads: frozenset[str]
    determiners: frozenset[str]
    heads: frozenset[str]
    titles: frozenset[str]
    prepositions: frozenset[str]
    name_sections: frozenset[str]
    markers: frozenset[str]
    kept_categories: frozenset[str]
    verbs: frozenset[str]
    skill_context: CaseBlind
    requirement_context: CaseBlind
    list_sections: frozenset[str]
    openers: frozenset[str]
    breaks: frozenset[str]
    coordinators: frozenset[str]
    generic: dict[str, frozenset[tuple[str, ...]]]
    parties: PartyRules
    tails: frozenset[str]
    senses: dict[str, tuple[frozenset[str], frozenset[str]]]

    @classmethod
    def build(cls, taxonomy: Taxonomy) -> ContextRules:
        """Compile ``taxonomy``; use :func:`context_rules` for the cached result."""
        cues = taxonomy.cues
        generic = {
            concept.id: frozenset(
                _key(_WORD.findall(a.lstrip("=").lower())) for a in concept.generic
            )
            for concept in taxonomy.concepts.values()
            if concept.generic
        }
        return cls(
            connectors=frozenset(cues.name_connectors),
            name_nouns=frozenset(cues.name_nouns),
            team_nouns=frozenset(cues.name_team_nouns),
            compound_heads=frozenset(cues.compound_heads),
            determiners=frozenset(cues.name_determiners),
            heads=frozenset(cues.name_heads) | frozenset(cues.title_words),
            titles=frozenset(cues.title_words),
            prepositions=frozenset(cues.name_prepositions),
            name_sections=frozenset(cues.name_sections),
            markers=frozenset(cues.name_section_markers),
            kept_categories=frozenset(cues.name_section_kept_categories),
            verbs=frozenset(canonical(v) for v in cues.action_verbs),
            skill_context=_phrases(cues.skill_context),
            requirement_context=_phrases(cues.requirement_context),
            list_sections=frozenset(cues.skill_list_sections),
            openers=frozenset(cues.skill_list_openers) | frozenset(cues.skills_list_praise),
            breaks=frozenset(cues.clause_breaks),
            coordinators=frozenset(cues.serial_coordinators),
            generic=generic,
            parties=party_rules(taxonomy),
            tails=frozenset(cues.skills_list_tails),
            senses={
                concept: (frozenset(sense.own), frozenset(sense.other))
                for concept, sense in cues.concept_senses.items()
            },
        )

    def is_title(self, word: str) -> bool:
        """Whether ``word`` (lowercase) is a job-title word, singular or plural."""
        return word in self.titles or _singular(word) in self.titles


def _phrases(phrases: Iterable[str]) -> CaseBlind:
    patterns = [phrase_pattern(p) for p in phrases] or ["(?!)"]
    return CaseBlind("(" + "|".join(patterns) + ")")


def context_rules(taxonomy: Taxonomy) -> ContextRules:
    """The compiled context rules of ``taxonomy`` (built once per object)."""
    return compiled(taxonomy, ContextRules.build)


def _capitalised(token: Token) -> bool:
    return token.text[:1].isupper() and not token.is_punct


class DocumentContext:
    """Reads the words around each span of one document (``text`` is the document's own
    text, whose line breaks the matcher's text has partly turned into spaces)."""

    def __init__(
        self,
        rules: ContextRules,
        text: str,
        *,
        posting: bool = False,
        doc_text: str | None = None,
        sentences: SentenceIndex | None = None,
    ) -> None:
        self.rules = rules
        self.text = text
        self.posting = posting
        #: the text's sentence breaks, found once (shared with the evidence reader)
        self.sentences = sentences if sentences is not None else SentenceIndex(text)
        self._given = doc_text  # the matcher's text, which the Doc was made from
        self._doc_text: tuple[Doc | None, str] = (None, "")
        self._last_sentence: tuple[tuple[int, int], str] = ((-1, -1), "")
        if not Span.has_extension("cvmatch_context"):
            Span.set_extension("cvmatch_context", default=None)

    def veto(self, span: Span, section: str | None) -> str | None:
        """Why ``span`` is no evidence (``name``, ``title``, ``education``, ``generic``,
        ``party``, ``sense``), or ``None`` when its context lets it count; the reason is written on
        the span."""
        reason = self._name(span, section)
        if reason == TITLE and self._claimed_after(span):
            reason = None  # "Customer Service Agent with 10 years of experience"
        reason = reason or self._generic(span, section) or self._party(span) or self._sense(span)
        span._.cvmatch_context = reason
        return reason

    def doc_text(self, doc: Doc) -> str:
        """``doc.text``, joined once per document (spaCy joins every token at each call)."""
        if self._doc_text[0] is not doc:
            given = self._given
            end = doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0
            same = given is not None and len(given) == end
            self._doc_text = (doc, given if same else doc.text)
        return self._doc_text[1]

    # -- names ---------------------------------------------------------------------

    def _breaks_line(self, before: Token, after: Token) -> bool:
        """Whether a line break of the document stands between two tokens."""
        return "\n" in self.text[before.idx + len(before.text) : after.idx]

    def _is_run_word(self, token: Token) -> bool:
        return _capitalised(token) or token.lower_ in self.rules.connectors

    def _name(self, span: Span, section: str | None) -> str | None:
        rules = self.rules
        if span._.cvmatch_category in rules.kept_categories:
            return None  # a tool in a name still shows the tool ("Excel Certificate")
        if section in rules.name_sections and self._names_line(span):
            return EDUCATION
        words = [t for t in span if not (t.is_punct or t.is_space)]
        if not words:
            return None
        capitalised = all(_capitalised(t) or t.lower_ in rules.connectors for t in words)
        if not capitalised:
            return self._lowercase_name(span)
        if section not in rules.list_sections and rules.is_title(words[-1].lower_):
            return TITLE
        opens = len(words) == 1 and self._opens_clause(span)
        return self._run_after(span, opens) or self._run_before(span)

    def _opens_clause(self, span: Span) -> bool:
        """Whether ``span`` opens its sentence, line or item (so its capital letter may
        be the sentence's, not a name's)."""
        doc = span.doc
        if span.start == 0 or self._breaks_line(doc[span.start - 1], doc[span.start]):
            return True
        before = doc[span.start - 1]
        return before.is_punct or before.lower_ in self.rules.breaks

    def _lowercase_name(self, span: Span) -> str | None:
        """A lowercase mention right before a team noun or a title word ("the sales team",
        "a customer service representative"), or an item of a list of teams ("the sales,
        account management and marketing teams")."""
        doc = span.doc
        if span.end >= len(doc) or self._breaks_line(doc[span.end - 1], doc[span.end]):
            return None
        if doc[span.end].lower_ in self.rules.compound_heads:
            return NAME  # "new business partners": the phrase names the partners
        own_determiner = len(span) > 1 and span[0].lower_ in self.rules.determiners
        first = span.start + 1 if own_determiner else self._list_start(span)
        if first == 0 or doc[first - 1].lower_ not in self.rules.determiners:
            return None
        after = doc[span.end].lower_
        if after in self.rules.team_nouns or self._ends_in_team(span):
            return NAME
        if first <= span.start + 1 and self.rules.is_title(after):
            return TITLE
        return None

    def _list_items(self, tokens: Iterable[Token]) -> Iterator[tuple[Token, bool]]:
        """Each token of a run of short lowercase list items, and whether it separates two
        items; the run ends at anything else (a line, a capital, a long item)."""
        words = 0
        for token in tokens:
            separates = token.text in _LIST_MARKS or token.lower_ in self.rules.coordinators
            if not separates and not (token.is_alpha and token.is_lower):
                return
            words = 0 if separates else words + 1
            if words > _ITEM_WORDS:
                return
            yield token, separates

    def _list_start(self, span: Span) -> int:
        """Where the list of short lowercase items holding ``span`` starts (``span.start``
        when no separator stands right before it)."""
        doc, start, listed = span.doc, span.start, False
        for token, separates in self._list_items(reversed(doc[: span.start])):
            if self._breaks_line(token, doc[token.i + 1]):
                break
            listed = listed or separates
            if not separates and (not listed or token.lower_ in self.rules.determiners):
                break  # the list's determiner, or a word right before span: no list
            start = token.i if not separates else start
        return start

    def _ends_in_team(self, span: Span) -> bool:
        """Whether items of a list follow ``span`` and the last ends in a team noun."""
        doc, seen_separator = span.doc, False
        for token, separates in self._list_items(doc[span.end :]):
            if self._breaks_line(doc[token.i - 1], token):
                return False
            if not separates and seen_separator and token.lower_ in self.rules.team_nouns:
                return True
            seen_separator = seen_separator or separates
        return False

    def _run_after(self, span: Span, opens: bool) -> str | None:
        """The capitalised run that continues ``span`` ends in a name noun or a title;
        after one word that ``opens`` a clause ("Articulate Project Manager", "Adaptive
        team player") only a name noun of the run itself counts."""
        doc, rules = span.doc, self.rules
        last: Token | None = None
        i = span.end
        while i < len(doc) and not self._breaks_line(doc[i - 1], doc[i]):
            if not self._is_run_word(doc[i]):
                break
            if last is not None and doc[i].lower_ in rules.prepositions:
                break  # "... Team in Leeds": the name ends before its place
            if _capitalised(doc[i]):
                last = doc[i]
            i += 1
        if last is not None:
            word = last.lower_
            if word in rules.name_nouns:
                return NAME
            if rules.is_title(word) and not opens:
                return TITLE
        after = doc[i] if i < len(doc) and not self._breaks_line(doc[i - 1], doc[i]) else None
        if not opens and after is not None and after.lower_ in rules.name_nouns:
            return NAME  # "... Technical Support teams" (a capitalised noun was ``last``)
        return None

    def _run_before(self, span: Span) -> str | None:
        """The capitalised run before ``span`` opens with a head and a preposition
        ("Director of ...", "Bachelor of Science in ...", "Center for ...")."""
        doc, rules = span.doc, self.rules
        passed_preposition = False
        i = span.start - 1
        while i >= 0 and not self._breaks_line(doc[i], doc[i + 1]):
            token = doc[i]
            word = token.lower_.replace(".", "")
            if word in rules.prepositions:
                passed_preposition = True
            elif _capitalised(token):
                if passed_preposition and (word in rules.heads or rules.is_title(word)):
                    return NAME
            elif word not in rules.connectors:
                break
            i -= 1
        return None

    def _claimed_after(self, span: Span) -> bool:
        """Whether the clause after a title claims experience in it ("... with 10 years
        of experience"): a skill-context phrase a little after the title."""
        doc = span.doc
        i = span.end
        while i < len(doc) and (_capitalised(doc[i]) or doc[i].is_punct) and i - span.end < 4:
            i += 1  # past the rest of the title
        if i >= len(doc):
            return False
        start = doc[i].idx
        window = self.doc_text(doc)[start : start + PHRASE_REACH]
        end = min((window.find(c) for c in ".;\n" if c in window), default=len(window))
        return self.rules.skill_context.found_in(window[:end])

    def _names_line(self, span: Span) -> bool:
        """Whether the document line holding ``span`` names a degree, course or honour."""
        start = self.text.rfind("\n", 0, span.start_char) + 1
        end = self.text.find("\n", span.end_char)
        line = self.text[start : len(self.text) if end < 0 else end].lower().replace(".", "")
        return any(word in self.rules.markers for word in _WORD.findall(line))

    def _party(self, span: Span) -> str | None:
        """``party`` when the span's sentence names only the people its concept is not
        about (:mod:`cvmatch.extract.parties`); a skill named as one ("conflict
        management skills") stands by itself."""
        concept = span.id_ or span.label_
        doc = span.doc
        if self.posting:
            words = [t.lower_ for t in doc[span.start : min(span.end + 2, len(doc))]]
            sentence = self._sentence(span)
            if employer_own(self.rules.parties, words, sentence) and not self._duty(sentence):
                return PARTY
        if concept not in self.rules.parties.concept_party:
            return None
        if span.end < len(doc) and doc[span.end].lower_ in self.rules.tails:
            return None
        return PARTY if self.rules.parties.vetoes(concept, self._sentence(span)) else None

    def _duty(self, sentence: str) -> bool:
        """Whether ``sentence``, or a clause of it after a colon, opens with an action
        verb, as a duty does ("Duties: To support our customers ...", "Provide our clients
        with ..."): the job's work, not the employer's blurb."""
        for clause in sentence.split(":"):
            words = _WORD.findall(clause[:40].lower())
            if words[:1] == ["to"]:
                words = words[1:]
            if words and canonical(words[0]) in self.rules.verbs:
                return True
        return False

    def _sentence(self, span: Span) -> str:
        """The sentence of the document that holds ``span``, found once per span."""
        key = (span.start_char, span.end_char)
        if self._last_sentence[0] != key:
            start, end = self.sentences.bounds(*key)
            self._last_sentence = (key, self.text[start:end])
        return self._last_sentence[1]

    def _sense(self, span: Span) -> str | None:
        """``sense`` when the span's sentence speaks of another field than its concept's
        (``[cues.concept_senses]``): words of the other field, none of its own."""
        sense = self.rules.senses.get(span.id_ or span.label_)
        if sense is None:
            return None
        own, other = sense
        found = _WORD.findall(self._sentence(span).lower())
        words = {*found, *map(_singular, found)}  # "calls" is "call"; "discuss" stays
        return SENSE if words & other and not words & own else None

    # -- generic phrases -------------------------------------------------------------

    def _generic(self, span: Span, section: str | None) -> str | None:
        keys = self.rules.generic.get(span.id_ or span.label_)
        if not keys:
            return None
        words = [t.lower_ for t in span if not (t.is_punct or t.is_space)]
        if _key(w for word in words for w in _WORD.findall(word)) not in keys:
            return None
        before = self._clause_before(span)
        if section in self.rules.list_sections and self._opens_item(span.doc, before):
            return None
        if any(canonical(t.lower_) in self.rules.verbs for t in before[-VERB_REACH:]):
            return None
        start = max(before[0].idx if before else span.start_char, span.start_char - PHRASE_REACH)
        window = self.doc_text(span.doc)[start : span.start_char]
        if self.rules.skill_context.found_in(window):
            return None
        if self.posting and self.rules.requirement_context.found_in(window):
            return None
        return GENERIC

    def _clause_before(self, span: Span) -> list[Token]:
        """The tokens of ``span``'s clause before it (back to a clause break, a line, or
        the start of its list item: a comma before a capitalised word, as in "Call
        patients, Managing files, Managerial tasks", where a verb of one item governs
        nothing in the next)."""
        doc = span.doc
        i = span.start
        while i > 0:
            token = doc[i - 1]
            if token.lower_ in self.rules.breaks or self._breaks_line(token, doc[i]):
                break
            if token.text == "," and _capitalised(doc[i]):
                break
            i -= 1
        return [t for t in doc[i : span.start] if not t.is_space]

    def _opens_item(self, doc: Doc, before: list[Token]) -> bool:
        """Whether only list marks and openers ("Strong", "and") stand between the start
        of the item and the span: the span is an item of a list."""
        for token in reversed(before):
            if token.text in _ITEM_MARKS:
                return True
            if token.lower_ not in self.rules.openers:
                return False
        return True
