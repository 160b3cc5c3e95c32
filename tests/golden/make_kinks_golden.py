"""Record PyTorch's gradients at the kinks of its ops into ``kinks.json``, the oracle for ``tests/test_kinks.py``.

Run it from the repository root with torch installed (``python tests/golden/make_kinks_golden.py``).

At a kink (relu at 0, a tie in a max, clamp at a bound, sqrt or a norm at 0) there is no derivative and
PyTorch's backward picks one value; ``autograd_nb``'s engine and the symbolic rules of ``autograd_nb.sym``
must pick the same. A case is an expression giving a scalar, over inputs with fixed values placed on the
kinks, evaluated with ``torch`` bound to PyTorch or to ``autograd_nb``. The file keeps, per case, the
inputs, the names of the grad_fn nodes and the gradient of every input.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

OUT = Path(__file__).with_name("kinks.json")

# (name, expression, inputs): every input is float32 and requires grad
CASES: list[tuple[str, str, dict[str, Any]]] = [
    ("relu_at_0", "torch.relu(x).sum()", {"x": [-1.0, 0.0, 1.0]}),
    ("abs_at_0", "x.abs().sum()", {"x": [-1.0, 0.0, 1.0]}),
    ("clamp_min_at_bound", "x.clamp(min=0).sum()", {"x": [-1.0, 0.0, 1.0]}),
    ("clamp_max_at_bound", "x.clamp(max=0).sum()", {"x": [-1.0, 0.0, 1.0]}),
    ("clamp_both_at_bounds", "x.clamp(min=-1, max=1).sum()", {"x": [-2.0, -1.0, 0.0, 1.0, 2.0]}),
    ("clamp_crossed_bounds", "x.clamp(min=1, max=-1).sum()", {"x": [-2.0, -1.0, 0.0, 1.0, 2.0]}),
    ("max_two_tied", "x.max()", {"x": [1.0, 3.0, 3.0]}),
    ("max_all_tied", "x.max()", {"x": [2.0, 2.0, 2.0, 2.0]}),
    ("min_three_tied", "x.min()", {"x": [1.0, 1.0, 1.0, 3.0]}),
    ("max_dim_tied", "x.max(dim=1)[0].sum()", {"x": [[1.0, 1.0], [2.0, 3.0]]}),
    ("min_dim_tied", "x.min(dim=0)[0].sum()", {"x": [[1.0, 2.0], [1.0, 0.0]]}),
    ("maximum_tie", "torch.maximum(x, y).sum()", {"x": [-1.0, 0.0, 1.0], "y": [0.0, 0.0, 0.0]}),
    ("minimum_tie", "torch.minimum(x, y).sum()", {"x": [-1.0, 0.0, 1.0], "y": [0.0, 0.0, 0.0]}),
    ("maximum_nested_tie", "torch.maximum(torch.maximum(x, y), z).sum()", {"x": [1.0], "y": [1.0], "z": [1.0]}),
    ("maximum_with_itself", "torch.maximum(x, x * 2).sum()", {"x": [-1.0, 0.0, 1.0]}),
    ("sign", "x.sign().sum()", {"x": [-2.0, 0.0, 3.0]}),
    ("sign_times_x", "(x.sign() * x).sum()", {"x": [-2.0, 0.0, 3.0]}),
    ("sqrt_at_0", "x.sqrt().sum()", {"x": [0.0, 1.0, 4.0]}),
    ("sqrt_at_0_negative_upstream", "(x.sqrt() * -2).sum()", {"x": [0.0, 4.0]}),
    ("norm_at_0", "x.norm()", {"x": [0.0, 0.0, 0.0]}),
    ("norm_p1_at_0", "x.norm(p=1)", {"x": [0.0, -1.0, 2.0]}),
    ("norm_p3_at_0", "x.norm(p=3)", {"x": [0.0, 0.0]}),
    ("norm_inf_tied", "x.norm(p=float('inf'))", {"x": [-2.0, 2.0, 1.0]}),
    ("norm_dim_one_row_at_0", "x.norm(dim=1).sum()", {"x": [[0.0, 0.0], [3.0, 4.0]]}),
]


def run(torch: Any, expr: str, inputs: dict[str, Any]) -> dict:
    """The gradients of the expression's value with respect to each input, as nested lists."""
    leaves = {name: torch.tensor(values, requires_grad=True) for name, values in inputs.items()}
    out = eval(expr, {"torch": torch}, dict(leaves))  # noqa: S307 - our own fixed expressions
    out.backward()
    return {
        "value": float(out.item()),
        "graph": sorted({node.name() for node in _nodes(out)}),  # without AccumulateGrad
        "grads": {name: leaf.grad.tolist() for name, leaf in leaves.items()},
    }


def _nodes(out: Any) -> list:
    found, seen, stack = [], set(), [out.grad_fn]
    while stack:
        node = stack.pop()
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        found.append(node)
        stack.extend(child for child, _ in node.next_functions)
    return [n for n in found if not n.name().endswith("AccumulateGrad")]


def main() -> None:
    import torch

    cases = [{"name": name, "expr": expr, "inputs": inputs, **run(torch, expr, inputs)} for name, expr, inputs in CASES]
    OUT.write_text(json.dumps({"torch": torch.__version__, "cases": cases}, indent=1) + "\n")
    print(f"wrote {len(cases)} cases to {OUT}")


if __name__ == "__main__":
    main()
