"""Record PyTorch's random numbers into ``random.json``, the oracle for ``tests/test_random.py``.

Run from the repository root with torch installed: ``python tests/golden/make_random_golden.py``.
Each case seeds the default generator, then evaluates its expressions in order (so that state carried
between calls, such as Box-Muller's cached second value, is part of the record). Sizes straddle 16,
where PyTorch switches from one normal pair per two draws to its vectorised blocks of 16.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import numpy as np

OUT = Path(__file__).with_name("random.json")

CASES: list[tuple[str, int, list[str]]] = [
    ("rand_small", 0, ["torch.rand(5)", "torch.rand(2, 3)"]),
    ("rand_large", 1, ["torch.rand(100)"]),
    ("rand_float64", 2, ["torch.rand(7, dtype=torch.float64)", "torch.rand(40, dtype=torch.float64)"]),
    ("randn_tutorial", 0, ["torch.randn(3)"]),
    ("randn_cached_pair", 0, ["torch.randn(3)", "torch.randn(1)", "torch.randn(2, 2)"]),
    ("randn_threshold", 3, ["torch.randn(15)", "torch.randn(16)", "torch.randn(17)"]),
    ("randn_large", 4, ["torch.randn(37)", "torch.randn(10, 20)"]),
    ("randn_float64", 5, ["torch.randn(5, dtype=torch.float64)", "torch.randn(40, dtype=torch.float64)"]),
    ("randn_seed_42", 42, ["torch.randn(2, 2)", "torch.randn(4, 8)"]),
    ("randn_big_seed", 2**40 + 3, ["torch.randn(20)"]),
    ("randint", 6, ["torch.randint(0, 10, (12,))", "torch.randint(5, (3, 2))", "torch.randint(-3, 3, (4,))"]),
    ("randint_wide", 7, ["torch.randint(0, 2**40, (5,))"]),
    ("randperm", 8, ["torch.randperm(10)", "torch.randperm(100)", "torch.randperm(1)"]),
    ("normal_inplace", 9, ["torch.zeros(5).normal_(2.0, 0.5)", "torch.zeros(33).normal_(-1.0, 3.0)",
                           "torch.zeros(20, dtype=torch.float64).normal_(0.5, 2.0)"]),
    ("normal_function", 10, ["torch.normal(2.0, 3.0, (20,))", "torch.normal(torch.zeros(3), torch.ones(3))"]),
    ("uniform_inplace", 11, ["torch.zeros(6).uniform_(-0.3, 0.3)", "torch.zeros(50).uniform_(-2, 5)",
                             "torch.zeros(9, dtype=torch.float64).uniform_(-1, 1)"]),
    ("bernoulli", 12, ["torch.bernoulli(torch.full((20,), 0.3))",
                       "torch.bernoulli(torch.full((5,), 0.7, dtype=torch.float64))",
                       "torch.zeros(20).bernoulli_(0.4)"]),
    ("non_contiguous", 14, ["torch.zeros(2, 20).t().normal_()", "torch.zeros(3, 8)[:, :5].normal_(1.0, 2.0)",
                            "torch.zeros(4, 5).t().uniform_(-1, 1)"]),
    ("normal_tensor_arguments", 15, ["torch.normal(torch.zeros(3), 2.0)", "torch.normal(1.0, torch.ones(20) * 3)",
                                     "torch.normal(torch.arange(4.0), torch.full((4,), 0.5))"]),
    ("keyword_forms", 16, ["torch.randint(10, size=(3,))", "torch.randint(low=2, high=5, size=(2,))",
                           "torch.rand(size=(2, 2))", "torch.randn(())", "torch.randperm(5, dtype=torch.float32)"]),
    ("dropout", 17, ["torch.nn.functional.dropout(torch.ones(20), 0.3)", "torch.nn.Dropout(0.5)(torch.ones(4, 8))",
                     "torch.nn.functional.dropout(torch.ones(3), 1.0)"]),
    ("linear_init", 7, ["torch.nn.Linear(5, 3).weight.detach()", "torch.nn.Linear(300, 20).bias.detach()"]),
    ("mixed_sequence", 13, ["torch.rand(3)", "torch.randn(2)", "torch.randint(0, 5, (3,))", "torch.randn(20)",
                            "torch.randn(1)"]),
]


def record(value: Any) -> dict:
    array = value.numpy()
    return {"dtype": str(array.dtype), "shape": list(array.shape), "values": array.reshape(-1).tolist()}


def run(torch: Any, seed: int, expressions: list[str]) -> list[dict]:
    torch.manual_seed(seed)
    return [record(eval(expression, {"torch": torch})) for expression in expressions]


def main() -> None:
    import torch

    cases = [{"name": name, "seed": seed, "expressions": exprs, "outputs": run(torch, seed, exprs)}
             for name, seed, exprs in CASES]  # fmt: skip
    OUT.write_text(json.dumps({"torch": torch.__version__, "cases": cases}, indent=1) + "\n")
    print(f"wrote {len(cases)} cases to {OUT}")


def as_array(output: dict) -> np.ndarray:
    return np.array(output["values"], dtype=output["dtype"]).reshape(output["shape"])


if __name__ == "__main__":
    main()
