"""DOCX to text: body paragraphs and tables in document order, text boxes, headers.

The archive is checked before python-docx sees it: it must be a ZIP with
``word/document.xml``, must not expand beyond the configured limits (zip bombs), its
XML parts together must stay within ``ReadLimits.max_xml_bytes`` (python-docx parses
them into trees 10-20 times their size: a flat 100 MB ``document.xml``, compressed
only 60-fold, passes the zip-bomb checks but takes 2 GB), and no XML part may carry a
DOCTYPE or ENTITY declaration (billion laughs, external entities; looked for a chunk
at a time). python-docx itself parses with entity resolution off and no network.
"""

from __future__ import annotations

import io
import zipfile
from typing import IO, TYPE_CHECKING

from cvmatch.errors import (
    CorruptDocument,
    CvmatchError,
    DocumentTooLarge,
    EncryptedDocument,
    UnsafeDocument,
    WrongFileType,
    describe,
)
from cvmatch.reading.docxhidden import VisibleRuns
from cvmatch.reading.limits import DEFAULT_LIMITS

if TYPE_CHECKING:
    from cvmatch.reading.hidden import HiddenText
    from cvmatch.reading.limits import Deadline

__all__ = ["read_docx"]

_ENCODINGS = ("ascii", "utf-16-le", "utf-16-be")
_OVERLAP = 32  # longer than any declaration word, in any of _ENCODINGS


def _is_xml(member: zipfile.ZipInfo) -> bool:
    return member.filename.lower().endswith((".xml", ".rels"))


#: A member larger than this whose compression ratio exceeds MAX_RATIO is a zip bomb.
BOMB_MEMBER_BYTES = 5 * 1024 * 1024
MAX_RATIO = 100

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"


def _unsafe(name: str, what: str) -> UnsafeDocument:
    return UnsafeDocument(
        f"{name}: DOCX {what}; refusing to open it. Re-save it from Word or export it as PDF",
        source=name,
    )


#: The declarations refused in any XML part, as they appear in UTF-8 and UTF-16 parts
#: (bytes lowered: ``bytes.lower`` changes ASCII letters only).
_DECLARATIONS = tuple(
    word.encode(encoding) for word in ("<!doctype", "<!entity") for encoding in _ENCODINGS
)
#: Bytes of a part read at a time when looking for declarations.
_CHUNK = 1 << 20


def _declares_entities(stream: IO[bytes]) -> bool:
    """Whether an XML part holds a DOCTYPE or ENTITY declaration, read a chunk at a time."""
    tail = b""
    while chunk := stream.read(_CHUNK):
        window = tail + chunk.lower()
        if any(word in window for word in _DECLARATIONS):
            return True
        tail = window[-_OVERLAP:]
    return False


#: OLE2 compound files: Word 97-2003 ``.doc``, and password-protected Office files.
_CFB_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")


def _not_a_zip(data: bytes, name: str) -> CvmatchError:
    if data.startswith(_CFB_MAGIC):
        if "EncryptedPackage".encode("utf-16-le") in data[: 1 << 20]:
            return EncryptedDocument(
                f"{name}: Word document is password protected; remove the password in Word "
                "(File > Info > Protect Document) or supply an unlocked copy",
                source=name,
            )
        return WrongFileType(
            f"{name}: named .docx but is an old Word 97-2003 (.doc) or other OLE file; open it "
            "in Word and save it as .docx or PDF",
            source=name,
        )
    return WrongFileType(
        f"{name}: named .docx but is not a DOCX (ZIP) file; save it as .docx from Word "
        "or fix the extension",
        source=name,
    )


def _open_archive(data: bytes, name: str) -> tuple[zipfile.ZipFile, list[zipfile.ZipInfo]]:
    """The ZIP archive of a DOCX and its members; damage is a ``CorruptDocument``."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        return archive, archive.infolist()
    except Exception as exc:  # BadZipFile, NotImplementedError (zip version), ValueError...
        raise CorruptDocument(
            f"{name}: DOCX is damaged and cannot be read ({describe(exc)}); re-save it from Word",
            source=name,
        ) from exc


def _check_sizes(
    members: list[zipfile.ZipInfo], name: str, max_unzipped_bytes: int, max_xml_bytes: int
) -> None:
    """Refuse an archive that expands too far, in total or in one member (zip bombs), or
    whose XML parts (which are parsed into trees, 10-20 times their size in memory)
    hold more than ``max_xml_bytes``."""
    total = sum(member.file_size for member in members)
    if total > max_unzipped_bytes:
        raise _unsafe(
            name,
            f"expands to {total:,} bytes, above ReadLimits.max_unzipped_bytes "
            f"({max_unzipped_bytes:,}; a zip bomb?)",
        )
    for member in members:
        ratio = member.file_size / max(member.compress_size, 1)
        if member.file_size > BOMB_MEMBER_BYTES and ratio > MAX_RATIO:
            raise _unsafe(
                name,
                f"member {member.filename} expands {ratio:.0f}x to "
                f"{member.file_size:,} bytes (a zip bomb?)",
            )
    xml = sum(member.file_size for member in members if _is_xml(member))
    if xml > max_xml_bytes:
        raise DocumentTooLarge(
            f"{name}: DOCX holds {xml:,} bytes of XML, more than the limit of "
            f"{max_xml_bytes:,} (ReadLimits.max_xml_bytes); a resume needs far less. "
            "Re-save it from Word or export it as PDF",
            source=name,
        )


def _check_xml_parts(
    archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], name: str, deadline: Deadline
) -> None:
    """Refuse an XML part that declares a DOCTYPE or ENTITY (entity expansion tricks)."""
    for member in members:
        if not _is_xml(member):
            continue
        deadline.check()
        try:
            with archive.open(member) as stream:
                declares = _declares_entities(stream)
        except Exception as exc:
            raise CorruptDocument(
                f"{name}: DOCX part {member.filename} is damaged ({describe(exc)}); re-save "
                "it from Word",
                source=name,
            ) from exc
        if declares:
            raise _unsafe(
                name, f"part {member.filename} declares a DOCTYPE/ENTITY (XML entity tricks)"
            )


def check_docx(
    data: bytes,
    name: str,
    max_unzipped_bytes: int,
    deadline: Deadline,
    max_xml_bytes: int = DEFAULT_LIMITS.max_xml_bytes,
) -> None:
    """Refuse anything that is not a safe DOCX archive (see the module docstring)."""
    if data.startswith(_CFB_MAGIC) or not data.startswith(b"PK"):
        raise _not_a_zip(data, name)
    archive, members = _open_archive(data, name)
    with archive:
        if "word/document.xml" not in {member.filename for member in members}:
            raise WrongFileType(
                f"{name}: a ZIP file but not a Word document (no word/document.xml); "
                "save it as .docx from Word or fix the extension",
                source=name,
            )
        _check_sizes(members, name, max_unzipped_bytes, max_xml_bytes)
        _check_xml_parts(archive, members, name, deadline)


def _paragraph_lines(p, runs: VisibleRuns) -> list[str]:  # type: ignore[no-untyped-def]
    text = runs.text(p)
    lines = []
    if text.strip():
        numbered = p.find(f"{_W}pPr/{_W}numPr") is not None
        lines.append(("- " + text.strip()) if numbered else text)
    # text boxes anchored in the paragraph (skip the VML fallback copy of each)
    for box in p.iter(f"{_W}txbxContent"):
        if any(a.tag == _MC_FALLBACK for a in box.iterancestors()):
            continue
        for inner in box.iter(f"{_W}p"):
            inner_text = runs.text(inner)
            if inner_text.strip():
                lines.append(inner_text)
    return lines


def _table_lines(table, runs: VisibleRuns, deadline: Deadline) -> list[str]:  # type: ignore[no-untyped-def]
    """One line per table row, its cells joined with " | "."""
    deadline.check()
    lines: list[str] = []
    for row in table.iterchildren(f"{_W}tr"):  # nested tables come with their cell
        cells: list[str] = []
        for cell in row.iterchildren(f"{_W}tc"):
            text = " ".join(
                line.strip() for line in _block_lines(cell, runs, deadline) if line.strip()
            )
            if text and (not cells or cells[-1] != text):
                cells.append(text)
        if cells:
            lines.append(" | ".join(cells))
    return lines


def _block_lines(element, runs: VisibleRuns, deadline: Deadline) -> list[str]:  # type: ignore[no-untyped-def]
    lines: list[str] = []
    for number, child in enumerate(element.iterchildren()):
        if number % 256 == 255:  # a body of a million paragraphs stops at the time limit
            deadline.check()
        if child.tag == f"{_W}p":
            lines.extend(_paragraph_lines(child, runs))
        elif child.tag == f"{_W}tbl":
            lines.extend(_table_lines(child, runs, deadline))
        elif child.tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                lines.extend(_block_lines(content, runs, deadline))
    return lines


def read_docx(
    data: bytes,
    name: str,
    *,
    max_unzipped_bytes: int,
    deadline: Deadline,
    max_xml_bytes: int = DEFAULT_LIMITS.max_xml_bytes,
    hidden: HiddenText | None = None,
) -> str:
    """Text of a DOCX: headers first, then body paragraphs and tables in order; text
    nobody can see is left out and counted in ``hidden``."""
    check_docx(data, name, max_unzipped_bytes, deadline, max_xml_bytes)
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        runs = VisibleRuns(document, hidden)
        lines: list[str] = []
        seen: set[str] = set()
        for section in document.sections:
            for header in (section.first_page_header, section.header):
                if header.is_linked_to_previous and header is not section.header:
                    continue
                for line in _block_lines(header._element, runs, deadline):
                    if line.strip() and line not in seen:
                        seen.add(line)
                        lines.append(line)
        lines.extend(_block_lines(document.element.body, runs, deadline))
    except CvmatchError:
        raise
    except RecursionError as exc:
        raise _unsafe(name, "nests tables or content controls too deeply") from exc
    except Exception as exc:
        if "Excessive depth" in str(exc):  # lxml refuses XML nested over 256 levels
            raise _unsafe(name, "nests its XML elements too deeply (over 256 levels)") from exc
        raise CorruptDocument(
            f"{name}: DOCX is damaged and cannot be read ({describe(exc)}); re-save it from Word",
            source=name,
        ) from exc
    return "\n".join(lines)
