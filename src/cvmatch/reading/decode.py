"""Bytes of a text or HTML file to ``str``, with the encoding checked against the bytes.

Order: a byte-order mark; UTF-16 or UTF-32 without one (recognised by where the zero
bytes fall); for HTML the charset the page declares (``<meta charset>``, the XML
declaration), but only where the bytes agree (a page "in UTF-16" whose bytes have no
zero bytes is not UTF-16; one declaring an 8-bit charset whose bytes are valid UTF-8
with multibyte characters is UTF-8); UTF-8; else a detected 8-bit encoding.

The text that comes out is then checked (:func:`implausible`): NUL characters, CJK
characters that only appear when ASCII is read two bytes at a time, characters outside
any script. Text that shows them is decoded again with the other candidates; when none
reads plausibly the file is refused with :class:`~cvmatch.errors.UnknownEncoding`
rather than read as garbage that looks fine (``ok: true`` with no skills).
"""

from __future__ import annotations

import codecs
import re

from cvmatch.errors import UnknownEncoding

__all__ = ["decode_checked", "decode_text", "implausible"]

#: The 8-bit encodings charset-normalizer may choose between (resume and posting files).
_CANDIDATE_ENCODINGS = ["cp1252", "latin_1", "iso8859_15", "cp1250", "utf_8", "mac_roman", "cp850"]
#: What else to try when a decoding looks wrong (the wide encodings first: they are
#: what an 8-bit reading gets wrong most visibly).
_ALTERNATIVES = ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be", "utf-8", "cp1252")
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32"),  # before UTF-16 LE, whose mark it starts with
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
_DECLARED = re.compile(
    rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)"""
    rb"""|<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._:-]+)""",
    re.IGNORECASE,
)
#: Characters looked at to judge a decoding (the start of the text is enough).
_SAMPLE = 50_000
#: Characters whose high byte is a printable ASCII letter, digit or sign from "0" on,
#: and whose low byte is printable ASCII: most characters of ASCII text read as
#: UTF-16, a fifth to a third of those of real Chinese or Japanese text. (High bytes
#: below "0" are general punctuation and symbols: bullets, ellipses, arrows.)
_ASCII_PAIR = re.compile(
    "["
    + "".join(f"{chr(high << 8 | 0x20)}-{chr(high << 8 | 0x7E)}" for high in range(0x30, 0x7F))
    + "]"
)
_NON_ASCII = re.compile("[^\x00-\x7f]")
#: Non-ASCII characters enough to judge by.
_MIN_WIDE = 20
#: Code points whose low byte is zero: ASCII read as UTF-16 with the wrong byte order.
_SWAPPED = re.compile("[" + "".join(chr(high << 8) for high in range(1, 256)) + "]")
#: C1 controls, surrogates, private use, the replacement character.
_NO_SCRIPT = re.compile("[\x80-\x9f\ud800-\uf8ff\ufffd]")


def _zero_share(sample: bytes, start: int, step: int) -> float:
    part = sample[start::step]
    return part.count(0) / max(len(part), 1)


def _wide_encoding(data: bytes) -> str | None:
    """UTF-32 or UTF-16 without a byte-order mark, told by its zero bytes, or ``None``."""
    sample = data[:4096]
    if len(sample) < 4 or b"\x00" not in sample:
        return None
    sample = sample[: len(sample) - len(sample) % 4]
    shares = [_zero_share(sample, i, 4) for i in range(4)]
    if min(shares[1:]) > 0.9 and shares[0] < 0.1:
        return "utf-32-le"
    if min(shares[:3]) > 0.9 and shares[3] < 0.1:
        return "utf-32-be"
    even, odd = _zero_share(sample, 0, 2), _zero_share(sample, 1, 2)
    if odd > 0.4 and even < 0.05:
        return "utf-16-le"
    if even > 0.4 and odd < 0.05:
        return "utf-16-be"
    return None


def _decode_wide(data: bytes, encoding: str) -> str:
    """``data`` decoded, a trailing partial character of UTF-16/32 dropped."""
    width = 4 if "32" in encoding else 2 if "16" in encoding else 1
    return data[: len(data) - len(data) % width].decode(encoding, errors="replace")


def _detect_8bit(data: bytes) -> str:
    """Decode bytes that are not UTF-8 with a detected 8-bit encoding (else cp1252)."""
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=_CANDIDATE_ENCODINGS).best()
    if best is not None and best.encoding and best.encoding not in ("latin_1", "iso8859_15"):
        return str(best)
    # Word/Windows text: cp1252 is a superset of Latin-1's printable range.
    return data.decode("cp1252", errors="replace")


def decode_text(data: bytes) -> str | None:
    """Decode text bytes: BOMs, UTF-8, BOM-less UTF-16/32, else a detected 8-bit encoding.

    A few stray NUL bytes (at most 1 %) are dropped; returns ``None`` for binary content.
    """
    for mark, encoding in _BOMS:
        if data.startswith(mark):
            return data.decode(encoding, errors="replace")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if b"\x00" in data[:4096]:
        wide = _wide_encoding(data)
        if wide is not None:
            return _decode_wide(data, wide)
        if data.count(b"\x00") > 0.01 * len(data):
            return None  # binary
        data = data.replace(b"\x00", b"")  # a few stray NUL bytes in a text file
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return _detect_8bit(data)


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _declared_encoding(data: bytes) -> str | None:
    """The 8-bit or UTF-8 charset an HTML page declares, if the bytes agree with it."""
    match = _DECLARED.search(data[:4096])
    if match is None:
        return None
    label = (match.group(1) or match.group(2)).decode("ascii").lower()
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None  # an unknown or damaged name: as if none were given
    if name.startswith(("utf-16", "utf-32", "utf-7")):
        return None  # the bytes are not wide (that was checked first): the claim is wrong
    if name in ("latin-1", "iso8859-1", "ascii"):
        name = "cp1252"  # what browsers read these labels as
    if name != "utf-8" and not data.isascii() and _is_utf8(data):
        return "utf-8"  # multibyte UTF-8 is no accident: the page was re-saved as UTF-8
    try:
        data.decode(name)
    except UnicodeDecodeError:
        return None  # the bytes are not in the declared charset: detect it instead
    return name


def _first_decoding(data: bytes, html: bool) -> str | None:
    if html and not data.startswith((b"\xff\xfe", b"\xfe\xff", b"\xef\xbb\xbf", b"\x00")):
        declared = _declared_encoding(data) if _wide_encoding(data) is None else None
        if declared is not None:
            return data.decode(declared, errors="replace")
    return decode_text(data)


def implausible(text: str) -> str | None:
    """Why ``text`` looks wrongly decoded (a short phrase), or ``None`` if it does not.

    Looks at the start of the text for: NUL characters; non-ASCII characters nearly
    all made of two printable ASCII bytes (ASCII read as UTF-16: "Skills" becomes
    "歓汩獬"), or ending in a zero byte (UTF-16 read with the wrong byte order);
    characters of no script (C1 controls, surrogates, private use, replacement
    characters).
    """
    sample = text[:_SAMPLE]
    size = len(sample)
    if sample.count("\x00") > 0.01 * size:
        return "holds NUL characters"
    if sample.isascii():
        return None
    wide = len(_NON_ASCII.findall(sample))
    if wide >= _MIN_WIDE and (
        len(_ASCII_PAIR.findall(sample)) > 0.6 * wide or len(_SWAPPED.findall(sample)) > 0.5 * wide
    ):
        return "mixes scripts as text read two bytes at a time does"
    if len(_NO_SCRIPT.findall(sample)) > 0.05 * size:
        return "holds many characters of no script"
    return None


def decode_checked(data: bytes, name: str, *, html: bool = False) -> str | None:
    """Decode ``data`` (``html``: honouring a declared charset the bytes agree with),
    and check the result; ``None`` for binary content.

    Raises :class:`~cvmatch.errors.UnknownEncoding` when neither the first decoding
    nor any alternative gives plausible text.
    """
    text = _first_decoding(data, html)
    if text is None:
        return None
    reason = implausible(text)
    if reason is None:
        return text
    for encoding in _ALTERNATIVES:
        candidate = _decode_wide(data, encoding)
        if implausible(candidate) is None:
            return candidate
    raise UnknownEncoding(
        f"{name}: the text's encoding cannot be told from its bytes (read as text, it "
        f"{reason}); save the file as UTF-8 and try again",
        source=name,
    )
