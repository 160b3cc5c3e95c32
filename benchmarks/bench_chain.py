"""Long chains on one float32 scalar: time per op as the graph grows, and peak memory.

The chain repeats ``* 0.5, + 1, - 1, * 2, tanh`` (``_common.chain_step``, as in ``bench_overhead.py``)
and is then differentiated. A graph this deep breaks engines that recurse over it, and when its
nodes are tracked by the cyclic garbage collector, each of the collector's full passes walks the
whole graph built so far: the cost per op then grows with the length of the chain. The benchmark
leaves Python's collector settings alone, so it measures what a user gets.

1. Time, PyTorch and autograd_nb taking turns in one process, one thread, medians over rounds:
   a 100,000-op chain forward + backward (+ freeing the graph), and the same number of ops as
   100 chains of 1,000 ops, with the forward pass timed on its own in both.
2. 1,000,000 ops: each engine once in a fresh process (too long to repeat), beside 1,000-op chains
   timed in that same process, with the peak memory of the run.
3. Peak memory of the 100,000-op chain, forward + backward: each engine alone in fresh processes
   (3 each, median). ``_common.peak_memory_mb`` resets the kernel's high-water mark just before the
   run and reads it after, so C++ allocations count and imports don't, for every engine alike.

Targets (issue 12): 100k chain ≤ 0.6× PyTorch's time; autograd_nb's forward cost per op on the 100k
chain ≤ 1.3× its cost on 1,000-op chains; 100k peak memory ≤ 0.5× PyTorch's.

    python benchmarks/bench_chain.py [--repeats 5] [--quick]
"""

from __future__ import annotations

import argparse
import importlib
import statistics
from collections.abc import Callable

import _common  # before numpy: pins numpy and torch to one thread

ENGINES = ("PyTorch", "autograd_nb")
SHORT = 1000  # ops in a short chain
TARGET_TIME, TARGET_GROWTH, TARGET_MEMORY = 0.6, 1.3, 0.5


def library(engine: str):
    """torch or autograd_nb: the same chain code runs on both, as a drop-in must allow."""
    return _common.optional("torch") if engine == "PyTorch" else importlib.import_module("autograd_nb")


def chain(lib, n_ops: int) -> tuple[float, float]:
    """Seconds for the forward pass, and for forward + backward + freeing the graph."""
    start = _common.clock()
    x = lib.tensor(0.5, requires_grad=True)
    y = x
    for i in range(n_ops):
        y = _common.chain_step(i, y, lib.tanh)
    forward = _common.clock()
    y.backward()
    del y
    end = _common.clock()
    assert x.grad.dtype == lib.float32 and abs(x.grad.item()) > 0
    return forward - start, end - start


def chains(lib, n_ops: int, total_ops: int, samples: dict[str, list[float]]) -> Callable[[], None]:
    """A round: ``total_ops // n_ops`` chains of ``n_ops``, adding µs per op to ``samples``."""

    def run() -> None:
        for _ in range(total_ops // n_ops):
            forward, total = chain(lib, n_ops)
            samples["forward"].append(forward * 1e6 / n_ops)
            samples["total"].append(total * 1e6 / n_ops)

    return run


def time_in_turns(n_ops: int, repeats: int) -> dict[tuple[str, int], dict[str, float]]:
    """Median µs per op, {(engine, chain length): {"forward": …, "total": …}}, all cases taking turns."""
    samples = {(e, n): {"forward": [], "total": []} for e in ENGINES for n in (n_ops, SHORT)}
    runs = {key: chains(library(key[0]), key[1], n_ops, s) for key, s in samples.items()}
    for engine in ENGINES:  # warm-up, not recorded: lazily loaded code and caches
        chain(library(engine), SHORT)
    _common.interleaved(runs, repeats, warmup=0)
    return {key: {kind: statistics.median(v) for kind, v in s.items()} for key, s in samples.items()}


def worker(engine: str, n_ops: int) -> None:
    """In a fresh process: forward µs/op on 1,000-op chains, then forward and total µs/op and peak MB of
    one ``n_ops`` chain. Printed on one line for the parent."""
    lib = library(engine)
    short = {"forward": [], "total": []}
    chains(lib, SHORT, SHORT * 100, short)()
    timings = []
    added, _ = _common.peak_memory_mb(lambda: timings.append(chain(lib, n_ops)))
    forward, total = timings[0]
    print(statistics.median(short["forward"]), forward * 1e6 / n_ops, total * 1e6 / n_ops, added)


def memory(engine: str, n_ops: int) -> None:
    """In a fresh process: the peak MB added by one ``n_ops`` chain, after a short warm-up chain."""
    lib = library(engine)
    chain(lib, SHORT)  # lazily loaded code and caches are not the chain's memory
    print(_common.peak_memory_mb(lambda: chain(lib, n_ops))[0])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5, help="rounds of the in-process timing (default 5)")
    parser.add_argument("--quick", action="store_true", help="smoke run: 10,000 and 100,000 ops, 2 rounds")
    parser.add_argument("--worker", choices=ENGINES, help=argparse.SUPPRESS)
    parser.add_argument("--memory", choices=ENGINES, help=argparse.SUPPRESS)
    parser.add_argument("--ops", type=int, default=100_000, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.ops)
        return
    if args.memory:
        memory(args.memory, args.ops)
        return
    if _common.optional("torch") is None:
        raise SystemExit("PyTorch is the reference here: install it (python3 dev.py test --torch)")
    n_ops, n_long, processes = (10_000, 100_000, 1) if args.quick else (100_000, 1_000_000, 3)
    repeats = 2 if args.quick else args.repeats
    print(_common.machine())

    print(f"\n1. {n_ops:,}-op chain and {n_ops // SHORT} chains of {SHORT:,} ops, taking turns, µs per op "
          f"(median of {repeats} rounds):")  # fmt: skip
    medians = time_in_turns(n_ops, repeats)
    print(f"  {'engine':<14}{'chain':>10}{'forward':>10}{'fwd+bwd':>10}")
    for (engine, length), m in medians.items():
        print(f"  {engine:<14}{length:>10,}{m['forward']:>10.2f}{m['total']:>10.2f}")

    print(f"\n2. {n_long:,}-op chain, once per engine in a fresh process, µs per op:")
    print(f"  {'engine':<14}{'fwd, 1k chains':>16}{'forward':>10}{'fwd+bwd':>10}{'peak MB':>10}")
    long = {}
    for engine in ENGINES:
        output = _common.run_in_subprocess("bench_chain.py", "--worker", engine, "--ops", str(n_long))
        long[engine] = dict(zip(("short", "forward", "total", "MB"), map(float, output.split())))
        print(f"  {engine:<14}" + "".join(f"{v:>{w}.2f}" for v, w in zip(long[engine].values(), (16, 10, 10, 10))))

    print(f"\n3. peak memory of one {n_ops:,}-op chain, MB added, each run in a fresh process:")
    added = {engine: [] for engine in ENGINES}
    for _ in range(processes):
        for engine in ENGINES:
            output = _common.run_in_subprocess("bench_chain.py", "--memory", engine, "--ops", str(n_ops))
            added[engine].append(float(output))
    for engine, mbs in added.items():
        print(f"  {engine:<14}" + "".join(f"{mb:>10.1f}" for mb in mbs))

    nb, pt = medians[("autograd_nb", n_ops)], medians[("PyTorch", n_ops)]
    nb_short = medians[("autograd_nb", SHORT)]
    k, k_long = f"{n_ops // 1000}k", f"{n_long // 1000}k" if n_long < 10**6 else f"{n_long // 10**6}M"
    _common.targets([
        (f"{k} chain, fwd+bwd µs/op", nb["total"], "PyTorch", pt["total"], TARGET_TIME),
        (f"{k} chain, forward µs/op", nb["forward"], "autograd_nb 1k", nb_short["forward"], TARGET_GROWTH),
        (f"{k_long} chain, fwd+bwd µs/op", long["autograd_nb"]["total"], "PyTorch", long["PyTorch"]["total"], None),
        (f"{k_long} chain, forward µs/op", long["autograd_nb"]["forward"], "autograd_nb 1k",
         long["autograd_nb"]["short"], None),
        (f"{k_long} chain, peak MB", long["autograd_nb"]["MB"], "PyTorch", long["PyTorch"]["MB"], None),
        (f"{k} chain, peak MB (median)", statistics.median(added["autograd_nb"]), "PyTorch",
         statistics.median(added["PyTorch"]), TARGET_MEMORY),
    ])  # fmt: skip


if __name__ == "__main__":
    main()
