"""How long autograd_nb.viz takes to draw and render 200-box graphs.

Run: ``python benchmarks/bench_viz.py``. Two graphs of about 200 boxes, each box with values and
gradients as in the notebooks:

* layers: 28 layers ``h = tanh(h @ w + b)``, each with its own weights, the shape of most graphs;
* shared: two leaves used by every one of ~100 ops, Graphviz's hard case (long labelled edges),
  drawn with the capped layout that ``autograd_nb.viz.dot`` switches to above 100 boxes.

Figures are medians over repeats, each with a fresh ``draw`` (walk + DOT text) and a fresh render
(the renderer program runs every time). Target: layers, draw + render to SVG under 0.5 s.
"""

from __future__ import annotations

import statistics
import time

import _common  # noqa: F401  (one thread; makes autograd_nb importable from a checkout)

import autograd_nb as torch
from autograd_nb import viz

TARGET_S = 0.5


def layers(boxes: int) -> dict:
    """An output and the names of its tensors; 7 boxes per layer."""
    torch.manual_seed(0)
    h = torch.randn(1, 3)
    names = {}
    for i in range((boxes - 2) // 7):
        names[f"w{i}"] = w = torch.randn(3, 3, requires_grad=True)
        names[f"b{i}"] = b = torch.randn(3, requires_grad=True)
        h = (h @ w + b).tanh()
    names["out"] = out = h.sum()
    out.backward()
    return names


def shared(boxes: int) -> dict:
    x = torch.tensor([0.1, -0.2, 0.3, 0.4], requires_grad=True)
    w = torch.tensor([0.5, 0.25, -0.5, 1.0], requires_grad=True)
    h = x
    for i in range((boxes - 6) * 2 // 3):  # three ops (and boxes) every two steps
        h = (h * w).tanh() if i % 2 else h + x
    out = h.sum()
    out.backward()
    return {"x": x, "w": w, "out": out}


def median_time(run, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    print(f"{_common.machine()}, renderer {viz.get_renderer()}")
    for make, repeats in ((layers, 7), (shared, 3)):
        names = make(200)
        view = viz.draw(names["out"], names)
        draw_s = median_time(lambda names=names: viz.draw(names["out"], names), repeats)
        total_s = median_time(lambda names=names: viz.draw(names["out"], names).svg(), repeats)
        verdict = f"  target < {TARGET_S:.1f} s: {'met' if total_s < TARGET_S else 'MISSED'}" if make is layers else ""
        print(f"{make.__name__:>7}: {len(view.nodes())} boxes, {len(view.edges())} arrows; "
              f"draw {draw_s * 1e3:.1f} ms, draw + render SVG {total_s * 1e3:.1f} ms{verdict}")  # fmt: skip


if __name__ == "__main__":
    main()
