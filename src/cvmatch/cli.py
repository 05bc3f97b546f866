"""The ``cvmatch`` command: a thin layer that calls the public API and prints its results.

JSON Lines output is ``model_dump(mode="json")`` of the library's result models, one
line per input document in input order (failed ones too). Exit status: 0 when every
document was read, 1 when at least one failed, 2 for a usage error, 130 when
interrupted with Ctrl-C (the output written so far stays valid).

The work is done by :mod:`cvmatch.batch` (``-j`` worker processes, a per-file time
limit, nothing lost, ranking, CSV and JSON Lines) and the HTML report by
:mod:`cvmatch.batch.report`. The CLI owns its process, so it lets the time limit arm
``SIGALRM`` (``alarm=True``) also with ``-j 1``.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import IO, Any

import click

from cvmatch.api import PreparedPosting, read_posting
from cvmatch.batch import DEFAULT_TIMEOUT, Ranking, iter_extracts, iter_matches, iter_scores
from cvmatch.batch.export import JsonWriter, ResultCsvWriter
from cvmatch.batch.inputs import expand_paths
from cvmatch.errors import CvmatchError
from cvmatch.explain.text import match_markdown, salary_text, score_markdown
from cvmatch.models import ExtractLine, ExtractResult, MatchResult, ScoreLine, ScoreResult
from cvmatch.taxonomy import Taxonomy, resolve_taxonomy

__all__ = ["cli", "main"]

FORMATS = ["table", "jsonl", "json", "markdown", "csv"]


def _load_taxonomy(path: str | None) -> Taxonomy:
    try:
        return resolve_taxonomy(path)
    except CvmatchError as exc:
        raise click.UsageError(str(exc)) from exc


def _read_posting(posting: str, taxonomy: Taxonomy) -> PreparedPosting:
    try:
        return read_posting(posting, taxonomy=taxonomy)
    except CvmatchError as exc:
        raise click.UsageError(f"cannot read the posting: {exc}") from exc


# --- running a batch: progress, Ctrl-C, summary --------------------------------------------
class _Batch:
    """Feeds results to a sink with a progress bar; stops cleanly on Ctrl-C."""

    def __init__(self, paths: Sequence[str], *, quiet: bool, to_terminal: bool) -> None:
        self.paths = paths
        self.quiet = quiet
        self.done = 0
        self.failed = 0
        self.interrupted = False
        self.show_progress = (
            not quiet
            and _isatty(sys.stderr)
            and not to_terminal
            and not os.environ.get("CVMATCH_NO_PROGRESS")
        )

    def run(self, results: Iterator[Any], sink: Callable[[Any], None], label: str) -> None:
        progress = self._progress() if self.show_progress else None
        try:
            with progress or contextlib.nullcontext():
                task = progress.add_task(label, total=self._count()) if progress else None
                for result in results:
                    sink(result)
                    self.done += 1
                    self.failed += not result.ok
                    if progress is not None:
                        progress.advance(task)  # type: ignore[arg-type]
        except KeyboardInterrupt:
            self.interrupted = True
        finally:
            close = getattr(results, "close", None)
            if close is not None:
                close()

    def _count(self) -> int | None:
        return sum(1 for _ in expand_paths(self.paths))

    @staticmethod
    def _progress() -> Any:
        from rich.console import Console
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeElapsedColumn,
            TimeRemainingColumn,
        )

        return Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
            console=Console(stderr=True),
            redirect_stdout=False,
        )

    def finish(self, *, where: str = "the output") -> None:
        """Say how it went on stderr and exit 0, 1 or 130."""
        if self.interrupted:
            click.echo(
                f"cvmatch: interrupted after {self.done} document(s); {where}: "
                "every row written is complete, the rest were not read",
                err=True,
            )
            sys.exit(130)
        if self.failed and not self.quiet:
            click.echo(
                f"cvmatch: {self.failed} of {self.done} document(s) could not be read; "
                "their rows say why",
                err=True,
            )
        sys.exit(1 if self.failed else 0)


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


@contextlib.contextmanager
def _output(path: str | None) -> Iterator[IO[str]]:
    if path is None or path == "-":
        yield sys.stdout
        return
    with open(path, "w", encoding="utf-8", newline="") as handle:
        yield handle


def _echo_to(out: IO[str]) -> Callable[[str], None]:
    def echo(text: str = "") -> None:
        out.write(text + "\n")
        out.flush()

    return echo


# --- the commands -------------------------------------------------------------------------
@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="cvmatch")
def cli() -> None:
    """Find customer-service skills in resumes and postings and score role fit."""


_kind = click.option(
    "--kind",
    type=click.Choice(["resume", "posting"]),
    default=None,
    help="Treat every input as this kind (default: detect).",
)
_taxonomy = click.option(
    "--taxonomy",
    "taxonomy_path",
    type=click.Path(exists=True),
    default=None,
    help="A taxonomy file or folder that extends the shipped one.",
)
_paths = click.argument("paths", nargs=-1, required=True)


def _batch_options(function: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.option(
            "-o",
            "--output",
            type=click.Path(dir_okay=False, writable=True),
            default=None,
            help="Write to this file instead of standard output.",
        ),
        click.option(
            "-j",
            "--jobs",
            type=click.IntRange(min=0),
            default=1,
            show_default=True,
            help="Worker processes (0: one per CPU).",
        ),
        click.option(
            "--timeout",
            type=click.FloatRange(min=0, min_open=True),
            default=DEFAULT_TIMEOUT,
            show_default=True,
            help="Seconds one file may take before it is skipped with an error row.",
        ),
        click.option("-q", "--quiet", is_flag=True, help="No progress bar or summary on stderr."),
        click.option(
            "--blind",
            is_flag=True,
            help="Mask names, e-mail addresses, phone numbers and dates of birth before anything "
            "reads a resume; none are printed.",
        ),
    ]
    for option in reversed(options):
        function = option(function)
    return function


def _to_terminal(output: str | None) -> bool:
    return (output is None or output == "-") and _isatty(sys.stdout)


@cli.command()
@_paths
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "jsonl", "json", "csv"]),
    default="table",
    show_default=True,
)
@_kind
@_taxonomy
@_batch_options
def extract(
    paths: Sequence[str],
    fmt: str,
    kind: str | None,
    taxonomy_path: str | None,
    output: str | None,
    jobs: int,
    timeout: float,
    quiet: bool,
    blind: bool,
) -> None:
    """List the skills found in each document, with evidence."""
    taxonomy = _load_taxonomy(taxonomy_path)
    batch = _Batch(paths, quiet=quiet, to_terminal=_to_terminal(output))
    results = iter_extracts(
        paths, kind=kind, taxonomy=taxonomy, jobs=jobs, timeout=timeout, blind=blind, alarm=True
    )
    with _output(output) as out:
        echo = _echo_to(out)
        _write_results(
            batch, results, fmt, out, ExtractResult, "Extracting", lambda r: _print_extract(r, echo)
        )
    batch.finish()


def _write_results(
    batch: _Batch,
    results: Iterable[Any],
    fmt: str,
    out: IO[str],
    model: type[Any],
    verb: str,
    show: Callable[[Any], None],
) -> None:
    """Stream results as JSON Lines/JSON, CSV, or through ``show`` for people."""
    if fmt in ("jsonl", "json"):
        writer = JsonWriter(out, array=fmt == "json")
        batch.run(results, writer.write, verb)
        writer.close()
    elif fmt == "csv":
        batch.run(results, ResultCsvWriter(out, model).write, verb)
    else:
        batch.run(results, show, verb)


def _print_extract(result: ExtractLine, echo: Callable[[str], None]) -> None:
    if not result.ok:
        echo(f"{result.source}: FAILED {result.error.type}: {result.error.message}")
        return
    echo(f"{result.source} ({result.kind}): {len(result.skills)} skills")
    for skill in result.skills:
        quotes = "; ".join(f"“{' '.join(e.text.split())}”" for e in skill.evidence[:3])
        more = f" +{len(skill.evidence) - 3} more" if len(skill.evidence) > 3 else ""
        attrs = "".join(f" [{k}: {', '.join(v)}]" for k, v in skill.attributes.items())
        flag = "" if skill.required is None else " (required)" if skill.required else " (preferred)"
        echo(f"  {skill.id:<30} {quotes}{more}{attrs}{flag}")
    echo("")


@cli.command()
@_paths
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option("--role", "roles", multiple=True, help="Only these role ids (repeatable).")
@click.option("--top", type=int, default=None, help="Show only the best N roles in table/markdown.")
@_kind
@_taxonomy
@_batch_options
def score(
    paths: Sequence[str],
    fmt: str,
    roles: Sequence[str],
    top: int | None,
    kind: str | None,
    taxonomy_path: str | None,
    output: str | None,
    jobs: int,
    timeout: float,
    quiet: bool,
    blind: bool,
) -> None:
    """Score each document against the customer-service roles, best first."""
    taxonomy = _load_taxonomy(taxonomy_path)
    for role_id in roles:
        if role_id not in taxonomy.roles:
            raise click.BadParameter(
                f"unknown role {role_id!r}; choose from {', '.join(sorted(taxonomy.roles))}",
                param_hint="--role",
            )
    batch = _Batch(paths, quiet=quiet, to_terminal=_to_terminal(output))
    results = iter_scores(
        paths,
        kind=kind,
        roles=roles or None,
        taxonomy=taxonomy,
        jobs=jobs,
        timeout=timeout,
        blind=blind,
        alarm=True,
    )
    with _output(output) as out:
        echo = _echo_to(out)

        def show(result: ScoreLine) -> None:
            if fmt == "markdown":
                echo(score_markdown(result, top=top) + "\n")
            else:
                _print_score(result, top, echo)

        _write_results(batch, results, fmt, out, ScoreResult, "Scoring", show)
    batch.finish()


def _print_score(result: ScoreLine, top: int | None, echo: Callable[[str], None]) -> None:
    if not result.ok:
        echo(f"{result.source}: FAILED {result.error.type}: {result.error.message}")
        return
    years = f", {result.years_experience:g} years" if result.years_experience is not None else ""
    echo(f"{result.source} ({result.kind}{years})")
    for fit in result.roles[:top] if top else result.roles:
        missing = ", ".join(m.id for m in fit.missing[:3]) or "-"
        echo(f"  {fit.score:5.1f}  {fit.title:<36} missing: {missing}")
    if result.roles:
        best = result.roles[0]
        echo(f"  best fit: {best.title} — {best.summary}")
        echo(f"  salary: {salary_text(best)}")
    echo("")


def _print_ranked(ranking: Ranking, fmt: str, out: IO[str]) -> None:
    if fmt == "csv":
        writer = ResultCsvWriter(out, MatchResult)
        for result in ranking:
            writer.write(result)
        return
    echo = _echo_to(out)
    for result in ranking:
        if fmt == "markdown":
            echo(match_markdown(result) + "\n")
        elif result.ok:
            missing = ", ".join(m.id for m in result.missing if m.required)[:80] or "-"
            echo(f"{result.rank:>3}. {result.score:5.1f}  {result.source}  missing: {missing}")
        else:
            echo(f"  -  FAILED  {result.source}: {result.error.message}")


@cli.command(name="match")
@click.option("--posting", required=True, type=str, help="The job posting to match against.")
@_paths
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@_taxonomy
@_batch_options
def match_command(
    posting: str,
    paths: Sequence[str],
    fmt: str,
    taxonomy_path: str | None,
    output: str | None,
    jobs: int,
    timeout: float,
    quiet: bool,
    blind: bool,
) -> None:
    """Score resumes against one posting: one line per resume, in the order given.

    ``--format jsonl``/``json`` keep the order given; ``csv``, ``table`` and ``markdown``
    rank the resumes best first.
    """
    taxonomy = _load_taxonomy(taxonomy_path)
    prepared = _read_posting(posting, taxonomy)
    batch = _Batch(
        paths, quiet=quiet, to_terminal=fmt in ("jsonl", "json") and _to_terminal(output)
    )
    results = iter_matches(
        prepared, paths, taxonomy=taxonomy, jobs=jobs, timeout=timeout, blind=blind, alarm=True
    )
    with _output(output) as out:
        if fmt in ("jsonl", "json"):
            writer = JsonWriter(out, array=fmt == "json")
            batch.run(results, writer.write, "Matching")
            writer.close()
        else:
            with Ranking() as ranking:
                batch.run(results, ranking.add, "Matching")
                _print_ranked(ranking, fmt, out)
    batch.finish()


@cli.command(name="rank")
@click.option("--posting", required=True, type=str, help="The job posting to rank against.")
@_paths
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["csv", "table", "markdown"]),
    default="csv",
    show_default=True,
    help="Format of the ranked list.",
)
@click.option(
    "--report",
    "report_path",
    type=click.Path(dir_okay=False, writable=True),
    default=None,
    help="Also write a self-contained HTML report here.",
)
@click.option(
    "--details",
    type=click.IntRange(min=0),
    default=50,
    show_default=True,
    help="How many of the best candidates get a detailed card in the report.",
)
@_taxonomy
@_batch_options
def rank_command(
    posting: str,
    paths: Sequence[str],
    fmt: str,
    report_path: str | None,
    details: int,
    taxonomy_path: str | None,
    output: str | None,
    jobs: int,
    timeout: float,
    quiet: bool,
    blind: bool,
) -> None:
    """Rank a folder of applicants against one posting: a ranked CSV and an HTML report.

    Every input gets a row (failed ones last, with the reason); the ranked list goes to
    ``-o`` (default standard output) once all are scored, or, after Ctrl-C, for those
    scored so far.
    """
    taxonomy = _load_taxonomy(taxonomy_path)
    prepared = _read_posting(posting, taxonomy)
    batch = _Batch(paths, quiet=quiet, to_terminal=False)
    results = iter_matches(
        prepared, paths, taxonomy=taxonomy, jobs=jobs, timeout=timeout, blind=blind, alarm=True
    )
    with Ranking() as ranking:
        batch.run(results, ranking.add, "Ranking")
        with _output(output) as out:
            _print_ranked(ranking, fmt, out)
        if report_path:
            from cvmatch.batch.report import write_report

            note = (
                f"Interrupted: only the first {batch.done} application(s) were scored."
                if batch.interrupted
                else None
            )
            write_report(
                report_path, ranking, prepared, taxonomy=taxonomy, details=details, note=note
            )
    where = " and ".join(x for x in (output, report_path) if x) or "standard output"
    batch.finish(where=where)


def main(argv: Sequence[str] | None = None) -> None:
    """Console entry point."""
    cli.main(args=list(argv) if argv is not None else None, prog_name="cvmatch")


if __name__ == "__main__":  # pragma: no cover
    main()
