"""Bytes of a text file to ``str``: byte-order marks, UTF-8, UTF-16, 8-bit encodings."""

from __future__ import annotations

__all__ = ["decode_text"]

#: The 8-bit encodings charset-normalizer may choose between (resume and posting files).
_CANDIDATE_ENCODINGS = ["cp1252", "latin_1", "iso8859_15", "cp1250", "utf_8", "mac_roman", "cp850"]


def _utf16_without_bom(data: bytes) -> str | None:
    """Decode UTF-16 recognised by its zero bytes on one side, or ``None``."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        encoding = "utf-16-le"
    elif even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        encoding = "utf-16-be"
    else:
        return None
    return data[: len(data) - len(data) % 2].decode(encoding, errors="replace")


def _detect_8bit(data: bytes) -> str:
    """Decode bytes that are not UTF-8 with a detected 8-bit encoding (else cp1252)."""
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=_CANDIDATE_ENCODINGS).best()
    if best is not None and best.encoding and best.encoding not in ("latin_1", "iso8859_15"):
        return str(best)
    # Word/Windows text: cp1252 is a superset of Latin-1's printable range.
    return data.decode("cp1252", errors="replace")


def decode_text(data: bytes) -> str | None:
    """Decode text bytes: BOMs, UTF-8, BOM-less UTF-16, else a detected 8-bit encoding.

    A few stray NUL bytes (at most 1 %) are dropped; returns ``None`` for binary content.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if b"\x00" in data[:4096]:
        text = _utf16_without_bom(data)
        if text is not None:
            return text
        if data.count(b"\x00") > 0.01 * len(data):
            return None  # binary
        data = data.replace(b"\x00", b"")  # a few stray NUL bytes in a text file
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return _detect_8bit(data)
