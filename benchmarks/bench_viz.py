"""How long autograd_nb.viz takes to draw and render a 200-box graph.

Run: ``python benchmarks/bench_viz.py``. The graph mixes shared inputs (fan-in), two leaves and labelled
arrows: each box shows values and gradients, as in the notebooks. Figures are medians over repeats,
each with a fresh ``draw`` (walk + DOT text) and a fresh render (the renderer program runs every time).

Target: draw + render to SVG under 0.5 s with the default renderer (graphviz-pure).
"""

from __future__ import annotations

import statistics
import time

import _common  # noqa: F401  (one thread; makes autograd_nb importable from a checkout)

import autograd_nb as torch
from autograd_nb import viz

TARGET_S = 0.5


def graph_of(boxes: int) -> torch.Tensor:
    """A backward-ready output whose drawing has about ``boxes`` boxes."""
    x = torch.tensor([0.1, -0.2, 0.3, 0.4], requires_grad=True)
    w = torch.tensor([0.5, 0.25, -0.5, 1.0], requires_grad=True)
    h = x
    for i in range(boxes - 6):
        h = (h * w).tanh() if i % 2 else h + x
    out = h.sum()
    out.backward()
    return out


def time_it(run, repeats: int = 7) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    out = graph_of(200)
    names = {"out": out}
    draw_s, view = time_it(lambda: viz.draw(out, names))
    render_s, _ = time_it(lambda: viz.draw(out, names).svg())
    boxes = len(view.nodes())
    print(f"{_common.machine()}, renderer {viz.get_renderer()}")
    print(f"graph: {boxes} boxes, {len(view.edges())} arrows, DOT {len(view.source) / 1e3:.1f} kB")
    print(f"  draw (walk + DOT text)   {draw_s * 1e3:8.1f} ms")
    print(f"  draw + render to SVG     {render_s * 1e3:8.1f} ms   target < {TARGET_S * 1e3:.0f} ms: "
          f"{'met' if render_s < TARGET_S else 'MISSED'}")  # fmt: skip


if __name__ == "__main__":
    main()
