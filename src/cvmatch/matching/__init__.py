"""The matching engine: word table, phrase trie, token patterns and place rules, spaCy-free.

Its interfaces take numpy columns of word hashes and plain pattern data, so it can be
tested and timed without a spaCy ``Doc``; it imports nothing of spaCy.

``wordindex`` (hash -> number lookups), ``phrases`` (the phrase trie, as spaCy's
``PhraseMatcher(attr="LOWER")``), ``tokenspec`` (token patterns as data) ->
``tokenplan`` (anchor and checks per pattern) -> ``tokenindex`` (the vectorised
candidate search) -> ``tokenpatterns`` (the matcher: longest match per pattern and
start, as spaCy's ``Matcher``), ``places`` (which matches are kept), ``regex``.
"""

from cvmatch.matching.phrases import PhraseIndex
from cvmatch.matching.places import Places, resolve_places
from cvmatch.matching.tokenpatterns import TokenPatternMatcher
from cvmatch.matching.wordindex import WordTable

__all__ = ["PhraseIndex", "Places", "TokenPatternMatcher", "WordTable", "resolve_places"]
