"""Every op case of ``tests/op_cases.py``: the derivative of the symbolic rules agrees with backward.

At each row's inputs (floats drawn in float64), the engine's vector-Jacobian product (``autograd.grad`` with a
random ``v``) is compared with ``vᵀJ`` from ``autograd_nb.sym``, whose derivatives (``calculus.derivative``)
are checked against plain ``sympy.diff`` of the same replayed formulas.
"""

from __future__ import annotations

import zlib

import numpy as np
import pytest
import sympy
from op_cases import CASES, NO_DERIVATIVE, OPS, Case, evaluate, float64_inputs, graph_ops

import autograd_nb as torch
from autograd_nb import sym
from autograd_nb.sym.calculus import derivative

CHECKED = [c for c in CASES if c.differentiable and not c.no_sym]


def test_every_op_has_a_case() -> None:
    unchecked = set(OPS) - {c.op for c in CHECKED}
    assert {c.no_sym for c in CASES if c.op in unchecked} == {NO_DERIVATIVE}, f"no SymPy check for {unchecked}"


@pytest.mark.parametrize("case", CHECKED, ids=lambda c: c.id)
def test_symbolic_rule_agrees_with_backward(case: Case) -> None:
    rng = np.random.default_rng(zlib.crc32(case.name.encode()))
    arrays = float64_inputs(case, rng)
    leaves = {n: torch.tensor(a, requires_grad=case.inputs[n]["requires_grad"]) for n, a in arrays.items()}
    out = evaluate(torch, case, leaves)
    out = out[0] if isinstance(out, tuple) else out
    assert case.op in graph_ops(out)

    wrt = {n: t for n, t in leaves.items() if t.requires_grad}
    v = rng.uniform(-1.0, 1.0, tuple(out.shape))
    engine = torch.autograd.grad(out, list(wrt.values()), torch.tensor(v, dtype=out.dtype), allow_unused=True)
    derivation = sym.derive(out, **wrt)
    np.testing.assert_allclose(derivation.evaluate(), out.detach().numpy(), rtol=1e-5, atol=1e-6)
    subs = derivation.substitutions()
    for first in derivation._flat[:1]:  # none when the output is empty
        for s in first.free_symbols:
            fast, plain = derivative(first, s).xreplace(subs), sympy.diff(first, s).xreplace(subs)
            assert complex(fast) == pytest.approx(complex(plain), rel=1e-12, abs=1e-12), f"∂/∂{s}"
    tolerance = 1e-5 if out.dtype == torch.float32 else 1e-9
    for (label, leaf), grad in zip(wrt.items(), engine):
        analytic = derivation.evaluate(derivation.vjp(v, label)).reshape(leaf.shape)
        expected = np.zeros(leaf.shape) if grad is None else grad.numpy()
        np.testing.assert_allclose(expected, analytic, rtol=tolerance, atol=tolerance, err_msg=label)
