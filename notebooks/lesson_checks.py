"""Answer checkers for the lessons' exercises: each prints ✓ or says what is off, and never raises.

>>> check_answer("exercise 1", 4.5, 4.5)
exercise 1: ✓
>>> check_answer("exercise 2", ..., 4.5)
exercise 2: not answered yet (replace ... with your answer)
"""

from __future__ import annotations

from typing import Any

import numpy as np
import sympy


def _as_array(value: Any) -> np.ndarray:
    """Numbers, nested lists, tuples, booleans and tensors (ours or PyTorch's) as a float array."""
    if hasattr(value, "detach"):
        value = value.detach().numpy()
    return np.asarray(value, dtype=float)


def check_answer(label: str, yours: Any, expected: Any, atol: float = 1e-5) -> None:
    """Print ✓ when ``yours`` equals ``expected`` within ``atol`` and has its shape, else what differs."""
    if yours is ...:
        print(f"{label}: not answered yet (replace ... with your answer)")
        return
    try:
        mine, right = _as_array(yours), _as_array(expected)
    except (TypeError, ValueError):
        print(f"{label}: ✗ {yours!r} is not a number, a list of numbers or a tensor")
        return
    if mine.shape != right.shape:
        print(f"{label}: ✗ the shape is {mine.shape}, expected {right.shape}")
    elif np.allclose(mine, right, atol=atol, rtol=0):
        print(f"{label}: ✓")
    else:
        print(f"{label}: ✗ {mine.tolist()} is not right yet")


def check_formula(label: str, yours: Any, expected: sympy.Expr) -> None:
    """Print ✓ when the formula typed as a string (``"3*x_1**2/2"``) equals the SymPy expression ``expected``.

    Names in the string are matched to the symbols of ``expected`` by name (``x_1``, ``W_12``, …).
    """
    if yours is ...:
        print(f"{label}: not answered yet (type a formula such as '3*x_1**2')")
        return
    names = {s.name: s for s in sympy.sympify(expected).free_symbols}
    try:
        typed = sympy.sympify(yours, locals=names)
    except (sympy.SympifyError, SyntaxError, TypeError):
        print(f"{label}: ✗ could not read {yours!r} as a formula (use * for products and ** for powers)")
        return
    difference = sympy.simplify(typed - expected)
    print(f"{label}: ✓" if difference == 0 else f"{label}: ✗ yours minus the right answer is {difference}")
