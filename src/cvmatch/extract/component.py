"""The ``cvmatch_skills`` spaCy component: taxonomy concepts as spans in ``doc.spans``.

Modelled on spaCy's ``SpanRuler``: keyword-only typed settings that read no files,
patterns as data (``{"label", "id", "pattern"}``) through :meth:`SkillMatcher.initialize`
(the shipped taxonomy, or the one named by the ``taxonomy`` setting) and
:meth:`SkillMatcher.add_patterns`, a scorer so ``nlp.evaluate`` reports span P/R/F,
and ``to_disk``/``from_disk`` that save the patterns (JSONL) and the cue words (JSON)
while ``config.cfg`` keeps the settings. A span's ``label_`` and ``id_`` are the concept
id, ``kb_id_`` the attribute value its words name (a language, an industry), and
``span._.cvmatch_category`` the concept's category.
"""

from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import partial
from pathlib import Path
from typing import Any

import numpy
import srsly
from spacy import util
from spacy.language import Language
from spacy.pipeline import Pipe
from spacy.scorer import Scorer
from spacy.tokens import Doc, Span
from spacy.training import Example
from spacy.util import SimpleFrozenList, ensure_path, registry

from cvmatch.errors import CvmatchError
from cvmatch.extract.compile import patterns_from_taxonomy, validate_patterns
from cvmatch.extract.lexicon import get_inflector
from cvmatch.extract.negation import NegationWords, negated_mask, negation_words
from cvmatch.extract.tables import Batch, MatchTables
from cvmatch.taxonomy import Taxonomy, load_taxonomy
from cvmatch.taxonomy.cues import Cues

__all__ = [
    "DEFAULT_SPANS_KEY",
    "ComponentNotInitialized",
    "SkillMatcher",
    "make_skill_matcher",
    "make_skill_spans_scorer",
    "skill_spans_score",
]

DEFAULT_SPANS_KEY = "cvmatch_skills"
# pipe() searches a batch of docs at once: up to this many docs or tokens, whichever
# comes first (bigger batches share fixed costs and keep the tables in cache longer)
_PIPE_DOCS = 256
_PIPE_TOKENS = 250_000
#: where each doc keeps its component's label -> category map (read by the extension)
_CATEGORIES = ("cvmatch", "categories")


class ComponentNotInitialized(CvmatchError, RuntimeError):
    """The ``cvmatch_skills`` component was used before it had any patterns: call
    ``nlp.initialize()`` (or the component's ``initialize``/``add_patterns``) first."""


# --- span extensions ------------------------------------------------------------------
def _category(span: Span) -> str | None:
    return span.doc.user_data.get(_CATEGORIES, {}).get(span.label_)


def register_extensions() -> None:
    """The span extensions the component and :class:`~cvmatch.extract.SkillExtractor` set.

    ``cvmatch_category`` (the concept's category) and ``cvmatch_value`` (the attribute
    value, as ``kb_id_``) come from the component; ``cvmatch_title_line``,
    ``cvmatch_boilerplate``, ``cvmatch_required`` and ``cvmatch_evidence`` (whether
    ``extract_skills`` counts the span) are set once the document's structure is known,
    and stay ``None`` until then.
    """
    Span.set_extension("cvmatch_category", getter=_category, force=True)
    Span.set_extension("cvmatch_value", getter=lambda span: span.kb_id_ or None, force=True)
    for name in ("cvmatch_title_line", "cvmatch_boilerplate", "cvmatch_required"):
        Span.set_extension(name, default=None, force=True)
    Span.set_extension("cvmatch_evidence", default=None, force=True)


register_extensions()


# --- scoring --------------------------------------------------------------------------
def skill_spans_score(
    examples: Iterable[Example], *, spans_key: str = DEFAULT_SPANS_KEY, **kwargs: Any
) -> dict[str, Any]:
    """Span P/R/F of ``doc.spans[spans_key]`` (labels are concept ids), as
    ``spans_<key>_p``, ``_r``, ``_f`` and ``_per_type``."""
    kwargs.setdefault("allow_overlap", True)
    kwargs.setdefault("labeled", True)
    kwargs.setdefault("getter", lambda doc, _attr: doc.spans.get(spans_key, []))
    kwargs.setdefault("has_annotation", lambda doc: spans_key in doc.spans)
    return Scorer.score_spans(examples, f"spans_{spans_key}", **kwargs)


@registry.scorers("cvmatch.skill_spans_scorer.v1")
def make_skill_spans_scorer(spans_key: str = DEFAULT_SPANS_KEY) -> Callable[..., dict[str, Any]]:
    """The registered scorer of the component (``@scorers`` in its config)."""
    return partial(skill_spans_score, spans_key=spans_key)


# --- the component --------------------------------------------------------------------
class SkillMatcher(Pipe):
    """Find taxonomy concepts in a ``Doc`` and store them as spans in ``doc.spans``.

    Mentions denied in their clause ("no Salesforce experience") go to
    ``doc.spans[spans_key + "_negated"]`` instead.

    Parameters
    ----------
    nlp, name
        The pipeline (its tokenizer splits the aliases) and the component's name.
    spans_key
        The ``doc.spans`` key of the mentions.
    inflect
        Match every inflection and US/UK spelling of the aliases' words.
    negation
        Put denied mentions apart.
    overwrite
        Replace the spans already under ``spans_key`` (else add to them).
    taxonomy
        A user's taxonomy file or folder, merged over the shipped one, that
        :meth:`initialize` loads (``None``: the shipped taxonomy).
    validate
        Also check token patterns with spaCy's pattern schema.
    scorer
        What :meth:`score` (and so ``nlp.evaluate``) runs.
    """

    def __init__(
        self,
        nlp: Language,
        name: str = "cvmatch_skills",
        *,
        spans_key: str = DEFAULT_SPANS_KEY,
        inflect: bool = True,
        negation: bool = True,
        overwrite: bool = True,
        taxonomy: str | None = None,
        validate: bool = False,
        scorer: Callable[..., dict[str, Any]] | None = make_skill_spans_scorer(),
    ) -> None:
        self.nlp = nlp
        self.name = name
        self.spans_key = spans_key
        self.inflect = inflect
        self.negation = negation
        self.overwrite = overwrite
        self.taxonomy = taxonomy
        self.validate = validate
        self.scorer = scorer
        self.clear()

    # --- the container API, as SpanRuler's ---------------------------------------------
    def clear(self) -> None:
        """Remove every pattern (and the cue words that came with them)."""
        self._patterns: list[dict[str, Any]] = []
        self._categories: dict[str, str] = {}
        self._cues: Cues | None = None
        self._negation_words: NegationWords | None = None
        self._tables: MatchTables | None = None

    def __len__(self) -> int:
        return len(self._patterns)

    def __contains__(self, concept_id: object) -> bool:
        return any(p.get("id", p["label"]) == concept_id for p in self._patterns)

    @property
    def patterns(self) -> list[dict[str, Any]]:
        """The patterns as added (data, not compiled)."""
        return [dict(p) for p in self._patterns]

    @property
    def labels(self) -> tuple[str, ...]:
        """The span labels of the patterns: concept ids."""
        return tuple(sorted({p["label"] for p in self._patterns}))

    @property
    def ids(self) -> tuple[str, ...]:
        """The concept ids of the patterns."""
        return tuple(sorted({p.get("id", p["label"]) for p in self._patterns}))

    @property
    def categories(self) -> dict[str, str]:
        """Span label -> category, for the patterns that name one."""
        return dict(self._categories)

    @property
    def cues(self) -> Cues | None:
        """The cue words the negation check uses (``None`` before any pattern)."""
        return self._cues

    def initialize(
        self,
        get_examples: Callable[[], Iterable[Example]] | None = None,
        *,
        nlp: Language | None = None,
        patterns: Sequence[dict[str, Any]] | None = None,
        taxonomy: Taxonomy | str | Path | None = None,
    ) -> None:
        """Load the patterns: those given, else those of the taxonomy.

        The taxonomy (which also gives the cue words) is ``taxonomy`` (an object or a
        path), else the ``taxonomy`` setting, else the shipped one. Clears first, so
        initialising twice gives the same component.
        """
        self.clear()
        if not isinstance(taxonomy, Taxonomy):
            taxonomy = load_taxonomy(taxonomy if taxonomy is not None else self.taxonomy)
        self._use_cues(taxonomy.cues)
        self._add(patterns_from_taxonomy(taxonomy) if patterns is None else patterns)

    def add_patterns(self, patterns: Iterable[dict[str, Any]]) -> None:
        """Add and compile patterns (``{"label", "pattern"}``, optional ``id``,
        ``category``, ``value``, ``inflect``, ``case_sensitive``, ``exclude``).

        After :meth:`initialize` they come on top of the taxonomy's patterns.
        """
        self._add(patterns)

    def _add(self, patterns: Iterable[dict[str, Any]]) -> None:
        raw = list(patterns)
        entries = validate_patterns(raw, token_schema=self.validate)
        if not entries:
            return
        if self._tables is None:  # cue words: those of the taxonomy setting
            self._use_cues(load_taxonomy(self.taxonomy).cues)
        assert self._tables is not None
        self._tables.add(entries, get_inflector() if self.inflect else None)
        self._patterns.extend(dict(p) for p in raw)
        self._categories.update({e.label: e.category for e in entries if e.category})

    def _use_cues(self, cues: Cues) -> None:
        """Set the cue words; only on an empty component (they ride in its phrase index)."""
        self._cues = cues
        self._negation_words = negation_words(cues)
        self._tables = MatchTables(self.nlp, self._negation_words.cue_words, cues.coordinators)

    def _require_patterns(self) -> None:
        if not self._patterns:
            raise ComponentNotInitialized(
                f"the {self.name!r} component has no patterns: call nlp.initialize() to "
                "load the taxonomy's, or add_patterns() first"
            )

    # --- annotating ----------------------------------------------------------------------
    def __call__(self, doc: Doc) -> Doc:
        error_handler = self.get_error_handler()
        try:
            self._require_patterns()
            self._annotate([doc])
            return doc
        except Exception as error:
            return error_handler(self.name, self, [doc], error)

    def pipe(self, stream: Iterable[Doc], *, batch_size: int = 128) -> Iterator[Doc]:
        """Annotate a stream of docs, a batch at a time: the phrase and token-pattern
        searches and the choice of places each run once per batch."""
        error_handler = self.get_error_handler()
        for batch in _batches(stream, max(1, min(batch_size, _PIPE_DOCS)), _PIPE_TOKENS):
            try:
                self._require_patterns()
                self._annotate(batch)
            except Exception as error:
                error_handler(self.name, self, batch, error)
                continue
            yield from batch

    def _annotate(self, docs: Sequence[Doc]) -> None:
        """Find the concepts in ``docs`` and store them as spans."""
        assert self._tables is not None and self._negation_words is not None
        batch = self._tables.search(docs)
        starts, ends = batch.kept.starts, batch.kept.ends
        if self.negation:
            strings = docs[0].vocab.strings
            denied = negated_mask(
                strings, batch.joined, batch.cues, starts, ends, self._negation_words
            ).tolist()
        else:
            denied = [False] * len(starts)
        self._store(docs, batch, denied)

    def _store(self, docs: Sequence[Doc], batch: Batch, denied: list[bool]) -> None:
        """Write the mentions to each doc's span groups, denied ones apart."""
        assert self._tables is not None
        starts, ends, offsets = batch.kept.starts, batch.kept.ends, batch.offsets
        owner = numpy.searchsorted(offsets, starts, side="right") - 1
        bounds = [*numpy.searchsorted(owner, numpy.arange(len(docs))).tolist(), len(starts)]
        columns = (
            (starts - offsets[owner]).tolist(),
            (ends - offsets[owner]).tolist(),
            *self._tables.span_columns(batch.kept),
        )
        for i, doc in enumerate(docs):
            low, high = bounds[i], bounds[i + 1]
            # Span(doc, start, end, label, vector, vector_norm, kb_id, span_id)
            spans = [
                Span(doc, start, end, label, None, None, value, concept)
                for start, end, label, value, concept in zip(
                    *(column[low:high] for column in columns), strict=True
                )
            ]
            self._set_spans(doc, spans, denied[low:high])

    def _set_spans(self, doc: Doc, spans: list[Span], denied: list[bool]) -> None:
        mentioned, dropped = spans, []
        if any(denied):
            mentioned = [span for span, no in zip(spans, denied, strict=True) if not no]
            dropped = [span for span, no in zip(spans, denied, strict=True) if no]
        if self.overwrite or self.spans_key not in doc.spans:
            doc.spans[self.spans_key] = mentioned
            doc.spans[self.spans_key + "_negated"] = dropped
        else:
            doc.spans[self.spans_key] = [*doc.spans[self.spans_key], *mentioned]
        doc.user_data[_CATEGORIES] = self._categories

    # --- serialisation: the patterns (JSONL) and cue words (JSON); settings in config.cfg
    def _cue_data(self) -> dict[str, Any] | None:
        return self._cues.model_dump(mode="json") if self._cues is not None else None

    def _load_cues(self, data: dict[str, Any] | None) -> None:
        if data is not None:
            self._use_cues(Cues.model_validate(data))

    def to_bytes(self, *, exclude: Iterable[str] = SimpleFrozenList()) -> bytes:
        """The patterns and cue words as bytes (``exclude``: "patterns", "cues")."""
        serializers = {
            "cues": lambda: srsly.json_dumps(self._cue_data()),
            "patterns": lambda: srsly.json_dumps(self._patterns),
        }
        return util.to_bytes(serializers, exclude)

    def from_bytes(
        self, bytes_data: bytes, *, exclude: Iterable[str] = SimpleFrozenList()
    ) -> "SkillMatcher":
        """Load what :meth:`to_bytes` saved, after clearing (so loading is idempotent)."""
        self.clear()
        deserializers = {
            "cues": lambda b: self._load_cues(srsly.json_loads(b)),
            "patterns": lambda b: self._add(srsly.json_loads(b)),
        }
        util.from_bytes(bytes_data, deserializers, exclude)
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = SimpleFrozenList()) -> None:
        """Save ``patterns.jsonl`` and ``cues.json`` (``exclude``: "patterns", "cues")."""
        serializers = {
            "cues.json": lambda p: srsly.write_json(p, self._cue_data()),
            "patterns.jsonl": lambda p: srsly.write_jsonl(p, self._patterns),
        }
        util.to_disk(ensure_path(path), serializers, exclude)

    def from_disk(
        self, path: str | Path, *, exclude: Iterable[str] = SimpleFrozenList()
    ) -> "SkillMatcher":
        """Load what :meth:`to_disk` saved, after clearing (so loading is idempotent)."""
        self.clear()
        readers = {
            "cues.json": lambda p: self._load_cues(srsly.read_json(p)) if p.exists() else None,
            "patterns.jsonl": lambda p: self._add(srsly.read_jsonl(p)),
        }
        util.from_disk(ensure_path(path), readers, exclude)
        return self


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


@Language.factory(
    "cvmatch_skills",
    assigns=["doc.spans"],
    default_config={
        "spans_key": DEFAULT_SPANS_KEY,
        "inflect": True,
        "negation": True,
        "overwrite": True,
        "taxonomy": None,
        "validate": False,
        "scorer": {"@scorers": "cvmatch.skill_spans_scorer.v1", "spans_key": DEFAULT_SPANS_KEY},
    },
    default_score_weights={
        f"spans_{DEFAULT_SPANS_KEY}_f": 1.0,
        f"spans_{DEFAULT_SPANS_KEY}_p": 0.0,
        f"spans_{DEFAULT_SPANS_KEY}_r": 0.0,
        f"spans_{DEFAULT_SPANS_KEY}_per_type": None,
    },
)
def make_skill_matcher(
    nlp: Language,
    name: str,
    spans_key: str,
    inflect: bool,
    negation: bool,
    overwrite: bool,
    taxonomy: str | None,
    validate: bool,
    scorer: Callable[..., dict[str, Any]] | None,
) -> SkillMatcher:
    """Factory behind ``nlp.add_pipe("cvmatch_skills", config={...})``."""
    return SkillMatcher(
        nlp,
        name,
        spans_key=spans_key,
        inflect=inflect,
        negation=negation,
        overwrite=overwrite,
        taxonomy=taxonomy,
        validate=validate,
        scorer=scorer,
    )
