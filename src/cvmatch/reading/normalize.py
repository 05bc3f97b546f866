"""Clean extracted text into what ``Document.text`` holds.

Every character offset reported later (sections, evidence, redaction) points into the
text :func:`normalize_text` returns, so nothing changes that text afterwards.
"""

from __future__ import annotations

import re
import unicodedata

from cvmatch.errors import DocumentTooLarge
from cvmatch.reading.glued import split_glued_items

__all__ = ["INVISIBLE", "normalize_text"]

_BULLETS = "•●▪■□◦‣∙·○◆◇►▸➢➤✓✔☐❖➔→⁃∎*"
_BULLET_LINE = re.compile(r"^[ \t]*[" + re.escape(_BULLETS) + r"][ \t]*", re.MULTILINE)
# (?<![ \t]): a match starts where a run of spaces starts, or the run is rescanned
# from each of its spaces (quadratic on a long run of spaces)
_INLINE_BULLETS = "•●▪■◦➢➤❖"
_INLINE_BULLET = re.compile(r"(?<![ \t])[ \t]+[" + _INLINE_BULLETS + r"][ \t]+")
_HYPHEN_BREAK = re.compile(r"(?<=[a-z])-\n(?=[a-z])")
_SPACE_CHARS = r"\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
#: A run of spaces that is not already one plain space (which would stay as it is).
_SPACES = re.compile(rf"[ {_SPACE_CHARS}]{{2,}}|[{_SPACE_CHARS}]")
_MANY_NEWLINES = re.compile(r"\n{3,}")
#: Characters a reader does not see: Unicode's format characters (category Cf: soft
#: hyphen, zero-width space and joiners, word joiner, bidirectional controls, tags...)
#: except the visible prepended number marks (U+0600-0605...), and the invisible
#: letters and marks of other categories (combining grapheme joiner, Hangul fillers,
#: Khmer inherent vowels, Mongolian and other variation selectors). Removed, so that
#: "Zen\u200bdesk" reads as the word a reader of the page sees.
INVISIBLE = (
    "\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff9-\ufffb"
    "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f\U000e0100-\U000e01ef"
)
# (the look-ahead, one table look-up, turns printable ASCII away before the long class)
_CONTROL = re.compile(
    "(?=[^\t\n\r -~])[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\ud800-\udfff" + INVISIBLE + "]"
)  # lone surrogates (only possible in text given as str) cannot be written out as UTF-8

#: Characters that mark a line as possible mojibake (UTF-8 read as cp1252).
_MOJIBAKE_MARKS = "ÂÃâï"
#: Mojibake whose third UTF-8 byte was lost (cp1252 has no character for it), so a
#: general fixer cannot repair it; seen in resume-builder PDFs.
_LOSSY_MOJIBAKE = (
    (re.compile("ï¼[\u200b\x80-\x9f]?"), "-"),  # U+FF0D fullwidth hyphen, a separator
    (re.compile("â—[\x80-\x9f]?"), "●"),  # U+25CF bullet
    (re.compile("â–(?=[\\s\u00a0])"), "■"),  # U+25A0 bullet (its A0 byte became a space)
    (re.compile("â€(?![\u0080-\u203a\u2122])"), "”"),  # U+201D, the 9D byte lost
    (re.compile("Â(?=[\\s\u00a0]|$)"), ""),  # C2 A0: no-break space
)
_SUSPECT_LINE = re.compile(r"^.*[ÂÃâï].*$", re.MULTILINE)
#: Characters normalised at a time when a length limit is given (see :func:`_nfkc`).
_CHUNK = 1 << 16
_ASCII = re.compile(r"[\x00-\x7f]")
_FTFY_CONFIG = None
#: Longest line ftfy repairs (it takes seconds on a line of millions of characters).
_FTFY_MAX_LINE = 10_000


def _has_mojibake_marks(text: str) -> bool:
    return any(c in text for c in _MOJIBAKE_MARKS)


def _ftfy_line(match: re.Match[str]) -> str:
    """One suspect line repaired by ftfy (configured once: no unescaping, no NFC)."""
    global _FTFY_CONFIG
    if len(match.group(0)) > _FTFY_MAX_LINE:  # a line no resume has; ftfy is slow on it
        return match.group(0)
    import ftfy

    if _FTFY_CONFIG is None:
        _FTFY_CONFIG = ftfy.TextFixerConfig(
            unescape_html=False,
            uncurl_quotes=False,
            fix_line_breaks=False,
            normalization=None,
            explain=False,
        )
    return ftfy.fix_text(match.group(0), _FTFY_CONFIG)


def fix_mojibake(text: str) -> str:
    """Repair mojibake line by line (ftfy), only on lines that show its marks."""
    if not _has_mojibake_marks(text):
        return text
    # the lossy sequences first: cheap, and they are most of what real files show, so
    # ftfy (slower) then runs only on the lines still marked
    for pattern, replacement in _LOSSY_MOJIBAKE:
        text = pattern.sub(replacement, text)
    if not _has_mojibake_marks(text):
        return text
    try:
        return _SUSPECT_LINE.sub(_ftfy_line, text)
    except ImportError:  # pragma: no cover - ftfy is a dependency
        return text


def _nfkc(text: str, max_length: int | None) -> str:
    """Unicode NFKC of ``text``; longer than ``max_length`` raises ``DocumentTooLarge``.

    NFKC can multiply a text's length (U+FDFA becomes 18 characters), so with a limit
    the text is normalised a chunk at a time and refused as soon as the result passes
    it, before it is all in memory. Chunks are cut before an ASCII character, where no
    composition or reordering crosses, so the result is that of one call.
    """
    if max_length is None or len(text) <= _CHUNK:
        result = unicodedata.normalize("NFKC", text)
        if max_length is not None and len(result) > max_length:
            raise _expanded(len(result), max_length)
        return result
    parts: list[str] = []
    total = start = 0
    while start < len(text):
        end = start + _CHUNK
        if end < len(text):
            ascii_char = _ASCII.search(text, end, end + _CHUNK)
            end = ascii_char.start() if ascii_char else end  # (no ASCII: a hostile text)
        parts.append(unicodedata.normalize("NFKC", text[start:end]))
        total += len(parts[-1])
        if total > max_length:
            raise _expanded(total, max_length)
        start = end
    return "".join(parts)


def _expanded(length: int, max_length: int) -> DocumentTooLarge:
    error = DocumentTooLarge(
        f"the text expands to more than {max_length:,} characters when normalised"
    )
    error.length = length  # type: ignore[attr-defined]
    return error


def normalize_text(text: str, *, max_length: int | None = None) -> str:
    """Clean extracted text; the result is what ``Document.text`` holds.

    Steps: line breaks unified; mojibake repaired (ftfy, plus the lossy sequences it
    cannot undo, e.g. ``"ï¼"``); control characters, lone surrogates and characters
    nobody sees (:data:`INVISIBLE`: soft hyphens, zero-width spaces and joiners...)
    removed; Unicode NFKC (ligatures such as "ﬁ", full-width forms); end-of-line
    hyphenation joined; bullets at line starts turned into ``"- "``; list items glued
    into one word split again (:mod:`cvmatch.reading.glued`); runs of spaces
    collapsed; lines stripped; at most one blank line in a row. Every offset reported
    later refers to this text, so nothing changes it afterwards.

    ``max_length``: refuse (``DocumentTooLarge``) a text that NFKC makes longer than
    this, before it is all in memory.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = fix_mojibake(text)
    text = text.replace("\u0085", "\n")
    text = _CONTROL.sub("", text)
    text = _nfkc(text, max_length)
    text = text.replace("\u2028", "\n").replace("\u2029", "\n")
    if "-\n" in text:
        text = _HYPHEN_BREAK.sub("", text)
    text = _BULLET_LINE.sub("- ", text)
    if any(bullet in text for bullet in _INLINE_BULLETS):
        text = _INLINE_BULLET.sub("\n- ", text)
    text = split_glued_items(text)
    text = _SPACES.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    text = _MANY_NEWLINES.sub("\n\n", text)
    return text.strip()
