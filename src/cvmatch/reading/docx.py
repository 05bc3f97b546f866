"""DOCX to text: body paragraphs and tables in document order, text boxes, headers.

The archive is checked before python-docx sees it: it must be a ZIP with
``word/document.xml``, must not expand beyond the configured limits (zip bombs), and
no XML part may carry a DOCTYPE or ENTITY declaration (billion laughs, external
entities). python-docx itself parses with entity resolution off and no network.
"""

from __future__ import annotations

import io
import zipfile
from typing import TYPE_CHECKING

from cvmatch.errors import (
    CorruptDocument,
    CvmatchError,
    EncryptedDocument,
    UnsafeDocument,
    WrongFileType,
    describe,
)

if TYPE_CHECKING:
    from cvmatch.reading.limits import Deadline

__all__ = ["read_docx"]

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


def _xml_text(raw: bytes) -> str:
    """Decode an XML part enough to look for declarations (UTF-8 or UTF-16)."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in raw[:200]:
        for encoding in ("utf-16", "utf-16-le", "utf-16-be"):
            try:
                return raw.decode(encoding)
            except UnicodeDecodeError:
                continue
    return raw.decode("utf-8", errors="replace")


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


def _check_sizes(members: list[zipfile.ZipInfo], name: str, max_unzipped_bytes: int) -> None:
    """Refuse an archive that expands too far, in total or in one member (zip bombs)."""
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


def _check_xml_parts(
    archive: zipfile.ZipFile, members: list[zipfile.ZipInfo], name: str, deadline: Deadline
) -> None:
    """Refuse an XML part that declares a DOCTYPE or ENTITY (entity expansion tricks)."""
    for member in members:
        if not member.filename.endswith((".xml", ".rels")):
            continue
        deadline.check()
        try:
            raw = archive.read(member)
        except Exception as exc:
            raise CorruptDocument(
                f"{name}: DOCX part {member.filename} is damaged ({describe(exc)}); re-save "
                "it from Word",
                source=name,
            ) from exc
        head = _xml_text(raw).lower()
        if "<!doctype" in head or "<!entity" in head:
            raise _unsafe(
                name, f"part {member.filename} declares a DOCTYPE/ENTITY (XML entity tricks)"
            )


def check_docx(data: bytes, name: str, max_unzipped_bytes: int, deadline: Deadline) -> None:
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
        _check_sizes(members, name, max_unzipped_bytes)
        _check_xml_parts(archive, members, name, deadline)


def _paragraph_lines(p, paragraph_cls, parent) -> list[str]:  # type: ignore[no-untyped-def]
    paragraph = paragraph_cls(p, parent)
    text = paragraph.text
    lines = []
    if text.strip():
        numbered = p.find(f"{_W}pPr/{_W}numPr") is not None
        lines.append(("- " + text.strip()) if numbered else text)
    # text boxes anchored in the paragraph (skip the VML fallback copy of each)
    for box in p.iter(f"{_W}txbxContent"):
        if any(a.tag == _MC_FALLBACK for a in box.iterancestors()):
            continue
        for inner in box.iter(f"{_W}p"):
            inner_text = paragraph_cls(inner, parent).text
            if inner_text.strip():
                lines.append(inner_text)
    return lines


def _block_lines(element, parent, deadline: Deadline) -> list[str]:  # type: ignore[no-untyped-def]
    from docx.text.paragraph import Paragraph

    lines: list[str] = []
    for child in element.iterchildren():
        if child.tag == f"{_W}p":
            lines.extend(_paragraph_lines(child, Paragraph, parent))
        elif child.tag == f"{_W}tbl":
            deadline.check()
            for row in child.iterchildren(f"{_W}tr"):  # nested tables come with their cell
                cells = []
                for cell in row.iterchildren(f"{_W}tc"):
                    text = " ".join(
                        line.strip()
                        for line in _block_lines(cell, parent, deadline)
                        if line.strip()
                    )
                    if text and (not cells or cells[-1] != text):
                        cells.append(text)
                if cells:
                    lines.append(" | ".join(cells))
        elif child.tag == f"{_W}sdt":
            content = child.find(f"{_W}sdtContent")
            if content is not None:
                lines.extend(_block_lines(content, parent, deadline))
    return lines


def read_docx(data: bytes, name: str, *, max_unzipped_bytes: int, deadline: Deadline) -> str:
    """Text of a DOCX: headers first, then body paragraphs and tables in order."""
    check_docx(data, name, max_unzipped_bytes, deadline)
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        lines: list[str] = []
        seen: set[str] = set()
        for section in document.sections:
            for header in (section.first_page_header, section.header):
                if header.is_linked_to_previous and header is not section.header:
                    continue
                for line in _block_lines(header._element, header, deadline):
                    if line.strip() and line not in seen:
                        seen.add(line)
                        lines.append(line)
        lines.extend(_block_lines(document.element.body, document, deadline))
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
