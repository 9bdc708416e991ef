"""Timing helpers: medians of repeated runs, interleaved so that machine drift hits every side alike."""
import gc
import statistics
import time
from typing import Any, Callable, Dict, List

__all__ = ["median_seconds", "interleaved"]


def median_seconds(fn: Callable[[], Any], reps: int, warmup: int = 1) -> float:
    """Median wall time of ``fn()`` over ``reps`` runs, after ``warmup`` untimed runs."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(reps):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def interleaved(fns: Dict[str, Callable[[], Any]], reps: int, warmup: int = 1,
                clock: Callable[[], float] = time.perf_counter) -> Dict[str, float]:
    """Median time of each function, alternating them so drift (turbo, noisy neighbours) hits both.

    ``clock=time.process_time`` measures CPU time of this process instead of wall time: the right
    clock for single-threaded CPU-bound work on a shared machine, where wall time also counts the
    moments this process waited for a core.
    """
    for fn in fns.values():
        for _ in range(warmup):
            fn()
    times: Dict[str, List[float]] = {name: [] for name in fns}
    for _ in range(reps):
        for name, fn in fns.items():
            gc.collect()
            t = clock()
            fn()
            times[name].append(clock() - t)
    return {name: statistics.median(v) for name, v in times.items()}
