"""``explore``: sliders and text boxes for a function's inputs; every change re-runs it and shows
its output, the gradients, the SymPy formula and check, and the graph."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import ipywidgets as w
import numpy as np

from .._creation import tensor
from .._tensor import Tensor
from ._base import SYMPY_MAX_NODES, WidgetBase, check_gradients, function_inputs, graph_size, pre, run_learner_function
from ._graph import GraphCache
from ._symbolic import CACHE_SIZE, Formulas, check_html, structure_key
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

    def __init__(self, fn: Callable, v: Any, inputs: dict[str, Any]) -> None:
        values = {name: starting_array(name, value) for name, value in inputs.items()}
        if "v" in values:
            raise TypeError("'v' names the vector for backward(v); give the function's input another name")
        super().__init__(values)
        self.fn = fn
        self._title = f"explore({getattr(fn, '__name__', 'fn')})"
        self._given_v = None if v is None else starting_array("v", v)
        self._formulas: dict[tuple, Formulas] = {}
        self._graphs = GraphCache()
        self._numbers, self._maths, self._graph = w.HTML(), w.HTMLMath(), w.HTML()
        self._panes = [self._numbers, self._maths, self._graph]
        for pane, name in zip(self._panes, ("numbers", "maths", "graph")):
            pane.add_class(f"agnb-{name}")  # for the browser test and for styling
        self.add_class("agnb-explore")
        for name, value in values.items():
            self._add_controls(name, value)
        self.children = (self._controls_box, self._vjp_note, self._error_pane, *self._panes)
        self._update({})

    def _compute(self, values: dict[str, np.ndarray]) -> tuple[ExploreResult, list[str]]:
        leaves = {name: tensor(value, requires_grad=True) for name, value in values.items() if name != "v"}
        out = run_learner_function(self.fn, leaves)
        v = self._v_for(out, values) if out._data.size != 1 else None
        out.backward(None if v is None else tensor(v, dtype=out.dtype))
        grads = check_gradients(leaves)

        size, key = graph_size(out), structure_key(out, leaves)
        analytic: dict[str, np.ndarray] = {}
        ok: bool | None = None
        if size <= SYMPY_MAX_NODES:
            formulas = self._formulas_for(key, v is not None, out, leaves)
            analytic = formulas.evaluate(leaves, v)
            maths, ok = check_html(formulas, grads, analytic, v is not None)
        else:
            maths = (f"<p>SymPy skipped: the graph has {size} grad_fn nodes (more than {SYMPY_MAX_NODES}), "
                     "so formulas and the check are left out to keep the sliders responsive.</p>")  # fmt: skip
        result = ExploreResult(np.array(out._data), dict(grads), analytic, ok, v)
        graph = self._graphs.html(out, leaves, key, size)
        return result, [self._numbers_html(out, leaves), maths, graph]

    def _formulas_for(self, key: tuple, with_v: bool, out: Tensor, leaves: dict[str, Tensor]) -> Formulas:
        key = (key, with_v)
        if key not in self._formulas:
            if len(self._formulas) >= CACHE_SIZE:
                self._formulas.pop(next(iter(self._formulas)))
            self._formulas[key] = Formulas(out, leaves, with_v)
        return self._formulas[key]

    @staticmethod
    def _numbers_html(out: Tensor, leaves: dict[str, Tensor]) -> str:
        lines = [">>> out", repr(out)]
        for name, leaf in leaves.items():
            lines += [f">>> {name}.grad", repr(leaf.grad)]
        return pre("\n".join(lines))


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
