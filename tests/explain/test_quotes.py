"""Quotes in whole words: the phrase always inside, offsets exact, no word ever cut."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cvmatch.explain.quotes import QUOTE_CHARS, quote_around, quote_in_context

_WORDS = st.sampled_from(
    ["handle", "inbound", "calls", "German", "fluent", "e-mail", "CRM,", "support.", "85%", "and"]
)
_GAPS = st.sampled_from([" ", " ", " ", "\n", ". ", "; ", " - ", "\n• "])


@st.composite
def _text_and_phrase(draw: st.DrawFn) -> tuple[str, int, int]:
    words = draw(st.lists(_WORDS, min_size=1, max_size=120))
    gaps = [draw(_GAPS) for _ in words]
    text, bounds = "", []
    for word, gap in zip(words, gaps, strict=True):
        bounds.append((len(text), len(text) + len(word)))
        text += word + gap
    first = draw(st.integers(0, len(words) - 1))
    last = draw(st.integers(first, min(len(words) - 1, first + 3)))
    return text, bounds[first][0], bounds[last][1]


def _word_char(c: str) -> bool:
    """A letter or digit: a quote may shed a trailing ";" but never split "inbound"."""
    return c.isalnum()


@settings(max_examples=300, deadline=None)
@given(_text_and_phrase())
def test_a_quote_holds_the_phrase_in_whole_words(case: tuple[str, int, int]) -> None:
    text, start, end = case
    quote = quote_around(text, start, end)
    assert text[quote.start : quote.end] == quote.text
    assert quote.start <= start and end <= quote.end
    if quote.start > 0:  # never begins inside a word
        assert not (_word_char(text[quote.start - 1]) and _word_char(text[quote.start]))
    if quote.end < len(text):  # never ends inside one
        assert not (_word_char(text[quote.end - 1]) and _word_char(text[quote.end]))
    longest_word = max(len(w) for w in text.split())
    assert len(quote.text) <= max(QUOTE_CHARS, end - start) + 2 * longest_word


def test_a_long_paragraph_is_cut_around_the_phrase() -> None:
    # job boards often strip full stops: the "sentence" is the whole paragraph
    text = "You will answer questions from our members " * 12 + "in fluent Dutch and English"
    text += " and keep notes of every conversation in the case system" * 6
    at = text.index("fluent Dutch")
    quote = quote_around(text, at, at + len("fluent Dutch"))
    assert "fluent Dutch" in quote.text
    assert len(quote.text) <= QUOTE_CHARS + 20
    assert quote.text.split()[0] in text.split() and quote.text.split()[-1] in text.split()


def test_a_quote_keeps_to_its_sentence_and_drops_bullets() -> None:
    text = "About us: we sell bikes.\n• Must have 2 years of phone support; evenings too.\nApply."
    at = text.index("phone support")
    assert quote_around(text, at, at + 13).text == "Must have 2 years of phone support;"[:-1]


def test_offsets_outside_the_text_are_refused() -> None:
    with pytest.raises(ValueError):
        quote_around("short", 2, 40)


def test_a_context_cut_short_gives_the_phrase_or_whole_words() -> None:
    cut = "Handled billing questions for " + "members and " * 30 + "provid"
    assert len(cut) >= 300
    assert not quote_in_context(cut, "billing questions").endswith("provid")
    assert quote_in_context("Answered calls all day", "chat") == "chat"
