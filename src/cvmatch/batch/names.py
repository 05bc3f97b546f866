"""File names that every output can print: undecodable bytes as ``\\xff``, raw bytes in base64.

On POSIX a file name is bytes; Python gives a name that is not valid UTF-8 as a ``str``
with surrogate escapes (``os.fsdecode``), which opens the file but cannot be encoded
for a terminal, a JSON file or a CSV. :func:`printable_name` writes each such byte as
``\\xNN``, so every output shows the same name; :func:`raw_name` keeps the true bytes
(base64, the ``source_bytes`` field of a result) so a script can still find the file.
"""

from __future__ import annotations

import base64
import os
import re

__all__ = ["has_surrogates", "printable_name", "raw_name"]

_SURROGATE = re.compile("[\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code - 0xDC00:02x}" if 0xDC80 <= code <= 0xDCFF else f"\\u{code:04x}"


def has_surrogates(text: str) -> bool:
    """Whether ``text`` holds a lone surrogate (an undecodable byte of a file name)."""
    return not text.isascii() and _SURROGATE.search(text) is not None


def printable_name(text: str) -> str:
    """``text`` with each undecodable byte written as ``\\xNN`` (other lone surrogates as
    ``\\uNNNN``); a valid name is returned unchanged."""
    return _SURROGATE.sub(_escape, text) if has_surrogates(text) else text


def raw_name(path: str) -> str | None:
    """The base64 of ``path``'s bytes when they are not valid UTF-8, else ``None``."""
    if not has_surrogates(path):
        return None
    try:
        raw = os.fsencode(path)
    except UnicodeEncodeError:  # a surrogate that no byte decodes to
        raw = path.encode("utf-8", "surrogatepass")
    return base64.b64encode(raw).decode("ascii")
