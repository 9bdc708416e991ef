"""Timing helpers: medians of repeated runs, interleaved so that machine drift hits every side alike."""
import gc
import statistics
import time
from typing import Any, Callable, Dict, List, Optional

__all__ = ["median_seconds", "interleaved", "paired_ratio"]


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
                clock: Callable[[], float] = time.perf_counter,
                samples: Optional[Dict[str, List[float]]] = None) -> Dict[str, float]:
    """Median time of each function, alternating them so drift (turbo, noisy neighbours) hits both.

    ``clock=time.process_time`` measures CPU time of this process instead of wall time: the right
    clock for single-threaded CPU-bound work on a shared machine, where wall time also counts the
    moments this process waited for a core. ``samples``, when given, receives every timing.
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
    if samples is not None:
        samples.update(times)
    return {name: statistics.median(v) for name, v in times.items()}


def paired_ratio(samples: Dict[str, List[float]], measured: str, baseline: str) -> float:
    """Median over the repetitions of ``measured / baseline`` timed in the same repetition.

    The two timings of one repetition are taken back to back, so a stretch when the shared
    machine ran slower lands on both; separate medians let such a stretch fall on one side only.
    """
    return statistics.median(m / b for m, b in zip(samples[measured], samples[baseline]))
