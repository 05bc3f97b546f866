"""The alias index finds what scikit-learn's fitted vectorizer finds, without importing it."""

from __future__ import annotations

import subprocess
import sys

import numpy
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from cvmatch.extract.aliasindex import AliasIndex, char_ngrams
from cvmatch.extract.skillmap import SkillListMapper
from cvmatch.taxonomy import load_taxonomy

ITEMS = [
    "Cust. service",
    "zendesk admin",
    "Complaint   resolution\tskills",
    "a",
    "ab",
    "x y z",
    "",
    "MS Excel",
    "Kundenservice Französisch",
    "multi-line phone systems",
    "de-escalation",
]


@pytest.fixture(scope="module")
def mapper() -> SkillListMapper:
    mapper = SkillListMapper(load_taxonomy())
    mapper._fit()
    return mapper


def test_ngrams_are_the_char_wb_analyzer_s() -> None:
    analyzer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4)).build_analyzer()
    for text in [*ITEMS, "I", "Öl  und\nWasser", "abcd abcde"]:
        assert char_ngrams(text) == analyzer(text)


def test_nearest_alias_and_similarity_are_the_vectorizer_s(mapper: SkillListMapper) -> None:
    phrases = mapper.phrases_
    vectorizer = TfidfVectorizer(
        analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True, lowercase=True
    )
    aliases = vectorizer.fit_transform(phrases).T.tocsr()
    items = [*ITEMS, *phrases[::97]]
    similarities = (vectorizer.transform(items) @ aliases).toarray()
    found = mapper.index_.nearest(items)
    assert [i for i, _ in found] == similarities.argmax(axis=1).tolist()
    numpy.testing.assert_allclose([s for _, s in found], similarities.max(axis=1), atol=1e-12)


def test_the_index_is_read_back_from_the_cache(mapper: SkillListMapper) -> None:
    again = AliasIndex.build(mapper.phrases_)
    assert again.nearest(ITEMS) == mapper.index_.nearest(ITEMS)


def test_mapping_a_skills_list_imports_no_scikit_learn(mapper: SkillListMapper) -> None:
    code = (
        "import sys; from cvmatch.extract.skillmap import SkillListMapper;"
        "from cvmatch.taxonomy import load_taxonomy;"
        "print(SkillListMapper(load_taxonomy()).map(['Complaint handling'])[0].concept);"
        "print('sklearn' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == [mapper.map(["Complaint handling"])[0].concept, "False"]


def test_many_texts_at_once_score_as_each_alone(
    mapper: SkillListMapper, monkeypatch: pytest.MonkeyPatch
) -> None:
    from cvmatch.extract import aliasindex

    items = [*ITEMS, *mapper.phrases_[::151], "customer service", "customer  service"]
    alone = [mapper.index_.nearest([item])[0] for item in items]
    assert mapper.index_.nearest(items) == alone
    monkeypatch.setattr(aliasindex, "_MAX_CELLS", 3 * mapper.index_.size)  # 3 texts a step
    assert mapper.index_.nearest(items) == alone
    assert all(isinstance(score, float) for _, score in alone)
    assert mapper.index_.nearest([]) == []
