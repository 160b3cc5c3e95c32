"""Every op case of ``tests/op_cases.py``: backward against central finite differences, in float64.

Each row is checked at its own inputs (floats drawn in float64 from the row's ranges), and rows with a
``draw`` recipe also on shapes and arguments drawn by hypothesis (broadcasting ones where the op broadcasts).
A registered op without a row fails ``test_every_op_has_a_case``.
"""

from __future__ import annotations

import zlib
from collections.abc import Callable

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from op_cases import CASES, NO_DERIVATIVE, OPS, Case, Draw, evaluate, float64_inputs, graph_ops

import autograd_nb as torch

EPS = 1e-6


def numerical_vjp(f: Callable, arrays: list[np.ndarray], v: np.ndarray, k: int) -> np.ndarray:
    """d(sum(f(inputs) * v)) / d(input k), by central differences."""
    out = np.zeros_like(arrays[k])
    for index in np.ndindex(arrays[k].shape):
        total = []
        for step in (EPS, -EPS):
            moved = [a.copy() for a in arrays]
            moved[k][index] += step
            with torch.no_grad():
                total.append(float((f(*[torch.tensor(a) for a in moved]).numpy() * v).sum()))
        out[index] = (total[0] - total[1]) / (2 * EPS)
    return out


def check(op: str, f: Callable, arrays: list[np.ndarray], seed: int) -> None:
    xs = [torch.tensor(a, requires_grad=True) for a in arrays]
    out = f(*xs)
    assert op in graph_ops(out), f"{op} was not used"
    v = np.random.default_rng(seed).uniform(-1, 1, size=out.shape)
    grads = torch.autograd.grad(out, xs, torch.tensor(v, dtype=out.dtype), allow_unused=True)
    for k, (x, g) in enumerate(zip(xs, grads)):
        analytic = np.zeros(x.shape) if g is None else g.numpy()
        assert analytic.shape == arrays[k].shape
        assert np.isfinite(analytic).all(), "a case that gives nan or inf compares nothing"
        np.testing.assert_allclose(analytic, numerical_vjp(f, arrays, v, k), rtol=1e-5, atol=1e-6)


def as_function(case: Case, arrays: dict[str, np.ndarray]) -> tuple[Callable, list[np.ndarray]]:
    """The case as a function of its inputs that require grad (the others are fixed), and their values."""
    wrt = [n for n, s in case.inputs.items() if s["requires_grad"] and s["dtype"].startswith("float")]
    fixed = {n: torch.tensor(a) for n, a in arrays.items() if n not in wrt}

    def f(*xs: torch.Tensor) -> torch.Tensor:
        out = evaluate(torch, case, {**fixed, **dict(zip(wrt, xs))})
        return out[0] if isinstance(out, tuple) else out

    return f, [arrays[n] for n in wrt]


CHECKED = [c for c in CASES if c.differentiable and not c.no_gradcheck]


def test_every_op_has_a_case() -> None:
    assert set(OPS) - {c.op for c in CASES} == set(), "add a row to tests/op_cases.py for each new op"
    assert {c.op for c in CASES} - set(OPS) == {None}, "rows for ops that no longer exist"
    drawn = {c.op for c in CASES if c.draw}
    unchecked = set(OPS) - drawn - {c.op for c in CHECKED}
    assert {c.no_gradcheck for c in CASES if c.op in unchecked} == {NO_DERIVATIVE}, f"no gradcheck for {unchecked}"
    assert {c.op for c in CHECKED} - drawn == set(), "a draw recipe for each op"


@pytest.mark.parametrize("case", CHECKED, ids=lambda c: c.id)
def test_gradient_matches_finite_differences(case: Case) -> None:
    f, arrays = as_function(case, float64_inputs(case, np.random.default_rng(zlib.crc32(case.name.encode()))))
    check(case.op, f, arrays, seed=len(case.name))


@pytest.mark.parametrize("case", [c for c in CASES if c.draw], ids=lambda c: c.id)
@settings(max_examples=12, deadline=None, derandomize=True)
@given(data=st.data())
def test_gradient_matches_finite_differences_on_drawn_shapes(case: Case, data: st.DataObject) -> None:
    f, arrays = case.draw(Draw(data))
    check(case.op, f, arrays, seed=len(case.op))
