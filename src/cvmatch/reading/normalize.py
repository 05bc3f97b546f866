"""Clean extracted text into what ``Document.text`` holds.

Every character offset reported later (sections, evidence, redaction) points into the
text :func:`normalize_text` returns, so nothing changes that text afterwards.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["normalize_text"]

_BULLETS = "•●▪■□◦‣∙·○◆◇►▸➢➤✓✔☐❖➔→⁃∎*"
_BULLET_LINE = re.compile(r"^[ \t]*[" + re.escape(_BULLETS) + r"][ \t]*", re.MULTILINE)
_INLINE_BULLET = re.compile(r"[ \t]+[•●▪■◦➢➤❖][ \t]+")
_HYPHEN_BREAK = re.compile(r"(?<=[a-z])-\n(?=[a-z])")
_SPACES = re.compile(r"[ \t\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000]+")
_MANY_NEWLINES = re.compile(r"\n{3,}")
_CONTROL = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufeff\u00ad\u200c\u200d\u2060\ufffe\ud800-\udfff]"
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
_FTFY_CONFIG = None


def _has_mojibake_marks(text: str) -> bool:
    return any(c in text for c in _MOJIBAKE_MARKS)


def _ftfy_line(match: re.Match[str]) -> str:
    """One suspect line repaired by ftfy (configured once: no unescaping, no NFC)."""
    global _FTFY_CONFIG
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


def normalize_text(text: str) -> str:
    """Clean extracted text; the result is what ``Document.text`` holds.

    Steps: line breaks unified; mojibake repaired (ftfy, plus the lossy sequences it
    cannot undo, e.g. ``"ï¼"``); control characters, lone surrogates and soft hyphens
    removed; Unicode NFKC (ligatures such as "ﬁ", full-width forms); end-of-line
    hyphenation joined; bullets at line starts turned into ``"- "``; runs of spaces
    collapsed; lines stripped; at most one blank line in a row. Every offset reported
    later refers to this text, so nothing changes it afterwards.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = fix_mojibake(text)
    text = text.replace("\u0085", "\n")
    text = _CONTROL.sub("", text)
    text = unicodedata.normalize("NFKC", text)
    text = text.replace("\u2028", "\n").replace("\u2029", "\n")
    text = _HYPHEN_BREAK.sub("", text)
    text = _BULLET_LINE.sub("- ", text)
    text = _INLINE_BULLET.sub("\n- ", text)
    text = _SPACES.sub(" ", text)
    text = "\n".join(line.strip() for line in text.split("\n"))
    text = _MANY_NEWLINES.sub("\n\n", text)
    return text.strip()
