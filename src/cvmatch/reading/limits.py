"""A per-document time limit that works on the main thread and in worker threads.

Two mechanisms work together:

* Every reader calls :meth:`Deadline.check` between units of work (pages, paragraphs,
  blocks), so a slow document stops at the next unit in any thread.
* On the main thread of a process (a plain script, or each worker of a process pool),
  :func:`time_limit` also arms ``SIGALRM`` via ``setitimer``, which interrupts long
  pure-Python work inside a single unit (e.g. pdfminer's layout analysis of one
  pathological page). A C call that never returns cannot be interrupted from inside the
  process; batch code that must survive those runs documents in worker processes.
"""

from __future__ import annotations

import contextlib
import signal
import threading
import time
from collections.abc import Iterator

from cvmatch.errors import DocumentTimeout

__all__ = ["Deadline", "time_limit"]


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
    if not hasattr(signal, "setitimer"):
        return False
    if threading.current_thread() is not threading.main_thread():
        return False
    # Leave alone a timer someone else armed (pytest-timeout, the application...).
    return signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0) and signal.getsignal(
        signal.SIGALRM
    ) in (signal.SIG_DFL, signal.SIG_IGN, None)


@contextlib.contextmanager
def time_limit(seconds: float | None, name: str) -> Iterator[Deadline]:
    """Run the block under a time limit of ``seconds`` (``None``: no limit)."""
    deadline = Deadline(seconds, name)
    if seconds is None or seconds <= 0 or not _can_use_alarm():
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
