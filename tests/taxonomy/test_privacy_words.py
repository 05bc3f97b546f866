"""``[privacy]`` (taxonomy/privacy.toml): validated, extensible, and used by blind mode."""

from __future__ import annotations

from pathlib import Path

import pytest

from cvmatch.errors import TaxonomyError
from cvmatch.reading.privacy import redact_text
from cvmatch.taxonomy import load_taxonomy


def test_the_shipped_privacy_words_load() -> None:
    privacy = load_taxonomy().privacy
    assert {"mrs", "ms", "mr"} <= set(privacy.gendered_titles)
    assert {"he", "she", "her"} <= set(privacy.pronouns)
    assert privacy.family_cues and privacy.origin_cues and privacy.personal_labels


@pytest.mark.parametrize(
    "table",
    ['[privacy]\npronouns = ["She"]\n', '[privacy]\nfamily_cues = ["wife (of"]\n'],
)
def test_a_bad_privacy_word_names_the_file(tmp_path: Path, table: str) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(table, encoding="utf-8")
    with pytest.raises(TaxonomyError, match=r"bad\.toml"):
        load_taxonomy(bad)


def test_a_users_file_extends_the_words(tmp_path: Path) -> None:
    extra = tmp_path / "more.toml"
    extra.write_text('[privacy]\ngendered_titles = ["sheikh"]\n', encoding="utf-8")
    taxonomy = load_taxonomy(extra)
    assert (
        "sheikh" in taxonomy.privacy.gendered_titles and "mrs" in taxonomy.privacy.gendered_titles
    )
    text = "Sheikh Rashid answered the calls.\n"
    assert "Rashid" not in redact_text(text, taxonomy=taxonomy)
    assert "Rashid" in redact_text(text)
