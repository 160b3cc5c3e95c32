"""The engine's two backward modes agree: bare numpy arrays (no create_graph) and Tensors (create_graph).

Every op's backward rule runs on arrays when nothing records the backward pass (see ``Op``); these
tests check that this changes no gradient, no dtype and no error.
"""

from __future__ import annotations

import numpy as np
import pytest

import autograd_nb as torch
from autograd_nb.autograd.graph import _FREED
from autograd_nb.ops.arithmetic import Mul


def _grads(make, create_graph: bool) -> list[np.ndarray]:
    leaves, out = make()
    grads = torch.autograd.grad(out, leaves, create_graph=create_graph)
    return [g.detach().numpy() for g in grads]


def _mixed_graph():
    # broadcasting (3,) against (2, 3), a float64 leaf meeting float32 ones, and the common elementwise ops
    a = torch.tensor([[0.5, 1.5, 2.0], [1.0, 0.25, 3.0]], requires_grad=True)
    b = torch.tensor([0.3, 0.7, 1.1], requires_grad=True)
    c = torch.tensor(0.6, dtype=torch.float64, requires_grad=True)
    y = (a * b + b / a - 2 * a + 1 - b) ** 2
    y = (-y.exp().log().sqrt()).tanh().sigmoid().relu() + a.reciprocal() * c
    return [a, b, c], y.sum()


def test_backward_on_arrays_matches_backward_on_tensors() -> None:
    on_arrays, on_tensors = _grads(_mixed_graph, False), _grads(_mixed_graph, True)
    for got, expected in zip(on_arrays, on_tensors):
        assert got.dtype == expected.dtype and got.shape == expected.shape
        np.testing.assert_allclose(got, expected, rtol=1e-6)


@pytest.mark.parametrize("create_graph", [False, True])
def test_backward_gets_arrays_or_tensors_as_op_docstring_says(create_graph: bool, monkeypatch) -> None:
    seen = []
    rule = Mul.backward

    def spy(ctx, grad):
        seen.append((type(grad).__name__, [type(v).__name__ for v in ctx.saved_tensors]))
        return rule(ctx, grad)

    monkeypatch.setattr(Mul, "backward", staticmethod(spy))
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    (x * x).sum().backward(create_graph=create_graph)
    kind = "Tensor" if create_graph else "ndarray"
    assert seen == [(kind, [kind, kind])]
    assert x.grad.tolist() == [2.0, 4.0] and x.grad.requires_grad == create_graph


def test_backward_accumulates_float_leaf_grads_of_their_own_dtype() -> None:
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    (x * 3).sum().backward()
    (x * x).sum().backward()
    assert x.grad.dtype == torch.float32
    assert x.grad.tolist() == [5.0, 7.0]


def test_backward_on_arrays_still_checks_versions_and_freed_graphs() -> None:
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = x.tanh()
    z = y * 2
    with torch.no_grad():
        y.add_(1)  # tanh saved its output, which is now modified
    with pytest.raises(RuntimeError, match="output 0 of Tanh, is at version 1; expected version 0"):
        z.sum().backward()  # PyTorch's message

    w = (x * x).sum()
    w.backward()
    with pytest.raises(RuntimeError) as error:
        w.backward()
    assert str(error.value) == _FREED


def test_hooks_and_retain_grad_see_tensors() -> None:
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = x * 2
    y.retain_grad()
    seen = []
    y.register_hook(lambda g: seen.append(type(g).__name__) or g * 10)
    (y * y).sum().backward()
    assert seen == ["Tensor"]
    assert y.grad.tolist() == [40.0, 80.0]
    assert x.grad.tolist() == [80.0, 160.0]


@pytest.mark.parametrize("create_graph", [False, True])
def test_function_returning_a_gradient_of_the_wrong_shape(create_graph: bool) -> None:
    class Double(torch.autograd.Function):
        @staticmethod
        def forward(ctx, x):
            return x * 2

        @staticmethod
        def backward(ctx, grad):
            return torch.ones(3)

    x = torch.ones(2, requires_grad=True)
    with pytest.raises(RuntimeError) as error:
        Double.apply(x).sum().backward(create_graph=create_graph)
    assert str(error.value) == (
        "Function DoubleBackward returned an invalid gradient at index 0 - got [3] but expected shape "
        "compatible with [2]"
    )  # PyTorch 2.13's message
