"""``explain``: the chain rule for one element of a gradient, path by path.

The graph is replayed with the caller's named intermediate tensors (``y``, ``z``, ``out``) standing in as
symbols of their own, so each station's formula is local: ``z_1 = 3 y_1²``. A path runs from the output
element down through station elements to the chosen input element; along it, at every station,
upstream gradient × local gradient = downstream gradient. The partial derivative is the sum over paths.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sympy

from .._frames import caller_tensors
from .._tensor import Tensor
from .calculus import partials
from .derive import Derivation, build, value_of
from .display import latex_of, readable
from .replay import Input, element_symbols, key_of, replay

MAX_PATHS = 32


@dataclass
class Step:
    """One station on a path: ``∂upper/∂lower`` is the local gradient there."""

    upper: sympy.Symbol
    lower: sympy.Symbol
    local: sympy.Expr  # symbolic, in the symbols of the stations just below
    local_value: float
    upstream: float  # ∂output/∂upper along this path
    downstream: float  # upstream × local


@dataclass
class Path:
    steps: list[Step] = field(default_factory=list)

    @property
    def symbolic(self) -> sympy.Expr:
        return sympy.Mul(*[s.local for s in self.steps])

    @property
    def value(self) -> float:
        return self.steps[-1].downstream


def _number(value: float) -> str:
    return f"{value:.6g}"


def _flat_index(index: Any, shape: tuple) -> int:
    size = int(np.prod(shape))
    if isinstance(index, tuple):
        return int(np.ravel_multi_index(index, shape)) if shape else 0
    if not -size <= index < size:
        raise IndexError(f"index {index} is out of bounds for a tensor of {size} elements")
    return int(index) % size


class Explanation:
    """The chain rule for ``∂out_k/∂x_j``: one ``Path`` per route through the graph, and their sum."""

    def __init__(self, target: sympy.Symbol, wrt: sympy.Symbol, paths: list[Path], truncated: bool,
                 analytic: sympy.Expr, analytic_value: float) -> None:  # fmt: skip
        self.target, self.wrt, self.paths, self.truncated = target, wrt, paths, truncated
        self.analytic, self.analytic_value = analytic, analytic_value

    @property
    def value(self) -> float:
        """The sum over the paths."""
        return float(sum(p.value for p in self.paths))

    @property
    def symbolic(self) -> sympy.Expr:
        """The sum over the paths of the products of local gradients, in the stations' symbols."""
        return sympy.Add(*[p.symbolic for p in self.paths])

    @property
    def agrees(self) -> bool:
        """The paths' sum equals the derivative of the whole formula (unless paths were left out)."""
        return not self.truncated and bool(np.isclose(self.value, self.analytic_value, equal_nan=True))

    def _d(self, upper: sympy.Symbol, lower: sympy.Symbol, latex: bool) -> str:
        if latex:
            return rf"\frac{{\partial {sympy.latex(upper)}}}{{\partial {sympy.latex(lower)}}}"
        return f"∂{upper}/∂{lower}"

    def _equation(self, path: Path, latex: bool) -> list[str]:
        """``∂out/∂z_1 · ∂z_1/∂y_1``, ``1/4 · 6y_1``, ``0.25 · 18``, ``4.5``, leaving out repetitions."""
        dot = r" \cdot " if latex else " · "
        chain = dot.join(self._d(s.upper, s.lower, latex) for s in path.steps)
        symbolic = dot.join(latex_of(s.local) if latex else sympy.sstr(s.local) for s in path.steps)
        numeric = dot.join(_number(s.local_value) for s in path.steps)
        parts = [chain, symbolic] if symbolic != numeric else [chain]
        return parts + [numeric] + ([_number(path.value)] if len(path.steps) > 1 else [])

    def _summary(self) -> str:
        if self.truncated:
            return f"more than {len(self.paths)} paths, the first {len(self.paths)} shown"
        return f"{len(self.paths)} path" + ("" if len(self.paths) == 1 else "s")

    def __repr__(self) -> str:
        lines = [f"{self._d(self.target, self.wrt, False)}: {self._summary()}"]
        for n, path in enumerate(self.paths, 1):
            route = " → ".join([str(path.steps[0].upper)] + [str(s.lower) for s in path.steps])
            lines.append(f"  path {n}: {route}")
            lines.append("    " + " = ".join(self._equation(path, latex=False)))
            for s in path.steps:
                local = _number(s.local_value)
                if not s.local.is_number:
                    local = f"{sympy.sstr(s.local)} = {local}"
                lines.append(
                    f"    at {s.upper}: upstream {_number(s.upstream)} × local {self._d(s.upper, s.lower, False)} = "
                    f"{local} → downstream {_number(s.downstream)}"
                )
        mark = "?" if self.truncated else ("✓" if self.agrees else "✗")
        lines.append(
            f"  sum over paths = {_number(self.value)}; differentiating the whole formula: "
            f"{sympy.sstr(readable(self.analytic))} = {_number(self.analytic_value)} {mark}"
        )
        return "\n".join(lines)

    def _repr_latex_(self) -> str:
        d = self._d(self.target, self.wrt, True)
        # a one-step path's chain is the derivative itself: don't write it twice
        rows = [" = ".join(p for p in self._equation(path, latex=True) if p != d) for path in self.paths]
        if self.truncated:
            rows.append(r"\text{… more paths}")
        total = rf"&= {latex_of(readable(self.analytic))} = {_number(self.analytic_value)}"
        body = r"\\ &+ ".join(rows)
        return rf"$\begin{{aligned}}{d} &= {body}\\ {total}\end{{aligned}}$"


def explain(
    output: Tensor, input: Tensor | str, index: Any = 0, output_index: Any = None, index_style: str = "vector"
) -> Explanation:
    """The chain rule for one element of ``input``'s gradient, path by path.

    ``index`` picks the element: an int counts in row-major order from 0 (``x_1`` is 0), a tuple is a
    multi-index. Intermediate tensors bound to the caller's variables (``y``, ``z``) are the stations.

    >>> x = ones(2, 2, requires_grad=True)
    >>> y = x + 2
    >>> z = y * y * 3
    >>> out = z.mean()
    >>> explain(out, x, 0)
    ∂out/∂x_1: 1 path
      path 1: out → z_1 → y_1 → x_1
        ∂out/∂z_1 · ∂z_1/∂y_1 · ∂y_1/∂x_1 = 1/4 · 6*y_1 · 1 = 0.25 · 18 · 1 = 4.5
    ...
    """
    frame = sys._getframe(1)
    derivation = build(output, {}, frame, index_style)
    source = derivation._input(input)
    wrt = source.flat[_flat_index(index, tuple(source.symbols.shape))]
    if output_index is None and len(derivation._flat) != 1:
        raise RuntimeError(f"{derivation.output_name} is not a scalar: pass output_index to pick one of its elements")
    k = 0 if output_index is None else _flat_index(output_index, derivation.output_shape)
    return _explain(output, derivation, frame, k, source, wrt, index_style)


def _explain(
    output: Tensor, derivation: Derivation, frame: Any, k: int, source: Input, wrt: sympy.Symbol, index_style: str
) -> Explanation:
    root = key_of(output)
    used = set(derivation.inputs) | {derivation.output_name}
    cuts = {}
    for name, tensor in caller_tensors(frame):
        key = key_of(tensor)
        if key is None or key == root or key in cuts or name in used:
            continue
        cuts[key] = element_symbols(name, tuple(tensor.shape), index_style)
    inputs = list(derivation.inputs.values())
    top, locals_ = replay(output, inputs, cuts)

    # each station symbol's local formula, lowest stations first (the replay's order)
    local_of: dict[sympy.Symbol, sympy.Expr] = {}
    for key, formula in locals_.items():
        local_of.update(zip(cuts[key].reshape(-1), formula.reshape(-1)))
    subs = derivation.substitutions()

    def value(expr: sympy.Expr) -> float:
        return value_of(expr, subs)

    reaches: dict[sympy.Symbol, bool] = {}  # does this station element depend on the chosen input element?
    for symbol, formula in local_of.items():
        free = formula.free_symbols
        reaches[symbol] = wrt in free or any(reaches.get(s, False) for s in free)
        subs[symbol] = sympy.Float(value(formula))
    target = element_symbols(derivation.output_name, derivation.output_shape, index_style).reshape(-1)[k]
    local_of[target] = top.reshape(-1)[k]

    paths: list[Path] = []
    truncated = False
    stack = [(target, [])]  # (station element, steps so far); iterative, like every walk over the graph
    while stack and not truncated:
        upper, steps = stack.pop()
        upstream = steps[-1].downstream if steps else 1.0
        toward = {s for s in local_of[upper].free_symbols if s == wrt or reaches.get(s)}
        for lower, local in partials(local_of[upper], toward).items():
            local_value = value(local)
            route = steps + [Step(upper, lower, local, local_value, upstream, upstream * local_value)]
            if lower != wrt:
                stack.append((lower, route))
            elif len(paths) < MAX_PATHS:
                paths.append(Path(route))
            else:
                truncated = True
    paths.sort(key=lambda p: [sympy.default_sort_key(s.lower) for s in p.steps])
    analytic = derivation._element_partials(k, source).get(wrt, sympy.Integer(0))
    return Explanation(target, wrt, paths, truncated, analytic, value(analytic))
