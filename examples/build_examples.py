"""Regenerate the binary example resumes from their Markdown sources.

    python examples/build_examples.py            # write the .pdf and .docx
    python examples/build_examples.py --verify   # also read them back and print the text

Sources (a small Markdown subset, one element per line):

    # Name                      -> name heading
    <first paragraph after it>  -> contact line
    ## Section                  -> section heading
    ### Job title               -> sub-heading
    - item                      -> bullet
    anything else               -> plain paragraph

Outputs:
    sources/priya-shah-senior-specialist.md -> resumes/priya-shah-senior-specialist.pdf  (fpdf2)
    sources/morgan-lee-cs-manager.md        -> resumes/morgan-lee-cs-manager.docx        (python-docx)

Requires fpdf2 and python-docx; --verify also uses pdfminer.six and pypdfium2.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESUMES = HERE / "resumes"

PDF_SOURCE = HERE / "sources" / "priya-shah-senior-specialist.md"
DOCX_SOURCE = HERE / "sources" / "morgan-lee-cs-manager.md"

# Fixed timestamp so rebuilding does not change metadata for no reason.
BUILD_DATE = _dt.datetime(2026, 11, 1, 9, 0, 0, tzinfo=_dt.timezone.utc)


# --------------------------------------------------------------------------- parsing


@dataclass
class Block:
    kind: str  # "name", "contact", "section", "subheading", "bullet", "para"
    text: str


_INLINE = re.compile(r"(\*\*|__|`)")


def _clean_inline(text: str) -> str:
    """Drop the little inline Markdown we might use (bold, code)."""
    return _INLINE.sub("", text).strip()


def parse_markdown(path: Path) -> list[Block]:
    blocks: list[Block] = []
    expect_contact = False
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("### "):
            blocks.append(Block("subheading", _clean_inline(line[4:])))
        elif line.startswith("## "):
            blocks.append(Block("section", _clean_inline(line[3:])))
        elif line.startswith("# "):
            blocks.append(Block("name", _clean_inline(line[2:])))
            expect_contact = True
            continue
        elif line.startswith(("- ", "* ")):
            blocks.append(Block("bullet", _clean_inline(line[2:])))
        elif expect_contact:
            blocks.append(Block("contact", _clean_inline(line)))
        else:
            blocks.append(Block("para", _clean_inline(line)))
        expect_contact = False
    return blocks


# --------------------------------------------------------------------------- PDF

# Core PDF fonts only cover latin-1; map typographic characters to ASCII.
_ASCII_MAP = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": ",",
    "\u201b": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2013": "-",
    "\u2014": "-",
    "\u2212": "-",
    "\u2010": "-",
    "\u2011": "-",
    "\u2022": "-",
    "\u25cf": "-",
    "\u25aa": "-",
    "\u2023": "-",
    "\u00b7": "-",
    "\u2026": "...",
    "\u00a0": " ",
    "\u2009": " ",
    "\u202f": " ",
    "\u200b": "",
    "\u2122": "(TM)",
    "\u00ae": "(R)",
    "\u2192": "->",
}


def to_latin1(text: str) -> str:
    text = "".join(_ASCII_MAP.get(ch, ch) for ch in text)
    out = []
    for ch in text:
        if ord(ch) < 256:
            out.append(ch)
        else:  # last resort: strip accents, else drop
            base = unicodedata.normalize("NFKD", ch).encode("latin-1", "ignore").decode("latin-1")
            out.append(base)
    return "".join(out)


def build_pdf(source: Path, target: Path) -> Path:
    from fpdf import FPDF
    from fpdf.enums import XPos, YPos

    blocks = parse_markdown(source)
    pdf = FPDF(format="Letter", unit="mm")
    pdf.set_margins(left=20, top=18, right=20)
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.set_creation_date(BUILD_DATE)
    name = next((b.text for b in blocks if b.kind == "name"), source.stem)
    pdf.set_title(to_latin1(f"{name} - Resume"))
    pdf.set_author(to_latin1(name))
    pdf.set_creator("cvmatch examples/build_examples.py")
    pdf.add_page()

    font = "Helvetica"
    width = pdf.w - pdf.l_margin - pdf.r_margin

    def write(
        text: str,
        *,
        style: str = "",
        size: float = 10.5,
        height: float = 5.2,
        indent: float = 0.0,
        align: str = "L",
    ) -> None:
        pdf.set_font(font, style=style, size=size)
        pdf.set_x(pdf.l_margin + indent)
        pdf.multi_cell(
            width - indent,
            height,
            to_latin1(text),
            align=align,
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )

    for i, block in enumerate(blocks):
        prev = blocks[i - 1].kind if i else None
        if block.kind == "name":
            write(block.text, style="B", size=18, height=9)
        elif block.kind == "contact":
            write(block.text, size=10, height=5)
            pdf.ln(2)
        elif block.kind == "section":
            pdf.ln(3)
            write(block.text.upper(), style="B", size=12, height=7)
            y = pdf.get_y()
            pdf.set_draw_color(120, 120, 120)
            pdf.line(pdf.l_margin, y, pdf.w - pdf.r_margin, y)
            pdf.ln(1.5)
        elif block.kind == "subheading":
            if prev not in ("section", None):
                pdf.ln(2)
            write(block.text, style="B", size=11, height=6)
        elif block.kind == "bullet":
            write("- " + block.text, indent=3)
        else:  # para
            write(block.text)
            if prev != "subheading":
                pdf.ln(1)
    target.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(target))
    return target


# --------------------------------------------------------------------------- DOCX


def build_docx(source: Path, target: Path) -> Path:
    from docx import Document
    from docx.shared import Pt

    blocks = parse_markdown(source)
    doc = Document()
    normal = doc.styles["Normal"]
    normal.font.name = "Calibri"
    normal.font.size = Pt(10.5)

    name = next((b.text for b in blocks if b.kind == "name"), source.stem)
    props = doc.core_properties
    props.title = f"{name} - Resume"
    props.author = name
    props.last_modified_by = name
    props.created = BUILD_DATE.replace(tzinfo=None)
    props.modified = BUILD_DATE.replace(tzinfo=None)
    props.revision = 1

    header = doc.sections[0].header
    header_par = header.paragraphs[0]

    for block in blocks:
        if block.kind == "name":
            doc.add_heading(block.text, level=1)
        elif block.kind == "contact":
            # The contact line lives in the page header, not the body.
            header_par.text = block.text
        elif block.kind == "section":
            doc.add_heading(block.text, level=2)
        elif block.kind == "subheading":
            doc.add_heading(block.text, level=3)
        elif block.kind == "bullet":
            doc.add_paragraph(block.text, style="List Bullet")
        else:
            doc.add_paragraph(block.text)
    target.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(target))
    _normalize_zip_timestamps(target)
    return target


def _normalize_zip_timestamps(path: Path) -> None:
    """Rewrite the .docx zip with fixed entry dates so rebuilds are byte-identical."""
    import io
    import zipfile

    stamp = BUILD_DATE.timetuple()[:6]
    with zipfile.ZipFile(path) as src:
        entries = [(info, src.read(info.filename)) for info in src.infolist()]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as dst:
        for info, data in entries:
            fixed = zipfile.ZipInfo(info.filename, date_time=stamp)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = info.external_attr
            dst.writestr(fixed, data)
    path.write_bytes(buf.getvalue())


# --------------------------------------------------------------------------- verify


def verify(pdf_path: Path, docx_path: Path) -> None:
    import pypdfium2 as pdfium
    from docx import Document
    from pdfminer.high_level import extract_text

    print(f"===== {pdf_path.name}: pdfminer =====")
    print(extract_text(str(pdf_path)))
    print(f"===== {pdf_path.name}: pypdfium2 =====")
    pdf = pdfium.PdfDocument(str(pdf_path))
    try:
        for page in pdf:
            textpage = page.get_textpage()
            print(textpage.get_text_range())
            textpage.close()
            page.close()
    finally:
        pdf.close()

    print(f"===== {docx_path.name}: python-docx =====")
    doc = Document(str(docx_path))
    for par in doc.sections[0].header.paragraphs:
        print(f"[header] {par.text}")
    for par in doc.paragraphs:
        print(f"[{par.style.name}] {par.text}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--verify", action="store_true", help="read the outputs back and print their text"
    )
    args = parser.parse_args(argv)

    pdf_path = build_pdf(PDF_SOURCE, RESUMES / (PDF_SOURCE.stem + ".pdf"))
    docx_path = build_docx(DOCX_SOURCE, RESUMES / (DOCX_SOURCE.stem + ".docx"))
    print(f"wrote {pdf_path.relative_to(HERE)}")
    print(f"wrote {docx_path.relative_to(HERE)}")
    if args.verify:
        verify(pdf_path, docx_path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
