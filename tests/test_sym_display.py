"""What sym shows: quick on big formulas, honest about what it left unsimplified, readable explanations.

The speed itself is measured in ``benchmarks/bench_sym.py``; here the behaviour that makes it fast is
checked: only small formulas are handed to ``sympy.factor``, big ones are shown as computed and say so.
"""

from __future__ import annotations

import re

import pytest
import sympy

import autograd_nb as torch
from autograd_nb import sym
from autograd_nb.sym import display


def two_layer(relu: bool):
    torch.manual_seed(0)
    X, Y = torch.randn(4, 3), torch.randn(4, 1)
    W1 = torch.randn(3, 5, requires_grad=True)
    W2 = torch.randn(5, 1, requires_grad=True)
    H = X @ W1
    loss = (((H.relu() if relu else H) @ W2 - Y) ** 2).mean()
    loss.backward()
    return loss, W1, W2


@pytest.fixture
def factored(monkeypatch):
    """The size (count_ops) of every formula handed to sympy.factor."""
    sizes = []
    real = sympy.factor

    def spy(expr, *args, **kwargs):
        sizes.append(sympy.count_ops(expr))
        return real(expr, *args, **kwargs)

    monkeypatch.setattr(sympy, "factor", spy)
    return sizes


@pytest.mark.parametrize("relu", [False, True])
def test_big_formulas_are_shown_as_computed_and_say_so(relu, factored):
    loss, W1, _ = two_layer(relu)
    report = sym.check(loss)
    shown = [repr(report), report._repr_html_(), repr(sym.derive(loss, W1=W1)), sym.derive(loss)._repr_latex_()]
    assert factored == [] or max(factored) <= display.SIMPLIFY_MAX_OPS
    for text in shown:
        assert "shown as computed, not simplified" in text
    assert "∂loss/∂W1 = [" in shown[2] and shown[2].splitlines()[2].endswith("*")


def test_small_formulas_are_still_simplified_without_a_note(factored):
    x = torch.ones(2, 2, requires_grad=True)
    out = (3 * (x + 2) ** 2).mean()
    out.backward()
    text = repr(sym.check(out))
    assert "3*(x_1_1 + 2)/2" in text and "not simplified" not in text
    assert all(size <= display.SIMPLIFY_MAX_OPS for size in factored)


def test_long_text_is_cut_without_printing_it_all():
    xs = sympy.symbols("x_1:2001", real=True)
    big = sympy.Add(*[x**2 * (i + 1) for i, x in enumerate(xs)])
    line = display.text_of(big)
    assert len(line) <= display.MAX_CHARS and line.endswith("…")
    assert display.latex_of(big) == r"\text{(a formula too long to show)}"


def test_numbers_have_one_style():
    # 1.304 is an exact short decimal (163/125), 0.1257… is not: both read as decimals at print precision
    assert display.text_of(sympy.Rational(163, 125) * sympy.Symbol("w") + sympy.Float(0.12571234)) == "1.304*w + 0.1257"
    assert display.text_of(sympy.Rational(1, 4) * sympy.Symbol("w")) == "w/4"
    assert display.latex_of(sympy.Rational(163, 125) * sympy.Symbol("W_1_2")) == "1.304 W_{1,2}"


def test_explanation_numbers_are_consistent():
    loss, W1, W2 = two_layer(False)
    text = repr(sym.explain(loss, W2, (0, 0)))
    assert not re.search(r"\d\.\d{6,}", text), text  # no 15-digit floats
    assert not re.search(r"\d+\*\w+/\d{3,}", text), text  # no 163*W2_1/125


def test_explain_puts_sums_in_parentheses():
    a = torch.tensor(2.0, requires_grad=True)
    b = torch.tensor(1.0, requires_grad=True)
    s = a + b
    q = s * s
    u = q * (a - b)
    e = sym.explain(u, a)
    text = repr(e)
    assert "= (a - b) · s · 1 = 1 · 3 · 1 = 3" in text
    assert r"\left(a - b\right) \cdot s \cdot 1" in e._repr_latex_()
    assert e.value == 15.0 and e.agrees


def test_explain_follows_each_edge_of_a_reused_tensor():
    y = torch.tensor([3.0], requires_grad=True)
    w = (y * y).sum()
    e = sym.explain(w, y, 0)
    assert len(e.paths) == 2  # viz draws two arrows from MulBackward0 to y: two paths
    assert [p.steps[-1].local for p in e.paths] == [sympy.Symbol("y_1", real=True)] * 2
    assert e.value == 6.0 and e.agrees
    assert repr(e).splitlines()[0] == "∂w/∂y_1: 2 paths (y_1 is y[0]; symbols count from 1)"


def test_explain_indices_are_tensor_indices():
    W = torch.ones(2, 3, requires_grad=True)
    Y = W * 2
    out = Y.sum()
    e = sym.explain(out, W, (1, 2))
    assert str(e.wrt) == "W_2_3" and "W_2_3 is W[1, 2]" in repr(e)
    assert sym.explain(out, W, (-1, -1)).wrt == e.wrt
    assert sym.explain(out, W, [1, 2]).wrt == e.wrt
    assert sym.explain(out, W, 5).wrt == e.wrt  # a single int counts in row-major order
    with pytest.raises(IndexError, match=r"index 2 is out of bounds for dimension 0 with size 2 \(W has shape \[2"):
        sym.explain(out, W, (2, 0))
    with pytest.raises(IndexError, match=r"too many indices for W"):
        sym.explain(out, W, (0, 0, 0))
    with pytest.raises(IndexError, match="out of bounds for the 6 elements of W"):
        sym.explain(out, W, 6)
    with pytest.raises(TypeError, match="integers"):
        sym.explain(out, W, (0.5, 1))


def test_the_plain_matrices_derive_returns_print_element_symbols_with_comma_indices() -> None:
    W = torch.tensor([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]], requires_grad=True)
    d = sym.derive((W * W).sum(), W=W)
    grad, jacobian = d.gradient("W"), d.jacobian("W")
    assert sympy.latex(grad) == (r"\left[\begin{matrix}2 W_{1,1} & 2 W_{1,2} & 2 W_{1,3}"
                                 r"\\2 W_{2,1} & 2 W_{2,2} & 2 W_{2,3}\end{matrix}\right]")  # fmt: skip
    assert str(grad) == "Matrix([[2*W_1_1, 2*W_1_2, 2*W_1_3], [2*W_2_1, 2*W_2_2, 2*W_2_3]])"
    assert "W_{2,3}" in grad._repr_latex_() and "W_{2,3}" in sympy.latex(jacobian)
    assert "W_{2 3}" not in sympy.latex(jacobian) and "W_{23}" not in sympy.latex(jacobian)
    x = torch.ones(2, 2, requires_grad=True)
    y = x * torch.tensor([[1.0, 2.0], [3.0, 4.0]])
    assert sympy.latex(sym.derive(y, x=x).vjp([[1, 0], [0, 1]], "x")) == (
        r"\left[\begin{matrix}1 & 0\\0 & 4\end{matrix}\right]")  # no symbol left: the vjp is numbers
    assert sympy.latex(sym.derive((y * x).sum(), x=x).vjp(1, "x")[1, 1]) == "8 x_{2,2}"


def test_element_symbols_stay_ordinary_symbols_for_sympy() -> None:
    import pickle

    x = torch.ones(2, 2, requires_grad=True)
    replays = [sym.derive((3 * (x + 2) ** 2).mean(), x=x) for _ in range(2)]
    assert replays[0].gradient("x") == replays[1].gradient("x")  # equal between replays
    x11, x12, x21, x22 = list(sympy.Matrix(replays[0].symbols["x"]))
    plain = sympy.Symbol("x_1_1", real=True)
    assert x11 == plain and plain == x11 and hash(x11) == hash(plain) and {plain: 1}[x11] == 1
    assert replays[0].gradient("x")[0, 0] == 3 * plain / 2 + 3  # a formula typed with plain symbols
    assert sympy.diff(replays[0].expr, x11) == sympy.Rational(3, 2) * x11 + 3
    assert str(x11 + plain) == "2*x_1_1"
    restored = pickle.loads(pickle.dumps(replays[0].gradient("x")))
    assert restored == replays[0].gradient("x") and sympy.latex(restored[1, 0]) == r"\frac{3 x_{2,1}}{2} + 3"
    f = sympy.lambdify([x11, x12, x21, x22], replays[0].gradient("x"))  # as the widgets compile formulas
    assert f(0.0, 1.0, 2.0, 3.0).tolist() == [[3.0, 4.5], [6.0, 7.5]]
    assert sympy.latex(sympy.Symbol("x_1_1")) == "x_{1 1}"  # SymPy's own, for contrast: why the subclass exists


def test_empty_tensors_check_derive_and_display() -> None:
    empty = torch.zeros(0, requires_grad=True)
    rows = torch.zeros(2, 0, requires_grad=True)
    for output, v in ((empty.logsumexp(0), None), ((rows * 2).sum(1), torch.ones(2)), (empty.exp(), torch.zeros(0))):
        result = sym.check(output, v=v)
        assert result.ok
        assert "  []  " in repr(result)  # formula, analytic values and engine gradient: each an empty list
        assert r"\left[\;\right]" in result._repr_html_()
    # over no elements the sum is 0: logsumexp is -inf, as the engine (and PyTorch) computes, not SymPy's zoo
    derivation = sym.derive(empty.logsumexp(0))
    assert "= -oo" in repr(derivation) and "zoo" not in repr(derivation)
    assert empty.logsumexp(0).item() == float("-inf")
    with pytest.raises(IndexError, match="out of bounds for dimension 0 with size 0"):
        sym.explain(empty.logsumexp(0), empty)
