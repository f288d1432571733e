"""Small timing helpers shared by the stages."""

from __future__ import annotations

import logging
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass


@dataclass(frozen=True)
class LoaderCall:
    """One cache miss of a loader, as logged by `ui.loaders` (see `QueryLog`)."""

    loader: str
    args: tuple
    kwargs: dict
    started: float
    seconds: float


class QueryLog(logging.Handler):
    """Collects the `inventory.queries` records: every loader cache miss."""

    def __init__(self) -> None:
        super().__init__(level=logging.DEBUG)
        self.calls: list[LoaderCall] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.calls.append(
            LoaderCall(record.loader, record.loader_args, record.loader_kwargs, record.started, record.seconds)
        )

    @contextmanager
    def attached(self) -> Iterator["QueryLog"]:
        logger = logging.getLogger("inventory.queries")
        logger.addHandler(self)
        logger.setLevel(logging.DEBUG)
        try:
            yield self
        finally:
            logger.removeHandler(self)

    def take(self) -> list[LoaderCall]:
        calls, self.calls = self.calls, []
        return calls


def busy_seconds(calls: list[LoaderCall]) -> float:
    """Wall time spent inside loaders: the union of their intervals, so a
    loader that calls other loaders is not counted twice."""
    total, covered_until = 0.0, float("-inf")
    for call in sorted(calls, key=lambda c: c.started):
        end = call.started + call.seconds
        if end > covered_until:
            total += end - max(call.started, covered_until)
            covered_until = end
    return total


def timed(action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def summary(first: float, warm: list[float]) -> dict[str, float]:
    """Milliseconds: the cold first run, and the median and max of the warm runs."""
    return {
        "cold_ms": round(first * 1000, 1),
        "warm_median_ms": round(statistics.median(warm) * 1000, 1),
        "warm_max_ms": round(max(warm) * 1000, 1),
    }
