"""Formulas as text for a terminal and as LaTeX for Jupyter, kept short when they are big."""

from __future__ import annotations

from typing import Any

import numpy as np
import sympy

MAX_ELEMENTS = 64  # larger matrices are summarised, not printed
MAX_CHARS = 400  # longer text formulas are cut
MAX_LATEX = 4000


def readable(expr: Any) -> Any:
    """As a person writes it: ``3*x_1/2 + 3`` becomes ``3*(x_1 + 2)/2``, unless factoring makes it longer."""
    if isinstance(expr, (sympy.MatrixBase, sympy.NDimArray)):
        if len(expr) > MAX_ELEMENTS:
            return expr
        return expr.applyfunc(readable)
    if not isinstance(expr, sympy.Expr) or expr.is_number or len(expr.args) > 16:
        return expr
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


def text_of(expr: Any, pretty: bool = False) -> str:
    """One line of text: SymPy's own notation, cut after ``MAX_CHARS`` characters."""
    if _too_big(expr):
        return f"({_too_big(expr)})"
    expr = readable(expr) if pretty else expr
    if isinstance(expr, sympy.MatrixBase):
        # one line: a column as [a, b, c]ᵀ (the tutorials' notation), a matrix as nested rows
        text = sympy.sstr(list(expr)) + "ᵀ" if expr.shape[1] == 1 and expr.shape[0] > 1 else sympy.sstr(expr.tolist())
    else:
        text = sympy.sstr(expr)
    return text if len(text) <= MAX_CHARS else text[: MAX_CHARS - 1] + "…"


def latex_of(expr: Any, pretty: bool = False) -> str:
    if _too_big(expr):
        return rf"\text{{({_too_big(expr)})}}"
    latex = sympy.latex(readable(expr) if pretty else expr)
    return latex if len(latex) <= MAX_LATEX else r"\text{(a formula too long to show)}"


def latex_name(name: str) -> str:
    """``x1`` -> ``x_{1}``, ``out`` -> ``out``: names as SymPy typesets symbols."""
    return sympy.latex(sympy.Symbol(name))


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
