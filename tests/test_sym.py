"""autograd_nb.sym on the tutorials' own examples: exact formulas, values, checks and explanations."""

from __future__ import annotations

import numpy as np
import pytest
import sympy
from sympy import Matrix, Rational, Symbol, simplify

import autograd_nb as torch
from autograd_nb import sym
from autograd_nb.autograd.function import Function, Op
from autograd_nb.ops import registered_ops


def same(a, b) -> bool:
    """Exactly equal as mathematics: ``simplify(a - b) == 0`` element by element."""
    a, b = sympy.Matrix(a) if isinstance(a, list) else a, sympy.Matrix(b) if isinstance(b, list) else b
    return simplify(a - b) == (sympy.zeros(*a.shape) if isinstance(a, sympy.MatrixBase) else 0)


def symbols(*names: str) -> list[Symbol]:
    return [Symbol(n, real=True) for n in names]


# -- the seeds' formulas --------------------------------------------------------------------------


def test_mean_of_3_x_plus_2_squared():
    x = torch.ones(2, 2, requires_grad=True)
    y = x + 2
    z = y * y * 3
    out = z.mean()
    out.backward()  # frees the saved tensors: the replay must not need them

    d = sym.derive(out)
    x1, x2, x3, x4 = symbols("x_1_1", "x_1_2", "x_2_1", "x_2_2")  # a matrix's elements: one index per dimension
    assert same(d.expr, Rational(1, 4) * sum(3 * (xi + 2) ** 2 for xi in (x1, x2, x3, x4)))
    grad = d.gradient("x")
    assert grad.shape == (2, 2)
    for g, xi in zip(grad, (x1, x2, x3, x4)):
        assert same(g, Rational(3, 2) * (xi + 2))
    assert d.evaluate(grad).tolist() == [[4.5, 4.5], [4.5, 4.5]]
    report = sym.check(out)
    assert report.ok and report.max_abs_error == 0.0
    assert report["x"].source == ".grad"


def test_2_xT_x_gives_4x():
    x = torch.arange(4.0)
    x.requires_grad_(True)
    y = 2 * torch.dot(x, x)
    y.backward()
    d = sym.derive(y, x=x)
    xs = symbols("x_1", "x_2", "x_3", "x_4")
    assert same(d.expr, 2 * sum(xi**2 for xi in xs))
    assert same(d.gradient("x"), Matrix([4 * xi for xi in xs]))
    assert d.evaluate(d.gradient("x")).ravel().tolist() == [0.0, 4.0, 8.0, 12.0]
    assert sym.check(y, x=x).ok


def test_sum_gives_ones_and_sum_of_squares_gives_2x():
    x = torch.arange(4.0, requires_grad=True)
    assert same(sym.derive(x.sum(), x=x).gradient("x"), Matrix([1, 1, 1, 1]))
    d = sym.derive((x * x).sum(), x=x)
    assert same(d.gradient("x"), Matrix([2 * xi for xi in symbols("x_1", "x_2", "x_3", "x_4")]))


def test_mixed_second_partials():
    x1 = torch.tensor(3.0, requires_grad=True)
    x2 = torch.tensor(1.0, requires_grad=True)
    y = x1**2 + x2**2 + x1 * x2
    d = sym.derive(y)
    s1, s2 = symbols("x1", "x2")
    assert list(d.inputs) == ["x1", "x2"]
    assert same(d.gradient("x1"), 2 * s1 + s2) and same(d.gradient("x2"), 2 * s2 + s1)
    assert d.evaluate(d.gradient("x1")) == 7.0 and d.evaluate(d.gradient("x2")) == 5.0
    assert d.hessian("x1", "x2") == Matrix([[2, 1], [1, 2]])
    assert d.hessian() == Matrix([[2, 1], [1, 2]])

    # the engine's create_graph gradients are themselves graphs: check their own derivatives
    g1 = torch.autograd.grad(y, x1, retain_graph=True, create_graph=True)[0]
    report = sym.check(g1, x1=x1, x2=x2)
    assert report.ok
    assert [row.source for row in report.rows] == ["autograd.grad", "autograd.grad"]
    assert [float(row.analytic) for row in report.rows] == [2.0, 1.0]
    assert x1.grad is None and x2.grad is None  # check computed without touching .grad


def test_x_times_w_transposed():
    x = torch.tensor([[1.0, 2, 3], [4, 5, 6], [7, 8, 9]], requires_grad=True)
    w = torch.tensor([[1.0, 2, 3], [4, 5, 6]], requires_grad=True)
    y = torch.matmul(x, w.T)
    y.backward(gradient=torch.ones_like(y))

    d = sym.derive(y, x=x, w=w, index_style="matrix")
    X, W = d.symbols["x"], d.symbols["w"]
    assert same(d.expr, X * W.T)
    ones = np.ones((3, 2))
    grad_x = d.vjp(ones, "x")
    assert same(grad_x, Matrix(3, 3, lambda i, j: W[0, j] + W[1, j]))
    assert d.evaluate(grad_x).tolist() == [[5, 7, 9]] * 3
    assert d.jacobian("x").shape == (6, 9)
    assert d.jacobian("x", layout="denominator") == d.jacobian("x").T
    assert d.jacobian("x")[0, :] == Matrix([[W[0, 0], W[0, 1], W[0, 2], 0, 0, 0, 0, 0, 0]])
    report = sym.check(y, v=torch.ones_like(y))
    assert report.ok and [row.name for row in report.rows] == ["x", "w"]


def test_vjp_of_4x():
    x = torch.ones(3, requires_grad=True)
    y = x * 2
    z = y * 2
    v = torch.tensor([0.1, 1.0, 0.0001], dtype=torch.float)
    z.backward(gradient=v)
    d = sym.derive(z, x=x)
    assert d.vjp(v, "x") == Matrix([Rational(2, 5), 4, Rational(1, 2500)])  # exact: 0.1 -> 1/10
    assert d.jacobian("x") == 4 * sympy.eye(3)
    np.testing.assert_allclose(d.evaluate(d.vjp(v, "x")).ravel(), [0.4, 4, 0.0004])
    report = sym.check(z, v=v)
    assert report.ok and report.max_abs_error < 1e-7


def test_control_flow_gives_d_over_a():
    def f(a):
        b = a * 2
        while b.norm() < 1000:
            b = b * 2
        if b.sum() > 0:
            c = b
        else:
            c = 100 * b
        return c

    torch.manual_seed(0)
    for _ in range(3):
        a = torch.randn(size=(), requires_grad=True)
        d = f(a)
        d.backward()
        derivation = sym.derive(d, a=a)
        grad = derivation.gradient("a")
        assert grad.is_Integer  # the loop and the branch leave a constant factor: 2^k or 100·2^k
        assert same(derivation.expr, grad * Symbol("a", real=True))
        assert float(grad) == pytest.approx(float(d / a), rel=1e-6)
        assert sym.check(d).ok


def test_detached_factor_is_a_constant():
    x = torch.arange(4.0, requires_grad=True)
    y = x * x
    u = y.detach()
    z = u * x
    z.sum().backward()
    d = sym.derive(z.sum(), x=x)
    assert d.gradient("x") == Matrix([0, 1, 4, 9])
    xs = symbols("x_1", "x_2", "x_3", "x_4")
    assert same(d.expr, xs[1] + 4 * xs[2] + 9 * xs[3])
    assert sym.check(z.sum(), x=x).ok


# -- naming, shapes, numbers ------------------------------------------------------------------------


def test_names_come_from_keywords_then_caller_variables_then_letters():
    weight = torch.tensor([1.0, 2.0], requires_grad=True)
    out = (weight * torch.tensor([3.0, 4.0], requires_grad=True)).sum()
    d = sym.derive(out)
    assert list(d.inputs) == ["weight", "a"]
    w1, w2, a1, a2 = symbols("weight_1", "weight_2", "a_1", "a_2")
    assert d.expr == w1 * a1 + w2 * a2
    assert list(sym.derive(out, w=weight).inputs) == ["w", "a"]


def test_matrix_index_style_and_element_order():
    x = torch.ones(2, 3, requires_grad=True)
    d = sym.derive(x.sum(), x=x)
    assert [str(s) for s in d.symbols["x"]] == ["x_1_1", "x_1_2", "x_1_3", "x_2_1", "x_2_2", "x_2_3"]
    assert sym.derive(x.sum(), x=x, index_style="matrix").symbols == d.symbols
    d = sym.derive(x.sum(), x=x, index_style="vector")
    assert [str(s) for s in d.symbols["x"]] == [f"x_{k}" for k in range(1, 7)]
    assert sym.derive(x[0].sum()).symbols["x"] == sym.derive(x.sum(), x=x).symbols["x"]
    with pytest.raises(ValueError, match="index_style"):
        sym.derive(x.sum(), index_style="tensor")


def test_short_decimals_become_rationals():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    d = sym.derive((0.1 * x + 0.25).sum() / 3, x=x)
    x1, x2 = symbols("x_1", "x_2")
    assert d.expr == (x1 / 10 + x2 / 10 + Rational(1, 2)) / 3
    assert not d.expr.atoms(sympy.Float)


def test_tensor_outputs_and_gradient_needs_a_scalar():
    x = torch.ones(2, 2, requires_grad=True)
    d = sym.derive(x * x, x=x)
    assert isinstance(d.expr, sympy.MatrixBase) and d.expr.shape == (2, 2)
    assert d.evaluate().shape == (2, 2)
    with pytest.raises(RuntimeError, match="scalar output"):
        d.gradient("x")
    assert d.jacobian("x") == 2 * sympy.diag(*d.symbols["x"])
    batch = torch.ones(2, 2, 2, requires_grad=True)
    assert isinstance(sym.derive(batch * 2, b=batch).expr, sympy.NDimArray)


def test_derivative_with_respect_to_an_intermediate():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    y = x * 3
    out = (y * y).sum()
    d = sym.derive(out, y=y)
    y1, y2 = symbols("y_1", "y_2")
    assert same(d.expr, y1**2 + y2**2)
    assert same(d.gradient("y"), Matrix([2 * y1, 2 * y2]))


def test_replay_has_no_recursion_over_the_graph():
    x = torch.tensor(1.0, requires_grad=True)
    y = x
    for _ in range(3000):
        y = y + 1
    d = sym.derive(y, x=x)
    assert d.expr == Symbol("x", real=True) + 3000


# -- errors -------------------------------------------------------------------------------------------


def test_output_without_grad_is_a_clear_error():
    x = torch.ones(2)
    with pytest.raises(RuntimeError, match="does not require grad"):
        sym.derive(x * 2)
    y = torch.ones(2, requires_grad=True)
    with torch.no_grad():
        z = y * 2
    with pytest.raises(RuntimeError, match="no recorded graph"):
        sym.check(z)
    with pytest.raises(RuntimeError, match="c does not require grad"):
        sym.derive(y * 2, c=torch.ones(2))


def test_an_op_without_symbolic_rule_is_named():
    class Cube(Function):
        @staticmethod
        def forward(ctx, x):
            return x * x * x

        @staticmethod
        def backward(ctx, grad):
            raise AssertionError("not used")

    x = torch.tensor([2.0], requires_grad=True)
    with pytest.raises(NotImplementedError, match="no symbolic rule for CubeBackward"):
        sym.derive(Cube.apply(x).sum())

    Cube.symbolic = staticmethod(lambda ctx, x: x**3)  # a custom Function may bring its own rule
    assert sym.derive(Cube.apply(x).sum(), x=x).gradient("x") == Matrix([3 * Symbol("x_1", real=True) ** 2])


def test_check_needs_v_for_a_tensor_output_and_reports_a_freed_graph():
    x = torch.ones(3, requires_grad=True)
    y = x * 2
    with pytest.raises(RuntimeError, match="only for scalar outputs"):
        sym.check(y)
    out = (y * y).sum()
    torch.autograd.grad(out, x)  # frees the graph and leaves x.grad as None
    with pytest.raises(RuntimeError, match="freed"):
        sym.check(out)


@pytest.fixture
def buggy_square():
    """An op whose backward forgets the factor 2 (taken out of the registry again afterwards)."""

    class BuggySquare(Op):
        name = "BuggySquareBackward0"

        def forward(ctx, a):
            ctx.save_for_backward(a)
            return a * a

        def backward(ctx, grad):
            (a,) = ctx.saved_tensors
            return grad * a  # wrong: d(a²)/da = 2a

        def symbolic(ctx, a):
            return a * a

    yield BuggySquare
    BuggySquare.name = ""  # registered_ops() lists only named ops: the generic op tests must not see this one
    assert "BuggySquare" not in {op.__name__ for op in registered_ops()}


def test_check_catches_a_wrong_backward(buggy_square):
    x = torch.tensor([1.0, 2.0, 3.0], requires_grad=True)
    w = torch.tensor(0.5, requires_grad=True)
    out = (buggy_square.apply(x) * w).sum()
    out.backward()
    report = sym.check(out)
    assert not report.ok
    assert report["x"].ok is False and report["w"].ok is True
    np.testing.assert_allclose(report["x"].analytic, [1.0, 2.0, 3.0])  # 2·x·w
    np.testing.assert_allclose(report["x"].engine, [0.5, 1.0, 1.5])
    assert report.max_abs_error == pytest.approx(1.5)
    text = repr(report)
    assert "MISMATCH" in text and "✗" in text and "✓" in text
    assert "<table>" in report._repr_html_() and "✗" in report._repr_html_()


def test_gradients_accumulated_twice_do_not_pass():
    x = torch.tensor([1.0, 2.0], requires_grad=True)
    out = (x * x).sum()
    out.backward(retain_graph=True)
    out.backward()
    assert not sym.check(out).ok  # .grad holds 2·(2x): the check shows the accumulation


# -- display --------------------------------------------------------------------------------------------


def test_derivation_display():
    x = torch.ones(2, 2, requires_grad=True)
    out = (3 * (x + 2) ** 2).mean()
    d = sym.derive(out)
    text = repr(d)
    assert text.splitlines()[0] == "Derivation of out (scalar) with respect to x (2×2)"
    assert "∂out/∂x = [[3*(x_1_1 + 2)/2, 3*(x_1_2 + 2)/2], [3*(x_2_1 + 2)/2, 3*(x_2_2 + 2)/2]]" in text
    latex = d._repr_latex_()
    assert latex.startswith("$") and r"\frac{\partial out}{\partial x}" in latex
    assert r"\frac{3 \left(x_{1,1} + 2\right)}{2}" in latex


def test_check_report_text():
    x = torch.arange(4.0, requires_grad=True)
    y = 2 * torch.dot(x, x)
    y.backward()
    lines = repr(sym.check(y)).splitlines()
    assert lines[0].startswith("check of ∂y/∂input: all match")
    assert lines[2].split() == ["x", "[4*x_1,", "4*x_2,", "4*x_3,", "4*x_4]ᵀ", "[0,", "4,", "8,", "12]",
                                "[0,", "4,", "8,", "12]", "(.grad)", "0", "✓"]  # fmt: skip


# -- explain --------------------------------------------------------------------------------------------


def test_explain_the_seed_chain():
    x = torch.ones(2, 2, requires_grad=True)
    y = x + 2
    z = y * y * 3
    out = z.mean()
    e = sym.explain(out, x, 0)
    # z = y * y * 3 uses y twice: one path per arrow, each with the other factor as its local gradient
    assert len(e.paths) == 2
    for path in e.paths:
        assert [(str(s.upper), str(s.lower)) for s in path.steps] == [
            ("out", "z_1_1"), ("z_1_1", "y_1_1"), ("y_1_1", "x_1_1")]  # fmt: skip
        assert [s.local for s in path.steps] == [Rational(1, 4), 3 * Symbol("y_1_1", real=True), 1]
        assert [s.local_value for s in path.steps] == [0.25, 9.0, 1.0]
        assert [s.downstream for s in path.steps] == [0.25, 2.25, 2.25]
    assert e.value == 4.5 and e.agrees
    text = repr(e)
    assert text.splitlines()[0] == "∂out/∂x_1_1: 2 paths (x_1_1 is x[0, 0]; symbols count from 1)"
    assert "∂out/∂z_1_1 · ∂z_1_1/∂y_1_1 · ∂y_1_1/∂x_1_1 = 1/4 · 3*y_1_1 · 1 = 0.25 · 9 · 1 = 2.25" in text
    assert "at z_1_1: upstream 0.25 × local ∂z_1_1/∂y_1_1 = 3*y_1_1 = 9 → downstream 2.25" in text
    latex = e._repr_latex_()
    assert r"\frac{\partial z_{1,1}}{\partial y_{1,1}}" in latex
    assert r"x_{1,1}\text{ is x[0, 0]; symbols count from 1}" in latex


def test_explain_sums_the_paths_of_a_matmul_and_of_a_reused_tensor():
    x = torch.tensor([[1.0, 2, 3], [4, 5, 6], [7, 8, 9]], requires_grad=True)
    w = torch.tensor([[1.0, 2, 3], [4, 5, 6]], requires_grad=True)
    y = x @ w.T
    f = y.sum()
    e = sym.explain(f, x, (0, 0))
    assert [[str(s.lower) for s in p.steps] for p in e.paths] == [["y_1_1", "x_1_1"], ["y_1_2", "x_1_1"]]
    assert [p.value for p in e.paths] == [1.0, 4.0] and e.value == 5.0 and e.agrees

    t = torch.tensor([2.0, 3.0], requires_grad=True)
    s = t + 1
    g = (t * s).sum()  # t reaches g directly and through s
    e = sym.explain(g, "t", 1)
    assert sorted(len(p.steps) for p in e.paths) == [1, 2]
    assert e.value == pytest.approx(2 * 3.0 + 1) and e.agrees


def test_explain_needs_an_output_element_for_a_tensor_output():
    x = torch.ones(3, requires_grad=True)
    z = x * 4
    with pytest.raises(RuntimeError, match="output_index"):
        sym.explain(z, x, 0)
    assert sym.explain(z, x, 1, output_index=1).value == 4.0
    assert sym.explain(z, x, 1, output_index=0).paths == []


def test_fast_derivative_is_sympy_diff():
    from autograd_nb.sym.calculus import derivative

    x, y = symbols("x", "y")
    formulas = [
        3 * (x + 2) ** 2 / 4,
        x**y + sympy.exp(-x * y) / (1 + sympy.exp(-x)),
        sympy.log(sympy.Abs(x) + 1) * sympy.sin(x * y) ** 3,
        sympy.Max(x, y, 0) - sympy.Min(x**2, 2) + sympy.sqrt(x**2 + y**2),
        sympy.tanh(sympy.cos(x) * y) ** sympy.Rational(1, 3) + 2**x,
        sympy.Heaviside(x) * x + sympy.sign(y) * y,
    ]
    for f in formulas:
        for s in (x, y):
            assert simplify(derivative(f, s) - sympy.diff(f, s)) == 0, (f, s)
