"""SkillVectorizer: a well-behaved scikit-learn transformer over texts, paths and Documents."""

from __future__ import annotations

import pickle
import warnings

import numpy as np
import pytest
import scipy.sparse as sp
from sklearn.base import clone
from sklearn.cluster import KMeans
from sklearn.exceptions import NotFittedError
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.utils import estimator_checks
from sklearn.utils._param_validation import InvalidParameterError

import cvmatch
from cvmatch.scoring.roles import evidence_strength
from cvmatch.sklearn import SkillVectorizer

CALL = [
    "Answer inbound calls from customers and process payments. Answer 60 calls a day.",
    "Call center agent: handle inbound calls, take orders and process refunds by phone.",
    "Take inbound phone calls about billing and process returns in the call center.",
    "Phone support agent answering inbound calls, processing orders and payments.",
    "Handle a high volume of inbound calls; process refunds and payments accurately.",
    "Inbound call center role: answer calls, process orders, route calls to the right team.",
]
LEAD = [
    "Lead and coach a team of customer service agents; run quality assurance reviews.",
    "Supervise a team of agents, coach them weekly and build the staffing schedule.",
    "Manage a team of 10 advisors: coaching, performance reviews, quality assurance.",
    "Team leader: coach and mentor agents, forecast staffing, schedule shifts.",
    "Lead a support team, coach new hires and monitor call quality for the team.",
    "Supervisor managing a team of agents, with coaching and workforce scheduling.",
]
TEXTS = CALL + LEAD
LABELS = np.array([0] * len(CALL) + [1] * len(LEAD))

POSTING = """Support Specialist

Requirements
- Answer customer emails.
- Answer phone calls from customers.

Nice to have
- Zendesk experience is a plus.
"""


@pytest.fixture(scope="module")
def fitted() -> SkillVectorizer:
    return SkillVectorizer().fit(TEXTS)


@pytest.fixture(scope="module")
def found() -> list[set[str]]:
    """The concepts extraction finds in each text: the reference the matrix must agree with."""
    return [set(cvmatch.extract_skills(cvmatch.read_text(t)).ids) for t in TEXTS]


def test_columns_are_the_taxonomy_concepts(fitted: SkillVectorizer, found) -> None:
    taxonomy = cvmatch.load_taxonomy()
    names = fitted.get_feature_names_out()
    assert names.dtype == object
    assert names.tolist() == list(taxonomy.concepts)
    assert fitted.vocabulary_ == {c: i for i, c in enumerate(taxonomy.concepts)}
    assert fitted.n_documents_ == len(TEXTS)
    assert fitted.document_frequency_.shape == (len(names),)
    for concept_id, column in fitted.vocabulary_.items():
        assert fitted.document_frequency_[column] == sum(concept_id in ids for ids in found)
    assert fitted.document_frequency_[fitted.vocabulary_["phone_support"]] >= 5
    assert fitted.document_frequency_[fitted.vocabulary_["coaching"]] >= 4


def test_transform_gives_sparse_counts_matching_extraction(fitted: SkillVectorizer) -> None:
    X = fitted.transform(TEXTS)
    assert sp.issparse(X) and X.format == "csr" and X.dtype == np.float64
    assert X.shape == (len(TEXTS), len(fitted.vocabulary_))
    for i, text in enumerate(TEXTS):
        profile = cvmatch.extract_skills(cvmatch.read_text(text))
        row = dict(zip(fitted.get_feature_names_out()[X[i].indices], X[i].data, strict=True))
        assert row == {
            s.id: float(len({(e.start, e.end) for e in s.evidence})) for s in profile.skills
        }
    # "Answer inbound calls ... Answer 60 calls a day" mentions phone support twice
    assert X[0, fitted.vocabulary_["phone_support"]] >= 2
    assert fitted.inverse_transform(X[:1])[0].tolist() == sorted(
        cvmatch.extract_skills(TEXTS[0]).ids, key=fitted.vocabulary_.__getitem__
    )


def test_binary_and_strength_values() -> None:
    binary = SkillVectorizer(value="binary").fit_transform(TEXTS)
    assert set(binary.data) == {1.0}
    strength_vec = SkillVectorizer(value="strength", kind="posting").fit([POSTING])
    X = strength_vec.transform([POSTING])
    document = cvmatch.read_text(POSTING, kind="posting")
    profile = cvmatch.extract_skills(document)
    for skill in profile.skills:
        assert X[0, strength_vec.vocabulary_[skill.id]] == pytest.approx(
            evidence_strength(skill.evidence, document)
        )
    crm = X[0, strength_vec.vocabulary_["crm_ticketing"]]
    phone = X[0, strength_vec.vocabulary_["phone_support"]]
    assert 0 < crm < phone <= 1  # "is a plus" is preferred, so weaker than a requirement


def test_inputs_texts_paths_and_documents(tmp_path, fitted: SkillVectorizer) -> None:
    paths = []
    for i, text in enumerate(TEXTS[:3]):
        path = tmp_path / f"{i}.txt"
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    expected = fitted.transform(TEXTS[:3]).toarray()
    assert (fitted.transform(paths).toarray() == expected).all()
    by_name = clone(fitted).set_params(input="filename").fit([str(p) for p in paths])
    assert (by_name.transform([str(p) for p in paths]).toarray() == expected).all()
    documents = [cvmatch.read_text(t) for t in TEXTS[:3]]
    assert (fitted.transform(documents).toarray() == expected).all()
    assert (fitted.transform(np.array(TEXTS[:3], dtype=object)).toarray() == expected).all()
    assert (fitted.transform(iter(TEXTS[:3])).toarray() == expected).all()


def test_empty_text_is_a_zero_row_in_place(fitted: SkillVectorizer) -> None:
    X = fitted.transform([TEXTS[0], "", "   ", TEXTS[6]])
    assert X.shape[0] == 4
    assert X[1].nnz == 0 and X[2].nnz == 0
    assert (X[0].toarray() == fitted.transform([TEXTS[0]]).toarray()).all()
    assert (X[3].toarray() == fitted.transform([TEXTS[6]]).toarray()).all()


def test_rejects_a_bare_string_2d_input_and_unfitted_use(fitted: SkillVectorizer) -> None:
    with pytest.raises(ValueError, match="string object received"):
        fitted.transform(TEXTS[0])
    with pytest.raises(ValueError, match="string object received"):
        SkillVectorizer().fit(TEXTS[0])
    with pytest.raises(ValueError, match="1-d"):
        fitted.transform(np.array([[TEXTS[0]]], dtype=object))
    with pytest.raises(ValueError, match="document 1 is a int"):
        fitted.transform([TEXTS[0], 3])
    with pytest.raises(NotFittedError):
        SkillVectorizer().transform(TEXTS)
    with pytest.raises(NotFittedError):
        SkillVectorizer().get_feature_names_out()


def test_input_errors_are_cvmatch_errors_and_value_errors(fitted: SkillVectorizer) -> None:
    """scikit-learn users catch ValueError, cvmatch users CvmatchError: both work."""
    for bad in (
        lambda: fitted.transform(TEXTS[0]),
        lambda: SkillVectorizer(concepts=["no_such_skill"]).fit(TEXTS),
    ):
        with pytest.raises(cvmatch.CvmatchError) as caught:
            bad()
        assert isinstance(caught.value, ValueError)


def test_selection_and_min_df(found) -> None:
    only = SkillVectorizer(concepts=["coaching", "phone_support"]).fit(TEXTS)
    assert only.get_feature_names_out().tolist() == ["coaching", "phone_support"]
    X = only.transform(TEXTS).toarray()
    assert X.shape == (len(TEXTS), 2)
    assert ((X[:, 0] > 0) == [("coaching" in ids) for ids in found]).all()
    assert ((X[:, 1] > 0) == [("phone_support" in ids) for ids in found]).all()
    soft = SkillVectorizer(categories=["leadership"]).fit(TEXTS)
    taxonomy = cvmatch.load_taxonomy()
    assert {taxonomy.concepts[c].category for c in soft.get_feature_names_out()} == {"leadership"}
    seen = SkillVectorizer(min_df=1).fit(TEXTS)
    assert (seen.document_frequency_ >= 1).all()
    assert len(seen.vocabulary_) < len(taxonomy.concepts)
    half = SkillVectorizer(min_df=0.5).fit(TEXTS)
    assert set(half.get_feature_names_out()) == {
        c
        for c, n in zip(seen.get_feature_names_out(), seen.document_frequency_, strict=True)
        if n >= 6
    }
    assert "phone_support" in half.vocabulary_


def test_parameters_are_validated_at_fit_not_init() -> None:
    bad = SkillVectorizer(value="tfidf")  # no error yet: __init__ only stores
    with pytest.raises(InvalidParameterError, match="value"):
        bad.fit(TEXTS)
    with pytest.raises(InvalidParameterError, match="min_df"):
        SkillVectorizer(min_df=-1).fit(TEXTS)
    with pytest.raises(ValueError, match="unknown concept ids"):
        SkillVectorizer(concepts=["no_such_skill"]).fit(TEXTS)
    with pytest.raises(ValueError, match="unknown categories"):
        SkillVectorizer(categories=["cooking"]).fit(TEXTS)
    with pytest.raises(ValueError, match="leaves no concept"):
        SkillVectorizer(min_df=100).fit(TEXTS)


def test_clone_and_pickle_round_trip(fitted: SkillVectorizer) -> None:
    X = fitted.transform(TEXTS)
    copy = clone(fitted)
    assert copy.get_params() == fitted.get_params()
    assert not hasattr(copy, "vocabulary_")
    data = pickle.dumps(fitted)
    assert len(data) < 10_000  # parameters and a vocabulary only, no spaCy objects
    restored = pickle.loads(data)
    assert restored.vocabulary_ == fitted.vocabulary_
    assert (restored.transform(TEXTS) != X).nnz == 0
    custom = SkillVectorizer(taxonomy=cvmatch.load_taxonomy(), value="binary").fit(TEXTS[:2])
    assert (
        pickle.loads(pickle.dumps(custom)).transform(TEXTS[:2]) != custom.transform(TEXTS[:2])
    ).nnz == 0
    assert (clone(custom).fit_transform(TEXTS[:2]) != custom.transform(TEXTS[:2])).nnz == 0


def test_fit_is_idempotent_and_order_invariant(fitted: SkillVectorizer) -> None:
    vectorizer = SkillVectorizer(value="strength", concepts=["coaching", "phone_support"])
    params = vectorizer.get_params()
    assert vectorizer.fit(TEXTS, LABELS) is vectorizer
    assert vectorizer.get_params() == params  # fit sets only attributes ending in _
    assert set(vars(vectorizer)) - set(params) == {
        "vocabulary_",
        "document_frequency_",
        "n_documents_",
    }
    again = SkillVectorizer().fit(TEXTS).fit(TEXTS)
    assert again.vocabulary_ == fitted.vocabulary_
    order = np.random.default_rng(0).permutation(len(TEXTS))
    X = fitted.transform(TEXTS)
    shuffled = fitted.transform([TEXTS[i] for i in order])
    assert (shuffled.toarray() == X.toarray()[order]).all()
    assert (fitted.transform(TEXTS[3:5]).toarray() == X.toarray()[3:5]).all()


def test_pipeline_with_grid_search_and_logistic_regression() -> None:
    pipe = Pipeline([("skills", SkillVectorizer()), ("clf", LogisticRegression())])
    search = GridSearchCV(pipe, {"skills__value": ["binary", "count"], "clf__C": [0.1, 10.0]}, cv=3)
    search.fit(TEXTS, LABELS)
    assert search.best_score_ >= 0.8
    assert set(search.best_params_) == {"skills__value", "clf__C"}
    new = ["Coach a team of agents and run quality reviews.", "Answer inbound calls all day."]
    assert search.predict(new).tolist() == [1, 0]
    restored = pickle.loads(pickle.dumps(search.best_estimator_))
    assert restored.predict(new).tolist() == [1, 0]
    names = search.best_estimator_[:-1].get_feature_names_out()
    assert len(names) == search.best_estimator_[-1].coef_.shape[1]


def test_pipeline_with_kmeans_separates_the_two_kinds_of_posting() -> None:
    pipe = make_pipeline(
        SkillVectorizer(value="binary"), KMeans(n_clusters=2, n_init=5, random_state=0)
    )
    labels = pipe.fit_predict(TEXTS)
    assert len(set(labels[:6])) == 1 and len(set(labels[6:])) == 1
    assert labels[0] != labels[6]


# scikit-learn's own checks. check_estimator skips every check for string input (the
# "string" input tag), so the API checks that apply to a text transformer are run one
# by one; the numeric ones (fit on 2-d float arrays) cannot apply and are replaced by
# the text versions above (fit returns self, idempotence, order/subset invariance,
# pickling, clone, validation at fit).
API_CHECKS = [
    "check_no_attributes_set_in_init",
    "check_parameters_default_constructible",
    "check_get_params_invariance",
    "check_set_params",
    "check_do_not_raise_errors_in_init_or_set_params",
    "check_estimator_cloneable",
    "check_estimator_repr",
    "check_estimators_unfitted",
    "check_transformers_unfitted",
    "check_get_feature_names_out_error",
    "check_mixin_order",
    "check_param_validation",
    "check_valid_tag_types",
    "check_estimator_tags_renamed",
]


@pytest.mark.parametrize("check_name", API_CHECKS)
def test_sklearn_api_checks(check_name: str) -> None:
    check = getattr(estimator_checks, check_name, None)
    if check is None:
        pytest.skip(f"{check_name} is not in this scikit-learn version")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        check("SkillVectorizer", SkillVectorizer())


def test_check_estimator_skips_numeric_checks_for_string_input() -> None:
    if not hasattr(SkillVectorizer(), "__sklearn_tags__"):
        pytest.skip("scikit-learn < 1.6 has no input tags")
    tags = SkillVectorizer().__sklearn_tags__()
    assert tags.input_tags.string and not tags.input_tags.two_d_array
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        results = estimator_checks.check_estimator(SkillVectorizer(), on_fail=None, on_skip=None)
    assert results and all(r["status"] == "passed" for r in results)
