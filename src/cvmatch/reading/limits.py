"""Limits on reading one document: size, pages, characters and time.

A time limit works by two mechanisms:

* Every reader calls :meth:`Deadline.check` between units of work (pages, paragraphs,
  blocks), so a slow document stops at the next unit, in any thread. This is all a
  library call does by default: it never touches the caller's signal handlers.
* Only when asked (``alarm=True``, ``ReadLimits.alarm``) and on the main thread of a
  process, :func:`time_limit` also arms ``SIGALRM`` via ``setitimer``, which interrupts
  long pure-Python work inside a single unit (e.g. pdfminer's layout analysis of one
  pathological page). That is for a process the caller owns (a script, a worker of a
  process pool), never a notebook or a threaded web server. A C call that never
  returns cannot be interrupted from inside the process; batch code that must survive
  those runs documents in worker processes.
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

from cvmatch.errors import DocumentTimeout

__all__ = ["DEFAULT_LIMITS", "Deadline", "ReadLimits", "time_limit"]


@dataclass(frozen=True)
class ReadLimits:
    """Limits that protect a batch from one pathological file.

    Attributes
    ----------
    max_bytes
        Largest file accepted.
    max_pages
        Most PDF pages accepted.
    max_chars
        Most characters of text kept after reading. The default is spaCy's own limit
        (``Language.max_length``, 1,000,000): a longer text would fail in extraction.
    timeout_seconds
        Time allowed to read and analyse one document (``None``: no limit). Checked
        between pages/blocks, in any thread.
    max_unzipped_bytes
        Most bytes a DOCX may expand to (zip bombs).
    max_xml_bytes
        Most bytes of XML a DOCX may hold in the parts that are parsed into a tree (an
        XML tree takes 10-20 times its text in memory; a resume's parts hold well under
        1 MB).
    max_memory_bytes
        Address space a worker process may add, beyond what it holds when it starts,
        while it reads and analyses one document (``None``: no limit). Batches read
        every document that is not plain text in such a worker
        (:mod:`cvmatch.batch.worker`); a document that needs more becomes a
        ``DocumentTooLarge`` row and the worker is replaced.
    alarm
        Also interrupt long work inside one page with ``SIGALRM`` (main thread only).
        Only for a process you own, such as a script or a worker process: it installs
        a signal handler for the duration of the read.
    """

    max_bytes: int = 20 * 1024 * 1024
    max_pages: int = 50
    max_chars: int = 1_000_000
    timeout_seconds: float | None = 30.0
    max_unzipped_bytes: int = 100 * 1024 * 1024
    alarm: bool = False
    max_xml_bytes: int = 16 * 1024 * 1024
    max_memory_bytes: int | None = 2 * 1024 * 1024 * 1024


#: The limits :func:`~cvmatch.reading.read_document` uses unless told otherwise.
DEFAULT_LIMITS = ReadLimits()


class Deadline:
    """A point in time after which reading one document must stop."""

    __slots__ = ("_end", "name", "seconds")

    def __init__(self, seconds: float | None, name: str) -> None:
        self.seconds = seconds
        self.name = name
        self._end = None if seconds is None else time.monotonic() + seconds

    def expired(self) -> bool:
        """Whether the time is up."""
        return self._end is not None and time.monotonic() >= self._end

    def error(self) -> DocumentTimeout:
        """The error to raise when the time is up."""
        return DocumentTimeout(
            f"{self.name}: reading and analysing took longer than {self.seconds:g} s and "
            "was stopped; check the file, or allow more time (--timeout, "
            "ReadLimits.timeout_seconds)",
            source=self.name,
        )

    def check(self) -> None:
        """Raise :class:`~cvmatch.errors.DocumentTimeout` if the time is up."""
        if self._end is not None and time.monotonic() >= self._end:
            raise self.error()


def _can_use_alarm() -> bool:
    """Whether a ``SIGALRM`` timer may be armed here without disturbing anyone."""
    if not hasattr(signal, "setitimer"):
        return False
    if threading.current_thread() is not threading.main_thread():
        return False
    # Leave alone a timer someone else armed (pytest-timeout, the application...).
    return signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0) and signal.getsignal(
        signal.SIGALRM
    ) in (signal.SIG_DFL, signal.SIG_IGN, None)


@contextlib.contextmanager
def time_limit(seconds: float | None, name: str, *, alarm: bool = False) -> Iterator[Deadline]:
    """Run the block under a time limit of ``seconds`` (``None``: no limit).

    The block gets a :class:`Deadline` to check between units of work. With
    ``alarm=True``, on a process's main thread and when no other timer is armed, a
    ``SIGALRM`` timer also interrupts the block; the previous handler is restored after.
    """
    deadline = Deadline(seconds, name)
    if not alarm or seconds is None or seconds <= 0 or not _can_use_alarm():
        yield deadline
        return

    def _on_alarm(signum: int, frame: object) -> None:
        raise deadline.error()

    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield deadline
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
