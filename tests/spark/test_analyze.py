"""analyze_postings_spark: the tables of analyze_postings, counted in Spark; halves merge."""

from __future__ import annotations

import pytest

from cvmatch.analytics import PostingsAnalysis, analyze_postings
from cvmatch.errors import InvalidInput
from cvmatch.spark import analyze_postings_spark, extract_skills_df

pd = pytest.importorskip("pandas")


def assert_same_tables(got: PostingsAnalysis, want: PostingsAnalysis) -> None:
    """Every aggregate table of ``got`` equals that of ``want``, order and dtypes too."""
    pairs = [
        (got.skills, want.skills),
        (got.roles, want.roles),
        (got.by_role, want.by_role),
        (got.cooccurrence, want.cooccurrence),
        (got.lift, want.lift),
        (got.pairs(min_count=1), want.pairs(min_count=1)),
        (got.salary_by_skill(min_count=1), want.salary_by_skill(min_count=1)),
        (got.attribute_counts(), want.attribute_counts()),
    ]
    for mine, theirs in pairs:
        pd.testing.assert_frame_equal(mine, theirs)
    assert (got.n_postings, got.n_failed, got.n_with_salary) == (
        want.n_postings,
        want.n_failed,
        want.n_with_salary,
    )


def test_spark_tables_equal_the_librarys(postings_df, library) -> None:
    analysis = analyze_postings_spark(postings_df, "text", id_col="id", salary_col="pay")
    assert analysis.n_with_salary > 10 and not analysis.salary_by_skill(min_count=1).empty
    assert_same_tables(analysis, library)
    assert analysis.results.count() == 36  # the per-posting rows stay in Spark
    with pytest.raises(InvalidInput, match=r"in \.results"):
        _ = analysis.postings
    assert analysis.plot_skill_demand().axes


def test_a_spark_half_merged_with_a_library_half_is_the_whole(postings, postings_df, library):
    first_half = postings_df.where(postings_df["id"] < "p017")
    first = analyze_postings_spark(first_half, "text", salary_col="pay")
    second = analyze_postings(
        postings.iloc[17:], text_column="text", salary_column="pay", progress=False
    )
    assert_same_tables(first.merge(second), library)


def test_results_written_to_parquet_are_analysed_again(postings_df, library, tmp_path) -> None:
    path = str(tmp_path / "results")
    extract_skills_df(postings_df, "text", id_col="id").write.parquet(path)
    again = PostingsAnalysis.from_results(path, id_column="id")
    assert set(again.postings["source"]) == {f"p{i:03d}" for i in range(36)}
    library_without_pay = PostingsAnalysis.from_results(library.results_frame().assign(salary=None))
    pd.testing.assert_frame_equal(again.skills, library_without_pay.skills)
    pd.testing.assert_frame_equal(again.by_role, library_without_pay.by_role)
