"""The fuzzer's generators (``bench/attacks.py``) and, marked slow, one small run of
``bench/fuzz.py`` through the command: every input one row, no crash."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"
sys.path.insert(0, str(BENCH))

import attacks  # noqa: E402


def _fingerprint(seed: int) -> list[tuple[bytes, int, str, int]]:
    return [
        (os.fsencode(a.path), a.cls, a.category, len(a.data))
        for a in attacks.generate(seed, scale=0.05, outside="/tmp/x")
    ]


def test_the_generators_cover_every_class_and_follow_the_seed():
    first = _fingerprint(1)
    assert first == _fingerprint(1)  # the same seed, the same inputs
    assert first != _fingerprint(2)  # another seed, other names and sizes
    classes = {cls for _, cls, _, _ in first}
    assert classes == set(attacks.CLASSES) - {6, 8}  # 6 and 8 are probes of the command
    names = [path for path, *_ in first]
    assert any(b"\xff" in n or not _utf8(n) for n in names)  # class 3
    assert any(n.endswith(b" ") for n in names)  # trailing space


def _utf8(name: bytes) -> bool:
    try:
        name.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def test_written_attacks_include_links_fifos_and_hidden_files(tmp_path: Path):
    written = attacks.write_attacks(attacks.generate(3, 0.05, str(tmp_path)), tmp_path / "in")
    kinds = {a.category for _, a in written}
    assert {"symlink_in", "fifo", "hidden", "base"} <= kinds
    for path, attack in written:
        mode = os.lstat(path).st_mode
        if attack.fifo:
            assert stat.S_ISFIFO(mode)
        elif attack.link_to is not None:
            assert stat.S_ISLNK(mode)
        else:
            assert stat.S_ISREG(mode) and os.path.getsize(path) == len(attack.data)


@pytest.mark.slow
def test_a_small_fuzz_run_through_the_command_has_no_crash():
    done = subprocess.run(
        [sys.executable, str(BENCH / "fuzz.py"), "--small", "--modes", "j2", "--no-probes"],
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "| **crashes** | **0** |" in done.stdout
