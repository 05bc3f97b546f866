"""Reading: bytes or paths to a normalised :class:`~cvmatch.models.Document`, within limits."""

from cvmatch.reading.document import (
    DEFAULT_LIMITS,
    SUPPORTED_SUFFIXES,
    ReadLimits,
    normalize_text,
    read_document,
    read_text,
)

__all__ = [
    "DEFAULT_LIMITS",
    "SUPPORTED_SUFFIXES",
    "ReadLimits",
    "normalize_text",
    "read_document",
    "read_text",
]
