"""The engine's tables as plain arrays: what comes back matches what was built."""

from __future__ import annotations

import numpy
import spacy.attrs

from cvmatch.matching import tokenplan
from cvmatch.matching.phrases import PhraseIndex
from cvmatch.matching.wordindex import WordTable

WORDS = [11, 12, 13, 14, 2**63 + 9, 7]


def built() -> PhraseIndex:
    index = PhraseIndex()
    index.add(1, [[11, 12], [11, 12, 13], [2**63 + 9]])
    index.add(2, [[12, 13], [11, 12]])
    return index


def test_a_word_table_comes_back_from_its_arrays() -> None:
    table = WordTable(WORDS)
    again = WordTable.from_arrays(table.to_arrays("t"), "t")
    probe = numpy.array([*WORDS, 99, 0], dtype=numpy.uint64)
    assert (
        again.lookup(probe).tolist() == table.lookup(probe).tolist() == [0, 1, 2, 3, 4, 5, -1, -1]
    )


def test_a_phrase_index_comes_back_from_its_arrays() -> None:
    index = built()
    again = PhraseIndex.from_arrays(index.to_arrays())
    text = numpy.array([11, 12, 13, 0, 2**63 + 9, 11, 12], dtype=numpy.uint64)
    assert len(again) == len(index) == 4
    assert again.vocabulary == index.vocabulary
    expected = [sorted(zip(*(a.tolist() for a in index.match(text)), strict=True))]
    assert [sorted(zip(*(a.tolist() for a in again.match(text)), strict=True))] == expected


def test_phrases_added_to_a_stored_index_join_the_stored_ones() -> None:
    again = PhraseIndex.from_arrays(built().to_arrays())
    again.add(3, [[14]])
    fresh = built()
    fresh.add(3, [[14]])
    text = numpy.array([14, 11, 12, 13], dtype=numpy.uint64)
    assert sorted(zip(*(a.tolist() for a in again.match(text)), strict=True)) == sorted(
        zip(*(a.tolist() for a in fresh.match(text)), strict=True)
    )
    assert len(again) == 5


def test_the_stop_word_attribute_is_spacy_s() -> None:
    assert tokenplan.IS_STOP_ATTR == spacy.attrs.IS_STOP
    vocab = spacy.blank("en").vocab
    for word in ("the", "and", "zendesk", "calls", "unseenword"):
        assert tokenplan._is_stop(vocab, word) == vocab[word].is_stop
