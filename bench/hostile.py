"""Hostile and broken inputs, built from valid ones, the same bytes for the same seed.

Used by ``bench/fuzz.py`` (any number of inputs through the batch path) and by
``tests/test_reliability.py`` (a sample of them in the test suite)::

    from hostile import generate, write_cases
    paths = write_cases(generate(1000, seed=0), folder)

:func:`generate` first yields a fixed *catalogue* of named hostile constructs (each
once: empty files, encrypted and image-only PDFs, zip bombs, billion-laughs XML in a
DOCX, deeply nested PDF objects / HTML / DOCX tables, enormous lines, NUL bytes, mixed
encodings, wrong extensions, ...), then random *mutations* of valid seed documents
(truncation, bit flips, chunk deletion/duplication, splices, extreme numbers in PDF
objects, damaged XML inside a re-zipped DOCX, re-encoded text...) until ``n`` inputs
exist. The valid seeds are built here (fpdf2 PDFs, python-docx DOCX, text, Markdown
and HTML resumes), so nothing outside the repository is needed; ``seed_dir`` adds real
documents (read only, never modified) as further seeds.

Every case has a ``category`` (``"pdf.encrypted"``, ``"docx.bitflip"``...) so a
report can say which kinds of input led to which errors.
"""

from __future__ import annotations

import functools
import io
import os
import random
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

__all__ = ["Case", "catalogue", "generate", "seeds", "write_cases"]

#: Fixed timestamps so that the same seed always gives the same bytes.
_EPOCH = datetime(2024, 1, 1, tzinfo=timezone.utc)
_ZIP_TIME = (2024, 1, 1, 0, 0, 0)
#: Documents larger than the reader's ``max_bytes`` are written as sparse files.
OVERSIZE_BYTES = 21 * 1024 * 1024


@dataclass(frozen=True)
class Case:
    """One input: a file name, what kind of input it is, and its bytes."""

    name: str
    category: str
    data: bytes = b""
    #: Written as a sparse file of this size instead of ``data`` (too large to hold).
    sparse_size: int | None = None
    #: File mode to set after writing (e.g. ``0o000``: unreadable).
    mode: int | None = None

    def write(self, folder: Path) -> Path:
        path = folder / self.name
        if self.sparse_size is not None:
            with open(path, "wb") as handle:
                handle.write(self.data)
                handle.truncate(self.sparse_size)
        else:
            path.write_bytes(self.data)
        if self.mode is not None:
            os.chmod(path, self.mode)
        return path


# --- valid seeds -------------------------------------------------------------------------
_FIRST = ["Jamie", "Priya", "Alex", "Morgan", "Jordan", "Sam", "Taylor", "Chris", "Dana", "Lee"]
_LAST = ["Doe", "Shah", "Rivera", "Lee", "Kim", "Okafor", "Nguyen", "Novak", "Garcia", "Brown"]
_TITLES = [
    "Customer Service Representative",
    "Call Center Agent",
    "Account Manager",
    "Customer Experience Specialist",
    "Customer Service Manager",
    "Support Specialist",
]
_COMPANIES = ["Acme Retail", "Bright Telecom", "Northwind Bank", "Globex", "Initech", "Umbrella"]
_SKILLS = [
    "Zendesk",
    "Salesforce",
    "Microsoft Office",
    "bilingual English/Spanish",
    "typing 60 wpm",
    "conflict resolution",
    "active listening",
    "CRM software",
    "data entry",
    "problem solving",
    "de-escalation",
    "upselling",
    "Excel",
    "coaching",
]
_BULLETS = [
    "Answered 80 inbound calls a day about orders and billing",
    "Resolved billing complaints and processed refunds accurately",
    "Trained 5 new hires on the ticketing system",
    "Handled high call volume in a busy contact center",
    "Escalated technical issues to tier 2 support",
    "Managed a portfolio of 40 key accounts and renewals",
    "Improved customer satisfaction scores by 12 percent",
    "Led a team of 8 agents and ran weekly coaching sessions",
    "Kept accurate records of customer interactions in Salesforce",
]
_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def _resume_parts(rng: random.Random) -> dict:
    name = f"{rng.choice(_FIRST)} {rng.choice(_LAST)}"
    jobs = []
    year = 2024
    for _ in range(rng.randint(1, 3)):
        start = year - rng.randint(1, 4)
        jobs.append(
            {
                "title": rng.choice(_TITLES),
                "company": rng.choice(_COMPANIES),
                "dates": f"{rng.choice(_MONTHS)} {start} - "
                + ("Present" if year == 2024 else f"{rng.choice(_MONTHS)} {year}"),
                "bullets": rng.sample(_BULLETS, rng.randint(2, 4)),
            }
        )
        year = start
    return {
        "name": name,
        "contact": f"{name.split()[0].lower()}@example.com | 555-01{rng.randint(0, 99):02d}",
        "summary": f"{rng.choice(_TITLES)} with {rng.randint(1, 12)} years of experience "
        "helping customers by phone, chat and email.",
        "skills": rng.sample(_SKILLS, rng.randint(3, 8)),
        "jobs": jobs,
        "education": f"High School Diploma, {year - 2}",
    }


def _resume_text(parts: dict, markdown: bool = False) -> str:
    h = "## " if markdown else ""
    lines = [
        ("# " if markdown else "") + parts["name"],
        parts["contact"],
        "",
        f"{h}Summary",
        parts["summary"],
        "",
        f"{h}Skills",
        ", ".join(parts["skills"]),
        "",
        f"{h}Experience",
    ]
    for job in parts["jobs"]:
        lines += [f"{job['title']}, {job['company']}", job["dates"]]
        lines += [f"- {b}" for b in job["bullets"]]
        lines.append("")
    lines += [f"{h}Education", parts["education"], ""]
    return "\n".join(lines)


def _resume_html(parts: dict) -> str:
    jobs = "".join(
        f"<h3>{j['title']}, {j['company']}</h3><p>{j['dates']}</p><ul>"
        + "".join(f"<li>{b}</li>" for b in j["bullets"])
        + "</ul>"
        for j in parts["jobs"]
    )
    return (
        "<!DOCTYPE html><html><head><meta charset='utf-8'><title>Resume</title>"
        "<style>body{font-family:sans-serif}</style>"
        "<script>var skills = 'Zendesk Salesforce'; fetch('http://127.0.0.1:9/x');</script>"
        "</head><body><nav><a href='/'>Home</a></nav><main>"
        f"<h1>{parts['name']}</h1><p>{parts['contact']}</p>"
        f"<h2>Summary</h2><p>{parts['summary']}</p>"
        f"<h2>Skills</h2><p>{', '.join(parts['skills'])}</p>"
        f"<h2>Experience</h2>{jobs}<h2>Education</h2><p>{parts['education']}</p>"
        "</main><footer>Contact me</footer></body></html>"
    )


def _fpdf(compress: bool = True):  # type: ignore[no-untyped-def]
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_creation_date(_EPOCH)
    pdf.compress = compress
    return pdf


def _resume_pdf(text: str, compress: bool = True) -> bytes:
    pdf = _fpdf(compress)
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for line in text.split("\n"):
        pdf.multi_cell(0, 6, line or " ", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def _rezip(
    members: Sequence[tuple[str, bytes]],
    *,
    compression: int = zipfile.ZIP_DEFLATED,
    level: int | None = None,
) -> bytes:
    """A ZIP of ``members`` with fixed timestamps (deterministic bytes)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression) as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=_ZIP_TIME)
            info.compress_type = compression
            archive.writestr(info, data, compresslevel=level)
    return out.getvalue()


def _unzip(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def _resume_docx(parts: dict) -> bytes:
    import docx

    document = docx.Document()
    document.core_properties.created = _EPOCH.replace(tzinfo=None)
    document.core_properties.modified = _EPOCH.replace(tzinfo=None)
    document.sections[0].header.paragraphs[0].text = parts["contact"]
    document.add_heading(parts["name"], level=1)
    document.add_heading("Summary", level=2)
    document.add_paragraph(parts["summary"])
    document.add_heading("Skills", level=2)
    table = document.add_table(rows=0, cols=2)
    for a, b in zip(parts["skills"][0::2], [*parts["skills"][1::2], ""], strict=False):
        row = table.add_row().cells
        row[0].text, row[1].text = a, b
    document.add_heading("Experience", level=2)
    for job in parts["jobs"]:
        document.add_paragraph(f"{job['title']}, {job['company']}")
        document.add_paragraph(job["dates"])
        for bullet in job["bullets"]:
            document.add_paragraph(bullet, style="List Bullet")
    document.add_heading("Education", level=2)
    document.add_paragraph(parts["education"])
    out = io.BytesIO()
    document.save(out)
    return _rezip(_unzip(out.getvalue()))  # fixed timestamps


@dataclass(frozen=True)
class Seed:
    """A valid document the mutations start from."""

    name: str
    fmt: str  # pdf, docx, txt, md, html
    data: bytes


@functools.lru_cache(maxsize=4)
def _built_seeds(seed: int) -> tuple[Seed, ...]:
    rng = random.Random(f"seeds-{seed}")
    out = []
    for i in range(4):
        parts = _resume_parts(rng)
        text = _resume_text(parts)
        out += [
            Seed(f"seed{i}.pdf", "pdf", _resume_pdf(text, compress=i % 2 == 0)),
            Seed(f"seed{i}.docx", "docx", _resume_docx(parts)),
            Seed(f"seed{i}.txt", "txt", text.encode("utf-8")),
            Seed(f"seed{i}.md", "md", _resume_text(parts, markdown=True).encode("utf-8")),
            Seed(f"seed{i}.html", "html", _resume_html(parts).encode("utf-8")),
        ]
    return tuple(out)


_SEED_FORMATS = {
    ".pdf": "pdf",
    ".docx": "docx",
    ".txt": "txt",
    ".md": "md",
    ".html": "html",
    ".htm": "html",
}


def seeds(
    seed: int = 0, seed_dir: str | os.PathLike[str] | None = None, max_external: int = 200
) -> list[Seed]:
    """The valid seeds: built ones, plus up to ``max_external`` files of ``seed_dir``."""
    out = list(_built_seeds(seed))
    if seed_dir is not None:
        files = sorted(
            p
            for p in Path(seed_dir).rglob("*")
            if p.is_file()
            and p.suffix.lower() in _SEED_FORMATS
            and p.stat().st_size <= 5 * 1024 * 1024
        )
        if len(files) > max_external:
            files = random.Random(f"external-{seed}").sample(files, max_external)
        out += [Seed(p.name, _SEED_FORMATS[p.suffix.lower()], p.read_bytes()) for p in files]
    return out


# --- hand-written PDFs ---------------------------------------------------------------------
def _pdf_from_objects(
    objects: Sequence[bytes], *, root: int = 1, xref: bool = True, trailer_extra: bytes = b""
) -> bytes:
    """A PDF from object bodies (object i+1 is ``objects[i]``) with a correct xref."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    start = len(out)
    if xref:
        out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
        for offset in offsets:
            out += b"%010d 00000 n \n" % offset
    out += (
        b"trailer\n<< /Size %d /Root %d 0 R " % (len(objects) + 1, root)
        + trailer_extra
        + b">>\nstartxref\n%d\n%%%%EOF\n" % start
    )
    return bytes(out)


def _text_page_pdf(
    content: bytes,
    *,
    extra_page: bytes = b"",
    extra_objects=(),
    filter_: bytes = b"",
    catalog_extra: bytes = b"",
) -> bytes:
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b">>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> " + extra_page + b">>",
        b"<< /Length %d " % len(content) + filter_ + b">>\nstream\n" + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        *extra_objects,
    ]
    return _pdf_from_objects(objects)


_HELLO = b"BT /F1 12 Tf 72 700 Td (Customer service: resolved complaints in Zendesk) Tj ET"


def _pdf_catalogue() -> list[tuple[str, str, bytes]]:
    deep = 20000
    cases = [
        ("pdf.handwritten_valid", ".pdf", _text_page_pdf(_HELLO)),
        (
            "pdf.nested_arrays",
            ".pdf",
            _text_page_pdf(_HELLO, extra_page=b"/Deep " + b"[" * deep + b"]" * deep + b" "),
        ),
        (
            "pdf.nested_dicts",
            ".pdf",
            _text_page_pdf(
                _HELLO, extra_page=b"/Deep " + b"<< /A " * deep + b"1" + b" >>" * deep + b" "
            ),
        ),
        (
            "pdf.unclosed_nesting",
            ".pdf",
            _text_page_pdf(_HELLO, extra_page=b"/Deep " + b"[<<" * deep),
        ),
        ("pdf.nested_content_q", ".pdf", _text_page_pdf(b"q " * 100000 + _HELLO + b" Q" * 100000)),
        (
            "pdf.pages_cycle",
            ".pdf",
            _pdf_from_objects(
                [
                    b"<< /Type /Catalog /Pages 2 0 R >>",
                    b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>",
                    b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 3 0 R] /Count 1 >>",
                ]
            ),
        ),
        (
            "pdf.page_count_lie",
            ".pdf",
            _pdf_from_objects(
                [
                    b"<< /Type /Catalog /Pages 2 0 R >>",
                    b"<< /Type /Pages /Kids [3 0 R] /Count 2147483647 >>",
                    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
                ]
            ),
        ),
        (
            "pdf.self_reference",
            ".pdf",
            _pdf_from_objects([b"<< /Type /Catalog /Pages 1 0 R >>", b"1 0 R"]),
        ),
        (
            "pdf.xref_prev_loop",
            ".pdf",
            _pdf_from_objects(
                [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"],
                trailer_extra=b"/Prev 9 ",
            ),
        ),
        ("pdf.no_xref", ".pdf", _text_page_pdf(_HELLO).split(b"xref\n")[0] + b"%%EOF\n"),
        (
            "pdf.huge_length",
            ".pdf",
            _text_page_pdf(_HELLO).replace(
                b"/Length %d" % len(_HELLO), b"/Length 99999999999999999999"
            ),
        ),
        (
            "pdf.negative_numbers",
            ".pdf",
            _text_page_pdf(
                b"BT /F1 -99999999999 Tf -1e308 1e308 Td (x) Tj ET",
                extra_page=b"/Rotate -2147483648 /UserUnit 1e38 ",
            ),
        ),
        (
            "pdf.flate_bomb",
            ".pdf",
            _text_page_pdf(
                zlib.compress(_HELLO + b" " * (64 * 1024 * 1024), 9),
                filter_=b"/Filter /FlateDecode ",
            ),
        ),
        (
            "pdf.broken_flate",
            ".pdf",
            _text_page_pdf(b"x\x9c" + bytes(range(256)) * 8, filter_=b"/Filter /FlateDecode "),
        ),
        (
            "pdf.filter_chain",
            ".pdf",
            _text_page_pdf(
                _HELLO,
                filter_=b"/Filter [/ASCIIHexDecode /LZWDecode /RunLengthDecode "
                b"/FlateDecode /DCTDecode /JBIG2Decode /Crypt] ",
            ),
        ),
        (
            "pdf.javascript_and_links",
            ".pdf",
            _text_page_pdf(
                _HELLO,
                catalog_extra=b"/OpenAction << /S /JavaScript /JS (app.launchURL('http://127.0.0.1:9/'"
                b", true);) >> /URI << /Base (http://127.0.0.1:9/) >> ",
                extra_page=b"/Annots [6 0 R] /AA << /O << /S /Launch /F (calc.exe) >> >> ",
                extra_objects=[
                    b"<< /Type /Annot /Subtype /Link /Rect [0 0 612 792] "
                    b"/A << /S /URI /URI (http://127.0.0.1:9/track) >> >>"
                ],
            ),
        ),
        (
            "pdf.remote_font",
            ".pdf",
            _text_page_pdf(_HELLO).replace(
                b"/BaseFont /Helvetica",
                b"/BaseFont /Helvetica /FontFile << /FS /URL /F (http://127.0.0.1:9/font) >>",
            ),
        ),
        (
            "pdf.many_glyphs",
            ".pdf",
            _text_page_pdf(
                zlib.compress(b"BT /F1 1 Tf 0 0 Td " + b"(abcdefghij) Tj " * 60000 + b"ET", 9),
                filter_=b"/Filter /FlateDecode ",
            ),
        ),
        ("pdf.header_only", ".pdf", b"%PDF-1.7\n"),
        ("pdf.header_and_eof", ".pdf", b"%PDF-1.4\n%%EOF\n"),
        ("pdf.late_header", ".pdf", b"\x00" * 900 + _text_page_pdf(_HELLO)),
        ("pdf.garbage_after_header", ".pdf", b"%PDF-1.7\n" + random.Random(7).randbytes(50000)),
    ]
    return cases


def _image_only_pdf() -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("L", (600, 200), 255)
    draw = ImageDraw.Draw(image)
    draw.text((10, 10), "Customer service representative\nZendesk, Salesforce", fill=0)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    pdf = _fpdf()
    pdf.add_page()
    pdf.image(io.BytesIO(buffer.getvalue()), x=10, y=10, w=180)
    return bytes(pdf.output())


def _encrypted_pdf(text: str, user: str, method: str) -> bytes:
    from fpdf.encryption import StandardSecurityHandler
    from fpdf.enums import EncryptionMethod

    pdf = _fpdf()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, text)
    pdf.set_encryption(
        owner_password="owner-secret",
        user_password=user,
        encryption_method=getattr(EncryptionMethod, method),
    )
    # AES keys, salts and IVs are random: draw them from a seeded generator instead.
    rng = random.Random(f"{text}-{user}-{method}")
    original = StandardSecurityHandler.__dict__["get_random_bytes"]
    StandardSecurityHandler.get_random_bytes = classmethod(  # type: ignore[method-assign]
        lambda cls, size: rng.randbytes(size)
    )
    try:
        return bytes(pdf.output())
    finally:
        StandardSecurityHandler.get_random_bytes = original  # type: ignore[method-assign]


def _pages_pdf(pages: int, text: bool) -> bytes:
    pdf = _fpdf()
    pdf.set_font("Helvetica", size=11)
    for number in range(pages):
        pdf.add_page()
        if text:
            pdf.cell(0, 6, f"Page {number + 1}: resolved customer complaints")
    return bytes(pdf.output())


# --- hand-written DOCX -------------------------------------------------------------------
_W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
    b'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    b'officedocument.wordprocessingml.document.main+xml"/></Types>'
)
_ROOT_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'relationships/officeDocument" Target="word/document.xml"/></Relationships>'
)


def _docx_body(body: str, prolog: str = "") -> str:
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>{prolog}'
        f'<w:document xmlns:w="{_W_NS}"><w:body>{body}</w:body></w:document>'
    )


def _para(text: str) -> str:
    return f'<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def _minimal_docx(
    document_xml: bytes | str,
    extra: Sequence[tuple[str, bytes]] = (),
    rels: bytes = _ROOT_RELS,
    content_types: bytes = _CONTENT_TYPES,
    **zip_options,
) -> bytes:
    if isinstance(document_xml, str):
        document_xml = document_xml.encode("utf-8")
    return _rezip(
        [
            ("[Content_Types].xml", content_types),
            ("_rels/.rels", rels),
            ("word/document.xml", document_xml),
            *extra,
        ],
        **zip_options,
    )


_LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'
        for i in range(1, 10)
    )
    + "]>"
)


def _forged_size_zip(member: bytes) -> bytes:
    """A DOCX whose directory says ``word/document.xml`` is tiny though it is huge."""
    data = bytearray(_minimal_docx(member))
    index = data.find(b"PK\x01\x02")
    while index != -1:
        name_len = struct.unpack_from("<H", data, index + 28)[0]
        if data[index + 46 : index + 46 + name_len] == b"word/document.xml":
            struct.pack_into("<I", data, index + 24, 1000)
        index = data.find(b"PK\x01\x02", index + 4)
    return bytes(data)


def _nested_tables(depth: int) -> str:
    return (
        "<w:tbl><w:tr><w:tc>" * depth + _para("Zendesk support") + "</w:tc></w:tr></w:tbl>" * depth
    )


def _cfb(streams: Sequence[str]) -> bytes:
    """Enough of an OLE2/CFB container (legacy .doc, encrypted OOXML) to be recognised."""
    head = bytes.fromhex("d0cf11e0a1b11ae1") + b"\x00" * 16 + b"\x3e\x00\x03\x00\xfe\xff"
    names = b"".join(name.encode("utf-16-le") + b"\x00\x00" for name in streams)
    return head + b"\x00" * (512 - len(head)) + names + b"\x00" * 2048


def _docx_catalogue() -> list[tuple[str, str, bytes]]:
    bomb = b"<w:p/>" + b" " * (200 * 1024 * 1024)
    laughs = _docx_body(_para("&lol9;"), _LAUGHS)
    xxe = _docx_body(_para("&xxe;"), '<!DOCTYPE d [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>')
    xxe_net = _docx_body(
        _para("&xxe;"), '<!DOCTYPE d [<!ENTITY xxe SYSTEM "http://127.0.0.1:9/x">]>'
    )
    param = _docx_body(_para("x"), '<!DOCTYPE d [<!ENTITY % p SYSTEM "http://127.0.0.1:9/d">%p;]>')
    header_rels = (
        b'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.'
        b'openxmlformats.org/package/2006/relationships"><Relationship Id="rId9" '
        b'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" '
        b'Target="header1.xml"/><Relationship Id="rId8" Type="http://schemas.openxmlformats.org/'
        b'officeDocument/2006/relationships/image" Target="http://127.0.0.1:9/pixel.png" '
        b'TargetMode="External"/></Relationships>'
    )
    sect_header = (
        '<w:sectPr xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships"><w:headerReference w:type="default" r:id="rId9"/></w:sectPr>'
    )
    cases = [
        ("docx.minimal_valid", ".docx", _minimal_docx(_docx_body(_para("Resolved complaints")))),
        ("docx.zip_bomb", ".docx", _minimal_docx(bomb, level=9)),
        (
            "docx.zip_bomb_many_members",
            ".docx",
            _minimal_docx(
                _docx_body(_para("x")),
                [(f"word/media/m{i}.xml", b"<a/>" + b"\x00" * 4_900_000) for i in range(25)],
                level=9,
            ),
        ),
        (
            "docx.zip_forged_size",
            ".docx",
            _forged_size_zip(_docx_body(_para("x" * 2_000_000)).encode()),
        ),
        ("docx.billion_laughs", ".docx", _minimal_docx(laughs)),
        (
            "docx.billion_laughs_utf16",
            ".docx",
            _minimal_docx(laughs.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")),
        ),
        (
            "docx.billion_laughs_utf32",
            ".docx",
            _minimal_docx(laughs.replace('encoding="UTF-8"', 'encoding="UTF-32"').encode("utf-32")),
        ),
        (
            "docx.billion_laughs_ebcdic",
            ".docx",
            _minimal_docx(laughs.replace('encoding="UTF-8"', 'encoding="IBM037"').encode("cp037")),
        ),
        (
            "docx.billion_laughs_content_types",
            ".docx",
            _minimal_docx(
                _docx_body(_para("x")),
                content_types=_CONTENT_TYPES.replace(
                    b"?><Types", b"?>" + _LAUGHS.replace("lolz", "Types").encode() + b"<Types"
                ),
            ),
        ),
        ("docx.xxe_file", ".docx", _minimal_docx(xxe)),
        ("docx.xxe_network", ".docx", _minimal_docx(xxe_net)),
        ("docx.parameter_entity", ".docx", _minimal_docx(param)),
        ("docx.nested_tables_40", ".docx", _minimal_docx(_docx_body(_nested_tables(40)))),
        ("docx.nested_tables_400", ".docx", _minimal_docx(_docx_body(_nested_tables(400)))),
        ("docx.nested_tables_5000", ".docx", _minimal_docx(_docx_body(_nested_tables(5000)))),
        (
            "docx.nested_sdt",
            ".docx",
            _minimal_docx(
                _docx_body(
                    "<w:sdt><w:sdtContent>" * 300 + _para("x") + "</w:sdtContent></w:sdt>" * 300
                )
            ),
        ),
        (
            "docx.many_paragraphs",
            ".docx",
            _minimal_docx(_docx_body("<w:p/>" * 300_000 + _para("Zendesk"))),
        ),
        (
            "docx.enormous_paragraph",
            ".docx",
            _minimal_docx(_docx_body(_para("customer " * 400_000))),
        ),
        ("docx.control_char_refs", ".docx", _minimal_docx(_docx_body(_para("a&#1;b&#0;c")))),
        ("docx.nul_in_xml", ".docx", _minimal_docx(_docx_body(_para("a\x00b")))),
        ("docx.not_xml", ".docx", _minimal_docx(b"this is not xml at all")),
        ("docx.empty_document_xml", ".docx", _minimal_docx(b"")),
        ("docx.no_body", ".docx", _minimal_docx(f'<w:document xmlns:w="{_W_NS}"/>')),
        ("docx.no_document_xml", ".docx", _rezip([("[Content_Types].xml", _CONTENT_TYPES)])),
        (
            "docx.no_content_types",
            ".docx",
            _rezip(
                [
                    ("_rels/.rels", _ROOT_RELS),
                    ("word/document.xml", _docx_body(_para("x")).encode()),
                ]
            ),
        ),
        (
            "docx.missing_header_part",
            ".docx",
            _minimal_docx(
                _docx_body(_para("Zendesk") + sect_header),
                [("word/_rels/document.xml.rels", header_rels)],
            ),
        ),
        (
            "docx.rels_to_itself",
            ".docx",
            _minimal_docx(
                _docx_body(_para("x")),
                rels=_ROOT_RELS.replace(b"word/document.xml", b"_rels/.rels"),
            ),
        ),
        (
            "docx.stored_uncompressed",
            ".docx",
            _minimal_docx(_docx_body(_para("Resolved complaints")), compression=zipfile.ZIP_STORED),
        ),
        (
            "docx.bzip2_members",
            ".docx",
            _minimal_docx(_docx_body(_para("Resolved complaints")), compression=zipfile.ZIP_BZIP2),
        ),
        (
            "docx.lzma_members",
            ".docx",
            _minimal_docx(_docx_body(_para("Resolved complaints")), compression=zipfile.ZIP_LZMA),
        ),
        ("docx.legacy_doc_cfb", ".docx", _cfb(["Root Entry", "WordDocument", "1Table"])),
        (
            "docx.encrypted_ooxml",
            ".docx",
            _cfb(["Root Entry", "EncryptionInfo", "EncryptedPackage"]),
        ),
        (
            "docx.zip_of_zip",
            ".docx",
            _rezip([("inner.docx", _minimal_docx(_docx_body(_para("x"))))]),
        ),
        ("docx.pk_header_only", ".docx", b"PK\x03\x04"),
        ("docx.empty_zip", ".docx", _rezip([])),
    ]
    return cases


# --- text and HTML -----------------------------------------------------------------------
def _text_catalogue(rng: random.Random) -> list[tuple[str, str, bytes]]:
    base = _resume_text(_resume_parts(rng))
    lines = base.split("\n")
    mixed = b"\n".join(
        line.encode(enc, errors="replace")
        for line, enc in zip(
            lines,
            [
                "utf-8",
                "cp1252",
                "latin-1",
                "utf-16-le",
                "shift_jis",
                "koi8-r",
                "mac_roman",
                "utf-8-sig",
                "cp850",
            ]
            * 20,
            strict=False,
        )
    )
    accents = "Renée Núñez, café résumé, Zürich, São Paulo, Łódź, İstanbul\n"
    words = "resolved customer complaints and processed refunds accurately "
    cases = [
        ("txt.empty", ".txt", b""),
        ("txt.whitespace_only", ".txt", b" \t\r\n" * 100),
        ("txt.nul_only", ".txt", b"\x00" * 1000),
        ("txt.bom_only", ".txt", b"\xef\xbb\xbf"),
        ("txt.utf16_bom_only", ".txt", b"\xff\xfe"),
        ("txt.control_chars_only", ".txt", bytes(range(1, 32)) * 10),
        ("txt.nul_sprinkled", ".txt", base.encode().replace(b" ", b" \x00", 40)),
        ("txt.utf16_le_no_bom", ".txt", base.encode("utf-16-le")),
        ("txt.utf16_be_no_bom", ".txt", base.encode("utf-16-be")),
        ("txt.utf16_bom", ".txt", base.encode("utf-16")),
        ("txt.utf32_bom", ".txt", base.encode("utf-32")),
        ("txt.utf7", ".txt", base.encode("utf-7")),
        ("txt.cp1252", ".txt", (accents + base).encode("cp1252", errors="replace")),
        ("txt.mac_roman", ".txt", (accents + base).encode("mac_roman", errors="replace")),
        ("txt.mixed_encodings", ".txt", mixed),
        (
            "txt.double_encoded_mojibake",
            ".txt",
            (accents + base).encode("utf-8").decode("latin-1").encode("utf-8") * 3,
        ),
        ("txt.invalid_utf8", ".txt", base.encode() + b"\xc0\xaf\xed\xa0\x80\xff\xfe\xf8\x88"),
        ("txt.surrogate_bytes", ".txt", b"Zendesk \xed\xa0\x80\xed\xbf\xbf support\n" * 50),
        ("txt.enormous_line_3m", ".txt", (words * 50_000).encode()),
        ("txt.line_1_5m_chars", ".txt", ("Skills: " + words * 23_500).encode()),
        ("txt.line_900k_chars", ".txt", ("Skills: " + words * 14_000).encode()),
        ("txt.one_token_1m", ".txt", b"a" * 1_000_000),
        ("txt.one_token_500k_mojibake", ".txt", ("Ã©" * 250_000).encode()),
        ("txt.many_short_lines", ".txt", b"Zendesk\n" * 200_000),
        ("txt.many_headings", ".txt", b"Experience\nSkills\nSummary\nEducation\n" * 20_000),
        ("txt.many_dates", ".txt", b"Jan 2020 - Present\n" * 50_000),
        ("txt.long_digit_run", ".txt", b"Experience\n" + b"9" * 200_000 + b" years\n"),
        ("txt.many_bullets", ".txt", "\u2022 \u25cf \u25aa ".encode() * 100_000),
        ("txt.combining_marks", ".txt", ("Zendesk a" + "\u0301" * 100_000).encode()),
        (
            "txt.zero_width_and_bidi",
            ".txt",
            ("Zen\u200bdesk \u202eSalesforce\u202c \u2066CRM\u2069\ufeff\n" * 2000).encode(),
        ),
        (
            "txt.ligatures_fullwidth",
            ".txt",
            "ﬁnance ｃｕｓｔｏｍｅｒ ｓｅｒｖｉｃｅ\n".encode() * 500,
        ),
        (
            "txt.backtracking_bait",
            ".txt",
            ("- " * 50_000 + "\n" + " -" * 50_000 + "\n" + "a-\n" * 50_000).encode(),
        ),
        ("txt.cr_only_lines", ".txt", base.replace("\n", "\r").encode()),
        ("txt.form_feeds", ".txt", base.replace("\n", "\f\v\x85\u2028").encode()),
        ("txt.pdf_inside", ".txt", _text_page_pdf(_HELLO)),
        ("txt.zip_inside", ".txt", _minimal_docx(_docx_body(_para("x")))),
        ("txt.random_binary", ".txt", random.Random(3).randbytes(20_000)),
        ("txt.elf_binary", ".txt", b"\x7fELF\x02\x01\x01" + bytes(range(256)) * 20),
        ("md.nested_quotes", ".md", (">" * 50_000 + " Zendesk\n").encode()),
        (
            "md.huge_table",
            ".md",
            ("| a | b |\n|---|---|\n" + "| Zendesk | CRM |\n" * 50_000).encode(),
        ),
    ]
    return cases


def _html_catalogue(rng: random.Random) -> list[tuple[str, str, bytes]]:
    page = _resume_html(_resume_parts(rng))
    skills = "<p>Zendesk, Salesforce, resolved complaints</p>"
    cases = [
        ("html.empty", ".html", b""),
        (
            "html.only_script",
            ".html",
            b"<html><script>document.write('Zendesk Salesforce')</script></html>",
        ),
        ("html.only_tags", ".html", b"<html><body><div><span></span></div></body></html>"),
        (
            "html.nested_divs_100k",
            ".html",
            ("<div>" * 100_000 + skills + "</div>" * 100_000).encode(),
        ),
        ("html.unclosed_divs_100k", ".html", ("<div>" * 100_000 + skills).encode()),
        (
            "html.nested_tables_5k",
            ".html",
            ("<table><tr><td>" * 5000 + skills + "</td></tr></table>" * 5000).encode(),
        ),
        (
            "html.nested_lists_20k",
            ".html",
            ("<ul><li>" * 20_000 + "Zendesk" + "</li></ul>" * 20_000).encode(),
        ),
        ("html.nested_inline_50k", ".html", ("<b><i>" * 50_000 + skills).encode()),
        (
            "html.many_entities",
            ".html",
            ("<p>" + "&amp;&lt;&#x41;&#9999999;&bogus;" * 100_000 + "</p>").encode(),
        ),
        (
            "html.billion_laughs",
            ".html",
            (
                '<?xml version="1.0"?>' + _LAUGHS + "<html><body><p>&lol9;</p></body></html>"
            ).encode(),
        ),
        (
            "html.external_everything",
            ".html",
            (
                "<html><head><base href='http://127.0.0.1:9/'>"
                "<meta http-equiv='refresh' content='0;url=http://127.0.0.1:9/'>"
                "<link rel=stylesheet href='http://127.0.0.1:9/s.css'>"
                "<script src='http://127.0.0.1:9/x.js'></script></head><body>"
                "<img src='http://127.0.0.1:9/p.png'><iframe src='http://127.0.0.1:9/f'></iframe>"
                "<svg><image xlink:href='http://127.0.0.1:9/i'/></svg>"
                "<object data='http://127.0.0.1:9/o'></object>" + skills + "</body></html>"
            ).encode(),
        ),
        ("html.script_unterminated", ".html", (skills + "<script>" + "x" * 500_000).encode()),
        ("html.comment_unterminated", ".html", (skills + "<!--" + "x" * 500_000).encode()),
        (
            "html.huge_attribute",
            ".html",
            ("<p title='" + "x" * 2_000_000 + "'>Zendesk</p>").encode(),
        ),
        (
            "html.many_attributes",
            ".html",
            ("<p " + " ".join(f"a{i}=1" for i in range(100_000)) + ">Zendesk</p>").encode(),
        ),
        (
            "html.hidden_everything",
            ".html",
            b"<html><body hidden><main>Zendesk</main></body></html>",
        ),
        ("html.utf16_no_bom", ".html", page.encode("utf-16-le")),
        ("html.utf16_bom", ".html", page.encode("utf-16")),
        ("html.meta_charset_lies", ".html", page.replace("utf-8", "utf-16").encode("utf-8")),
        ("html.nul_bytes", ".html", page.encode().replace(b"<li>", b"<li>\x00\x00")),
        (
            "html.cp1252",
            ".html",
            page.replace("Summary", "Résumé “summary”").encode("cp1252", errors="replace"),
        ),
        (
            "html.cdata_and_pi",
            ".html",
            ("<html><![CDATA[Zendesk]]><?php echo 1; ?>" + skills + "</html>").encode(),
        ),
        (
            "html.frameset",
            ".html",
            b"<html><frameset><frame src='http://127.0.0.1:9/'></frameset></html>",
        ),
        (
            "html.xhtml",
            ".html",
            (
                '<?xml version="1.0" encoding="utf-8"?><html xmlns='
                '"http://www.w3.org/1999/xhtml"><body>' + skills + "</body></html>"
            ).encode(),
        ),
        (
            "html.one_line_900k",
            ".html",
            ("<p>" + "customer complaints resolved " * 30_000 + "</p>").encode(),
        ),
    ]
    return cases


def _wrong_extension_catalogue(valid: Sequence[Seed]) -> list[tuple[str, str, bytes]]:
    by_fmt = {}
    for seed in valid:
        by_fmt.setdefault(seed.fmt, seed.data)
    out = []
    for fmt, data in sorted(by_fmt.items()):
        for ext in (".pdf", ".docx", ".txt", ".html", ".md"):
            if ext.lstrip(".") != fmt:
                out.append((f"ext.{fmt}_as_{ext.lstrip('.')}", ext, data))
        out.append((f"ext.{fmt}_no_extension", "", data))
        out.append((f"ext.{fmt}_upper_case", "." + fmt.upper(), data))
    png = _image_only_pdf()  # the PNG is inside; the PDF bytes stand for "another binary"
    out += [
        ("ext.unsupported_exe", ".exe", b"MZ\x90\x00" + bytes(100)),
        ("ext.unsupported_doc", ".doc", _cfb(["Root Entry", "WordDocument"])),
        ("ext.unsupported_rtf", ".rtf", b"{\\rtf1\\ansi Zendesk}"),
        ("ext.unsupported_png", ".png", b"\x89PNG\r\n\x1a\n" + bytes(64)),
        ("ext.double_extension", ".pdf.exe", png),
        ("ext.png_as_pdf", ".pdf", b"\x89PNG\r\n\x1a\n" + bytes(64)),
        ("ext.gzip_as_docx", ".docx", b"\x1f\x8b\x08\x00" + bytes(64)),
    ]
    return out


def catalogue(seed: int = 0) -> list[Case]:
    """The fixed hostile constructs, each once (about 200 cases)."""
    rng = random.Random(f"catalogue-{seed}")
    valid = _built_seeds(seed)
    text = _resume_text(_resume_parts(rng))
    raw: list[tuple[str, str, bytes]] = []
    raw += [(f"valid.{s.fmt}", "." + s.fmt, s.data) for s in valid[:5]]
    raw += _pdf_catalogue()
    raw += [
        ("pdf.encrypted_rc4_user_password", ".pdf", _encrypted_pdf(text, "user-secret", "RC4")),
        (
            "pdf.encrypted_aes256_user_password",
            ".pdf",
            _encrypted_pdf(text, "user-secret", "AES_256"),
        ),
        ("pdf.encrypted_rc4_owner_only", ".pdf", _encrypted_pdf(text, "", "RC4")),
        ("pdf.encrypted_aes128_owner_only", ".pdf", _encrypted_pdf(text, "", "AES_128")),
        ("pdf.image_only", ".pdf", _image_only_pdf()),
        ("pdf.blank_page", ".pdf", _pages_pdf(1, text=False)),
        ("pdf.too_many_pages", ".pdf", _pages_pdf(60, text=True)),
        ("pdf.many_blank_pages", ".pdf", _pages_pdf(45, text=False)),
    ]
    raw += _docx_catalogue()
    raw += _text_catalogue(rng)
    raw += _html_catalogue(rng)
    raw += _wrong_extension_catalogue(valid)
    cases = [
        Case(f"c{i:04d}-{category.replace('.', '-')}{ext}", category, data)
        for i, (category, ext, data) in enumerate(raw)
    ]
    n = len(cases)
    cases += [
        Case(f"c{n:04d}-fs.oversize.pdf", "fs.oversize", b"%PDF-1.7\n", sparse_size=OVERSIZE_BYTES),
        Case(f"c{n + 1:04d}-fs.unreadable.txt", "fs.unreadable", text.encode(), mode=0o000),
        Case(
            f"c{n + 2:04d}-fs.unicode name résumé 履歴書 [1].txt", "fs.unicode_name", text.encode()
        ),
        Case(f"c{n + 3:04d}-fs.spaces   and 'quotes'.pdf", "fs.quoted_name", valid[0].data),
    ]
    return cases


# --- random mutations -------------------------------------------------------------------------
_INTERESTING = [
    b"\x00",
    b"\xff",
    b"\x7f",
    b"\x80",
    b"(",
    b")",
    b"<",
    b">",
    b"/",
    b"[",
    b"]",
    b"\\",
    b"%",
    b"\n",
    b"\r",
    b"obj",
    b"endobj",
    b"stream",
    b"R",
    b"-",
]
_EXTREME_NUMBERS = [
    b"0",
    b"-1",
    b"2147483647",
    b"4294967296",
    b"-2147483649",
    b"99999999999999999999999",
    b"1e308",
    b"-0.0",
    b"NaN",
    b"3.4e38",
    b"00000",
]


def _truncate(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return data
    roll = rng.random()
    if roll < 0.2:
        return data[: rng.randint(0, min(64, len(data)))]
    if roll < 0.4:
        return data[: max(0, len(data) - rng.randint(1, 600))]
    return data[: rng.randrange(len(data))]


def _bitflip(rng: random.Random, data: bytes) -> bytes:
    if not data:
        return data
    out = bytearray(data)
    for _ in range(rng.choice([1, 2, 4, 8, 32, 128])):
        out[rng.randrange(len(out))] ^= 1 << rng.randrange(8)
    return bytes(out)


def _byteset(rng: random.Random, data: bytes) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 20)):
        token = rng.choice(_INTERESTING)
        at = rng.randrange(len(out) + 1)
        out[at : at + len(token)] = token
    return bytes(out)


def _chunk(rng: random.Random, data: bytes) -> bytes:
    if len(data) < 2:
        return data + data
    a = rng.randrange(len(data))
    b = min(len(data), a + rng.randint(1, max(1, len(data) // 4)))
    op = rng.choice(["delete", "duplicate", "move", "zero", "repeat"])
    if op == "delete":
        return data[:a] + data[b:]
    if op == "duplicate":
        return data[:b] + data[a:b] + data[b:]
    if op == "move":
        c = rng.randrange(len(data) - (b - a) + 1)
        rest = data[:a] + data[b:]
        return rest[:c] + data[a:b] + rest[c:]
    if op == "zero":
        return data[:a] + bytes(b - a) + data[b:]
    return data[:b] + data[a:b] * rng.randint(2, 200) + data[b:]


def _junk(rng: random.Random, data: bytes) -> bytes:
    at = rng.randrange(len(data) + 1)
    return data[:at] + rng.randbytes(rng.randint(1, 4096)) + data[at:]


def _pdf_numbers(rng: random.Random, data: bytes) -> bytes:
    numbers = [m.span() for m in re.finditer(rb"(?<![\w.])-?\d+(?:\.\d+)?(?![\w.])", data)]
    if not numbers:
        return _bitflip(rng, data)
    out = data
    for start, end in sorted(
        rng.sample(numbers, min(len(numbers), rng.randint(1, 6))), reverse=True
    ):
        out = out[:start] + rng.choice(_EXTREME_NUMBERS) + out[end:]
    return out


def _pdf_tail(rng: random.Random, data: bytes) -> bytes:
    """Damage the xref table / trailer only (the part readers must repair around)."""
    at = data.rfind(b"xref")
    if at < 0:
        at = max(0, len(data) - 400)
    out = bytearray(data)
    for _ in range(rng.randint(1, 16)):
        out[rng.randrange(at, len(out))] = rng.randrange(256)
    return bytes(out)


def _pdf_operators(rng: random.Random, data: bytes) -> bytes:
    """Insert odd operators into an uncompressed content stream."""
    at = data.find(b"BT")
    if at < 0:
        return _chunk(rng, data)
    junk = rng.choice(
        [
            b"q " * 5000,
            b"BT " * 2000,
            b"ET ET ",
            b"[(a) -99999999 (b)] TJ ",
            b"/F9 0 Tf ",
            b"1 0 0 0 0 0 cm ",
            b"(" * 3000,
            b"<<" * 3000,
            b"/Im1 Do ",
            b"BI /W 99999 /H 99999 ID " + bytes(50) + b" EI ",
        ]
    )
    return data[:at] + junk + data[at:]


def _xml_mutation(rng: random.Random, xml: bytes) -> bytes:
    roll = rng.random()
    if roll < 0.2:
        return _truncate(rng, xml)
    if roll < 0.4:
        return _bitflip(rng, xml)
    if roll < 0.55:
        at = rng.randrange(len(xml) + 1)
        return (
            xml[:at]
            + rng.choice(
                [
                    b"\x00",
                    b"\xff\xfe",
                    b"\xc0\xaf",
                    b"&#0;",
                    b"&bogus;",
                    b"<!--",
                    b"]]>",
                    b"<w:p>",
                    b"</w:body>",
                ]
            )
            + xml[at:]
        )
    if roll < 0.7:
        tags = [m.span() for m in re.finditer(rb"<[^>]{1,200}>", xml)]
        if tags:
            start, end = rng.choice(tags)
            return xml[:start] + xml[end:]
        return xml
    if roll < 0.85:
        return xml.replace(b"<w:t", b"<w:t" + b' a="' + b"x" * rng.randint(1, 5000) + b'"', 3)
    return _chunk(rng, xml)


def _docx_inner(rng: random.Random, data: bytes) -> bytes:
    """Damage one XML part of a DOCX and re-zip it, so the XML parser sees the damage."""
    try:
        members = _unzip(data)
    except Exception:
        return _bitflip(rng, data)
    xml = [i for i, (name, _) in enumerate(members) if name.endswith((".xml", ".rels"))]
    if not xml:
        return _bitflip(rng, data)
    documents = [i for i in xml if members[i][0] == "word/document.xml"]
    index = documents[0] if documents and rng.random() < 0.6 else rng.choice(xml)
    name, part = members[index]
    members[index] = (name, _xml_mutation(rng, part))
    return _rezip(members)


def _docx_drop(rng: random.Random, data: bytes) -> bytes:
    try:
        members = _unzip(data)
    except Exception:
        return _truncate(rng, data)
    if members:
        del members[rng.randrange(len(members))]
    return _rezip(members)


def _docx_directory(rng: random.Random, data: bytes) -> bytes:
    """Damage the ZIP directory (end of the file) only."""
    at = data.rfind(b"PK\x01\x02")
    at = at if at >= 0 else max(0, len(data) - 200)
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        out[rng.randrange(at, len(out))] = rng.randrange(256)
    return bytes(out)


_ENCODINGS = [
    "utf-16-le",
    "utf-16-be",
    "utf-16",
    "utf-32",
    "cp1252",
    "latin-1",
    "shift_jis",
    "koi8-r",
    "utf-8-sig",
    "cp437",
    "gb18030",
    "euc-kr",
    "utf-7",
]


def _text_encoding(rng: random.Random, data: bytes) -> bytes:
    text = data.decode("utf-8", errors="replace")
    if rng.random() < 0.5:
        return text.encode(rng.choice(_ENCODINGS), errors="replace")
    return b"\n".join(
        line.encode(rng.choice(_ENCODINGS), errors="replace") for line in text.split("\n")
    )


def _text_controls(rng: random.Random, data: bytes) -> bytes:
    out = data
    for _ in range(rng.randint(1, 50)):
        at = rng.randrange(len(out) + 1)
        out = (
            out[:at]
            + rng.choice(
                [
                    b"\x00",
                    b"\x1b[31m",
                    b"\x07",
                    b"\x0c",
                    b"\r",
                    b"\x85",
                    "\u202e".encode(),
                    "\ufeff".encode(),
                    b"\xed\xa0\x80",
                    "\u0301".encode() * 50,
                    b"\t" * 100,
                ]
            )
            + out[at:]
        )
    return out


def _text_bloat(rng: random.Random, data: bytes) -> bytes:
    lines = data.split(b"\n")
    index = rng.randrange(len(lines))
    if rng.random() < 0.5:
        lines[index] = lines[index] * rng.randint(100, 20_000)
    else:
        lines[index:index] = [lines[index]] * rng.randint(100, 20_000)
    return b"\n".join(lines)


def _html_nesting(rng: random.Random, data: bytes) -> bytes:
    tag = rng.choice([b"div", b"table", b"ul", b"li", b"b", b"span", b"section", b"font"])
    depth = rng.choice([100, 1000, 10_000])
    at = data.find(b"<body>")
    at = at + 6 if at >= 0 else 0
    close = b"</" + tag + b">" if rng.random() < 0.5 else b""
    return data[:at] + (b"<" + tag + b">") * depth + data[at:] + close * depth


def _splice(rng: random.Random, data: bytes, other: bytes) -> bytes:
    return data[: rng.randrange(len(data) + 1)] + other[rng.randrange(len(other) + 1) :]


_GENERIC: list[tuple[str, Callable[[random.Random, bytes], bytes]]] = [
    ("truncate", _truncate),
    ("bitflip", _bitflip),
    ("byteset", _byteset),
    ("chunk", _chunk),
    ("junk", _junk),
]
_BY_FORMAT: dict[str, list[tuple[str, Callable[[random.Random, bytes], bytes]]]] = {
    "pdf": [("numbers", _pdf_numbers), ("xref_damage", _pdf_tail), ("operators", _pdf_operators)],
    "docx": [
        ("inner_xml", _docx_inner),
        ("inner_xml", _docx_inner),
        ("drop_member", _docx_drop),
        ("zip_directory", _docx_directory),
    ],
    "txt": [("encoding", _text_encoding), ("controls", _text_controls), ("bloat", _text_bloat)],
    "md": [("encoding", _text_encoding), ("controls", _text_controls), ("bloat", _text_bloat)],
    "html": [
        ("encoding", _text_encoding),
        ("controls", _text_controls),
        ("nesting", _html_nesting),
        ("nesting", _html_nesting),
    ],
}
_EXTENSIONS = [".pdf", ".docx", ".txt", ".md", ".html", ".htm", ""]


def _mutation(rng: random.Random, index: int, pool: Sequence[Seed]) -> Case:
    seed = rng.choice(pool)
    roll = rng.random()
    if roll < 0.05:
        other = rng.choice(pool)
        label, data = f"splice_{other.fmt}", _splice(rng, seed.data, other.data)
    else:
        options = _GENERIC + _BY_FORMAT.get(seed.fmt, []) * 2
        label, mutate = rng.choice(options)
        data = mutate(rng, seed.data)
        if rng.random() < 0.25:  # a second, different damage on top
            label2, mutate2 = rng.choice(options)
            data, label = mutate2(rng, data), f"{label}+{label2}"
    category = f"{seed.fmt}.{label.split('+')[0]}"
    ext = "." + seed.fmt
    if rng.random() < 0.08:
        ext = rng.choice(_EXTENSIONS)
        label += f"_as{ext or '_noext'}"
    return Case(f"m{index:05d}-{seed.fmt}-{label}{ext}", category, data)


def generate(
    n: int, seed: int = 0, seed_dir: str | os.PathLike[str] | None = None
) -> Iterator[Case]:
    """``n`` hostile inputs: the catalogue first (as much of it as fits), then mutations."""
    fixed = catalogue(seed)
    yield from fixed[:n]
    pool = seeds(seed, seed_dir)
    rng = random.Random(f"mutations-{seed}")
    for index in range(max(0, n - len(fixed))):
        yield _mutation(rng, index, pool)


def write_cases(
    cases: Iterator[Case] | Sequence[Case], folder: str | os.PathLike[str]
) -> list[tuple[Path, Case]]:
    """Write each case into ``folder``; returns ``(path, case)`` pairs in order."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    return [(case.write(folder), case) for case in cases]
