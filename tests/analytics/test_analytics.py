"""Postings analytics: the tables agree with per-posting extraction, inputs stream, plots save."""

from __future__ import annotations

import csv
import io
import statistics

import pytest

pd = pytest.importorskip("pandas")
matplotlib = pytest.importorskip("matplotlib")
matplotlib.use("Agg")

import cvmatch  # noqa: E402
from cvmatch.analytics import (  # noqa: E402
    UNASSIGNED,
    PostingsAnalysis,
    analyze_postings,
    parse_salary,
)
from cvmatch.analytics import analyze as analyze_module  # noqa: E402
from cvmatch.errors import InvalidInput  # noqa: E402

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"

CALL_CENTER = """Call Center Agent

What you'll do
- Answer 80 inbound calls a day from customers about billing.
- Process payments, refunds and returns accurately.
- Log every call in Zendesk.

Requirements
- 1+ year of call center experience.
- Clear phone manner and strong listening skills.
"""

MANAGER = """Customer Service Manager

What you'll do
- Lead and coach a team of 12 customer service agents.
- Build weekly schedules and forecast staffing for the contact center.
- Run the quality assurance program and report CSAT and NPS.

Requirements
- 3+ years of team leadership in customer service.
- Experience with Salesforce.
"""

SPECIALIST = """Customer Support Specialist

What you'll do
- Answer customer emails and live chat.
- Troubleshoot product issues and resolve complaints.

Requirements
- Excellent written communication.
- Empathy and patience with customers.

Nice to have
- Experience with Zendesk is a plus.
"""

SALES = """Inbound Sales Representative

What you'll do
- Answer inbound calls and upsell broadband packages.
- Process orders and payments.

Requirements
- Strong phone manner.
- Bilingual English and Spanish preferred.
"""

TEXTS = [CALL_CENTER, MANAGER, SPECIALIST, SALES]
SALARIES = [31000, 62000, 40000, 35000]


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "title": ["Call Center Agent", "CS Manager", "Support Specialist", "Sales Rep"],
            "description": TEXTS,
            "salary": ["£31,000", 62000, "38k-42k", 35000.0],
        },
        index=["cc", "mgr", "spec", "sales"],
    )


@pytest.fixture(scope="module")
def analysis(frame: pd.DataFrame) -> PostingsAnalysis:
    return analyze_postings(frame, salary_column="salary", title_column="title", batch_size=2)


@pytest.fixture(scope="module")
def profiles():
    """Each fixture posting extracted on its own, the reference the tables must agree with."""
    return [cvmatch.extract_skills(cvmatch.read_text(t, kind="posting")) for t in TEXTS]


# --- the per-posting table ---------------------------------------------------------------------
def test_postings_table_keeps_order_ids_titles_salaries(analysis: PostingsAnalysis) -> None:
    table = analysis.postings
    assert list(table.columns) == [
        "source",
        "title",
        "role",
        "role_score",
        "salary",
        "n_skills",
        "skills",
        "required_skills",
        "ok",
        "error",
        "languages",
        "industries",
        "products",
        "language_levels",  # not declared by the taxonomy: found in the Sales posting
    ]
    assert list(table.index) == ["cc", "mgr", "spec", "sales"]  # the input's own index
    assert table["source"].tolist() == ["cc", "mgr", "spec", "sales"]
    assert table["title"].tolist() == [
        "Call Center Agent",
        "CS Manager",
        "Support Specialist",
        "Sales Rep",
    ]
    assert table["salary"].tolist() == SALARIES  # "£31,000" and "38k-42k" parsed
    assert table["ok"].all() and table["error"].isna().all()
    assert analysis.n_postings == 4 and analysis.n_failed == 0 and analysis.n_with_salary == 4


def test_skills_and_roles_agree_with_the_public_api(analysis: PostingsAnalysis, profiles) -> None:
    table = analysis.postings
    for (label, row), profile, text in zip(table.iterrows(), profiles, TEXTS, strict=True):
        assert row["skills"] == profile.ids, label
        assert row["required_skills"] == [s.id for s in profile.skills if s.required]
        assert row["n_skills"] == len(profile.skills)
        best = cvmatch.score_document(cvmatch.read_text(text, kind="posting")).roles[0]
        assert row["role"] == best.id
        assert row["role_score"] == pytest.approx(best.score)
    # the fixtures are written for these roles; a regression here means role detection moved
    assert table.at["cc", "role"] == "call_center_specialist"
    assert table.at["mgr", "role"] == "customer_service_manager"


# --- frequencies, required share -------------------------------------------------------------
def test_skill_frequencies_count_postings_and_required_share(analysis, profiles) -> None:
    skills = analysis.skills
    statuses = ["required", "preferred", "unspecified", "must_have"]
    assert list(skills.columns) == [
        "name",
        "category",
        "postings",
        "share",
        *statuses,
        *(f"{kind}_share" for kind in statuses),
    ]
    expected: dict[str, dict[str, int]] = {}
    for profile in profiles:
        for skill in profile.skills:
            entry = expected.setdefault(skill.id, dict.fromkeys(["postings", *statuses], 0))
            entry["postings"] += 1
            entry[skill.status] += 1
            entry["must_have"] += bool(skill.must_have)
    assert set(skills.index) == set(expected)
    for concept_id, counts in expected.items():
        row = skills.loc[concept_id]
        count = counts["postings"]
        assert row["postings"] == count
        assert row["share"] == pytest.approx(count / 4)
        assert row["required"] + row["preferred"] + row["unspecified"] == count
        for kind in statuses:
            assert row[kind] == counts[kind]
            assert row[f"{kind}_share"] == pytest.approx(counts[kind] / count)
    assert skills["postings"].is_monotonic_decreasing
    # Zendesk is required in one posting ("Log every call in Zendesk") and "a plus" in another
    crm = skills.loc["crm_ticketing"]
    assert crm["name"] == cvmatch.load_taxonomy().concepts["crm_ticketing"].name
    assert crm["category"] == "technical"
    assert crm["postings"] == 3 and crm["preferred"] == 1


def test_demand_by_role_counts_and_shares(analysis: PostingsAnalysis) -> None:
    by_role = analysis.by_role
    roles = analysis.roles
    assert list(by_role.index) == list(analysis.skills.index)
    assert set(by_role.columns) == set(roles.index)
    assert roles["postings"].sum() == 4
    assert roles["share"].sum() == pytest.approx(1.0)
    table = analysis.postings
    for role in by_role.columns:
        assert by_role[role].sum() == table.loc[table["role"] == role, "n_skills"].sum()
        assert roles.at[role, "median_salary"] == statistics.median(
            table.loc[table["role"] == role, "salary"].tolist()
        )
    assert (by_role.sum(axis=1) == analysis.skills["postings"]).all()
    shares = analysis.demand_by_role()
    for role in by_role.columns:
        assert (shares[role] == by_role[role] / roles.at[role, "postings"]).all()
    assert analysis.demand_by_role(normalize=False).equals(by_role)


# --- co-occurrence ---------------------------------------------------------------------------
def test_cooccurrence_is_symmetric_with_counts_on_the_diagonal(analysis, profiles) -> None:
    co = analysis.cooccurrence
    assert (co.to_numpy() == co.to_numpy().T).all()
    diagonal = pd.Series(co.to_numpy().diagonal(), index=co.index)
    assert (diagonal == analysis.skills["postings"]).all()
    both = sum({"phone_support", "order_processing"} <= set(p.ids) for p in profiles)
    assert both >= 1
    assert co.at["phone_support", "order_processing"] == both
    lift = analysis.lift.at["phone_support", "order_processing"]
    n_a = co.at["phone_support", "phone_support"]
    n_b = co.at["order_processing", "order_processing"]
    assert lift == pytest.approx(both * 4 / (n_a * n_b))


def test_pairs_lists_each_pair_once_most_frequent_first(analysis, profiles) -> None:
    pairs = analysis.pairs(min_count=2)
    assert list(pairs.columns) == [
        "a",
        "b",
        "name_a",
        "name_b",
        "count",
        "share",
        "lift",
        "confidence",
    ]
    assert len(pairs) > 0 and (pairs["count"] >= 2).all()
    assert pairs["count"].is_monotonic_decreasing
    assert not (pairs["a"] == pairs["b"]).any()
    keys = {frozenset(k) for k in zip(pairs["a"], pairs["b"], strict=True)}
    assert len(keys) == len(pairs)
    for row in pairs.itertuples():
        together = sum({row.a, row.b} <= set(p.ids) for p in profiles)
        alone = sum(row.a in p.ids for p in profiles)
        assert row.count == together and row.confidence == pytest.approx(together / alone)
        assert row.share == pytest.approx(together / 4)
    assert len(analysis.pairs(min_count=1)) >= len(pairs)


# --- salaries --------------------------------------------------------------------------------
def test_salary_by_skill_compares_medians_with_and_without(analysis, profiles) -> None:
    table = analysis.salary_by_skill(min_count=2)
    assert list(table.columns) == [
        "name",
        "n_with",
        "median_with",
        "n_without",
        "median_without",
        "premium",
        "premium_share",
    ]
    # CRM (Zendesk, Salesforce): call centre 31k, manager 62k, specialist 40k; without: 35k
    row = table.loc["crm_ticketing"]
    assert row["n_with"] == 3 and row["n_without"] == 1
    assert row["median_with"] == 40000 and row["median_without"] == 35000
    assert row["premium"] == 5000 and row["premium_share"] == pytest.approx(5000 / 35000)
    assert table["premium"].is_monotonic_decreasing
    pay_and_ids = [(pay, set(p.ids)) for pay, p in zip(SALARIES, profiles, strict=True)]
    for concept_id, row in table.iterrows():
        with_ = [pay for pay, ids in pay_and_ids if concept_id in ids]
        without = [pay for pay, ids in pay_and_ids if concept_id not in ids]
        assert row["n_with"] == len(with_) >= 2 and row["n_without"] == len(without) >= 1
        assert row["median_with"] == statistics.median(with_)
        assert row["median_without"] == statistics.median(without)
    others = [set(p.ids) for i, p in enumerate(profiles) if i != 1]
    once = [c for c in profiles[1].ids if not any(c in ids for ids in others)]
    assert once  # the manager posting has skills no other posting asks for
    assert not set(once) & set(table.index)
    assert set(once) <= set(analysis.salary_by_skill(min_count=1).index)


def test_no_salaries_gives_empty_salary_table() -> None:
    result = analyze_postings(TEXTS[:2])
    assert result.n_with_salary == 0
    table = result.salary_by_skill()
    assert table.empty and "premium" in table.columns
    assert result.postings["salary"].isna().all()


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (42000, 42000.0),
        ("£25,000 - £30,000 per annum", 27500.0),
        ("25k-30k", 27500.0),
        ("$18.50 - $20.00 per hour", 19.25),
        (float("nan"), None),
        ("", None),
        ("competitive", None),
        (None, None),
        (0, None),
        (True, None),
    ],
)
def test_parse_salary(value, expected) -> None:
    assert parse_salary(value) == expected


# --- inputs ----------------------------------------------------------------------------------
def test_texts_paths_folders_dicts_and_series_give_the_same_skills(tmp_path, analysis) -> None:
    folder = tmp_path / "postings"
    folder.mkdir()
    for i, text in enumerate(TEXTS):
        (folder / f"{i}.txt").write_text(text, encoding="utf-8")
    expected = analysis.postings["skills"].tolist()
    from_texts = analyze_postings(TEXTS)
    from_paths = analyze_postings(sorted(folder.glob("*.txt")))
    from_folder = analyze_postings(folder)
    rows = csv.DictReader(io.StringIO(_csv_of(TEXTS)))
    from_dicts = analyze_postings(rows, text_column="text", salary_column="pay", id_column="id")
    from_series = analyze_postings(pd.Series(TEXTS, index=list("abcd")))
    for result in (from_texts, from_paths, from_folder, from_dicts, from_series):
        assert result.postings["skills"].tolist() == expected
    assert from_paths.postings["source"].tolist() == [str(folder / f"{i}.txt") for i in range(4)]
    assert from_dicts.postings["source"].tolist() == ["p0", "p1", "p2", "p3"]
    assert from_dicts.postings["salary"].tolist() == SALARIES
    assert from_series.postings["source"].tolist() == list("abcd")


def _csv_of(texts: list[str]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["id", "text", "pay"])
    for i, (text, pay) in enumerate(zip(texts, SALARIES, strict=True)):
        writer.writerow([f"p{i}", text, pay])
    return out.getvalue()


def test_unreadable_postings_become_failed_rows_in_place(tmp_path) -> None:
    frame = pd.DataFrame({"text": [CALL_CENTER, "", None, MANAGER]})
    result = analyze_postings(frame)
    table = result.postings
    assert table["ok"].tolist() == [True, False, False, True]
    assert table.loc[1, "error"].startswith("EmptyDocument")
    assert result.n_postings == 2 and result.n_failed == 2
    assert result.skills["postings"].max() <= 2
    missing = analyze_postings([tmp_path / "nope.txt", SALES])
    assert missing.postings["ok"].tolist() == [False, True]
    assert "DocumentNotFound" in missing.failures.iloc[0]["error"]


def test_input_errors_name_the_problem() -> None:
    with pytest.raises(InvalidInput, match="text_column"):
        analyze_postings(pd.DataFrame({"words": TEXTS}))
    with pytest.raises(InvalidInput, match="'nope' is not a column"):
        analyze_postings(pd.DataFrame({"text": TEXTS}), salary_column="nope")
    with pytest.raises(InvalidInput, match="list of texts"):
        analyze_postings(CALL_CENTER)
    with pytest.raises(InvalidInput, match="batch_size"):
        analyze_postings(TEXTS, batch_size=0)
    with pytest.raises(InvalidInput, match="posting 1 is a int"):
        analyze_postings([CALL_CENTER, 7])


def test_postings_stream_through_the_extractor(monkeypatch) -> None:
    """No more than a couple of batches are read ahead of the posting being scored."""
    produced = 0
    ahead = []

    def postings():
        nonlocal produced
        for i in range(48):
            produced += 1
            yield TEXTS[i % 4]

    real = analyze_module.score_roles

    def spy(profile, taxonomy, document=None, roles=None):
        ahead.append(produced - len(ahead) - 1)
        return real(profile, taxonomy, document, roles)

    monkeypatch.setattr(analyze_module, "score_roles", spy)
    result = analyze_postings(postings(), batch_size=4)
    assert len(ahead) == 48 and result.n_postings == 48
    assert max(ahead) <= 2 * 4
    assert result.skills.loc["phone_support", "postings"] == 36


def test_detect_roles_off_puts_every_posting_under_no_role() -> None:
    result = analyze_postings(TEXTS, detect_roles=False)
    assert (result.postings["role"] == UNASSIGNED).all()
    assert list(result.roles.index) == [UNASSIGNED]
    assert result.roles.at[UNASSIGNED, "postings"] == 4
    assert list(result.by_role.columns) == [UNASSIGNED]


# --- Jupyter and plots -----------------------------------------------------------------------
def test_repr_html_summarises(analysis: PostingsAnalysis) -> None:
    html = analysis._repr_html_()
    assert "4 postings read" in html and "4 with a salary" in html
    assert html.count("<table>") == 4  # skills, roles, pairs, attribute values
    assert "Attribute values" in html and "<td>Spanish</td>" in html
    top = analysis.skills.iloc[0]
    assert f"<td>{top['name']}</td><td>{top['postings']}</td>" in html
    assert "Customer service manager" in html
    assert "4 postings" in repr(analysis)


def test_plots_return_figures_that_save_as_png(analysis: PostingsAnalysis, tmp_path) -> None:
    from matplotlib.figure import Figure

    figures = {
        "demand": analysis.plot_skill_demand(top=5),
        "demand-total": analysis.plot_skill_demand(by_role=False),
        "co": analysis.plot_cooccurrence(top=8),
        "lift": analysis.plot_cooccurrence(metric="lift"),
        "salary": analysis.plot_salary(min_count=1),
    }
    for name, fig in figures.items():
        assert isinstance(fig, Figure)
        path = tmp_path / f"{name}.png"
        fig.savefig(path)
        assert path.read_bytes().startswith(PNG_MAGIC)
    demand_ax = figures["demand"].axes[0]
    assert len(demand_ax.get_yticklabels()) == 5
    assert len(demand_ax.get_legend().get_texts()) == len(analysis.roles)
    co_ax = figures["co"].axes[0]
    assert co_ax.images[0].get_array().shape == (8, 8)
    with pytest.raises(InvalidInput, match="metric"):
        analysis.plot_cooccurrence(metric="pmi")


def test_plot_onto_given_axes_and_empty_analysis(analysis: PostingsAnalysis) -> None:
    from matplotlib.figure import Figure

    fig = Figure()
    ax = fig.add_subplot()
    assert analysis.plot_skill_demand(ax=ax) is fig
    empty = analyze_postings(pd.DataFrame({"text": ["Lorem ipsum dolor sit amet."]}))
    assert empty.skills.empty and empty.cooccurrence.shape == (0, 0)
    for fig in (empty.plot_skill_demand(), empty.plot_cooccurrence(), empty.plot_salary()):
        fig.savefig(io.BytesIO(), format="png")
    assert "0 distinct skills" in empty._repr_html_()
