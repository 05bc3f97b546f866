"""scikit-learn interoperability: :class:`SkillVectorizer`, texts to a document x concept matrix.

The vectorizer follows scikit-learn's own text vectorizers (``CountVectorizer``):
``__init__`` only stores its keyword arguments, parameters are validated in ``fit``,
learned state ends in ``_``, ``transform`` checks it is fitted and rejects a bare
``str``, and ``get_feature_names_out`` names the columns (taxonomy concept ids).
Bad input raises :class:`~cvmatch.errors.InvalidInput`, a ``ValueError`` as scikit-learn
users expect and a ``CvmatchError`` as cvmatch users do.

It holds no spaCy objects: the extractor is looked up (and cached per taxonomy and
process) when needed, so a fitted vectorizer clones, pickles and ships cheaply.

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
from cvmatch.taxonomy import Taxonomy, TaxonomyArgument, resolve_taxonomy

__all__ = ["SkillVectorizer"]


def _taxonomy(taxonomy: TaxonomyArgument) -> Taxonomy:
    """The taxonomy a parameter names; equal taxonomies map to one object, so the clones
    scikit-learn makes (``clone`` deep-copies a ``Taxonomy`` parameter) reuse one compiled
    extractor."""
    return resolve_taxonomy(taxonomy, shared=True)


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

    def _documents(self, X: Iterable[Any], empty: list[int]) -> Iterator[Document]:
        kind = self.kind
        for i, item in enumerate(X):
            if is_missing(item):  # None, NaN, pd.NA, "" or blank: no text, a row of zeros
                empty.append(i)
            elif isinstance(item, Document):
                yield (
                    item
                    if kind is None or item.kind == kind
                    else item.model_copy(update={"kind": kind})
                )
            elif isinstance(item, os.PathLike) or (
                isinstance(item, str) and self.input == "filename"
            ):
                yield read_document(item, kind=kind)
            elif isinstance(item, str):
                try:
                    yield read_text(item, kind=kind, name=f"<document {i}>")
                except EmptyDocument:
                    empty.append(i)
            else:
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
        empty: list[int] = []
        rows: list[tuple[list[int], list[float]]] = []
        documents = self._documents(X, empty)
        # zip the profiles with their documents without keeping more than a batch of either
        pending: deque[Document] = deque()

        def tracked() -> Iterator[Document]:
            for document in documents:
                pending.append(document)
                yield document

        for profile in extractor.extract_many(tracked(), batch_size=self.batch_size):
            document = pending.popleft()
            while empty and empty[0] == len(rows):
                rows.append(([], []))
                empty.pop(0)
            rows.append(self._row(profile, document, columns))
        while empty:
            rows.append(([], []))
            empty.pop(0)
        return _csr(rows, len(columns), self.dtype)

    def _row(
        self, profile: SkillProfile, document: Document, columns: dict[str, int]
    ) -> tuple[list[int], list[float]]:
        indices, values = [], []
        for skill in profile.skills:
            j = columns.get(skill.id)
            if j is None:
                continue
            if self.value == "binary":
                value = 1.0
            elif self.value == "count":
                value = float(len({(e.start, e.end) for e in skill.evidence}))
            else:
                value = evidence_strength(skill.evidence, document)
            indices.append(j)
            values.append(value)
        return indices, values


def _csr(rows: list[tuple[list[int], list[float]]], n_columns: int, dtype: Any) -> sp.csr_matrix:
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    for i, (indices, _) in enumerate(rows):
        indptr[i + 1] = indptr[i] + len(indices)
    indices = np.fromiter(
        (j for idx, _ in rows for j in idx), dtype=np.int32, count=int(indptr[-1])
    )
    data = np.fromiter(
        (v for _, vals in rows for v in vals), dtype=np.float64, count=int(indptr[-1])
    )
    matrix = sp.csr_matrix(
        (data.astype(dtype, copy=False), indices, indptr), shape=(len(rows), n_columns)
    )
    matrix.sort_indices()
    return matrix
