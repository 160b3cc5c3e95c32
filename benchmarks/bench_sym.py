"""How long autograd_nb.sym takes on the tutorials' examples and on larger inputs.

Run: ``python benchmarks/bench_sym.py`` (add ``--baseline`` to time plain SymPy on the same problems).
Every figure is the best of a few runs, each starting with SymPy's cache cleared, on one thread.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import numpy as np
import sympy
from sympy.core.cache import clear_cache

import autograd_nb as torch
from autograd_nb import sym


def best_time(run: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        clear_cache()
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


# -- the seeds: derive and check ----------------------------------------------------------------------


def seed_mean():
    x = torch.ones(2, 2, requires_grad=True)
    out = (3 * (x + 2) ** 2).mean()
    out.backward()
    return out, None


def seed_dot():
    x = torch.arange(4.0, requires_grad=True)
    y = 2 * torch.dot(x, x)
    y.backward()
    return y, None


def seed_second_order():
    x1 = torch.tensor(3.0, requires_grad=True)
    x2 = torch.tensor(1.0, requires_grad=True)
    y = x1**2 + x2**2 + x1 * x2
    y.backward()
    return y, None


def seed_matmul():
    x = torch.tensor([[1.0, 2, 3], [4, 5, 6], [7, 8, 9]], requires_grad=True)
    w = torch.tensor([[1.0, 2, 3], [4, 5, 6]], requires_grad=True)
    y = torch.matmul(x, w.T)
    v = torch.ones_like(y)
    y.backward(v)
    return y, v


def seed_vjp():
    x = torch.ones(3, requires_grad=True)
    z = x * 2 * 2
    v = torch.tensor([0.1, 1.0, 0.0001])
    z.backward(v)
    return z, v


def seed_control_flow():
    torch.manual_seed(0)
    a = torch.randn(size=(), requires_grad=True)
    b = a * 2
    while b.norm() < 1000:
        b = b * 2
    c = b if b.sum() > 0 else 100 * b
    c.backward()
    return c, None


def seed_detach():
    x = torch.arange(4.0, requires_grad=True)
    u = (x * x).detach()
    z = (u * x).sum()
    z.backward()
    return z, None


SEEDS = [seed_mean, seed_dot, seed_second_order, seed_matmul, seed_vjp, seed_control_flow, seed_detach]


def derive_and_check(make: Callable) -> Callable[[], object]:
    output, v = make()

    def run():
        report = sym.check(output, v=v)
        assert report.ok
        return report

    return run


# -- larger inputs ---------------------------------------------------------------------------------------


def mean_gradient(n: int) -> Callable[[], object]:
    x = torch.ones(n, requires_grad=True, dtype=torch.float64)

    def run():
        return sym.derive((3 * (x + 2) ** 2).mean(), x=x).gradient("x")

    return run


def matmul_jacobian(size: int) -> Callable[[], object]:
    rng = np.random.default_rng(0)
    x = torch.tensor(rng.standard_normal((size, size)), requires_grad=True)
    w = torch.tensor(rng.standard_normal((size, size)), requires_grad=True)

    def run():
        d = sym.derive((x @ w.T).sum(), x=x, w=w)
        return d.jacobian("x"), d.jacobian("w")

    return run


# -- displays: what a learner sees must not take longer than what it shows ------------------------------


def two_layer_model(relu: bool):
    """The issue's model: X 4×3, W1 3×5, W2 5×1, squared-error loss (a relu between the layers or not)."""
    torch.manual_seed(0)
    X, Y = torch.randn(4, 3), torch.randn(4, 1)
    W1 = torch.randn(3, 5, requires_grad=True)
    W2 = torch.randn(5, 1, requires_grad=True)
    H = X @ W1
    loss = (((H.relu() if relu else H) @ W2 - Y) ** 2).mean()
    loss.backward()
    return loss, W1, W2


def display_times(relu: bool) -> list[tuple[str, float, float]]:
    """``(what, seconds computing, seconds displaying)`` for check, derive and explain, SymPy's cache cleared."""
    loss, W1, _ = two_layer_model(relu)
    rows = []

    def timed(run: Callable[[], object]) -> tuple[object, float]:
        start = time.perf_counter()
        result = run()
        return result, time.perf_counter() - start

    clear_cache()
    report, computing = timed(lambda: sym.check(loss))
    rows.append(("check: repr", computing, timed(lambda: repr(report))[1]))
    rows.append(("check: _repr_html_", computing, timed(report._repr_html_)[1]))
    clear_cache()
    derivation, computing = timed(lambda: sym.derive(loss, W1=W1))
    _, gradients = timed(lambda: [derivation.gradient(name) for name in derivation.inputs])
    rows.append(("derive: repr", computing + gradients, timed(lambda: repr(derivation))[1]))
    rows.append(("derive: _repr_latex_", computing + gradients, timed(derivation._repr_latex_)[1]))
    clear_cache()
    explanation, computing = timed(lambda: sym.explain(loss, W1, (1, 2)))
    rows.append(("explain: repr + latex", computing,
                 timed(lambda: (repr(explanation), explanation._repr_latex_()))[1]))  # fmt: skip
    return rows


# -- plain SymPy, for comparison --------------------------------------------------------------------------


def plain_mean_gradient(n: int) -> Callable[[], object]:
    def run():
        xs = sympy.symbols(f"x_1:{n + 1}", real=True)
        out = 0
        for xi in xs:  # pairwise sums, as a loop over elements builds them
            out = out + 3 * (xi + 2) ** 2
        out = out / n
        return [out.diff(xi) for xi in xs]

    return run


def plain_matmul_jacobian(size: int) -> Callable[[], object]:
    def run():
        X = sympy.Matrix(size, size, lambda i, j: sympy.Symbol(f"x_{i}{j}", real=True))
        W = sympy.Matrix(size, size, lambda i, j: sympy.Symbol(f"w_{i}{j}", real=True))
        out = sum(X * W.T)
        return sympy.Matrix([out]).jacobian(list(X) + list(W))

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--baseline", action="store_true", help="also time plain SymPy (slow: about half a minute)")
    args = parser.parse_args()

    print("seed examples: derive and check (target < 0.2 s each)")
    for make in SEEDS:
        print(f"  {make.__name__:<22} {best_time(derive_and_check(make)):7.3f} s")

    print("mean(3(x+2)^2): derive, then the gradient with respect to every element (target n=1024 < 1 s)")
    for n in (64, 256, 1024):
        line = f"  n = {n:<5} {best_time(mean_gradient(n)):7.3f} s"
        if args.baseline:
            line += f"   plain SymPy {best_time(plain_mean_gradient(n), repeat=1):7.3f} s"
        print(line)

    print("2-layer model (X 4x3, W1 3x5, W2 5x1): displaying a result (target < 0.5 s and < 2x computing it)")
    for relu in (False, True):
        for what, computing, showing in display_times(relu):
            label = f"{'with' if relu else 'no'} relu, {what}"
            print(f"  {label:<34} computing {computing:6.3f} s, display {showing:6.3f} s ({showing / computing:.2f}x)")

    print("seed examples: check, then its display (repr and HTML)")
    for make in SEEDS:
        output, v = make()
        clear_cache()
        start = time.perf_counter()
        report = sym.check(output, v=v)
        computing = time.perf_counter() - start
        start = time.perf_counter()
        repr(report), report._repr_html_()
        showing = time.perf_counter() - start
        ratio = showing / computing
        print(f"  {make.__name__:<22} computing {computing:6.3f} s, display {showing:6.3f} s ({ratio:.2f}x)")

    print("sum(X @ W.T), 8x8: derive, then the full Jacobian (target < 0.5 s)")
    line = f"  8x8       {best_time(matmul_jacobian(8)):7.3f} s"
    if args.baseline:
        line += f"   plain SymPy {best_time(plain_matmul_jacobian(8), repeat=1):7.3f} s"
    print(line)


if __name__ == "__main__":
    main()
