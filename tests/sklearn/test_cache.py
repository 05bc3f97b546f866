"""SkillVectorizer's extraction cache: same results, no second extraction, right invalidation."""

from __future__ import annotations

import pickle

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import Pipeline
from sklearn.utils._param_validation import InvalidParameterError

import cvmatch
from cvmatch.extract.profile import SkillExtractor
from cvmatch.sklearn import ExtractionCache, SkillVectorizer
from cvmatch.sklearn_cache import decode_entry, default_cache, encode_entry, taxonomy_hash
from cvmatch.taxonomy import Taxonomy

TEXTS = [
    "Answer inbound calls from customers and take card payments over the phone.",
    "Reply to customer emails within a day and keep the ticket queue in Zendesk short.",
    "Coach a team of six agents and run weekly quality reviews of their calls.",
    "Handle complaints calmly, issue refunds and escalate billing disputes to finance.",
    "Chat with shoppers on the website, answer product questions and process returns.",
    "Build the weekly staffing schedule and forecast call volumes for the contact centre.",
]
LABELS = np.array([0, 1, 0, 1, 0, 1])


@pytest.fixture()
def extracted(monkeypatch) -> list[int]:
    """Counts the documents that reach the extractor (a spy, not a clock)."""
    seen = [0]
    original = SkillExtractor.extract_many

    def counting(self, documents, *, batch_size=32):
        def passing():
            for document in documents:
                seen[0] += 1
                yield document

        return original(self, passing(), batch_size=batch_size)

    monkeypatch.setattr(SkillExtractor, "extract_many", counting)
    return seen


def same(a, b) -> bool:
    return a.shape == b.shape and a.dtype == b.dtype and (a != b).nnz == 0


@pytest.mark.parametrize("value", ["count", "binary", "strength"])
def test_cached_results_are_the_fresh_ones(value: str, extracted) -> None:
    cache = ExtractionCache()
    fresh = SkillVectorizer(value=value, cache=False).fit_transform(TEXTS)
    first = SkillVectorizer(value=value, cache=cache).fit_transform(TEXTS)
    assert extracted[0] == 2 * len(TEXTS) and len(cache) == len(TEXTS)
    again = SkillVectorizer(value=value, cache=cache).fit_transform(TEXTS)
    assert extracted[0] == 2 * len(TEXTS)  # all from the cache
    assert cache.hits == len(TEXTS)
    assert same(fresh, first) and same(fresh, again)
    assert fresh.nnz > len(TEXTS)  # the texts do show skills: the comparison means something


def test_value_columns_and_min_df_reuse_the_entries(extracted) -> None:
    cache = ExtractionCache()
    SkillVectorizer(cache=cache).fit(TEXTS)
    assert extracted[0] == len(TEXTS)
    narrow = SkillVectorizer(
        value="strength", concepts=["phone_support", "coaching"], min_df=1, cache=cache
    )
    X = narrow.fit_transform(TEXTS)
    assert extracted[0] == len(TEXTS)
    assert same(X, clone(narrow).set_params(cache=False).fit_transform(TEXTS))


def test_the_opt_out_extracts_every_time(extracted) -> None:
    vectorizer = SkillVectorizer(cache=False)
    vectorizer.fit(TEXTS)
    vectorizer.transform(TEXTS)
    vectorizer.fit_transform(TEXTS)
    assert extracted[0] == 3 * len(TEXTS)


def test_grid_search_clones_share_the_cache_and_extract_each_text_once(extracted) -> None:
    cache = ExtractionCache()
    pipe = Pipeline([("skills", SkillVectorizer(cache=cache)), ("clf", LogisticRegression())])
    assert clone(pipe)[0].cache is cache
    search = GridSearchCV(pipe, {"skills__value": ["binary", "count"], "clf__C": [0.1, 1.0]}, cv=3)
    search.fit(TEXTS, LABELS)
    assert extracted[0] == len(TEXTS)  # 12 fits, their scores and the refit: each text once
    assert cache.misses == len(TEXTS) and cache.hits == 12 * len(TEXTS)  # + refit - first


def test_the_default_cache_is_shared_by_the_process(extracted) -> None:
    default_cache().clear()
    SkillVectorizer().fit(TEXTS[:2])
    clone(SkillVectorizer()).fit(TEXTS[:2])
    assert extracted[0] == 2 and default_cache().hits == 2


def test_a_change_to_the_taxonomy_extracts_again(extracted) -> None:
    cache = ExtractionCache()
    shipped = cvmatch.load_taxonomy()
    SkillVectorizer(taxonomy=shipped, cache=cache).fit(TEXTS)
    concept = shipped.concepts["phone_support"]
    renamed = concept.model_copy(update={"name": "Telephone support"})
    # an edited copy: pydantic copies the original's cached content_hash along with it
    changed = shipped.model_copy(update={"concepts": {**shipped.concepts, concept.id: renamed}})
    assert taxonomy_hash(changed) != taxonomy_hash(shipped)
    SkillVectorizer(taxonomy=changed, cache=cache).fit(TEXTS)
    assert extracted[0] == 2 * len(TEXTS)
    rebuilt = Taxonomy.model_validate(changed.model_dump())
    SkillVectorizer(taxonomy=rebuilt, cache=cache).fit(TEXTS)
    assert extracted[0] == 2 * len(TEXTS)  # equal content, another object: the same entries


def test_kind_input_and_version_extract_again(extracted, monkeypatch, tmp_path) -> None:
    cache = ExtractionCache()
    for kind in (None, "posting", "resume", "posting"):
        SkillVectorizer(kind=kind, cache=cache).fit(TEXTS[:2])
    assert extracted[0] == 3 * 2  # the second "posting" fit is cached
    monkeypatch.setattr(cvmatch, "__version__", cvmatch.__version__ + ".post1")
    SkillVectorizer(kind="posting", cache=cache).fit(TEXTS[:2])
    assert extracted[0] == 4 * 2
    path = tmp_path / "posting.txt"
    path.write_text(TEXTS[0], encoding="utf-8")
    by_name = SkillVectorizer(input="filename", cache=cache).fit([str(path)])
    assert extracted[0] == 4 * 2 + 1
    first = by_name.transform([str(path), path])
    assert extracted[0] == 4 * 2 + 1  # the same bytes, as a name or a Path
    path.write_text(TEXTS[2], encoding="utf-8")
    changed = by_name.transform([str(path)])
    assert extracted[0] == 4 * 2 + 2
    assert (first[0] != changed[0]).nnz > 0


def test_documents_are_keyed_by_their_fields(extracted) -> None:
    cache = ExtractionCache()
    documents = [cvmatch.read_text(t, kind="posting") for t in TEXTS[:2]]
    vectorizer = SkillVectorizer(cache=cache).fit(documents)
    vectorizer.transform(documents)
    assert extracted[0] == 2
    vectorizer.set_params(kind="resume").fit(documents)  # a resume now: read differently
    assert extracted[0] == 4


def test_the_cache_never_holds_more_than_its_bounds() -> None:
    cache = ExtractionCache(max_entries=3)
    vectorizer = SkillVectorizer(cache=cache).fit(TEXTS)
    assert len(cache) == 3
    vectorizer.transform(TEXTS[-1:])  # the most recent entries are kept
    assert cache.hits == 1
    entry = encode_entry([1, 5], [1.0, 2.0], [0.5, 0.75])
    bounded = ExtractionCache(max_bytes=1_000)
    for i in range(50):
        bounded.put(i.to_bytes(16, "little"), entry)
        assert bounded.nbytes <= 1_000 and len(bounded) >= 1
    assert len(bounded) < 50
    bounded.put(b"k" * 16, b"x" * 2_000)  # larger than the whole bound: not kept
    assert bounded.get(b"k" * 16) is None and bounded.nbytes <= 1_000
    assert ExtractionCache(max_entries=0).get(b"") is None
    indices, counts, strengths = decode_entry(entry)
    assert indices.tolist() == [1, 5] and counts.tolist() == [1.0, 2.0]
    assert strengths.tolist() == [0.5, 0.75]


def test_the_cache_pickles_as_its_bounds_and_is_validated() -> None:
    cache = ExtractionCache(max_entries=10, max_bytes=10_000)
    vectorizer = SkillVectorizer(cache=cache).fit(TEXTS)
    restored = pickle.loads(pickle.dumps(vectorizer))
    assert len(restored.cache) == 0 and restored.cache.max_entries == 10
    assert same(restored.transform(TEXTS), vectorizer.transform(TEXTS))
    with pytest.raises(InvalidParameterError, match="cache"):
        SkillVectorizer(cache="yes").fit(TEXTS)
    with pytest.raises(cvmatch.CvmatchError, match="max_entries"):
        ExtractionCache(max_entries=-1)
    cache.clear()
    assert len(cache) == 0 and cache.nbytes == 0 and cache.hits == 0
