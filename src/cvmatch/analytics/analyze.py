""":func:`analyze_postings`: stream postings through the extractor, keep a few facts each."""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from cvmatch.analytics import attributes
from cvmatch.analytics.analysis import POSTING_COLUMNS, PostingRow, PostingsAnalysis
from cvmatch.analytics.frame import (
    Columns,
    Item,
    input_index,
    items,
    kept_frame,
    read_item,
    total,
)
from cvmatch.analytics.parallel import ChunkPool, chunks, resolve_n_jobs
from cvmatch.analytics.progress import Progress, make_progress
from cvmatch.errors import CvmatchError, InvalidInput
from cvmatch.extract import get_extractor
from cvmatch.models import Document, SkillProfile
from cvmatch.scoring import in_scope, score_roles
from cvmatch.taxonomy import Taxonomy, TaxonomyArgument, resolve_taxonomy

__all__ = ["analyze_postings"]


def analyze_postings(
    postings: Any,
    *,
    text_column: str | None = None,
    salary_column: str | None = None,
    title_column: str | None = None,
    id_column: str | None = None,
    keep: Sequence[str] | None = None,
    taxonomy: TaxonomyArgument = None,
    detect_roles: bool = True,
    batch_size: int = 64,
    progress: bool | None = None,
    n_jobs: int | None = None,
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
        A column naming each posting's ``source`` (otherwise the DataFrame index or the
        position). The tables keep the input's own index either way.
    keep
        Input columns (or dict keys) to carry into :attr:`PostingsAnalysis.postings`
        unchanged, e.g. ``keep=["dataset", "category"]``; group by them with
        :meth:`PostingsAnalysis.demand_by`. For a DataFrame they keep their dtypes.
    taxonomy
        A :class:`~cvmatch.taxonomy.Taxonomy`, or a path to taxonomy files merged over
        the shipped one; the shipped taxonomy by default.
    detect_roles
        Score each posting against the roles to find the one it is closest to.
    batch_size
        Postings per ``nlp.pipe`` batch.
    progress
        Show a progress bar: ``True`` always, ``False`` never, ``None`` (the default)
        in a Jupyter notebook or when standard error is a terminal. A rich bar in a
        terminal, an HTML bar in a notebook (no ipywidgets needed).
    n_jobs
        Worker processes: ``None`` or 1 analyses in this process; 2 or more hand chunks
        of ``batch_size`` postings to that many processes (each builds the extractor
        once); -1 uses every CPU. The result is the same, row for row, in input order.

    Returns
    -------
    PostingsAnalysis
        The per-posting facts and the DataFrames and plots built from them. A posting
        that cannot be read is kept as a failed row (``ok`` is false, ``error`` says why);
        a missing text (``None``, NaN, ``pd.NA``, ``""``) is such a row, whatever the
        input. For a DataFrame or Series the per-posting tables have its index, so
        ``df.join(analysis.postings)`` lines them up; otherwise postings are numbered
        from 0 in input order.

    Notes
    -----
    Postings are streamed: spaCy docs and texts are dropped once a posting's concepts,
    required flags, closest role and salary are taken, so memory grows only with those
    few facts (a few hundred bytes a posting). With ``n_jobs`` > 1 at most two chunks
    per worker are in flight; the postings must then be picklable (texts, paths,
    Documents and plain dict rows are).
    """
    if isinstance(batch_size, bool) or not isinstance(batch_size, int) or batch_size < 1:
        raise InvalidInput(f"batch_size must be a positive integer, not {batch_size!r}")
    if isinstance(keep, str):
        raise InvalidInput(f"keep must be a list of column names, not one string ({keep!r})")
    tax = resolve_taxonomy(taxonomy)
    columns = Columns(
        text=text_column,
        salary=salary_column,
        title=title_column,
        id=id_column,
        keep=tuple(keep or ()),
    )
    clash = set(columns.keep) & {*POSTING_COLUMNS, *attributes.names(tax, [])}
    if clash:
        raise InvalidInput(
            f"keep names columns the analysis makes itself: {', '.join(sorted(clash))} "
            "(use title_column= / salary_column= for those, or rename the column)"
        )
    kept = kept_frame(postings, columns.keep)  # checks the names before any work
    workers = resolve_n_jobs(n_jobs)
    count = total(postings)
    if workers > 1 and (count is None or count > batch_size):
        rows = _in_workers(postings, columns, tax, detect_roles, batch_size, workers, progress)
    else:
        bar = make_progress(progress, count, "Analysing postings")
        try:
            rows = posting_rows(
                items(postings, columns), tax, detect_roles, batch_size, bar.advance
            )
        finally:
            bar.close()
    rows.sort(key=lambda r: r.position)
    return PostingsAnalysis(rows, tax, index=input_index(postings), kept=kept, keep=columns.keep)


def posting_rows(
    postings: Iterable[Item],
    taxonomy: Taxonomy,
    detect_roles: bool,
    batch_size: int,
    advance: Callable[[], None] | None = None,
) -> list[PostingRow]:
    """One row per item, streamed through the extractor (failed rows as the items fail, so
    not in input order); ``advance()`` after each."""
    rows: list[PostingRow] = []
    # the documents handed to the extractor, waiting for their profiles (at most a batch or two)
    pending: deque[tuple[Item, Document]] = deque()

    def documents() -> Iterator[Document]:
        for item in postings:
            try:
                document = read_item(item)
            except CvmatchError as exc:
                rows.append(_failed_row(item, exc))
                if advance is not None:
                    advance()
                continue
            pending.append((item, document))
            yield document

    for profile in get_extractor(taxonomy).extract_many(documents(), batch_size=batch_size):
        item, document = pending.popleft()
        rows.append(_row(item, document, profile, taxonomy, detect_roles))
        if advance is not None:
            advance()
    return rows


def _in_workers(
    postings: Any,
    columns: Columns,
    taxonomy: Taxonomy,
    detect_roles: bool,
    batch_size: int,
    workers: int,
    progress: bool | None,
) -> list[PostingRow]:
    """The rows, computed by ``workers`` processes a chunk of ``batch_size`` postings at a time."""
    get_extractor(taxonomy)  # built once here: forked workers inherit it
    rows: list[PostingRow] = []
    with ChunkPool(workers, _start_worker, (taxonomy,)) as pool:
        bar: Progress = make_progress(progress, total(postings), "Analysing postings")
        try:
            work = chunks(items(postings, columns), batch_size)
            for done in pool.map(_analyse_chunk, work, detect_roles, batch_size):
                rows.extend(done)
                bar.advance(len(done))
        finally:
            bar.close()
    return rows


_WORKER_TAXONOMY: list[Taxonomy] = []


def _start_worker(taxonomy: Taxonomy) -> None:
    """In a worker process: remember the taxonomy and build its extractor, once."""
    _WORKER_TAXONOMY[:] = [taxonomy]
    get_extractor(taxonomy)


def _analyse_chunk(chunk: list[Item], detect_roles: bool, batch_size: int) -> list[PostingRow]:
    """In a worker process: the rows of one chunk of postings."""
    return posting_rows(chunk, _WORKER_TAXONOMY[0], detect_roles, batch_size)


def _row(
    item: Item, document: Document, profile: SkillProfile, taxonomy: Taxonomy, detect_roles: bool
) -> PostingRow:
    """The facts kept about a posting that was read: skills, required ones, closest role."""
    role = role_score = None
    if detect_roles and profile.skills and in_scope(profile, taxonomy, document) is not False:
        best = score_roles(profile, taxonomy, document)[0]
        if best.score > 0:
            role, role_score = best.id, best.score
    return PostingRow(
        position=item.position,
        source=item.source,
        title=item.title or document.title,
        role=role,
        role_score=role_score,
        salary=item.salary,
        skills=tuple(s.id for s in profile.skills),
        required=tuple(s.id for s in profile.skills if s.required),
        error=None,
        attributes=attribute_values(profile),
        extra=item.extra,
        statuses=tuple(s.status or "unspecified" for s in profile.skills),
        must_have=tuple(s.id for s in profile.skills if s.must_have),
    )


def _failed_row(item: Item, exc: CvmatchError) -> PostingRow:
    """A posting that could not be read: kept, with the reason, so nothing is lost."""
    return PostingRow(
        position=item.position,
        source=item.source,
        title=item.title,
        role=None,
        role_score=None,
        salary=item.salary,
        skills=(),
        required=(),
        error=f"{type(exc).__name__}: {exc}",
        extra=item.extra,
    )


def attribute_values(profile: SkillProfile) -> tuple[tuple[str, str, str], ...]:
    """Every attribute value of the profile's skills as ``(concept, attribute, value)``,
    whatever the attribute names (``industries``, ``languages``, ``language_levels``...);
    a value that is not a list counts as one value."""
    found: dict[tuple[str, str, str], None] = {}
    for skill in profile.skills:
        for attribute, values in skill.attributes.items():
            listed = values if isinstance(values, (list, tuple)) else [values]
            for value in listed:
                found[(skill.id, attribute, str(value))] = None
    return tuple(found)
