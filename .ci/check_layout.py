#!/usr/bin/env python3
"""Fail when a module under src/ is longer than the redesign allows (500 lines).

Usage: python .ci/check_layout.py [ROOT] [--max-lines N]

Lists each module over the limit, longest first, then prints one summary line; exits 1
if any module is over, 0 otherwise. Standard library only, so CI can run it anywhere.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

MAX_LINES = 500


def module_lengths(src: Path) -> dict[Path, int]:
    """Lines of every ``*.py`` file under ``src``, by path relative to ``src``'s parent."""
    lengths = {}
    for path in sorted(src.rglob("*.py")):
        with path.open(encoding="utf-8", errors="replace") as handle:
            lengths[path.relative_to(src.parent)] = sum(1 for _ in handle)
    return lengths


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "root",
        nargs="?",
        type=Path,
        default=Path(__file__).resolve().parents[1],
        help="the project folder (default: the one holding .ci/)",
    )
    parser.add_argument("--max-lines", type=int, default=MAX_LINES)
    args = parser.parse_args(argv)
    src = args.root / "src"
    if not src.is_dir():
        print(f"check_layout: no src/ folder in {args.root}", file=sys.stderr)
        return 2
    lengths = module_lengths(src)
    over = sorted(
        ((n, p) for p, n in lengths.items() if n > args.max_lines), key=lambda t: (-t[0], t[1])
    )
    for lines, path in over:
        print(f"{path}: {lines} lines (limit {args.max_lines})")
    longest = max(lengths.values(), default=0)
    verdict = f"{len(over)} over the limit" if over else "all within the limit"
    print(
        f"check_layout: {len(lengths)} modules under src/, longest {longest} lines, "
        f"limit {args.max_lines}: {verdict}"
    )
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())
