"""A worker process's life and death: its signals, and the row of a file it died on.

A worker ignores Ctrl-C (the parent stops the batch), takes the default action on
``SIGTERM``/``SIGHUP`` (it is stopped, not asked), and on Linux dies with its parent
(``PR_SET_PDEATHSIG``), so a CLI killed by any signal leaves no worker behind, even
one busy on a huge file. When a worker dies on a file, :func:`death_error` says whether
the file is to blame (the reader crashed: a segfault, an abort, an exit code) or not
(the worker was killed from outside, e.g. ``kill -9`` or the out-of-memory killer:
``WorkerDied``, the file was not judged). Whether a crash was the memory cap's doing is
:func:`cvmatch.batch.worker.memory_breach`'s to tell; this module words the other deaths.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys

from cvmatch.models import ErrorInfo

__all__ = ["crashed", "death_error", "worker_signals"]

_PR_SET_PDEATHSIG = 1
#: Signals a process sends itself when the code in it fails: the reader is to blame.
_CRASHES = {
    getattr(signal, name)
    for name in ("SIGSEGV", "SIGBUS", "SIGILL", "SIGFPE", "SIGABRT", "SIGSYS", "SIGTRAP")
    if hasattr(signal, name)
}


def worker_signals() -> None:
    """Set up a worker's signals; call first thing in the worker process."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    for name in ("SIGTERM", "SIGHUP"):  # the parent's handlers are not inherited
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    if sys.platform.startswith("linux"):
        parent = os.getppid()
        with contextlib.suppress(OSError, AttributeError):
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
        if os.getppid() != parent:  # the parent died before the request took effect
            os._exit(1)


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def crashed(exitcode: int | None) -> bool:
    """Whether a worker that ended with ``exitcode`` failed by itself (a crash signal such
    as ``SIGABRT`` or ``SIGSEGV``, or a non-zero exit code), not stopped from outside."""
    if exitcode is None or exitcode == 0:
        return False
    return exitcode > 0 or -exitcode in _CRASHES


def death_error(name: str, exitcode: int | None, held: str | None = None) -> ErrorInfo:
    """The error of the file ``name`` that a worker was on when it died with ``exitcode``
    (negative: the signal that killed it). ``held`` says how much of its memory limit it
    was using (e.g. ``"120 MB of its 2.0 GB limit"``): an abort far below the limit is
    the reader failing on the file, not the file's size."""
    if exitcode is not None and exitcode < 0 and -exitcode not in _CRASHES:
        return ErrorInfo(
            type="WorkerDied",
            message=(
                f"{name}: the worker reading this file was stopped from outside "
                f"({_signal_name(-exitcode)}) before it finished, so the file was not judged; "
                "run it again (if this file stops it again, the system may be running out "
                "of memory on it)"
            ),
        )
    signalled = exitcode is not None and exitcode < 0
    how = f"signal {_signal_name(-exitcode)}" if signalled else f"exit code {exitcode}"  # type: ignore[operator]
    what = "aborted" if signalled and -exitcode == signal.SIGABRT else "crashed"  # type: ignore[operator]
    memory = f" with {held} in use, so not for lack of memory" if held else ""
    return ErrorInfo(
        type="UnreadableDocument",
        message=(
            f"{name}: the reader {what} on this file (worker {how}){memory}; check the "
            "file or convert it to another format"
        ),
    )
