"""Blind mode's contact details: e-mail, links, phones, addresses, postcodes, handles, ages.

Each finder returns the spans ``(start, end)`` to mask in the original text. Why each
runs in linear time on any text:

- e-mail: :func:`email_spans` (a run of local-part characters is scanned once);
- links, ages, dates of birth: every repetition is bounded or starts at a keyword, and
  a failed match never rescans from inside a run;
- phones: a candidate starts at a digit, "+" or "(" and is at most 27 characters
  (``{5,24}``), so each start costs a bounded scan; its check is on those 27 characters;
- postcodes: fixed-length patterns anchored at a word boundary;
- handles: a label is a literal alternation followed by bounded runs;
- street addresses: one pass over the word tokens (:mod:`cvmatch.reading.privacy_tokens`),
  looking at most five tokens back or ahead of a street word.
"""

from __future__ import annotations

import functools
import re

from cvmatch.reading.privacy_tokens import CaseBlind, Span, Tokens, labels_regex
from cvmatch.taxonomy.privacy import PrivacyWords

__all__ = ["contact_spans", "email_spans"]

#: An e-mail address is ``_LOCAL_RUN`` ending at "@", then ``_DOMAIN``. The pattern
#: ``[\w.+'-]+@...`` in one piece is quadratic: tried from every character of a long
#: token that has no "@", it rescans the token each time (20,000 letters: 2.8 s).
_LOCAL_RUN = re.compile(r"[\w.+'-]+")
_DOMAIN = re.compile(r"[\w-]+(?:\.[\w-]+)+")
#: Case-blind patterns, written in lowercase.
_BLIND = [
    CaseBlind(
        r"(?:https?://|www\.)\S+|\b(?:linkedin|github|twitter|facebook|instagram)\.com/\S*"
    ),  # links
    CaseBlind(
        r"\b(?:date of birth|d\.?o\.?b\.?|born(?: on)?|birth ?date)\b\s{0,20}:?\s{0,20}"
        r"[\w ,./-]{4,30}"
    ),  # birth
    CaseBlind(
        r"\b(?:age|aged)\s{0,20}:?\s{0,20}\d{2}\b"
        r"|\b\d{2}(?:\s{1,20}|-)(?:years old|yrs old|y/o|year-old|years-old)\b"
    ),  # age
]
_CASED = [
    re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?[ \t]?\d[A-Z]{2}\b"),  # UK postcode
    re.compile(r"\b[A-Z]\d[A-Z][ \t]?\d[A-Z]\d\b"),  # Canadian postcode
    re.compile(r"(?<![\w@.])@[A-Za-z0-9_][\w.]{1,30}"),  # @handle
]
#: A phone candidate: a digit, "+" or "(" then at most 24 digits, spaces, dots, dashes
#: and brackets, ending at a digit.
_PHONE = re.compile(r"(?<![\w+(])(?:\+|\(\+?)?\d[\d \t().-]{5,24}\d(?!\d)")
#: What separates two numbers of a candidate ("2019 - 2021", two spaces, a tab).
_RANGE = re.compile(r"[ \t]+[-–][ \t]+|[ \t]{2,}|\t")
_GROUP_SEPARATOR = re.compile(r"[ .()-]")
_HOUSE_NUMBER = re.compile(r"\d{1,5}[A-Za-z]?")
_AREA_CODE = re.compile(r"(?:\+\d{1,3}[ .-]?)?\(\+?\d{1,4}\)")


def email_spans(text: str) -> list[Span]:
    """Where ``[\\w.+'-]+@[\\w-]+(?:\\.[\\w-]+)+`` matches (as ``finditer`` finds them),
    in linear time: a match can only start in a run of local-part characters that
    ends at an "@", and no earlier than the previous match's end."""
    spans: list[Span] = []
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


def _dated(groups: list[str]) -> bool:
    """Whether the number groups are a date ("12.05.2020") or a range of years."""
    years = [g for g in groups if len(g) == 4 and g[:2] in ("19", "20")]
    if len(groups) == 2 and len(years) == 2:
        return True
    return len(groups) == 3 and len(groups[2]) == 4 and bool(years) and int(groups[0]) <= 31


def is_phone(candidate: str) -> bool:
    """Whether a candidate (no range in it) is a phone number in any usual form."""
    digits = sum(c.isdigit() for c in candidate)
    if not 7 <= digits <= 15:
        return False
    if "(" in candidate:  # "(555) 123-4567", "+44 (0)20 7946 0958"
        return digits >= 8 and bool(_AREA_CODE.match(candidate))
    if candidate.startswith("+"):
        return digits >= 8
    groups = _GROUP_SEPARATOR.split(candidate)
    if "" in groups or _dated(groups):
        return False
    if len(groups) == 1:
        return candidate.startswith("0") and 10 <= digits <= 11
    if len(groups) == 2:
        sizes = (len(groups[0]), len(groups[1]))
        return sizes == (3, 4) or (candidate.startswith("0") and 10 <= digits <= 11)
    return all(2 <= len(g) <= 4 for g in groups[1:]) and len(groups[0]) <= 5


def _phone_spans(text: str) -> list[Span]:
    spans: list[Span] = []
    for match in _PHONE.finditer(text):
        start = match.start()
        pieces = _RANGE.split(match.group())
        for piece in pieces:
            piece_start = text.index(piece, start)
            start = piece_start + len(piece)
            stripped = piece.rstrip(").- ")
            if is_phone(stripped):
                spans.append((piece_start, piece_start + len(stripped)))
    return spans


@functools.lru_cache(maxsize=8)
def _compiled(words: PrivacyWords) -> tuple[CaseBlind, re.Pattern[str]]:
    """The handle labels ("Skype: x") and the US/Canadian region-and-ZIP pattern."""
    handles = CaseBlind(labels_regex(words.handle_labels) + r"[ \t]{0,5}:[ \t]{0,5}\S{1,64}")
    regions = "|".join(map(re.escape, words.region_codes)) or "(?!)"
    zips = re.compile(rf"\b(?:{regions})[ \t,]{{1,3}}\d{{5}}(?:-\d{{4}})?\b")
    return handles, zips


def _street_spans(tokens: Tokens, words: PrivacyWords) -> list[Span]:
    """ "221B Baker Street", "Calle Mayor 5", "Flat 3": a house number and up to four
    capitalised words before a street type, after a street prefix, or a unit word."""
    types, prefixes = frozenset(words.street_types), frozenset(words.street_prefixes)
    units = frozenset(words.unit_words)
    spans: list[Span] = []
    for index, word in enumerate(tokens.words):
        lower = word.lower()
        if not word[:1].isupper():
            continue
        if lower in types:
            start = tokens.look_back(index, 5, lambda w: bool(_HOUSE_NUMBER.fullmatch(w)))
            if start is not None:
                spans.append((tokens.starts[start], tokens.ends[index]))
        elif lower in prefixes or lower in units:
            end = tokens.look_ahead(index, 5, lambda w: bool(_HOUSE_NUMBER.fullmatch(w)))
            if end is not None:
                spans.append((tokens.starts[index], tokens.ends[end]))
    return spans


def contact_spans(text: str, tokens: Tokens, words: PrivacyWords) -> list[Span]:
    """Every contact detail in ``text``: e-mail, links, phones, addresses, postcodes,
    handles, dates of birth and ages."""
    spans = email_spans(text) + _phone_spans(text)
    handles, zips = _compiled(words)
    for blind in (*_BLIND, handles):
        spans.extend(match.span() for match in blind.finditer(tokens))
    for pattern in (*_CASED, zips):
        spans.extend(match.span() for match in pattern.finditer(text))
    spans.extend(_street_spans(tokens, words))
    return spans
