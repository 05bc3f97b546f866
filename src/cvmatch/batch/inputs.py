"""Expand command-line style inputs (files, folders, globs) into one entry per input path.

Every path given, and every file found in a folder, becomes exactly one
:class:`InputPath`, in a stable order, so that it gets exactly one row: a path given
twice gets two. What cannot be a document is found here from ``lstat``/``stat`` alone,
before anything is opened, and carries the error its row will have: an unsupported type
(``UnsupportedFormat``, saying what to convert it to), a FIFO, device or socket
(``NotARegularFile``: opening a FIFO blocks, ``/dev/zero`` never ends), a link inside a
folder that points out of it (``LinkOutsideFolder``, unless ``follow_links``).

Inside a folder, hidden entries (names starting with a dot) and operating-system
metadata (``Thumbs.db``, ``desktop.ini``, ``__MACOSX/``, Office ``~$`` lock files) are
skipped and counted (:attr:`InputScan.skipped`), never failed; so are links to folders
unless ``follow_links``. A path given directly is the user's choice: a hidden file or a
link named on the command line is read (the link is followed wherever it points).
"""

from __future__ import annotations

import collections
import glob
import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from cvmatch.batch.names import printable_name
from cvmatch.errors import (
    CvmatchError,
    DocumentNotFound,
    LinkOutsideFolder,
    NotARegularFile,
    ReadError,
    UnreadableDocument,
)
from cvmatch.models import Document, ErrorInfo
from cvmatch.reading import SUPPORTED_SUFFIXES
from cvmatch.reading.sources import MAX_PATH_CHARS, to_document

__all__ = ["InputPath", "InputScan", "expand_paths", "expand_sources", "is_skipped_name"]

_GLOB_CHARS = set("*?[")
#: Operating-system metadata that is never a document (compared case-insensitively).
_SYSTEM_NAMES = {
    "thumbs.db",
    "ehthumbs.db",
    "desktop.ini",
    "__macosx",
    "$recycle.bin",
    "system volume information",
    "icon\r",
}
#: What to convert each unsupported type to, by the kind of file it is.
_CONVERT = {
    "a word-processor file": (
        (".doc", ".rtf", ".odt", ".wpd", ".wps", ".pages", ".docm", ".dot", ".dotx", ".fodt"),
        "open it in a word processor and save it as .docx or PDF",
    ),
    "an image": (
        (".jpg", ".jpeg", ".png", ".gif", ".tif", ".tiff", ".bmp", ".heic", ".webp"),
        "run OCR on it and save the text as PDF or .txt",
    ),
    "a spreadsheet": (
        (".xls", ".xlsx", ".xlsm", ".ods", ".csv", ".tsv", ".numbers"),
        "export the resume itself as PDF, .docx or .txt",
    ),
    "a presentation": ((".ppt", ".pptx", ".odp", ".key"), "export it as PDF"),
    "an archive": (
        (".zip", ".rar", ".7z", ".tar", ".gz", ".tgz", ".bz2", ".xz"),
        "unpack it and pass the folder",
    ),
    "an e-mail": ((".eml", ".msg"), "save the attached resume and pass that file"),
}
_KIND_OF = {suffix: kind for kind, (suffixes, _) in _CONVERT.items() for suffix in suffixes}
_SPECIAL = (
    (stat.S_ISFIFO, "a FIFO (named pipe)"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
    (stat.S_ISSOCK, "a socket"),
)


@dataclass(frozen=True)
class InputPath:
    """One input path of a batch: ``path`` as the OS takes it (undecodable bytes of a name
    are surrogate escapes, see :func:`os.fsdecode`), and ``refusal``, the error of its
    row when it is refused before reading."""

    path: str
    refusal: ErrorInfo | None = None

    def __fspath__(self) -> str:
        return self.path

    def __str__(self) -> str:
        return printable_name(self.path)


def is_skipped_name(name: str) -> bool:
    """Whether a name inside a folder is hidden or operating-system metadata."""
    return name.startswith((".", "~$")) or name.lower() in _SYSTEM_NAMES


def _refused(path: str, error: ReadError) -> InputPath:
    return InputPath(path, ErrorInfo.from_exception(error))


def _unsupported(path: str) -> InputPath | None:
    """The refusal of a file whose type cvmatch does not read (``None`` when it does)."""
    suffix = Path(path).suffix
    if not suffix or suffix.lower() in SUPPORTED_SUFFIXES:
        return None  # no suffix: the reader tells the format from the content
    from cvmatch.errors import UnsupportedFormat

    name = printable_name(path)
    if suffix.strip().lower() in SUPPORTED_SUFFIXES:
        advice = (
            f"the name ends with blank space after {suffix.strip()!r}; rename the file so "
            f"that it ends in {suffix.strip()!r}"
        )
    elif suffix.lower() in _KIND_OF:
        kind = _KIND_OF[suffix.lower()]
        advice = f"it is {kind}: {_CONVERT[kind][1]}"
    else:
        advice = "save it as PDF, .docx, .html or .txt"
    readable = ", ".join(sorted(SUPPORTED_SUFFIXES))
    message = (
        f"{name}: cvmatch does not read {printable_name(suffix)!r} files; {advice} "
        f"(cvmatch reads {readable})"
    )
    return _refused(path, UnsupportedFormat(message, source=name))


def _special(path: str, mode: int, what: str = "") -> InputPath:
    name = printable_name(path)
    kind = next((label for test, label in _SPECIAL if test(mode)), "not a regular file")
    message = (
        f"{name}: {what}{kind}, not a regular file, so it was not opened; save the document "
        "to an ordinary file and pass that"
    )
    return _refused(path, NotARegularFile(message, source=name))


def _file_entry(path: str, mode: int) -> InputPath:
    """The entry of a path that is not a folder, from its (followed) ``stat`` mode."""
    if not stat.S_ISREG(mode):
        return _special(path, mode)
    return _unsupported(path) or InputPath(path)


def _within(path: str, root: str) -> bool:
    try:
        return os.path.commonpath([path, root]) == root
    except ValueError:  # different drives
        return False


class InputScan:
    """The entries of ``inputs`` (paths, folders, globs), as an iterable that can be walked
    again; after a walk, :attr:`skipped` counts what it skipped in folders (by reason),
    and :attr:`roots` holds the real paths of the folders it searched.

    ``follow_links`` follows links inside folders wherever they point, into folders too
    (each folder once, so a loop ends); by default a link is followed only to a file inside
    the folder given, and links to folders are skipped.
    """

    def __init__(
        self, inputs: Iterable[str | os.PathLike[str]], *, follow_links: bool = False
    ) -> None:
        self.inputs = [os.fsdecode(os.fspath(item)) for item in inputs]
        self.follow_links = follow_links
        self.skipped: collections.Counter[str] = collections.Counter()
        self.skipped_names: list[str] = []
        self.roots: set[str] = set()

    def __iter__(self) -> Iterator[InputPath]:
        self.skipped.clear()
        self.skipped_names.clear()
        for text in self.inputs:
            yield from self._expand(text)

    def _skip(self, reason: str, path: str) -> None:
        self.skipped[reason] += 1
        if len(self.skipped_names) < 5:
            self.skipped_names.append(printable_name(os.path.basename(path)))

    def _expand(self, text: str) -> Iterator[InputPath]:
        try:
            info = os.stat(text)  # a path given is followed: the user named it
        except FileNotFoundError:
            if os.path.islink(text):
                name = printable_name(text)
                message = f"{name}: a link to a file that does not exist; check the link"
                yield _refused(text, DocumentNotFound(message, source=name))
            elif _GLOB_CHARS & set(text):
                yield from self._glob(text)
            else:
                yield InputPath(text)  # the reader says "no such file"
            return
        except OSError:
            yield InputPath(text)  # the reader reports why it cannot be opened
            return
        if stat.S_ISDIR(info.st_mode):
            root = os.path.realpath(text)
            self.roots.add(root)
            yield from sorted(self._walk(text, root, {(info.st_dev, info.st_ino)}), key=_order)
        else:
            yield _file_entry(text, info.st_mode)

    def _glob(self, pattern: str) -> Iterator[InputPath]:
        """A glob's files, sorted; links out of the folder the pattern starts in are refused."""
        base = pattern
        while _GLOB_CHARS & set(base):
            base = os.path.dirname(base)
        root = os.path.realpath(base or ".")
        found = sorted(glob.glob(pattern, recursive=True))
        entries = [e for p in found if (e := self._glob_entry(p, root)) is not None]
        yield from entries or [InputPath(pattern)]

    def _glob_entry(self, path: str, root: str) -> InputPath | None:
        if os.path.isdir(path):
            return None  # a glob names files; "**" finds those in folders
        if os.path.islink(path):
            return next(self._link(path, root, set()), None)
        try:
            return _file_entry(path, os.stat(path).st_mode)
        except OSError:
            return InputPath(path)

    def _walk(self, folder: str, root: str, seen: set[tuple[int, int]]) -> Iterator[InputPath]:
        """Every entry under ``folder`` (unsorted), skipping what :func:`is_skipped_name` says."""
        try:
            with os.scandir(folder) as listing:
                children = list(listing)
        except OSError as exc:
            name = printable_name(folder)
            message = f"{name}: could not open the folder ({exc.strerror}); check its permissions"
            yield _refused(folder, UnreadableDocument(message, source=name))
            return
        for child in children:
            if is_skipped_name(child.name):
                self._skip("hidden or system file(s)", child.path)
            elif child.is_symlink():
                yield from self._link(child.path, root, seen)
            elif child.is_dir(follow_symlinks=False):
                yield from self._subfolder(child.path, root, seen)
            else:
                yield _file_entry(child.path, child.stat(follow_symlinks=False).st_mode)

    def _subfolder(self, path: str, root: str, seen: set[tuple[int, int]]) -> Iterator[InputPath]:
        try:
            info = os.stat(path)
        except OSError:
            info = None
        key = (info.st_dev, info.st_ino) if info else None
        if key in seen:  # a bind mount or a followed link back up: searched already
            self._skip("folder(s) searched already", path)
            return
        if key:
            seen.add(key)
        yield from self._walk(path, root, seen)

    def _link(self, path: str, root: str, seen: set[tuple[int, int]]) -> Iterator[InputPath]:
        """A link inside a folder: followed to a file within ``root`` (anywhere with
        ``follow_links``); a link to a folder is searched only with ``follow_links``."""
        name = printable_name(path)
        try:
            info = os.stat(path)
        except OSError:
            message = f"{name}: a link to a file that does not exist; check the link"
            yield _refused(path, DocumentNotFound(message, source=name))
            return
        if stat.S_ISDIR(info.st_mode):
            if self.follow_links:
                self.roots.add(os.path.realpath(path))
                yield from self._subfolder(path, root, seen)
            else:
                self._skip("link(s) to folders, not followed (see --follow-links)", path)
        elif not self.follow_links and not _within(os.path.realpath(path), root):
            message = (
                f"{name}: a link to a file outside the folder given, so it was not followed; "
                "copy the file into the folder, or pass --follow-links (follow_links=True)"
            )
            yield _refused(path, LinkOutsideFolder(message, source=name))
        elif not stat.S_ISREG(info.st_mode):
            yield _special(path, info.st_mode, "a link to ")
        else:
            yield _unsupported(path) or InputPath(path)


def _order(entry: InputPath) -> str:
    return entry.path


def expand_paths(inputs: Iterable[str | os.PathLike[str]]) -> Iterator[str]:
    """Yield one path per input path, in a stable order: files as given (twice if given
    twice), folders recursively (sorted, hidden and system files skipped), globs sorted.

    A path that does not exist or cannot be a document is yielded too, so that it gets
    its own failed row downstream (see :class:`InputScan` for why each is refused)."""
    for entry in InputScan(inputs):
        yield entry.path


def expand_sources(
    items: Iterable[str | os.PathLike[str] | Document | InputPath],
    *,
    follow_links: bool = False,
) -> Iterator[InputPath | Document]:
    """The entries of a batch's inputs, in order: each path as :class:`InputScan` expands
    it; a :class:`~cvmatch.models.Document` and an :class:`InputPath` pass through.

    A ``str`` that :func:`~cvmatch.reading.sources.is_path_string` cannot take as a path
    because it has a line break (or is longer than any path) is a document's text, read
    here (a failed read is its row's refusal). Any other ``str`` names a file, folder or
    glob, since a folder has no extension: a mistyped one gets a "no such file" row."""
    for item in items:
        if isinstance(item, (Document, InputPath)):
            yield item
        elif isinstance(item, str) and _is_text(item):
            yield _text_entry(item)
        else:
            yield from InputScan([item], follow_links=follow_links)


def _is_text(value: str) -> bool:
    """Whether a batch input ``str`` is text: a line break, or longer than any path."""
    return "\n" in value or "\r" in value or len(value) > MAX_PATH_CHARS


def _text_entry(text: str) -> Document | InputPath:
    """A text input as a :class:`Document`, or a refused entry saying why it is none."""
    try:
        return to_document(text)
    except CvmatchError as exc:
        return InputPath("<text>", ErrorInfo.from_exception(exc))
