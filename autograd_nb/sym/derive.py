"""``derive``: the recorded computation as exact formulas, and their derivatives.

The derivatives come from SymPy's differentiation rules applied to the replayed formulas, never from the
engine's backward rules, so comparing them with ``.grad`` is an independent check. They are taken the
cheap way (``calculus.partials``): each output element is differentiated only with respect to the
symbols it contains, term by term when it is a sum, and sums of partials are built as one flat ``Add``.
"""

from __future__ import annotations

import sys
import time
from collections import defaultdict
from types import FrameType
from typing import Any

import numpy as np
import sympy

from .._frames import caller_tensors
from .._tensor import Tensor
from ..ops._sym import exact
from .calculus import partials
from .display import UNSIMPLIFIED, Budget, latex_name, latex_of, text_of
from .replay import Input, element_symbols, name_inputs, replay


def to_sympy(values: np.ndarray) -> Any:
    """A scalar stays an expression; a vector becomes a column Matrix, a matrix a Matrix, more dims an Array."""
    values = np.asarray(values, dtype=object)
    if values.ndim == 0:
        return values[()]
    if values.ndim == 1:
        return sympy.Matrix(values.shape[0], 1, list(values))
    if values.ndim == 2:
        return sympy.Matrix(values.tolist())
    return sympy.ImmutableDenseNDimArray(values.reshape(-1).tolist(), values.shape)


def to_numpy(values: Any) -> np.ndarray:
    """An expression, Matrix or Array as an object array of its own shape."""
    if isinstance(values, (sympy.MatrixBase, sympy.NDimArray)):
        return np.array(list(values), dtype=object).reshape(values.shape)
    return np.asarray(values, dtype=object)


def as_exact_array(v: Any, shape: tuple) -> np.ndarray:
    """A ``v`` vector (Tensor, array, list or SymPy) as exact numbers (or expressions) shaped like the output."""
    if isinstance(v, Tensor):
        v = v._data
    if isinstance(v, (sympy.MatrixBase, sympy.NDimArray, sympy.Basic)):
        v = to_numpy(v)
    v = np.asarray(v)
    if v.size != int(np.prod(shape)):
        raise RuntimeError(
            f"Mismatch in shape: v has a shape of {list(v.shape)} and the output a shape of {list(shape)}"
        )
    return (v if v.dtype == object else exact(v)).reshape(shape)


def _to_float(value: sympy.Basic) -> float:
    try:
        return float(value)
    except TypeError:  # complex (log of a negative number) or infinite: what the engine gives is nan
        return float("nan")


# numpy versions of the kink functions (``ops._kinks``), for evaluating in floating point
_FLOAT_KINKS = {
    "relu": lambda x: np.maximum(x, 0.0),
    "maximum": np.maximum,
    "minimum": np.minimum,
    "amax": lambda *a: np.max(a),
    "amin": lambda *a: np.min(a),
    "ties": lambda direction, *a: float(np.sum(np.asarray(a) == (np.max(a) if direction == 1 else np.min(a)))),
    "clamp": lambda x, low, high: np.minimum(np.maximum(x, low), high),
    "vector_norm": lambda p, *a: np.sum(np.abs(a) ** p) ** (1 / p),
}


def value_of(expr: Any, subs: dict) -> float:
    """``expr`` at the point ``subs``: exactly, or, where that is undefined, in float64 as the engine computes.

    Exact arithmetic says ``1/(2·sqrt(0))`` is complex infinity (no sign); float64 arithmetic, like
    PyTorch's backward of sqrt, says +inf. So a division by zero is evaluated again in floating point.
    """
    exact_value = sympy.sympify(expr).xreplace(subs)
    if exact_value.is_extended_real and exact_value is not sympy.nan:
        return float(exact_value)
    if exact_value.is_number and exact_value.is_extended_real is False and not exact_value.has(sympy.zoo):
        return float("nan")  # complex, e.g. the log of a negative number: the engine gives nan
    symbols = sorted(expr.free_symbols, key=sympy.default_sort_key)
    try:
        function = sympy.lambdify(symbols, expr, modules=[_FLOAT_KINKS, "numpy"])
        with np.errstate(all="ignore"):
            value = complex(function(*[np.float64(float(subs[s])) for s in symbols]))
    except (TypeError, ValueError, KeyError, ZeroDivisionError, NameError):
        return _to_float(exact_value)
    return value.real if value.imag == 0 else float("nan")


def evaluate_array(values: np.ndarray, subs: dict) -> np.ndarray:
    """Substitute numbers for the symbols of every element of an object array; a float64 array comes back."""
    out = np.empty(values.shape, dtype=np.float64)
    flat = out.reshape(-1)
    for k, e in enumerate(values.reshape(-1)):
        flat[k] = value_of(e, subs)
    return out


class Derivation:
    """The output of a recorded computation as formulas in the symbols of its inputs.

    >>> import autograd_nb as torch
    >>> x = torch.tensor([1.0, 1.0], requires_grad=True)
    >>> d = torch.sym.derive((3 * (x + 2) ** 2).mean(), x=x)
    >>> print(d.gradient("x"))
    Matrix([[3*x_1 + 6], [3*x_2 + 6]])
    """

    def __init__(self, output: Tensor, inputs: list[Input], values: np.ndarray, output_name: str) -> None:
        self.output_name = output_name
        self.inputs = {i.name: i for i in inputs}
        self.output_shape = tuple(output.shape)
        self._values = values
        self._flat = list(values.reshape(-1))
        self._partials: dict[tuple[int, str], dict] = {}
        self.elapsed = 0.0  # seconds spent replaying and differentiating: displays may simplify as long

    # -- the formulas -------------------------------------------------------------------------------

    @property
    def expr(self) -> Any:
        """The output: an expression for a scalar, a Matrix (or Array) for a tensor."""
        return to_sympy(self._values)

    @property
    def symbols(self) -> dict[str, Any]:
        """Each input's element symbols, shaped like the input."""
        return {name: to_sympy(i.symbols) for name, i in self.inputs.items()}

    def _input(self, name: str | None) -> Input:
        if name is None:
            if len(self.inputs) != 1:
                raise ValueError(f"name one of the inputs: {', '.join(self.inputs)}")
            return next(iter(self.inputs.values()))
        if isinstance(name, Tensor):
            found = [i for i in self.inputs.values() if i.tensor is name]
            if not found:
                raise KeyError("that tensor is not one of the inputs of this derivation")
            return found[0]
        if name not in self.inputs:
            raise KeyError(f"no input named {name!r}; the inputs are {', '.join(self.inputs)}")
        return self.inputs[name]

    def _element_partials(self, k: int, source: Input) -> dict:
        key = (k, source.name)
        if key not in self._partials:
            start = time.perf_counter()
            self._partials[key] = partials(self._flat[k], set(source.flat))
            self.elapsed += time.perf_counter() - start
        return self._partials[key]

    def _require_scalar(self, what: str) -> None:
        if len(self._flat) != 1:
            raise RuntimeError(
                f"{what} needs a scalar output, but {self.output_name} has shape {list(self.output_shape)}: "
                "use jacobian() or vjp(v, ...) instead"
            )

    def _gradient_array(self, source: Input, v: np.ndarray | None = None) -> np.ndarray:
        """``Σ_k v_k ∂out_k/∂x`` as an object array shaped like the input (``v`` = 1 for a scalar output)."""
        terms = defaultdict(list)
        weights = [sympy.Integer(1)] if v is None else list(v.reshape(-1))
        for k, weight in enumerate(weights):
            if weight == 0:
                continue
            for symbol, partial in self._element_partials(k, source).items():
                terms[symbol].append(partial if weight == 1 else weight * partial)
        return np.vectorize(lambda s: sympy.Add(*terms.get(s, ())), otypes=[object])(source.symbols)

    def gradient(self, name: str | None = None) -> Any:
        """The partials of a scalar output, shaped like the input (a column for a vector).

        >>> import autograd_nb as torch
        >>> x = torch.arange(4.0, requires_grad=True)
        >>> print(torch.sym.derive(2 * x.dot(x), x=x).gradient("x"))
        Matrix([[4*x_1], [4*x_2], [4*x_3], [4*x_4]])
        >>> W = torch.ones(2, 2, requires_grad=True)
        >>> print(torch.sym.derive((W * W).sum(), W=W).gradient("W"))   # one index per dimension
        Matrix([[2*W_1_1, 2*W_1_2], [2*W_2_1, 2*W_2_2]])
        """
        self._require_scalar("gradient()")
        return to_sympy(self._gradient_array(self._input(name)))

    def vjp(self, v: Any, name: str | None = None) -> Any:
        """``vᵀJ``, shaped like the input: what ``output.backward(gradient=v)`` adds into ``.grad``."""
        v = as_exact_array(v, self.output_shape)
        return to_sympy(self._gradient_array(self._input(name), v))

    def jacobian(self, name: str | None = None, layout: str = "numerator") -> sympy.Matrix:
        """``∂out/∂x`` with output and input flattened: M×N (``"numerator"``) or N×M (``"denominator"``)."""
        if layout not in ("numerator", "denominator"):
            raise ValueError(f"layout must be 'numerator' or 'denominator', not {layout!r}")
        source = self._input(name)
        column = {s: j for j, s in enumerate(source.flat)}
        J = sympy.zeros(len(self._flat), len(column))
        for k in range(len(self._flat)):
            for symbol, partial in self._element_partials(k, source).items():
                J[k, column[symbol]] = partial
        return J if layout == "numerator" else J.T

    def hessian(self, *names: str) -> sympy.Matrix:
        """Second partials of a scalar output by the named inputs' elements, in that order (all inputs by default).

        >>> import autograd_nb as torch
        >>> x1 = torch.tensor(1.0, requires_grad=True)
        >>> x2 = torch.tensor(2.0, requires_grad=True)
        >>> print(torch.sym.derive(x1**2 + x2**2 + x1*x2).hessian("x1", "x2"))
        Matrix([[2, 1], [1, 2]])
        """
        self._require_scalar("hessian()")
        symbols = [s for name in names or self.inputs for s in self._input(name).flat]
        wanted = set(symbols)
        first = partials(self._flat[0], wanted)
        H = sympy.zeros(len(symbols), len(symbols))
        for i, si in enumerate(symbols):
            second = partials(first.get(si, sympy.Integer(0)), wanted)
            for j, sj in enumerate(symbols):
                H[i, j] = second.get(sj, 0)
        return H

    # -- numbers ------------------------------------------------------------------------------------

    def substitutions(self) -> dict:
        """Every input symbol mapped to the current value of its element (as a 53-bit SymPy Float)."""
        subs = {}
        for i in self.inputs.values():
            data = np.asarray(i.tensor._data, dtype=np.float64).reshape(-1)
            subs.update(zip(i.flat, (sympy.Float(float(x)) for x in data)))
        return subs

    def evaluate(self, expr: Any = None) -> np.ndarray:
        """The value of ``expr`` at the inputs' current data, as a float64 array of ``expr``'s shape.

        Without ``expr``: the output, shaped like the output tensor.
        """
        return evaluate_array(self._values if expr is None else to_numpy(expr), self.substitutions())

    # -- display ------------------------------------------------------------------------------------

    def _gradients_shown(self) -> dict[str, Any]:
        """Each input's gradient, for a scalar output (none for a tensor: see ``jacobian``)."""
        return {name: self.gradient(name) for name in self.inputs} if len(self._flat) == 1 else {}

    def __repr__(self) -> str:
        def shape(s: tuple) -> str:
            return "scalar" if not s else "×".join(map(str, s))

        gradients = self._gradients_shown()
        budget = Budget(self.elapsed)
        lines = [
            f"Derivation of {self.output_name} ({shape(self.output_shape)}) with respect to "
            + ", ".join(f"{n} ({shape(i.symbols.shape)})" for n, i in self.inputs.items()),
            f"  {self.output_name} = {text_of(self.expr)}",
        ]
        for name, gradient in gradients.items():
            lines.append(f"  ∂{self.output_name}/∂{name} = {text_of(gradient, pretty=True, budget=budget)}")
        if budget.skipped:
            lines.append("  " + UNSIMPLIFIED)
        return "\n".join(lines)

    def _repr_latex_(self) -> str:
        gradients = self._gradients_shown()
        budget = Budget(self.elapsed)
        out = latex_name(self.output_name)
        rows = [f"{out} &= {latex_of(self.expr)}"]
        for name, gradient in gradients.items():
            shown = latex_of(gradient, pretty=True, budget=budget)
            rows.append(rf"\frac{{\partial {out}}}{{\partial {latex_name(name)}}} &= {shown}")
        if budget.skipped:
            rows.append(rf"&\text{{{UNSIMPLIFIED}}}")
        return r"$\begin{aligned}" + r"\\ ".join(rows) + r"\end{aligned}$"


def _output_name(output: Tensor, frame: FrameType | None, taken: set) -> str:
    for name, tensor in caller_tensors(frame):
        if tensor is output and name not in taken:
            return name
    return "out"


def build(output: Tensor, named: dict[str, Tensor], frame: FrameType | None, index_style: str) -> Derivation:
    """``derive`` with the caller's frame given explicitly (for ``check`` and ``explain``)."""
    if not isinstance(output, Tensor):
        raise TypeError(f"derive() expects the output Tensor, not {type(output).__name__}")
    inputs = [
        Input(name, tensor, element_symbols(name, tuple(tensor.shape), index_style))
        for name, tensor in name_inputs(output, named, frame)
    ]
    start = time.perf_counter()
    values, _ = replay(output, inputs)
    derivation = Derivation(output, inputs, values, _output_name(output, frame, {i.name for i in inputs}))
    derivation.elapsed = time.perf_counter() - start
    return derivation


def derive(output: Tensor, *, index_style: str = "auto", **inputs: Tensor) -> Derivation:
    """Replay ``output``'s recorded graph with SymPy and return its exact formulas and derivatives.

    Inputs are named by the keywords; other leaves take the names of the caller's variables, or a, b, c.

    >>> import autograd_nb as torch
    >>> x = torch.ones(2, 2, requires_grad=True)
    >>> out = (3 * (x + 2) ** 2).mean()
    >>> d = torch.sym.derive(out, x=x)
    >>> print(d.gradient("x"))
    Matrix([[3*x_1_1/2 + 3, 3*x_1_2/2 + 3], [3*x_2_1/2 + 3, 3*x_2_2/2 + 3]])
    >>> d.evaluate(d.gradient("x"))
    array([[4.5, 4.5],
           [4.5, 4.5]])
    """
    return build(output, inputs, sys._getframe(1), index_style)
