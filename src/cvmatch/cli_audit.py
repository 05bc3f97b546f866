"""``cvmatch audit``: selection rates and impact ratios of results already written.

A thin layer over :func:`cvmatch.audit.selection_audit`: it reads the results ``score``,
``match`` or ``rank`` wrote and the user's groups file, and prints the tables, or writes
them as CSV, JSON or an HTML page by the extension of ``-o``. Usage errors (no groups, an
unknown column, both ``--threshold`` and ``--top``) exit with status 2.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import IO, TYPE_CHECKING

import click

from cvmatch.cli_runtime import guarded, open_output, printable
from cvmatch.errors import CvmatchError

if TYPE_CHECKING:
    from cvmatch.audit import Audit

__all__ = ["audit_command"]

#: What ``-o`` writes, by its extension.
_WRITERS = {".csv": "csv", ".json": "json", ".html": "html", ".htm": "html"}


def _output_format(output: str | None, inputs: Sequence[str | None]) -> str:
    """The format ``-o`` asks for by its extension (``text`` without ``-o``)."""
    if output is None or output == "-":
        return "text"
    fmt = _WRITERS.get(os.path.splitext(output)[1].lower())
    if fmt is None:
        raise click.BadParameter(
            f"{printable(output)}: write the audit to a .csv, .json or .html file",
            param_hint="-o",
        )
    real = os.path.realpath(output)
    if any(path and os.path.realpath(path) == real for path in inputs):
        raise click.BadParameter(
            f"{printable(output)} is one of the inputs; choose another output", param_hint="-o"
        )
    return fmt


def _write(audit: Audit, fmt: str, out: IO[str], results: str, groups: str | None) -> None:
    from cvmatch.audit.output import audit_text, write_csv, write_json
    from cvmatch.audit.page import render_audit_page

    if fmt == "csv":
        write_csv(audit, out)
    elif fmt == "json":
        write_json(audit, out)
    elif fmt == "html":
        out.write(render_audit_page(audit, results=results, groups=groups or ""))
    else:
        out.write(audit_text(audit))


@click.command(name="audit")
@click.argument("results", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--groups",
    "groups",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="Your CSV of group labels: the key column and one column per category. "
    "cvmatch never infers groups; without this file nothing is computed.",
)
@click.option(
    "--by",
    "by",
    multiple=True,
    help="The category columns, comma-separated or repeated (e.g. --by sex,race); "
    "several give their intersection too.",
)
@click.option("--threshold", type=float, default=None, help="Selected: a score of this or more.")
@click.option(
    "--top",
    type=click.IntRange(min=1),
    default=None,
    help="Selected: the top N of the ranking (everyone tied with the N-th too).",
)
@click.option(
    "--key",
    default="source",
    show_default=True,
    help="The column of GROUPS that holds the results' source (or the id of a --blind run).",
)
@click.option("--role", default=None, help="The role whose scores to audit (score results).")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, writable=True),
    default=None,
    help="Write CSV, JSON or an HTML page, by the extension (default: a table on stdout).",
)
@guarded
def audit_command(
    results: str,
    groups: str | None,
    by: Sequence[str],
    threshold: float | None,
    top: int | None,
    key: str,
    role: str | None,
    output: str | None,
) -> None:
    """Selection rates and impact ratios per group of RESULTS (what score, match or rank
    wrote), for the groups you give.

    Selected is a score of --threshold or more, the --top N of the ranking, or, with
    neither, a score above the median. Groups under 2% of the applicants and Unknown ones
    are reported, not in the ratios; ratios under 0.8 are flagged. Not a legal opinion.
    """
    from cvmatch.audit import selection_audit

    if threshold is not None and top is not None:
        raise click.UsageError("give --threshold or --top, not both")
    fmt = _output_format(output, [results, groups])
    try:
        audit = selection_audit(
            results, groups, by=",".join(by), threshold=threshold, top=top, key=key, role=role
        )
    except CvmatchError as exc:
        raise click.UsageError(str(exc)) from exc
    with open_output(output, sanitize=fmt == "text") as out:
        _write(audit, fmt, out, results, groups)
    if fmt != "text":
        click.echo(f"cvmatch: wrote the audit to {printable(output or '')}", err=True)
