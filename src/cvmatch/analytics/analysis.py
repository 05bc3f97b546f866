""":class:`PostingsAnalysis`: the per-posting facts as pandas tables, plots and a summary.

Every table is computed on first use from the small per-posting rows and then cached;
the plots (:mod:`cvmatch.analytics.plots`) draw from these tables only.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any, Literal

from cvmatch.analytics import attributes, plots, summary, tables
from cvmatch.analytics.aggregate import UNASSIGNED, Aggregates
from cvmatch.analytics.frame import join_kept, require_pandas
from cvmatch.errors import InvalidInput
from cvmatch.taxonomy import Taxonomy, TaxonomyArgument, resolve_taxonomy

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["POSTING_COLUMNS", "UNASSIGNED", "PostingRow", "PostingsAnalysis"]

#: The role of a read posting that no role fits (or whose role was not looked for), the
#: same in every table: ``postings["role"]``, the ``roles`` index and the ``by_role``
#: columns. A string, not NA, so that ``groupby("role")`` keeps these postings and
#: ``postings.join(roles, on="role")`` finds them. A failed posting (never read) has
#: role NA: its role is unknown, not "none". (Defined in :mod:`.aggregate`.)

#: The columns :attr:`PostingsAnalysis.postings` always has, before the attribute and
#: ``keep`` columns.
POSTING_COLUMNS = (
    "source",
    "title",
    "role",
    "role_score",
    "salary",
    "n_skills",
    "skills",
    "required_skills",
    "ok",
    "error",
)


@dataclass(frozen=True, slots=True)
class PostingRow:
    """The small facts kept about one posting (never its text or spaCy doc)."""

    position: int
    source: str
    title: str | None
    role: str | None
    role_score: float | None
    salary: float | None
    skills: tuple[str, ...]
    required: tuple[str, ...]
    error: str | None
    attributes: tuple[tuple[str, str, str], ...] = ()  # (concept, attribute, value)
    extra: tuple[Any, ...] = ()  # the kept columns' values, for dict rows
    statuses: tuple[str, ...] = ()  # each skill's requirement status, in skills' order
    must_have: tuple[str, ...] = ()  # the skills the posting states as hard


class PostingsAnalysis:
    """What a set of postings asks for, as pandas DataFrames and matplotlib figures.

    Build one with :func:`analyze_postings`. Every table is computed on first use from
    the small per-posting facts and then cached. Shares are fractions (0..1) of the
    postings that were read (``n_postings``), or of a role's postings. The per-posting
    tables (``postings``, ``matrix``, ``attributes``) have the input's index (a
    DataFrame's or Series' own; else 0, 1, ... in input order), so they join back to it.

    Attributes
    ----------
    postings : DataFrame
        One row per input posting: ``source``, ``title``, ``role``, ``role_score``,
        ``salary``, ``n_skills``, ``skills``, ``required_skills``, ``ok``, ``error``,
        then one list column per attribute (``languages``, ``industries``, ...: the
        values found in the posting), then the ``keep`` columns. ``role`` is
        :data:`UNASSIGNED` when no role fits and NA for a failed posting.
    attributes : DataFrame
        One row per attribute value found in a read posting: ``concept``,
        ``attribute``, ``value``, ``required``. :meth:`attribute_counts` counts them.
    skills : DataFrame
        Per concept found: ``name``, ``category``, ``postings``, ``share``; the postings
        where its status is ``required`` (a Requirements section or a required cue),
        ``preferred`` or ``unspecified`` (stated with neither, e.g. a duty), and where it
        is a ``must_have``, each also as a ``*_share`` of ``postings``; most demanded first.
    roles : DataFrame
        Per closest role: ``title``, ``postings``, ``share``, ``median_salary``.
    by_role : DataFrame
        Concept x role counts of postings (roles as columns, ``(none)`` for postings
        no role fits). :meth:`demand_by_role` gives shares.
    cooccurrence : DataFrame
        Concept x concept counts of postings that ask for both (the diagonal is the
        count of postings asking for the concept).
    lift : DataFrame
        How much more often two concepts appear together than if independent
        (``P(a and b) / (P(a) P(b))``; 1 = independent).

    Analyses merge (:meth:`merge`, :meth:`merged`) into one of the union of their
    postings, every aggregate table exact; :meth:`from_results` builds one from
    per-posting results saved anywhere (a DataFrame, Parquet, Spark's output).
    """

    def __init__(
        self,
        rows: list[PostingRow] | None,
        taxonomy: Taxonomy,
        *,
        index: Any = None,
        kept: Any = None,
        keep: tuple[str, ...] = (),
        aggregates: Aggregates | None = None,
        results: Any = None,
    ) -> None:
        self._rows = rows
        self._ok = [r for r in rows or () if r.error is None]
        self.taxonomy = taxonomy
        # the input's index, used only if it has one label per row (rows are in input order)
        self._input_index = (
            index if index is not None and rows is not None and len(index) == len(rows) else None
        )
        self._kept = kept
        self._keep = keep
        if aggregates is not None:
            self.__dict__["_agg"] = aggregates
        #: The per-posting results where they stay when not collected (a Spark DataFrame).
        self.results = results

    # -- building and merging ---------------------------------------------------------------
    @classmethod
    def from_aggregates(
        cls, aggregates: Aggregates, taxonomy: Taxonomy, *, results: Any = None
    ) -> PostingsAnalysis:
        """An analysis of counts only (from Spark, or merged parts without rows): every
        aggregate table works; the per-posting tables raise, pointing at ``results``."""
        return cls(None, taxonomy, aggregates=aggregates, results=results)

    @classmethod
    def from_results(
        cls, results: Any, taxonomy: TaxonomyArgument = None, *, id_column: str | None = None
    ) -> PostingsAnalysis:
        """An analysis of per-posting results made anywhere: a pandas DataFrame in the
        shape of :meth:`results_frame` or of ``cvmatch.spark.extract_skills_df``'s output,
        or the path of a Parquet file (or folder of parts) of one."""
        from cvmatch.analytics.results import analysis_from_results

        return analysis_from_results(results, resolve_taxonomy(taxonomy), id_column=id_column)

    def results_frame(self) -> pd.DataFrame:
        """The per-posting results as one pandas row each (skills as a list of structs with
        their status, must-have flag and attribute values): save it to Parquet and
        :meth:`from_results` builds this analysis again."""
        from cvmatch.analytics.results import results_frame

        return results_frame(self._need_rows(), self._index, self.taxonomy)

    def merge(self, other: PostingsAnalysis) -> PostingsAnalysis:
        """One analysis of both analyses' postings (see :meth:`merged`)."""
        return PostingsAnalysis.merged([self, other])

    @classmethod
    def merged(cls, parts: Sequence[PostingsAnalysis]) -> PostingsAnalysis:
        """One analysis of the union of the parts' postings: counts add up, salaries are
        value counts, so every aggregate table equals that of one analysis of all. The
        per-posting tables are kept (rows in parts' order) when every part has them."""
        if not parts:
            raise InvalidInput("merged() needs at least one PostingsAnalysis")
        taxonomy = parts[0].taxonomy
        if any(p.taxonomy.content_hash != taxonomy.content_hash for p in parts):
            raise InvalidInput("analyses made with different taxonomies cannot be merged")
        aggregates = parts[0]._agg
        for part in parts[1:]:
            aggregates = aggregates.merge(part._agg)
        if any(p._rows is None for p in parts):
            return cls.from_aggregates(aggregates, taxonomy)
        rows, offset = [], 0
        for part in parts:
            rows += [dataclasses.replace(r, position=r.position + offset) for r in part._rows]
            offset += len(part._rows)
        index, kept, keep = _merged_index(parts)
        return cls(rows, taxonomy, index=index, kept=kept, keep=keep, aggregates=aggregates)

    def _need_rows(self) -> list[PostingRow]:
        """The per-posting rows, or an error saying this analysis holds counts only."""
        if self._rows is None:
            where = "" if self.results is None else " (they are in .results)"
            raise InvalidInput(
                "this analysis holds aggregate counts only, not one row per posting"
                f"{where}; build it with analyze_postings or from_results to have them"
            )
        return self._rows

    # -- sizes ------------------------------------------------------------------------------
    @property
    def n_postings(self) -> int:
        """Postings read and analysed."""
        return self._agg.n_postings

    @property
    def n_failed(self) -> int:
        """Postings that could not be read."""
        return self._agg.n_failed

    @property
    def n_with_salary(self) -> int:
        """Postings read that carry a salary."""
        return self._agg.n_with_salary

    def __len__(self) -> int:
        return self.n_postings + self.n_failed

    def __repr__(self) -> str:
        return (
            f"<PostingsAnalysis: {self.n_postings} postings, {self.n_failed} failed, "
            f"{len(self._concept_order)} skills, {self.n_with_salary} with salary>"
        )

    # -- helpers ----------------------------------------------------------------------------
    def _name(self, concept_id: str) -> str:
        concept = self.taxonomy.concepts.get(concept_id)
        return concept.name if concept else concept_id

    @cached_property
    def _agg(self) -> Aggregates:
        """The counts every aggregate table is built from."""
        return Aggregates.from_rows(self._rows or ())

    @cached_property
    def _concept_order(self) -> list[str]:
        """Concepts found, most demanded first, ties in taxonomy order."""
        return tables.concept_order(self._agg, self.taxonomy)

    @cached_property
    def _index(self) -> pd.Index:
        """The label of every row, in input order: the input's index, else 0, 1, ..."""
        pd = require_pandas()
        if self._input_index is not None:
            return self._input_index
        return pd.RangeIndex(len(self._need_rows()), name="posting")

    def _ok_index(self) -> pd.Index:
        """The labels of the postings that were read."""
        return self._index[[r.position for r in self._ok]]

    # -- tables -----------------------------------------------------------------------------
    @cached_property
    def postings(self) -> pd.DataFrame:
        pd = require_pandas()
        rows = self._need_rows()
        frame = pd.DataFrame(
            {
                "source": [r.source for r in rows],
                "title": [r.title for r in rows],
                "role": [_role(r) for r in rows],
                "role_score": pd.array([r.role_score for r in rows], dtype="Float64"),
                "salary": pd.array([r.salary for r in rows], dtype="Float64"),
                "n_skills": [len(r.skills) for r in rows],
                "skills": [list(r.skills) for r in rows],
                "required_skills": [list(r.required) for r in rows],
                "ok": [r.error is None for r in rows],
                "error": [r.error for r in rows],
                **attributes.per_posting(rows, self.attribute_names),
            },
            index=self._index,
        )
        return join_kept(frame, self._keep, self._kept, [r.extra for r in rows])

    @property
    def attribute_names(self) -> list[str]:
        """The attributes of the concepts (``languages``, ``industries``, ...): those the
        taxonomy declares, then any other name the postings gave, in order of appearance."""
        return tables.attribute_names(self._agg, self.taxonomy)

    @cached_property
    def attributes(self) -> pd.DataFrame:
        self._need_rows()
        return attributes.long_table(self._ok, self._ok_index())

    def attribute_counts(self, attribute: str | None = None) -> pd.DataFrame:
        """How many read postings name each attribute value: ``postings``, ``share`` (of
        ``n_postings``) and ``required`` (postings where it is required).

        For one ``attribute`` (e.g. ``"languages"``) the table is indexed by value;
        without, by ``(attribute, value)``. Most frequent first.
        """
        names = self.attribute_names
        if attribute is not None and attribute not in names:
            raise InvalidInput(f"unknown attribute {attribute!r}; choose from {', '.join(names)}")
        return tables.attribute_counts(self._agg, names, attribute, self.n_postings)

    def demand_by(self, column: str, *, normalize: bool = True) -> pd.DataFrame:
        """Concept x group: the share (or, ``normalize=False``, the count) of each group's
        read postings asking for the concept, grouped by a column of :attr:`postings`
        (a ``keep`` column such as ``"dataset"``, or ``"role"``). Missing group values
        form no group."""
        if column not in self.postings.columns:
            raise InvalidInput(
                f"{column!r} is not a column of postings; pass keep=[{column!r}] "
                "to analyze_postings to carry it through"
            )
        groups = self.postings.loc[self.postings["ok"], column]
        grouped = self.matrix.set_axis(groups.to_numpy(), axis=0).groupby(level=0, sort=True)
        table = grouped.mean() if normalize else grouped.sum()
        return table.T.rename_axis(index="concept", columns=column)

    @cached_property
    def skills(self) -> pd.DataFrame:
        return tables.skills(self._agg, self.taxonomy)

    @cached_property
    def roles(self) -> pd.DataFrame:
        return tables.roles(self._agg, self.taxonomy)

    @cached_property
    def by_role(self) -> pd.DataFrame:
        return tables.by_role(self._agg, self.taxonomy)

    def demand_by_role(self, *, normalize: bool = True) -> pd.DataFrame:
        """Concept x role: the share of each role's postings asking for the concept.

        With ``normalize=False`` the counts (same as :attr:`by_role`).
        """
        if not normalize:
            return self.by_role.copy()
        sizes = self.roles["postings"].reindex(self.by_role.columns).astype("float64")
        return self.by_role.astype("float64").div(sizes.where(sizes > 0), axis=1)

    @cached_property
    def matrix(self) -> pd.DataFrame:
        """Posting x concept, ``True`` where a read posting asks for the concept."""
        pd = require_pandas()
        import numpy as np

        self._need_rows()
        concepts = self._concept_order
        c_index = {c: i for i, c in enumerate(concepts)}
        data = np.zeros((len(self._ok), len(concepts)), dtype=bool)
        for i, row in enumerate(self._ok):
            for concept_id in row.skills:
                data[i, c_index[concept_id]] = True
        return pd.DataFrame(
            data,
            index=self._ok_index(),
            columns=pd.Index(concepts, name="concept", dtype="object"),
        )

    @cached_property
    def cooccurrence(self) -> pd.DataFrame:
        return tables.cooccurrence(self._agg, self.taxonomy)

    @cached_property
    def lift(self) -> pd.DataFrame:
        pd = require_pandas()
        import numpy as np

        counts = self.cooccurrence.to_numpy(dtype="float64")
        n = max(self.n_postings, 1)
        single = np.diag(counts)
        with np.errstate(divide="ignore", invalid="ignore"):
            lift = counts * n / np.outer(single, single)
        return pd.DataFrame(lift, index=self.cooccurrence.index, columns=self.cooccurrence.columns)

    def pairs(self, *, min_count: int = 2) -> pd.DataFrame:
        """Skills that travel together: one row per pair asked for together at least
        ``min_count`` times, with ``count``, ``share`` (of postings), ``lift`` and
        ``confidence`` (of ``b`` given ``a``, where ``a`` is the more common one);
        most frequent first."""
        pd = require_pandas()
        counts, lift = self.cooccurrence, self.lift
        order = self._concept_order
        total = max(self.n_postings, 1)
        records = [
            (
                a,
                b,
                self._name(a),
                self._name(b),
                count,
                count / total,
                float(lift.at[a, b]),
                count / int(counts.at[a, a]),
            )
            for i, a in enumerate(order)
            for b in order[i + 1 :]
            if (count := int(counts.at[a, b])) >= min_count and count > 0
        ]
        columns = ["a", "b", "name_a", "name_b", "count", "share", "lift", "confidence"]
        frame = pd.DataFrame.from_records(records, columns=columns)
        return frame.sort_values(
            ["count", "lift"], ascending=[False, False], ignore_index=True, kind="stable"
        )

    def salary_by_skill(self, *, min_count: int = 3) -> pd.DataFrame:
        """Skill vs salary, over postings that carry a salary.

        One row per concept asked for by at least ``min_count`` salaried postings (and
        missing from at least one): ``n_with`` and ``median_with`` (postings asking for
        it), ``n_without`` and ``median_without`` (the others), ``premium``
        (``median_with - median_without``) and ``premium_share`` (premium over
        ``median_without``); highest premium first. Empty when no posting has a salary.
        A premium is an association, not a cause: roles and places differ too.
        """
        return tables.salary_by_skill(self._agg, self.taxonomy, min_count)

    @property
    def failures(self) -> pd.DataFrame:
        """The postings that could not be read, with the reason."""
        frame = self.postings
        return frame.loc[~frame["ok"], ["source", "error"]]

    # -- Jupyter ----------------------------------------------------------------------------
    def _repr_html_(self) -> str:
        return summary.html_summary(self)

    # -- plots ------------------------------------------------------------------------------
    def plot_skill_demand(
        self, *, top: int = 15, by_role: bool = True, ax: Axes | None = None
    ) -> Figure:
        """Horizontal bars of the ``top`` most demanded skills (postings asking for each),
        stacked by closest role when ``by_role``. Returns the Figure (``.savefig(...)``)."""
        return plots.skill_demand(self, top=top, by_role=by_role, ax=ax)

    def plot_cooccurrence(
        self,
        *,
        top: int = 15,
        metric: Literal["count", "lift"] = "count",
        ax: Axes | None = None,
    ) -> Figure:
        """Heat map of how often the ``top`` skills are asked for together.

        ``metric="count"`` colours by postings asking for both (diagonal left blank);
        ``metric="lift"`` by log2 lift (red = together more than chance).
        """
        return plots.cooccurrence(self, top=top, metric=metric, ax=ax)

    def plot_salary(self, *, top: int = 15, min_count: int = 3, ax: Axes | None = None) -> Figure:
        """Bars of each skill's median salary premium (postings with vs without it)."""
        return plots.salary_premium(self, top=top, min_count=min_count, ax=ax)


def _merged_index(parts: Sequence[PostingsAnalysis]) -> tuple[Any, Any, tuple[str, ...]]:
    """The merged rows' index (the parts' own, one after another, when each has one) and
    the kept columns (when every part kept the same ones)."""
    pd = require_pandas()
    index = None
    if all(p._input_index is not None for p in parts):
        index = parts[0]._input_index.append([p._input_index for p in parts[1:]])
    keep = parts[0]._keep
    if not keep or any(p._keep != keep for p in parts):
        return index, None, ()
    kept = [
        p._kept.reset_index(drop=True)
        if p._kept is not None
        else pd.DataFrame([r.extra or (None,) * len(keep) for r in p._rows], columns=list(keep))
        for p in parts
    ]
    return index, pd.concat(kept, ignore_index=True), keep


def _role(row: PostingRow) -> str | None:
    """The role column: the closest role, :data:`UNASSIGNED`, or NA for a failed posting."""
    if row.error is not None:
        return None
    return row.role or UNASSIGNED
