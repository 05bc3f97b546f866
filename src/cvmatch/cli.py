"""The ``cvmatch`` command: a thin layer that calls the public API and prints its results.

JSON Lines output is ``model_dump(mode="json")`` of the library's result models, one
line per input path in input order (failed ones too). Exit status: 0 when every
document was read, 1 when at least one failed, 2 for a usage error, 3 when an output
could not be written (a full disk: no partial file is left under its name), 130 when
stopped by Ctrl-C, ``SIGTERM`` or ``SIGHUP`` (every row written is complete).
:mod:`cvmatch.cli_runtime` does what happens around a batch: inputs checked before
anything is read, outputs written under a temporary name, signals, terminal safety.

The work is done by :mod:`cvmatch.batch` (``-j`` worker processes, a per-file time
limit, nothing lost, ranking, CSV and JSON Lines) and the HTML report by
:mod:`cvmatch.batch.report`. The CLI owns its process, so it lets the time limit arm
``SIGALRM`` (``alarm=True``) also with ``-j 1``.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import IO, Any

import click

from cvmatch.api import PreparedPosting, read_posting
from cvmatch.batch import Ranking, iter_extracts, iter_matches, iter_scores
from cvmatch.batch.export import JsonWriter, ResultCsvWriter
from cvmatch.cli_audit import audit_command
from cvmatch.cli_blind import blind_settings
from cvmatch.cli_options import (
    batch_options,
    kind_option,
    paths_argument,
    posting_options,
    record_option,
    score_only_option,
    taxonomy_option,
)
from cvmatch.cli_runtime import (
    SIGNALS,
    Batch,
    batch_settings,
    guarded,
    isatty,
    open_output,
    output_path,
    printable,
    scan_inputs,
    shown,
)
from cvmatch.errors import CvmatchError, OutputError
from cvmatch.explain.text import match_markdown, score_markdown
from cvmatch.models import ExtractLine, ExtractResult, MatchResult, ScoreLine, ScoreResult
from cvmatch.reading import read_text
from cvmatch.structure.salary import salary_lines
from cvmatch.taxonomy import Taxonomy, resolve_taxonomy

__all__ = ["cli", "main"]

FORMATS = ["table", "jsonl", "json", "markdown", "csv"]


def _load_taxonomy(path: str | None) -> Taxonomy:
    try:
        return resolve_taxonomy(path)
    except CvmatchError as exc:
        raise click.UsageError(str(exc)) from exc


def _read_posting(posting: str | None, text: str | None, taxonomy: Taxonomy) -> PreparedPosting:
    """The posting of ``--posting`` (always a file) or ``--posting-text``; exit 2 otherwise."""
    if (posting is None) == (text is None):
        raise click.UsageError("give the posting as --posting FILE or --posting-text TEXT")
    try:
        if posting is not None:
            return read_posting(Path(posting), taxonomy=taxonomy)
        return read_posting(read_text(text or "", kind="posting"), taxonomy=taxonomy)
    except CvmatchError as exc:
        raise click.UsageError(f"cannot read the posting: {exc}") from exc


def _echo_to(out: IO[str]) -> Callable[[str], None]:
    def echo(text: str = "") -> None:
        out.write(text + "\n")
        out.flush()

    return echo


# --- the commands -------------------------------------------------------------------------
@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="cvmatch")
def cli() -> None:
    """Find customer-service skills in resumes and postings and score role fit.

    Every input path gets one row, in order (a file cvmatch cannot read gets a failed row
    saying why); hidden and system files inside folders are skipped and counted. Exit
    status: 0 all read, 1 some failed, 2 usage error (also: an output that is an input or
    inside an input folder, paths that hold no documents), 3 an output could not be
    written (disk full; no partial file is left under its name), 130 stopped by Ctrl-C,
    SIGTERM or SIGHUP (every row written is complete and the file is in place).
    """


def _to_terminal(output: str | None) -> bool:
    return (output is None or output == "-") and isatty(sys.stdout)


@cli.command()
@paths_argument
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["table", "jsonl", "json", "csv"]),
    default="table",
    show_default=True,
)
@kind_option
@taxonomy_option
@batch_options
@guarded
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
    blind_key: str | None,
    blind_map: str | None,
    follow_links: bool,
    memory: int | None,
) -> None:
    """List the skills found in each document, with evidence."""
    blinding = blind_settings(blind, blind_key, blind_map, {"-o": output})
    scan, count = scan_inputs(
        paths,
        follow_links=follow_links,
        outputs={"-o": output, **blinding.outputs},
        others=[taxonomy_path],
    )
    taxonomy = _load_taxonomy(taxonomy_path)
    batch = Batch(scan, count, quiet=quiet, to_terminal=_to_terminal(output))
    run = batch_settings(memory)
    results = iter_extracts(
        scan, kind=kind, taxonomy=taxonomy, jobs=jobs, timeout=timeout, **blinding.run, **run
    )
    with open_output(output, sanitize=fmt == "table") as out:
        echo = _echo_to(out)
        _write_results(
            batch, results, fmt, out, ExtractResult, "Extracting", lambda r: _print_extract(r, echo)
        )
    blinding.announce(quiet)
    batch.finish(where=output or "standard output")


def _write_results(
    batch: Batch,
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
        echo(f"{shown(result.source)}: FAILED {result.error.type}: {result.error.message}")
        return
    echo(f"{shown(result.source)} ({result.kind}): {len(result.skills)} skills")
    for skill in result.skills:
        quotes = "; ".join(f"“{' '.join(e.text.split())}”" for e in skill.evidence[:3])
        more = f" +{len(skill.evidence) - 3} more" if len(skill.evidence) > 3 else ""
        attrs = "".join(f" [{k}: {', '.join(v)}]" for k, v in skill.attributes.items())
        flag = "" if skill.required is None else " (required)" if skill.required else " (preferred)"
        echo(f"  {skill.id:<30} {quotes}{more}{attrs}{flag}")
    echo("")


@cli.command()
@paths_argument
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@click.option("--role", "roles", multiple=True, help="Only these role ids (repeatable).")
@click.option("--top", type=int, default=None, help="Show only the best N roles in table/markdown.")
@kind_option
@taxonomy_option
@record_option
@batch_options
@guarded
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
    blind_key: str | None,
    blind_map: str | None,
    follow_links: bool,
    memory: int | None,
    record: str | None,
) -> None:
    """Score each document against the customer-service roles, best first."""
    blinding = blind_settings(blind, blind_key, blind_map, {"-o": output})
    scan, count = scan_inputs(
        paths,
        follow_links=follow_links,
        outputs={"-o": output, "--record": record, **blinding.outputs},
        others=[taxonomy_path],
    )
    taxonomy = _load_taxonomy(taxonomy_path)
    for role_id in roles:
        if role_id not in taxonomy.roles:
            raise click.BadParameter(
                f"unknown role {role_id!r}; choose from {', '.join(sorted(taxonomy.roles))}",
                param_hint="--role",
            )
    batch = Batch(scan, count, quiet=quiet, to_terminal=_to_terminal(output))
    results = iter_scores(
        scan,
        kind=kind,
        roles=roles or None,
        taxonomy=taxonomy,
        jobs=jobs,
        timeout=timeout,
        **blinding.run,
        **batch_settings(memory),
        record=record,
    )
    with open_output(output, sanitize=fmt in ("table", "markdown")) as out:
        echo = _echo_to(out)

        def show(result: ScoreLine) -> None:
            if fmt == "markdown":
                echo(score_markdown(result, top=top) + "\n")
            else:
                _print_score(result, top, echo)

        _write_results(batch, results, fmt, out, ScoreResult, "Scoring", show)
    blinding.announce(quiet)
    batch.finish(where=output or "standard output")


def _print_score(result: ScoreLine, top: int | None, echo: Callable[[str], None]) -> None:
    if not result.ok:
        echo(f"{shown(result.source)}: FAILED {result.error.type}: {result.error.message}")
        return
    years = f", {result.years_experience:g} years" if result.years_experience is not None else ""
    echo(f"{shown(result.source)} ({result.kind}{years})")
    for fit in result.roles[:top] if top else result.roles:
        missing = ", ".join(m.id for m in fit.missing[:3]) or "-"
        echo(f"  {fit.score:5.1f}  {fit.title:<36} missing: {missing}")
    if result.roles:
        best = result.roles[0]
        echo(f"  best fit: {best.title} — {best.summary}")
    for line in salary_lines(result):
        echo(f"  {line}")
    echo("")


def _print_ranked(ranking: Ranking, fmt: str, out: IO[str]) -> None:
    """The ranked list; a stop signal takes effect between two rows, never inside one."""
    writer = ResultCsvWriter(out, MatchResult) if fmt == "csv" else None
    echo = _echo_to(out)
    for result in ranking:
        with SIGNALS.writing():
            if writer is not None:
                writer.write(result)
            elif fmt == "markdown":
                echo(match_markdown(result) + "\n")
            elif result.ok:
                missing = ", ".join(m.id for m in result.missing if m.required)[:80] or "-"
                name = shown(result.source)
                echo(f"{result.rank:>3}. {result.score:5.1f}  {name}  missing: {missing}")
            else:
                echo(f"  -  FAILED  {shown(result.source)}: {result.error.message}")


@cli.command(name="match")
@posting_options
@paths_argument
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="table", show_default=True)
@score_only_option
@taxonomy_option
@record_option
@batch_options
@guarded
def match_command(
    posting: str | None,
    posting_text: str | None,
    paths: Sequence[str],
    fmt: str,
    score_only: bool,
    taxonomy_path: str | None,
    output: str | None,
    jobs: int,
    timeout: float,
    quiet: bool,
    blind: bool,
    blind_key: str | None,
    blind_map: str | None,
    follow_links: bool,
    memory: int | None,
    record: str | None,
) -> None:
    """Score resumes against one posting: one line per resume, in the order given.

    ``--format jsonl``/``json`` keep the order given; ``csv``, ``table`` and ``markdown``
    rank the resumes best first.
    """
    blinding = blind_settings(blind, blind_key, blind_map, {"-o": output})
    scan, count = scan_inputs(
        paths,
        follow_links=follow_links,
        outputs={"-o": output, "--record": record, **blinding.outputs},
        others=[posting, taxonomy_path],
    )
    taxonomy = _load_taxonomy(taxonomy_path)
    prepared = _read_posting(posting, posting_text, taxonomy)
    to_terminal = fmt in ("jsonl", "json") and _to_terminal(output)
    batch = Batch(scan, count, quiet=quiet, to_terminal=to_terminal)
    run = dict(batch_settings(memory), record=record)
    results = iter_matches(
        prepared, scan, taxonomy=taxonomy, jobs=jobs, timeout=timeout, **blinding.run, **run
    )
    with open_output(output, sanitize=fmt in ("table", "markdown")) as out:
        if fmt in ("jsonl", "json"):
            writer = JsonWriter(out, array=fmt == "json")
            batch.run(results, writer.write, "Matching")
            writer.close()
        else:
            with Ranking(score_only=score_only) as ranking:
                batch.run(results, ranking.add, "Matching")
                _print_ranked(ranking, fmt, out)
    blinding.announce(quiet)
    batch.finish(where=output or "standard output")


@cli.command(name="rank")
@posting_options
@paths_argument
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
@score_only_option
@taxonomy_option
@record_option
@batch_options
@guarded
def rank_command(
    posting: str | None,
    posting_text: str | None,
    paths: Sequence[str],
    fmt: str,
    report_path: str | None,
    details: int,
    score_only: bool,
    taxonomy_path: str | None,
    output: str | None,
    jobs: int,
    timeout: float,
    quiet: bool,
    blind: bool,
    blind_key: str | None,
    blind_map: str | None,
    follow_links: bool,
    memory: int | None,
    record: str | None,
) -> None:
    """Rank a folder of applicants against one posting: a ranked CSV and an HTML report.

    Every input gets a row (failed ones last, with the reason); the ranked list goes to
    ``-o`` (default standard output) once all are scored, or, after Ctrl-C, for those
    scored so far.
    """
    outputs = {"-o": output, "--report": report_path}
    blinding = blind_settings(blind, blind_key, blind_map, outputs)
    outputs.update(blinding.outputs)
    outputs["--record"] = record
    scan, count = scan_inputs(
        paths, follow_links=follow_links, outputs=outputs, others=[posting, taxonomy_path]
    )
    taxonomy = _load_taxonomy(taxonomy_path)
    prepared = _read_posting(posting, posting_text, taxonomy)
    batch = Batch(scan, count, quiet=quiet, to_terminal=False)
    run = dict(batch_settings(memory), record=record)
    results = iter_matches(
        prepared, scan, taxonomy=taxonomy, jobs=jobs, timeout=timeout, **blinding.run, **run
    )
    with Ranking(score_only=score_only) as ranking:
        batch.run(results, ranking.add, "Ranking")
        with open_output(output, sanitize=fmt != "csv") as out:
            _print_ranked(ranking, fmt, out)
        if report_path:
            note = (
                f"Interrupted: only the first {batch.done} application(s) were scored."
                if batch.interrupted
                else None
            )
            _write_report(report_path, ranking, prepared, taxonomy, details, note)
    where = " and ".join(x for x in (output, report_path) if x) or "standard output"
    blinding.announce(quiet)
    batch.finish(where=where)


def _write_report(
    path: str,
    ranking: Ranking,
    prepared: PreparedPosting,
    taxonomy: Taxonomy,
    details: int,
    note: str | None,
) -> None:
    """The HTML report, under a temporary name until it is complete."""
    from cvmatch.batch.report import write_report

    with output_path(path) as temp:
        try:
            with SIGNALS.writing():
                write_report(temp, ranking, prepared, taxonomy=taxonomy, details=details, note=note)
        except OSError as exc:
            raise OutputError(
                f"could not write the report {printable(path)} ({exc.strerror or exc}); "
                "nothing incomplete was left under its name: free some space or choose "
                "another --report"
            ) from exc


cli.add_command(audit_command)


def main(argv: Sequence[str] | None = None) -> None:
    """Console entry point."""
    cli.main(args=list(argv) if argv is not None else None, prog_name="cvmatch")


if __name__ == "__main__":  # pragma: no cover
    main()
