"""The structure vocabulary is data: a user's ``[headings]`` changes what is found."""

from __future__ import annotations

import re
import warnings
from datetime import date
from pathlib import Path

import pytest

from cvmatch.errors import TaxonomyError
from cvmatch.structure import analyze_structure, detect_kind, find_sections, years_requested
from cvmatch.structure.sentences import cue_sentence_end, cue_sentence_start
from cvmatch.taxonomy import load_taxonomy
from cvmatch.taxonomy.headings import cue_regex

TODAY = date(2026, 1, 1)

RESUME = "Jamie Doe\nSuperpowers\nTelepathy and patience\nExperience\nAgent\n2019 - 2021\n"


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "mine.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_users_heading_is_found(tmp_path: Path) -> None:
    shipped = analyze_structure(RESUME, "resume", today=TODAY)
    assert [s.name for s in shipped.sections] == ["contact", "experience"]
    path = _write(tmp_path, '[headings.resume]\nskills = ["superpowers"]\n')
    taxonomy = load_taxonomy(path)
    structure = analyze_structure(RESUME, "resume", today=TODAY, taxonomy=taxonomy)
    skills = [s for s in structure.sections if s.name == "skills"]
    assert [(s.heading, RESUME[s.start : s.end]) for s in skills] == [
        ("Superpowers", "Superpowers\nTelepathy and patience\n")
    ]
    assert [s.name for s in structure.sections] == ["contact", "skills", "experience"]
    assert structure.positions[0].start_date == date(2019, 1, 1)
    # the shipped headings are still there: the user's file extends them
    assert "work history" in taxonomy.headings.resume["experience"]


def test_a_users_cues_mark_posting_sections(tmp_path: Path) -> None:
    text = "You will answer calls and you simply must love people. Fruit baskets are free."
    assert {s.name for s in find_sections(text, "posting")} <= {"responsibilities"}
    path = _write(
        tmp_path,
        '[headings.start_cues]\nrequirements = ["you simply must"]\n'
        '[headings.sentence_cues]\nbenefits = ["fruit basket[s]"]\n',
    )
    sections = find_sections(text, "posting", taxonomy=load_taxonomy(path))
    named = {s.name: text[s.start : s.end] for s in sections}
    assert named["requirements"].startswith("you simply must love people")
    assert named["benefits"] == "Fruit baskets are free."


def test_years_requested_takes_the_taxonomy(tmp_path: Path) -> None:
    text = "You will bring 3 years of beekeeping and 5 years in a hive."
    assert years_requested(text) is None
    path = _write(tmp_path, '[headings]\nexperience_words = ["beekeeping"]\n')
    taxonomy = load_taxonomy(path)
    assert years_requested(text, taxonomy=taxonomy) == 3.0
    assert analyze_structure(text, "posting", taxonomy=taxonomy).years_experience == 3.0


def test_kind_detection_takes_the_taxonomy(tmp_path: Path) -> None:
    text = "Hive keeper\nBeekeeping apprentice wanted, Devon"
    assert detect_kind(text) == "resume"
    assert analyze_structure(text).positions == []  # kind None: detected as a resume
    path = _write(tmp_path, '[headings.kind_cues]\nposting = ["apprentice wanted"]\n')
    taxonomy = load_taxonomy(path)
    assert detect_kind(text, taxonomy=taxonomy) == "posting"
    structure = analyze_structure(text, taxonomy=taxonomy)
    assert structure.title == "Hive keeper" and structure.sections == []


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('[headings]\nboilerplate = ["no_such_section"]\n', "no_such_section"),
        ('[headings]\nposting_opening = "nowhere"\n', "nowhere"),
        ('[headings]\nheadlines = ["x"]\n', "headlines"),
        ('[headings.resume]\nskills = ["Shouting Heading"]\n', "Shouting Heading"),
        ('[headings.start_cues]\nrequirements = ["you (must|should"]\n', "you (must|should"),
        ('[headings.kind_cues]\nposting = ["(a|)"]\n', "empty choice"),
        ('[headings]\nresume = "skills"\n', "resume"),
    ],
)
def test_a_bad_headings_table_names_the_file(tmp_path: Path, table: str, message: str) -> None:
    path = _write(tmp_path, table)
    with pytest.raises(TaxonomyError) as info:
        load_taxonomy(path)
    assert "mine.toml" in str(info.value)
    assert message in str(info.value)


@pytest.mark.parametrize(
    ("phrase", "found", "not_found"),
    [
        ("click [on] apply", ["click apply", "click on apply"], ["click onapply", "click on"]),
        (
            "[key|essential] requirements (are|include)",
            ["requirements are", "key requirements include"],
            ["key requirements", "prerequirements are"],
        ),
        ("candidate[s] (must|have)", ["candidate must", "candidates have"], ["candidatess must"]),
        ("in return[,] (you|we)", ["in return, you", "in return we"], ["in returnyou"]),
        ("without regard to (race|sex)*", ["without regard to sexual"], ["without regard to age"]),
        ("equal (opportunity|opportunities)", ["equal opportunity"], ["equal opportunityx"]),
    ],
)
def test_cue_notation(phrase: str, found: list[str], not_found: list[str]) -> None:
    pattern = re.compile(cue_regex(phrase))
    assert all(pattern.match(text) for text in found)
    assert not any(pattern.search(text) for text in not_found)


def test_cue_sentences_break_where_full_stops_were_stripped() -> None:
    text = "You answer calls Experience of chat tools would be an advantage; thanks"
    cue = text.index("would be")
    assert text[cue_sentence_start(text, cue) : cue_sentence_end(text, cue)] == (
        "Experience of chat tools would be an advantage;"
    )


def test_a_lone_comma_above_a_date_range_is_no_title() -> None:
    # once an IndexError: the line above held only separators
    structure = analyze_structure("Experience\nAgent\n,\n2015-2018\n", "resume", today=TODAY)
    (position,) = structure.positions
    assert (position.title, position.years) == (None, 4.0)


def test_old_constants_warn_and_come_from_the_taxonomy() -> None:
    from cvmatch.structure import sections

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        boilerplate = sections.BOILERPLATE_SECTIONS
        headings = sections.HEADINGS
    assert boilerplate == load_taxonomy().headings.boilerplate_sections
    assert "eeo" in boilerplate and "work history" in headings["experience"]
    assert [w.category for w in caught] == [DeprecationWarning, DeprecationWarning]
    assert "boilerplate_sections" in str(caught[0].message)
    with pytest.raises(AttributeError):
        _ = sections.NO_SUCH_NAME
