"""The HTML report: self-contained, escaped, and it explains the score."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

import cvmatch
from cvmatch.batch.pool import Ranking, iter_matches
from cvmatch.explain.report import render_report, write_report

EVIL = "<script>alert('owned')</script>"


@pytest.fixture()
def resumes(tmp_path: Path, resume_text: str) -> list[Path]:
    good = tmp_path / "jamie.txt"
    good.write_text(resume_text, encoding="utf-8")
    evil = tmp_path / "evil.txt"
    evil.write_text(
        resume_text.replace("Jamie Doe", EVIL)
        .replace("Zendesk,", f"Zendesk {EVIL},")
        .replace("Resolved billing complaints", f"Resolved {EVIL} billing complaints"),
        encoding="utf-8",
    )
    broken = tmp_path / "x<b>broken.pdf"
    broken.write_bytes(b"%PDF-1.4 nonsense")
    return [good, evil, broken]


@pytest.fixture()
def posting(posting_text: str):
    return cvmatch.read_posting(
        posting_text.replace("Customer Service Representative", f"Customer Service Rep {EVIL}", 1)
    )


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[str] = []
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.urls += [v for k, v in attrs if k in ("src", "href") and v and not v.startswith("#")]


def test_report_escapes_everything_from_documents(resumes, posting) -> None:
    html = render_report(iter_matches(posting, resumes), posting)
    assert "<script" not in html.lower()
    assert "&lt;script&gt;alert(&#39;owned&#39;)&lt;/script&gt;" in html
    assert "x&lt;b&gt;broken.pdf" in html
    parser = _Tags()
    parser.feed(html)
    assert "script" not in parser.tags and "x<b>broken" not in html


def test_report_is_self_contained(resumes, posting, tmp_path: Path) -> None:
    target = write_report(tmp_path / "report.html", iter_matches(posting, resumes), posting)
    html = target.read_text(encoding="utf-8")
    parser = _Tags()
    parser.feed(html)
    assert parser.urls == []
    assert "<link" not in html and "@import" not in html and "url(" not in html
    assert "http://" not in html and "https://" not in html


def test_report_shows_ranking_requirements_method_and_details(resumes, posting) -> None:
    with Ranking(iter_matches(posting, resumes)) as ranking:
        html = render_report(ranking, posting)
        best = next(iter(ranking))
    for heading in (
        "Ranking",
        "The posting's requirements",
        "How the score is computed",
        "Candidates in detail",
        "Files that could not be read (1)",
    ):
        assert heading in html
    assert "Required" in html and "Preferred" in html
    assert 'id="c1"' in html and 'id="c2"' in html
    # the breakdown adds up to the score
    assert abs(sum(c.points for c in best.contributions) - best.score) < 0.05
    card = html[html.index('id="c1"') : html.index('id="c2"')]
    assert f"{best.score:.1f}" in card
    assert all(m.name in card for m in best.missing if m.required)
    points = [float(x) for x in re.findall(r'<td class="num">(\d+\.\d\d)</td>', card)]
    assert abs(sum(points) - best.score) < 0.05


def test_report_when_nothing_could_be_read(tmp_path: Path, posting) -> None:
    html = render_report(iter_matches(posting, [tmp_path / "gone.pdf"]), posting, details=5)
    assert "No application could be scored" in html and "gone.pdf" in html
