"""A 100,000-op chain on one float32 scalar, forward + backward: time and peak memory.

The chain repeats ``* 0.5, + 1, - 1, * 2, tanh`` (``_common.chain_step``, as in ``bench_overhead.py``)
and is then differentiated. A graph this deep breaks engines that recurse over it (micrograd's topological sort
raises RecursionError) and, when graph nodes and tensors form reference cycles, hands the garbage
collector 100,000 objects to trace over and over; autograd_nb is also timed with the collector
switched off to show what the collector costs.

Time: medians over repeats, the engines taking turns in one process, one thread.

Peak memory: each engine runs once in a fresh interpreter that imports only that engine, after a
small warm-up chain. ``_common.peak_memory_mb`` resets the kernel's high-water mark just before the
run and reads it after, so the figure is the resident memory the forward graph and the backward pass
added, C++ allocations included, with the cost of imports left out for every engine alike.

Targets: autograd_nb ≤ 0.6× PyTorch's time and ≤ 0.5× PyTorch's peak memory.

    python benchmarks/bench_chain.py [--repeats 5] [--ops 100000]
"""

from __future__ import annotations

import argparse
import gc
import importlib
from collections.abc import Callable

import _common  # before numpy: pins numpy and torch to one thread
import numpy as np

ENGINES = ("PyTorch", "autograd_nb", "HIPS autograd", "micrograd")



def make_run(engine: str, n_ops: int) -> Callable[[], float] | None:
    """A function running the chain forward and backward, returning d(out)/d(x); None if not installed."""
    if engine in ("PyTorch", "autograd_nb"):
        # the same code for both: autograd_nb is a drop-in for this part of PyTorch
        lib = _common.optional("torch") if engine == "PyTorch" else importlib.import_module("autograd_nb")
        if lib is None:
            return None

        def run():
            x = lib.tensor(0.5, requires_grad=True)
            y = x
            for i in range(n_ops):
                y = _common.chain_step(i, y, lib.tanh)
            y.backward()
            assert x.grad.dtype == lib.float32 and y.dtype == lib.float32
            return x.grad.item()

        return run
    if engine == "HIPS autograd":
        hips = _common.optional("autograd")
        if hips is None:
            return None
        import autograd.numpy as anp

        def chain(x):
            y = x
            for i in range(n_ops):
                y = _common.chain_step(i, y, anp.tanh)
            return y

        chain_grad = hips.grad(chain)

        def run():
            grad = chain_grad(np.array(0.5, dtype=np.float32))
            assert np.asarray(grad).dtype == np.float32
            return float(grad)

        return run
    if engine == "micrograd":
        engine_module = _common.optional("micrograd.engine")
        if engine_module is None:
            return None

        # micrograd 0.1.0 on PyPI has relu but no tanh; it fails on depth, not on arithmetic, anyway
        tanh = getattr(engine_module.Value, "tanh", engine_module.Value.relu)

        def run():
            x = engine_module.Value(0.5)
            y = x
            for i in range(n_ops):
                y = _common.chain_step(i, y, tanh)
            y.backward()
            return x.grad

        return run
    raise ValueError(engine)


def memory(engine: str, n_ops: int) -> None:
    """Print the peak memory of one run of ``engine`` (called in a subprocess)."""
    run = make_run(engine, n_ops)
    if run is None:
        print("not installed")
        return
    try:
        make_run(engine, 1000)()  # warm-up: lazily loaded code and caches are not the chain's memory
        added, peak = _common.peak_memory_mb(run)
    except RecursionError:
        print("RecursionError")
        return
    print(f"{added:.1f} {peak:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--ops", type=int, default=100_000)
    parser.add_argument("--memory", choices=ENGINES, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.memory:
        memory(args.memory, args.ops)
        return

    print(_common.machine())
    runs: dict[str, Callable] = {}
    for engine in ENGINES:
        run = make_run(engine, args.ops)
        if run is None:
            print(f"{engine}: not installed, skipped")
            continue
        try:
            grad = run()
        except RecursionError:
            print(f"{engine}: RecursionError on a {args.ops:,}-op chain, left out")
            continue
        print(f"{engine}: d out / d x = {grad:.6g}")
        runs[engine] = run

    if "autograd_nb" in runs:

        def without_gc(run=runs["autograd_nb"]):
            gc.disable()
            try:
                run()
            finally:
                gc.enable()

        runs["autograd_nb (gc off)"] = without_gc
        # a graph that forms no reference cycles leaves the collector nothing to find
        gc.collect()
        without_gc()
        print(f"autograd_nb: objects in reference cycles after one run: {gc.collect()}")
    times = _common.interleaved(runs, args.repeats)
    _common.report(f"{args.ops:,}-op scalar chain, forward + backward: µs per op", times, ["PyTorch"],
                   scale=1e6 / args.ops, unit="µs/op")  # fmt: skip

    print("\npeak memory of one run, MB, each engine in a fresh process:")
    print(f"  {'case':<22}{'added by run':>14}{'÷ PyTorch':>12}{'process peak':>16}{'÷ PyTorch':>12}")
    reference = (1.0, 1.0)
    for engine in ENGINES:
        measured = _common.run_in_subprocess("bench_chain.py", "--memory", engine, "--ops", str(args.ops)).split()
        try:
            added, peak = map(float, measured)
        except ValueError:
            print(f"  {engine:<22}{' '.join(measured)}")
            continue
        if engine == "PyTorch":
            reference = (added, peak)
        print(f"  {engine:<22}{added:>14.1f}{added / reference[0]:>11.2f}×{peak:>16.1f}{peak / reference[1]:>11.2f}×")
    print("\ntargets: autograd_nb ≤ 0.6× PyTorch's time and ≤ 0.5× its peak memory")


if __name__ == "__main__":
    main()
