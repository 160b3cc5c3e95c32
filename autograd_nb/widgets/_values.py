"""Turning what a learner types or passes into input arrays, and arrays back into text."""

from __future__ import annotations

import ast
import math
from typing import Any

import numpy as np

from .._tensor import Tensor


class BadInput(Exception):
    """A sentence for the learner: what is wrong with the value, the function or its result."""


def starting_array(name: str, value: Any) -> np.ndarray:
    """A starting value as a float array: tensors and float arrays keep their dtype, the rest is float32."""
    if isinstance(value, Tensor):
        array = np.array(value.detach()._data, copy=True)
    elif isinstance(value, np.ndarray):
        array = np.array(value, copy=True)
    else:  # Python numbers and lists become float32, as torch.tensor makes them
        array = np.array(value, copy=True)
        array = array.astype(np.float32) if array.dtype.kind in "biuf" else array
    if array.dtype == object or array.dtype.kind not in "biuf":
        raise TypeError(f"{name} must be a number, a list of numbers, an array or a tensor, not {type(value).__name__}")
    if array.dtype.kind != "f":
        array = array.astype(np.float32)
    return array


def parse(name: str, raw: Any, like: np.ndarray) -> np.ndarray:
    """``raw`` (text, number, list, array or tensor) as an array shaped and typed like ``like``, or BadInput."""
    if isinstance(raw, str):
        try:
            raw = ast.literal_eval(raw.strip())
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            raise BadInput(f"{name}: could not read {raw.strip()!r} as a number or a list of numbers.") from None
    if isinstance(raw, Tensor):
        raw = raw.detach()._data
    try:
        array = np.asarray(raw, dtype=np.float64)
    except (ValueError, TypeError):
        raise BadInput(f"{name}: {raw!r} is not a number or a (rectangular) list of numbers.") from None
    if array.shape != like.shape:
        raise BadInput(
            f"{name} must have shape {shape_text(like.shape)}, like its starting value, "
            f"but the new value has shape {shape_text(array.shape)}."
        )
    return array.astype(like.dtype)


def shape_text(shape: tuple) -> str:
    return "(" + ", ".join(map(str, shape)) + ("," if len(shape) == 1 else "") + ")"


def as_text(array: np.ndarray) -> str:
    """The value as a Python literal, each number in its shortest form for its dtype (float32 0.1 -> 0.1)."""
    if array.ndim == 0:
        return _number(array[()])
    return "[" + ", ".join(as_text(part) for part in array) + "]"


def _number(value: np.floating) -> str:
    text = str(value)
    return text if text not in ("nan", "inf", "-inf") else f"float('{text}')"


_NICE = (1.0, 2.0, 5.0)


def slider_range(value: float) -> tuple[float, float, float]:
    """``(min, max, step)``: a symmetric range of a round size holding ``value`` with room to move, 40 steps,
    or finer steps when ``value`` falls between them (a browser slider would round it to the nearest step)."""
    reach = max(1.0, 2.0 * abs(value)) if math.isfinite(value) else 1.0
    power = 10.0 ** math.floor(math.log10(reach))
    bound = next(power * n for n in (*_NICE, 10.0) if power * n >= reach)
    return -bound, bound, grid_step(value, bound / 20, bound)


def grid_step(value: float, step: float, bound: float) -> float:
    """``step``, divided by 10 until ``value`` lies on its grid (to float32 precision), at most 6 times."""
    for _ in range(6):
        if not math.isfinite(value) or abs(round(value / step) * step - value) <= 1e-6 * bound:
            break
        step /= 10
    return step


def element_label(name: str, index: tuple) -> str:
    return name if not index else f"{name}[{', '.join(map(str, index))}]"
