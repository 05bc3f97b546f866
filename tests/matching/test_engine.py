"""The vectorised matching engine against plain reference implementations.

``PhraseIndex`` must answer what spaCy's ``PhraseMatcher(attr="LOWER")`` answers,
``TokenPatternMatcher`` what a greedy backtracking match (Python's ``re``) gives (the
comparison with spaCy's ``Matcher`` itself is in ``test_against_spacy.py``),
``resolve_places`` what the rules written out in Python give, and ``WordTable`` what a
dict gives — for single documents and for batches laid end to end.
"""

from __future__ import annotations

import re
import sys

import numpy
import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.attrs import LOWER
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from cvmatch.matching.phrases import PhraseIndex
from cvmatch.matching.places import Places, resolve_places
from cvmatch.matching.tokenpatterns import TokenPatternMatcher
from cvmatch.matching.wordindex import WordTable, flat_indices, mix

SETTINGS = settings(max_examples=60, deadline=None, derandomize=True)
WORDS = ["handled", "calls", "customer", "service", "the", "and", ",", ".", "Zendesk", "team"]


@pytest.fixture(scope="module")
def nlp():
    return spacy.blank("en")


def _doc(nlp, words: list[str]) -> Doc:
    return Doc(nlp.vocab, words=words)


texts = st.lists(st.sampled_from(WORDS), max_size=30)
phrase_lists = st.lists(
    st.tuples(st.integers(0, 3), st.lists(st.sampled_from(WORDS), min_size=1, max_size=4)),
    max_size=12,
)


# --- WordTable ------------------------------------------------------------------------
@SETTINGS
@given(st.lists(st.integers(1, 2**64 - 1), unique=True, max_size=300), st.data())
def test_word_table_agrees_with_a_dict(words, data):
    table = WordTable(words)
    number = {w: i for i, w in enumerate(words)}
    known = st.sampled_from(words or [5])
    queries = data.draw(st.lists(st.one_of(known, st.integers(0, 2**64 - 1))))
    found = table.lookup(numpy.array(queries, dtype=numpy.uint64)).tolist()
    assert found == [number.get(q, -1) for q in queries]


def test_word_table_grows_until_colliding_words_fit():
    # words that share their low bits and their high bits force the table to double
    words = [(1 << 40) * k + 7 for k in range(1, 40)] + [7 + (1 << 32) * k for k in range(1, 40)]
    table = WordTable(words)
    assert table.lookup(numpy.array(words, dtype=numpy.uint64)).tolist() == list(range(len(words)))


def test_mix_is_one_to_one_and_flat_indices_expand_slices():
    keys = numpy.arange(10_000, dtype=numpy.int64)
    assert len(set(mix(keys).tolist())) == len(keys)
    assert mix(12345) == int(mix(numpy.array([12345]))[0])
    starts, counts = numpy.array([5, 0, 9]), numpy.array([2, 0, 3])
    assert flat_indices(starts, counts).tolist() == [5, 6, 9, 10, 11]


# --- PhraseIndex vs spaCy's PhraseMatcher -----------------------------------------------
def _phrase_setup(nlp, entries):
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    index = PhraseIndex()
    for key_number, words in entries:
        key = nlp.vocab.strings.add(f"key{key_number}")
        matcher.add(f"key{key_number}", [_doc(nlp, words)])
        index.add(key, [[nlp.vocab.strings.add(w.lower()) for w in words]])
    return matcher, index


@SETTINGS
@given(phrase_lists, st.lists(texts, min_size=1, max_size=4))
def test_phrase_index_matches_like_spacy_phrase_matcher(nlp, entries, docs_words):
    matcher, index = _phrase_setup(nlp, entries)
    docs = [_doc(nlp, words) for words in docs_words]
    expected = [sorted(matcher(doc)) if len(index) else [] for doc in docs]
    found = index.match_many([doc.to_array(LOWER) for doc in docs]) if len(index) else None
    if found is not None:
        assert [sorted(matches) for matches in found] == expected
    for doc, want in zip(docs, expected, strict=True):  # one document at a time
        if len(index):
            keys, starts, ends = index.match(doc.to_array(LOWER))
            assert sorted(zip(keys.tolist(), starts.tolist(), ends.tolist(), strict=True)) == want


def test_phrase_index_is_case_blind_and_finds_nested_phrases(nlp):
    index = PhraseIndex()
    strings = nlp.vocab.strings
    index.add(1, [[strings.add("customer"), strings.add("service")]])
    index.add(2, [[strings.add("service")]])
    doc = _doc(nlp, ["Customer", "SERVICE", "team"])
    keys, starts, ends = index.match(doc.to_array(LOWER))
    assert sorted(zip(keys.tolist(), starts.tolist(), ends.tolist(), strict=True)) == [
        (1, 0, 2),
        (2, 1, 2),
    ]


# --- TokenPatternMatcher vs a regular-expression oracle -----------------------------------
word_lists = st.lists(st.sampled_from(WORDS), min_size=1, max_size=3)
token_specs = st.one_of(
    st.fixed_dictionaries({"LOWER": st.sampled_from([w.lower() for w in WORDS])}),
    st.fixed_dictionaries({"LOWER": st.fixed_dictionaries({"IN": word_lists})}),
    st.fixed_dictionaries({"ORTH": st.fixed_dictionaries({"NOT_IN": st.just([".", ",", ";"])})}),
    st.fixed_dictionaries({"IS_PUNCT": st.booleans()}),
)
quantifiers = st.sampled_from([None, "?", "*", "+", "{0,2}", "{1,3}", "{2}", "{2,}"])


@st.composite
def token_patterns(draw):
    shape = draw(st.sampled_from(["word gap word", "words", "any", "any"]))
    if shape == "word gap word":  # the shape with its own matcher
        gap = {"ORTH": {"NOT_IN": [".", ";"]}, "OP": draw(st.sampled_from(["{0,3}", "*", "?"]))}
        return [{"LOWER": {"IN": draw(word_lists)}}, gap, {"LOWER": {"IN": draw(word_lists)}}]
    if shape == "words":  # matched by the candidate checks alone
        return [{"LOWER": {"IN": draw(word_lists)}} for _ in range(draw(st.integers(1, 3)))]
    tokens = []
    for _ in range(draw(st.integers(1, 4))):
        spec = dict(draw(token_specs))
        op = draw(quantifiers)
        if op is not None:
            spec["OP"] = op
        tokens.append(spec)
    # the matcher anchors on a required word list: make sure there is one
    anchor = draw(st.integers(0, len(tokens) - 1))
    tokens[anchor] = {"LOWER": {"IN": draw(word_lists)}}
    return tokens


def _accepts(spec: dict, word: str, nlp) -> bool:
    lexeme = nlp.vocab[word]
    if lexeme.is_space:
        return False
    for key, value in spec.items():
        if key == "OP":
            continue
        if key == "LOWER":
            allowed = [value] if isinstance(value, str) else [w.lower() for w in value["IN"]]
            if word.lower() not in allowed:
                return False
        elif key == "ORTH":
            if word in value["NOT_IN"]:
                return False
        elif key == "IS_PUNCT" and lexeme.is_punct != value:
            return False
    return True


def _oracle(nlp, patterns: list[list[dict]], words: list[str]) -> set[tuple[int, int, int]]:
    """Greedy backtracking matches via ``re``: each token becomes one character, each
    pattern token a character class of the tokens it accepts."""
    text = "".join(chr(0x100 + i) for i in range(len(words)))
    found = set()
    for key, pattern in enumerate(patterns):
        parts = []
        for spec in pattern:
            chars = "".join(chr(0x100 + i) for i, w in enumerate(words) if _accepts(spec, w, nlp))
            cls = f"[{chars}]" if chars else "(?!)"
            op = spec.get("OP")
            quantity = {None: "", "?": "?", "*": "*", "+": "+"}.get(op, op)
            parts.append(f"(?:{cls}){quantity}")
        regex = re.compile("".join(parts))
        for start in range(len(words)):
            match = regex.match(text, start)
            if match and match.end() > start:
                found.add((key, start, match.end()))
    return found


@SETTINGS
@given(st.lists(token_patterns(), min_size=1, max_size=4), st.lists(texts, min_size=1, max_size=3))
def test_token_patterns_match_like_greedy_backtracking(nlp, patterns, docs_words):
    matcher = TokenPatternMatcher(nlp.vocab)
    for key, pattern in enumerate(patterns):
        matcher.add(key, [pattern])
    docs = [_doc(nlp, words) for words in docs_words]
    batch = matcher.match_many(docs, [doc.to_array(LOWER) for doc in docs])
    for doc, words, matches in zip(docs, docs_words, batch, strict=True):
        expected = _oracle(nlp, patterns, words)
        assert set(matches) == expected
        assert set(matcher(doc)) == expected


def test_token_patterns_never_run_across_a_line_break(nlp):
    matcher = TokenPatternMatcher(nlp.vocab)
    matcher.add(1, [[{"LOWER": "handled"}, {"OP": "*", "IS_PUNCT": False}, {"LOWER": "calls"}]])
    same_line = _doc(nlp, ["handled", "many", "calls"])
    two_lines = _doc(nlp, ["handled", "many", "\n", "calls"])
    assert matcher(same_line) == [(1, 0, 3)]
    assert matcher(two_lines) == []


# --- resolve_places vs the rules in plain Python -------------------------------------------
def _reference_places(places, vetoes):
    """(concept, start, end) kept, in output order, by the rules in the module doc."""
    found = {}
    for i, (concept, start, end) in enumerate(places):
        found[(concept, start, end)] = i  # last wins
    kept = [
        p for p in found if not any(v[0] == p[0] and v[1] < p[2] and p[1] < v[2] for v in vetoes)
    ]
    chosen = []
    for concept in sorted({p[0] for p in kept}):
        taken = []
        mine = [p for p in kept if p[0] == concept]
        for place in sorted(mine, key=lambda p: (p[1] - p[2], p[1])):
            if all(place[2] <= t[1] or t[2] <= place[1] for t in taken):
                taken.append(place)
        chosen.extend(taken)
    return [found[p] for p in sorted(chosen, key=lambda p: (p[1], p[2], p[0]))]


place_lists = st.lists(
    st.tuples(st.integers(0, 3), st.integers(0, 20), st.integers(1, 6)).map(
        lambda t: (t[0], t[1], t[1] + t[2])
    ),
    max_size=40,
)


@SETTINGS
@given(place_lists, place_lists.map(lambda v: v[:5]))
def test_resolve_places_follows_the_rules(places, vetoes):
    def columns(items):
        return Places(*(numpy.array([p[i] for p in items], dtype=numpy.int64) for i in range(3)))

    kept = resolve_places(columns(places), columns(vetoes))
    chosen = [places[i] for i in kept.tolist()]
    expected = [places[i] for i in _reference_places(places, vetoes)]
    assert chosen == expected


# --- character ranges (title lines, words already matched) ------------------------------
@SETTINGS
@given(
    st.lists(st.tuples(st.integers(0, 50), st.integers(0, 10)).map(lambda t: (t[0], t[0] + t[1]))),
    st.integers(-2, 62),
    st.integers(0, 8),
)
def test_ranges_answer_like_a_scan(ranges, start, length):
    from cvmatch.extract.cues import Ranges as _Ranges

    asked = _Ranges(ranges)
    end = start + length
    assert asked(start) == any(a <= start < b for a, b in ranges)
    assert asked.overlaps(start, end) == any(start < b and a < end for a, b in ranges)


def test_a_document_of_anchor_words_is_checked_in_slices(nlp, monkeypatch):
    import cvmatch.matching.tokenindex as tokenindex

    matcher = TokenPatternMatcher(nlp.vocab)
    matcher.add(1, [[{"LOWER": "handled"}, {"OP": "{0,3}", "IS_PUNCT": False}, {"LOWER": "calls"}]])
    matcher.add(2, [[{"LOWER": "handled"}, {"LOWER": "complaints"}]])
    words = ["handled", "x", "calls", "handled", "complaints", "handled"] * 50
    doc = _doc(nlp, words)
    whole = matcher(doc)
    monkeypatch.setattr(tokenindex, "CHECK_SLICE", 7)  # many small slices
    assert matcher(doc) == whole
    assert {key for key, _start, _end in whole} == {1, 2}


def test_the_engine_imports_no_spacy():
    import ast
    from pathlib import Path

    import cvmatch.matching

    allowed = {"numpy", "cvmatch.errors", "__future__"}
    for path in Path(cvmatch.matching.__file__).parent.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                stdlib = name.split(".")[0] in sys.stdlib_module_names
                assert stdlib or name in allowed or name.startswith("cvmatch.matching"), (
                    path,
                    name,
                )
