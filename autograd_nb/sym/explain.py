"""``explain``: the chain rule for one element of a gradient, path by path.

The graph is replayed with the caller's named intermediate tensors (``y``, ``z``, ``out``) standing in as
symbols of their own, so each station's formula is local: ``z_1 = 3 y_1²``. A path runs from the output
element down through station elements to the chosen input element; along it, at every station,
upstream gradient × local gradient = downstream gradient. The partial derivative is the sum over paths.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sympy

from .._frames import caller_tensors
from .._tensor import Tensor
from .calculus import partials
from .derive import Derivation, build, value_of
from .display import UNSIMPLIFIED, Budget, LatexPrinter, TextPrinter, decimal, latex_name, latex_of, text, text_of
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
    return decimal(float(value)) if np.isfinite(value) else str(value)


def element_index(index: Any, shape: tuple, name: str) -> tuple:
    """The multi-index of one element, from an index as tensor indexing takes it (negative counts from the end).

    A tuple (or list) has one index per dimension; a single int picks an element of a vector or, for a
    matrix or higher tensor, counts the elements in row-major order.

    >>> element_index((1, -1), (2, 3), "W")
    (1, 2)
    """
    if isinstance(index, Tensor):
        index = index.tolist()
    parts = tuple(index) if isinstance(index, (tuple, list)) else (index,)
    for i in parts:
        if isinstance(i, bool) or not isinstance(i, (int, np.integer)):
            raise TypeError(f"an element of {name} is picked with integers, not {type(i).__name__}")
    where = f"({name} has shape {list(shape)})"
    if not shape:
        if parts not in ((), (0,), (-1,)):
            raise IndexError(f"{name} is a scalar: its only element is picked with () or 0")
        return ()
    if len(parts) == 1 and len(shape) > 1:
        size = int(np.prod(shape))
        if not -size <= parts[0] < size:
            raise IndexError(f"index {parts[0]} is out of bounds for the {size} elements of {name} {where}")
        return tuple(int(i) for i in np.unravel_index(int(parts[0]) % size, shape))
    if len(parts) != len(shape):
        raise IndexError(
            f"too many indices for {name} {where}: give one index per dimension, e.g. {tuple(0 for _ in shape)}"
            if len(parts) > len(shape) else
            f"{parts} picks more than one element of {name} {where}: give one index per dimension"
        )  # fmt: skip
    for dim, (i, n) in enumerate(zip(parts, shape)):
        if not -n <= i < n:
            raise IndexError(f"index {i} is out of bounds for dimension {dim} with size {n} {where}")
    return tuple(int(i) % n for i, n in zip(parts, shape))


def _position(name: str, index: tuple) -> str:
    """``W[1, 2]``: where a symbol's element sits, in tensor indexing."""
    return f"{name}[{', '.join(map(str, index))}]"


class Explanation:
    """The chain rule for ``∂out_k/∂x_j``: one ``Path`` per route through the graph, and their sum."""

    def __init__(self, target: sympy.Symbol, wrt: sympy.Symbol, paths: list[Path], truncated: bool,
                 analytic: sympy.Expr, analytic_value: float, where: str = "",
                 elapsed: float = 0.0) -> None:  # fmt: skip
        self.target, self.wrt, self.paths, self.truncated = target, wrt, paths, truncated
        self.analytic, self.analytic_value = analytic, analytic_value
        self.where = where  # how the symbols' indices relate to tensor indices, e.g. "W_2_3 is W[1, 2]"
        self.elapsed = elapsed

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
            return rf"\frac{{\partial {latex_name(upper.name)}}}{{\partial {latex_name(lower.name)}}}"
        return f"∂{upper}/∂{lower}"

    @staticmethod
    def _factor(expr: sympy.Expr, latex: bool) -> str:
        """One factor of a product, in parentheses when it is a sum: ``(a - b) · 2*s``, never ``a - b · 2*s``."""
        printer = LatexPrinter() if latex else TextPrinter()
        text = printer.doprint(expr)
        if expr.is_Add or (expr.is_number and expr.is_negative):
            return rf"\left({text}\right)" if latex else f"({text})"
        return text

    def _equation(self, path: Path, latex: bool) -> list[str]:
        """``∂out/∂z_1 · ∂z_1/∂y_1``, ``1/4 · 6*y_1``, ``0.25 · 18``, ``4.5``, leaving out repetitions."""
        dot = r" \cdot " if latex else " · "
        chain = dot.join(self._d(s.upper, s.lower, latex) for s in path.steps)
        symbolic = dot.join(self._factor(s.local, latex) for s in path.steps)
        numeric = dot.join(f"({_number(s.local_value)})" if s.local_value < 0 else _number(s.local_value)
                           for s in path.steps)  # fmt: skip
        parts = [chain, symbolic] if symbolic != numeric else [chain]
        return parts + [numeric] + ([_number(path.value)] if len(path.steps) > 1 else [])

    def _summary(self) -> str:
        if self.truncated:
            return f"more than {len(self.paths)} paths, the first {len(self.paths)} shown"
        return f"{len(self.paths)} path" + ("" if len(self.paths) == 1 else "s")

    def __repr__(self) -> str:
        where = f" ({self.where})" if self.where else ""
        lines = [f"{self._d(self.target, self.wrt, False)}: {self._summary()}{where}"]
        for n, path in enumerate(self.paths, 1):
            route = " → ".join([str(path.steps[0].upper)] + [str(s.lower) for s in path.steps])
            lines.append(f"  path {n}: {route}")
            lines.append("    " + " = ".join(self._equation(path, latex=False)))
            for s in path.steps:
                local = _number(s.local_value)
                if not s.local.is_number:
                    local = f"{text(s.local)} = {local}"
                lines.append(
                    f"    at {s.upper}: upstream {_number(s.upstream)} × local {self._d(s.upper, s.lower, False)} = "
                    f"{local} → downstream {_number(s.downstream)}"
                )
        mark = "?" if self.truncated else ("✓" if self.agrees else "✗")
        budget = Budget(self.elapsed)
        lines.append(
            f"  sum over paths = {_number(self.value)}; differentiating the whole formula: "
            f"{text_of(self.analytic, pretty=True, budget=budget)} = {_number(self.analytic_value)} {mark}"
        )
        if budget.skipped:
            lines.append("  " + UNSIMPLIFIED)
        return "\n".join(lines)

    def _repr_latex_(self) -> str:
        d = self._d(self.target, self.wrt, True)
        # a one-step path's chain is the derivative itself: don't write it twice
        rows = [" = ".join(p for p in self._equation(path, latex=True) if p != d) for path in self.paths]
        if self.truncated:
            rows.append(r"\text{… more paths}")
        budget = Budget(self.elapsed)
        total = rf"&= {latex_of(self.analytic, pretty=True, budget=budget)} = {_number(self.analytic_value)}"
        notes = [rf"\text{{{UNSIMPLIFIED}}}"] if budget.skipped else []
        if self.where:  # "x_1_1 is x[0, 0]; …" with the symbol typeset
            symbol, rest = self.where.split(" ", 1)
            notes.insert(0, rf"{latex_name(symbol)}\text{{ {rest}}}")
        body = r"\\ &+ ".join(rows)
        footer = "".join(rf"\\ &{note}" for note in notes)
        return rf"$\begin{{aligned}}{d} &= {body}\\ {total}{footer}\end{{aligned}}$"


def explain(
    output: Tensor, input: Tensor | str, index: Any = 0, output_index: Any = None, index_style: str = "auto"
) -> Explanation:
    """The chain rule for one element of ``input``'s gradient, path by path: one path per edge of the graph.

    ``index`` picks the element as tensor indexing does, counting from 0: ``(1, 2)`` is ``W[1, 2]``, whose
    symbol is ``W_2_3`` (symbols count from 1); a single int picks an element of a vector, or counts a
    matrix's elements in row-major order. Intermediate tensors bound to the caller's variables (``y``, ``z``)
    are the stations. A tensor used twice by one operation (``y * y``) gives two paths, one per arrow.

    >>> x = ones(2, 2, requires_grad=True)
    >>> y = x + 2
    >>> z = y * y * 3
    >>> out = z.mean()
    >>> explain(out, x, (0, 0))
    ∂out/∂x_1_1: 2 paths (x_1_1 is x[0, 0]; symbols count from 1)
      path 1: out → z_1_1 → y_1_1 → x_1_1
        ∂out/∂z_1_1 · ∂z_1_1/∂y_1_1 · ∂y_1_1/∂x_1_1 = 1/4 · 3*y_1_1 · 1 = 0.25 · 9 · 1 = 2.25
    ...
    """
    start = time.perf_counter()
    frame = sys._getframe(1)
    derivation = build(output, {}, frame, index_style)
    source = derivation._input(input)
    shape = tuple(source.symbols.shape)
    position = element_index(index, shape, source.name)
    wrt = source.symbols[position]
    if output_index is None and len(derivation._flat) != 1:
        raise RuntimeError(f"{derivation.output_name} is not a scalar: pass output_index to pick one of its elements")
    out_position = () if output_index is None else element_index(output_index, derivation.output_shape, "the output")
    k = int(np.ravel_multi_index(out_position, derivation.output_shape)) if out_position else 0
    explanation = _explain(output, derivation, frame, k, source, wrt, index_style)
    if shape:
        explanation.where = f"{wrt} is {_position(source.name, position)}; symbols count from 1"
    explanation.elapsed = time.perf_counter() - start
    return explanation


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

    # every use of a station or an input (one arrow of the graph) gets symbols of its own, so that y * y
    # stays a product of two factors and gives two paths; ``origin`` maps each use back to its element
    origin: dict[sympy.Symbol, sympy.Symbol] = {}

    def use(symbols: np.ndarray) -> np.ndarray:
        copies = np.empty(symbols.shape, dtype=object)
        for index, symbol in np.ndenumerate(symbols):
            copies[index] = copy = sympy.Dummy(symbol.name, real=True)
            origin[copy] = symbol
        return copies

    inputs = list(derivation.inputs.values())
    top, locals_ = replay(output, inputs, cuts, use)

    # each station symbol's local formula, lowest stations first (the replay's order)
    local_of: dict[sympy.Symbol, sympy.Expr] = {}
    for key, formula in locals_.items():
        local_of.update(zip(cuts[key].reshape(-1), formula.reshape(-1)))
    subs = derivation.substitutions()

    def value(expr: sympy.Expr) -> float:
        for s in expr.free_symbols:
            if s in origin and s not in subs:
                subs[s] = subs[origin[s]]
        return value_of(expr, subs)

    reaches: dict[sympy.Symbol, bool] = {}  # does this station element depend on the chosen input element?
    for symbol, formula in local_of.items():
        free = [origin.get(s, s) for s in formula.free_symbols]
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
        toward = {s for s in local_of[upper].free_symbols if origin.get(s) == wrt or reaches.get(origin.get(s))}
        for edge, local in partials(local_of[upper], toward).items():
            local_value = value(local)
            lower, local = origin[edge], local.xreplace(origin)
            route = steps + [Step(upper, lower, local, local_value, upstream, upstream * local_value)]
            if lower != wrt:
                stack.append((lower, route))
            elif len(paths) < MAX_PATHS:
                paths.append(Path(route))
            else:
                truncated = True
    paths.sort(key=lambda p: [(sympy.default_sort_key(s.lower), str(s.local)) for s in p.steps])
    analytic = derivation._element_partials(k, source).get(wrt, sympy.Integer(0))
    return Explanation(target, wrt, paths, truncated, analytic, value(analytic))
