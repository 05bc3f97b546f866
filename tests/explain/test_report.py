"""The HTML report: self-contained, escaped, and it explains the score."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

import cvmatch
import cvmatch.api
from cvmatch.batch import Ranking, iter_matches
from cvmatch.batch.report import render_report, write_report
from cvmatch.explain.report import PostingView, report_chunks
from cvmatch.models import (
    Contribution,
    Document,
    Evidence,
    MatchResult,
    PostingRequirement,
    Skill,
    SkillProfile,
)
from cvmatch.taxonomy import load_taxonomy

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
    return cvmatch.api.read_posting(
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


# --- the renderer alone: it shows what it is given and computes nothing ---------------------
class _Listed:
    """Results already ranked, held in a list: all the renderer asks of a ranking."""

    def __init__(self, results: list[MatchResult]) -> None:
        self._results = [r for r in results if r.ok] + [r for r in results if not r.ok]

    @property
    def ok(self) -> int:
        return sum(r.ok for r in self._results)

    @property
    def failed(self) -> int:
        return len(self._results) - self.ok

    def __len__(self) -> int:
        return len(self._results)

    def __iter__(self):
        return iter(self._results)

    def top(self, n=None):
        return iter(self._results[:n])

    def failures(self):
        return (r for r in self._results if not r.ok)

    def scores(self) -> list[float]:
        return [r.score for r in self._results if r.ok]


def test_renderer_shows_the_results_and_weights_it_is_given() -> None:
    evidence = Evidence(text="Zendesk", start=0, end=7, context="Zendesk tickets, daily")
    posting = Document(source="post.txt", format="txt", kind="posting", text="Agent", title="Agent")
    stated = Skill(
        id="crm_ticketing", name="CRM", category="tool", evidence=[evidence], required=True
    )
    profile = SkillProfile(source="post.txt", kind="posting", skills=[stated])
    line = Contribution(
        kind="posting", id="crm_ticketing", label="CRM", weight=100.0, strength=0.5, points=50.0
    )
    row = PostingRequirement(id="crm_ticketing", name="CRM", required=True, weight=100.0)
    result = MatchResult(
        source="jamie.txt",
        ok=True,
        posting="post.txt",
        score=50.0,
        rank=1,
        matched=[row.model_copy(update={"evidence": [evidence]})],
        contributions=[line],
    )
    shipped = load_taxonomy().weights
    weights = shipped.model_copy(
        update={"posting": shipped.posting.model_copy(update={"required": 7.0})}
    )
    view = PostingView(posting, profile, role_title="Help desk hero")
    html = "".join(report_chunks(_Listed([result]), view, weights, details=1))
    assert "A skill the posting requires weighs 7.0" in html
    assert "closest role: Help desk hero" in html
    assert "jamie.txt" in html and "50.0" in html
    assert "<mark>Zendesk</mark> tickets, daily" in html
