"""``--blind``, ``--blind-key`` and ``--blind-map`` of the batch commands, settled once.

The key file defaults to ``blind.key`` in cvmatch's folder of the user's settings
(``click.get_app_dir``: ``~/.config/cvmatch`` on Linux), so that ids stay the same from
run to run without thought; the map of ids to paths defaults to a file beside the first
output (``ranked.csv`` -> ``ranked.blindmap.csv``), or ``cvmatch.blindmap.csv`` in the
current folder when the output is the terminal.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

import click

__all__ = ["KEY_NAME", "MAP_SUFFIX", "BlindSettings", "blind_settings", "default_key_path"]

KEY_NAME = "blind.key"
MAP_SUFFIX = ".blindmap.csv"


def default_key_path() -> str:
    """Where the key file is when ``--blind-key`` is not given."""
    return os.path.join(click.get_app_dir("cvmatch"), KEY_NAME)


def _map_beside(outputs: dict[str, str | None]) -> str:
    for path in outputs.values():
        if path and path != "-":
            return os.path.splitext(path)[0] + MAP_SUFFIX
    return "cvmatch" + MAP_SUFFIX


@dataclass(frozen=True)
class BlindSettings:
    """What a command hands to the batch (``run``) and checks as an output (``outputs``)."""

    blind: bool
    key: str | None = None
    map_path: str | None = None

    @property
    def run(self) -> dict[str, Any]:
        """The ``blind``, ``blind_key`` and ``blind_map`` arguments of a batch function."""
        return {"blind": self.blind, "blind_key": self.key, "blind_map": self.map_path}

    @property
    def outputs(self) -> dict[str, str | None]:
        """The map file, checked like every output (never an input, nor in an input folder)."""
        return {"--blind-map": self.map_path} if self.map_path else {}

    def announce(self, quiet: bool) -> None:
        """Say on stderr where the map back to the files is (unless ``quiet``)."""
        if self.blind and not quiet:
            click.echo(
                f"cvmatch: blind: sources are pseudonymous ids; the map back to the files "
                f"is in {self.map_path} (key: {self.key})",
                err=True,
            )


def blind_settings(
    blind: bool, key: str | None, map_path: str | None, outputs: dict[str, str | None]
) -> BlindSettings:
    """The blind settings of a command; a key or map without ``--blind`` is a usage error."""
    if not blind:
        if key or map_path:
            option = "--blind-key" if key else "--blind-map"
            raise click.UsageError(f"{option} is used only with --blind: add --blind")
        return BlindSettings(blind=False)
    return BlindSettings(
        blind=True, key=key or default_key_path(), map_path=map_path or _map_beside(outputs)
    )
