"""Explanations: plain-text summaries and Markdown that say what a score is made of."""

from __future__ import annotations

import cvmatch
from cvmatch.explain.text import match_markdown, role_markdown, salary_text, score_markdown


def test_role_summary_names_score_strengths_and_gaps(resume_text):
    fit = cvmatch.score_resume(resume_text).roles[0]
    assert f"{fit.score:.0f}/100" in fit.summary
    assert "essential" in fit.summary
    if fit.missing:
        assert fit.missing[0].name in fit.summary


def test_role_markdown_lists_every_line_and_adds_up(resume_text):
    fit = cvmatch.score_resume(resume_text, roles=["call_center_specialist"]).roles[0]
    text = role_markdown(fit)
    assert text.startswith("### Call center specialist")
    for line in fit.contributions:
        assert line.label in text
    assert f"**{fit.score:.1f}**" in text
    assert "Robert Half 2026 Salary Guide" in text
    for gap in fit.missing:
        assert gap.why in text and gap.how_to_show in text


def test_salary_text_carries_its_source_or_says_there_is_none(resume_text):
    fits = {f.id: f for f in cvmatch.score_resume(resume_text).roles}
    assert salary_text(fits["customer_service_manager"]) == (
        "$57,000–$81,250 per year (Robert Half 2026 Salary Guide)"
    )
    assert "no salary range" in salary_text(fits["account_manager"])


def test_score_and_match_markdown(resume_text, posting_text, tmp_path):
    result = cvmatch.score_resume(resume_text)
    text = score_markdown(result, top=2)
    assert text.count("### ") == 2
    match = cvmatch.match(resume_text, posting_text)
    assert "/100" in match_markdown(match)
    failed = cvmatch.batch.iter_scores([tmp_path / "missing.pdf"])
    assert "Failed" in score_markdown(next(failed))
