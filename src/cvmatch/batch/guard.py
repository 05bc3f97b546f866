"""One row per input, in order, with names every output can print.

:func:`with_input_rows` wraps a batch's run: an :class:`~cvmatch.batch.inputs.InputPath`
refused before reading (unsupported type, FIFO, device, link out of its folder) gets its
failed row in its place without reaching a reader or a worker, and every row's
``source`` (and error message, and posting name) shows undecodable bytes as ``\\xNN``,
with the raw name in ``source_bytes`` (not under ``blind``, which must not print names).
"""

from __future__ import annotations

import collections
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from cvmatch.batch.inputs import InputPath
from cvmatch.batch.job import Job, Result, Source
from cvmatch.batch.names import has_surrogates, printable_name, raw_name
from cvmatch.models import Document, ErrorInfo

__all__ = ["with_input_rows"]

Item = Source | InputPath


def _refused(item: object) -> bool:
    return isinstance(item, InputPath) and item.refusal is not None


def _named(job: Job, item: Item, result: Any) -> Result:
    """``result`` with its names made printable (and the raw name of a path kept)."""
    update: dict[str, Any] = {}
    if isinstance(item, InputPath) and not job.blind:
        update["source"] = printable_name(item.path)
        raw = raw_name(item.path)
        if raw is not None:
            update["source_bytes"] = raw
    elif has_surrogates(result.source):
        update["source"] = printable_name(result.source)
    posting = getattr(result, "posting", None)
    if isinstance(posting, str) and has_surrogates(posting):
        update["posting"] = printable_name(posting)
    error = result.error
    if error is not None and has_surrogates(error.message):
        update["error"] = ErrorInfo(type=error.type, message=printable_name(error.message))
    return result.model_copy(update=update) if update else result


class _Order:
    """The items handed out, in order, so that each result finds its item (and the
    refused items between results get their rows in place)."""

    def __init__(self, job: Job, items: Iterable[Item | Document]) -> None:
        self.job = job
        self.items = items
        self.queue: collections.deque[Item] = collections.deque()

    def feed(self) -> Iterator[Source]:
        """The items a run is given: every item but the refused ones."""
        for item in self.items:
            self.queue.append(item)
            if not isinstance(item, InputPath):
                yield item
            elif item.refusal is None:
                yield item.path

    def refused_rows(self) -> Iterator[Result]:
        """The rows of the refused items at the head of the queue."""
        while self.queue and _refused(self.queue[0]):
            item: InputPath = self.queue.popleft()  # type: ignore[assignment]
            yield _named(self.job, item, self.job.failed(item.path, item.refusal))  # type: ignore[arg-type]


def with_input_rows(
    job: Job,
    items: Iterable[Item | Document],
    run: Callable[[Iterable[Source]], Iterator[Result]],
) -> Iterator[Result]:
    """The rows of ``run`` over ``items``, one per item in order; refused items get their
    failed row here, in their place, and are never handed to ``run`` (called now, so
    that it checks its arguments before the first row is asked for)."""
    order = _Order(job, items)
    return _rows(order, run(order.feed()))


def _rows(order: _Order, results: Iterator[Result]) -> Iterator[Result]:
    try:
        for result in results:
            yield from order.refused_rows()
            yield _named(order.job, order.queue.popleft(), result)
        yield from order.refused_rows()
    finally:
        close = getattr(results, "close", None)
        if close is not None:
            close()
