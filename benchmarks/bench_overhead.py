"""Per-operation cost: a 1,000-op elementwise chain over 4 float32 elements, forward + backward.

With 4 elements the arithmetic costs nothing, so the time is the engine's bookkeeping: creating
tensors and graph nodes, type promotion, the backward walk. The chain repeats ``* 0.5, + 1, - 1,
* 2, tanh`` (``_common.chain_step``: tensor-scalar mul, add, sub and tanh, which saves its output as
real graphs do) and ends with ``sum()`` and ``backward()``.

How much the cyclic garbage collector adds depends on the state of the process (how many objects it
tracks already), so one process's figure is not enough: the script runs the comparison in
``--processes`` fresh interpreters (default 8) that import only numpy, torch and autograd_nb. In each,
PyTorch and autograd_nb take turns, one thread, and the median µs per op of each is kept. The target
holds for the worst process: autograd_nb ≤ 0.75× PyTorch per op.

    python benchmarks/bench_overhead.py [--processes 8] [--repeats 30] [--quick]
    python benchmarks/bench_overhead.py --others    # one process, also the lean engine below and HIPS autograd
    python benchmarks/bench_overhead.py --phases    # one process: forward, recording, backward apart

``--others`` adds, for context, HIPS autograd (``pip install autograd``; skipped when not installed)
and a lean numpy engine written below: the least a Python engine over numpy can do per op.

``--phases`` splits each engine's op, in one process, into the forward with nothing recorded (the same
chain on a tensor that does not require grad), recording the graph (the recorded forward's extra time)
and the backward with freeing the graph; each as a share of PyTorch's whole op. It shows where the
per-op target can and cannot be won.
"""

from __future__ import annotations

import argparse
import statistics

import _common  # before numpy: pins numpy and torch to one thread
import numpy as np

N_OPS, N_ELEMENTS = 1000, 4
TARGET = 0.75


def start_values() -> np.ndarray:
    return np.linspace(-1.0, 1.0, N_ELEMENTS, dtype=np.float32)


class Lean:
    """A minimal reverse-mode engine on numpy arrays: a value, its parents and the local rule."""

    __slots__ = ("data", "grad", "parents", "vjp")

    def __init__(self, data: np.ndarray, parents: tuple = (), vjp=None) -> None:
        self.data, self.grad, self.parents, self.vjp = data, None, parents, vjp

    def __mul__(self, c: float) -> Lean:
        return Lean(self.data * np.float32(c), (self,), lambda g: (g * np.float32(c),))

    def __add__(self, c: float) -> Lean:
        return Lean(self.data + np.float32(c), (self,), lambda g: (g,))

    def __sub__(self, c: float) -> Lean:
        return Lean(self.data - np.float32(c), (self,), lambda g: (g,))

    def tanh(self) -> Lean:
        out = np.tanh(self.data)
        return Lean(out, (self,), lambda g: (g * (1 - out * out),))

    def sum(self) -> Lean:
        shape = self.data.shape
        return Lean(self.data.sum(), (self,), lambda g: (np.broadcast_to(g, shape),))

    def backward(self) -> None:
        order, seen, stack = [], {id(self)}, [(self, False)]
        while stack:  # iterative post-order depth-first search
            node, expanded = stack.pop()
            if expanded:
                order.append(node)
                continue
            stack.append((node, True))
            for p in node.parents:
                if id(p) not in seen:
                    seen.add(id(p))
                    stack.append((p, False))
        grads = {id(self): np.ones_like(self.data)}
        for node in reversed(order):
            g = grads.pop(id(node))
            if not node.parents:
                node.grad = g
                continue
            for p, pg in zip(node.parents, node.vjp(g)):
                grads[id(p)] = grads[id(p)] + pg if id(p) in grads else pg


def torch_like(lib):
    """The chain as PyTorch code; autograd_nb runs the very same code, as a drop-in must."""

    def run():
        x = lib.tensor(start_values(), requires_grad=True)
        y = x
        for i in range(N_OPS):
            y = _common.chain_step(i, y, lib.tanh)
        y.sum().backward()
        return x.grad

    return run


def cases(others: bool) -> dict:
    import autograd_nb

    found = {}
    torch = _common.optional("torch")
    if torch is not None:
        found["PyTorch"] = torch_like(torch)
    found["autograd_nb"] = torch_like(autograd_nb)
    if not others:
        return found

    hips = _common.optional("autograd")
    if hips is not None:
        import autograd.numpy as anp

        def chain(x):
            y = x
            for i in range(N_OPS):
                y = _common.chain_step(i, y, anp.tanh)
            return anp.sum(y)

        chain_grad = hips.grad(chain)
        found["HIPS autograd"] = lambda: chain_grad(start_values())

    def run_lean():
        x = Lean(start_values())
        y = x
        for i in range(N_OPS):
            y = _common.chain_step(i, y, Lean.tanh)
        y.sum().backward()
        return x.grad

    found["lean numpy engine"] = run_lean
    return found


def check_float32(found: dict) -> None:
    """Every engine's gradient must come back float32, with the same values as PyTorch's."""
    grads = {name: _common.to_numpy(run()) for name, run in found.items()}
    for name, grad in grads.items():
        assert grad.dtype == np.float32, f"{name}: gradient is {grad.dtype}, not float32"
    reference = next(iter(grads.values()))
    for name, grad in grads.items():
        np.testing.assert_allclose(grad, reference, rtol=1e-4, err_msg=name)


def timed(repeats: int, others: bool) -> dict[str, list[float]]:
    """Seconds per chain of each engine in this process, after checking they agree; the engines take turns."""
    found = cases(others)
    check_float32(found)
    return _common.interleaved(found, repeats)


PHASES = ("forward, nothing recorded", "recording the graph", "backward, freeing the graph")


def phase_rounds(lib, samples: dict[str, list[float]]) -> dict:
    """Two cases for ``interleaved``: the chain recorded, its forward and backward timed apart, and the same
    chain on a tensor that does not require grad; each appends its seconds to ``samples``."""

    def recorded() -> None:
        start = _common.clock()
        x = lib.tensor(start_values(), requires_grad=True)
        y = x
        for i in range(N_OPS):
            y = _common.chain_step(i, y, lib.tanh)
        total = y.sum()
        middle = _common.clock()
        total.backward()
        del total, y
        samples["recorded forward"].append(middle - start)
        samples[PHASES[2]].append(_common.clock() - middle)

    def unrecorded() -> None:
        start = _common.clock()
        y = lib.tensor(start_values())
        for i in range(N_OPS):
            y = _common.chain_step(i, y, lib.tanh)
        y.sum()
        samples[PHASES[0]].append(_common.clock() - start)

    return {"recorded": recorded, "unrecorded": unrecorded}


def phases(repeats: int) -> None:
    """Print each engine's µs per op by phase, and each phase as a share of PyTorch's whole op."""
    import autograd_nb

    engines = {"PyTorch": _common.optional("torch"), "autograd_nb": autograd_nb}
    samples = {name: {"recorded forward": [], PHASES[0]: [], PHASES[2]: []} for name in engines}
    runs = {}
    for name, lib in engines.items():
        for kind, run in phase_rounds(lib, samples[name]).items():
            runs[f"{name} {kind}"] = run
    _common.interleaved(runs, repeats)
    per_op = {}
    for name, found in samples.items():
        medians = {phase: statistics.median(times) * 1e6 / N_OPS for phase, times in found.items()}
        medians[PHASES[1]] = medians.pop("recorded forward") - medians[PHASES[0]]
        medians["whole op"] = sum(medians[phase] for phase in PHASES)
        per_op[name] = medians
    whole = per_op["PyTorch"]["whole op"]
    print(f"\n{N_OPS}-op chain over {N_ELEMENTS} elements, µs per op by phase (one process, {repeats} rounds):")
    print(f"  {'phase':<30}{'PyTorch':>10}{'autograd_nb':>13}   each ÷ PyTorch's whole op")
    for phase in (*PHASES, "whole op"):
        pt, nb = per_op["PyTorch"][phase], per_op["autograd_nb"][phase]
        print(f"  {phase:<30}{pt:>10.2f}{nb:>13.2f}   {pt / whole:.2f}×, {nb / whole:.2f}×")
    unrecorded = (per_op["autograd_nb"][PHASES[0]] + per_op["autograd_nb"][PHASES[2]]) / whole
    print(f"  autograd_nb's op if recording cost nothing: {unrecorded:.2f}× PyTorch's whole op (target {TARGET}×)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--processes", type=int, default=8, help="fresh interpreters to measure in (default 8)")
    parser.add_argument("--repeats", type=int, default=30, help="rounds per process (default 30)")
    parser.add_argument("--quick", action="store_true", help="smoke run: 2 processes, 5 rounds")
    parser.add_argument("--others", action="store_true", help="one process, with HIPS autograd and a lean engine")
    parser.add_argument("--phases", action="store_true", help="one process: forward, recording and backward apart")
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.quick:
        args.processes, args.repeats = 2, 5
    if args.worker:  # one fresh process: print the median µs per op for the driver below
        times = timed(args.repeats, others=False)
        print(*(statistics.median(times[name]) * 1e6 / N_OPS for name in ("autograd_nb", "PyTorch")))
        return

    print(_common.machine())
    if args.phases:
        if _common.optional("torch") is None:
            raise SystemExit("PyTorch is the reference here: install it (python3 dev.py test --torch)")
        phases(args.repeats)
        return
    if args.others:
        times = timed(args.repeats, others=True)
        _common.report(f"{N_OPS}-op chain over {N_ELEMENTS} elements, forward + backward: µs per op",
                       times, ["PyTorch", "lean numpy engine"], scale=1e6 / N_OPS, unit="µs/op")  # fmt: skip
        return
    if _common.optional("torch") is None:
        raise SystemExit("PyTorch is the reference here: install it (python3 dev.py test --torch)")

    print(f"\n{N_OPS}-op chain over {N_ELEMENTS} elements, forward + backward, µs per op (median of "
          f"{args.repeats} rounds), each line a fresh process:")  # fmt: skip
    print(f"  {'process':<10}{'autograd_nb':>12}{'PyTorch':>10}{'ratio':>9}")
    results = []
    for process in range(1, args.processes + 1):
        output = _common.run_in_subprocess("bench_overhead.py", "--worker", "--repeats", str(args.repeats))
        nb, torch = map(float, output.split())
        results.append((nb / torch, nb, torch))
        print(f"  {process:<10}{nb:>12.2f}{torch:>10.2f}{nb / torch:>8.2f}×")
    worst, best = max(results), min(results)
    n = args.processes
    _common.targets([
        (f"µs/op, worst of {n} processes", worst[1], "PyTorch", worst[2], TARGET),
        (f"µs/op, best of {n} processes", best[1], "PyTorch", best[2], None),
    ])  # fmt: skip


if __name__ == "__main__":
    main()
