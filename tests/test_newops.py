"""What the generic tests of the op table do not reach: second derivatives (every op with a ``draw`` recipe in
``tests/op_cases.py``), in-place bookkeeping, views, warnings, and the ops PyTorch leaves without a derivative.

Values, grad_fn names, gradients and error messages against PyTorch are in ``test_ops_golden.py``; first
derivatives against finite differences in ``test_gradcheck.py``, against SymPy in ``test_sym_ops.py``.
"""

from __future__ import annotations

import doctest
import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from op_cases import CASES, Case, Draw
from test_gradcheck import EPS

import autograd_nb as torch
from autograd_nb import sym
from autograd_nb.ops import linalg

DRAWN = [c for c in CASES if c.draw]


def first_order(f, arrays: list[np.ndarray], v: np.ndarray, w: list[np.ndarray]) -> float:
    """``Σ_k w_k · ∂(v·f)/∂x_k`` at ``arrays``, without recording: the function whose gradient is the second order."""
    xs = [torch.tensor(a, requires_grad=True) for a in arrays]
    grads = torch.autograd.grad(f(*xs), xs, torch.tensor(v), allow_unused=True)
    return sum(float((g.numpy() * wk).sum()) for g, wk in zip(grads, w) if g is not None)


@pytest.mark.parametrize("case", DRAWN, ids=lambda c: c.id)
@settings(max_examples=4, deadline=None, derandomize=True)
@given(data=st.data())
def test_second_derivative_matches_finite_differences(case: Case, data: st.DataObject) -> None:
    """Backward is written with engine ops, so ``create_graph=True`` differentiates it once more."""
    f, arrays = case.draw(Draw(data))
    rng = np.random.default_rng(len(case.op))
    xs = [torch.tensor(a, requires_grad=True) for a in arrays]
    out = f(*xs)
    v = rng.uniform(-1, 1, size=out.shape)
    w = [rng.uniform(-1, 1, size=a.shape) for a in arrays]
    grads = torch.autograd.grad(out, xs, torch.tensor(v), create_graph=True, allow_unused=True)
    terms = [(g * torch.tensor(wk)).sum() for g, wk in zip(grads, w) if g is not None and g.requires_grad]
    second = torch.autograd.grad(sum(terms), xs, allow_unused=True) if terms else [None] * len(xs)
    for k, (a, g) in enumerate(zip(arrays, second)):
        numeric = np.zeros_like(a)
        for index in np.ndindex(a.shape):
            values = []
            for step in (EPS, -EPS):
                moved = [b.copy() for b in arrays]
                moved[k][index] += step
                values.append(first_order(f, moved, v, w))
            numeric[index] = (values[0] - values[1]) / (2 * EPS)
        analytic = np.zeros_like(a) if g is None else g.numpy()
        assert np.isfinite(analytic).all(), "a recipe that gives nan would compare nothing"
        np.testing.assert_allclose(analytic, numeric, rtol=1e-4, atol=1e-5, err_msg=f"input {k}")


@pytest.mark.parametrize("expr", ["x // 2", "7 // x", "torch.floor_divide(x, x)", "2.5 % x"])
def test_no_derivative_as_in_pytorch(expr: str) -> None:
    x = torch.tensor([1.5, 2.5], requires_grad=True)
    out = eval(expr, {"torch": torch, "x": x})
    assert out.requires_grad and out.grad_fn.name() == "torch::autograd::NotImplemented"
    assert repr(out).endswith("grad_fn=<NotImplemented>)")
    word = "remainder" if "%" in expr else "floor_divide"
    with pytest.raises(RuntimeError, match=f"^derivative for aten::{word} is not implemented$"):
        out.sum().backward()


UNARY_INPLACE = ["exp", "log", "sqrt", "sin", "cos", "tanh", "sigmoid", "relu", "abs", "neg", "reciprocal", "log1p",
                 "expm1", "log2", "exp2", "rsqrt", "tan", "atan", "sinh", "cosh", "asin", "acos", "square"]  # fmt: skip


@pytest.mark.parametrize("name", UNARY_INPLACE)
def test_inplace_form_writes_the_out_of_place_result(name: str) -> None:
    x = torch.tensor([0.2, 0.5, 0.7], requires_grad=True)
    expected = getattr(x, name)()
    y = x * 1
    data = y._data
    assert getattr(y, name + "_")() is y
    assert y._data is data and y._version == 1  # written into the same memory, version bumped
    np.testing.assert_allclose(y.detach().numpy(), expected.detach().numpy())
    assert y.grad_fn.name() == expected.grad_fn.name()
    (g_inplace,) = torch.autograd.grad(y.sum(), x)
    (g_expected,) = torch.autograd.grad(expected.sum(), x)
    np.testing.assert_allclose(g_inplace.numpy(), g_expected.numpy())


def test_inplace_on_leaf_is_refused_and_leaves_it_unchanged() -> None:
    x = torch.tensor([0.5, 1.0], requires_grad=True)
    with pytest.raises(RuntimeError, match="a leaf Variable that requires grad"):
        x.sqrt_()
    assert x.tolist() == [0.5, 1.0] and x._version == 0


@pytest.mark.parametrize("pieces", [
    lambda x: x.split(2), lambda x: x.split([1, 3], 1), lambda x: x.chunk(2, 1), lambda x: x.unbind(1),
])  # fmt: skip
def test_split_chunk_unbind_return_views(pieces) -> None:
    """PyTorch returns views of the input; so do these (for the view/storage model of _tensor.py)."""
    x = torch.arange(12.0).reshape(3, 4).requires_grad_()
    for piece in pieces(x):
        assert np.shares_memory(piece._data, x._data)


def test_unused_pieces_get_zero_gradient() -> None:
    x = torch.arange(6.0, requires_grad=True)
    a, b, c = x.chunk(3)
    (b * 2).sum().backward()
    assert x.grad.tolist() == [0.0, 0.0, 2.0, 2.0, 0.0, 0.0]


def test_masks_and_special_values_print_nothing() -> None:
    """numpy's RuntimeWarnings (divide by zero, invalid value) must not reach the learner, as in PyTorch."""
    z = torch.tensor([0.0, -1.0, 2.0])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert z.rsqrt().tolist()[0] == float("inf")
        assert z.log2().tolist()[0] == float("-inf")
        assert np.isnan(z.log1p().tolist()[1] * 0 + z.asin().tolist()[2])
        assert z.floor_divide(0.0).isinf().tolist() == [False, True, True]  # 0 // 0 is nan
        assert z.remainder(0.0).isnan().all()
        assert torch.tensor([float("-inf")] * 2).logsumexp(0).item() == float("-inf")


def test_special_value_predicates() -> None:
    x = torch.tensor([float("nan"), float("inf"), -float("inf"), 1.0], requires_grad=True)
    for name, expected in [("isnan", [1, 0, 0, 0]), ("isinf", [0, 1, 1, 0]), ("isfinite", [0, 0, 0, 1])]:
        out = getattr(torch, name)(x)
        assert out.dtype == torch.bool and out.grad_fn is None and not out.requires_grad
        assert out.tolist() == [bool(e) for e in expected]


@pytest.mark.parametrize("fn", ["var", "std"])
def test_no_degrees_of_freedom_warns_as_pytorch(fn: str) -> None:
    x = torch.tensor([1.5], requires_grad=True)
    with pytest.warns(UserWarning, match=rf"^{fn}\(\): degrees of freedom is <= 0"):
        out = getattr(x, fn)()
    assert np.isnan(out.item())


def test_variance_gradient_without_degrees_of_freedom_is_pytorchs() -> None:
    """2 / (N - correction) is 2 / 0 = inf; over all elements PyTorch gives nan where an element is the mean."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        x = torch.tensor([1.0, 2.0], requires_grad=True)
        x.var(correction=2).backward()  # no element is the mean 1.5
        y = torch.tensor([1.0, 2.0], requires_grad=True)
        y.var(0, correction=2).backward()  # inf * (y - 1.5)
        z = torch.tensor([3.0], requires_grad=True)
        z.var().backward()  # the one element is the mean
    assert x.grad.tolist() == [np.inf, np.inf]
    assert y.grad.tolist() == [-np.inf, np.inf]
    assert np.isnan(z.grad.item())


def test_prod_gradient_with_zeros() -> None:
    """The gradient of each factor is the product of the others, also where a factor is zero."""
    x = torch.tensor([[2.0, 0.0, 3.0], [0.0, 4.0, 0.0]], requires_grad=True)
    x.prod(1).sum().backward()
    assert x.grad.tolist() == [[0.0, 6.0, 0.0], [0.0, 0.0, 0.0]]
    y = torch.tensor([0.0, 5.0], requires_grad=True)
    (g,) = torch.autograd.grad(y.prod(), y, create_graph=True)
    assert g.tolist() == [5.0, 0.0]
    (h,) = torch.autograd.grad(g[0], y)  # d/dy of y[1]
    assert h.tolist() == [0.0, 1.0]


def test_einsum_common_subscripts_match_numpy() -> None:
    rng = np.random.default_rng(3)
    a, b, v = rng.normal(size=(3, 3)), rng.normal(size=(3, 4)), rng.normal(size=3)
    batch1, batch2 = rng.normal(size=(2, 3, 4)), rng.normal(size=(2, 4, 2))
    cases = [("ij,jk->ik", a, b), ("bij,bjk->bik", batch1, batch2), ("i,j->ij", v, v), ("ii->", a),
             ("ii->i", a), ("ij->j", b), ("ij->ji", b), ("i,ij,j->", v, a, v), ("ij,ij->", a, a),
             ("ij,jk", a, b), ("...ij,...jk->...ik", batch1, batch2),
             ("bii->b", rng.normal(size=(2, 3, 3)))]  # fmt: skip
    for equation, *arrays in cases:
        out = torch.einsum(equation, *[torch.tensor(x) for x in arrays])
        np.testing.assert_allclose(out.numpy(), np.einsum(equation, *arrays), err_msg=equation)


def test_docstring_examples() -> None:
    assert doctest.testmod(linalg).failed == 0


DOCUMENTED = ["floor_divide", "remainder", "nan_to_num", "logsumexp", "cumsum", "var", "outer", "split", "chunk",
              "unbind", "movedim", "gather", "scatter_add", "lerp", "addcmul"]  # fmt: skip


@pytest.mark.parametrize("library", ["autograd_nb", "torch"])
def test_method_examples_print_what_pytorch_prints(library: str) -> None:
    """The examples in the newops docstrings pass with autograd_nb, and unchanged with PyTorch itself."""
    module = torch if library == "autograd_nb" else pytest.importorskip("torch")
    globs = {"tensor": module.tensor, "arange": module.arange, "zeros": module.zeros, "ones": module.ones}
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    for name in DOCUMENTED:
        test = doctest.DocTestParser().get_doctest(getattr(torch.Tensor, name).__doc__, dict(globs), name, None, 0)
        assert test.examples, f"{name} has no example"
        runner.run(test)
    assert runner.summarize(verbose=False).failed == 0


KINKS = {
    "clamp_min at the bound": lambda x, y: x.clamp_min(1.0),
    "clamp_max at the bound": lambda x, y: torch.clamp_max(x, 1.0),
    "clamp_min tensor tie": lambda x, y: x.clamp_min(y),
    "clamp_max tensor tie": lambda x, y: x.clamp_max(y),
    "amax ties": lambda x, y: torch.stack([x, y]).amax(0),
    "amin ties over all": lambda x, y: (x * y).amin(),
}


@pytest.mark.parametrize("name", KINKS)
def test_symbolic_derivative_at_kinks_is_pytorchs(name: str) -> None:
    """At bounds and ties the SymPy rule differentiates to PyTorch's choice, so sym.check agrees with backward."""
    x = torch.tensor([1.0, 2.0, 0.5], requires_grad=True)
    y = torch.tensor([1.0, 2.0, 1.0], requires_grad=True)
    report = sym.check(KINKS[name](x, y).sum(), x=x, y=y)
    assert report.ok, report
