"""``TokenPatternMatcher`` against spaCy's own ``Matcher``, on random patterns and docs.

The matcher promises, for every pattern and start, the longest match spaCy's
``Matcher`` reports there, with one deliberate difference: no pattern token takes a
whitespace token unless it says ``IS_SPACE`` (so the spaCy side gets
``"IS_SPACE": False`` added to such tokens). ``LOWER`` values are drawn in lowercase,
where spaCy and the matcher agree by definition.
"""

from __future__ import annotations

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.attrs import LOWER
from spacy.matcher import Matcher
from spacy.tokens import Doc

import cvmatch.matching.tokenpatterns as tokenpatterns
import cvmatch.matching.tokenspec as tokenspec
from cvmatch.errors import TaxonomyError
from cvmatch.matching.tokenpatterns import TokenPatternMatcher

SETTINGS = settings(max_examples=150, deadline=None, derandomize=True)
WORDS = ["handled", "calls", "Calls", "customer", "the", "and", ",", ".", "3", "two", "Zendesk"]
LOWERS = sorted({w.lower() for w in WORDS} | {"\n"})
FLAGS = ["LIKE_NUM", "IS_PUNCT", "IS_ALPHA", "IS_DIGIT", "IS_STOP", "IS_TITLE", "IS_LOWER"]
OPS = [None, None, "?", "*", "+", "{2}", "{0,2}", "{1,3}", "{2,}", "{,2}"]


@pytest.fixture(scope="module")
def nlp():
    return spacy.blank("en")


def _words_in(values: list[str]) -> st.SearchStrategy:
    return st.lists(st.sampled_from(values), min_size=1, max_size=3, unique=True)


def _value(values: list[str]) -> st.SearchStrategy:
    return st.one_of(
        st.sampled_from(values),
        st.fixed_dictionaries({"IN": _words_in(values)}),
        st.fixed_dictionaries({"NOT_IN": _words_in(values)}),
    )


constraint = st.one_of(
    st.fixed_dictionaries({"LOWER": _value(LOWERS)}),
    st.fixed_dictionaries({"ORTH": _value([*WORDS, "\n"])}),
    st.fixed_dictionaries({"TEXT": _value(WORDS)}),
    st.builds(lambda flag, value: {flag: value}, st.sampled_from(FLAGS), st.booleans()),
    st.just({}),
)


@st.composite
def token_spec(draw) -> dict:
    spec = dict(draw(constraint))
    if draw(st.integers(0, 4)) == 0:  # sometimes two constraints
        spec.update({k: v for k, v in draw(constraint).items() if k not in spec})
    if draw(st.integers(0, 15)) == 0:
        spec["IS_SPACE"] = draw(st.booleans())
    op = draw(st.sampled_from(OPS))
    if op is not None:
        spec["OP"] = op
    return spec


patterns = st.lists(token_spec(), min_size=1, max_size=5)
# docs with long runs of filler words, so that "*" and "+" have room beyond 8 tokens
doc_words = st.lists(
    st.one_of(st.sampled_from([*WORDS, "\n"]), st.just("the"), st.just("customer")), max_size=40
)


def _spacy_side(pattern: list[dict]) -> list[dict]:
    return [spec if "IS_SPACE" in spec else {**spec, "IS_SPACE": False} for spec in pattern]


def _spacy_longest(nlp, patterns: list[list[dict]], doc: Doc) -> set[tuple[int, int, int]]:
    """The longest end per (pattern, start) among all matches of spaCy's ``Matcher``."""
    matcher = Matcher(nlp.vocab, validate=True)
    for number, pattern in enumerate(patterns):
        matcher.add(f"pattern{number}", [_spacy_side(pattern)])
    longest: dict[tuple[int, int], int] = {}
    for key, start, end in matcher(doc):
        longest[key, start] = max(end, longest.get((key, start), end))
    return {(key, start, end) for (key, start), end in longest.items()}


def _ours(nlp, patterns: list[list[dict]]) -> TokenPatternMatcher:
    matcher = TokenPatternMatcher(nlp.vocab)
    for number, pattern in enumerate(patterns):
        matcher.add(nlp.vocab.strings.add(f"pattern{number}"), [pattern])
    return matcher


def _assert_same_as_spacy(nlp, patterns: list[list[dict]], docs_words: list[list[str]]) -> None:
    docs = [Doc(nlp.vocab, words=words) for words in docs_words]
    matcher = _ours(nlp, patterns)
    batch = matcher.match_many(docs, [doc.to_array(LOWER) for doc in docs])
    for doc, found in zip(docs, batch, strict=True):
        expected = _spacy_longest(nlp, patterns, doc)
        assert set(found) == expected, (patterns, [t.text for t in doc])
        assert set(matcher(doc)) == expected


@SETTINGS
@given(st.lists(patterns, min_size=1, max_size=3), st.lists(doc_words, min_size=1, max_size=3))
def test_token_patterns_give_spacy_matchers_longest_match_per_start(nlp, pattern_list, docs_words):
    _assert_same_as_spacy(nlp, pattern_list, docs_words)


FILLERS = ["we", "were", "asked", "to", "very", "quickly", "and", "politely", "return"]
NINE_FILLERS = ["handled", *FILLERS, "calls"]  # nine words between the two


@pytest.mark.parametrize(
    "pattern",
    [
        [{"LOWER": "handled"}, {"OP": "*"}, {"LOWER": "calls"}],
        [{"LOWER": "handled"}, {"OP": "+", "IS_PUNCT": False}, {"LOWER": "calls"}],
        [{"LOWER": "handled"}, {"OP": "{2,}"}, {"LOWER": "calls"}],
        [{"OP": "*"}, {"LOWER": "calls"}],  # unbounded before the anchor
        [{"LOWER": "we"}, {"OP": "*"}, {"LOWER": "calls"}],  # anchored on "calls"
        [{"IS_ALPHA": True, "OP": "+"}],  # no anchor: tried at every word
    ],
)
def test_unbounded_repeats_reach_past_nine_words_as_in_spacy(nlp, pattern):
    _assert_same_as_spacy(nlp, [pattern], [NINE_FILLERS, ["x", *NINE_FILLERS * 3, "."]])
    doc = Doc(nlp.vocab, words=NINE_FILLERS)
    assert any(end - start >= 10 for _key, start, end in _ours(nlp, [pattern])(doc))


def test_unbounded_repeats_stop_at_a_line_break_and_at_the_document_edge(nlp):
    pattern = [{"LOWER": "handled"}, {"OP": "*"}, {"LOWER": "calls"}]
    broken = ["handled", *FILLERS[:5], "\n", *FILLERS[5:], "calls"]
    docs = [Doc(nlp.vocab, words=words) for words in (broken, ["handled", "x"], ["calls"])]
    matcher = _ours(nlp, [pattern])
    assert matcher.match_many(docs, [doc.to_array(LOWER) for doc in docs]) == [[], [], []]
    _assert_same_as_spacy(nlp, [pattern], [broken, ["handled", "x"], ["calls"]])


def test_a_capped_engine_fails_the_comparison(nlp, monkeypatch):
    # the old engine capped "*" at 8 tokens; put that back and the comparison must fail
    monkeypatch.setattr(tokenspec, "MANY", 8)
    pattern = [{"LOWER": "handled"}, {"OP": "*"}, {"LOWER": "calls"}]
    _assert_same_as_spacy(nlp, [pattern], [["handled", *FILLERS[:8], "calls"]])  # within the cap
    with pytest.raises(AssertionError):
        _assert_same_as_spacy(nlp, [pattern], [NINE_FILLERS])


def test_an_engine_that_takes_the_shortest_match_fails_the_comparison(nlp, monkeypatch):
    def fewest_first(tokens, index, position, count, text, memo):
        for taken in range(tokens[index].low, count + 1):
            end = tokenpatterns._longest(tokens, index + 1, position + taken, text, memo)
            if end >= 0:
                return end
        return -1

    monkeypatch.setattr(tokenpatterns, "_best_rest", fewest_first)
    pattern = [{"LOWER": "handled"}, {"OP": "*"}, {"LOWER": {"IN": ["calls", "and"]}}]
    with pytest.raises(AssertionError):
        _assert_same_as_spacy(nlp, [pattern], [NINE_FILLERS])


def test_a_pattern_outside_the_subset_is_refused_by_name(nlp):
    matcher = TokenPatternMatcher(nlp.vocab)
    pattern = [{"LOWER": "handled"}, {"POS": "NOUN"}]
    with pytest.raises(TaxonomyError, match="POS") as caught:
        matcher.add(1, [pattern])
    assert "handled" in str(caught.value)
    with pytest.raises(TaxonomyError, match="OP"):
        matcher.add(1, [[{"LOWER": "handled", "OP": "!"}]])


def test_a_fallback_takes_what_the_engine_does_not_support(nlp):
    matcher = TokenPatternMatcher(nlp.vocab, fallback=lambda: Matcher(nlp.vocab))
    key = nlp.vocab.strings.add("shape")
    matcher.add(key, [[{"LOWER": "handled"}, {"SHAPE": "dd", "OP": "+"}]])
    doc = Doc(nlp.vocab, words=["handled", "12", "34", "calls"])
    assert matcher(doc) == [(key, 0, 3)]


def test_lower_values_are_lowercased_unlike_spacy(nlp):
    matcher = TokenPatternMatcher(nlp.vocab)
    matcher.add(7, [[{"LOWER": "Zendesk"}]])
    doc = Doc(nlp.vocab, words=["ZENDESK", "zendesk"])
    assert matcher(doc) == [(7, 0, 1), (7, 1, 2)]
