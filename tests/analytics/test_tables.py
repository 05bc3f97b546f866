"""Analytics an analyst can join and trust: the input's index and kept columns carried
through, attribute values as tables, one "no role", missing texts alike, a progress bar."""

from __future__ import annotations

import pytest

pd = pytest.importorskip("pandas")
np = pytest.importorskip("numpy")

from cvmatch.analytics import UNASSIGNED, analyze_postings  # noqa: E402
from cvmatch.analytics import analyze as analyze_module  # noqa: E402
from cvmatch.analytics import progress as progress_module  # noqa: E402
from cvmatch.errors import InvalidInput  # noqa: E402

AGENT = """Contact Centre Agent

What you'll do
- Answer inbound calls from customers about their bills.
- Process refunds and log every call in Zendesk.

Requirements
- Fluent Spanish and English speaker.
"""

LEAD = """Customer Service Team Lead

What you'll do
- Lead and coach a team of eight support agents.
- Build weekly rotas for the contact centre.

Requirements
- 2+ years of team leadership in customer service.
"""

NOTHING = "Lorem ipsum dolor sit amet, consectetur adipiscing elit."


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "description": [AGENT, LEAD, None, NOTHING],
            "dataset": pd.Categorical(["uk", "us", "us", "uk"]),
            "category": ["service", "lead", "service", "other"],
        },
        index=pd.Index([101, 205, 307, 409], name="job_id"),
    )


@pytest.fixture(scope="module")
def analysis(frame: pd.DataFrame):
    return analyze_postings(frame, keep=["dataset", "category"], progress=False)


def test_every_per_posting_table_has_the_input_index(frame, analysis) -> None:
    postings = analysis.postings
    assert postings.index.equals(frame.index) and postings.index.name == "job_id"
    assert list(analysis.matrix.index) == [101, 205, 409]  # the postings that were read
    assert set(analysis.attributes.index) <= {101, 205, 409}
    joined = frame.join(postings[["role", "n_skills"]])  # no set_axis needed
    assert joined.loc[205, "role"] == postings.loc[205, "role"]
    # the source column still names each posting (the index label, as text)
    assert postings["source"].tolist() == ["101", "205", "307", "409"]


def test_a_multiindex_and_repeated_labels_come_through(frame) -> None:
    multi = frame.set_index([pd.Index(["a", "a", "b", "b"]), pd.Index([1, 2, 1, 2])])
    result = analyze_postings(multi, keep=["category"], progress=False)
    assert result.postings.index.equals(multi.index)
    assert result.postings["category"].tolist() == multi["category"].tolist()
    repeated = frame.set_axis([7, 7, 8, 8])
    result = analyze_postings(repeated, keep=["dataset"], progress=False)
    assert list(result.postings.index) == [7, 7, 8, 8]
    assert result.postings["dataset"].tolist() == ["uk", "us", "us", "uk"]


def test_kept_columns_keep_their_values_and_dtypes(analysis) -> None:
    postings = analysis.postings
    assert list(postings.columns[-2:]) == ["dataset", "category"]
    assert isinstance(postings["dataset"].dtype, pd.CategoricalDtype)
    assert postings["category"].tolist() == ["service", "lead", "service", "other"]
    shares = analysis.demand_by("dataset")
    assert list(shares.columns) == ["uk", "us"]
    uk = postings[postings["ok"] & (postings["dataset"] == "uk")]
    for concept in shares.index:
        expected = sum(concept in skills for skills in uk["skills"]) / len(uk)
        assert shares.at[concept, "uk"] == pytest.approx(expected)
    counts = analysis.demand_by("category", normalize=False)
    assert counts.to_numpy().sum() == postings.loc[postings["ok"], "n_skills"].sum()


def test_keep_with_dict_rows_and_the_errors() -> None:
    rows = [
        {"text": AGENT, "dataset": "uk", "extra": 1},
        {"text": LEAD, "dataset": "us"},
    ]
    result = analyze_postings(rows, text_column="text", keep=["dataset", "extra"], progress=False)
    assert result.postings["dataset"].tolist() == ["uk", "us"]
    assert result.postings["extra"].iloc[0] == 1 and pd.isna(result.postings["extra"].iloc[1])
    with pytest.raises(InvalidInput, match="'nope' is not a column"):
        analyze_postings(pd.DataFrame({"text": [AGENT]}), keep=["nope"])
    with pytest.raises(InvalidInput, match="makes itself: title"):
        analyze_postings(pd.DataFrame({"text": [AGENT], "title": ["x"]}), keep=["title"])
    with pytest.raises(InvalidInput, match="DataFrame or dict rows"):
        analyze_postings([AGENT, LEAD], keep=["dataset"])
    with pytest.raises(InvalidInput, match="list of column names"):
        analyze_postings(pd.DataFrame({"text": [AGENT]}), keep="dataset")
    with pytest.raises(InvalidInput, match="pass keep="):
        analyze_postings([AGENT], progress=False).demand_by("dataset")


def test_no_role_is_one_value_in_every_table(analysis) -> None:
    postings = analysis.postings
    assert postings.at[409, "role"] == UNASSIGNED  # read, no role fits
    assert pd.isna(postings.at[307, "role"])  # failed: unknown, not "none"
    assert pd.isna(postings.at[409, "role_score"])
    assert UNASSIGNED in analysis.roles.index and UNASSIGNED in analysis.by_role.columns
    read = postings[postings["ok"]]
    joined = read.join(analysis.roles[["postings"]], on="role")
    assert joined["postings"].notna().all()  # every read posting finds its role row
    sizes = read.groupby("role").size()  # groupby keeps the no-role postings
    assert sizes.sum() == analysis.n_postings
    assert (sizes == analysis.roles["postings"].reindex(sizes.index)).all()


def test_attribute_values_per_posting_long_and_counted(analysis) -> None:
    postings = analysis.postings
    assert {"languages", "industries", "products"} <= set(postings.columns)
    assert "Spanish" in postings.at[101, "languages"]
    assert postings.at[205, "languages"] == [] and postings.at[307, "languages"] == []
    long = analysis.attributes
    assert list(long.columns) == ["concept", "attribute", "value", "required"]
    spanish = long[(long["attribute"] == "languages") & (long["value"] == "Spanish")]
    assert list(spanish.index) == [101] and spanish["concept"].tolist() == ["multilingual"]
    counts = analysis.attribute_counts("languages")
    assert counts.index.name == "value" and list(counts.columns) == [
        "postings",
        "share",
        "required",
    ]
    assert counts.at["Spanish", "postings"] == 1
    assert counts.at["Spanish", "share"] == pytest.approx(1 / analysis.n_postings)
    everything = analysis.attribute_counts()
    assert everything.index.names == ["attribute", "value"]
    assert everything.loc[("languages", "Spanish"), "postings"] == 1
    with pytest.raises(InvalidInput, match="unknown attribute"):
        analysis.attribute_counts("languagez")


def test_attribute_values_generic_over_the_keys() -> None:
    """Whatever keys Skill.attributes has, each becomes a column and a counted attribute."""
    from cvmatch.models import Evidence, Skill, SkillProfile

    evidence = [Evidence(text="x", start=0, end=1)]
    skill = Skill(
        id="multilingual",
        name="Multilingual",
        category="communication",
        evidence=evidence,
        attributes={"languages": ["German"], "dialects": ["Bavarian", "Swabian"]},
    )
    profile = SkillProfile(source="s", kind="posting", skills=[skill])
    assert analyze_module.attribute_values(profile) == (
        ("multilingual", "languages", "German"),
        ("multilingual", "dialects", "Bavarian"),
        ("multilingual", "dialects", "Swabian"),
    )


@pytest.mark.parametrize(
    "missing", [None, float("nan"), np.nan, np.float32("nan"), pd.NA, "", "   \n"]
)
def test_missing_texts_are_alike_in_every_input(missing) -> None:
    inputs = [
        pd.DataFrame({"text": [AGENT, missing]}),
        pd.Series([AGENT, missing], dtype=object),
        [AGENT, missing],
        [{"text": AGENT}, {"text": missing}],
    ]
    errors = []
    for postings in inputs:
        kwargs = {"text_column": "text"} if isinstance(postings, list) else {}
        table = analyze_postings(postings, progress=False, **kwargs).postings
        assert table["ok"].tolist() == [True, False]
        assert table["skills"].iloc[1] == []
        errors.append(table["error"].iloc[1].split(":")[0])
    assert set(errors) == {"EmptyDocument"}


def test_progress_counts_every_posting_and_is_off_outside_terminals(monkeypatch, frame) -> None:
    seen: list[str] = []

    class Spy:
        def advance(self) -> None:
            seen.append("advance")

        def close(self) -> None:
            seen.append("close")

    made = {}

    def make(progress, total, description):
        made.update(progress=progress, total=total)
        return Spy()

    monkeypatch.setattr(analyze_module, "make_progress", make)
    analyze_postings(frame)
    assert made == {"progress": None, "total": 4}
    assert seen == ["advance"] * 4 + ["close"]  # the failed posting counts too
    monkeypatch.undo()
    # under pytest standard error is no terminal and there is no notebook: no bar
    assert isinstance(progress_module.make_progress(None, 3, "x"), progress_module._Silent)
    assert isinstance(progress_module.make_progress(False, 3, "x"), progress_module._Silent)
    bar = progress_module.make_progress(True, 2, "Analysing")  # rich, on standard error
    bar.advance()
    bar.advance()
    bar.close()


def test_the_notebook_bar_updates_one_display(monkeypatch) -> None:
    pytest.importorskip("IPython")
    import IPython.display

    shown = []

    class Handle:
        def update(self, obj) -> None:
            shown.append(obj.data)

    monkeypatch.setattr(
        IPython.display, "display", lambda obj, display_id: shown.append(obj.data) or Handle()
    )
    monkeypatch.setattr(progress_module, "_NOTEBOOK_EVERY", 0.0)
    bar = progress_module._NotebookBar(3, "Analysing <postings>")
    for _ in range(3):
        bar.advance()
    bar.close()
    assert "value='0' max='3'" in shown[0] and "&lt;postings&gt;" in shown[0]
    assert "3 / 3 postings" in shown[-1] and len(shown) == 5
    unknown = progress_module._NotebookBar(None, "x")
    unknown.advance()
    unknown.close()
    assert "<progress></progress> 1 postings" in shown[-1]
