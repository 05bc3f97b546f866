"""Postings analytics for notebooks: what employers ask for, by role, together, and for what pay.

:func:`analyze_postings` streams postings (texts, files, the rows of a CSV reader or a
pandas DataFrame) through the extractor and keeps only a few small facts per posting:
the concepts found, which of them are required, the closest role and the salary. A
:class:`PostingsAnalysis` turns those facts into pandas DataFrames and matplotlib
figures; it renders as a summary in Jupyter.

pandas is needed for the tables and matplotlib for the plots
(``pip install "cvmatch[analytics]"``); both are imported only when used.

Example
-------
>>> import pandas as pd, cvmatch
>>> df = pd.read_csv("postings.csv")                                   # doctest: +SKIP
>>> analysis = cvmatch.analyze_postings(df, text_column="description",
...                                     salary_column="salary")       # doctest: +SKIP
>>> analysis.skills.head()                                             # doctest: +SKIP
>>> analysis.plot_skill_demand().savefig("demand.png")                # doctest: +SKIP
"""

from __future__ import annotations

import html
import math
import os
import re
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from cvmatch.api import as_document
from cvmatch.batch.inputs import expand_paths
from cvmatch.errors import CvmatchError, InvalidInput
from cvmatch.extract.component import get_extractor
from cvmatch.models import Document
from cvmatch.reading.document import read_document, read_text
from cvmatch.scoring.roles import in_scope, score_roles
from cvmatch.taxonomy import Taxonomy, load_taxonomy

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = ["PostingsAnalysis", "analyze_postings", "parse_salary"]

#: Column names tried, in order, when ``text_column`` is not given for a DataFrame.
TEXT_COLUMNS = ("text", "description", "fulldescription", "full_description", "posting", "body")

UNASSIGNED = "(none)"


def _require_pandas() -> Any:
    try:
        import pandas
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError(
            'postings analytics needs pandas; install it with pip install "cvmatch[analytics]"'
        ) from None
    return pandas


def _figure(width: float, height: float) -> Figure:
    try:
        from matplotlib.figure import Figure
    except ImportError:  # pragma: no cover - depends on the environment
        raise ImportError(
            'plots need matplotlib; install it with pip install "cvmatch[analytics]"'
        ) from None
    return Figure(figsize=(width, height), layout="constrained")


# --- salaries --------------------------------------------------------------------------------
_SALARY_NUMBER = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*([kK])?\b")


def parse_salary(value: object) -> float | None:
    """A salary as one positive number, or ``None``.

    Numbers are taken as they are; a string such as ``"£25,000 - £30,000 per annum"``
    or ``"25k-30k"`` gives the midpoint of its first two numbers. Units are not
    converted (hourly stays hourly): put every posting in one unit and currency first.
    Missing values (``None``, NaN, empty, zero or negative) give ``None``.
    """
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, str):
        numbers = []
        for match in _SALARY_NUMBER.finditer(value):
            number = float(match.group(1).replace(",", ""))
            if match.group(2):
                number *= 1000
            numbers.append(number)
            if len(numbers) == 2:
                break
        if not numbers:
            return None
        number = sum(numbers) / len(numbers)
    else:
        try:
            number = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return None
    return number if math.isfinite(number) and number > 0 else None


# --- what is kept per posting ----------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class _Row:
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


@dataclass(frozen=True)
class _Item:
    position: int
    source: str
    payload: Any  # Document, Path, str text, or str that may be a path
    is_text: bool
    salary: float | None
    title: str | None


def _is_missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def _column(frame: Any, name: str | None, what: str) -> Any:
    if name is None:
        return None
    if name not in frame.columns:
        raise InvalidInput(
            f"{what} {name!r} is not a column; the columns are {', '.join(map(str, frame.columns))}"
        )
    return frame[name]


def _text_column(columns: Iterable[Any]) -> str:
    names = {str(c).lower(): c for c in columns}
    for candidate in TEXT_COLUMNS:
        if candidate in names:
            return names[candidate]
    raise InvalidInput(
        "pass text_column=...: none of the columns looks like posting text "
        f"(tried {', '.join(TEXT_COLUMNS)})"
    )


def _items(
    postings: Any,
    text_column: str | None,
    salary_column: str | None,
    title_column: str | None,
    id_column: str | None,
) -> Iterator[_Item]:
    """One :class:`_Item` per input posting, lazily, in input order."""
    pandas = None
    if type(postings).__module__.startswith("pandas"):
        pandas = _require_pandas()
    if pandas is not None and isinstance(postings, pandas.DataFrame):
        column = text_column if text_column is not None else _text_column(postings.columns)
        texts = _column(postings, column, "text_column")
        salaries = _column(postings, salary_column, "salary_column")
        titles = _column(postings, title_column, "title_column")
        ids = _column(postings, id_column, "id_column")
        for position, label in enumerate(postings.index):
            text = texts.iat[position]
            title = None if titles is None else titles.iat[position]
            yield _Item(
                position=position,
                source=str(label if ids is None else ids.iat[position]),
                payload="" if _is_missing(text) else str(text),
                is_text=True,
                salary=None if salaries is None else parse_salary(salaries.iat[position]),
                title=None if _is_missing(title) else str(title),
            )
        return
    if pandas is not None and isinstance(postings, pandas.Series):
        for position, (label, text) in enumerate(postings.items()):
            yield _Item(
                position, str(label), "" if _is_missing(text) else str(text), True, None, None
            )
        return
    if isinstance(postings, (str, os.PathLike)):
        # one path, folder or glob, as on the command line
        if isinstance(postings, str) and "\n" in postings:
            raise InvalidInput(
                "analyze_postings takes many postings: pass a list of texts, not one string"
            )
        postings = [Path(p) for p in expand_paths([postings])]
    if isinstance(postings, Document):
        postings = [postings]
    for position, entry in enumerate(postings):
        if isinstance(entry, Mapping):
            column = text_column if text_column is not None else _text_column(entry)
            if column not in entry:
                raise InvalidInput(f"text_column {column!r} is not a key of posting {position}")
            text = entry[column]
            title = entry.get(title_column) if title_column else None
            ident = entry.get(id_column) if id_column else None
            yield _Item(
                position=position,
                source=str(ident) if ident is not None else f"<posting {position}>",
                payload="" if _is_missing(text) else str(text),
                is_text=True,
                salary=parse_salary(entry.get(salary_column)) if salary_column else None,
                title=None if _is_missing(title) or title == "" else str(title),
            )
        elif isinstance(entry, Document):
            yield _Item(position, entry.source, entry, False, None, None)
        elif isinstance(entry, os.PathLike):
            yield _Item(position, os.fspath(entry), entry, False, None, None)
        elif isinstance(entry, str):
            name = entry if len(entry) < 200 and "\n" not in entry else f"<posting {position}>"
            yield _Item(position, name, entry, False, None, None)
        else:
            raise InvalidInput(
                f"posting {position} is a {type(entry).__name__}; pass texts, paths, Documents, "
                "dicts (with text_column) or a pandas DataFrame"
            )


def _document(item: _Item) -> Document:
    if isinstance(item.payload, Document):
        document = item.payload
        return (
            document
            if document.kind == "posting"
            else document.model_copy(update={"kind": "posting"})
        )
    if item.is_text:
        return read_text(item.payload, kind="posting", name=item.source)
    if isinstance(item.payload, os.PathLike):
        return read_document(item.payload, kind="posting")
    return as_document(item.payload, kind="posting")


def analyze_postings(
    postings: Any,
    *,
    text_column: str | None = None,
    salary_column: str | None = None,
    title_column: str | None = None,
    id_column: str | None = None,
    taxonomy: Taxonomy | str | os.PathLike[str] | None = None,
    detect_roles: bool = True,
    batch_size: int = 64,
) -> PostingsAnalysis:
    """Analyse many job postings: skill demand overall and by role, co-occurrence, salaries.

    Parameters
    ----------
    postings
        Any of: a pandas ``DataFrame`` (one posting per row) or ``Series`` of texts; an
        iterable of texts, paths, :class:`~cvmatch.models.Document` s or dicts (e.g. the
        rows of ``csv.DictReader``, read lazily); or one path, folder or glob. A ``str``
        in an iterable is a path when it names an existing file, and text otherwise.
    text_column
        The column (or dict key) with the posting text. For a DataFrame it defaults to
        the first of ``text``, ``description``, ``FullDescription``, ... that exists.
    salary_column
        A column with the salary (a number, or text such as ``"£25,000-£30,000"``; see
        :func:`parse_salary`). Use one unit and currency for all postings.
    title_column
        A column with the job title (otherwise the title found in the text).
    id_column
        A column naming each posting (otherwise the DataFrame index or the position).
    taxonomy
        A :class:`~cvmatch.taxonomy.Taxonomy`, or a path to taxonomy files merged over
        the shipped one; the shipped taxonomy by default.
    detect_roles
        Score each posting against the roles to find the one it is closest to.
    batch_size
        Postings per ``nlp.pipe`` batch.

    Returns
    -------
    PostingsAnalysis
        The per-posting facts and the DataFrames and plots built from them. A posting
        that cannot be read is kept as a failed row (``ok`` is false, ``error`` says why).

    Notes
    -----
    Postings are streamed: spaCy docs and texts are dropped once a posting's concepts,
    required flags, closest role and salary are taken, so memory grows only with those
    few facts (a few hundred bytes a posting).
    """
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise InvalidInput(f"batch_size must be a positive integer, not {batch_size!r}")
    if taxonomy is None or isinstance(taxonomy, Taxonomy):
        tax = taxonomy if taxonomy is not None else load_taxonomy()
    else:
        tax = load_taxonomy(taxonomy)
    extractor = get_extractor(tax)
    rows: list[_Row] = []
    pending: deque[tuple[_Item, Document]] = deque()

    def documents() -> Iterator[Document]:
        for item in _items(postings, text_column, salary_column, title_column, id_column):
            try:
                document = _document(item)
            except CvmatchError as exc:
                rows.append(
                    _Row(
                        item.position,
                        item.source,
                        item.title,
                        None,
                        None,
                        item.salary,
                        (),
                        (),
                        f"{type(exc).__name__}: {exc}",
                    )
                )
                continue
            pending.append((item, document))
            yield document

    for profile in extractor.extract_many(documents(), batch_size=batch_size):
        item, document = pending.popleft()
        role = role_score = None
        if detect_roles and profile.skills and in_scope(profile, tax, document) is not False:
            best = score_roles(profile, tax, document)[0]
            if best.score > 0:
                role, role_score = best.id, best.score
        rows.append(
            _Row(
                position=item.position,
                source=item.source,
                title=item.title or document.title,
                role=role,
                role_score=role_score,
                salary=item.salary,
                skills=tuple(s.id for s in profile.skills),
                required=tuple(s.id for s in profile.skills if s.required),
                error=None,
            )
        )
    rows.sort(key=lambda r: r.position)
    return PostingsAnalysis(rows, tax)


# --- the result ------------------------------------------------------------------------------
class PostingsAnalysis:
    """What a set of postings asks for, as pandas DataFrames and matplotlib figures.

    Build one with :func:`analyze_postings`. Every table is computed on first use from
    the small per-posting facts and then cached. Shares are fractions (0..1) of the
    postings that were read (``n_postings``), or of a role's postings.

    Attributes
    ----------
    postings : DataFrame
        One row per input posting: ``source``, ``title``, ``role``, ``role_score``,
        ``salary``, ``n_skills``, ``skills``, ``required_skills``, ``ok``, ``error``.
    skills : DataFrame
        Per concept found: ``name``, ``category``, ``postings``, ``share``,
        ``required``, ``preferred``, ``required_share``; most demanded first.
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
    """

    def __init__(self, rows: list[_Row], taxonomy: Taxonomy) -> None:
        self._rows = rows
        self._ok = [r for r in rows if r.error is None]
        self.taxonomy = taxonomy

    # -- sizes ------------------------------------------------------------------------------
    @property
    def n_postings(self) -> int:
        """Postings read and analysed."""
        return len(self._ok)

    @property
    def n_failed(self) -> int:
        """Postings that could not be read."""
        return len(self._rows) - len(self._ok)

    @property
    def n_with_salary(self) -> int:
        """Postings read that carry a salary."""
        return sum(r.salary is not None for r in self._ok)

    def __len__(self) -> int:
        return len(self._rows)

    def __repr__(self) -> str:
        return (
            f"<PostingsAnalysis: {self.n_postings} postings, {self.n_failed} failed, "
            f"{len(self._concept_order)} skills, {self.n_with_salary} with salary>"
        )

    # -- helpers ----------------------------------------------------------------------------
    def _name(self, concept_id: str) -> str:
        concept = self.taxonomy.concepts.get(concept_id)
        return concept.name if concept else concept_id

    def _role_title(self, role_id: str) -> str:
        role = self.taxonomy.roles.get(role_id)
        return role.title if role else role_id

    @cached_property
    def _counts(self) -> dict[str, tuple[int, int]]:
        counts: dict[str, list[int]] = {}
        for row in self._ok:
            required = set(row.required)
            for concept_id in row.skills:
                entry = counts.setdefault(concept_id, [0, 0])
                entry[0] += 1
                entry[1] += concept_id in required
        return {k: (v[0], v[1]) for k, v in counts.items()}

    @cached_property
    def _concept_order(self) -> list[str]:
        """Concepts found, most demanded first, ties in taxonomy order."""
        rank = {c: i for i, c in enumerate(self.taxonomy.concepts)}
        return sorted(self._counts, key=lambda c: (-self._counts[c][0], rank.get(c, len(rank)), c))

    @cached_property
    def _role_order(self) -> list[str]:
        present = {r.role or UNASSIGNED for r in self._ok}
        order = [r for r in self.taxonomy.roles if r in present]
        order += sorted(present - set(order) - {UNASSIGNED})
        return order + ([UNASSIGNED] if UNASSIGNED in present else [])

    # -- tables -----------------------------------------------------------------------------
    @cached_property
    def postings(self) -> pd.DataFrame:
        pd = _require_pandas()
        frame = pd.DataFrame(
            {
                "source": [r.source for r in self._rows],
                "title": [r.title for r in self._rows],
                "role": [r.role for r in self._rows],
                "role_score": pd.array([r.role_score for r in self._rows], dtype="Float64"),
                "salary": pd.array([r.salary for r in self._rows], dtype="Float64"),
                "n_skills": [len(r.skills) for r in self._rows],
                "skills": [list(r.skills) for r in self._rows],
                "required_skills": [list(r.required) for r in self._rows],
                "ok": [r.error is None for r in self._rows],
                "error": [r.error for r in self._rows],
            },
            index=pd.RangeIndex(len(self._rows), name="posting"),
        )
        return frame

    @cached_property
    def skills(self) -> pd.DataFrame:
        pd = _require_pandas()
        order = self._concept_order
        total = max(self.n_postings, 1)
        counts = [self._counts[c][0] for c in order]
        required = [self._counts[c][1] for c in order]
        frame = pd.DataFrame(
            {
                "name": [self._name(c) for c in order],
                "category": [
                    self.taxonomy.concepts[c].category if c in self.taxonomy.concepts else None
                    for c in order
                ],
                "postings": pd.array(counts, dtype="int64"),
                "share": pd.array([n / total for n in counts], dtype="float64"),
                "required": pd.array(required, dtype="int64"),
                "preferred": pd.array(
                    [n - r for n, r in zip(counts, required, strict=True)], dtype="int64"
                ),
                "required_share": pd.array(
                    [r / n for n, r in zip(counts, required, strict=True)], dtype="float64"
                ),
            },
            index=pd.Index(order, name="concept", dtype="object"),
        )
        return frame

    @cached_property
    def roles(self) -> pd.DataFrame:
        pd = _require_pandas()
        order = self._role_order
        total = max(self.n_postings, 1)
        counts = {r: 0 for r in order}
        salaries: dict[str, list[float]] = {r: [] for r in order}
        for row in self._ok:
            key = row.role or UNASSIGNED
            counts[key] += 1
            if row.salary is not None:
                salaries[key].append(row.salary)
        return pd.DataFrame(
            {
                "title": [
                    self._role_title(r) if r != UNASSIGNED else "no role fits" for r in order
                ],
                "postings": pd.array([counts[r] for r in order], dtype="int64"),
                "share": pd.array([counts[r] / total for r in order], dtype="float64"),
                "median_salary": pd.array([_median(salaries[r]) for r in order], dtype="Float64"),
            },
            index=pd.Index(order, name="role", dtype="object"),
        )

    @cached_property
    def by_role(self) -> pd.DataFrame:
        pd = _require_pandas()
        concepts, roles = self._concept_order, self._role_order
        c_index = {c: i for i, c in enumerate(concepts)}
        r_index = {r: j for j, r in enumerate(roles)}
        grid = [[0] * len(roles) for _ in concepts]
        for row in self._ok:
            j = r_index[row.role or UNASSIGNED]
            for concept_id in row.skills:
                grid[c_index[concept_id]][j] += 1
        frame = pd.DataFrame(
            grid,
            index=pd.Index(concepts, name="concept", dtype="object"),
            columns=pd.Index(roles, name="role", dtype="object"),
            dtype="int64",
        )
        return frame

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
        pd = _require_pandas()
        import numpy as np

        concepts = self._concept_order
        c_index = {c: i for i, c in enumerate(concepts)}
        data = np.zeros((len(self._ok), len(concepts)), dtype=bool)
        for i, row in enumerate(self._ok):
            for concept_id in row.skills:
                data[i, c_index[concept_id]] = True
        return pd.DataFrame(
            data,
            index=pd.Index([r.position for r in self._ok], name="posting"),
            columns=pd.Index(concepts, name="concept", dtype="object"),
        )

    @cached_property
    def cooccurrence(self) -> pd.DataFrame:
        pd = _require_pandas()
        values = self.matrix.to_numpy(dtype="int64")
        counts = values.T @ values
        index = pd.Index(self._concept_order, name="concept", dtype="object")
        return pd.DataFrame(counts, index=index, columns=index.rename("with"))

    @cached_property
    def lift(self) -> pd.DataFrame:
        pd = _require_pandas()
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
        pd = _require_pandas()
        counts, lift = self.cooccurrence, self.lift
        order = self._concept_order
        records = []
        total = max(self.n_postings, 1)
        for i, a in enumerate(order):
            for b in order[i + 1 :]:
                count = int(counts.at[a, b])
                if count >= min_count and count > 0:
                    records.append(
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
                    )
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
        pd = _require_pandas()
        import numpy as np

        salary = np.array(
            [r.salary if r.salary is not None else np.nan for r in self._ok], dtype="float64"
        )
        has_salary = ~np.isnan(salary)
        matrix = self.matrix.to_numpy()[has_salary]
        salary = salary[has_salary]
        columns = [
            "name",
            "n_with",
            "median_with",
            "n_without",
            "median_without",
            "premium",
            "premium_share",
        ]
        records, index = [], []
        for j, concept_id in enumerate(self._concept_order):
            with_, without = salary[matrix[:, j]], salary[~matrix[:, j]]
            if len(with_) < min_count or not len(without):
                continue
            m_with, m_without = float(np.median(with_)), float(np.median(without))
            premium = m_with - m_without
            records.append(
                (
                    self._name(concept_id),
                    len(with_),
                    m_with,
                    len(without),
                    m_without,
                    premium,
                    premium / m_without,
                )
            )
            index.append(concept_id)
        frame = pd.DataFrame.from_records(
            records, columns=columns, index=pd.Index(index, name="concept", dtype="object")
        )
        frame = frame.astype(
            {
                "n_with": "int64",
                "n_without": "int64",
                "median_with": "float64",
                "median_without": "float64",
                "premium": "float64",
                "premium_share": "float64",
            }
        )
        return frame.sort_values("premium", ascending=False, kind="stable")

    @property
    def failures(self) -> pd.DataFrame:
        """The postings that could not be read, with the reason."""
        frame = self.postings
        return frame.loc[~frame["ok"], ["source", "error"]]

    # -- Jupyter ----------------------------------------------------------------------------
    def _repr_html_(self) -> str:
        top = self.skills.head(10)
        parts = [
            "<div class='cvmatch-postings-analysis'>",
            f"<p><strong>Postings analysis</strong>: {self.n_postings} postings read"
            f"{f', {self.n_failed} failed' if self.n_failed else ''}, "
            f"{len(self._concept_order)} distinct skills, "
            f"{self.n_with_salary} with a salary.</p>",
        ]
        if self.n_postings:
            parts.append("<p>Most demanded skills</p>")
            parts.append(
                _html_table(
                    ["skill", "postings", "share", "required"],
                    [
                        [
                            html.escape(str(r.name)),
                            str(r.postings),
                            f"{r.share:.0%}",
                            f"{r.required_share:.0%}",
                        ]
                        for r in top.itertuples()
                    ],
                )
            )
            parts.append("<p>Closest roles</p>")
            parts.append(
                _html_table(
                    ["role", "postings", "share"],
                    [
                        [html.escape(str(r.title)), str(r.postings), f"{r.share:.0%}"]
                        for r in self.roles.itertuples()
                    ],
                )
            )
            pairs = self.pairs().head(5)
            if len(pairs):
                parts.append("<p>Skills asked for together</p>")
                parts.append(
                    _html_table(
                        ["skills", "postings", "lift"],
                        [
                            [html.escape(f"{r.name_a} + {r.name_b}"), str(r.count), f"{r.lift:.2f}"]
                            for r in pairs.itertuples()
                        ],
                    )
                )
        parts.append("</div>")
        return "\n".join(parts)

    # -- plots ------------------------------------------------------------------------------
    def plot_skill_demand(
        self, *, top: int = 15, by_role: bool = True, ax: Axes | None = None
    ) -> Figure:
        """Horizontal bars of the ``top`` most demanded skills (postings asking for each),
        stacked by closest role when ``by_role``. Returns the Figure (``.savefig(...)``)."""
        width = 10.5 if by_role else 8.0
        fig, ax = _fig_ax(ax, width, max(3.0, 0.35 * min(top, len(self._concept_order)) + 1.5))
        concepts = self._concept_order[:top][::-1]
        labels = [self._name(c) for c in concepts]
        if not concepts:
            ax.text(0.5, 0.5, "no skills found", ha="center", va="center", transform=ax.transAxes)
            return fig
        if by_role:
            table = self.by_role.loc[concepts]
            left = [0] * len(concepts)
            colors = _colors(len(table.columns))
            for color, role in zip(colors, table.columns, strict=True):
                values = table[role].tolist()
                label = self._role_title(role) if role != UNASSIGNED else "no role fits"
                ax.barh(labels, values, left=left, color=color, label=label)
                left = [a + b for a, b in zip(left, values, strict=True)]
            ax.legend(
                title="closest role", fontsize="small", loc="upper left", bbox_to_anchor=(1.01, 1.0)
            )
        else:
            ax.barh(labels, [self._counts[c][0] for c in concepts], color="#4C72B0")
        ax.set_xlabel(f"postings asking for the skill (of {self.n_postings})")
        ax.set_title("Skill demand" + (" by role" if by_role else ""))
        return fig

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
        import numpy as np

        if metric not in ("count", "lift"):
            raise InvalidInput(f"metric must be 'count' or 'lift', not {metric!r}")
        concepts = self._concept_order[:top]
        size = max(4.0, 0.45 * len(concepts) + 2.5)
        fig, ax = _fig_ax(ax, size + 1.5, size)
        if not concepts:
            ax.text(0.5, 0.5, "no skills found", ha="center", va="center", transform=ax.transAxes)
            return fig
        table = (self.cooccurrence if metric == "count" else self.lift).loc[concepts, concepts]
        values = table.to_numpy(dtype="float64").copy()
        np.fill_diagonal(values, np.nan)
        from matplotlib import colormaps

        if metric == "count":
            cmap = colormaps["Blues"].with_extremes(bad="#dddddd")
            image = ax.imshow(values, cmap=cmap, vmin=0)
            label = "postings asking for both"
        else:
            with np.errstate(divide="ignore"):
                values = np.log2(values)
            values[~np.isfinite(values)] = np.nan
            bound = float(np.nanmax(np.abs(values))) if np.isfinite(values).any() else 1.0
            cmap = colormaps["RdBu_r"].with_extremes(bad="#dddddd")
            image = ax.imshow(values, cmap=cmap, vmin=-bound, vmax=bound)
            label = "log2 lift"
        names = [self._name(c) for c in concepts]
        ax.set_xticks(range(len(names)), names, rotation=60, ha="right", fontsize="small")
        ax.set_yticks(range(len(names)), names, fontsize="small")
        fig.colorbar(image, ax=ax, label=label, shrink=0.8)
        ax.set_title("Skills asked for together")
        return fig

    def plot_salary(self, *, top: int = 15, min_count: int = 3, ax: Axes | None = None) -> Figure:
        """Bars of each skill's median salary premium (postings with vs without it)."""
        table = self.salary_by_skill(min_count=min_count)
        table = table.reindex(table["premium"].abs().sort_values(ascending=False).index)
        table = table.head(top).sort_values("premium")
        fig, ax = _fig_ax(ax, 8.0, max(3.0, 0.35 * len(table) + 1.5))
        if table.empty:
            ax.text(
                0.5, 0.5, "no salaries to compare", ha="center", va="center", transform=ax.transAxes
            )
            return fig
        colors = ["#55A868" if p >= 0 else "#C44E52" for p in table["premium"]]
        ax.barh(table["name"].tolist(), table["premium"].tolist(), color=colors)
        ax.axvline(0, color="black", linewidth=0.8)
        ax.set_xlabel("median salary with the skill minus without")
        ax.set_title(f"Salary premium by skill ({self.n_with_salary} postings with a salary)")
        return fig


def _median(values: list[float]) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def _html_table(header: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{html.escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _fig_ax(ax: Axes | None, width: float, height: float) -> tuple[Figure, Axes]:
    if ax is not None:
        return ax.figure, ax  # type: ignore[return-value]
    fig = _figure(width, height)
    return fig, fig.add_subplot()


def _colors(n: int) -> list[Any]:
    from matplotlib import colormaps

    cmap = colormaps["tab10"]
    return [cmap(i % 10) for i in range(n)]
