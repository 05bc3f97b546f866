"""The options the ``cvmatch`` commands share, defined once."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import click

from cvmatch.batch import DEFAULT_TIMEOUT
from cvmatch.cli_runtime import MAX_MEMORY


def posting_options(command: Callable[..., Any]) -> Callable[..., Any]:
    """The ``--posting FILE`` and ``--posting-text TEXT`` options (one of them is given)."""
    text = click.option("--posting-text", help="The job posting's text, instead of --posting.")
    return click.option("--posting", help="The job posting file (a path).")(text(command))


kind_option = click.option(
    "--kind",
    type=click.Choice(["resume", "posting"]),
    default=None,
    help="Treat every input as this kind (default: detect).",
)
taxonomy_option = click.option(
    "--taxonomy",
    "taxonomy_path",
    type=click.Path(exists=True),
    default=None,
    help="A taxonomy file or folder that extends the shipped one.",
)
score_only_option = click.option("--score-only", is_flag=True, help="Rank on the score alone.")
record_option = click.option(
    "--record",
    type=click.Path(dir_okay=False, writable=True),
    default=None,
    help="Append a decision record per document to this JSON Lines file, each line synced to "
    "disk: hashes of the file, posting and taxonomy, the weights, the score and its parts "
    "(no path, name or text; see cvmatch.models.DecisionRecord).",
)
paths_argument = click.argument("paths", nargs=-1, required=True)


def batch_options(function: Callable[..., Any]) -> Callable[..., Any]:
    options = [
        click.option(
            "-o",
            "--output",
            type=click.Path(dir_okay=False, writable=True),
            default=None,
            help="Write to this file instead of standard output (under a temporary name, "
            "renamed when done; never an input, nor inside an input folder).",
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
            help="Mask personal details (names, contacts, addresses, pronouns, age, family, "
            "origin) before anything reads a resume, and print each file as a pseudonymous id.",
        ),
        click.option(
            "--blind-key",
            type=click.Path(dir_okay=False),
            default=None,
            help="With --blind: the key file that makes a file's id the same in every run "
            "(made, mode 0600, when missing; default: blind.key in cvmatch's settings folder).",
        ),
        click.option(
            "--blind-map",
            type=click.Path(dir_okay=False),
            default=None,
            help="With --blind: the CSV (id,source) the ids and paths are appended to, to "
            "unblind after deciding (default: beside the output, NAME.blindmap.csv).",
        ),
        click.option(
            "--follow-links",
            is_flag=True,
            help="Inside folders, follow links wherever they point (default: only to files "
            "inside the folder given; a link named on the command line is always followed).",
        ),
        MAX_MEMORY,
    ]
    for option in reversed(options):
        function = option(function)
    return function
