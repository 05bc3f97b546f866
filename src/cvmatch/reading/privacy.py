"""Blind mode: hide personal details before anything reads the text.

``redact(document)`` masks e-mail addresses, phone numbers, web and social links,
street addresses, dates of birth, ages, and the name and contact block at the top of
a resume. Masked characters become ``█`` one for one, so every offset into
``Document.text`` stays valid, and nothing downstream (extraction, scoring,
explanations, reports) can see or print what was there.
"""

from __future__ import annotations

import re

from cvmatch.models import Document

__all__ = ["MASK", "redact", "redact_text"]

MASK = "█"

#: An e-mail address is ``_LOCAL_RUN`` ending at "@", then ``_DOMAIN``. The pattern
#: ``[\w.+'-]+@...`` in one piece is quadratic: tried from every character of a long
#: token that has no "@", it rescans the token each time (20,000 letters: 2.8 s).
_LOCAL_RUN = re.compile(r"[\w.+'-]+")
_DOMAIN = re.compile(r"[\w-]+(?:\.[\w-]+)+")
#: Every other pattern has bounded repetitions, or one that a failed match never
#: rescans from inside (each start is a keyword, a digit or a line boundary), so each
#: runs in linear time on any text.
_PATTERNS = [
    re.compile(
        r"(?:https?://|www\.)\S+|\b(?:linkedin|github|twitter|facebook|instagram)"
        r"\.com/\S*",
        re.IGNORECASE,
    ),  # links
    re.compile(
        r"(?<![\w/])(?:\+?\d{1,3}[\s.-]?)?(?:\(\d{2,4}\)\s?|\d{2,4}[\s.-])"
        r"\d{3,4}[\s.-]?\d{3,4}(?![\w/])|\b\d{3}[.-]\d{4}\b"
    ),  # phone
    re.compile(
        r"\b(?:date of birth|d\.?o\.?b\.?|born(?: on)?|birth ?date)\b\s{0,20}:?\s{0,20}"
        r"[\w ,./-]{4,30}",
        re.IGNORECASE,
    ),  # birth
    re.compile(
        r"\b(?:age|aged)\s{0,20}:?\s{0,20}\d{2}\b|\b\d{2}\s{0,20}(?:years old|yrs old|y/o)\b",
        re.IGNORECASE,
    ),  # age
    re.compile(
        r"\b\d{1,5}\s{1,20}(?:[A-Z][a-z]+\s){1,3}(?:street|st|avenue|ave|road|rd|"
        r"boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl)\b\.?",
        re.IGNORECASE,
    ),  # address
    re.compile(
        r"\b(?:nationality|marital status|gender|sex|religion|photo)\s{0,20}:\s{0,20}[^\n]{1,40}",
        re.IGNORECASE,
    ),  # protected
]
_NAME_LINE = re.compile(r"^[A-Z][A-Za-z'’.-]+(?:\s+[A-Z][A-Za-z'’.-]+){1,3}$")


def _mask(text: str, start: int, end: int) -> str:
    return _mask_spans(text, [(start, end)])


def _mask_spans(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with every span (in order, not overlapping) masked, in one pass."""
    if not spans:
        return text
    parts: list[str] = []
    previous = 0
    for start, end in spans:
        parts.append(text[previous:start])
        parts.append("".join(c if c.isspace() else MASK for c in text[start:end]))
        previous = end
    parts.append(text[previous:])
    return "".join(parts)


def _email_spans(text: str) -> list[tuple[int, int]]:
    """Where ``[\\w.+'-]+@[\\w-]+(?:\\.[\\w-]+)+`` matches (as ``finditer`` finds them),
    in linear time: a match can only start in a run of local-part characters that
    ends at an "@", and no earlier than the previous match's end."""
    spans: list[tuple[int, int]] = []
    last = 0
    for run in _LOCAL_RUN.finditer(text):
        at = run.end()
        if at < last or text[at : at + 1] != "@":
            continue
        start = max(run.start(), last)
        domain = _DOMAIN.match(text, at + 1) if start < at else None
        if domain is not None:
            spans.append((start, domain.end()))
            last = domain.end()
    return spans


def redact_text(text: str, *, header_lines: int = 0) -> str:
    """Mask personal details in ``text``; also mask its first ``header_lines`` lines
    when they look like a name or hold contact details. Length is unchanged."""
    text = _mask_spans(text, _email_spans(text))
    for pattern in _PATTERNS:
        text = _mask_spans(text, [match.span() for match in pattern.finditer(text)])
    offset = 0
    for index, line in enumerate(text.split("\n")):
        if index >= header_lines:
            break
        stripped = line.strip()
        if _NAME_LINE.match(stripped) or MASK in stripped:
            text = _mask(text, offset, offset + len(line))
        offset += len(line) + 1
    return text


def redact(document: Document) -> Document:
    """A copy of ``document`` whose text hides personal details (see module docs).

    For a resume the contact section, or else a name-like first line, is masked too.
    Sections and positions keep their offsets; a headline title that was masked is
    dropped.
    """
    text = document.text
    if document.kind == "resume":
        text = redact_text(text, header_lines=3)
        for section in document.sections:
            if section.name == "contact":
                text = _mask(text, section.start, section.end)
    else:
        text = redact_text(text)
    title = document.title if document.title and document.title in text else None
    return document.model_copy(update={"text": text, "title": title})
