"""Record what PyTorch computes for the widget tests into ``widgets.json`` (the oracle of tests/test_widgets.py).

Run from the repository root with torch installed: ``python tests/golden/make_widgets_golden.py``.

* ``mean``: the 27 → 4.5 example, ``mean(3 * (x + 2) ** 2)``, its value and ``x.grad`` at several inputs;
* ``vjp``: the doubling loop (``y = x * 2`` until ``y.norm() >= 1000``) at a fixed x, its Jacobian and
  ``x.grad`` after ``y.backward(v)`` with v = [0.1, 1.0, 0.0001];
* ``steps``: for each stepper graph, every grad_fn node PyTorch runs, in its order, with the gradient it
  received (upstream) and the ones it sent to each input (downstream), caught with node hooks, and the
  leaves' ``.grad``.
"""

from __future__ import annotations

import json
from pathlib import Path

import torch

OUT = Path(__file__).with_name("widgets.json")

MEAN_INPUTS = [[[1.0, 1.0], [1.0, 1.0]], [[0.0, 1.0], [2.0, 3.0]], [[-2.0, 0.5], [-1.5, 4.0]]]
VJP_X = [0.25, -0.5, 1.5]
VJP_V = [0.1, 1.0, 0.0001]

# graph name -> (source creating leaves and `out`); the same text runs under autograd_nb in the tests
STEP_GRAPHS = {
    "mean": "x = torch.ones(2, 2, requires_grad=True)\ny = x + 2\nz = y * y * 3\nout = z.mean()",
    "shared": "a = torch.tensor([1.0, -2.0, 0.5], requires_grad=True)\nb = a * a\nout = (b * a).sum()",
    "broadcast": (
        "w = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], requires_grad=True)\n"
        "b = torch.tensor([0.5, -1.0, 2.0], requires_grad=True)\nout = ((w + b) * (w - 1)).sum()"
    ),
    "matmul": (
        "A = torch.tensor([[1.0, 2.0], [3.0, 4.0]], requires_grad=True)\n"
        "u = torch.tensor([1.0, -1.0], requires_grad=True)\nout = (A @ u).exp().sum()"
    ),
    # two branches from one node: PyTorch runs the one created last first (a depth-first walk would not)
    "branches": (
        "x = torch.tensor([1.0, 2.0], requires_grad=True)\nw = torch.tensor([0.5, -1.0], requires_grad=True)\n"
        "a = x * w\nc = a * x\nout = (a.tanh() + c).sum()"
    ),
}


def mean_cases() -> list:
    cases = []
    for value in MEAN_INPUTS:
        x = torch.tensor(value, requires_grad=True)
        out = (3 * (x + 2) ** 2).mean()
        out.backward()
        cases.append({"x": value, "out": out.item(), "grad": x.grad.tolist()})
    return cases


def grow(x: torch.Tensor) -> torch.Tensor:
    y = x * 2
    while y.norm() < 1000:
        y = y * 2
    return y


def vjp_case() -> dict:
    x = torch.tensor(VJP_X, requires_grad=True)
    y = grow(x)
    y.backward(torch.tensor(VJP_V))
    J = torch.autograd.functional.jacobian(grow, torch.tensor(VJP_X))
    return {"x": VJP_X, "v": VJP_V, "jacobian": J.tolist(), "grad": x.grad.tolist(), "y": y.tolist()}


def steps_case(source: str) -> dict:
    scope: dict = {"torch": torch}
    exec(source, scope)
    out = scope["out"]
    seen: list = []

    def hook_for(node):  # noqa: ANN001, ANN202
        def hook(grad_inputs, grad_outputs):  # noqa: ANN001, ANN202
            seen.append({
                "node": node.name(),
                "upstream": grad_outputs[0].tolist(),
                "downstream": [None if g is None else g.tolist() for g in grad_inputs],
            })  # fmt: skip
        return hook

    stack, visited = [out.grad_fn], set()
    while stack:
        node = stack.pop()
        if node is None or node in visited:
            continue
        visited.add(node)
        if node.name() != "torch::autograd::AccumulateGrad":
            node.register_hook(hook_for(node))
        stack.extend(child for child, _ in node.next_functions)
    out.backward()
    leaves = {name: t.grad.tolist() for name, t in scope.items() if isinstance(t, torch.Tensor) and t.is_leaf}
    return {"source": source, "nodes": seen, "grads": leaves}


def main() -> None:
    golden = {
        "torch": torch.__version__,
        "mean": mean_cases(),
        "vjp": vjp_case(),
        "steps": {name: steps_case(source) for name, source in STEP_GRAPHS.items()},
    }
    OUT.write_text(json.dumps(golden, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
