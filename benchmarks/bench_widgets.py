"""How long one widget update takes: re-run the function, backward, SymPy formula and check, SVG.

Run: ``python benchmarks/bench_widgets.py``. For graphs of about 5 to 50 grad_fn nodes (a 4-element
input, so the explorer has a slider per element) it times ``Explorer.set`` — the path a slider takes —
with a new input value each time, and reports the median. It also times the parts of an update alone in
the same process (the engine: forward + backward; ``sym.check``; ``viz.draw(...).svg()``) and gives the
update as a ratio of the bare engine run. Above ``SYMPY_MAX_NODES`` nodes updates skip SymPy: the last
row shows such a graph; graphs over 12 nodes are drawn without values (see widgets/_graph.py).
Target: updates of graphs up to 50 nodes under 100 ms median.
"""

from __future__ import annotations

import statistics
import time

import _common  # noqa: F401  (one thread; makes autograd_nb importable from a checkout)

import autograd_nb as torch
from autograd_nb import sym, viz, widgets
from autograd_nb.autograd.engine import topological_order
from autograd_nb.widgets._base import SYMPY_MAX_NODES

TARGET_MS = 100.0
REPEATS = 15


def network(steps: int):
    """``fn(x, w)``: ``steps`` rounds of ``h = tanh(h * w + x)``-like ops, then a mean; 3 ops a round."""

    def fn(x, w):
        h = x
        for i in range(steps):
            h = h * w + x if i % 2 == 0 else (h - 0.5).tanh()
            if i % 2:
                h = h * 0.9
        return h.mean()

    return fn


def graph_nodes(fn, x, w) -> int:
    out = fn(torch.tensor(x, requires_grad=True), torch.tensor(w, requires_grad=True))
    return len(topological_order([out.grad_fn]))


def median_ms(run, repeats: int = REPEATS) -> float:
    times = []
    for k in range(repeats):
        start = time.perf_counter()
        run(k)
        times.append(time.perf_counter() - start)
    return 1000 * statistics.median(times)


def values(k: int) -> list[float]:
    return [0.1 + 0.01 * k, -0.2, 0.3, 0.4 - 0.01 * k]


def measure(steps: int) -> dict:
    fn = network(steps)
    w0 = [0.5, 0.25, -0.5, 1.0]
    start = time.perf_counter()
    ex = widgets.explore(fn, x=values(0), w=w0)
    first = 1000 * (time.perf_counter() - start)
    assert ex.error is None, ex.error

    def engine(k: int):
        x, w = torch.tensor(values(k), requires_grad=True), torch.tensor(w0, requires_grad=True)
        out = fn(x, w)
        out.backward()
        return out, x, w

    def check(k: int) -> None:
        out, x, w = engine(k)
        sym.check(out, x=x, w=w)

    def draw(k: int) -> None:
        out, x, w = engine(k)
        viz.draw(out, names={"x": x, "w": w, "out": out}).svg()

    update = median_ms(lambda k: ex.set(x=values(k + 1)))
    return {
        "nodes": graph_nodes(fn, values(0), w0),
        "update": update,
        "first": first,
        "engine": median_ms(engine),
        "sympy": median_ms(check),
        "svg": median_ms(draw),
        "ok": ex.result.ok,
    }


def main() -> None:
    print(f"widget update latency (median of {REPEATS}; SymPy skipped above {SYMPY_MAX_NODES} nodes)")
    print("update: Explorer.set with new values (formulas and drawing reused); first: the widget's first update;")
    print("engine: forward + backward alone; sym.check and viz.draw(...).svg() alone, as a first update needs them")
    print(f"{'nodes':>6} {'update ms':>10} {'first ms':>9} {'engine ms':>10} {'sym.check ms':>13} {'svg ms':>8} "
          f"{'update/engine':>14}  sympy")
    worst = None
    for steps in (1, 4, 6, 18, 60):
        r = measure(steps)
        sympy_note = "skipped" if r["ok"] is None else "checked"
        print(f"{r['nodes']:>6} {r['update']:>10.1f} {r['first']:>9.0f} {r['engine']:>10.2f} {r['sympy']:>13.1f} "
              f"{r['svg']:>8.1f} "
              f"{r['update'] / r['engine']:>14.0f}  {sympy_note}")  # fmt: skip
        if r["nodes"] <= 50 and (worst is None or r["update"] > worst["update"]):
            worst = r
    verdict = "met" if worst["update"] < TARGET_MS else "MISSED"
    print(f"target: updates up to 50 nodes under {TARGET_MS:.0f} ms: {verdict} "
          f"(slowest {worst['update']:.1f} ms, {worst['nodes']} nodes)")


if __name__ == "__main__":
    main()
