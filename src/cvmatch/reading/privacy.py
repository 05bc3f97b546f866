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

_PATTERNS = [
    re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+"),  # e-mail
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
        r"\b(?:date of birth|d\.?o\.?b\.?|born(?: on)?|birth ?date)\b\s*:?\s*"
        r"[\w ,./-]{4,30}",
        re.IGNORECASE,
    ),  # birth
    re.compile(
        r"\b(?:age|aged)\s*:?\s*\d{2}\b|\b\d{2}\s*(?:years old|yrs old|y/o)\b", re.IGNORECASE
    ),  # age
    re.compile(
        r"\b\d{1,5}\s+(?:[A-Z][a-z]+\s){1,3}(?:street|st|avenue|ave|road|rd|"
        r"boulevard|blvd|lane|ln|drive|dr|court|ct|way|place|pl)\b\.?",
        re.IGNORECASE,
    ),  # address
    re.compile(
        r"\b(?:nationality|marital status|gender|sex|religion|photo)\s*:\s*[^\n]{1,40}",
        re.IGNORECASE,
    ),  # protected
]
_NAME_LINE = re.compile(r"^[A-Z][A-Za-z'’.-]+(?:\s+[A-Z][A-Za-z'’.-]+){1,3}$")


def _mask(text: str, start: int, end: int) -> str:
    segment = "".join(c if c.isspace() else MASK for c in text[start:end])
    return text[:start] + segment + text[end:]


def redact_text(text: str, *, header_lines: int = 0) -> str:
    """Mask personal details in ``text``; also mask its first ``header_lines`` lines
    when they look like a name or hold contact details. Length is unchanged."""
    for pattern in _PATTERNS:
        for match in list(pattern.finditer(text)):
            text = _mask(text, match.start(), match.end())
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
