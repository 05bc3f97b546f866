"""What the ``cvmatch`` command does around a batch, so that nothing is lost or leaked.

- The inputs are walked (``stat`` only) before anything is read or written: an output
  (``-o``, ``--report``) that is one of the inputs or inside an input folder is refused,
  and so are paths that hold no documents at all (exit 2).
- An output file is written under a temporary name beside it and renamed at the end
  (also after Ctrl-C or a termination signal, with every row written complete), so a
  full disk never leaves a truncated file under the output's name; an output that could
  not be written is an :class:`~cvmatch.errors.OutputError`, exit status 3.
- ``SIGINT``, ``SIGTERM`` and ``SIGHUP`` stop the batch like Ctrl-C, never in the middle
  of a row; the workers are stopped and the exit status is 130.
- What reaches a terminal has its control characters removed (ANSI escapes in a file
  name or a document cannot drive the terminal).
"""

from __future__ import annotations

import contextlib
import functools
import os
import re
import signal
import sys
import tempfile
from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import IO, Any

import click

from cvmatch.batch.inputs import InputScan
from cvmatch.batch.names import printable_name
from cvmatch.batch.worker import memory_bytes
from cvmatch.errors import InvalidInput, OutputError

__all__ = [
    "EXIT_OUTPUT",
    "MAX_MEMORY",
    "SIGNALS",
    "Batch",
    "batch_settings",
    "guarded",
    "isatty",
    "open_output",
    "output_path",
    "printable",
    "remove_stale_parts",
    "scan_inputs",
    "shown",
]

#: Exit status when an output could not be written (a full disk, a closed pipe).
EXIT_OUTPUT = 3
#: Escape sequences (CSI, OSC, two-byte), other C0/C1 controls but tab and line feed,
#: and the bidirectional overrides that make a terminal show text reversed.
_CONTROL = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?|\x1b[@-_]?"
    r"|[\x00-\x08\x0b-\x1a\x1c-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]"
)


def printable(text: str) -> str:
    """``text`` safe for a terminal: escape sequences and control characters removed (tab
    and line feed kept), undecodable bytes of a file name written as ``\\xNN``."""
    return _CONTROL.sub("", printable_name(text))


def shown(name: str) -> str:
    """A file name for one line of a table: :func:`printable`, line breaks as ``\\n``."""
    return printable(name.replace("\n", "\\n").replace("\t", "\\t"))


def isatty(stream: Any) -> bool:
    """Whether ``stream`` is a terminal (``False`` for anything that cannot say)."""
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


# --- signals ---------------------------------------------------------------------------------
class _Signals:
    """``SIGINT``/``SIGTERM``/``SIGHUP`` raise ``KeyboardInterrupt`` in the main thread, but
    inside :meth:`writing` the stop waits until the block (one row) is done."""

    NAMES = ("SIGINT", "SIGTERM", "SIGHUP")

    def __init__(self) -> None:
        self.depth = 0
        self.pending = False
        self.received: str | None = None

    def _handle(self, number: int, frame: object) -> None:
        self.received = signal.Signals(number).name
        if self.depth:
            self.pending = True
        else:
            raise KeyboardInterrupt(self.received)

    @contextlib.contextmanager
    def installed(self) -> Iterator[None]:
        """Handle the stop signals while the block runs (main thread only)."""
        self.depth, self.pending, self.received = 0, False, None
        previous: dict[int, Any] = {}
        with contextlib.suppress(ValueError):  # not the main thread: leave them be
            for name in self.NAMES:
                if hasattr(signal, name):
                    number = getattr(signal, name)
                    previous[number] = signal.signal(number, self._handle)
        try:
            yield
        finally:
            for number, handler in previous.items():
                signal.signal(number, handler)

    @contextlib.contextmanager
    def writing(self) -> Iterator[None]:
        """A block that a stop signal does not cut: it takes effect when the block ends."""
        self.depth += 1
        try:
            yield
        finally:
            self.depth -= 1
        if self.pending and not self.depth:
            self.pending = False
            raise KeyboardInterrupt(self.received)


SIGNALS = _Signals()


def guarded(command: Callable[..., Any]) -> Callable[..., Any]:
    """Run a command with the stop signals handled; an output that could not be written
    exits with :data:`EXIT_OUTPUT`, a stop outside the batch loop with 130."""

    @functools.wraps(command)
    def run(*args: Any, **kwargs: Any) -> Any:
        with SIGNALS.installed():
            try:
                return command(*args, **kwargs)
            except OutputError as exc:
                _quiet_stdout()
                click.echo(f"cvmatch: {printable(str(exc))}", err=True)
                sys.exit(EXIT_OUTPUT)
            except KeyboardInterrupt:
                how = f" by {SIGNALS.received}" if SIGNALS.received else ""
                click.echo(
                    f"cvmatch: stopped{how}; every row written is complete, "
                    "and the output files hold what was done",
                    err=True,
                )
                sys.exit(130)

    return run


def _quiet_stdout() -> None:
    """After standard output failed, point it at the null device so that the exit does
    not fail (and print a traceback) flushing it again."""
    with contextlib.suppress(Exception):  # not a real file (a test runner's): nothing to do
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


# --- inputs ----------------------------------------------------------------------------------
def _within(path: str, root: str) -> bool:
    try:
        return os.path.commonpath([path, root]) == root
    except ValueError:
        return False


def _check_output(option: str, path: str, scan: InputScan, others: Sequence[str]) -> None:
    real = os.path.realpath(path)
    for root in sorted(scan.roots):
        if _within(real, root):
            raise click.UsageError(
                f"{option} {printable(path)} is inside the input folder {printable(root)}: it "
                "would be read back as a candidate; write it outside the folders given"
            )
    for given in [*scan.inputs, *others]:
        if os.path.realpath(given) == real:
            raise click.UsageError(
                f"{option} {printable(path)} is one of the inputs: writing it would destroy "
                "it; choose another output file"
            )


def scan_inputs(
    paths: Sequence[str],
    *,
    follow_links: bool,
    outputs: Mapping[str, str | None],
    others: Sequence[str | None] = (),
) -> tuple[InputScan, int]:
    """The inputs and how many there are, checked before anything is read or written.

    Raises ``click.UsageError`` (exit 2) when an output is one of the inputs (``others``:
    the posting, the taxonomy) or inside an input folder, when two outputs are one
    file, or when the paths hold no documents at all."""
    scan = InputScan(paths, follow_links=follow_links)
    count = 0
    named = {os.path.basename(p) for p in outputs.values() if p and p != "-"}
    matches: list[str] = []
    for entry in scan:
        count += 1
        if os.path.basename(entry.path) in named:
            matches.append(entry.path)
    given = [p for p in outputs.items() if p[1] and p[1] != "-"]
    if len({os.path.realpath(p) for _, p in given}) < len(given):
        raise click.UsageError(f"two of {', '.join(o for o, _ in given)} name the same file")
    for option, path in given:
        _check_output(option, path, scan, [*(o for o in others if o), *matches])  # type: ignore[list-item]
    if not count:
        skipped = f" ({skipped_text(scan)})" if scan.skipped else ""
        raise click.UsageError(
            f"no documents in {', '.join(printable(p) for p in paths)}{skipped}; "
            "give the files or folders that hold the resumes"
        )
    return scan, count


def skipped_text(scan: InputScan) -> str:
    """What a walk of ``scan`` skipped, e.g. ``skipped 2 hidden or system file(s) ...``."""
    counts = " and ".join(f"{n} {reason}" for reason, n in scan.skipped.items())
    examples = ", ".join(printable(name) for name in scan.skipped_names)
    return f"skipped {counts} inside the folders given ({examples})"


# --- outputs ---------------------------------------------------------------------------------
class _Stream:
    """A text stream whose write failures are :class:`OutputError`, that never fails on a
    character its encoding lacks (written escaped), and that removes control
    characters when it is a terminal."""

    def __init__(self, file: IO[str], label: str | None, *, terminal: bool) -> None:
        self.file = file
        self.label = label  # None: standard output
        self.terminal = terminal

    def _failed(self, exc: OSError) -> OutputError:
        reason = exc.strerror or str(exc)
        if self.label is None:
            return OutputError(
                f"could not write to standard output ({reason}); the rows before are "
                "complete, the rest were not written: free some space or use -o"
            )
        return OutputError(
            f"could not write {self.label} ({reason}); nothing incomplete was left under "
            "its name: free some space or choose another output (-o)"
        )

    def write(self, text: str) -> int:
        if self.terminal:
            text = printable(text)
        try:
            try:
                return self.file.write(text)
            except UnicodeEncodeError:
                encoding = getattr(self.file, "encoding", None) or "utf-8"
                return self.file.write(
                    text.encode(encoding, "backslashreplace").decode(encoding, "replace")
                )
        except OSError as exc:
            raise self._failed(exc) from exc

    def flush(self) -> None:
        try:
            self.file.flush()
        except OSError as exc:
            raise self._failed(exc) from exc


def _commit(temp: str, path: str) -> None:
    """Make ``temp`` durable and move it to ``path`` (keeping ``path``'s mode if it exists)."""
    try:
        mode = os.stat(path).st_mode & 0o7777
    except OSError:
        mode = 0o666 & ~_umask()
    try:
        fd = os.open(temp, os.O_RDONLY)
        try:
            os.fsync(fd)  # a full disk shows here, if the writes did not say it
        finally:
            os.close(fd)
        os.chmod(temp, mode)
        os.replace(temp, path)
    except OSError as exc:
        raise OutputError(
            f"could not write {printable(path)} ({exc.strerror or exc}); nothing incomplete "
            "was left under its name: free some space or choose another output"
        ) from exc


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _alive(pid: int) -> bool:
    """Whether a process ``pid`` exists (one of another user's counts too)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # PermissionError: it exists
        pass
    return True


def remove_stale_parts(folder: str, name: str) -> list[str]:
    """Remove the temporary files ``.NAME.PID.XXXX.part`` of output ``name`` whose process is
    gone (``kill -9``, a power cut); returns their names. Others are left alone."""
    removed = []
    with contextlib.suppress(OSError), os.scandir(folder or ".") as entries:
        for entry in entries:
            if not entry.name.endswith(".part"):
                continue
            head, _, pid = entry.name[:-5].rpartition(".")[0].rpartition(".")
            if head != f".{name}" or not pid.isdigit() or int(pid) == os.getpid():
                continue
            if _alive(int(pid)) or not entry.is_file(follow_symlinks=False):
                continue
            with contextlib.suppress(OSError):
                os.remove(entry.path)
                removed.append(entry.name)
    return removed


@contextlib.contextmanager
def output_path(path: str) -> Iterator[str]:
    """A temporary name beside ``path`` to write to, moved to ``path`` when the block ends
    normally or by a stop (``KeyboardInterrupt``), removed when it fails. A ``path`` that
    is not a regular file (``/dev/null``, a FIFO) is written in place. The temporary name
    holds this process's id, so that a later run removes it (:func:`remove_stale_parts`)."""
    if os.path.exists(path) and not os.path.isfile(path):
        yield path
        return
    folder, name = os.path.split(os.path.abspath(path))
    remove_stale_parts(folder, name)
    try:
        prefix = f".{name}.{os.getpid()}."
        fd, temp = tempfile.mkstemp(prefix=prefix, suffix=".part", dir=folder)
        os.close(fd)
    except OSError as exc:
        raise OutputError(f"could not create {printable(path)} ({exc.strerror or exc})") from exc
    try:
        yield temp
        _commit(temp, path)
    except KeyboardInterrupt:
        _commit(temp, path)
        raise
    finally:
        with contextlib.suppress(OSError):
            os.remove(temp)  # gone already once committed


@contextlib.contextmanager
def open_output(path: str | None, *, sanitize: bool = False) -> Iterator[IO[str]]:
    """The stream results go to: standard output, or ``path`` through :func:`output_path`.
    ``sanitize`` removes control characters whatever the stream (formats for people)."""
    if path is None or path == "-":
        stream = _Stream(sys.stdout, None, terminal=sanitize or isatty(sys.stdout))
        yield stream  # type: ignore[misc]
        stream.flush()
        return
    with output_path(path) as temp:
        label = printable(path)
        try:
            handle = open(temp, "w", encoding="utf-8", newline="")  # noqa: SIM115
        except OSError as exc:
            raise _Stream(sys.stdout, label, terminal=False)._failed(exc) from exc
        stream = _Stream(handle, label, terminal=sanitize)
        try:
            yield stream  # type: ignore[misc]
        finally:
            try:
                handle.close()
            except OSError as exc:
                raise stream._failed(exc) from exc


# --- running a batch: progress, stops, summary -----------------------------------------------
def _write(sink: Callable[[Any], None], result: Any) -> None:
    """Give ``result`` to ``sink``; a write that fails (a full disk) is an OutputError."""
    try:
        sink(result)
    except OutputError:
        raise
    except OSError as exc:
        raise OutputError(
            f"could not write the results ({exc.strerror or exc}); nothing incomplete was "
            "left under the output's name: free some space or choose another output (-o)"
        ) from exc


class Batch:
    """Feeds results to a sink with a progress bar; stops cleanly on Ctrl-C or a signal."""

    def __init__(self, scan: InputScan, count: int, *, quiet: bool, to_terminal: bool) -> None:
        self.scan = scan
        self.count = count
        self.quiet = quiet
        self.done = 0
        self.failed = 0
        self.interrupted = False
        self.show_progress = (
            not quiet
            and isatty(sys.stderr)
            and not to_terminal
            and not os.environ.get("CVMATCH_NO_PROGRESS")
        )

    def run(self, results: Iterator[Any], sink: Callable[[Any], None], label: str) -> None:
        """Give every result to ``sink`` (a stop never cuts one row)."""
        progress = self._progress() if self.show_progress else None
        try:
            with progress or contextlib.nullcontext():
                task = progress.add_task(label, total=self.count) if progress else None
                for result in results:
                    with SIGNALS.writing():
                        _write(sink, result)
                    self.done += 1
                    self.failed += not result.ok
                    if progress is not None:
                        progress.advance(task)  # type: ignore[arg-type]
        except KeyboardInterrupt:
            self.interrupted = True
        finally:
            close = getattr(results, "close", None)
            if close is not None:
                close()

    @staticmethod
    def _progress() -> Any:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        return Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            redirect_stdout=False,
        )

    def finish(self, *, where: str = "the output") -> None:
        """Say how it went on stderr and exit 0, 1 or 130."""
        if self.scan.skipped and not self.quiet:
            click.echo(f"cvmatch: {skipped_text(self.scan)}", err=True)
        if self.interrupted:
            how = f" by {SIGNALS.received}" if SIGNALS.received else ""
            click.echo(
                f"cvmatch: interrupted{how} after {self.done} document(s); "
                f"{printable(where)}: every row written is complete, the rest were not read",
                err=True,
            )
            sys.exit(130)
        if self.failed and not self.quiet:
            click.echo(
                f"cvmatch: {self.failed} of {self.done} document(s) could not be read; "
                "their rows say why",
                err=True,
            )
        sys.exit(1 if self.failed else 0)


# --- options ---------------------------------------------------------------------------------
def _memory(ctx: click.Context, param: click.Parameter, value: Any) -> int | None:
    """``--max-memory`` as bytes (``None``: no limit); a size that is not one is exit 2."""
    try:
        return memory_bytes(value)
    except InvalidInput as exc:
        raise click.BadParameter(str(exc)) from exc


#: ``--max-memory`` of every batch command; its value is the command's ``memory`` argument.
MEMORY_HELP = (
    "Memory one document may take in its worker process (e.g. 2G, 512M; none: no limit, "
    "and with -j 1 everything is read in this process); more is a DocumentTooLarge row."
)
MAX_MEMORY = click.option(
    "--max-memory", "memory", default="2G", show_default=True, callback=_memory, help=MEMORY_HELP
)


def batch_settings(memory: int | None) -> dict[str, Any]:
    """What every command gives its batch: ``SIGALRM`` on (it owns its process), a memory cap."""
    return {"alarm": True, "max_memory": memory}
