"""Per-operation overhead: a 1,000-op elementwise chain over 4 float32 elements, forward + backward.

With 4 elements the arithmetic costs nothing, so the time is the engine's bookkeeping: creating
tensors and graph nodes, type promotion, the backward walk. The chain repeats ``* 0.5, + 1, - 1,
* 2, tanh`` (``_common.chain_step``; tanh saves its output, as real graphs do) and ends with ``sum()``.

Compared, taking turns in one process, one thread:
  * PyTorch (the reference),
  * autograd_nb,
  * HIPS autograd (``pip install autograd``), skipped when not installed,
  * a lean numpy engine written below: the least a Python engine over numpy can do per op, so the
    floor any engine of this kind can hope for.

Target: autograd_nb ≤ 0.75× PyTorch per op.

    python benchmarks/bench_overhead.py [--repeats 30]
"""

from __future__ import annotations

import argparse

import _common  # before numpy: pins numpy and torch to one thread
import numpy as np

N_OPS, N_ELEMENTS = 1000, 4



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


def cases() -> dict:
    import autograd_nb

    def torch_like(lib):  # the same code runs on PyTorch and on autograd_nb: that is the point of a drop-in
        def run():
            x = lib.tensor(start_values(), requires_grad=True)
            y = x
            for i in range(N_OPS):
                y = _common.chain_step(i, y, lib.tanh)
            y.sum().backward()
            return x.grad

        return run

    found = {}
    torch = _common.optional("torch")
    if torch is not None:
        found["PyTorch"] = torch_like(torch)
    found["autograd_nb"] = torch_like(autograd_nb)

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args()
    print(_common.machine())
    found = cases()
    check_float32(found)
    times = _common.interleaved(found, args.repeats)
    _common.report(f"{N_OPS}-op chain over {N_ELEMENTS} elements, forward + backward: µs per op",
                   times, ["PyTorch", "lean numpy engine"], scale=1e6 / N_OPS, unit="µs/op")  # fmt: skip
    print("\ntarget: autograd_nb ≤ 0.75× PyTorch")


if __name__ == "__main__":
    main()
