"""Skill extraction: the ``cvmatch_skills`` spaCy component and :func:`extract_skills`.

The component follows spaCy's ``SpanRuler``: typed keyword-only settings, patterns
as data (``{"label": category, "id": concept, "pattern": ...}``), results in
``doc.spans``, ``to_disk``/``from_disk`` as JSONL. Aliases are compiled with every
inflection and spelling variant (see :mod:`cvmatch.extract.lexicon`), so matching is a
phrase lookup on lowercased tokens. :func:`extract_skills` adds what needs the
document's structure: sections, posting boilerplate, required vs preferred,
attributes (languages, industries) and quantities.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import numpy
import srsly
from spacy.attrs import LOWER
from spacy.language import Language
from spacy.strings import hash_string
from spacy.tokens import Doc, Span
from spacy.util import ensure_path

from cvmatch.errors import DocumentTooLarge, InvalidInput
from cvmatch.extract.lexicon import Inflector, get_inflector
from cvmatch.extract.skillmap import SkillListMapper, split_skill_items
from cvmatch.matching.phrases import PhraseIndex
from cvmatch.matching.places import Places, resolve_places
from cvmatch.matching.regex import CaseBlind
from cvmatch.matching.tokenpatterns import TokenPatternMatcher
from cvmatch.matching.wordindex import WordTable, end_to_end
from cvmatch.models import Document, Evidence, Skill, SkillProfile
from cvmatch.structure.sections import BOILERPLATE_SECTIONS
from cvmatch.structure.sentences import sentence_bounds
from cvmatch.taxonomy import Taxonomy, load_taxonomy

__all__ = [
    "DEFAULT_SPANS_KEY",
    "SkillExtractor",
    "SkillMatcher",
    "get_extractor",
    "make_skill_matcher",
    "patterns_from_taxonomy",
]

DEFAULT_SPANS_KEY = "cvmatch_skills"
_CUE_KEY = "cvmatch\tnegation cue"
# pipe() searches a batch of docs at once: up to this many docs or tokens, whichever
# comes first (bigger batches share fixed costs and keep the tables in cache longer)
_PIPE_DOCS = 256
_PIPE_TOKENS = 250_000
_MAX_VARIANTS = 256


# --- patterns as data ---------------------------------------------------------------
def patterns_from_taxonomy(taxonomy: Taxonomy) -> list[dict[str, Any]]:
    """The matcher patterns of every concept: ``{"label", "id", "pattern", ...}`` dicts.

    ``label`` is the concept's category and ``id`` its concept id (as in spaCy's
    ``SpanRuler``). A string pattern is an alias; ``inflect: false`` turns off
    inflection (aliases written ``=word`` in the taxonomy); ``case_sensitive: true``
    matches the exact spelling; ``value`` names an attribute value (a language, an
    industry) that the alias reveals; ``exclude: true`` marks a phrase that vetoes the
    concept's matches it overlaps ("leadership team" is not team leadership).
    """
    out: list[dict[str, Any]] = []
    for concept in taxonomy.concepts.values():
        base = {"label": concept.category, "id": concept.id}
        for alias in concept.aliases:
            out.append({**base, **_alias_entry(alias)})
        for value, aliases in concept.values.items():
            for alias in aliases:
                out.append({**base, **_alias_entry(alias), "value": value})
        for alias in concept.case_sensitive:
            out.append({**base, "pattern": alias, "case_sensitive": True})
        for pattern in concept.patterns:
            out.append({**base, "pattern": [dict(token) for token in pattern]})
        for phrase in concept.exclude:
            out.append({**base, **_alias_entry(phrase), "exclude": True})
    return out


def _alias_entry(alias: str) -> dict[str, Any]:
    if alias.startswith("="):
        return {"pattern": alias[1:], "inflect": False}
    return {"pattern": alias}


def _expand_token_pattern(
    pattern: Sequence[dict[str, Any]], inflector: Inflector | None
) -> list[dict[str, Any]]:
    """Rewrite ``LEMMA`` constraints as ``LOWER IN <all forms>`` (no lemmatiser needed)."""
    out = []
    for token in pattern:
        token = dict(token)
        lemma = token.pop("LEMMA", None)
        if lemma is not None:
            if isinstance(lemma, str):
                words = [lemma]
            elif isinstance(lemma, dict) and set(lemma) <= {"IN"}:
                words = list(lemma["IN"])
            else:
                raise InvalidInput(f"unsupported LEMMA constraint {lemma!r}; use a string or IN")
            forms: set[str] = set()
            for word in words:
                forms |= inflector.forms(word.lower()) if inflector else {word.lower()}
            token["LOWER"] = {"IN": sorted(forms)}
        out.append(token)
    return out


# --- the spaCy component ------------------------------------------------------------
_NEGATION_CUE = re.compile(
    r"\b(?:no|not|never|without|lacks?|lacking|none|nor|neither)\b"
    r"(?![- ](?:only|matter|just|less|later|longer|problem|doubt|exception))",
    re.IGNORECASE,
)
_NEGATION_AFTER = re.compile(
    r"^\W*(?:[\w'’]+\W+){0,3}?(?:is |are |experience )?(?:not (?:required|necessary|needed|"
    r"essential|mandatory|a requirement|expected)|isn't required|unnecessary)",
    re.IGNORECASE,
)
_CLAUSE_BREAK = re.compile(r"[.;!?\n•|]|\bbut\b|\bhowever\b", re.IGNORECASE)
_WORD = re.compile(r"[\w'’]+")
_NEGATION_REACH = 4  # words between a cue and the mention


def is_negated(text: str, start: int, end: int) -> bool:
    """True when the words at ``text[start:end]`` are denied in their clause.

    Looks back to the clause start for "no", "not", "without", "never", "lack" within
    four words, and ahead for "... not required".
    """
    before = text[max(0, start - 80) : start]
    breaks = list(_CLAUSE_BREAK.finditer(before))
    if breaks:
        before = before[breaks[-1].end() :]
    cues = list(_NEGATION_CUE.finditer(before))
    if cues and len(_WORD.findall(before[cues[-1].end() :])) <= _NEGATION_REACH:
        return True
    after = text[end : end + 50]
    stop = _CLAUSE_BREAK.search(after)
    if stop:
        after = after[: stop.start()]
    return bool(after) and bool(_NEGATION_AFTER.search(after))


_CUE_WORDS = frozenset(
    {"no", "not", "never", "without", "lack", "lacks", "lacking", "none", "nor", "neither", "n't"}
)
_CUE_EXCEPTIONS = frozenset(
    {"only", "matter", "just", "less", "later", "longer", "problem", "doubt", "exception"}
)
_BREAK_WORDS = frozenset({".", ";", "!", "?", "•", "|", "but", "however"})
_NOT_NEEDED = frozenset(
    {"required", "necessary", "needed", "essential", "mandatory", "expected", "requirement"}
)


def _hashes(words: Iterable[str]) -> frozenset[int]:
    return frozenset(hash_string(w) for w in words)


_CUE_H = _hashes(_CUE_WORDS)
_EXCEPTION_H = _hashes(_CUE_EXCEPTIONS)
_BREAK_H = _hashes(_BREAK_WORDS)
_NOT_NEEDED_H = _hashes(_NOT_NEEDED)
_NOT_H = _hashes(["not", "n't"])
_UNNECESSARY_H = hash_string("unnecessary")
_A_H = hash_string("a")
_REQUIREMENT_H = hash_string("requirement")
_ANY_CUE_WORDS = sorted(_CUE_WORDS | {"unnecessary"})


class _NegationView:
    """Where a doc's negation words stand, and its lowercase hashes near them on demand
    (line breaks read as clause breaks). Most mentions have no cue nearby: free checks."""

    __slots__ = ("cues", "lowers", "strings")

    def __init__(self, doc: Doc, lowers: numpy.ndarray, cues: list[int]) -> None:
        self.lowers = lowers
        self.strings = doc.vocab.strings
        self.cues = cues

    def words(self, start: int, end: int) -> list[int]:
        """Lowercase hashes of tokens ``start:end``, a line break as "."."""
        words = self.lowers[start:end].tolist()
        for i, word in enumerate(words):
            if word == 0:  # the empty word between documents laid end to end
                words[i] = _PERIOD_H
                continue
            breaks = _LINE_BREAKS.get(word)
            if breaks is None:
                text = self.strings[word]
                breaks = text.isspace() and "\n" in text
                if len(_LINE_BREAKS) > 100_000:
                    _LINE_BREAKS.clear()
                _LINE_BREAKS[word] = breaks
            if breaks:
                words[i] = _PERIOD_H
        return words


#: where a negation cue must stand to be looked at: from this many tokens before a
#: mention to fewer than this many after it
_CUES_BEFORE, _CUES_AFTER = 14, 8
#: word hash -> whether the word is whitespace holding a line break (hashes are global)
_LINE_BREAKS: dict[int, bool] = {}
_PERIOD_H = hash_string(".")


def _negated_tokens(view: _NegationView, start: int, end: int) -> bool:
    """Token-level twin of :func:`is_negated`: a cue within four words before the
    mention in its clause, or "not required" (and kin) right after it."""
    cues = view.cues
    if not cues:
        return False
    nearest = bisect.bisect_left(cues, start - _CUES_BEFORE)
    if nearest == len(cues) or cues[nearest] >= end + _CUES_AFTER:
        return False
    offset = max(0, start - 13)
    words = view.words(offset, end + 9)
    start, end = start - offset, end - offset
    for gap, i in enumerate(range(start - 1, -1, -1)):
        word = words[i]
        if word in _BREAK_H:
            break
        if word in _CUE_H:
            following = words[i + 1] if i + 1 < len(words) else 0
            if following not in _EXCEPTION_H and gap <= _NEGATION_REACH:
                return True
    for j in range(end, min(len(words), end + 8)):
        word = words[j]
        if word in _BREAK_H:
            break
        if word == _UNNECESSARY_H:
            return True
        if word in _NOT_H:
            nxt = words[j + 1 : j + 3]
            if nxt and (nxt[0] in _NOT_NEEDED_H or (nxt[0] == _A_H and _REQUIREMENT_H in nxt)):
                return True
    return False


class SkillMatcher:
    """Find taxonomy concepts in a ``Doc`` and store them as spans in ``doc.spans``.

    Each span's ``label_`` is the concept's category, ``id_`` the concept id and
    ``kb_id_`` the attribute value the words name (a language, an industry), if any.
    Mentions denied in their clause ("no Salesforce experience") go to
    ``doc.spans[spans_key + "_negated"]`` instead.
    """

    def __init__(
        self,
        nlp: Language,
        name: str = "cvmatch_skills",
        *,
        spans_key: str = DEFAULT_SPANS_KEY,
        inflect: bool = True,
        negation: bool = True,
        load_shipped: bool = True,
        overwrite: bool = True,
    ) -> None:
        self.nlp = nlp
        self.name = name
        self.spans_key = spans_key
        self.inflect = inflect
        self.negation = negation
        self.load_shipped = load_shipped
        self.overwrite = overwrite
        self.clear()

    # container API, as SpanRuler
    def clear(self) -> None:
        """Remove every pattern."""
        self._patterns: list[dict[str, Any]] = []
        self._keys: dict[int, _MatchKey] = {}
        # case-sensitive keys -> the exact token texts (ORTH hashes) their phrases have;
        # they are found by the one LOWER phrase matcher, then checked
        self._exact: dict[int, set[tuple[int, ...]]] = {}
        self._phrases = PhraseIndex()
        # negation cues ride along in the same pass of the phrase matcher
        strings = self.nlp.vocab.strings
        self._cue_key = strings.add(_CUE_KEY)
        self._phrases.add(self._cue_key, [[strings.add(word)] for word in _ANY_CUE_WORDS])
        self._tokens = TokenPatternMatcher(self.nlp.vocab)
        self._frozen_keys: _KeyArrays | None = None
        self._joint_words: _JointWords | None = None
        self._loaded = False

    def __len__(self) -> int:
        self._ensure_loaded()
        return len(self._patterns)

    def __contains__(self, concept_id: object) -> bool:
        self._ensure_loaded()
        return any(p["id"] == concept_id for p in self._patterns)

    @property
    def patterns(self) -> list[dict[str, Any]]:
        """The patterns as added (data, not compiled)."""
        self._ensure_loaded()
        return [dict(p) for p in self._patterns]

    @property
    def labels(self) -> tuple[str, ...]:
        """The categories of the patterns."""
        return tuple(sorted({p["label"] for p in self.patterns}))

    @property
    def ids(self) -> tuple[str, ...]:
        """The concept ids of the patterns."""
        return tuple(sorted({p["id"] for p in self.patterns}))

    def initialize(
        self,
        get_examples: Callable[[], Iterable[Any]] | None = None,
        *,
        nlp: Language | None = None,
        patterns: Sequence[dict[str, Any]] | None = None,
        taxonomy: str | None = None,
    ) -> None:
        """Load patterns: those given, else those of ``taxonomy`` (a path) or the shipped one."""
        self.clear()
        if patterns is None:
            patterns = patterns_from_taxonomy(load_taxonomy(taxonomy))
        self._add(patterns)

    def add_patterns(self, patterns: Iterable[dict[str, Any]]) -> None:
        """Add patterns (``{"label", "id", "pattern"}`` plus optional flags) and compile them.

        With ``load_shipped`` (the default) they come on top of the shipped taxonomy's.
        """
        self._ensure_loaded()
        self._add(patterns)

    def _add(self, patterns: Iterable[dict[str, Any]]) -> None:
        inflector = get_inflector() if self.inflect else None
        lower: dict[int, list[str]] = {}
        token_patterns: dict[int, list[list[dict[str, Any]]]] = {}
        for entry in patterns:
            if not isinstance(entry, dict) or not {"label", "id", "pattern"} <= set(entry):
                raise InvalidInput(f"pattern entries need label, id and pattern: {entry!r}")
            pattern = entry["pattern"]
            exact = isinstance(pattern, str) and bool(entry.get("case_sensitive"))
            key = self._key(
                entry["id"],
                entry.get("value") or "",
                entry["label"],
                exclude=bool(entry.get("exclude")),
                exact=exact,
            )
            if isinstance(pattern, str):
                if not pattern.strip():
                    raise InvalidInput(f"empty pattern for concept {entry['id']!r}")
                if exact:
                    words = self.nlp.tokenizer(pattern)
                    self._exact.setdefault(key, set()).add(tuple(t.orth for t in words))
                    lower.setdefault(key, []).append(pattern)  # LOWER matcher: any case
                else:
                    inflect = inflector if entry.get("inflect", True) else None
                    lower.setdefault(key, []).extend(self._variants(pattern, inflect))
            elif isinstance(pattern, list):
                token_patterns.setdefault(key, []).append(_expand_token_pattern(pattern, inflector))
            else:
                raise InvalidInput(f"pattern must be a string or a token list: {entry!r}")
            self._patterns.append(dict(entry))
        for key, phrases in lower.items():
            unique = list(dict.fromkeys(phrases))
            docs = self.nlp.tokenizer.pipe(unique)
            self._phrases.add(key, [[token.lower for token in doc] for doc in docs])
        commonness: dict[int, float] = {}
        for key, phrases in lower.items():
            if key in self._exact:
                continue
            for phrase in set(phrases):
                for word in phrase.split():
                    h = self.nlp.vocab.strings.add(word)
                    commonness[h] = commonness.get(h, 0.0) + 0.5
        for key, token_lists in token_patterns.items():
            self._tokens.add(key, token_lists, commonness=commonness)
        self._frozen_keys = self._joint_words = None  # rebuilt on next use
        self._loaded = True

    def _key(
        self, concept_id: str, value: str, label: str, *, exclude: bool = False, exact: bool = False
    ) -> int:
        tag = "exclude" if exclude else value
        strings = self.nlp.vocab.strings
        suffix = "\tcase" if exact else ""
        key = strings.add(f"{concept_id}\t{tag}\t{label}\t{int(exclude)}{suffix}")
        self._keys[key] = _MatchKey(
            concept_id,
            value,
            label,
            exclude,
            strings.add(concept_id),
            strings.add(label),
            strings.add(value),
        )
        return key

    def _variants(self, alias: str, inflector: Inflector | None) -> list[str]:
        words = [t.text.lower() for t in self.nlp.tokenizer(alias)]
        if inflector is None:
            return [" ".join(words)]
        options: list[Sequence[str]] = []
        total = 1
        for word in words:
            forms = sorted(inflector.forms(word)) if word.isalpha() else [word]
            if total * len(forms) > _MAX_VARIANTS:
                forms = [word]
            total *= len(forms)
            options.append(forms)
        return [" ".join(combo) for combo in itertools.product(*options)]

    def _ensure_loaded(self) -> None:
        """Load the shipped taxonomy's patterns the first time they are needed."""
        if not self._loaded and self.load_shipped:
            self.clear()
            self._add(patterns_from_taxonomy(load_taxonomy()))

    def __call__(self, doc: Doc) -> Doc:
        self._ensure_loaded()
        self._annotate([doc])
        return doc

    def pipe(self, stream: Iterable[Doc], *, batch_size: int = 128) -> Iterator[Doc]:
        """Annotate a stream of docs, a batch at a time: the phrase and token-pattern
        searches and the choice of places each run once per batch."""
        self._ensure_loaded()
        for batch in _batches(stream, max(1, min(batch_size, _PIPE_DOCS)), _PIPE_TOKENS):
            self._annotate(batch)
            yield from batch

    def _annotate(self, docs: Sequence[Doc]) -> None:
        """Find the concepts in ``docs`` and store them as spans."""
        lowers = [doc.to_array(LOWER) for doc in docs]
        # the docs laid end to end, far enough apart that no search runs across
        joined, offsets = end_to_end(lowers, self._tokens.reach)
        found = self._matches(docs, joined, offsets)
        kept, cues = self._choose(docs, offsets, found)
        self._store(docs, offsets, joined, kept, cues)

    def _matches(
        self, docs: Sequence[Doc], joined: numpy.ndarray, offsets: numpy.ndarray
    ) -> _Found:
        """Every phrase and token-pattern match in ``joined``, as arrays."""
        words = self._words()
        numbers = words.table.lookup(joined)
        phrase_keys, phrase_starts, phrase_ends = self._phrases.match(
            joined, words.phrase_numbers[numbers]
        )
        token_keys, token_starts, token_ends = self._tokens.find(
            docs, joined, offsets.tolist(), words.token_numbers[numbers]
        )
        keys = numpy.concatenate([phrase_keys, numpy.array(token_keys, dtype=numpy.uint64)])
        return _Found(
            keys,
            self._key_arrays().table.lookup(keys),
            numpy.concatenate([phrase_starts, numpy.array(token_starts, dtype=numpy.int64)]),
            numpy.concatenate([phrase_ends, numpy.array(token_ends, dtype=numpy.int64)]),
        )

    def _choose(
        self, docs: Sequence[Doc], offsets: numpy.ndarray, found: _Found
    ) -> tuple[_Found, numpy.ndarray]:
        """The matches kept as mentions (in span order), and where negation cues stand."""
        keys = self._key_arrays()
        kind = keys.kind[found.numbers]
        cues = numpy.sort(found.starts[kind == _CUE])
        usable = kind == _PLAIN
        for i in numpy.flatnonzero(kind == _EXACT).tolist():  # exact case: compare texts
            owner = int(numpy.searchsorted(offsets, found.starts[i], side="right")) - 1
            start, end = found.starts[i] - offsets[owner], found.ends[i] - offsets[owner]
            text = tuple(t.orth for t in docs[owner][int(start) : int(end)])
            usable[i] = text in self._exact[int(found.keys[i])]
        veto = kind == _VETO
        chosen = numpy.flatnonzero(usable)

        def places(where: numpy.ndarray) -> Places:
            concepts = keys.concept[found.numbers[where]]
            return Places(concepts, found.starts[where], found.ends[where])

        chosen = chosen[resolve_places(places(chosen), places(veto))]
        return _Found(*(column[chosen] for column in found)), cues

    def _store(
        self,
        docs: Sequence[Doc],
        offsets: numpy.ndarray,
        joined: numpy.ndarray,
        kept: _Found,
        cues: numpy.ndarray,
    ) -> None:
        """Write the mentions to each doc's span groups, denied ones apart."""
        keys = self._key_arrays()
        starts, ends = kept.starts, kept.ends
        # mentions with a negation cue nearby get the full check
        negated = numpy.zeros(len(starts), dtype=bool)
        if self.negation and len(cues):
            nearest = numpy.searchsorted(cues, starts - _CUES_BEFORE)
            near = nearest < len(cues)
            near[near] = cues[nearest[near]] < ends[near] + _CUES_AFTER
            if near.any():
                view = _NegationView(docs[0], joined, cues.tolist())
                for j in numpy.flatnonzero(near).tolist():
                    negated[j] = _negated_tokens(view, int(starts[j]), int(ends[j]))
        owner = numpy.searchsorted(offsets, starts, side="right") - 1
        bounds = [*numpy.searchsorted(owner, numpy.arange(len(docs))).tolist(), len(starts)]
        columns = (
            (starts - offsets[owner]).tolist(),
            (ends - offsets[owner]).tolist(),
            keys.label[kept.numbers].tolist(),
            keys.value[kept.numbers].tolist(),
            keys.id[kept.numbers].tolist(),
        )
        denied = negated.tolist()
        for i, doc in enumerate(docs):
            low, high = bounds[i], bounds[i + 1]
            # Span(doc, start, end, label, vector, vector_norm, kb_id, span_id)
            spans = [
                Span(doc, start, end, label, None, None, value, concept)
                for start, end, label, value, concept in zip(
                    *(column[low:high] for column in columns), strict=True
                )
            ]
            mentioned, dropped = spans, []
            if any(denied[low:high]):
                flags = denied[low:high]
                mentioned = [span for span, no in zip(spans, flags, strict=True) if not no]
                dropped = [span for span, no in zip(spans, flags, strict=True) if no]
            if self.overwrite or self.spans_key not in doc.spans:
                doc.spans[self.spans_key] = mentioned
                doc.spans[self.spans_key + "_negated"] = dropped
            else:
                doc.spans[self.spans_key] = [*doc.spans[self.spans_key], *mentioned]

    def _words(self) -> _JointWords:
        if self._joint_words is None:
            self._joint_words = _JointWords(self._phrases.vocabulary, self._tokens.vocabulary)
        return self._joint_words

    def _key_arrays(self) -> _KeyArrays:
        if self._frozen_keys is None:
            self._frozen_keys = _KeyArrays(self._keys, self._exact, self._cue_key)
        return self._frozen_keys

    # serialisation: patterns only, as JSONL, like SpanRuler
    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        self._ensure_loaded()
        return srsly.json_dumps({"patterns": self._patterns, "cfg": self._cfg()}).encode("utf-8")

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> SkillMatcher:
        payload = srsly.json_loads(data)
        self._apply_cfg(payload.get("cfg", {}))
        self.clear()
        self._add(payload["patterns"])
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        self._ensure_loaded()
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_jsonl(path / "patterns.jsonl", self._patterns)
        srsly.write_json(path / "cfg", self._cfg())

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> SkillMatcher:
        path = ensure_path(path)
        if (path / "cfg").exists():
            self._apply_cfg(srsly.read_json(path / "cfg"))
        self.clear()
        self._add(list(srsly.read_jsonl(path / "patterns.jsonl")))
        return self

    def _cfg(self) -> dict[str, Any]:
        return {"spans_key": self.spans_key, "inflect": self.inflect, "negation": self.negation}

    def _apply_cfg(self, cfg: dict[str, Any]) -> None:
        self.spans_key = cfg.get("spans_key", self.spans_key)
        self.inflect = cfg.get("inflect", self.inflect)
        self.negation = cfg.get("negation", self.negation)


def _batches(stream: Iterable[Doc], docs: int, tokens: int) -> Iterator[list[Doc]]:
    """Docs of ``stream`` in lists of at most ``docs`` docs or about ``tokens`` tokens."""
    batch: list[Doc] = []
    size = 0
    for doc in stream:
        batch.append(doc)
        size += len(doc)
        if len(batch) >= docs or size >= tokens:
            yield batch
            batch, size = [], 0
    if batch:
        yield batch


class _MatchKey(NamedTuple):
    """What a match key stands for, with the hashes its spans are labelled with."""

    concept_id: str
    value: str
    label: str
    exclude: bool
    id_hash: int
    label_hash: int
    value_hash: int


_PLAIN, _VETO, _EXACT, _CUE = 0, 1, 2, 3  # what a match key is


class _Found(NamedTuple):
    """Matches of a batch laid end to end: key hash, key number, start, end."""

    keys: numpy.ndarray
    numbers: numpy.ndarray
    starts: numpy.ndarray
    ends: numpy.ndarray


class _JointWords:
    """One lookup for the phrase and token-pattern searches: a word's number in the
    union of their vocabularies, and from it its number in each (-1: not there; the
    arrays end in -1, which number -1 reads)."""

    def __init__(self, phrase_words: list[int], token_words: list[int]) -> None:
        union = sorted(set(phrase_words) | set(token_words))
        self.table = WordTable(union)
        where = {word: i for i, word in enumerate(union)}
        self.phrase_numbers = numpy.full(len(union) + 1, -1, dtype=numpy.int64)
        self.phrase_numbers[[where[w] for w in phrase_words]] = numpy.arange(len(phrase_words))
        self.token_numbers = numpy.full(len(union) + 1, -1, dtype=numpy.int64)
        self.token_numbers[[where[w] for w in token_words]] = numpy.arange(len(token_words))


class _KeyArrays:
    """The match keys as arrays for a batch: number by key hash (``table``), and per
    number its kind, concept rank (concept ids in sorted order) and span hashes."""

    def __init__(
        self, keys: dict[int, _MatchKey], exact: dict[int, set[tuple[int, ...]]], cue_key: int
    ) -> None:
        hashes = [*keys, cue_key]
        self.table = WordTable(hashes)
        ranks = {c: i for i, c in enumerate(sorted({k.concept_id for k in keys.values()}))}
        entries = list(keys.values())
        self.kind = numpy.array(
            [_VETO if k.exclude else _EXACT if h in exact else _PLAIN for h, k in keys.items()]
            + [_CUE],
            dtype=numpy.int8,
        )
        self.concept = numpy.array([ranks[k.concept_id] for k in entries] + [-1], dtype=numpy.int64)
        self.label = numpy.array([k.label_hash for k in entries] + [0], dtype=numpy.uint64)
        self.id = numpy.array([k.id_hash for k in entries] + [0], dtype=numpy.uint64)
        self.value = numpy.array([k.value_hash for k in entries] + [0], dtype=numpy.uint64)


@Language.factory(
    "cvmatch_skills",
    assigns=["doc.spans"],
    default_config={
        "spans_key": DEFAULT_SPANS_KEY,
        "inflect": True,
        "negation": True,
        "load_shipped": True,
        "overwrite": True,
    },
)
def make_skill_matcher(
    nlp: Language,
    name: str,
    spans_key: str,
    inflect: bool,
    negation: bool,
    load_shipped: bool,
    overwrite: bool,
) -> SkillMatcher:
    """Factory behind ``nlp.add_pipe("cvmatch_skills")``."""
    return SkillMatcher(
        nlp,
        name,
        spans_key=spans_key,
        inflect=inflect,
        negation=negation,
        load_shipped=load_shipped,
        overwrite=overwrite,
    )


# --- from spans to a SkillProfile -----------------------------------------------------------
_PREFERRED_CUES = CaseBlind(
    r"\b(a plus|is a plus|an advantage|advantageous|desirable|desired|nice[- ]to[- ]have|"
    r"preferred|preferably|ideally|bonus|beneficial|would be great|would help|helpful|"
    r"not essential but|welcome|welcomed|an asset|highly regarded)\b"
)
_BOILERPLATE_CUES = CaseBlind(
    r"(equal opportunit|regardless of (?:race|age|gender)|without regard to|protected veteran|"
    r"reasonable accommodation|diverse workforce|we are an? (?:equal|eoe)|affirmative action|"
    r"\bwe offer\b|benefits include|benefits package|paid time off|\bpto\b|401\s*\(?k|"
    r"dental|vision insurance|health insurance|employee discount|pension|holiday entitlement|"
    r"days holiday|is proud to be|are proud to be|recruitment agency|employment agency|"
    r"acting as an? (?:employment )?agency|privacy notice|apply now|click apply|"
    # the company describing itself
    r"\b(?:is|are) (?:a|an|the) (?:leading|global|fast[- ]growing|world[- ]class|premier|"
    r"award[- ]winning|market[- ]leading|well[- ]established)|founded in \d|headquartered in|"
    r"is designed to|our mission|our platform|our customers include|weekly pay|monthly pay|"
    r"pay (?:is|will be) (?:paid|weekly|monthly))"
)
_QUANTITY = re.compile(
    r"(?:\$|£|€)?\d[\d,.]*\s*(?:\+|%|k\b)?(?:\s*(?:-|to)\s*\d[\d,.]*\s*\+?)?"
    r"(?:\s+(?:(?:new|inbound|outbound|daily|customer|client|incoming|support|service|"
    r"direct|team|per|a|an|each|every|of)\s+){0,3}"
    r"(?:calls?|contacts?|tickets?|chats?|emails?|customers?|clients?|accounts?|agents?|"
    r"employees?|staff|people|representatives|reps|members|hires|associates|cases|"
    r"inquiries|enquiries|orders|transactions|day|days|week|month|hour|shift|year|years|"
    r"locations|stores|sites|languages|csat|nps|satisfaction|score|rating|retention|"
    r"renewals?|revenue|million|percent))+",
    re.IGNORECASE,
)
#: how far from a mention (characters) a posting's boilerplate or "preferred" cue counts;
#: scraped postings often run their sentences together without full stops
_CUE_REACH = 150


def _quantity(context: str, rel_start: int, rel_end: int) -> str | None:
    best: tuple[int, str] | None = None
    for match in _QUANTITY.finditer(context):
        distance = max(0, match.start() - rel_end, rel_start - match.end())
        if distance <= 60 and (best is None or distance < best[0]):
            best = (distance, match.group(0).strip())
    return best[1] if best else None


def _line_at(text: str, offset: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return start, len(text) if end == -1 else end


_TITLE_WORDS = re.compile(
    r"\b(manager|specialist|representative|rep|agent|associate|coordinator|assistant|director|"
    r"officer|advis[eo]r|executive|clerk|supervisor|lead|leader|consultant|analyst|operator|"
    r"administrator|receptionist|cashier|head|president|vp|engineer|technician|intern|csr|"
    r"teller|banker|accountant|owner|partner)s?\b",
    re.IGNORECASE,
)


class _CueFinder:
    """Where a cue occurs in each sentence of one document, searched once per sentence;
    asked whether one stands within ``_CUE_REACH`` characters of a mention."""

    def __init__(self, cue: CaseBlind, text: str) -> None:
        self.cue = cue
        self.text = text
        self.seen: dict[tuple[int, int], list[tuple[int, int]]] = {}

    def near(self, sentence: tuple[int, int], start: int, end: int) -> bool:
        found = self.seen.get(sentence)
        if found is None:
            s_start, s_end = sentence
            found = self.seen[sentence] = [
                (s_start + m.start(), s_start + m.end())
                for m in self.cue.finditer(self.text[s_start:s_end])
            ]
        low, high = start - _CUE_REACH, end + _CUE_REACH
        return any(low <= m_start and m_end <= high for m_start, m_end in found)


class _Ranges:
    """A set of character ranges ``[start, end)``, asked by binary search."""

    def __init__(self, ranges: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(ranges)
        self.starts = [start for start, _end in ordered]
        # the furthest end among the ranges that start no later than each one
        self.reach = list(itertools.accumulate((end for _start, end in ordered), max))

    def __call__(self, position: int) -> bool:
        """Whether a range holds ``position``."""
        i = bisect.bisect_right(self.starts, position) - 1
        return i >= 0 and position < self.reach[i]

    def overlaps(self, start: int, end: int) -> bool:
        """Whether a range shares a character with ``[start, end)``."""
        i = bisect.bisect_left(self.starts, end) - 1
        return i >= 0 and start < self.reach[i]


def _title_lines(document: Document) -> list[tuple[int, int]]:
    """Character ranges of the lines that are only job titles (headline, positions)."""
    text = document.text
    found: list[tuple[int, int]] = []
    titles = []
    if document.title and (document.kind == "posting" or _TITLE_WORDS.search(document.title)):
        titles.append((document.title, 0, min(len(text), 400)))
    titles += [(p.title, max(0, p.start - 300), p.end) for p in document.positions]
    if document.kind == "resume":
        # the headline under the name ("Call Center Representative") in the contact block
        for section in document.sections:
            if section.name == "contact":
                offset = section.start
                for line in text[section.start : section.end].split("\n"):
                    words = line.split()
                    if 0 < len(words) <= 6 and _TITLE_WORDS.search(line):
                        titles.append((line.strip(), offset, offset + len(line)))
                    offset += len(line) + 1
    for title, lo, hi in titles:
        if not title:
            continue
        at = text.find(title, lo, hi)
        if at < 0:
            continue
        start, end = _line_at(text, at)
        line = text[start:end].strip()
        most_words = 20 if document.kind == "posting" and lo == 0 else 10
        if (
            end - start <= len(title) + 40
            and len(line.split()) <= most_words
            and not line.endswith((".", "!", "?"))
        ):
            found.append((start, end))
    return found


_WRAPPED_LINE = re.compile(r"(?<=[^\s])\n(?=[^\s])")


_SYMBOL_RUN = re.compile(r"[^\w\s]{21,}")


def matching_text(text: str) -> str:
    """``text`` as the matcher sees it: a single line break (a PDF line wrap, usually)
    becomes a space so phrases that wrap still match, while blank lines still separate;
    a run of more than 20 symbols (">>>>...", "=====...") keeps 20 and the rest become
    spaces, since spaCy's tokenizer is quadratic on such runs. Same length, so every
    offset is unchanged."""
    text = _SYMBOL_RUN.sub(lambda m: m.group(0)[:20] + " " * (len(m.group(0)) - 20), text)
    return _WRAPPED_LINE.sub(" ", text)


class SkillExtractor:
    """A spaCy pipeline plus taxonomy that turns documents into :class:`SkillProfile` s.

    Build one with :func:`get_extractor` (cached per taxonomy) rather than per document.
    """

    def __init__(self, taxonomy: Taxonomy, nlp: Language | None = None) -> None:
        import spacy

        self.taxonomy = taxonomy
        self.nlp = nlp if nlp is not None else spacy.blank("en")
        if "cvmatch_skills" in self.nlp.pipe_names:
            self.matcher: SkillMatcher = self.nlp.get_pipe("cvmatch_skills")
        else:
            self.matcher = self.nlp.add_pipe("cvmatch_skills")
        self.matcher.initialize(patterns=patterns_from_taxonomy(taxonomy))
        self.mapper = SkillListMapper(taxonomy)

    def extract(self, document: Document) -> SkillProfile:
        """Skills of one document."""
        self._check_length(document)
        return self.profile(document, self.nlp(matching_text(document.text)))

    def _check_length(self, document: Document) -> None:
        if len(document.text) > self.nlp.max_length:
            raise DocumentTooLarge(
                f"{document.source}: {len(document.text):,} characters of text, more than "
                f"the {self.nlp.max_length:,} the extractor takes; split the document",
                source=document.source,
            )

    def extract_many(
        self, documents: Iterable[Document], *, batch_size: int = 32
    ) -> Iterator[SkillProfile]:
        """Skills of many documents, streamed through ``nlp.pipe``."""
        docs_a, docs_b = itertools.tee(documents)
        texts = (matching_text(d.text) for d in docs_a if self._check_length(d) is None)
        for document, doc in zip(docs_b, self.nlp.pipe(texts, batch_size=batch_size), strict=True):
            yield self.profile(document, doc)

    def profile(self, document: Document, doc: Doc) -> SkillProfile:
        """Turn the matcher's spans for ``document`` into a :class:`SkillProfile`."""
        text = document.text
        is_posting = document.kind == "posting"
        evidence: dict[str, list[Evidence]] = {}
        values: dict[str, dict[str, None]] = {}
        in_title_line = _Ranges(_title_lines(document))
        boilerplate = _CueFinder(_BOILERPLATE_CUES, text)
        preferred = _CueFinder(_PREFERRED_CUES, text)
        for span in doc.spans[self.matcher.spans_key]:
            concept_id = span.id_
            if concept_id not in self.taxonomy.concepts:
                continue
            if in_title_line(span.start_char):
                continue  # a job title alone is not evidence of a skill
            section = document.section_at(span.start_char)
            section_name = section.name if section else None
            s_start, s_end = sentence_bounds(text, span.start_char, span.end_char)
            sentence = text[s_start:s_end]
            required: bool | None = None
            if is_posting:
                if section_name in BOILERPLATE_SECTIONS:
                    continue
                # a cue counts in the mention's sentence, near the mention
                bounds, start, end = (s_start, s_end), span.start_char, span.end_char
                if boilerplate.near(bounds, start, end):
                    continue
                required = not (section_name == "preferred" or preferred.near(bounds, start, end))
            rel_start, rel_end = span.start_char - s_start, span.end_char - s_start
            evidence.setdefault(concept_id, []).append(
                Evidence(
                    text=text[span.start_char : span.end_char],
                    start=span.start_char,
                    end=span.end_char,
                    section=section_name,
                    context=sentence.strip()[:300],
                    quantity=_quantity(sentence, rel_start, rel_end),
                    required=required,
                )
            )
            if span.kb_id_:
                values.setdefault(concept_id, {})[span.kb_id_] = None
        confidence: dict[str, float] = {}
        unmapped = self._map_skill_lists(document, doc, evidence, confidence)
        skills = []
        for concept_id, concept in self.taxonomy.concepts.items():
            found = evidence.get(concept_id)
            if not found:
                continue
            attributes = {}
            if concept.attribute and concept_id in values:
                attributes[concept.attribute] = list(values[concept_id])
            required = any(e.required for e in found) if is_posting else None
            skills.append(
                Skill(
                    id=concept_id,
                    name=concept.name,
                    category=concept.category,
                    evidence=found,
                    attributes=attributes,
                    required=required,
                    confidence=confidence.get(concept_id, 1.0),
                )
            )
        return SkillProfile(
            source=document.source, kind=document.kind, skills=skills, unmapped=unmapped
        )

    def _map_skill_lists(
        self,
        document: Document,
        doc: Doc,
        evidence: dict[str, list[Evidence]],
        confidence: dict[str, float],
    ) -> list[str]:
        """Map Skills-section items no alias matched; return those that map to nothing."""
        sections = [s for s in document.sections if s.name == "skills"]
        if not sections or document.kind != "resume":
            return []
        covered = _Ranges(
            (sp.start_char, sp.end_char)
            for key in (self.matcher.spans_key, self.matcher.spans_key + "_negated")
            for sp in doc.spans[key]
        )
        items = []
        for section in sections:
            body_start = document.text.find("\n", section.start, section.end) + 1 or section.start
            for item, start, end in split_skill_items(
                document.text[body_start : section.end], body_start
            ):
                if not covered.overlaps(start, end):
                    items.append((item, start, end))
        unmapped = []
        mapped_items = self.mapper.map([i[0] for i in items])
        for (item, start, end), mapped in zip(items, mapped_items, strict=True):
            if mapped.concept is None:
                unmapped.append(item)
                continue
            evidence.setdefault(mapped.concept, []).append(
                Evidence(
                    text=item,
                    start=start,
                    end=end,
                    section="skills",
                    context=item,
                )
            )
            if mapped.concept not in confidence or confidence[mapped.concept] < 1.0:
                confidence[mapped.concept] = max(
                    confidence.get(mapped.concept, 0.0), mapped.similarity
                )
        return unmapped


_EXTRACTORS: dict[int, tuple[Taxonomy, SkillExtractor]] = {}
_MAX_CACHED = 8


def get_extractor(taxonomy: Taxonomy | None = None) -> SkillExtractor:
    """A cached :class:`SkillExtractor` for ``taxonomy`` (the shipped one by default).

    Building one compiles every alias (about a second); it is done once per taxonomy
    object and process.
    """
    taxonomy = taxonomy if taxonomy is not None else load_taxonomy()
    cached = _EXTRACTORS.get(id(taxonomy))
    if cached is not None and cached[0] is taxonomy:
        return cached[1]
    if len(_EXTRACTORS) >= _MAX_CACHED:
        _EXTRACTORS.pop(next(iter(_EXTRACTORS)))
    extractor = SkillExtractor(taxonomy)
    _EXTRACTORS[id(taxonomy)] = (taxonomy, extractor)
    return extractor
