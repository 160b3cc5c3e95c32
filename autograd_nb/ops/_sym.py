"""Small helpers for the symbolic rules: SymPy values live in numpy object arrays."""

from __future__ import annotations

import numbers
from collections.abc import Callable
from typing import Any

import numpy as np


class _LazySympy:
    """SymPy, imported when a symbolic rule first runs.

    Only ``autograd_nb.sym`` needs it; loading it with the engine would add a third of a second to
    ``import autograd_nb`` and tens of thousands of objects for the garbage collector to scan.
    """

    def __getattr__(self, name: str) -> Any:
        import sympy as module  # lazy: SymPy loads on first use, as said above

        return getattr(module, name)


sympy = _LazySympy()

# a float becomes an exact rational when its shortest decimal form has at most this many digits
_SHORT_DECIMAL_DIGITS = 6


def elementwise(fn: Callable, a: Any) -> Any:
    """Apply a SymPy function to every element of an object array (or to a single expression)."""
    if isinstance(a, np.ndarray):
        out = np.empty(a.shape, dtype=object)
        flat_in, flat_out = a.reshape(-1), out.reshape(-1)
        for i in range(flat_in.size):
            flat_out[i] = fn(flat_in[i])
        return out
    return fn(a)


def exact(value: Any) -> Any:
    """A number (or an array of numbers) as SymPy would write it: 0.1 -> 1/10, 2.0 -> 2.

    Floats whose shortest decimal form is short become exact rationals, so that formulas read as a
    person writes them; other floats stay SymPy Floats with their full binary value.

    >>> exact(0.1), exact(3), exact(np.float32(0.0001))
    (1/10, 3, 1/10000)
    """
    if isinstance(value, np.ndarray):
        memo: dict = {}  # constants repeat (ones, zeros), and each conversion formats a string
        out = np.empty(value.shape, dtype=object)
        flat = out.reshape(-1)
        for i, v in enumerate(value.reshape(-1)):  # numpy scalars keep their precision for str()
            flat[i] = memo[v] if v in memo else memo.setdefault(v, exact(v))
        return out
    if value is None or isinstance(value, sympy.Basic):
        return value
    if isinstance(value, (bool, np.bool_, numbers.Integral)):
        return sympy.Integer(int(value))
    if isinstance(value, (numbers.Real, np.floating)):
        if not np.isfinite(value):
            return sympy.nan if np.isnan(value) else (sympy.oo if value > 0 else -sympy.oo)
        # str() of a numpy float is its shortest round-trip form in its own precision (float32 0.1 -> "0.1")
        text = str(value) if isinstance(value, np.floating) else repr(float(value))
        digits = text.lower().split("e")[0].lstrip("-").replace(".", "").strip("0")
        if len(digits) <= _SHORT_DECIMAL_DIGITS:
            return sympy.Rational(text)
        return sympy.Float(float(value))
    return value


def sum_last_axis(a: np.ndarray) -> np.ndarray:
    """Sum an object array over its last axis with one flat ``Add`` per result element."""
    out = np.empty(a.shape[:-1], dtype=object)
    for index in np.ndindex(out.shape):
        out[index] = sympy.Add(*a[index])
    return out
