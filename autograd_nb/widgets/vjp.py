"""``vjp``: the Jacobian of a vector function, a vector v with its controls, the product vᵀJ, and the
``.grad`` that ``y.backward(v)`` leaves, side by side."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import ipywidgets as w
import numpy as np

from .._creation import tensor
from ..autograd.functional import jacobian
from ..sym.display import latex_name
from ._base import SYMPY_MAX_NODES, WidgetBase, check_gradients, function_inputs, graph_size, pre, run_learner_function
from ._graph import GraphCache
from ._symbolic import CACHE_SIZE, JacobianFormula, structure_key
from ._values import starting_array


@dataclass
class VJPResult:
    """One successful update. ``jacobian`` is M×N (numerator layout: output elements × input elements)."""

    output: np.ndarray
    jacobian: np.ndarray
    v: np.ndarray
    vjp: np.ndarray  # vᵀJ, shaped like the input
    grad: np.ndarray  # x.grad after y.backward(v)
    agree: bool
    analytic_jacobian: np.ndarray | None  # from SymPy; None when skipped


class VJPExplorer(WidgetBase):
    """The widget ``vjp`` returns; see there."""

    def __init__(self, fn: Callable, v: Any, inputs: dict[str, Any]) -> None:
        if len(inputs) != 1:
            raise TypeError(f"vjp() takes exactly one input by name (e.g. x=[1.0, 2.0]), got {len(inputs)}")
        (self._name, start), = inputs.items()
        if self._name == "v":
            raise TypeError("'v' names the vector of vᵀJ; give the function's input another name")
        super().__init__({self._name: starting_array(self._name, start)})
        self.fn = fn
        self._title = f"vjp({getattr(fn, '__name__', 'fn')})"
        self._given_v = None if v is None else starting_array("v", v)
        self._formulas: dict[tuple, JacobianFormula] = {}
        self._graphs = GraphCache()
        self._maths, self._graph = w.HTMLMath(), w.HTML()
        self._panes = [self._maths, self._graph]
        self._maths.add_class("agnb-maths")
        self.add_class("agnb-vjp")
        self._add_controls(self._name, self._values[self._name])
        self.children = (self._controls_box, self._error_pane, *self._panes)
        self._update({})

    def _compute(self, values: dict[str, np.ndarray]) -> tuple[VJPResult, list[str]]:
        name = self._name
        x = tensor(values[name], requires_grad=True)
        y = run_learner_function(self.fn, {name: x})
        v = self._v_for(y, values) if "v" in values or y._data.size > 1 or self._given_v is not None else None
        if v is None:  # a scalar output: v = 1
            v = values["v"] = np.ones(y.shape, dtype=y._data.dtype)
        y.backward(tensor(v, dtype=y.dtype))
        grad = check_gradients({name: x})[name]

        J = jacobian(lambda t: self.fn(**{name: t}), tensor(values[name]))._data.reshape(y._data.size, x._data.size)
        product = (v.reshape(-1).astype(np.float64) @ J.astype(np.float64)).reshape(x.shape)
        agree = bool(np.allclose(product, grad, rtol=1e-5, atol=1e-6))

        analytic, formula = None, ""
        size, key = graph_size(y), structure_key(y, {name: x})
        if size <= SYMPY_MAX_NODES:
            if key not in self._formulas:
                self._formulas.clear() if len(self._formulas) >= CACHE_SIZE else None
                self._formulas[key] = JacobianFormula(y, name, x)
            symbolic = self._formulas[key]
            analytic = symbolic.evaluate(x)
            formula = (rf"<p>SymPy: $J = {symbolic.latex}$, which at these inputs is "
                       rf"${_matrix(analytic)}$</p>")  # fmt: skip
        result = VJPResult(np.array(y._data), J, v, product, grad, agree, analytic)
        return result, [self._html(result, formula), self._graphs.html(y, {name: x}, key, size)]

    def _html(self, r: VJPResult, formula: str) -> str:
        x = latex_name(self._name)
        verdict = ("<span style='color:green'>✓ vᵀJ and .grad agree</span>" if r.agree
                   else "<span style='color:red'>✗ vᵀJ and .grad differ</span>")  # fmt: skip
        return (
            rf"<p>$J = \frac{{\partial y}}{{\partial {x}}}$ in numerator layout (row i: output element i, "
            rf"column j: input element j), from <code>autograd.functional.jacobian</code>: "
            rf"$J = {_matrix(r.jacobian)}$</p>"
            + formula
            + rf"<p>$v^\top = {_matrix(r.v.reshape(1, -1))}$, so $v^\top J = {_matrix(r.vjp.reshape(1, -1))}$</p>"
            + f"<p><code>y.backward(v)</code> leaves</p>{pre(f'>>> {self._name}.grad')}{pre(_torch_repr(r.grad))}"
            + f"<p>{verdict}</p>"
        )


def _torch_repr(array: np.ndarray) -> str:
    return repr(tensor(array, dtype=None))


def _matrix(array: np.ndarray) -> str:
    """A LaTeX matrix of numbers (4 significant digits)."""
    array = np.atleast_2d(array)
    rows = [" & ".join(f"{float(x):.4g}" for x in row) for row in array]
    return r"\begin{bmatrix}" + r" \\ ".join(rows) + r"\end{bmatrix}"


def vjp(fn: Callable, /, *, v: Any = None, **inputs: Any) -> VJPExplorer:
    """The vector-Jacobian product of ``fn`` at one input: J (numerator layout), v with its controls, vᵀJ, and
    ``x.grad`` after ``y.backward(v)``, marked when the two agree; SymPy's J beside them.

    >>> import autograd_nb as torch
    >>> ex = torch.widgets.vjp(lambda x: x * 2, x=[1.0, 2.0, 3.0], v=[0.1, 1.0, 0.0001])
    >>> ex.result.jacobian.tolist()
    [[2.0, 0.0, 0.0], [0.0, 2.0, 0.0], [0.0, 0.0, 2.0]]
    >>> ex.result.grad.tolist() == ex.result.vjp.astype("float32").tolist()
    True
    """
    function_inputs(fn, inputs)
    return VJPExplorer(fn, v, inputs)


__all__ = ["vjp", "VJPExplorer", "VJPResult"]
