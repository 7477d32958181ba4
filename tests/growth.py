"""Checks that work grows with its input as it should, never against a wall-clock limit.

A test that asserts "under 0.5 s" fails on a slow or busy machine and passes a quadratic
algorithm on a fast one. These helpers time the same work on an input and on one
``FACTOR`` times bigger, in the same process, and compare the two times.
"""

from __future__ import annotations

import gc
import statistics
import time
from collections.abc import Callable
from typing import TypeVar

Input = TypeVar("Input")

FACTOR = 4
# Linear work on 4x the input takes about 4x the time, up to twice that when the bigger
# input no longer fits the processor's caches or the machine is shared (measured here:
# 3.7x to 8.7x); quadratic work takes 16x. 10x fails any quadratic step and no noise.
LINEAR_LIMIT = 10.0
ROUNDS = 5
MIN_ROUND_SECONDS = 0.005


def _seconds(action: Callable[[], object], calls: int) -> float:
    gc.collect()
    started = time.perf_counter()
    for _ in range(calls):
        action()
    return time.perf_counter() - started


def _calls_for(action: Callable[[], object]) -> int:
    """How many calls of ``action`` make a round of a few milliseconds at least.

    Work of microseconds is repeated so that the clock's resolution and one interruption
    weigh little.
    """
    calls = 1
    while _seconds(action, calls) < MIN_ROUND_SECONDS:
        calls *= 4
    return calls


def growth(make: Callable[[int], Input], run: Callable[[Input], object], size: int) -> float:
    """How many times longer ``run`` takes on ``make(FACTOR * size)`` than on ``make(size)``.

    The inputs are made before any timing. The two are timed in turns, ``ROUNDS`` times,
    so that each pair sees the same load of a shared machine; the median of the pairs'
    ratios is the answer, so that one disturbed round weighs nothing.
    """
    small, big = make(size), make(FACTOR * size)
    small_calls = _calls_for(lambda: run(small))
    big_calls = _calls_for(lambda: run(big))
    ratios = []
    for _ in range(ROUNDS):
        small_seconds = _seconds(lambda: run(small), small_calls) / small_calls
        big_seconds = _seconds(lambda: run(big), big_calls) / big_calls
        ratios.append(big_seconds / small_seconds)
    return statistics.median(ratios)


def assert_linear(make: Callable[[int], Input], run: Callable[[Input], object], size: int) -> None:
    """``run`` on an input ``FACTOR`` times bigger takes at most about ``FACTOR`` times longer."""
    ratio = growth(make, run, size)
    assert ratio <= LINEAR_LIMIT, f"{FACTOR}x the input took {ratio:.1f}x the time"


def assert_bounded(make: Callable[[int], Input], run: Callable[[Input], object], size: int) -> None:
    """``run`` on an input ``FACTOR`` times bigger takes about as long: its work has a bound."""
    ratio = growth(make, run, size)
    assert ratio <= 2.0, f"{FACTOR}x the input took {ratio:.1f}x the time (expected ~1x)"
