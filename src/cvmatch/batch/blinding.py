"""Blind mode's pseudonymous sources: a keyed hash of each path, and a map back to it.

Under ``blind`` every row's ``source`` becomes ``cand-`` and 16 hex digits of the
HMAC-SHA256 of the file's resolved path under a secret key, so the same file keeps its
id across runs with the same key, while nobody without the key can tell which file an id
is. The key lives in a key file (created with a fresh random key, mode 0600, when
missing); the ids and paths of a run go to a separate map file (CSV ``id,source``, mode
0600, appended) that the recruiter opens only after deciding. Error messages and
warnings lose every form of the path too: the failed row of ``alex-rivera.pdf`` must not
say "alex-rivera.pdf: not a PDF".
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import os
import re
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, TypeVar, Union

from cvmatch.errors import InvalidInput, OutputError
from cvmatch.models import ErrorInfo

__all__ = ["BlindKey", "Blinding", "blinded", "load_key", "pseudonym"]

#: Every pseudonymous id starts so, and holds this many hex digits (64 bits).
ID_PREFIX = "cand-"
ID_DIGITS = 16
#: A new key: 32 random bytes, written as 64 hex digits.
KEY_BYTES = 32
MAP_HEADER = ("id", "source")
#: What a key argument may be: a key file's path, or the key's bytes.
BlindKey = Union[str, "os.PathLike[str]", bytes, None]
_WORD = re.compile(r"[^\W\d_]{2,}")
Row = TypeVar("Row")


def _write_private(path: Path, text: str) -> None:
    """Create ``path`` (never overwrite it) readable by its owner only, with ``text``."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as out:
        out.write(text)
        out.flush()
        os.fsync(out.fileno())


def load_key(path: str | os.PathLike[str], *, create: bool = True) -> bytes:
    """The key in the key file ``path``; with ``create``, a missing file is made with a
    fresh random key (mode 0600, its folder created too)."""
    file = Path(path)
    try:
        text = file.read_text(encoding="ascii").strip()
    except FileNotFoundError:
        if not create:
            raise InvalidInput(f"{file}: no such blind key file; give an existing one") from None
        file.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_bytes(KEY_BYTES)
        try:
            _write_private(file, key.hex() + "\n")
        except FileExistsError:  # made by a run started at the same moment: use that one
            return load_key(file, create=False)
        except OSError as exc:
            raise OutputError(f"{file}: cannot create the blind key file ({exc})") from exc
        return key
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"{file}: cannot read the blind key file ({exc})") from exc
    try:
        key = bytes.fromhex(text)
    except ValueError:
        key = b""
    if len(key) < 16:
        raise InvalidInput(
            f"{file}: not a cvmatch blind key (hex digits of 16 bytes or more); give the key "
            "file of your earlier runs, or a path where a new one should be made"
        )
    return key


def _resolved(source: str) -> str:
    """The path an id is a hash of: the resolved path of a file that exists, else the
    name as given (a document that is no file, or a path that no longer exists)."""
    try:
        return os.path.realpath(source) if os.path.exists(source) else source
    except (OSError, ValueError):
        return source


def pseudonym(source: str, key: bytes) -> str:
    """The stable pseudonymous id of ``source`` (a path) under ``key``."""
    data = _resolved(source).encode("utf-8", "surrogateescape")
    digest = hmac.new(key, data, hashlib.sha256).hexdigest()
    return ID_PREFIX + digest[:ID_DIGITS]


def _path_forms(source: str) -> list[str]:
    """Every way a message may name ``source``: as given, absolute, resolved, its file
    name and its stem; longest first, so that the longer form is replaced whole."""
    forms = {source, os.path.abspath(source), _resolved(source)}
    name = os.path.basename(source.rstrip("/\\"))
    forms.update({name, os.path.splitext(name)[0]})
    return sorted((form for form in forms if len(form) >= 2), key=len, reverse=True)


def scrub(text: str, source: str, replacement: str) -> str:
    """``text`` without any form of the path ``source`` (each becomes ``replacement``)
    nor any word of its file or folder name (each becomes ``…``)."""
    for form in _path_forms(source):
        text = text.replace(form, replacement)
    parent = os.path.basename(os.path.dirname(os.path.abspath(source)))
    name = os.path.basename(source)
    words = set(_WORD.findall(name)) | set(_WORD.findall(parent))
    if words:
        alternatives = "|".join(sorted(map(re.escape, words), key=len, reverse=True))
        pattern = re.compile(rf"(?<![^\W_])(?:{alternatives})(?![^\W_])", re.IGNORECASE)
        kept = replacement
        text = pattern.sub("…", text.replace(kept, "\0")).replace("\0", kept)
    return text


class Blinding:
    """Gives each row its pseudonymous id, scrubs the path from its messages, and keeps
    the map of ids to paths (in :attr:`mapping`, and appended to ``map_path``).

    ``key`` is a key file's path (created when missing) or the key's bytes; ``None``
    draws a key for this run only (ids then change from run to run).
    """

    def __init__(self, key: BlindKey = None, map_path: str | os.PathLike[str] | None = None):
        if isinstance(key, bytes):
            self.key = key
        elif key is None:
            self.key = secrets.token_bytes(KEY_BYTES)
        else:
            self.key = load_key(key)
        self.mapping: dict[str, str] = {}
        self.map_path = Path(map_path) if map_path is not None else None
        self._out: IO[str] | None = None
        self._writer: Any = None
        if self.map_path is not None:
            self._open_map(self.map_path)

    def _open_map(self, path: Path) -> None:
        """Open the map file for appending; the ids it holds already are not repeated."""
        try:
            if path.exists():
                with path.open(encoding="utf-8", newline="") as existing:
                    rows = csv.reader(existing)
                    known = {row[0]: row[1] for row in rows if len(row) == 2}
                known.pop(MAP_HEADER[0], None)
                self.mapping.update(known)
            else:
                _write_private(path, ",".join(MAP_HEADER) + "\r\n")
            self._out = path.open("a", encoding="utf-8", newline="", errors="surrogateescape")
        except OSError as exc:
            raise OutputError(
                f"{path}: cannot write the blind map ({exc.strerror or exc}); choose another "
                "--blind-map / blind_map"
            ) from exc
        self._writer = csv.writer(self._out)
        self._seen = set(self.mapping)

    def id_for(self, source: str) -> str:
        """The id of ``source``, remembered (and written to the map file) the first time."""
        ident = pseudonym(source, self.key)
        if ident not in self.mapping:
            self.mapping[ident] = source
        if self._writer is not None and ident not in self._seen:
            self._seen.add(ident)
            self._writer.writerow((ident, source))
            self._out.flush()  # type: ignore[union-attr]
        return ident

    def apply(self, row: Row) -> Row:
        """``row`` (any result model) with its id for ``source`` and no path in its texts."""
        source: str = row.source  # type: ignore[attr-defined]
        ident = self.id_for(source)
        update: dict[str, Any] = {"source": ident, "source_bytes": None}
        error = getattr(row, "error", None)
        if error is not None:
            update["error"] = ErrorInfo(
                type=error.type, message=scrub(error.message, source, ident)
            )
        warnings = getattr(row, "warnings", None)
        if warnings:
            update["warnings"] = [scrub(text, source, ident) for text in warnings]
        return row.model_copy(update=update)  # type: ignore[attr-defined]

    def close(self) -> None:
        """Flush the map file to disk and close it."""
        if self._out is not None:
            self._out.flush()
            os.fsync(self._out.fileno())
            self._out.close()
            self._out = None
            self._writer = None


def blinded(
    rows: Iterator[Row],
    blind: bool,
    key: BlindKey | Blinding = None,
    map_path: str | os.PathLike[str] | None = None,
) -> Iterator[Row]:
    """``rows`` as they are, or, with ``blind``, each with its pseudonymous source. The key
    and the map file are opened now, so a bad one fails before the first row."""
    if not blind:
        if key is not None or map_path is not None:
            raise InvalidInput("blind_key and blind_map need blind=True")
        return rows
    if isinstance(key, Blinding):  # the caller's: it closes it
        return _blinded_rows(rows, key, owned=False)
    return _blinded_rows(rows, Blinding(key, map_path), owned=True)


def _blinded_rows(rows: Iterator[Row], blinding: Blinding, *, owned: bool) -> Iterator[Row]:
    try:
        for row in rows:
            yield blinding.apply(row)
    finally:
        if owned:
            blinding.close()
        close = getattr(rows, "close", None)
        if close is not None:
            close()
