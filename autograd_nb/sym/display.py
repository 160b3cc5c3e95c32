"""Formulas as text for a terminal and as LaTeX for Jupyter, kept short and quick when they are big.

Showing must never cost more than computing: only what is shown is simplified, only formulas small
enough to simplify quickly (``SIMPLIFY_MAX_OPS``, ``SIMPLIFY_MAX_SYMBOLS``) and only while the
display's ``Budget`` lasts; a display says when it shows formulas as computed, unsimplified. Printing
stops as soon as the shown text is long enough. Numbers follow one style: integers and fractions with
small denominators exactly (``1/4``), every other constant as a decimal at the precision PyTorch prints
tensors with (``1.1625``, not ``0.116250000000000`` or ``93/80``).
"""

from __future__ import annotations

import re
import time
from typing import Any

import numpy as np
import sympy
from sympy.printing.latex import LatexPrinter as _SympyLatexPrinter
from sympy.printing.str import StrPrinter

MAX_ELEMENTS = 64  # larger matrices are summarised, not printed
MAX_CHARS = 400  # longer text formulas are cut
MAX_LATEX = 2000  # longer LaTeX is not shown (nobody reads it, and typesetting it is slow)
SIMPLIFY_MAX_OPS = 24  # sympy.factor takes milliseconds up to here, seconds on an MLP's gradient
SIMPLIFY_MAX_SYMBOLS = 4
MIN_BUDGET = 0.25  # seconds any display may spend simplifying small formulas (keeps notebook outputs stable)
MAX_DENOMINATOR = 100  # fractions up to this denominator are shown exactly (1/4, 2/3, 1/16)
DECIMALS = 4  # PyTorch's default print precision
UNSIMPLIFIED = "* shown as computed, not simplified: simplifying it would take longer than the computation it shows"


class Budget:
    """The time one display may spend simplifying, and whether it had to leave formulas unsimplified.

    >>> budget = Budget(0.5)
    >>> text_of(sympy.Symbol("x") * 3 / 2 + 3, pretty=True, budget=budget), budget.skipped
    ('3*(x + 2)/2', False)
    """

    def __init__(self, seconds: float) -> None:
        self.deadline = time.perf_counter() + max(seconds, MIN_BUDGET)
        self.skipped = False

    def allows(self, expr: sympy.Expr) -> bool:
        small = _nodes_at_most(expr, 2 * SIMPLIFY_MAX_OPS) and len(expr.free_symbols) <= SIMPLIFY_MAX_SYMBOLS
        if small and sympy.count_ops(expr) <= SIMPLIFY_MAX_OPS and time.perf_counter() < self.deadline:
            return True
        self.skipped = True
        return False


def _nodes_at_most(expr: Any, limit: int) -> bool:
    """Whether the expression tree has at most ``limit`` nodes; stops counting there, so it is cheap."""
    for n, _ in enumerate(sympy.preorder_traversal(expr)):
        if n >= limit:
            return False
    return True


def decimal(value: float) -> str:
    """A number at PyTorch's print precision, without trailing zeros: ``1.1625``, ``0.1257``, ``1.2346e-05``."""
    if value == 0 or abs(value) >= 10**-DECIMALS:
        text = f"{value:.{DECIMALS}f}".rstrip("0").rstrip(".")
        return "0" if text == "-0" else text
    return f"{value:.{DECIMALS}e}"


def _shown_as_decimal(number: sympy.Basic) -> bool:
    return bool(number.is_Float or (number.is_Rational and not number.is_Integer and number.q > MAX_DENOMINATOR))


def _decimal_coefficient(expr: sympy.Mul) -> sympy.Mul | None:
    """``163*x/125`` as ``1.304*x`` (unevaluated), or None when the coefficient is shown exactly."""
    coefficient, rest = expr.as_coeff_Mul()
    if coefficient.is_Rational and _shown_as_decimal(coefficient):
        return sympy.Mul(sympy.Float(float(coefficient)), *sympy.Mul.make_args(rest), evaluate=False)
    return None


_ELEMENT = re.compile(r"^(.+?)((?:_\d+){2,})$")  # W_2_3: an element with one index per dimension


def _element_latex(name: str, symbol_latex: Any) -> str:
    """``W_2_3`` as ``W_{2,3}``; ``symbol_latex`` writes any other name (and the base name) as SymPy does."""
    found = _ELEMENT.match(name)
    if found is None:
        return symbol_latex(name)
    base = symbol_latex(found.group(1))
    base = "{" + base + "}" if "_" in base else base  # W2_1_3: {W_{2}}_{1,3}, never a double subscript
    return f"{base}_{{{found.group(2).lstrip('_').replace('_', ',')}}}"


class ElementSymbol(sympy.Symbol):
    """The symbol of one tensor element: ``W_2_3`` in text, :math:`W_{2,3}` in LaTeX wherever SymPy prints it
    (``sympy.latex``, a Matrix's display in Jupyter), not :math:`W_{2 3}`.

    Otherwise it is the ``Symbol`` of the same name and assumptions: equal to it, same hash, same order in
    sums and products, so formulas typed with plain symbols still compare equal.

    >>> print(sympy.latex(ElementSymbol("x_1_1") + 2 * ElementSymbol("x_1_2")))
    x_{1,1} + 2 x_{1,2}
    >>> ElementSymbol("x_1_1", real=True) == sympy.Symbol("x_1_1", real=True), str(ElementSymbol("x_1_1"))
    (True, 'x_1_1')
    """

    def _latex(self, printer: Any) -> str:
        return _element_latex(self.name, lambda name: printer._print_Symbol(sympy.Symbol(name)))

    def __eq__(self, other: Any) -> bool:
        if type(other) in (sympy.Symbol, ElementSymbol):
            return self._hashable_content() == other._hashable_content()
        return super().__eq__(other)

    def __hash__(self) -> int:
        return hash(("Symbol", *self._hashable_content()))

    @classmethod
    def class_key(cls) -> tuple:
        return sympy.Symbol.class_key()


class _TooLong(Exception):
    pass


class _Capped:
    """A printer that gives up (``_TooLong``) once it has produced ``cap`` characters: big formulas stay cheap."""

    def __init__(self, cap: int | None = None) -> None:
        super().__init__({"full_prec": False})
        self.cap, self.used = cap, 0

    def _print(self, expr: Any, **kwargs: Any) -> str:
        out = super()._print(expr, **kwargs)
        if self.cap is not None:
            self.used += len(out)
            if self.used > self.cap:
                raise _TooLong
        return out

    def _print_Mul(self, expr: sympy.Mul, **kwargs: Any) -> str:
        swapped = _decimal_coefficient(expr)
        return super()._print_Mul(expr if swapped is None else swapped, **kwargs)


class TextPrinter(_Capped, StrPrinter):
    """SymPy's notation, with the display's numbers."""

    def _print_Float(self, expr: sympy.Float) -> str:
        return decimal(float(expr))

    def _print_Rational(self, expr: sympy.Rational) -> str:
        return decimal(float(expr)) if _shown_as_decimal(expr) else super()._print_Rational(expr)


class LatexPrinter(_Capped, _SympyLatexPrinter):
    """SymPy's LaTeX, with the display's numbers and element names ``W_2_3`` as :math:`W_{2,3}`."""

    def _print_Symbol(self, expr: sympy.Symbol, style: str = "plain") -> str:
        plain = super()._print_Symbol
        return _element_latex(expr.name, lambda name: plain(sympy.Symbol(name), style))

    def _print_Float(self, expr: sympy.Float) -> str:
        mantissa, _, exponent = decimal(float(expr)).partition("e")
        return mantissa + (rf" \cdot 10^{{{int(exponent)}}}" if exponent else "")

    def _print_Rational(self, expr: sympy.Rational) -> str:
        return self._print_Float(expr) if _shown_as_decimal(expr) else super()._print_Rational(expr)


def text(expr: Any, room: int = MAX_CHARS) -> str:
    """One expression as text, cut with ``…`` after about ``room`` characters; never prints much more than that."""
    try:
        out = TextPrinter(cap=3 * room + 200).doprint(expr)
        return out if len(out) <= room else out[: max(room - 1, 0)] + "…"
    except _TooLong:
        pass
    if room <= 0:
        return "…"
    if expr.is_Add or expr.is_Mul:  # the beginning of a long sum or product
        out, separator = "", " + " if expr.is_Add else "*"
        for arg in expr.args:
            piece = text(arg, room - len(out) - 3)
            if expr.is_Mul and arg.is_Add:
                piece = "(" + piece + ("" if piece.endswith("…") else ")")
            out = out + separator + piece if out else piece
            if out.endswith("…"):
                return out
        return out
    if expr.args:
        head = "sqrt" if expr.is_Pow and expr.exp == sympy.Rational(1, 2) else type(expr).__name__
        return head + "(" + text(expr.args[0], room - len(head) - 1)
    return "…"


def latex(expr: Any, room: int = MAX_LATEX) -> str | None:
    """One expression as LaTeX, or None when it would be longer than ``room`` (found out cheaply)."""
    if not _nodes_at_most(expr, room // 4):  # every node prints at least a few characters
        return None
    try:
        out = LatexPrinter(cap=3 * room + 200).doprint(expr)
    except _TooLong:
        return None
    return out if len(out) <= room else None


def readable(expr: Any, budget: Budget | None = None) -> Any:
    """As a person writes it: ``3*x_1/2 + 3`` becomes ``3*(x_1 + 2)/2``, unless factoring makes it longer.

    Only small formulas are factored, and with a ``budget`` only while it lasts.
    """
    if isinstance(expr, (sympy.MatrixBase, sympy.NDimArray)):
        if len(expr) > MAX_ELEMENTS:
            return expr
        return expr.applyfunc(lambda e: readable(e, budget))
    if not isinstance(expr, sympy.Expr) or expr.is_number:
        return expr
    if not (budget or Budget(MIN_BUDGET)).allows(expr):
        return expr
    if expr.is_Add and all(term.as_coeff_Mul()[1].is_Symbol or term.is_number for term in expr.args):
        # a linear sum: taking out the common factor is all factoring would do, and it is far cheaper
        content, rest = expr.primitive()
        if rest.could_extract_minus_sign():
            content, rest = -content, -rest
        return expr if content == 1 else sympy.Mul(content, rest, evaluate=False)
    try:
        factored = sympy.factor(expr)
    except (sympy.PolynomialError, NotImplementedError, ValueError):
        return expr
    return factored if sympy.count_ops(factored) <= sympy.count_ops(expr) else expr


def _too_big(expr: Any) -> str | None:
    """A short description of a matrix too big to show, or None."""
    if isinstance(expr, (sympy.MatrixBase, sympy.NDimArray)) and len(expr) > MAX_ELEMENTS:
        return f"a {'×'.join(map(str, expr.shape))} matrix: too big to show"
    return None


def _show(expr: Any, pretty: bool, budget: Budget | None) -> tuple[Any, bool]:
    """The element as shown, and whether it was left unsimplified."""
    if not pretty or not isinstance(expr, sympy.Expr):
        return expr, False
    budget = budget or Budget(MIN_BUDGET)
    before, budget.skipped = budget.skipped, False
    shown = readable(expr, budget)
    left = budget.skipped
    budget.skipped = before or left
    return shown, left


def _elements(expr: Any) -> list:
    return list(expr) if isinstance(expr, (sympy.MatrixBase, sympy.NDimArray)) else [sympy.sympify(expr)]


def text_of(expr: Any, pretty: bool = False, budget: Budget | None = None) -> str:
    """One line of text in SymPy's notation, cut after ``MAX_CHARS`` characters (`` *`` when left unsimplified).

    A column reads ``[a, b, c]ᵀ`` (the tutorials' notation), a matrix as nested rows.
    """
    if _too_big(expr):
        return f"({_too_big(expr)})"
    entries, left, length = [], False, 0
    for e in _elements(expr):  # one element at a time, stopping once the line is long enough
        shown, skipped = _show(e, pretty, budget)
        left = left or skipped
        entries.append(text(shown, MAX_CHARS - length))
        length += len(entries[-1]) + 2
        if length > MAX_CHARS:
            break
    cut = length > MAX_CHARS or (bool(entries) and entries[-1].endswith("…"))  # (an empty tensor has none)
    if not isinstance(expr, (sympy.MatrixBase, sympy.NDimArray)):
        line = entries[0]
    elif isinstance(expr, sympy.MatrixBase) and expr.shape[1] == 1 and expr.shape[0] > 1:
        line = "[" + ", ".join(entries) + ("" if cut else "]ᵀ")
    elif isinstance(expr, sympy.MatrixBase) and not cut and expr.shape[1]:
        cols = expr.shape[1]
        line = "[" + ", ".join("[" + ", ".join(entries[r : r + cols]) + "]" for r in range(0, len(entries), cols)) + "]"
    else:
        line = "[" + ", ".join(entries) + ("" if cut else "]")
    if len(line) > MAX_CHARS:
        line = line[: MAX_CHARS - 1] + "…"
    elif cut and not line.endswith("…"):
        line += "…"
    return line + (" *" if left else "")


def latex_of(expr: Any, pretty: bool = False, budget: Budget | None = None) -> str:
    """LaTeX of the expression (``{}^{*}`` when left unsimplified), or a note when it is too long to show."""
    if _too_big(expr):
        return rf"\text{{({_too_big(expr)})}}"
    cells, left, room = [], False, MAX_LATEX
    for e in _elements(expr):
        shown, skipped = _show(e, pretty, budget)
        left = left or skipped
        cell = latex(shown, room)
        if cell is None:
            return r"\text{(a formula too long to show)}"
        cells.append(cell)
        room -= len(cell)
    if isinstance(expr, sympy.MatrixBase) and len(cells) > 1:
        cols = expr.shape[1]
        rows = [" & ".join(cells[r : r + cols]) for r in range(0, len(cells), cols)]
        body = r"\left[\begin{matrix}" + r"\\".join(rows) + r"\end{matrix}\right]"
    elif cells:
        body = cells[0]
    else:
        body = r"\left[\;\right]"  # an empty tensor's
    return body + ("{}^{*}" if left else "")


def latex_name(name: str) -> str:
    """``x1`` -> ``x_{1}``, ``W_2_3`` -> ``W_{2,3}``, ``out`` -> ``out``: names as the display typesets symbols."""
    return LatexPrinter().doprint(sympy.Symbol(name))


def format_array(values: np.ndarray) -> str:
    """Numbers the way a person reads them: at most 6 significant digits, on one line."""
    values = np.asarray(values, dtype=np.float64)
    if values.ndim == 0:
        return f"{float(values):.6g}"
    return np.array2string(
        values,
        precision=6,
        separator=", ",
        max_line_width=10_000,
        threshold=32,
        formatter={"float_kind": lambda v: f"{v:.6g}"},
    ).replace("\n", "")
