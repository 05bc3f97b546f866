"""Text a reader of the page cannot see is left out, counted by reason, and never evidence.

Each mechanism hides the same skills list in an otherwise plain resume; the results must
equal those of the resume without the list and carry the warning, while the same list
made visible (and white text on a dark panel) does count.
"""

from __future__ import annotations

import pytest

from cvmatch import extract_skills, score_resume
from cvmatch.errors import EmptyDocument
from cvmatch.reading import read_document
from cvmatch.reading.hidden import (
    BACKGROUND_COLOUR,
    CSS_HIDDEN,
    INVISIBLE_MODE,
    MARKED_HIDDEN,
    OFF_PAGE,
    TINY_FONT,
)

LINES = [
    "Jamie Doe",
    "Warehouse Picker",
    "Experience",
    "Warehouse Picker, Acme Logistics, 2019 - 2024",
    "Picked and packed orders for shipping.",
    "Skills",
]
SKILLS = "Zendesk, Salesforce, de-escalation, upselling, live chat support, CRM, call handling"
SKILL_CHARS = sum(not char.isspace() for char in SKILLS)


def _assert_not_evidence(hidden_path, plain_path, reason: str) -> None:
    """The hidden list is out of the text, counted, and changes no result but a warning."""
    document, plain = read_document(hidden_path), read_document(plain_path)
    assert "Salesforce" not in document.text and "Zendesk" not in document.text
    assert document.hidden_text == {reason: SKILL_CHARS}
    assert document.warnings == [
        f"hidden text: {SKILL_CHARS} characters ({reason} {SKILL_CHARS}), not used as evidence"
    ]
    profile, baseline = extract_skills(document), extract_skills(plain)
    assert profile.ids == baseline.ids
    assert profile.warnings == document.warnings and baseline.warnings == []
    assert not any("Zendesk" in e.text for s in profile.skills for e in s.evidence)
    score, plain_score = score_resume(document), score_resume(plain)
    assert [r.score for r in score.roles] == [r.score for r in plain_score.roles]
    assert score.warnings == document.warnings


def _assert_counts(path) -> None:
    """The same list, visible, is read and found (the hiding tests are not vacuous)."""
    document = read_document(path)
    assert "Salesforce" in document.text and document.hidden_text == {}
    assert {"crm_ticketing", "de_escalation", "upselling"} <= set(extract_skills(document).ids)


# --- PDF ---------------------------------------------------------------------------------
def _pdf(path, how: str | None):
    """A one-page resume; the skills list drawn as ``how`` says (``None``: left out)."""
    from fpdf import FPDF
    from fpdf.enums import TextMode

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for number, line in enumerate(LINES):
        pdf.text(20, 20 + 8 * number, line)
    y = 20 + 8 * len(LINES)
    if how == "visible":
        pdf.text(20, y, SKILLS)
    elif how == "mode":
        pdf.text_mode = TextMode.INVISIBLE
        pdf.text(20, y, SKILLS)
    elif how == "clip":
        pdf.text_mode = TextMode.CLIP
        pdf.text(20, y, SKILLS)
    elif how == "white":
        pdf.set_text_color(255, 255, 255)
        pdf.text(20, y, SKILLS)
    elif how == "light-panel":  # white-ish text on a white-ish panel
        pdf.set_fill_color(250, 250, 250)
        pdf.rect(15, y - 6, 180, 10, style="F")
        pdf.set_text_color(245, 245, 245)
        pdf.text(20, y, SKILLS)
    elif how == "dark-panel":  # a resume template's sidebar: white on navy, visible
        pdf.set_fill_color(20, 35, 70)
        pdf.rect(15, y - 6, 180, 10, style="F")
        pdf.set_text_color(255, 255, 255)
        pdf.text(20, y, SKILLS)
    elif how == "offpage":
        pdf.text(20, 400, SKILLS)  # the A4 page ends at 297 mm
    elif how == "tiny":
        pdf.set_font("Helvetica", size=0.4)
        pdf.text(20, y, SKILLS)
    pdf.output(str(path))
    return path


@pytest.mark.parametrize(
    ("how", "reason"),
    [
        ("mode", INVISIBLE_MODE),
        ("clip", INVISIBLE_MODE),
        ("white", BACKGROUND_COLOUR),
        ("light-panel", BACKGROUND_COLOUR),
        ("offpage", OFF_PAGE),
        ("tiny", TINY_FONT),
    ],
)
def test_hidden_pdf_text_is_not_evidence(tmp_path, how, reason):
    _assert_not_evidence(_pdf(tmp_path / "cv.pdf", how), _pdf(tmp_path / "plain.pdf", None), reason)


@pytest.mark.parametrize("how", ["visible", "dark-panel"])
def test_visible_pdf_text_stays(tmp_path, how):
    _assert_counts(_pdf(tmp_path / "cv.pdf", how))


def test_a_hidden_pdf_line_leaves_the_lines_around_it_apart(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.text(20, 20, "Answered calls")
    pdf.set_text_color(255, 255, 255)
    pdf.text(20, 28, SKILLS)
    pdf.set_text_color(0, 0, 0)
    pdf.text(20, 36, "Resolved complaints")
    pdf.output(str(tmp_path / "cv.pdf"))
    assert read_document(tmp_path / "cv.pdf").text == "Answered calls\nResolved complaints"


def test_a_pdf_whose_text_is_all_hidden_says_so(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.set_text_color(255, 255, 255)
    pdf.text(20, 20, SKILLS)
    pdf.output(str(tmp_path / "cv.pdf"))
    with pytest.raises(EmptyDocument, match=r"no visible text.*hidden text"):
        read_document(tmp_path / "cv.pdf")


# --- HTML --------------------------------------------------------------------------------
_STYLE = "<style>.sr-only{display:none} .ghost{color:#fff;background-color:#fff}</style>"
_HTML_HIDDEN = {
    "display": (f'<p style="display: none">{SKILLS}</p>', CSS_HIDDEN),
    "visibility": (f'<p style="visibility:hidden">{SKILLS}</p>', CSS_HIDDEN),
    "opacity": (f'<div style="opacity:0"><p>{SKILLS}</p></div>', CSS_HIDDEN),
    "rule": (f'<p class="sr-only">{SKILLS}</p>', CSS_HIDDEN),
    "font-size": (f'<p style="font-size:0px">{SKILLS}</p>', TINY_FONT),
    "white": (f'<p><span style="color:#FFFFFF">{SKILLS}</span></p>', BACKGROUND_COLOUR),
    "same": (
        f'<p style="color:rgb(0,0,80);background-color:#000050">{SKILLS}</p>',
        BACKGROUND_COLOUR,
    ),
    "rule-colour": (f'<p class="ghost">{SKILLS}</p>', BACKGROUND_COLOUR),
    "attribute": (f"<p hidden>{SKILLS}</p>", MARKED_HIDDEN),
}
_HTML_VISIBLE = {
    "plain": f"<p>{SKILLS}</p>",
    "aria": f'<p aria-hidden="true">{SKILLS}</p>',
    "dark-panel": f'<div style="background:#1f3864;color:#fff"><p>{SKILLS}</p></div>',
    "shown-again": (
        f'<div style="visibility:hidden"><p style="visibility:visible">{SKILLS}</p></div>'
    ),
    "size-reset": f'<div style="font-size:0"><p style="font-size:14px">{SKILLS}</p></div>',
    "print-only-rule": f"<style>@media print {{ p {{ display:none }} }}</style><p>{SKILLS}</p>",
}


def _html(path, skills: str):
    body = "".join(f"<p>{line}</p>" for line in LINES)
    path.write_text(f"<html><head>{_STYLE}</head><body>{body}{skills}</body></html>")
    return path


@pytest.mark.parametrize("case", sorted(_HTML_HIDDEN))
def test_hidden_html_text_is_not_evidence(tmp_path, case):
    markup, reason = _HTML_HIDDEN[case]
    plain = _html(tmp_path / "plain.html", "")
    _assert_not_evidence(_html(tmp_path / "cv.html", markup), plain, reason)


@pytest.mark.parametrize("case", sorted(_HTML_VISIBLE))
def test_visible_html_text_stays(tmp_path, case):
    _assert_counts(_html(tmp_path / "cv.html", _HTML_VISIBLE[case]))


# --- DOCX --------------------------------------------------------------------------------
def _docx(path, how: str | None):
    import docx
    from docx.enum.style import WD_STYLE_TYPE
    from docx.oxml import parse_xml
    from docx.shared import Pt, RGBColor

    document = docx.Document()
    for line in LINES:
        document.add_paragraph(line)
    if how is None:
        document.save(str(path))
        return path
    if how == "paragraph-style":
        style = document.styles.add_style("Stuffing", WD_STYLE_TYPE.PARAGRAPH)
        style.font.hidden = True
        document.add_paragraph(SKILLS, style="Stuffing")
        document.save(str(path))
        return path
    paragraph = document.add_paragraph()
    run = paragraph.add_run(SKILLS)
    if how == "vanish":
        run.font.hidden = True
    elif how == "character-style":
        style = document.styles.add_style("Quiet", WD_STYLE_TYPE.CHARACTER)
        style.font.hidden = True
        run.style = style
    elif how == "white":
        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    elif how == "tiny":
        run.font.size = Pt(1)
    elif how == "dark-panel":
        run.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
        shading = '<w:shd xmlns:w="{}" w:val="clear" w:fill="1F3864"/>'
        paragraph._p.get_or_add_pPr().append(
            parse_xml(
                shading.format("http://schemas.openxmlformats.org/wordprocessingml/2006/main")
            )
        )
    document.save(str(path))
    return path


@pytest.mark.parametrize(
    ("how", "reason"),
    [
        ("vanish", MARKED_HIDDEN),
        ("character-style", MARKED_HIDDEN),
        ("paragraph-style", MARKED_HIDDEN),
        ("white", BACKGROUND_COLOUR),
        ("tiny", TINY_FONT),
    ],
)
def test_hidden_docx_text_is_not_evidence(tmp_path, how, reason):
    plain = _docx(tmp_path / "plain.docx", None)
    _assert_not_evidence(_docx(tmp_path / "cv.docx", how), plain, reason)


@pytest.mark.parametrize("how", ["visible", "dark-panel"])
def test_visible_docx_text_stays(tmp_path, how):
    _assert_counts(_docx(tmp_path / "cv.docx", how))
