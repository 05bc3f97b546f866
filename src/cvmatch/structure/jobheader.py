"""The title and employer of one job, from the short lines around its dates.

A job header is written in many ways: ``Title`` / ``Employer`` / ``dates`` on three lines,
``Title, Employer — dates``, ``Employer | Title | dates``, ``Title at Employer``, dates first
or last. The lines next to a date range that look like a header (short, capitalised, no
bullet, no full stop) are cut into parts at separators; places (``Columbus, OH``) and the
placeholders of anonymised resumes are set aside; each part is read as a title when it is
built on a title word, as an employer when it carries an employer word, and otherwise by
its order (title first). The words are ``[headings.positions]`` in the taxonomy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cvmatch.taxonomy.headings import Headings

__all__ = ["MAX_HEADER_WORDS", "HeaderReader", "balanced", "continues_prose"]

#: Strong separators between the parts of a header line (a hyphen only with spaces).
_SEPARATOR = re.compile(r"\s*[|·•–—]\s*|\s+-\s+")
#: A region or country code closing a place ("Columbus, OH").
_CODE = re.compile(r"[A-Z]{2,3}")
_LEVEL = re.compile(r"[ivx]+|\d+")
_TRAILING_NOTE = re.compile(r"\s*\([^()]*\)\s*$")
_NOTE = re.compile(r"\([^()]*\)")
_BULLET = re.compile(r"^\s*[-*•·▪●◦➢►>]")
_WORD = re.compile(r"[^\W\d_][\w'’.&/-]*")
_STRIP = " ,;|/-–—"
#: A header line has at most this many words; longer lines are prose.
MAX_HEADER_WORDS = 12
#: Share of a header line's words (connector words aside) that start with a capital.
MIN_CAPITALISED = 0.6
#: A header line this short may be lowercase when it stands right above its dates.
MAX_LOWERCASE_WORDS = 6
#: Placeholder part: an anonymised employer or place ("Company Name", "City , State").
PLACEHOLDER = None


def _split_outside_parentheses(text: str, sep: str = ",") -> list[str]:
    parts, depth, current = [], 0, []
    for char in text:
        depth += char == "("
        depth -= char == ")" and depth > 0
        if char == sep and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return [balanced(part) for part in parts if balanced(part)]


def _without_place(segment: str) -> str:
    """``segment`` without a closing place: "Acme, Columbus, OH" gives "Acme"."""
    parts = _split_outside_parentheses(segment)
    if len(parts) >= 2 and _CODE.fullmatch(parts[-1]):
        parts = parts[:-2]
    return ", ".join(parts)


@dataclass(frozen=True)
class _Words:
    title: frozenset[str]
    employer: frozenset[str]
    connectors: frozenset[str]
    headings: frozenset[str]


class HeaderReader:
    """Reads job headers with one taxonomy's words; built once per taxonomy."""

    def __init__(self, headings: Headings) -> None:
        words = headings.positions
        junk = sorted(headings.title_junk, key=len, reverse=True)
        many = [p for p in junk if " " in p or "," in p]
        self._junk_many = _alternation(many)
        self._junk_one = {p for p in junk if p not in many}
        connectors = "|".join(re.escape(w) for w in words.employer_connectors)
        self._connector = re.compile(rf"\s+(?:{connectors})\s+" if connectors else "(?!)", re.I)
        self.words = _Words(
            frozenset(words.title_words),
            frozenset(words.employer_words),
            frozenset(words.connector_words),
            frozenset(p for phrases in headings.resume.values() for p in phrases),
        )

    def is_header_line(self, line: str, *, lowercase_ok: bool = False) -> bool:
        """Whether a line could be part of a job header (not prose, a bullet or a heading).

        ``lowercase_ok`` accepts a short line in lowercase ("sales associate").
        """
        text = self._junk_many.sub(" ", line).strip(_STRIP)
        if not text or ":" in text or _BULLET.match(text):
            return not text and bool(self._junk_many.search(line))  # a placeholder alone
        if text.lower().strip(" :") in self.words.headings:
            return False
        words = _WORD.findall(_NOTE.sub(" ", text))
        if not words or len(text.split()) > MAX_HEADER_WORDS:
            return False
        if text.endswith(".") and words[-1].lower() not in self.words.employer:
            return False
        if lowercase_ok and len(words) <= MAX_LOWERCASE_WORDS:
            return True
        content = [w for w in words if w.lower() not in self.words.connectors]
        capitalised = sum(w[0].isupper() for w in content)
        return not content or capitalised >= MIN_CAPITALISED * len(content)

    def parts(self, text: str) -> list[str | None]:
        """The parts of one header line in order: text, or ``PLACEHOLDER`` for junk."""
        out: list[str | None] = []
        pieces = self._junk_many.split(text)
        for index, piece in enumerate(pieces):
            if index % 2:  # a captured placeholder
                _add_placeholder(out)
                continue
            for segment in _SEPARATOR.split(piece):
                for part in self._connector.split(segment):
                    self._add_part(out, part)
        return out

    def _add_part(self, out: list[str | None], part: str) -> None:
        part = balanced(part)
        if not part:
            return
        if part.lower() in self._junk_one:
            _add_placeholder(out)
            return
        kept = _without_place(part)
        if kept:
            out.append(kept)

    def _hint(self, part: str) -> str | None:
        """ "title" or "employer" when the part's words say so, else ``None``."""
        plain = _NOTE.sub(" ", part).lower()
        tokens = _WORD.findall(plain)
        head = _WORD.findall(plain.split(",")[0])  # a title's head ends its first part
        while len(head) > 1 and _LEVEL.fullmatch(head[-1]):
            head.pop()  # "Associate II": the level follows the head
        if not tokens:
            return None
        scores = {
            "title": _score(head or tokens, self.words.title),
            "employer": _score(tokens, self.words.employer),
        }
        if scores["title"] == scores["employer"]:
            return None
        return max(scores, key=scores.__getitem__)

    def has_title(self, parts: list[str | None]) -> bool:
        """Whether one of ``parts`` is built on a title word."""
        return any(self._hint(p) == "title" for p in parts if p is not None)

    def title_and_employer(self, parts: list[str | None]) -> tuple[str | None, str | None]:
        """Title and employer of a header's parts; a ``PLACEHOLDER`` among them keeps a
        comma inside one part ("Manager, Digital Marketing")."""
        texts = [p for p in parts if p is not None]
        if PLACEHOLDER not in parts and len(texts) == 1:
            texts = _split_outside_parentheses(texts[0]) or texts
        hints = [self._hint(p) for p in texts]
        order = [i for i, h in enumerate(hints) if h == "title"]
        order += [i for i, h in enumerate(hints) if h is None]
        title_at = order[0] if order else None
        rest = [i for i, h in enumerate(hints) if h == "employer"]
        rest += [i for i, h in enumerate(hints) if h is None and i != title_at]
        title = texts[title_at] if title_at is not None else None
        employer = texts[rest[0]] if rest else None
        if employer is not None:
            employer = _TRAILING_NOTE.sub("", employer).strip(_STRIP) or employer
        return title, employer


def _score(tokens: list[str], vocabulary: frozenset[str]) -> int:
    """2 when the last word is in ``vocabulary``, 1 when another word is, else 0."""
    known = [t in vocabulary or t.rstrip(".") in vocabulary for t in tokens]
    return 2 if known[-1] else int(any(known))


def balanced(part: str) -> str:
    """``part`` without a parenthesis left open or closed by the cut at a separator."""
    part = part.strip(_STRIP)
    if part.endswith(")") and "(" not in part:
        part = part[:-1].strip(_STRIP)
    if part.startswith("(") and ")" not in part:
        part = part[1:].strip(_STRIP)
    return part


def continues_prose(previous: str) -> bool:
    """Whether the line after ``previous`` continues its sentence (a long line, unended)."""
    text = previous.strip()
    return len(text.split()) > MAX_HEADER_WORDS and not text.endswith((".", "!", "?", ":", ";"))


def _add_placeholder(out: list[str | None]) -> None:
    if not out or out[-1] is not PLACEHOLDER:
        out.append(PLACEHOLDER)


def _alternation(phrases: list[str]) -> re.Pattern[str]:
    """One capturing pattern of ``phrases``, words whole, a comma with spaces around it."""
    if not phrases:
        return re.compile("((?!))")
    body = "|".join(r"\s*,\s*".join(map(re.escape, p.split(","))) for p in phrases)
    return re.compile(rf"(\b(?:{body})\b)", re.I)
