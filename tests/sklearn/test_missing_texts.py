"""SkillVectorizer treats a missing text as analyze_postings does: no text, no skills.

``None``, NaN (Python or numpy), ``pd.NA`` and empty or blank strings each give a row
of zeros, in a list, a pandas Series or under ``input="filename"``, instead of an error
for some and a row for others.
"""

from __future__ import annotations

import numpy as np
import pytest

from cvmatch.sklearn import SkillVectorizer

pd = pytest.importorskip("pandas")

TEXT = "Answer inbound calls from customers and resolve their complaints."
MISSING = [None, float("nan"), np.nan, np.float32("nan"), pd.NA, "", "  \t\n"]


def test_each_missing_text_is_a_row_of_zeros() -> None:
    vectorizer = SkillVectorizer(value="binary").fit([TEXT])
    alone = vectorizer.transform([TEXT]).toarray()
    matrix = vectorizer.transform([TEXT, *MISSING, TEXT]).toarray()
    assert matrix.shape == (len(MISSING) + 2, alone.shape[1])
    assert (matrix[0] == alone[0]).all() and (matrix[-1] == alone[0]).all()
    assert alone[0].sum() >= 2
    assert not matrix[1:-1].any()


def test_a_series_with_gaps_and_filenames_with_gaps() -> None:
    series = pd.Series([TEXT, None, np.nan, TEXT], index=[10, 11, 12, 13])
    matrix = SkillVectorizer().fit_transform(series).toarray()
    assert matrix[1:3].sum() == 0 and (matrix[0] == matrix[3]).all() and matrix[0].any()
    by_name = SkillVectorizer(input="filename").fit_transform([None, np.nan, ""])
    assert by_name.shape[0] == 3 and by_name.nnz == 0


def test_the_analysis_and_the_vectorizer_agree_on_missing_texts() -> None:
    from cvmatch.analytics import analyze_postings

    texts = [TEXT, None, np.nan, pd.NA, ""]
    table = analyze_postings(pd.Series(texts, dtype=object), progress=False).postings
    matrix = SkillVectorizer(value="binary").fit_transform(texts)
    for i, skills in enumerate(table["skills"]):
        assert matrix[i].sum() == len(skills)
    assert table["ok"].tolist() == [True, False, False, False, False]
