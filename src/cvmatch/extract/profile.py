"""From the component's spans to a :class:`~cvmatch.models.SkillProfile`.

:class:`SkillExtractor` runs the pipeline on a document's text and reads each span in
the document's structure: a span in a job-title line is no evidence; in a posting, a
span in a boilerplate section or near a boilerplate cue is none either, and each other
one gets a requirement status (required, preferred, unspecified; see
:mod:`cvmatch.extract.requirements`). What it decides is
written on the spans (``span._.cvmatch_title_line``, ``cvmatch_boilerplate``,
``cvmatch_required``, ``cvmatch_evidence``), so ``doc.spans`` and the profile agree.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from cvmatch.errors import DocumentTooLarge
from cvmatch.extract.attributes import AttributeSense
from cvmatch.extract.component import SkillMatcher
from cvmatch.extract.context import DocumentContext, context_rules
from cvmatch.extract.cues import (
    CueFinder,
    PostingCues,
    Ranges,
    posting_cues,
    quantity_near,
    title_lines,
)
from cvmatch.extract.requirements import Requirement, RequirementReader, skill_requirement
from cvmatch.extract.runs import cap_runs
from cvmatch.extract.skillmap import SkillListMapper, split_skill_items
from cvmatch.models import Document, Evidence, Skill, SkillProfile
from cvmatch.structure.sentences import SentenceIndex
from cvmatch.taxonomy import Taxonomy, load_taxonomy

__all__ = ["SkillExtractor", "get_extractor", "matching_text"]

# (the line break first, so the search skips to each one; the look-behind then checks
# the character before it)
_WRAPPED_LINE = re.compile(r"\n(?<=[^\s]\n)(?=[^\s])")
#: the longest context an evidence keeps (characters)
_CONTEXT_CHARS = 300


def matching_text(text: str) -> str:
    """``text`` as the matcher sees it: a single line break (a PDF line wrap, usually)
    becomes a space so phrases that wrap still match, while blank lines still separate;
    long runs without spaces are cut (:func:`~cvmatch.extract.runs.cap_runs`: more
    than 20 symbols, or 100 characters), since spaCy's tokenizer is quadratic on such
    runs. Same length, so every offset is unchanged."""
    text = cap_runs(text)
    return _WRAPPED_LINE.sub(" ", text)


@dataclass(frozen=True)
class _Reading:
    """A span that counts as evidence: its section, sentence bounds and requirement."""

    span: Span
    section: str | None
    sentence: tuple[int, int]
    required: bool | None
    requirement: Requirement | None = None


class _DocumentReader:
    """Reads spans in one document's structure, and marks each span with the outcome."""

    def __init__(
        self,
        document: Document,
        cues: PostingCues,
        boilerplate_sections: frozenset[str],
        context: DocumentContext | None = None,
        requirements: RequirementReader | None = None,
        stated: Callable[[Span], bool] | None = None,
    ) -> None:
        self.document = document
        self.context = context
        self.requirements = requirements
        self.stated = stated  # mentions whose own words state their sense
        self.boilerplate_sections = boilerplate_sections
        self.text = document.text
        self.is_posting = document.kind == "posting"
        self.in_title_line = Ranges(title_lines(document, cues))
        self.boilerplate = CueFinder(cues.boilerplate, self.text)
        # the breaks found once, not per span (the context's index when there is one)
        self.sentences = context.sentences if context is not None else SentenceIndex(self.text)

    def read(self, span: Span) -> _Reading | None:
        """The span as evidence, or ``None`` when it is none; marks the span either way."""
        start, end = span.start_char, span.end_char
        marks = span._  # (each ``span._`` builds a new accessor: one for all the marks)
        title_line = self.in_title_line(start)
        marks.cvmatch_title_line = title_line
        stated = self.stated is not None and self.stated(span)  # "German Speaking ..."
        if title_line and not stated:  # a job title alone is not evidence of a skill
            marks.cvmatch_evidence = False
            return None
        section = self.document.section_at(start)
        name = section.name if section else None
        if not stated and self.context is not None and self.context.veto(span, name):
            marks.cvmatch_evidence = False
            return None
        bounds = self.sentences.bounds(start, end)
        required: bool | None = None
        requirement: Requirement | None = None
        if self.is_posting:
            # a cue counts in the mention's sentence, near the mention
            boilerplate = name in self.boilerplate_sections or self.boilerplate.near(
                bounds, start, end
            )
            marks.cvmatch_boilerplate = boilerplate
            if boilerplate:
                marks.cvmatch_evidence = False
                return None
            requirement = self._requirement(span, bounds)
            if requirement.describes:  # the team or workplace described, nothing asked
                marks.cvmatch_evidence = False
                return None
            required = requirement.required
            marks.cvmatch_required = required
        marks.cvmatch_evidence = True
        return _Reading(span, name, bounds, required, requirement)

    def _requirement(self, span: Span, bounds: tuple[int, int]) -> Requirement:
        """The mention's requirement status, read by :mod:`cvmatch.extract.requirements`
        (unspecified when the reader was built without one)."""
        if self.requirements is None:
            return Requirement("unspecified")
        return self.requirements.read(span.start_char, span.end_char, bounds, span.id_)


class SkillExtractor:
    """A spaCy pipeline plus taxonomy that turns documents into :class:`SkillProfile` s.

    Build one with :func:`get_extractor` (cached per taxonomy) rather than per document.
    """

    def __init__(self, taxonomy: Taxonomy, nlp: Language | None = None) -> None:
        import spacy

        self.taxonomy = taxonomy
        self.nlp = nlp if nlp is not None else spacy.blank("en")
        if "cvmatch_skills" in self.nlp.pipe_names:
            self.matcher: SkillMatcher = self.nlp.get_pipe("cvmatch_skills")
        else:
            self.matcher = self.nlp.add_pipe("cvmatch_skills")
        self.matcher.initialize(taxonomy=taxonomy)
        self.mapper = SkillListMapper(taxonomy)
        self.cues = posting_cues(taxonomy.cues)
        self.boilerplate_sections = taxonomy.headings.boilerplate_sections
        tokenizer = self.nlp.tokenizer
        self.attributes = AttributeSense(taxonomy, lambda t: [w.text for w in tokenizer(t)])

    def extract(self, document: Document) -> SkillProfile:
        """Skills of one document."""
        self._check_length(document)
        text = matching_text(document.text)
        return self.profile(document, self.nlp(text), text)

    def annotate(self, document: Document) -> Doc:
        """The document's ``Doc``, its spans marked as :meth:`profile` reads them."""
        self._check_length(document)
        text = matching_text(document.text)
        doc = self.nlp(text)
        self._read(document, doc, text)
        return doc

    def _check_length(self, document: Document) -> None:
        if len(document.text) > self.nlp.max_length:
            raise DocumentTooLarge(
                f"{document.source}: {len(document.text):,} characters of text, more than "
                f"the {self.nlp.max_length:,} the extractor takes; split the document",
                source=document.source,
            )

    def extract_many(
        self, documents: Iterable[Document], *, batch_size: int = 32
    ) -> Iterator[SkillProfile]:
        """Skills of many documents, streamed through ``nlp.pipe``."""
        docs_a, docs_b = itertools.tee(documents)
        texts = (matching_text(d.text) for d in docs_a if self._check_length(d) is None)
        pairs = self.nlp.pipe(((t, t) for t in texts), batch_size=batch_size, as_tuples=True)
        for document, (doc, text) in zip(docs_b, pairs, strict=True):
            yield self.profile(document, doc, text)

    def _read(self, document: Document, doc: Doc, text: str | None = None) -> list[_Reading]:
        """The spans of ``doc`` that count as evidence (every span gets marked); ``text``
        is ``doc.text`` when the caller has it (spaCy joins every token to make it)."""
        context = DocumentContext(
            context_rules(self.taxonomy),
            document.text,
            posting=document.kind == "posting",
            doc_text=text,
        )
        requirements = RequirementReader(
            document, self.taxonomy.cues, doc.spans[self.matcher.spans_key]
        )
        reader = _DocumentReader(
            document,
            self.cues,
            self.boilerplate_sections,
            context,
            requirements,
            stated=self.attributes.stated,
        )
        readings = []
        for span in doc.spans[self.matcher.spans_key]:
            if span.id_ not in self.taxonomy.concepts:
                span._.cvmatch_evidence = False
                continue
            reading = reader.read(span)
            if reading is not None:
                readings.append(reading)
        return self.attributes.keep(document, readings)  # industries, languages with sense

    def profile(self, document: Document, doc: Doc, text: str | None = None) -> SkillProfile:
        """Turn the matcher's spans for ``document`` into a :class:`SkillProfile`
        (``text``: the string ``doc`` was made from, when the caller has it)."""
        evidence: dict[str, list[Evidence]] = {}
        values: dict[str, dict[str, dict[str, None]]] = {}
        for reading in self._read(document, doc, text):
            span = reading.span
            evidence.setdefault(span.id_, []).append(self._evidence(document.text, reading))
            for key, value in self.attributes.values(span):  # {"languages": {"German": None}}
                values.setdefault(span.id_, {}).setdefault(key, {})[value] = None
        confidence: dict[str, float] = {}
        unmapped = self._map_skill_lists(document, doc, evidence, confidence)
        is_posting = document.kind == "posting"
        skills = []
        for concept_id, concept in self.taxonomy.concepts.items():
            found = evidence.get(concept_id)
            if not found:
                continue
            attributes = {key: list(named) for key, named in values.get(concept_id, {}).items()}
            skills.append(
                Skill(
                    id=concept_id,
                    name=concept.name,
                    category=concept.category,
                    evidence=found,
                    attributes=attributes,
                    required=any(e.required for e in found) if is_posting else None,
                    **(skill_requirement(found) if is_posting else {}),
                    confidence=confidence.get(concept_id, 1.0),
                )
            )
        return SkillProfile(
            source=document.source,
            kind=document.kind,
            skills=skills,
            unmapped=unmapped,
            warnings=document.warnings,
        )

    def _evidence(self, text: str, reading: _Reading) -> Evidence:
        span = reading.span
        s_start, s_end = reading.sentence
        sentence = text[s_start:s_end]
        rel_start, rel_end = span.start_char - s_start, span.end_char - s_start
        return Evidence(
            text=text[span.start_char : span.end_char],
            start=span.start_char,
            end=span.end_char,
            section=reading.section,
            context=sentence.strip()[:_CONTEXT_CHARS],
            quantity=quantity_near(self.cues.quantity, sentence, rel_start, rel_end),
            required=reading.required,
            status=reading.requirement.status if reading.requirement else None,
            must_have=reading.requirement.must_have if reading.requirement else None,
            cue=reading.requirement.cue if reading.requirement else None,
        )

    def _skill_list_items(self, document: Document, doc: Doc) -> list[tuple[str, int, int]]:
        """Items of the resume's Skills sections that no span (kept or denied) covers."""
        sections = [s for s in document.sections if s.name == "skills"]
        if not sections or document.kind != "resume":
            return []
        covered = Ranges(
            (sp.start_char, sp.end_char)
            for key in (self.matcher.spans_key, self.matcher.spans_key + "_negated")
            for sp in doc.spans[key]
        )
        items = []
        for section in sections:
            body_start = document.text.find("\n", section.start, section.end) + 1 or section.start
            for item, start, end in split_skill_items(
                document.text[body_start : section.end], body_start
            ):
                if not covered.overlaps(start, end):
                    items.append((item, start, end))
        return items

    def _map_skill_lists(
        self,
        document: Document,
        doc: Doc,
        evidence: dict[str, list[Evidence]],
        confidence: dict[str, float],
    ) -> list[str]:
        """Map Skills-section items no alias matched; return those that map to nothing."""
        items = self._skill_list_items(document, doc)
        unmapped = []
        mapped_items = self.mapper.map([i[0] for i in items])
        for (item, start, end), mapped in zip(items, mapped_items, strict=True):
            if mapped.concept is None:
                unmapped.append(item)
                continue
            evidence.setdefault(mapped.concept, []).append(
                Evidence(text=item, start=start, end=end, section="skills", context=item)
            )
            if mapped.concept not in confidence or confidence[mapped.concept] < 1.0:
                confidence[mapped.concept] = max(
                    confidence.get(mapped.concept, 0.0), mapped.similarity
                )
        return unmapped


_EXTRACTORS: dict[int, tuple[Taxonomy, SkillExtractor]] = {}
_MAX_CACHED = 8


def get_extractor(taxonomy: Taxonomy | None = None) -> SkillExtractor:
    """A cached :class:`SkillExtractor` for ``taxonomy`` (the shipped one by default).

    Building one compiles every alias (about a second); it is done once per taxonomy
    object and process.
    """
    taxonomy = taxonomy if taxonomy is not None else load_taxonomy()
    cached = _EXTRACTORS.get(id(taxonomy))
    if cached is not None and cached[0] is taxonomy:
        return cached[1]
    if len(_EXTRACTORS) >= _MAX_CACHED:
        _EXTRACTORS.pop(next(iter(_EXTRACTORS)))
    extractor = SkillExtractor(taxonomy)
    _EXTRACTORS[id(taxonomy)] = (taxonomy, extractor)
    return extractor
