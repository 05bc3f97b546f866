"""A progress bar for :func:`~cvmatch.analytics.analyze_postings`, in a terminal or a notebook.

In a terminal it is a ``rich`` progress bar (``rich`` is a dependency of cvmatch). In a
Jupyter kernel it is an HTML ``<progress>`` element updated in place through an
IPython display handle, which needs no ``ipywidgets`` (rich's and tqdm's notebook bars
both do, and without it print nothing or a warning). ``progress=None`` (the default)
shows the bar only in a notebook or when standard error is a terminal, so scripts,
pipes, CI and tests stay quiet; ``progress=False`` never shows it.
"""

from __future__ import annotations

import html
import sys
import time
from typing import Any, Protocol

__all__ = ["Progress", "make_progress"]

#: Seconds between two redraws of the notebook bar (each redraw is a message to the browser).
_NOTEBOOK_EVERY = 0.25


class Progress(Protocol):
    """What the analysis calls: ``n`` postings done, and the end."""

    def advance(self, n: int = 1) -> None: ...

    def close(self) -> None: ...


class _Silent:
    """No bar."""

    def advance(self, n: int = 1) -> None:
        """Nothing to show."""

    def close(self) -> None:
        """Nothing to close."""


class _TerminalBar:
    """A rich progress bar on standard error: in a terminal it disappears when done; written
    to a file or a pipe (``progress=True``), it leaves one line with the final count."""

    def __init__(self, total: int | None, description: str) -> None:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
        )

        console = Console(stderr=True)
        self._bar = Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=console.is_terminal,  # a log file or a pipe keeps the final count
        )
        self._task = self._bar.add_task(description, total=total)
        self._bar.start()

    def advance(self, n: int = 1) -> None:
        """``n`` more postings done."""
        self._bar.advance(self._task, n)

    def close(self) -> None:
        """Stop drawing."""
        self._bar.stop()


class _NotebookBar:
    """An HTML ``<progress>`` element in the cell's output, redrawn a few times a second."""

    def __init__(self, total: int | None, description: str) -> None:
        from IPython.display import HTML, display

        self._html = HTML
        self._total = total
        self._description = html.escape(description)
        self._done = 0
        self._drawn = 0.0
        self._handle = display(self._render(), display_id=True)

    def _render(self) -> Any:
        if self._total:
            bar = f"<progress value='{self._done}' max='{self._total}'></progress>"
            count = f"{self._done} / {self._total}"
        else:
            bar, count = "<progress></progress>", str(self._done)
        return self._html(f"<div>{self._description} {bar} {count} postings</div>")

    def advance(self, n: int = 1) -> None:
        """``n`` more postings done; redraw if the last redraw is old enough."""
        self._done += n
        now = time.monotonic()
        if now - self._drawn >= _NOTEBOOK_EVERY:
            self._drawn = now
            self._handle.update(self._render())

    def close(self) -> None:
        """Draw the final count."""
        self._handle.update(self._render())


def in_notebook() -> bool:
    """Whether this runs in a Jupyter kernel (IPython's ZMQ shell), without importing IPython."""
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None else None  # type: ignore[attr-defined]
    return shell is not None and getattr(shell, "kernel", None) is not None


def make_progress(progress: bool | None, total: int | None, description: str) -> Progress:
    """The bar to use: ``progress`` True or False forces it; ``None`` shows it only in a
    notebook or on a terminal."""
    notebook = in_notebook()
    if progress is None:
        progress = notebook or sys.stderr.isatty()
    if not progress:
        return _Silent()
    return _NotebookBar(total, description) if notebook else _TerminalBar(total, description)
