"""Repeated timings reduced to a median and a 95th percentile."""

from __future__ import annotations

import math
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Stats:
    """Seconds of ``runs`` repetitions of one measurement."""

    samples: tuple[float, ...]

    @property
    def runs(self) -> int:
        return len(self.samples)

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def p95(self) -> float | None:
        """Nearest-rank 95th percentile; None for fewer than 5 runs, where it means nothing."""
        if len(self.samples) < 5:
            return None
        ordered = sorted(self.samples)
        return ordered[math.ceil(0.95 * len(ordered)) - 1]


def timed(action: Callable[[], object]) -> float:
    """Seconds one call of ``action`` took."""
    started = time.perf_counter()
    action()
    return time.perf_counter() - started


def measure(action: Callable[[], object], runs: int, warmup: int = 1) -> Stats:
    """Time ``runs`` calls of ``action`` after ``warmup`` untimed ones."""
    for _ in range(warmup):
        action()
    return Stats(tuple(timed(action) for _ in range(runs)))


def measure_interleaved(
    actions: Sequence[Callable[[], object]], runs: Sequence[int], warmup: int = 1
) -> list[Stats]:
    """Time several actions in turn (a, b, a, b, ...) so machine noise hits them alike.

    ``runs[i]`` is how many timed calls action ``i`` gets; once one has had its share the
    others go on alternating. Ratios between the returned figures are then fair on a noisy
    machine.
    """
    for _ in range(warmup):
        for action in actions:
            action()
    samples: list[list[float]] = [[] for _ in actions]
    for round_number in range(max(runs)):
        for index, action in enumerate(actions):
            if round_number < runs[index]:
                samples[index].append(timed(action))
    return [Stats(tuple(found)) for found in samples]
