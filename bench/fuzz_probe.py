"""Run the ``cvmatch`` command with each file's time and peak resident memory recorded.

Usage (by ``bench/fuzz.py``)::

    python bench/fuzz_probe.py STATS.jsonl extract FOLDER --format jsonl ...

Wraps :meth:`cvmatch.batch.job.Job.run` before the command starts, so that forked
workers inherit the wrapper (the CLI forks its workers when it has one thread). Before
each file the wrapper resets the kernel's peak-RSS mark (``/proc/self/clear_refs``) and
writes a ``start`` line; after it, an ``end`` line with the seconds and ``VmHWM`` (the
peak resident memory while that file was read; where the reset is refused, the
process's ``ru_maxrss``, an upper bound). A worker that dies on a file leaves only its
``start`` line: ``bench/fuzz.py`` then uses what its sampler of ``/proc`` saw of that
process. Nothing here caps memory: the command's own limit (``--max-memory``) applies.
"""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from typing import Any


def _status_kb(field: str) -> int | None:
    try:
        with open("/proc/self/status") as handle:
            for line in handle:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def _reset_peak() -> bool:
    try:
        with open("/proc/self/clear_refs", "w") as handle:
            handle.write("5")
        return True
    except OSError:
        return False


def _record(stats: str, record: dict[str, Any]) -> None:
    fd = os.open(stats, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, (json.dumps(record) + "\n").encode())
    finally:
        os.close(fd)


def install(stats: str) -> None:
    """Wrap the batch's per-file step so that it records its time and peak RSS."""
    import cvmatch.batch.job as job

    run = job.Job.run

    def measured(self: Any, source: Any) -> Any:
        name = job.source_name(source)
        if name == "warm-up":
            return run(self, source)
        reset = _reset_peak()
        _record(stats, {"event": "start", "source": name, "pid": os.getpid(), "t": time.time()})
        start = time.perf_counter()
        try:
            return run(self, source)
        finally:
            peak = _status_kb("VmHWM") if reset else None
            if peak is None:
                peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            _record(
                stats,
                {
                    "event": "end",
                    "source": name,
                    "pid": os.getpid(),
                    "seconds": time.perf_counter() - start,
                    "rss_kb": peak,
                    "reset": reset,
                },
            )

    job.Job.run = measured  # type: ignore[method-assign]


def main() -> None:
    install(sys.argv[1])
    from cvmatch.cli import main as cli_main

    cli_main(sys.argv[2:])


if __name__ == "__main__":
    main()
