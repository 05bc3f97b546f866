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
            help="Mask names, e-mail addresses, phone numbers and dates of birth before anything "
            "reads a resume; none are printed.",
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
