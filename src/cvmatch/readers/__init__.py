"""Format readers: bytes of one format in, raw text out.

Each reader takes ``(data, name, limits, deadline)`` and returns the raw text and the
page count (``None`` where pages mean nothing). Readers raise only
:class:`~cvmatch.errors.UnreadableDocument` subclasses whose message names the file
and says what to do. Normalisation and structure happen afterwards, in
:mod:`cvmatch.documents` and :mod:`cvmatch.sections`.
"""

from __future__ import annotations

from cvmatch.readers.deadline import Deadline, time_limit

__all__ = ["Deadline", "time_limit"]
