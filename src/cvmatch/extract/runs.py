"""Long runs without a space, shortened before spaCy's tokenizer sees them.

spaCy's tokenizer strips prefixes and suffixes from a whitespace-delimited substring one
at a time, copying the rest each time, so a run made of characters that are each a
prefix or a suffix costs time quadratic in its length: 30,000 underscores take minutes,
and so do ``((((``, ``####``, ``’s’s’s`` or ``:):):)``, letters among them or not. Two
bounds, both replacing characters by spaces one for one, so the text keeps its length
and every offset into ``Document.text`` holds:

* a run of more than :data:`MAX_SYMBOL_RUN` characters that are neither letters nor
  digits (punctuation, symbols, ``_``) keeps that many; the rest become spaces;
* a run of more than :data:`MAX_RUN` characters without a space keeps that many; the
  rest become spaces. In real resumes and postings the only such runs are long URLs
  (spaCy keeps a URL as one token, which names no skill) and dot leaders.

The cost is then linear: at most ``MAX_RUN`` characters are rescanned per character.
"""

from __future__ import annotations

import re

__all__ = ["MAX_RUN", "MAX_SYMBOL_RUN", "cap_runs"]

#: Most characters in a row that are neither letters, digits nor spaces.
MAX_SYMBOL_RUN = 20
#: Most characters in a row without a space.
MAX_RUN = 100

# (?<!...): a match starts only where its run starts, so a short run is never
# rescanned from each of its characters
_SYMBOL_RUN = re.compile(rf"(?<![^\w\s])(?<!_)(?:[^\w\s]|_){{{MAX_SYMBOL_RUN + 1},}}")
_LONG_RUN = re.compile(rf"(?<!\S)\S{{{MAX_RUN + 1},}}")
#: Whether a word holds a run of symbols that is too long (anywhere in it).
_SYMBOL_PROBE = re.compile(rf"(?:[^\w\s]|_){{{MAX_SYMBOL_RUN + 1}}}")


def _keep(limit: int):  # type: ignore[no-untyped-def]
    def replace(match: re.Match[str]) -> str:
        run = match.group(0)
        return run[:limit] + " " * (len(run) - limit)

    return replace


def cap_runs(text: str) -> str:
    """``text`` with its long runs cut (see the module docstring); same length.

    Either run lies inside one word between white space (``str.split`` and ``\\s`` agree
    on what white space is), so the substitutions, which test every position, run only
    when a word is long enough to hold one: in most texts none is.
    """
    words = [word for word in text.split() if len(word) > MAX_SYMBOL_RUN]
    if any(_SYMBOL_PROBE.search(word) for word in words):
        text = _SYMBOL_RUN.sub(_keep(MAX_SYMBOL_RUN), text)
    if any(len(word) > MAX_RUN for word in words):
        text = _LONG_RUN.sub(_keep(MAX_RUN), text)
    return text
