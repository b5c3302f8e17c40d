"""Small helpers for the benchmarks: percentiles and a figures table."""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager


def percentile(samples: list[float], p: float) -> float:
    if not samples:
        return float("nan")
    ordered = sorted(samples)
    k = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def summary_ms(samples: list[float]) -> str:
    ms = [s * 1000 for s in samples]
    return (
        f"n={len(ms)} p50={percentile(ms, 50):.2f} ms p99={percentile(ms, 99):.2f} ms "
        f"mean={statistics.fmean(ms):.2f} ms"
    )


def timed(fn: Callable[[], object], repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


@contextmanager
def stopwatch() -> Iterator[list[float]]:
    box: list[float] = []
    t0 = time.perf_counter()
    yield box
    box.append(time.perf_counter() - t0)


def report(name: str, figure: str, goal: str = "") -> None:
    print(f"{name:<44} {figure}" + (f"   (goal: {goal})" if goal else ""), flush=True)


_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def process_cpu(pids: list[int]) -> float:
    """CPU seconds (user + system) the processes have used so far, from /proc (Linux):
    a measure of a server's cost that the other work of a shared machine does not blur
    the way it blurs wall-clock latency. With the children each has waited for: a
    large import's or plan's worker processes (server.planning.parallel, plan_parts).
    NaN where /proc is not available."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat", encoding="ascii") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            return float("nan")
        # utime, stime, cutime, cstime (fields 14-17 of proc(5))
        total += int(fields[11]) + int(fields[12]) + int(fields[13]) + int(fields[14])
    return total / _TICK


def load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())
