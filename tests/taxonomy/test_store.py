"""The on-disk array cache: where it lives, whole entries only, broken entries rebuilt,
read-only folders and concurrent writers."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import numpy
import pytest

from cvmatch.taxonomy import store
from cvmatch.taxonomy.store import cache_root, load_arrays, save_arrays

ARRAYS = {
    "words": numpy.array([3, 1, 2**63 + 5], dtype=numpy.uint64),
    "table.values0": numpy.arange(12, dtype=numpy.int64).reshape(3, 4),
    "empty": numpy.zeros(0, dtype=numpy.float64),
    "grams": numpy.array([" a", "ab", "b "], dtype=str),
}


def same(left: dict, right: dict) -> bool:
    return left.keys() == right.keys() and all(
        numpy.array_equal(left[k], right[k]) and left[k].dtype == right[k].dtype for k in left
    )


def test_saved_arrays_come_back_equal_and_read_only(tmp_path: Path) -> None:
    assert save_arrays("kind", "k1", ARRAYS, tmp_path)
    loaded = load_arrays("kind", "k1", tmp_path)
    assert loaded is not None and same(loaded, ARRAYS)
    with pytest.raises(ValueError):
        loaded["words"][0] = 7  # memory-mapped read-only: processes share the pages
    assert load_arrays("kind", "other", tmp_path) is None


def test_location_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CVMATCH_CACHE_DIR", str(tmp_path / "here"))
    assert cache_root() == tmp_path / "here"
    monkeypatch.delenv("CVMATCH_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_root() == tmp_path / "xdg" / "cvmatch"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_root() == tmp_path / "home" / ".cache" / "cvmatch"


@pytest.mark.parametrize("off", ["off", "OFF", "none", "0", ""])
def test_caching_can_be_turned_off(monkeypatch: pytest.MonkeyPatch, off: str) -> None:
    monkeypatch.setenv("CVMATCH_CACHE_DIR", off)
    assert cache_root() is None
    assert save_arrays("kind", "k1", ARRAYS) is False
    assert load_arrays("kind", "k1") is None


def test_an_unwritable_folder_is_no_error(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    assert save_arrays("kind", "k1", ARRAYS, blocker / "cache") is False
    assert load_arrays("kind", "k1", blocker / "cache") is None


@pytest.mark.parametrize("damage", ["truncate", "drop", "meta", "shape"])
def test_a_broken_entry_counts_as_absent_and_is_replaced(tmp_path: Path, damage: str) -> None:
    save_arrays("kind", "k1", ARRAYS, tmp_path)
    entry = tmp_path / "kind-k1"
    target = entry / "table.values0.npy"
    if damage == "truncate":
        target.write_bytes(target.read_bytes()[:-9])
    elif damage == "drop":
        target.unlink()
    elif damage == "meta":
        (entry / "meta.json").write_text("{not json")
    else:
        numpy.save(target, numpy.arange(5, dtype=numpy.int64))
    assert load_arrays("kind", "k1", tmp_path) is None
    assert save_arrays("kind", "k1", ARRAYS, tmp_path)
    loaded = load_arrays("kind", "k1", tmp_path)
    assert loaded is not None and same(loaded, ARRAYS)
    assert [p.name for p in tmp_path.iterdir()] == ["kind-k1"]  # no scratch left behind


def test_concurrent_writers_leave_one_whole_entry(tmp_path: Path) -> None:
    script = textwrap.dedent(
        f"""
        import numpy, sys
        from pathlib import Path
        from cvmatch.taxonomy.store import load_arrays, save_arrays
        arrays = {{"a": numpy.arange(200_000, dtype=numpy.int64), "b": numpy.ones(3)}}
        root = Path({str(tmp_path)!r})
        for _ in range(15):
            assert save_arrays("kind", "shared", arrays, root)
            got = load_arrays("kind", "shared", root)
            assert got is not None and numpy.array_equal(got["a"], arrays["a"])
        """
    )
    writers = [subprocess.Popen([sys.executable, "-c", script]) for _ in range(2)]
    assert [w.wait(timeout=120) for w in writers] == [0, 0]
    loaded = load_arrays("kind", "shared", tmp_path)
    assert loaded is not None and numpy.array_equal(loaded["a"], numpy.arange(200_000))
    assert [p.name for p in tmp_path.iterdir()] == ["kind-shared"]


def test_the_test_suite_does_not_write_into_the_home_cache() -> None:
    root = cache_root()
    assert root is not None and "cvmatch-test-cache-" in root.name
    assert store.CACHE_ENV == "CVMATCH_CACHE_DIR"


def test_only_the_most_recently_used_entries_are_kept(tmp_path: Path) -> None:
    import os

    for number in range(store.KEEP):
        save_arrays("kind", f"k{number}", ARRAYS, tmp_path)
        os.utime(tmp_path / f"kind-k{number}", (number, number))  # k0 the oldest
    load_arrays("kind", "k0", tmp_path)  # used now: kept
    save_arrays("kind", "new", ARRAYS, tmp_path)
    kept = sorted(p.name for p in tmp_path.iterdir())
    assert len(kept) == store.KEEP and "kind-k0" in kept and "kind-new" in kept
    assert "kind-k1" not in kept  # the least recently used


def test_a_parsed_text_is_read_back_and_a_broken_copy_rebuilt(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import tomllib

    monkeypatch.setenv("CVMATCH_CACHE_DIR", str(tmp_path))
    calls = []

    def parse(text: str) -> dict:
        calls.append(text)
        return tomllib.loads(text)

    text = 'a = 1\nb = ["x", 2.5]\n[t]\nc = true\n'
    expected = tomllib.loads(text)
    assert store.cached_json("toml", text, parse) == expected
    assert store.cached_json("toml", text, parse) == expected
    assert len(calls) == 1
    (copy,) = tmp_path.glob("toml-*.json")
    copy.write_text('{"a": ')
    assert store.cached_json("toml", text, parse) == expected and len(calls) == 2
    with pytest.raises(tomllib.TOMLDecodeError):
        store.cached_json("toml", "a = = 1", parse)
    monkeypatch.setenv("CVMATCH_CACHE_DIR", "off")
    assert store.cached_json("toml", text, parse) == expected and len(calls) == 4
