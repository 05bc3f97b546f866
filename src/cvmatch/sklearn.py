"""scikit-learn interoperability: :class:`SkillVectorizer`, texts to a document x concept matrix.

The vectorizer follows scikit-learn's own text vectorizers (``CountVectorizer``):
``__init__`` only stores its keyword arguments, parameters are validated in ``fit``,
learned state ends in ``_``, ``transform`` checks it is fitted and rejects a bare
``str``, and ``get_feature_names_out`` names the columns (taxonomy concept ids).
Bad input raises :class:`~cvmatch.errors.InvalidInput`, a ``ValueError`` as scikit-learn
users expect and a ``CvmatchError`` as cvmatch users do.

It holds no spaCy objects: the extractor is looked up (and cached per taxonomy and
process) when needed, so a fitted vectorizer clones, pickles and ships cheaply. What
extraction finds in each document is remembered in a bounded cache shared by clones
(:mod:`cvmatch.sklearn_cache`, ``cache=`` to choose or turn it off), so a
``GridSearchCV`` extracts each text once, not once per fit.

Example
-------
>>> from sklearn.pipeline import make_pipeline
>>> from sklearn.cluster import KMeans
>>> from cvmatch.sklearn import SkillVectorizer
>>> pipe = make_pipeline(SkillVectorizer(value="binary"), KMeans(n_clusters=3))  # doctest: +SKIP
>>> pipe.fit(posting_texts)                                                      # doctest: +SKIP
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from numbers import Integral
from typing import Any, ClassVar

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils._param_validation import Interval, RealNotInt, StrOptions
from sklearn.utils.validation import check_is_fitted

from cvmatch.analytics.frame import is_missing
from cvmatch.errors import EmptyDocument, InvalidInput
from cvmatch.extract import get_extractor
from cvmatch.models import Document, SkillProfile
from cvmatch.reading import read_document, read_text
from cvmatch.scoring import evidence_strength
from cvmatch.sklearn_cache import (
    ExtractionCache,
    context_key,
    decode_entry,
    default_cache,
    document_key,
    encode_entry,
    file_key,
    shared_taxonomy,
    text_key,
)
from cvmatch.taxonomy import Taxonomy, TaxonomyArgument, resolve_taxonomy

__all__ = ["ExtractionCache", "SkillVectorizer"]


def _taxonomy(taxonomy: TaxonomyArgument) -> Taxonomy:
    """The taxonomy a parameter names; equal taxonomies map to one object, so the clones
    scikit-learn makes (``clone`` deep-copies a ``Taxonomy`` parameter) reuse one compiled
    extractor. (Keyed by :func:`~cvmatch.sklearn_cache.taxonomy_hash`, not the cached
    ``content_hash`` an edited ``model_copy`` inherits from its original.)"""
    if isinstance(taxonomy, Taxonomy):
        return shared_taxonomy(taxonomy)
    return resolve_taxonomy(taxonomy)


class SkillVectorizer(TransformerMixin, BaseEstimator):
    """Turn resumes or postings into a sparse document x concept matrix.

    Each column is a taxonomy concept (``get_feature_names_out()`` gives the concept
    ids); each row one document. Use it like ``CountVectorizer``, in a ``Pipeline`` in
    front of clustering (``KMeans``) or a classifier (``LogisticRegression``).

    Parameters
    ----------
    value : {"count", "binary", "strength"}, default="count"
        What a cell holds: ``"count"`` the number of distinct mentions of the concept,
        ``"binary"`` 1 when the concept is found, ``"strength"`` how strongly the
        document shows it (0..1, :func:`cvmatch.scoring.evidence_strength`: placement,
        repetition, quantities, required vs preferred in postings).
    input : {"content", "filename"}, default="content"
        Whether a ``str`` in ``X`` is the document's text or a path to read. A
        ``pathlib.Path`` is always read as a file and a
        :class:`~cvmatch.models.Document` is used as it is.
    kind : {"posting", "resume"} or None, default=None
        What the documents are; detected per document when ``None``. It decides
        whether required/preferred is looked for, which matters for ``"strength"``.
    concepts : list of str or None, default=None
        Only these concept ids, in this order (all of the taxonomy's when ``None``).
    categories : list of str or None, default=None
        Only concepts of these categories (``"soft"``, ``"technical"``, ...).
    min_df : int or float, default=0
        Drop concepts found in fewer training documents than this (an int), or in a
        smaller share of them (a float in (0, 1]). The default 0 keeps every selected
        concept, so the columns do not depend on the training data.
    taxonomy : str, path-like, Taxonomy or None, default=None
        Taxonomy files merged over the shipped taxonomy (a path; preferred, as it
        clones and pickles as a string), a ``Taxonomy`` object, or ``None`` for the
        shipped one.
    batch_size : int, default=64
        Documents per ``nlp.pipe`` batch.
    dtype : dtype, default=np.float64
        Type of the matrix values.
    cache : bool or ExtractionCache, default=True
        Remember what extraction found in each document, so that fitting and
        transforming the same texts again (``GridSearchCV``, ``cross_val_score``, a
        re-fit) does not extract them again. ``True`` uses one bounded cache shared by
        the whole process (100,000 documents or 64 MiB at most, least recently used
        out first); an :class:`~cvmatch.sklearn_cache.ExtractionCache` uses that one
        (your own bounds, ``clear()``, ``hits``/``misses``); ``False`` extracts every
        time. Entries are keyed by a hash of the text (of a file's bytes, of a
        ``Document``'s fields), the taxonomy's content hash, ``kind``, ``input`` and
        cvmatch's version, so any change to those extracts afresh; ``value``,
        ``concepts``, ``categories`` and ``min_df`` reuse the entries. Clones share the
        cache; a pickled vectorizer carries only its bounds.

    Attributes
    ----------
    vocabulary_ : dict of str to int
        Concept id -> column.
    document_frequency_ : ndarray of shape (n_features,)
        Training documents in which each kept concept was found.
    n_documents_ : int
        Number of training documents.

    Notes
    -----
    scikit-learn's ``check_estimator`` feeds numeric 2-d arrays, which a text
    vectorizer cannot take; with the ``string`` input tag set here (as on
    ``CountVectorizer``) it skips those checks. The API checks that do apply pass and
    run one by one in the test suite: ``check_no_attributes_set_in_init``,
    ``check_parameters_default_constructible``, ``check_get_params_invariance``,
    ``check_set_params``, ``check_do_not_raise_errors_in_init_or_set_params``,
    ``check_estimator_cloneable``, ``check_estimator_repr``,
    ``check_estimators_unfitted``, ``check_transformers_unfitted``,
    ``check_get_feature_names_out_error``, ``check_mixin_order``,
    ``check_param_validation``, ``check_valid_tag_types`` and
    ``check_estimator_tags_renamed``. The numeric checks are replaced by text
    versions in the tests: fit returns self and is idempotent, transform is
    invariant to sample order and subsets, parameters are validated at fit and not
    changed by it, clone and pickle round trips, and ``Pipeline`` + ``GridSearchCV``
    with ``LogisticRegression`` and ``KMeans``. ``n_features_in_`` is not set, as for
    ``CountVectorizer`` (the input is not a feature array).

    Examples
    --------
    >>> from cvmatch.sklearn import SkillVectorizer
    >>> vec = SkillVectorizer(value="binary")
    >>> X = vec.fit_transform(["Answer inbound calls and resolve complaints."])
    >>> vec.get_feature_names_out()[X[0].indices].tolist()           # doctest: +SKIP
    ['phone_support', 'complaint_handling']
    """

    _parameter_constraints: ClassVar[dict] = {
        "value": [StrOptions({"count", "binary", "strength"})],
        "input": [StrOptions({"content", "filename"})],
        "kind": [StrOptions({"posting", "resume"}), None],
        "concepts": [list, tuple, None],
        "categories": [list, tuple, None],
        "min_df": [
            Interval(RealNotInt, 0, 1, closed="right"),
            Interval(Integral, 0, None, closed="left"),
        ],
        "taxonomy": [str, os.PathLike, Taxonomy, None],
        "batch_size": [Interval(Integral, 1, None, closed="left")],
        "dtype": "no_validation",  # delegated to numpy
        "cache": ["boolean", ExtractionCache],
    }

    def __init__(
        self,
        *,
        value: str = "count",
        input: str = "content",
        kind: str | None = None,
        concepts: Sequence[str] | None = None,
        categories: Sequence[str] | None = None,
        min_df: float = 0,
        taxonomy: TaxonomyArgument = None,
        batch_size: int = 64,
        dtype: Any = np.float64,
        cache: bool | ExtractionCache = True,
    ) -> None:
        self.value = value
        self.input = input
        self.kind = kind
        self.concepts = concepts
        self.categories = categories
        self.min_df = min_df
        self.taxonomy = taxonomy
        self.batch_size = batch_size
        self.dtype = dtype
        self.cache = cache

    # -- scikit-learn plumbing ---------------------------------------------------------------
    def __sklearn_tags__(self):  # scikit-learn >= 1.6
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.two_d_array = False
        return tags

    def _more_tags(self) -> dict[str, Any]:  # scikit-learn < 1.6
        return {"X_types": ["string"], "preserves_dtype": []}

    # -- fitting -----------------------------------------------------------------------------
    def fit(self, X: Iterable[Any], y: Any = None) -> SkillVectorizer:
        """Learn the columns: the selected concepts found often enough in ``X``.

        Parameters
        ----------
        X : iterable of str, path or Document
            Training documents (texts unless ``input="filename"``).
        y : ignored

        Returns
        -------
        self
        """
        self.fit_transform(X)
        return self

    def fit_transform(self, X: Iterable[Any], y: Any = None) -> sp.csr_matrix:
        """Fit and return the document x concept matrix of ``X`` (extracting once)."""
        self._validate_params()
        taxonomy = _taxonomy(self.taxonomy)
        selected = self._selected_concepts(taxonomy)
        full = {concept_id: j for j, concept_id in enumerate(selected)}
        matrix = self._matrix(X, taxonomy, full)
        n_documents = matrix.shape[0]
        frequency = np.bincount(matrix.indices, minlength=len(selected))
        if isinstance(self.min_df, Integral):
            threshold = float(self.min_df)
        else:
            threshold = float(self.min_df) * n_documents
        keep = np.flatnonzero(frequency >= threshold) if threshold > 0 else np.arange(len(selected))
        if threshold > 0 and keep.size == 0:
            raise InvalidInput(
                f"min_df={self.min_df!r} leaves no concept; lower it or fit on more documents"
            )
        self.vocabulary_ = {selected[j]: i for i, j in enumerate(keep)}
        self.document_frequency_ = frequency[keep]
        self.n_documents_ = n_documents
        return matrix[:, keep].tocsr()

    def _selected_concepts(self, taxonomy: Taxonomy) -> list[str]:
        if self.concepts is not None:
            if isinstance(self.concepts, str):
                raise InvalidInput("concepts must be a list of concept ids, not one string")
            unknown = [c for c in self.concepts if c not in taxonomy.concepts]
            if unknown:
                raise InvalidInput(
                    f"unknown concept ids in concepts: {', '.join(map(repr, unknown))}"
                )
            selected = list(dict.fromkeys(self.concepts))
        else:
            selected = list(taxonomy.concepts)
        if self.categories is not None:
            if isinstance(self.categories, str):
                raise InvalidInput("categories must be a list of category names, not one string")
            unknown = sorted(set(self.categories) - set(taxonomy.categories))
            if unknown:
                raise InvalidInput(
                    f"unknown categories {', '.join(map(repr, unknown))}; "
                    f"choose from {', '.join(taxonomy.categories)}"
                )
            wanted = set(self.categories)
            selected = [c for c in selected if taxonomy.concepts[c].category in wanted]
        if not selected:
            raise InvalidInput("concepts and categories select no concept")
        return selected

    # -- transforming ------------------------------------------------------------------------
    def transform(self, X: Iterable[Any]) -> sp.csr_matrix:
        """The document x concept matrix of ``X``.

        Parameters
        ----------
        X : iterable of str, path or Document
            Documents (texts unless ``input="filename"``). A missing text (``None``,
            NaN, ``pd.NA``, an empty or blank string) gives a row of zeros, as it gives a
            failed row of no skills in :func:`~cvmatch.analytics.analyze_postings`.

        Returns
        -------
        scipy.sparse.csr_matrix of shape (n_documents, n_features)
        """
        check_is_fitted(self, "vocabulary_")
        return self._matrix(X, _taxonomy(self.taxonomy), self.vocabulary_)

    def get_feature_names_out(self, input_features: Any = None) -> np.ndarray:
        """The concept id of each column.

        Parameters
        ----------
        input_features : ignored

        Returns
        -------
        ndarray of str objects
        """
        check_is_fitted(self, "vocabulary_")
        names = sorted(self.vocabulary_, key=self.vocabulary_.__getitem__)
        return np.asarray(names, dtype=object)

    def inverse_transform(self, X: Any) -> list[np.ndarray]:
        """The concept ids with a non-zero value in each row of ``X``."""
        check_is_fitted(self, "vocabulary_")
        matrix = sp.csr_matrix(X)
        names = self.get_feature_names_out()
        if matrix.shape[1] != len(names):
            raise InvalidInput(
                f"X has {matrix.shape[1]} columns; this vectorizer makes {len(names)}"
            )
        return [names[matrix[i].nonzero()[1]] for i in range(matrix.shape[0])]

    def _cache(self) -> ExtractionCache | None:
        """The cache the ``cache`` parameter names, or ``None`` when it is off."""
        if isinstance(self.cache, ExtractionCache):
            return self.cache
        return default_cache() if self.cache else None

    def _lookups(
        self, X: Iterable[Any], cache: ExtractionCache | None, context: bytes, entries: list
    ) -> Iterator[tuple[bytes | None, Document]]:
        """Walk ``X``: a cached or empty document gets its entry in ``entries`` at once;
        every other one is read and yielded, with its key, for extraction (its place in
        ``entries`` left as ``None``)."""
        for i, item in enumerate(X):
            key = None if cache is None else self._key(item, i, context)
            entry = None if key is None else cache.get(key)  # type: ignore[union-attr]
            if entry is not None:
                entries.append(entry)
                continue
            document = self._document(item, i)
            if document is None:  # no text: a row of zeros
                entries.append(_EMPTY)
                if key is not None:
                    cache.put(key, _EMPTY)  # type: ignore[union-attr]
                continue
            entries.append(None)
            yield key, document

    def _key(self, item: Any, i: int, context: bytes) -> bytes | None:
        """The cache key of one input, ``None`` if it has no text (nothing to remember)."""
        if is_missing(item):
            return None
        if isinstance(item, Document):
            if self.kind is not None and item.kind != self.kind:
                item = item.model_copy(update={"kind": self.kind})
            return document_key(context, item)
        if isinstance(item, os.PathLike) or (isinstance(item, str) and self.input == "filename"):
            return file_key(context, item)
        if isinstance(item, str):
            return text_key(context, item)
        return None  # not a document: _document says so

    def _document(self, item: Any, i: int) -> Document | None:
        """One input as a :class:`Document`; ``None`` for a missing or empty text."""
        kind = self.kind
        if is_missing(item):  # None, NaN, pd.NA, "" or blank: no text, a row of zeros
            return None
        if isinstance(item, Document):
            return (
                item
                if kind is None or item.kind == kind
                else item.model_copy(update={"kind": kind})
            )
        if isinstance(item, os.PathLike) or (isinstance(item, str) and self.input == "filename"):
            return read_document(item, kind=kind)
        if isinstance(item, str):
            try:
                return read_text(item, kind=kind, name=f"<document {i}>")
            except EmptyDocument:
                return None
        raise InvalidInput(
            f"document {i} is a {type(item).__name__}; SkillVectorizer takes an iterable "
            "of texts, paths or cvmatch Documents"
        )

    def _matrix(
        self, X: Iterable[Any], taxonomy: Taxonomy, columns: dict[str, int]
    ) -> sp.csr_matrix:
        if isinstance(X, (str, bytes, Document)):
            raise InvalidInput("Iterable over raw text documents expected, string object received.")
        if getattr(X, "ndim", 1) != 1:
            raise InvalidInput(
                f"expected a 1-d iterable of documents, got an array with {X.ndim} dimensions"
            )
        extractor = get_extractor(taxonomy)
        cache = self._cache()
        context = context_key(taxonomy, self.kind, self.input)
        positions = {concept_id: j for j, concept_id in enumerate(taxonomy.concepts)}
        entries: list[bytes | None] = []
        # the documents handed to the extractor, waiting for their profiles (a batch or two)
        pending: deque[tuple[int, bytes | None, Document]] = deque()

        def misses() -> Iterator[Document]:
            for key, document in self._lookups(X, cache, context, entries):
                pending.append((len(entries) - 1, key, document))
                yield document

        for profile in extractor.extract_many(misses(), batch_size=self.batch_size):
            at, key, document = pending.popleft()
            entries[at] = _entry(profile, document, positions)
            if cache is not None and key is not None:
                cache.put(key, entries[at])
        column_of = np.full(len(positions), -1, dtype=np.int64)
        for concept_id, j in columns.items():
            column_of[positions[concept_id]] = j
        return _csr(entries, column_of, len(columns), self.value, self.dtype)


_EMPTY = b""


def _entry(profile: SkillProfile, document: Document, positions: dict[str, int]) -> bytes:
    """What the matrix needs of one extraction, whatever ``value`` and the columns are: each
    concept's taxonomy position, distinct mentions and evidence strength."""
    indices, counts, strengths = [], [], []
    for skill in profile.skills:
        j = positions.get(skill.id)
        if j is None:
            continue
        indices.append(j)
        counts.append(float(len({(e.start, e.end) for e in skill.evidence})))
        strengths.append(evidence_strength(skill.evidence, document))
    return encode_entry(indices, counts, strengths)


def _csr(
    entries: list[bytes | None], column_of: np.ndarray, n_columns: int, value: str, dtype: Any
) -> sp.csr_matrix:
    """The matrix of the entries, one row each, in the columns ``column_of`` maps to."""
    all_indices, all_data = [], []
    indptr = np.zeros(len(entries) + 1, dtype=np.int64)
    for i, entry in enumerate(entries):
        concepts, counts, strengths = decode_entry(entry or _EMPTY)
        cols = column_of[concepts]
        kept = cols >= 0
        all_indices.append(cols[kept])
        if value == "binary":
            all_data.append(np.ones(int(kept.sum()), dtype=np.float64))
        else:
            all_data.append((counts if value == "count" else strengths)[kept])
        indptr[i + 1] = indptr[i] + all_indices[-1].size
    indices = np.concatenate(all_indices).astype(np.int32) if entries else np.zeros(0, np.int32)
    data = np.concatenate(all_data) if entries else np.zeros(0, np.float64)
    matrix = sp.csr_matrix(
        (data.astype(dtype, copy=False), indices, indptr), shape=(len(entries), n_columns)
    )
    matrix.sort_indices()
    return matrix
