"""impact_ratios on 1,000 synthetic applicants reproduces the hand-computed figures exactly.

The fixture (conftest.py) gives each (sex, race) cell its applicants per score level;
the figures below are the cell sums done by hand. Rates are selected / scored (documents
that could not be read are counted apart), ratios are rate / highest rate among the groups
with at least 2% of the applicants and a known label.
"""

from __future__ import annotations

from fractions import Fraction as F

import pytest

from cvmatch.audit import UNKNOWN, MissingGroups, impact_ratios, selection_audit
from cvmatch.errors import CvmatchError, InvalidInput

pd = pytest.importorskip("pandas")

#: group: (applicants, failed, selected with threshold 60, top 186, above the median)
SEX = {
    "Female": (496, 18, 245, 94, 150),
    "Male": (466, 12, 227, 91, 145),
    "Nonbinary": (15, 0, 7, 3, 4),  # 1.5% of the applicants: not in the ratios
    UNKNOWN: (23, 3, 11, 5, 7),  # 14 blank + 4 "unknown" + 5 with no row
}
RACE = {
    "Asian": (170, 4, 82, 38, 57),
    "Black": (265, 10, 108, 35, 61),
    "Hispanic": (100, 4, 48, 20, 32),
    "Native": (12, 0, 6, 3, 4),  # 1.2%: not in the ratios
    "White": (424, 12, 232, 91, 144),
    UNKNOWN: (29, 3, 14, 6, 8),  # 20 + 4 blank race + 5 with no row
}
RULES = {"threshold": {"threshold": 60}, "top": {"top": 186}, "median": {}}
#: The highest rate of each category under each rule, by hand.
HIGHEST = {
    ("sex", "threshold"): F(245, 478),  # Female
    ("sex", "top"): F(91, 454),  # Male
    ("sex", "median"): F(145, 454),  # Male
    ("race", "threshold"): F(232, 412),  # White
    ("race", "top"): F(38, 166),  # Asian
    ("race", "median"): F(144, 412),  # White
}


def _expected(table: dict, rule: str, category: str) -> dict:
    column = 2 + list(RULES).index(rule)
    out = {}
    for group, counts in table.items():
        n, failed, chosen = counts[0], counts[1], counts[column]
        rate = F(chosen, n - failed)
        included = group != UNKNOWN and n * 50 >= 1000
        ratio = rate / HIGHEST[category, rule] if included else None
        out[group] = (n, failed, chosen, rate, ratio)
    return out


@pytest.mark.parametrize("rule", list(RULES))
@pytest.mark.parametrize(("category", "table"), [("sex", SEX), ("race", RACE)])
def test_single_categories_match_the_hand_computed_figures(synthetic, rule, category, table):
    results, groups = synthetic
    frames = impact_ratios(results, groups, by=["sex", "race"], **RULES[rule])
    frame = frames[category]
    assert sorted(frame.index) == sorted(table)
    for group, (n, failed, chosen, rate, ratio) in _expected(table, rule, category).items():
        row = frame.loc[group]
        assert (row["applicants"], row["failed"], row["selected"]) == (n, failed, chosen)
        assert row["scored"] == n - failed
        assert row["selection_rate"] == float(rate)
        if ratio is None:
            assert pd.isna(row["impact_ratio"]) and not row["flag"]
        else:
            assert row["impact_ratio"] == float(ratio)
            assert bool(row["flag"]) == (ratio < F(4, 5))
        assert row["failure_rate"] == float(F(failed, n))
    assert frame.attrs["highest_rate"] == float(HIGHEST[category, rule])


def test_the_flags_fall_where_the_hand_computation_says(synthetic):
    results, groups = synthetic
    race = selection_audit(results, groups, by="race", threshold=60).table("race")
    assert race.row("Black").ratio == F(108, 255) / F(232, 412) == F(1854, 2465)  # 0.752
    assert race.row("Black").flagged
    assert race.row("Asian").ratio == F(4223, 4814) and not race.row("Asian").flagged  # 0.877
    top = selection_audit(results, groups, by="race", top=186).table("race")
    assert top.row("Black").ratio == F(581, 969) and top.row("Black").flagged  # 0.600
    sex = selection_audit(results, groups, by="sex").table("sex")
    assert sex.row("Female").ratio == F(68100, 69310) and not sex.row("Female").flagged


def test_each_rule_selects_the_known_levels(synthetic):
    results, groups = synthetic
    threshold = selection_audit(results, groups, by="sex", threshold=60).selection
    assert (threshold.selected, threshold.scored) == (490, 967)  # every 60.0 is selected
    top = selection_audit(results, groups, by="sex", top=186).selection
    assert (top.selected, top.tied, top.by_rank) == (193, 7, False)
    assert "193 of 967 selected (7 more than 186: tied in score with place 186)" in top.description
    median = selection_audit(results, groups, by="sex").selection
    assert (median.rule, median.value, median.selected) == ("median", 60.0, 306)


def test_the_intersection_has_a_row_per_cell_with_the_cell_counts(synthetic):
    results, groups = synthetic
    frame = impact_ratios(results, groups, by="sex,race", threshold=60)["sex × race"]
    assert frame.index.names == ["sex", "race"]
    # the 16 cells of the fixture, with the blank/"unknown"/no-row ones as Unknown
    assert frame.loc[("Female", "White")][["applicants", "failed", "selected"]].tolist() == [
        190,
        6,
        104,
    ]
    highest = F(104, 184)  # Female × White
    assert frame.attrs["highest_rate"] == float(highest)
    male_black = frame.loc[("Male", "Black")]
    assert male_black["impact_ratio"] == float(F(46, 116) / highest) and male_black["flag"]
    female_black = frame.loc[("Female", "Black")]  # 0.792: just under four fifths
    assert female_black["impact_ratio"] == float(F(60, 134) / highest) and female_black["flag"]
    assert frame.loc[("Female", "Hispanic")]["impact_ratio"] == float(F(24, 48) / highest)
    for cell in [("Female", "Native"), ("Male", "Native"), ("Nonbinary", "White")]:
        assert frame.loc[cell]["excluded"] == "under 2%"
        assert pd.isna(frame.loc[cell]["impact_ratio"])
    unknown = frame.loc[(UNKNOWN, UNKNOWN)]  # "unknown"/blank (4) and no row (5)
    assert (unknown["applicants"], unknown["excluded"]) == (9, "unknown")
    assert frame.loc[("Female", UNKNOWN)]["applicants"] == 20
    assert frame["applicants"].sum() == 1000
    assert frame["selected"].sum() == 490


def test_small_and_unknown_groups_are_stated_with_their_counts(synthetic):
    results, groups = synthetic
    frames = impact_ratios(results, groups, by=["sex", "race"], threshold=60)
    assert frames["sex"].loc["Nonbinary", "excluded"] == "under 2%"
    assert frames["sex"].attrs["excluded_under_2_percent"] == 15
    assert frames["sex"].attrs["excluded_unknown"] == 23
    assert frames["race"].attrs["excluded_under_2_percent"] == 12
    notes = " ".join(frames["race"].attrs["notes"])
    assert "12 applicants in groups under 2% of all applicants (Native)" in notes
    assert "29 applicants of unknown race" in notes
    assert "5 applicants are not in the groups file" in notes
    assert "2 row(s) of the groups fit no result" in notes
    assert "1000 applicants: 967 scored, 33 could not be read" in notes


def test_failed_documents_are_reported_per_group(synthetic):
    results, groups = synthetic
    audit = selection_audit(results, groups, by="race", threshold=60)
    race = audit.table("race")
    assert [(r.group, r.failed) for r in race.rows] == [
        ("Asian", 4),
        ("Black", 10),
        ("Hispanic", 4),
        ("Native", 0),
        ("White", 12),
        (UNKNOWN, 3),
    ]
    assert race.row("Black").failure_rate == F(10, 265)
    assert audit.failed == 33


def test_no_groups_is_an_error_not_a_guess(synthetic):
    results, _ = synthetic
    with pytest.raises(MissingGroups, match="never guesses"):
        impact_ratios(results, None, by=["sex"])
    with pytest.raises(MissingGroups, match="no category"):
        impact_ratios(results, {"applicants/0001.pdf": {"sex": "Male"}}, by=[])
    with pytest.raises(MissingGroups, match="none of the 1000 results"):
        impact_ratios(results, {"other.pdf": {"sex": "Male"}}, by="sex")
    assert issubclass(MissingGroups, CvmatchError)


def test_bad_arguments_are_typed_errors(synthetic):
    results, groups = synthetic
    with pytest.raises(InvalidInput, match="not both"):
        selection_audit(results, groups, by="sex", threshold=60, top=10)
    with pytest.raises(InvalidInput, match="no column 'age'"):
        selection_audit(results, groups, by="sex,age")
    with pytest.raises(InvalidInput, match="top must be"):
        selection_audit(results, groups, by="sex", top=0)


def test_top_n_larger_than_the_pool_selects_everyone_scored(synthetic):
    results, groups = synthetic
    selection = selection_audit(results, groups, by="sex", top=5000).selection
    assert (selection.selected, selection.tied) == (967, 0)
