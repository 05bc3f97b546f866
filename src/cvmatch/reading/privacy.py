"""Blind mode: hide personal details before anything reads the text.

``redact(document)`` masks what tells who the candidate is or what they are, beyond
their skills: the name (wherever it recurs, "Mr. Núñez", the surname alone) and the
referees' names, e-mail, phones in any international form, links and messaging handles,
street addresses and postcodes, gendered titles and pronouns, family and marital-status
lines, ages, dates of birth, graduation years (the years of the Education section and of
a "graduated ..." clause), and nationality, citizenship, origin and religion lines. For
a resume the contact block at the top is masked whole. Masked characters become ``█``
one for one (spaces and line breaks stay), so every offset into ``Document.text`` stays
valid, and nothing downstream (extraction, scoring, explanations, reports) can see or
print what was there. Photos never reach the text: readers keep text only (no image,
no alt text), so no output can carry one.

The finders live in :mod:`~cvmatch.reading.privacy_contacts` and
:mod:`~cvmatch.reading.privacy_people`, each documenting why it runs in linear time;
their words (titles, pronouns, labels, cues) are data: ``[privacy]`` in
``taxonomy/privacy.toml``. All spans are found on the original text and masked in one
pass.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any

from cvmatch.models import Document, Section
from cvmatch.reading.privacy_contacts import contact_spans
from cvmatch.reading.privacy_contacts import email_spans as _email_spans
from cvmatch.reading.privacy_people import fold, people_spans
from cvmatch.reading.privacy_tokens import Span, Tokens, merge_spans

__all__ = ["MASK", "masked_spans", "redact", "redact_text"]

MASK = "█"
_WORDS = re.compile(r"[^\W\d_]+")
#: The first lines of a resume where a name-like line is the candidate's name.
HEADER_LINES = 3


def _mask_spans(text: str, spans: Iterable[Span]) -> str:
    """``text`` with every span (in order, not overlapping) masked, in one pass."""
    parts: list[str] = []
    previous = 0
    for start, end in spans:
        parts.append(text[previous:start])
        parts.append("".join(c if c.isspace() else MASK for c in text[start:end]))
        previous = end
    parts.append(text[previous:])
    return "".join(parts)


def _vocabulary_words(taxonomy: Any) -> frozenset[str]:
    """The words of every concept alias and value of ``taxonomy``: a name word that is one
    of them ("Patience", "Sales") is masked alone only beside the name."""
    words: set[str] = set()
    for concept in taxonomy.concepts.values():
        phrases = [*concept.aliases, *(v for values in concept.values.values() for v in values)]
        for phrase in phrases:
            words.update(fold(word) for word in _WORDS.findall(phrase))
    return frozenset(words)


#: id(taxonomy) -> (the taxonomy, kept so that its id stays its own; its words)
_VOCABULARY: dict[int, tuple[Any, frozenset[str]]] = {}
_VOCABULARY_SIZE = 4


def _taxonomy_words(taxonomy: Any) -> tuple[Any, frozenset[str]]:
    """The privacy words of ``taxonomy`` (the shipped one when ``None``) and its
    vocabulary words, computed once per taxonomy object."""
    from cvmatch.taxonomy import resolve_taxonomy

    resolved = resolve_taxonomy(taxonomy)
    cached = _VOCABULARY.get(id(resolved))
    if cached is None or cached[0] is not resolved:
        if len(_VOCABULARY) >= _VOCABULARY_SIZE:
            _VOCABULARY.pop(next(iter(_VOCABULARY)))
        cached = _VOCABULARY[id(resolved)] = (resolved, _vocabulary_words(resolved))
    return resolved.privacy, cached[1]


def masked_spans(
    text: str,
    *,
    header_lines: int = 0,
    sections: Sequence[Section] = (),
    employers: Iterable[str] = (),
    titles: Iterable[str] = (),
    taxonomy: object | None = None,
) -> list[Span]:
    """The spans of ``text`` that blind mode masks (in order, merged); ``employers``
    (the candidate's, as written) keep their words from being taken for the name alone,
    and a header line that shares a word with ``titles`` (job titles, headings) is no name."""
    privacy, vocabulary = _taxonomy_words(taxonomy)
    tokens = Tokens(text)
    ambiguous = vocabulary | {fold(w) for name in employers for w in _WORDS.findall(name)}
    spans = contact_spans(text, tokens, privacy)  # type: ignore[arg-type]
    spans += people_spans(
        tokens,
        privacy,  # type: ignore[arg-type]
        header_lines=header_lines,
        sections=sections,
        ambiguous=frozenset(ambiguous),
        titles=frozenset(fold(w) for title in titles for w in _WORDS.findall(title)),
    )
    return merge_spans(spans)


def redact_text(text: str, *, header_lines: int = 0, taxonomy: object | None = None) -> str:
    """Mask personal details in ``text`` (see the module docs); a name-like line among its
    first ``header_lines`` lines is taken for the person's name. Length is unchanged."""
    return _mask_spans(text, masked_spans(text, header_lines=header_lines, taxonomy=taxonomy))


def redact(document: Document, *, taxonomy: object | None = None) -> Document:
    """A copy of ``document`` whose text hides personal details (see module docs).

    For a resume the contact section is masked whole too. Sections and positions keep
    their offsets; a headline title that was masked is dropped.
    """
    resume = document.kind == "resume"
    spans = masked_spans(
        document.text,
        header_lines=HEADER_LINES if resume else 0,
        sections=document.sections if resume else (),
        employers=[p.employer for p in document.positions if p.employer],
        titles=[
            *(p.title for p in document.positions if p.title),
            *(s.heading for s in document.sections if s.heading),
        ],
        taxonomy=taxonomy,
    )
    if resume:
        spans += [(s.start, s.end) for s in document.sections if s.name == "contact"]
    text = _mask_spans(document.text, merge_spans(spans))
    title = document.title if document.title and document.title in text else None
    return document.model_copy(update={"text": text, "title": title})


__all__ += ["_email_spans"]
