"""Small helpers for the symbolic rules: SymPy values live in numpy object arrays."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np


def elementwise(fn: Callable, a: Any) -> Any:
    """Apply a SymPy function to every element of an object array (or to a single expression)."""
    if isinstance(a, np.ndarray):
        out = np.empty(a.shape, dtype=object)
        flat_in, flat_out = a.reshape(-1), out.reshape(-1)
        for i in range(flat_in.size):
            flat_out[i] = fn(flat_in[i])
        return out
    return fn(a)
