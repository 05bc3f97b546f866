"""Explanations: plain text, Markdown and the HTML report, from result models only."""

from cvmatch.explain.text import match_markdown, role_markdown, role_summary, score_markdown

__all__ = ["match_markdown", "role_markdown", "role_summary", "score_markdown"]
