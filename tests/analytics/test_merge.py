"""Mergeable analyses: two halves analysed apart and merged give every table of the whole;
results rows round-trip through a DataFrame and Parquet."""

from __future__ import annotations

import itertools

import pytest

pd = pytest.importorskip("pandas")

from cvmatch.analytics import PostingsAnalysis, analyze_postings  # noqa: E402
from cvmatch.analytics.aggregate import Aggregates, median_of_counts  # noqa: E402
from cvmatch.errors import InvalidInput  # noqa: E402

TITLES = ["Call Centre Agent", "Customer Support Specialist", "Team Leader, Contact Centre"]
DUTIES = [
    "Answer inbound calls from customers about their bills.",
    "Reply to customer emails and live chat within the hour.",
    "Coach a team of ten agents and run weekly quality reviews.",
    "Process refunds and returns and log each case in Zendesk.",
]
NEEDS = [
    "Requirements\n- Fluent Spanish and English.\n- Strong listening skills.",
    "Requirements\n- Two years of call centre experience.\n- Experience with Salesforce.",
    "Nice to have\n- Experience in healthcare is a plus.\n- Patience with upset customers.",
]


def _postings(n: int) -> pd.DataFrame:
    """``n`` short postings made from the sentences above, salaries repeating so medians tie."""
    combos = itertools.cycle(itertools.product(TITLES, DUTIES, NEEDS))
    rows = []
    for i, (title, duty, need) in zip(range(n), combos, strict=False):
        text = f"{title}\n\nWhat you'll do\n- {duty}\n\n{need}\n"
        salary = None if i % 5 == 4 else 24000 + 1000 * (i % 7)
        rows.append({"text": text, "salary": salary, "team": "a" if i % 2 else "b"})
    rows[3]["text"] = None  # a failed row in the first half
    rows[-2]["text"] = "   "  # and one in the second
    return pd.DataFrame(rows, index=pd.RangeIndex(100, 100 + n, name="id"))


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return _postings(30)


@pytest.fixture(scope="module")
def whole(frame) -> PostingsAnalysis:
    return analyze_postings(frame, salary_column="salary", keep=["team"], progress=False)


@pytest.fixture(scope="module")
def halves(frame) -> list[PostingsAnalysis]:
    cut = 13
    return [
        analyze_postings(part, salary_column="salary", keep=["team"], progress=False)
        for part in (frame.iloc[:cut], frame.iloc[cut:])
    ]


def _aggregate_tables(analysis: PostingsAnalysis) -> dict[str, object]:
    return {
        "skills": analysis.skills,
        "roles": analysis.roles,
        "by_role": analysis.by_role,
        "demand_by_role": analysis.demand_by_role(),
        "cooccurrence": analysis.cooccurrence,
        "lift": analysis.lift,
        "pairs": analysis.pairs(min_count=1),
        "salary_by_skill": analysis.salary_by_skill(min_count=1),
        "attribute_counts": analysis.attribute_counts(),
        "sizes": (analysis.n_postings, analysis.n_failed, analysis.n_with_salary),
        "attribute_names": analysis.attribute_names,
    }


def assert_same_tables(got: PostingsAnalysis, want: PostingsAnalysis) -> None:
    """Every aggregate table of ``got`` equals that of ``want``, dtypes and order too."""
    mine, theirs = _aggregate_tables(got), _aggregate_tables(want)
    for name, table in theirs.items():
        if isinstance(table, pd.DataFrame):
            pd.testing.assert_frame_equal(mine[name], table, obj=name)
        else:
            assert mine[name] == table, name


def test_the_fixture_exercises_every_table(whole) -> None:
    assert whole.n_failed == 2 and whole.n_with_salary > 10
    assert len(whole.roles) >= 2 and not whole.salary_by_skill(min_count=1).empty
    assert not whole.attribute_counts().empty and len(whole.pairs(min_count=1)) > 3
    assert whole.skills["preferred"].sum() > 0 and whole.skills["required"].sum() > 0


def test_merging_two_halves_gives_the_tables_of_the_whole(whole, halves) -> None:
    merged = halves[0].merge(halves[1])
    assert_same_tables(merged, whole)
    assert_same_tables(PostingsAnalysis.merged(halves), whole)


def test_a_merge_of_analyses_with_rows_keeps_the_per_posting_tables(whole, halves) -> None:
    merged = PostingsAnalysis.merged(halves)
    pd.testing.assert_frame_equal(merged.postings, whole.postings)
    pd.testing.assert_frame_equal(merged.matrix, whole.matrix)
    pd.testing.assert_frame_equal(merged.attributes, whole.attributes)
    pd.testing.assert_frame_equal(merged.demand_by("team"), whole.demand_by("team"))


def test_counts_only_analyses_merge_too_and_say_they_have_no_rows(whole, halves) -> None:
    parts = [PostingsAnalysis.from_aggregates(h._agg, h.taxonomy) for h in halves]
    merged = PostingsAnalysis.merged(parts)
    assert_same_tables(merged, whole)
    assert len(merged) == len(whole)
    with pytest.raises(InvalidInput, match="aggregate counts only"):
        _ = merged.postings
    with pytest.raises(InvalidInput, match="aggregate counts only"):
        _ = merged.matrix


def test_results_round_trip_through_parquet(whole, tmp_path) -> None:
    pytest.importorskip("pyarrow")
    results = whole.results_frame()
    assert list(results.index) == list(whole.postings.index)
    path = tmp_path / "results.parquet"
    results.to_parquet(path)
    again = PostingsAnalysis.from_results(path)
    assert_same_tables(again, whole)
    split = [PostingsAnalysis.from_results(results.iloc[:7]), PostingsAnalysis.from_results(path)]
    assert PostingsAnalysis.merged(split).n_postings == whole.n_postings + split[0].n_postings


def test_results_of_another_shape_are_refused_with_the_columns_needed() -> None:
    with pytest.raises(InvalidInput, match="no skills column"):
        PostingsAnalysis.from_results(pd.DataFrame({"source": ["a"], "ok": [True]}))
    with pytest.raises(InvalidInput, match="at least one"):
        PostingsAnalysis.merged([])


@pytest.mark.parametrize(
    "values",
    [[5.0], [1.0, 2.0], [3.0, 1.0, 2.0, 2.0], [10.0, 10.0, 20.0, 30.0, 30.0, 30.0], []],
)
def test_the_median_of_value_counts_is_the_median_of_the_values(values) -> None:
    import statistics

    counts = {v: values.count(v) for v in values}
    want = statistics.median(values) if values else None
    assert median_of_counts(counts) == want


def test_aggregates_merge_by_sums() -> None:
    a, b = Aggregates(n_postings=2), Aggregates(n_postings=3, n_failed=1)
    a.concepts["empathy"] = [2, 1, 1, 0, 0]
    b.concepts["empathy"] = [1, 0, 0, 1, 1]
    b.salaries[30000.0] += 2
    merged = a.merge(b)
    assert merged.n_postings == 5 and merged.n_failed == 1
    assert merged.concepts["empathy"] == [3, 1, 1, 1, 1] and a.concepts["empathy"] == [
        2,
        1,
        1,
        0,
        0,
    ]
    assert merged.n_with_salary == 2
