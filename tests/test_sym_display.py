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
