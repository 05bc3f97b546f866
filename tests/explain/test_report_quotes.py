"""The report quotes the posting with its phrase marked, and the resume in whole words."""

from __future__ import annotations

from cvmatch.explain.report import PostingView, report_chunks
from cvmatch.models import Document, Evidence, MatchResult, PostingRequirement, SkillProfile
from cvmatch.taxonomy import load_taxonomy

POSTING = "Agent\nRequirements\n- You must speak fluent Dutch with our callers.\n"


class _One:
    """A ranking of one result: what the renderer asks of a ranking."""

    def __init__(self, result: MatchResult) -> None:
        self.result = result
        self.ok, self.failed = 1, 0

    def __len__(self) -> int:
        return 1

    def __iter__(self):
        return iter([self.result])

    def top(self, n=None):
        return iter([self.result])

    def failures(self):
        return iter([])

    def scores(self) -> list[float]:
        return [self.result.score]


def _html(result: MatchResult) -> str:
    posting = Document(source="p.txt", format="txt", kind="posting", text=POSTING)
    view = PostingView(posting, SkillProfile(source="p.txt", kind="posting"))
    return "".join(report_chunks(_One(result), view, load_taxonomy().weights, details=1))


def test_missing_line_and_requirements_table_mark_the_posting_phrase() -> None:
    start = POSTING.index("You must")
    quote = "You must speak fluent Dutch with our callers."
    gap = PostingRequirement(
        id="multilingual",
        name="Multilingual",
        required=True,
        must_have=True,
        weight=50.0,
        why="A must-have of this posting.",
        how_to_show="Name your languages and level; this posting asks for Dutch.",
        quote=quote,
        quote_start=start,
        quote_end=start + len(quote),
        phrase="fluent Dutch",
    )
    result = MatchResult(source="r.txt", posting="p.txt", score=0.0, rank=1, missing=[gap])
    html = _html(result)
    marked = "You must speak <mark>fluent Dutch</mark> with our callers."
    assert html.count(marked) == 2  # the posting's requirements, and the candidate's gap
    assert "this posting asks for Dutch" in html


def test_a_resume_quote_cut_mid_word_is_shown_in_whole_words() -> None:
    context = "Answered billing calls for members " + "and their families " * 16 + "every wee"
    evidence = Evidence(text="billing calls", start=9, end=22, context=context)
    shown = PostingRequirement(id="phone_support", name="Phone support", required=True)
    result = MatchResult(
        source="r.txt",
        posting="p.txt",
        score=50.0,
        rank=1,
        matched=[shown.model_copy(update={"evidence": [evidence]})],
    )
    html = _html(result)
    assert "Answered <mark>billing calls</mark> for members" in html
    assert "every wee<" not in html and "every wee " not in html
