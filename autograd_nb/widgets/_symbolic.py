"""SymPy's side of an update, derived once per graph structure and evaluated at every update.

Moving a slider changes the numbers, not the formulas: as long as the learner's function records the
same graph (same ops, same wiring, same constants), ``sym.derive``'s gradient formulas stay the same.
So they are derived once, compiled with ``sympy.lambdify`` (with common subexpressions shared), and
only evaluated at the new inputs afterwards. A function whose ``if`` or loop takes another branch
records another graph, which gets its own formulas. The check compares the engine's ``.grad`` with
the formulas' values as ``sym.check`` does (``|engine - analytic| <= atol + rtol·|analytic|``).
"""

from __future__ import annotations

import html
from typing import Any

import numpy as np
import sympy

from .. import sym
from .._tensor import Tensor
from ..autograd.engine import topological_order
from ..autograd.graph import AccumulateGrad
from ..sym.derive import to_numpy
from ..sym.display import format_array, latex_name, latex_of
from ..sym.replay import element_symbols

ATOL, RTOL = 1e-6, 1e-5  # sym.check's defaults
PRETTY_CHARS = 300  # shorter formulas are shown factored (``readable``); longer ones as derived
CACHE_SIZE = 16


def _key(value: Any) -> Any:
    if isinstance(value, Tensor):
        value = value._data
    if isinstance(value, np.ndarray):
        return (value.shape, value.dtype.str, value.tobytes())
    if isinstance(value, (list, tuple)):
        return tuple(_key(v) for v in value)
    try:
        hash(value)
    except TypeError:
        return repr(value)
    return value


def structure_key(output: Tensor, leaves: dict[str, Tensor]) -> tuple:
    """What the formulas depend on: every node's op, wiring, constants and parameters, and each leaf's name
    and shape (the values of leaves that are not inputs, which enter the formulas as numbers)."""
    order = topological_order([output.grad_fn])
    position = {id(node): k for k, node in enumerate(order)}
    names = {id(t): name for name, t in leaves.items()}
    parts = []
    for node in order:
        if type(node) is AccumulateGrad:
            leaf = node.variable
            parts.append(("leaf", names.get(id(leaf)) or _key(leaf._data), leaf._data.shape))
            continue
        params = tuple(sorted((k, _key(v)) for k, v in node.params.items()))
        wiring = tuple((position.get(id(child)), nr) for child, nr in node.next_functions)
        parts.append((type(node).__name__, wiring, _key(node.constants), params))
    return (tuple(parts), output._output_nr, output._data.shape)


class Formulas:
    """The derivation of one graph structure: formulas (as LaTeX) and a compiled function for their values."""

    def __init__(self, out: Tensor, leaves: dict[str, Tensor], with_v: bool) -> None:
        derivation = sym.derive(out, **leaves)  # the local name ``out`` names the output in the formulas
        self.names = list(leaves)
        symbols, values = [], []
        for name, i in derivation.inputs.items():  # leaves made inside fn enter as their current numbers
            symbols += i.flat
            values.append(None if name in leaves else np.asarray(i.tensor._data, dtype=np.float64).reshape(-1))
        self._fixed = values
        self._input_names = list(derivation.inputs)
        if with_v:
            v_symbols = element_symbols("v", tuple(out.shape))
            symbols += list(v_symbols.reshape(-1))
            formulas = {name: derivation.vjp(v_symbols, name) for name in self.names}
        else:
            formulas = {name: derivation.gradient(name) for name in self.names}
        self.latex_output = latex_of(derivation.expr, pretty=len(sympy.sstr(derivation.expr)) < PRETTY_CHARS)
        self.latex = {name: latex_of(f, pretty=len(sympy.sstr(f)) < PRETTY_CHARS) for name, f in formulas.items()}
        flat = [e for name in self.names for e in to_numpy(formulas[name]).reshape(-1)]
        self._shapes = {name: tuple(leaves[name].shape) for name in self.names}
        self._compiled = sympy.lambdify(symbols, flat, "numpy", cse=True)

    def evaluate(self, leaves: dict[str, Tensor], v: np.ndarray | None) -> dict[str, np.ndarray]:
        """Each input's analytic gradient (vᵀJ with ``v``) at the leaves' current values, as float64 arrays."""
        args: list[float] = []
        for name, fixed in zip(self._input_names, self._fixed):
            data = fixed if fixed is not None else np.asarray(leaves[name]._data, dtype=np.float64).reshape(-1)
            args += data.tolist()
        if v is not None:
            args += np.asarray(v, dtype=np.float64).reshape(-1).tolist()
        flat = np.asarray(self._compiled(*args), dtype=np.float64).reshape(-1)
        out, start = {}, 0
        for name in self.names:
            size = int(np.prod(self._shapes[name]))
            out[name] = flat[start : start + size].reshape(self._shapes[name])
            start += size
        return out


class JacobianFormula:
    """SymPy's Jacobian (numerator layout) of one graph structure, as LaTeX and compiled for its values."""

    def __init__(self, out: Tensor, name: str, leaf: Tensor) -> None:
        derivation = sym.derive(out, **{name: leaf})
        matrix = derivation.jacobian(name)
        symbols = [s for i in derivation.inputs.values() for s in i.flat]
        extras = [i.tensor for n, i in derivation.inputs.items() if n != name]
        self._fixed = [x for t in extras for x in np.asarray(t._data, dtype=np.float64).reshape(-1).tolist()]
        self._order_first = list(derivation.inputs)[0] == name
        self.latex = latex_of(matrix, pretty=len(sympy.sstr(matrix)) < PRETTY_CHARS)
        self.shape = matrix.shape
        self._compiled = sympy.lambdify(symbols, list(matrix), "numpy", cse=True)

    def evaluate(self, leaf: Tensor) -> np.ndarray:
        own = np.asarray(leaf._data, dtype=np.float64).reshape(-1).tolist()
        args = own + self._fixed if self._order_first else self._fixed + own
        return np.asarray(self._compiled(*args), dtype=np.float64).reshape(self.shape)


def compare(engine: np.ndarray, analytic: np.ndarray) -> tuple[float, bool]:
    both_nan = np.isnan(engine) & np.isnan(analytic)
    error = float(np.max(np.where(both_nan, 0.0, np.abs(engine - analytic)), initial=0.0))
    return error, bool(np.all(np.isclose(engine, analytic, rtol=RTOL, atol=ATOL, equal_nan=True)))


def check_html(formulas: Formulas, grads: dict[str, np.ndarray], analytic: dict[str, np.ndarray],
               with_v: bool) -> tuple[str, bool]:  # fmt: skip
    """The formulas and the check table (✓/✗ per input), and the verdict."""
    rows, verdicts, worst = [], [], 0.0
    for name in formulas.names:
        error, ok = compare(np.asarray(grads[name], dtype=np.float64), analytic[name])
        verdicts.append(ok)
        worst = max(worst, error)
        mark = '<span style="color:green">✓</span>' if ok else '<span style="color:red">✗</span>'
        rows.append(
            f"<tr><td>${latex_name(name)}$</td><td>${html.escape(formulas.latex[name])}$</td>"
            f"<td><code>{html.escape(format_array(analytic[name]))}</code></td>"
            f"<td><code>{html.escape(format_array(grads[name]))}</code></td><td>{error:.3g}</td><td>{mark}</td></tr>"
        )
    ok = all(verdicts)
    quantity = "vᵀ·∂out/∂input" if with_v else "∂out/∂input"
    title = (f"sym check of {quantity}: {'all match' if ok else 'MISMATCH'} (max abs error {worst:.3g}; "
             f"atol={ATOL:g}, rtol={RTOL:g})")  # fmt: skip
    weight = r"v^\top " if with_v else ""
    lines = [f"$out = {html.escape(formulas.latex_output)}$"] + [
        rf"${weight}\frac{{\partial out}}{{\partial {latex_name(name)}}} = {html.escape(formulas.latex[name])}$"
        for name in formulas.names
    ]
    table = (
        "".join(f"<p>{line}</p>" for line in lines) + f"<p>{html.escape(title)}</p><table>"
        "<tr><th>input</th><th>formula</th><th>analytic</th><th>engine .grad</th><th>max abs error</th><th></th></tr>"
        + "".join(rows) + "</table>"
    )
    return table, ok
