"""``explore``: sliders and text boxes for a function's inputs; every change re-runs it and shows
its output, the gradients, the SymPy formula and check, and the graph."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import ipywidgets as w
import numpy as np

from .. import sym, viz
from .._creation import tensor
from .._tensor import Tensor
from ._base import SYMPY_MAX_NODES, WidgetBase, check_gradients, function_inputs, graph_size, pre, run_learner_function
from ._values import starting_array


@dataclass
class ExploreResult:
    """One successful update: the output, each input's ``.grad``, SymPy's gradients and the check's verdict.

    ``analytic`` is empty and ``ok`` None when SymPy was skipped (graphs over ``SYMPY_MAX_NODES`` nodes).
    """

    output: np.ndarray
    grads: dict[str, np.ndarray | None]
    analytic: dict[str, np.ndarray]
    ok: bool | None
    v: np.ndarray | None = None


class Explorer(WidgetBase):
    """The widget ``explore`` returns; see there."""

    _title = "explore"

    def __init__(self, fn: Callable, v: Any, inputs: dict[str, Any]) -> None:
        values = {name: starting_array(name, value) for name, value in inputs.items()}
        if "v" in values:
            raise TypeError("'v' names the vector for backward(v); give the function's input another name")
        super().__init__(values)
        self.fn = fn
        self._title = f"explore({getattr(fn, '__name__', 'fn')})"
        self._numbers, self._maths, self._graph = w.HTML(), w.HTMLMath(), w.HTML()
        self._panes = [self._numbers, self._maths, self._graph]
        for name, value in values.items():
            self._add_controls(name, value)
        self._given_v = None if v is None else starting_array("v", v)
        self.children = (self._controls_box, self._vjp_note, self._error_pane, *self._panes)
        self._update({})

    def _compute(self, values: dict[str, np.ndarray]) -> tuple[ExploreResult, list[str]]:
        leaves = {name: tensor(value, requires_grad=True) for name, value in values.items() if name != "v"}
        out = run_learner_function(self.fn, leaves)
        v = self._v_for(out, values) if out._data.size != 1 else None
        out.backward(None if v is None else tensor(v, dtype=out.dtype))
        grads = check_gradients(leaves)

        size = graph_size(out)
        if size <= SYMPY_MAX_NODES:
            report = sym.check(out, v=v, **leaves)
            analytic = {row.name: row.analytic for row in report.rows if row.name in leaves}
            ok: bool | None = report.ok
            maths = self._maths_html(report)
        else:
            analytic, ok = {}, None
            maths = (f"<p>SymPy skipped: the graph has {size} grad_fn nodes (more than {SYMPY_MAX_NODES}), "
                     "so formulas and the check are left out to keep the sliders responsive.</p>")
        result = ExploreResult(np.array(out._data), dict(grads), analytic, ok, v)
        return result, [self._numbers_html(out, leaves), maths, graph_html(out, leaves)]

    def _numbers_html(self, out: Tensor, leaves: dict[str, Tensor]) -> str:
        lines = [">>> out", repr(out)]
        for name, leaf in leaves.items():
            lines += [f">>> {name}.grad", repr(leaf.grad)]
        return pre("\n".join(lines))

    @staticmethod
    def _maths_html(report: sym.CheckReport) -> str:
        """The formulas (``sym.derive``'s LaTeX) and the check table with its ✓/✗."""
        return f"<div>{report.derivation._repr_latex_()}</div>{report._repr_html_()}"


def graph_html(out: Tensor, names: dict[str, Tensor], **options: Any) -> str:
    """The grad_fn graph as inline SVG, or a sentence saying why it cannot be drawn."""
    try:
        return "<div>" + viz.draw(out, names={**names, "out": out}, **options).svg() + "</div>"
    except Exception as error:  # noqa: BLE001 - a missing renderer must not break the widget
        return pre(f"(graph not drawn: {type(error).__name__}: {error})")


def explore(fn: Callable, /, *, v: Any = None, **inputs: Any) -> Explorer:
    """Sliders and text boxes for ``fn``'s inputs; each change re-runs ``fn`` and shows the output, every
    ``.grad``, the SymPy gradient and check, and the graph.

    ``inputs`` are the starting values by parameter name (numbers, lists, arrays, tensors). For a non-scalar
    output, ``v`` (default all ones) is the vector of ``out.backward(v)``, with its own controls.

    >>> import autograd_nb as torch
    >>> ex = torch.widgets.explore(lambda x: (3 * (x + 2) ** 2).mean(), x=torch.ones(2, 2))
    >>> ex.result.grads["x"].tolist()
    [[4.5, 4.5], [4.5, 4.5]]
    >>> ex.set(x=[[0.0, 1.0], [2.0, 3.0]])
    True
    >>> ex.result.grads["x"].tolist()
    [[3.0, 4.5], [6.0, 7.5]]
    """
    function_inputs(fn, inputs)
    return Explorer(fn, v, inputs)
