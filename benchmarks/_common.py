"""Shared helpers for the benchmark scripts: one thread, interleaved timing, medians and ratios.

Import this module before numpy or torch: the thread-count variables are read when those libraries
load, and a second BLAS thread would make the numbers depend on what else the machine is doing.
"""

from __future__ import annotations

import os
import sys

for _var in ("OMP_NUM_THREADS", "MKL_NUM_THREADS", "OPENBLAS_NUM_THREADS", "NUMEXPR_NUM_THREADS",
             "VECLIB_MAXIMUM_THREADS"):  # fmt: skip
    os.environ[_var] = "1"

import importlib  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

# run from a checkout without installing the package
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

# Timings are this process's CPU time. The work is one thread, so on an idle machine CPU time and the
# wall clock agree; on a shared one, CPU time leaves out the time spent waiting for a core, which is
# the machine's, not the engine's (see README.md). BENCH_CLOCK=wall uses the wall clock; subprocesses
# inherit the choice.
clock = time.perf_counter if os.environ.get("BENCH_CLOCK") == "wall" else time.process_time


def optional(module: str) -> Any:
    """The module, or None when it is not installed (the comparison is then skipped)."""
    try:
        imported = importlib.import_module(module)
    except ImportError:
        return None
    if module == "torch":
        imported.set_num_threads(1)
    return imported


def chain_step(i: int, y: Any, tanh: Callable[[Any], Any]) -> Any:
    """The i-th op of the benchmark chains: ``* 0.5, + 1, - 1, * 2, tanh``, over and over.

    Each cycle is ``tanh(y)`` up to rounding, so values and gradients shrink only slowly and stay
    normal floats (denormals would make every engine's arithmetic slow and the figures meaningless).
    """
    kind = i % 5
    if kind == 0:
        return y * 0.5
    if kind == 1:
        return y + 1.0
    if kind == 2:
        return y - 1.0
    if kind == 3:
        return y * 2.0
    return tanh(y)


def to_numpy(value: Any) -> Any:
    """A numpy view of a torch or autograd_nb tensor (numpy values pass through)."""
    return value.detach().numpy() if hasattr(value, "detach") else value


def interleaved(cases: dict[str, Callable[[], Any]], repeats: int, warmup: int = 1) -> dict[str, list[float]]:
    """Seconds per call of each case; the cases take turns so that machine noise hits all alike.

    The order rotates on every round, so no case always runs right after the same neighbour. What a
    case returns is released after the clock stops, so a case can hand back a graph to keep its
    freeing out of the figure.
    """
    for _ in range(warmup):
        for run in cases.values():
            run()
    names = list(cases)
    times: dict[str, list[float]] = {name: [] for name in names}
    for r in range(repeats):
        for name in names[r % len(names):] + names[: r % len(names)]:
            start = clock()
            result = cases[name]()
            times[name].append(clock() - start)
            del result
    return times


def report(title: str, times: dict[str, list[float]], references: list[str], scale: float = 1.0,
           unit: str = "ms") -> dict[str, float]:  # fmt: skip
    """Print the median of each case (times ``scale``, in ``unit``) and its ratio to each reference."""
    medians = {name: statistics.median(ts) * scale for name, ts in times.items()}
    references = [r for r in references if r in medians]
    print(f"\n{title}")
    widths = [max(12, len(r) + 4) for r in references]
    header = f"  {'case':<22}{'median ' + unit:>14}{'min ' + unit:>12}"
    print(header + "".join(f"{'÷ ' + r:>{w}}" for r, w in zip(references, widths)))
    for name, ts in times.items():
        row = f"  {name:<22}{medians[name]:>14.3f}{min(ts) * scale:>12.3f}"
        row += "".join(f"{medians[name] / medians[r]:>{w - 1}.2f}×" for r, w in zip(references, widths))
        print(row)
    return medians


def run_in_subprocess(script: str, *args: str) -> str:
    """Run ``script`` (a file in this folder) in a fresh interpreter and return what it printed.

    A failure raises, with the child's last error line: a figure must never silently go missing.
    """
    path = Path(__file__).resolve().parent / script
    done = subprocess.run([sys.executable, str(path), *args], capture_output=True, text=True, env=os.environ)
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines() or [f"exit status {done.returncode}"]
        raise RuntimeError(f"{script} {' '.join(args)}: {lines[-1]}")
    return done.stdout.strip()


def _status_kb(field: str) -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise KeyError(field)


def peak_memory_mb(run: Callable[[], Any]) -> tuple[float, float]:
    """Peak resident memory added by ``run()``, and the process's peak during it, in MB (1e6 bytes).

    The kernel's high-water mark (VmHWM) counts everything a process holds, numpy and torch's C++
    allocations included, which ``tracemalloc`` would miss. Writing 5 to ``/proc/self/clear_refs``
    resets that mark to the current size, so imports and earlier work don't count; the peak during
    ``run()`` minus the size just before it is what the run itself needed.
    """
    import gc

    gc.collect()
    with open("/proc/self/clear_refs", "w") as clear:
        clear.write("5")
    before = _status_kb("VmRSS")
    run()
    peak = _status_kb("VmHWM")
    return (peak - before) * 1024 / 1e6, peak * 1024 / 1e6


def targets(rows: list[tuple[str, float, str, float, float | None]]) -> None:
    """Print autograd_nb's figures against their targets.

    A row is (figure, autograd_nb's value, reference name, reference value, target ratio or None);
    the table adds the ratio value ÷ reference and whether it meets the target.
    """
    print(f"\n  {'figure':<40}{'autograd_nb':>12}  {'reference':<24}{'ratio':>8}{'target':>9}  met")
    for figure, value, reference, reference_value, target in rows:
        ratio = value / reference_value
        goal, met = ("—", "") if target is None else (f"≤ {target:.2f}×", "yes" if ratio <= target else "no")
        against = f"{reference} {reference_value:.3f}"
        print(f"  {figure:<40}{value:>12.3f}  {against:<24}{ratio:>7.2f}×{goal:>9}  {met}")


def machine() -> str:
    import platform

    import numpy

    timing = "wall clock" if clock is time.perf_counter else "CPU time"
    return f"Python {platform.python_version()}, numpy {numpy.__version__}, {os.cpu_count()} CPUs, one thread, {timing}"
