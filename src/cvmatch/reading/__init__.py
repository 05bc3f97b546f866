"""Reading: bytes or paths to a normalised :class:`~cvmatch.models.Document`, within limits.

One module per job: ``sources`` (inputs to bytes), ``formats`` (which reader), ``pdf``,
``docx``, ``html`` and ``decode`` (bytes to text per format), ``normalize`` (the text
``Document.text`` holds), ``limits`` (size, pages, time), ``document`` (the entry
points) and ``privacy`` (blind mode).
"""

from cvmatch.reading.document import read_document, read_text
from cvmatch.reading.formats import SUPPORTED_SUFFIXES
from cvmatch.reading.limits import DEFAULT_LIMITS, Deadline, ReadLimits, time_limit
from cvmatch.reading.normalize import normalize_text
from cvmatch.reading.sources import DocumentInput

__all__ = [
    "DEFAULT_LIMITS",
    "SUPPORTED_SUFFIXES",
    "Deadline",
    "DocumentInput",
    "ReadLimits",
    "normalize_text",
    "read_document",
    "read_text",
    "time_limit",
]
