"""Every registered op: the derivative of its symbolic rule agrees with its backward at random points.

Each case builds a small computation whose graph contains the op, for several shapes (broadcasting
included). The engine's vector-Jacobian product (``autograd.grad`` with a random ``v``) is compared with
``vᵀJ`` from ``autograd_nb.sym``, whose derivatives (``calculus.derivative``) are checked against plain
``sympy.diff`` of the same replayed formulas.
"""

from __future__ import annotations

import numpy as np
import pytest
import sympy

import autograd_nb as torch
from autograd_nb import ops, sym
from autograd_nb.autograd.engine import topological_order
from autograd_nb.autograd.views import AsStridedScatter
from autograd_nb.ops import shape
from autograd_nb.ops.indexing import IndexGrad, SelectGrad, SliceGrad
from autograd_nb.sym.calculus import derivative


def _filled(a):
    b = a * 1.0
    b.fill_(2.5)
    return b + a


def _zeroed(a):
    b = a * 1.0
    b.zero_()
    return b + a * a


def _setitem(a, c):
    b = a * 2.0
    b[1] = c
    return b


def _view_in_place(a, c):
    b = a * 2.0
    view = b.t()
    view.mul_(c)
    return b * view.t()


def _index_put(a, c):
    b = a * 2.0
    b[[0, 2]] = c
    return b


def _copy(a, c):
    b = a * 2.0
    b.copy_(c)
    return b * a


# op class name -> cases: (input shapes, function, "positive" when the inputs must be > 0)
CASES: dict[str, list] = {
    "Abs": [([(2, 3)], lambda a: a.abs(), "")],
    "Addmm": [([(3,), (2, 4), (3, 4)], lambda b, x, w: torch.nn.functional.linear(x, w, b), "")],
    "MseLoss": [
        ([(2, 3), (2, 3)], lambda a, b: torch.nn.functional.mse_loss(a, b), ""),
        ([(3,), (3,)], lambda a, b: torch.nn.functional.mse_loss(a, b, reduction="none"), ""),
    ],
    "NllLoss": [
        ([(3, 4)], lambda a: torch.nn.functional.cross_entropy(a, torch.tensor([0, 3, 1])), ""),
        ([(2, 3)], lambda a: torch.nn.functional.nll_loss(a, torch.tensor([2, 0]), weight=torch.tensor([1.0, 2.0, 0.5]),
                                                          reduction="sum"), ""),
    ],
    "NllLoss2d": [([(2, 3, 2)], lambda a: torch.nn.functional.nll_loss(a, torch.tensor([[0, 2], [1, 1]])), "")],
    "BinaryCrossEntropy": [
        ([(2, 3), (2, 3)], lambda a, b: torch.nn.functional.binary_cross_entropy(a.sigmoid(), b.sigmoid()), ""),
    ],
    "BinaryCrossEntropyWithLogits": [
        ([(2, 3), (2, 3)], lambda a, b: torch.nn.functional.binary_cross_entropy_with_logits(a, b.sigmoid()), ""),
        ([(4,), (4,)], lambda a, b: torch.nn.functional.binary_cross_entropy_with_logits(
            a, b.sigmoid(), pos_weight=torch.tensor([1.0, 2.0, 0.5, 3.0]), reduction="sum"), ""),
    ],
    "Add": [
        ([(2, 3), (3,)], lambda a, b: a + b, ""),
        ([(2, 1), (1, 3)], lambda a, b: a.add(b, alpha=0.5), ""),
        ([(3,)], lambda a: a + 2, ""),
    ],
    "Bmm": [
        ([(2, 2, 3), (2, 3, 4)], lambda a, b: a @ b, ""),
        ([(2, 2, 3), (1, 3, 2)], lambda a, b: a @ b, ""),
    ],
    "Cat": [([(2, 3), (2, 1)], lambda a, b: torch.cat([a, b], dim=1), "")],
    "Clamp": [([(3, 3)], lambda a: a.clamp(-0.5, 0.5), ""), ([(4,)], lambda a: a.clamp(min=0.1), "")],
    "Clone": [([(2, 2)], lambda a: a.clone() * a, "")],
    "CopySlices": [([(3, 2), (2,)], _setitem, ""), ([(2, 3), (3, 1)], _view_in_place, "")],
    "AsStrided": [([(2, 3), (3, 1)], _view_in_place, "")],
    "AsStridedScatter": [([(2, 3), (2,)], lambda a, c: AsStridedScatter.apply(a, c, positions=np.array([4, 1])), "")],
    "DivMode": [([(2, 3), (3,)], lambda a, b: torch.div(a, b, rounding_mode=None), "positive")],
    "Sgn": [([(3,)], lambda a: a.sgn() * a, "")],
    "ReluGrad": [([(3,)], lambda a: torch.autograd.grad((a * a).relu().sum(), a, create_graph=True)[0], "")],
    "ClampTensor": [
        ([(2, 3), (3,)], lambda a, b: a.clamp(b, b + 1.0), ""),
        ([(3,), ()], lambda a, b: a.clamp(max=b), ""),
    ],
    "ReshapeAlias": [([(2, 3)], lambda a: a.t().reshape(3, 2, 1) * 2, "")],
    "Alias": [([(2, 3)], lambda a: a[...] * a, "")],
    "SqueezeDims": [([(1, 3, 1)], lambda a: a.squeeze((0, 2)) * 2, "")],
    "IndexPut": [([(3, 2), (2,)], _index_put, "")],
    "Copy": [([(2, 3), (3,)], _copy, "")],
    "MaskedFill": [
        ([(4,)], lambda a: a.masked_fill(a.detach() > 0, 0.5), ""),
        ([(2, 3), ()], lambda a, v: a.masked_fill(a.detach() > 0, v), ""),
    ],
    "Maximum": [([(2, 3), (3,)], lambda a, b: a.maximum(b), "")],
    "Minimum": [([(2, 3), (2, 1)], lambda a, b: torch.minimum(a, b), "")],
    "Cos": [([(4,)], lambda a: a.cos(), "")],
    "Div": [([(2, 3), (3,)], lambda a, b: a / b, "positive"), ([(3,)], lambda a: a / 4, "")],
    "Dot": [([(4,), (4,)], lambda a, b: a.dot(b), "")],
    "Exp": [([(2, 2)], lambda a: a.exp(), "")],
    "Expand": [([(3, 1)], lambda a: a.expand(3, 4) * 1.5, ""), ([(2,)], lambda a: a.expand(2, 2), "")],
    "Fill": [([(2, 2)], _filled, "")],
    "Index": [([(5,)], lambda a: a[[0, 2, 2]], ""), ([(2, 3)], lambda a: a[a.detach() > 0], "")],
    "IndexGrad": [([(3,)], lambda g: IndexGrad.apply(g, shape=(5,), key=(np.array([0, 4, 0]),)), "")],
    "Norm": [
        ([(2, 3)], lambda a: a.norm(), ""),
        ([(2, 3)], lambda a: a.norm(p=1, dim=1), ""),
        ([(3, 2)], lambda a: a.norm(p=3, dim=0, keepdim=True), ""),
        ([(4,)], lambda a: a.norm(p=float("inf")), ""),
    ],
    "Log": [([(3,)], lambda a: a.log(), "positive")],
    "LogSoftmax": [([(2, 3)], lambda a: a.log_softmax(dim=1), "")],
    "MaxDim": [([(2, 3)], lambda a: a.max(dim=1).values, ""), ([(3, 2)], lambda a: a.max(0, keepdim=True)[0], "")],
    "Max": [([(2, 3)], lambda a: a.max(), "")],
    "Mean": [([(2, 3)], lambda a: a.mean(), "")],
    "MeanDim": [([(2, 3)], lambda a: a.mean(dim=0, keepdim=True), ""), ([(2, 3, 2)], lambda a: a.mean((0, 2)), "")],
    "MinDim": [([(2, 3)], lambda a: a.min(dim=0).values, "")],
    "Min": [([(4,)], lambda a: a.min(), "")],
    "Mm": [([(2, 3), (3, 4)], lambda a, b: a.mm(b), ""), ([(3, 3), (2, 3)], lambda a, b: a @ b.T, "")],
    "Mul": [([(2, 3), (2, 1)], lambda a, b: a * b, ""), ([(3,)], lambda a: a * 0.1, "")],
    "Mv": [([(2, 3), (3,)], lambda a, b: a.mv(b), "")],
    "Neg": [([(3,)], lambda a: -a, "")],
    "Permute": [([(2, 3, 4)], lambda a: a.permute(2, 0, 1) * 2, "")],
    "PowScalar": [([(3,)], lambda a: a**3, ""), ([(2, 2)], lambda a: a**0.5, "positive")],
    "Pow": [([(2, 3), (3,)], lambda a, b: a**b, "positive")],
    "RPow": [([(3,)], lambda a: 2.0**a, "")],
    "Reciprocal": [([(3,)], lambda a: a.reciprocal(), "positive"), ([(3,)], lambda a: 2 / a, "positive")],
    "Relu": [([(2, 3)], lambda a: a.relu(), "")],
    "Rsub": [([(3,)], lambda a: 1 - a, "")],
    "Select": [([(3, 4)], lambda a: a[1], ""), ([(3, 4)], lambda a: a.select(1, -1), "")],
    "SelectGrad": [([(4,)], lambda g: SelectGrad.apply(g, shape=(3, 4), key=(1,)), "")],
    "Sigmoid": [([(2, 3)], lambda a: a.sigmoid(), "")],
    "Sign": [([(3,)], lambda a: a.sign() * a, "")],
    "Sin": [([(3,)], lambda a: a.sin(), "")],
    "Slice": [([(5,)], lambda a: a[1:4], ""), ([(2, 5)], lambda a: a[:, ::2], "")],
    "SliceGrad": [([(2,)], lambda g: SliceGrad.apply(g, shape=(5,), key=(slice(1, 4, 2),)), "")],
    "Softmax": [([(2, 3)], lambda a: a.softmax(dim=1), ""), ([(4,)], lambda a: a.softmax(0), "")],
    "Sqrt": [([(3,)], lambda a: a.sqrt(), "positive")],
    "Squeeze": [([(1, 3, 1)], lambda a: a.squeeze() * 2, "")],
    "SqueezeDim": [([(1, 3)], lambda a: a.squeeze(0) * 2, "")],
    "SqueezeMatmul": [([(3,), (3, 2)], lambda a, b: a @ b, "")],
    "Stack": [([(2,), (2,)], lambda a, b: torch.stack([a, b * 2], dim=1), "")],
    "Sub": [([(2, 3), (3,)], lambda a, b: a - b, ""), ([(3,), (3,)], lambda a, b: a.sub(b, alpha=2), "")],
    "Sum": [([(2, 3)], lambda a: (a * a).sum(), "")],
    "SumDim": [([(2, 3)], lambda a: a.sum(dim=1), ""), ([(2, 3, 2)], lambda a: a.sum((0, 2), keepdim=True), "")],
    "T": [([(2, 3)], lambda a: a.t() * 2, "")],
    "Tanh": [([(3,)], lambda a: a.tanh(), "")],
    "ToCopy": [([(3,)], lambda a: a.to(torch.float32) * 2, "")],
    "Transpose": [([(2, 3, 4)], lambda a: a.transpose(0, 2) * 2, "")],
    "UnsafeView": [([(2, 2, 3), (3, 2)], lambda a, b: a @ b, "")],
    "Unsqueeze": [([(3,)], lambda a: a.unsqueeze(1) * 2, "")],
    "View": [([(2, 3)], lambda a: a.view(6) * 2, ""), ([(2, 3)], lambda a: a.reshape(3, 2) * 2, "")],
    "Where": [
        ([(2, 3), (3,)], lambda a, b: torch.where(a.detach() > 0, a, b), ""),
    ],
    "Zero": [([(2, 2)], _zeroed, "")],
}


# == newops: cases for the ops of the newops blocks ==

# PyTorch records these without a derivative (backward raises), so there is nothing to compare
NO_DERIVATIVE = {"FloorDivide", "RRemainder"}
_index = torch.tensor([[0, 2], [1, 1]])
CASES.update({
    "Acos": [([(3,)], lambda a: (a * 0.4).acos(), "")],
    "Addcmul": [([(2, 3), (3,), (2, 1)], lambda a, b, c: torch.addcmul(a, b, c, value=0.5), "")],
    "Amax": [([(2, 3)], lambda a: a.amax(), ""), ([(2, 3, 2)], lambda a: a.amax((0, 2), keepdim=True), "")],
    "Amin": [([(2, 3)], lambda a: a.amin(1), "")],
    "Asin": [([(3,)], lambda a: (a * 0.4).asin(), "")],
    "Atan": [([(3,)], lambda a: a.atan(), "")],
    "ClampMax": [([(4,)], lambda a: a.clamp_max(0.5), "")],
    "ClampMaxTensor": [([(2, 3), (3,)], lambda a, b: a.clamp_max(b), "")],
    "ClampMin": [([(4,)], lambda a: a.clamp_min(-0.5), "")],
    "ClampMinTensor": [([(2, 3), (3,)], lambda a, b: torch.clamp_min(a, b), "")],
    "Cosh": [([(3,)], lambda a: a.cosh(), "")],
    "Cumsum": [([(2, 3)], lambda a: a.cumsum(1), ""), ([(3, 2)], lambda a: a.cumsum(0) * a, "")],
    "Diagonal": [([(3, 3)], lambda a: a.diagonal(), ""), ([(2, 3, 4)], lambda a: a.diagonal(1, 2, 0), "")],
    "DiagonalGrad": [([(2,)], lambda g: shape.DiagonalGrad.apply(g, shape=(2, 3), offset=1, dim1=0, dim2=1), "")],
    "Exp2": [([(3,)], lambda a: a.exp2(), "")],
    "Expm1": [([(3,)], lambda a: a.expm1(), "")],
    "Flip": [([(2, 3)], lambda a: a.flip(1) * a, "")],
    "Gather": [([(2, 3)], lambda a: a.gather(1, _index), "")],
    "IndexSelect": [([(3, 2)], lambda a: a.index_select(0, torch.tensor([2, 0, 2])), "")],
    "Lerp": [([(2, 3), (3,)], lambda a, b: a.lerp(b, 0.25), "")],
    "LerpTensor": [([(2, 3), (3,), (2, 1)], lambda a, b, w: torch.lerp(a, b, w), "")],
    "Log1p": [([(3,)], lambda a: a.log1p(), "positive")],
    "Log2": [([(3,)], lambda a: a.log2(), "positive")],
    "Logsumexp": [([(2, 3)], lambda a: a.logsumexp(1), ""), ([(2, 3)], lambda a: a.logsumexp((0, 1)), "")],
    "MaskedSelect": [([(2, 3)], lambda a: a.masked_select(a.detach() > 0), "")],
    "NanToNum": [([(4,)], lambda a: a.masked_fill(a.detach() > 0, float("inf")).nan_to_num(posinf=2.0), "")],
    "Prod": [([(2, 3)], lambda a: a.prod(), "")],
    "ProdDim": [([(2, 3)], lambda a: a.prod(1, keepdim=True), "")],
    "Remainder": [([(2, 3), (3,)], lambda a, b: a % b, "positive")],
    "RemainderScalar": [([(3,)], lambda a: a % 0.7, "")],
    "Repeat": [([(2, 1)], lambda a: a.repeat(2, 1, 3) * 1.5, "")],
    "Rsqrt": [([(3,)], lambda a: a.rsqrt(), "positive")],
    "ScatterAdd": [([(2, 3), (2, 2)], lambda a, s: a.scatter_add(1, _index, s), "")],
    "Sinh": [([(3,)], lambda a: a.sinh(), "")],
    "Split": [([(5, 2)], lambda a: a.split(2)[2] * a.split(2)[0][:1], "")],
    "SplitWithSizes": [([(2, 3)], lambda a: torch.cat(a.split([2, 1], 1)[::-1], 1), "")],
    "Std": [([(2, 3)], lambda a: a.std(), ""), ([(2, 3)], lambda a: a.std(1, unbiased=False), "")],
    "Tan": [([(3,)], lambda a: (a * 0.5).tan(), "")],
    "Tril": [([(3, 3)], lambda a: a.tril(), "")],
    "Triu": [([(2, 3, 4)], lambda a: a.triu(-1), "")],
    "Unbind": [([(3, 2)], lambda a: a.unbind(1)[1] * 2, "")],
    "Var": [([(2, 3)], lambda a: a.var(0), ""), ([(4,)], lambda a: a.var(correction=0), "")],
})  # fmt: skip

# == end newops ==


OPS = {op.__name__: op for op in ops.registered_ops()}


def test_every_registered_op_has_a_case():
    assert sorted(OPS) == sorted(set(CASES) | NO_DERIVATIVE)


def _random_inputs(shapes: list, positive: bool, rng: np.random.Generator) -> list:
    arrays = [rng.uniform(0.5, 2.0, s) if positive else rng.uniform(-2.0, 2.0, s) for s in shapes]
    # stay away from the kinks of abs, relu, clamp and max, where one-sided derivatives differ
    arrays = [np.where(np.abs(a) < 0.05, 0.3, a) for a in arrays]
    return [torch.tensor(a, dtype=torch.float64, requires_grad=True) for a in arrays]


@pytest.mark.parametrize(
    "name, k", [(name, k) for name, cases in CASES.items() for k in range(len(cases))]
)  # fmt: skip
def test_symbolic_rule_agrees_with_backward(name, k):
    shapes, fn, domain = CASES[name][k]
    rng = np.random.default_rng(1000 + 7 * k + sum(map(ord, name)))
    leaves = _random_inputs(shapes, domain == "positive", rng)
    out = fn(*leaves)
    assert any(getattr(node, "_op", None) is OPS[name] for node in topological_order([out.grad_fn]))

    v = rng.uniform(-1.0, 1.0, tuple(out.shape))
    engine = torch.autograd.grad(out, leaves, grad_outputs=torch.tensor(v, dtype=out.dtype), allow_unused=True)
    names = {f"t{i}": t for i, t in enumerate(leaves)}
    derivation = sym.derive(out, **names)
    np.testing.assert_allclose(derivation.evaluate(), out.detach().numpy(), rtol=1e-5, atol=1e-6)
    subs = derivation.substitutions()
    first = derivation._flat[0]
    for s in first.free_symbols:
        fast, plain = derivative(first, s).xreplace(subs), sympy.diff(first, s).xreplace(subs)
        assert complex(fast) == pytest.approx(complex(plain), rel=1e-12, abs=1e-12), f"∂/∂{s}"
    for (label, leaf), grad in zip(names.items(), engine):
        analytic = derivation.evaluate(derivation.vjp(v, label)).reshape(leaf.shape)
        expected = np.zeros(leaf.shape) if grad is None else grad.numpy()
        tolerance = 1e-5 if out.dtype == torch.float32 else 1e-9
        np.testing.assert_allclose(expected, analytic, rtol=tolerance, atol=tolerance, err_msg=f"{name} case {k}")
