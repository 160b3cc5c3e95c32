"""Making tensors: ``tensor``, ``ones``, ``zeros``, ``arange``, ``randn`` and friends."""

from __future__ import annotations

import builtins
import numbers
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np

from . import _dtype
from ._tensor import Tensor, _shape_args

_generator = np.random.default_rng(0)


def _np_dtype(dtype: Any, default: Any = None) -> np.dtype | None:
    if dtype is None:
        return default
    return dtype.np if isinstance(dtype, _dtype.dtype) else np.dtype(dtype)


def _finish(array: np.ndarray, requires_grad: bool) -> Tensor:
    t = Tensor._make(array)
    if requires_grad:
        # factories word this differently from Tensor.requires_grad_
        if array.dtype.kind != "f":
            raise RuntimeError("Only Tensors of floating point and complex dtype can require gradients")
        t.requires_grad_(True)
    return t


def _infer_dtype(data: Any) -> np.dtype:
    """PyTorch's inference: Python floats give float32, ints int64, bools bool; numpy keeps its dtype."""
    if isinstance(data, (np.ndarray, np.generic)):
        return data.dtype
    if isinstance(data, Tensor):
        return data._data.dtype
    if isinstance(data, builtins.bool):
        return np.dtype(np.bool_)
    if isinstance(data, numbers.Integral):
        return np.dtype(np.int64)
    if isinstance(data, numbers.Real):
        return np.dtype(np.float32)
    if isinstance(data, (list, tuple)):
        kinds = [_infer_dtype(item) for item in data]
        if not kinds:
            return np.dtype(np.float32)
        best = kinds[0]
        for kind in kinds[1:]:
            if "bif".index(_kind(kind)) > "bif".index(_kind(best)):
                best = kind
            elif _kind(kind) == _kind(best) and kind != best:
                best = np.result_type(best, kind)
        return best
    raise TypeError(f"Could not infer dtype of {type(data).__name__}")


def _kind(dtype: np.dtype) -> str:
    return {"b": "b", "i": "i", "u": "i", "f": "f"}[dtype.kind]


def tensor(data: Any, dtype: Any = None, device: Any = None, requires_grad: bool = False) -> Tensor:
    """A new tensor holding a copy of ``data`` (nested lists, numbers, numpy arrays).

    >>> tensor([[1.0, 2], [3, 4]])
    tensor([[1., 2.],
            [3., 4.]])
    """
    if isinstance(data, Tensor):
        warnings.warn(
            "To copy construct from a tensor, it is recommended to use sourceTensor.detach().clone() or "
            "sourceTensor.detach().clone().requires_grad_(True), rather than torch.tensor(sourceTensor).",
            UserWarning,
            stacklevel=2,
        )
    target = _np_dtype(dtype) or _infer_dtype(data)
    if isinstance(data, (list, tuple)):
        data = _plain(data)
    array = np.array(data._data if isinstance(data, Tensor) else data, dtype=target)
    return _finish(array, requires_grad)


def _plain(data: Any) -> Any:
    if isinstance(data, (list, tuple)):
        return [_plain(item) for item in data]
    if isinstance(data, Tensor):
        return data.item()
    return data


def as_tensor(data: Any, dtype: Any = None) -> Tensor:
    if isinstance(data, Tensor) and dtype is None:
        return data
    return tensor(data, dtype=dtype)


def from_numpy(array: np.ndarray) -> Tensor:
    """A tensor sharing memory with ``array``."""
    _dtype.from_numpy_dtype(array.dtype)
    return Tensor._make(array)


def _sized(fill: Any, size: tuple, dtype: Any, requires_grad: bool) -> Tensor:
    shape = _shape_args(size)
    if builtins.any(s < 0 for s in shape):
        raise RuntimeError(f"Trying to create tensor with negative dimension {builtins.min(shape)}: {list(shape)}")
    default = _infer_dtype(fill) if fill is not None and dtype is None else np.dtype(np.float32)
    array = np.full(shape, 0 if fill is None else fill, dtype=_np_dtype(dtype, default))
    return _finish(array, requires_grad)


def ones(*size: Any, dtype: Any = None, requires_grad: bool = False, **_: Any) -> Tensor:
    """A tensor of ones; ``ones(2, 2)`` or ``ones((2, 2))``."""
    return _sized(1, size, dtype if dtype is not None else _dtype.float32, requires_grad)


def zeros(*size: Any, dtype: Any = None, requires_grad: bool = False, **_: Any) -> Tensor:
    """A tensor of zeros."""
    return _sized(0, size, dtype if dtype is not None else _dtype.float32, requires_grad)


empty = zeros


def full(size: Sequence[int], fill_value: Any, *, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    """A tensor filled with ``fill_value`` (its dtype inferred from the value, as PyTorch does)."""
    return _sized(fill_value, tuple(size), dtype, requires_grad)


def _like(source: Tensor, fill: Any, dtype: Any, requires_grad: bool) -> Tensor:
    target = _np_dtype(dtype, source._data.dtype)
    return _finish(np.full(source._data.shape, fill, dtype=target), requires_grad)


def ones_like(input: Tensor, *, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    return _like(input, 1, dtype, requires_grad)


def zeros_like(input: Tensor, *, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    return _like(input, 0, dtype, requires_grad)


empty_like = zeros_like


def full_like(input: Tensor, fill_value: Any, *, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    return _like(input, fill_value, dtype, requires_grad)


def arange(start: Any, end: Any = None, step: Any = 1, *, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    """Evenly spaced values in ``[start, end)``; integer arguments give int64, any float gives float32."""
    if end is None:
        start, end = 0, start
    values = (start, end, step)
    default = np.float32 if builtins.any(isinstance(v, builtins.float) for v in values) else np.int64
    target = _np_dtype(dtype, np.dtype(default))
    count = builtins.max(int(np.ceil((end - start) / step)), 0)
    array = (start + step * np.arange(count, dtype=np.float64)).astype(target)
    return _finish(array, requires_grad)


def linspace(start: float, end: float, steps: int, *, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    array = np.linspace(start, end, steps).astype(_np_dtype(dtype, np.dtype(np.float32)))
    return _finish(array, requires_grad)


def eye(n: int, m: int | None = None, *, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    return _finish(np.eye(n, m, dtype=_np_dtype(dtype, np.dtype(np.float32))), requires_grad)


def manual_seed(seed: int) -> np.random.Generator:
    """Seed the generator behind ``rand``/``randn`` (numpy's, so values differ from PyTorch's)."""
    global _generator
    _generator = np.random.default_rng(seed)
    return _generator


def _random_shape(size: tuple, size_kw: Any) -> tuple:
    return _shape_args(size) if size else _shape_args((size_kw,)) if size_kw is not None else ()


def rand(*size: Any, size_kw: Any = None, dtype: Any = None, requires_grad: bool = False, **kw: Any) -> Tensor:
    """Uniform samples in [0, 1)."""
    shape = _random_shape(size, kw.pop("size", size_kw))
    array = _generator.random(shape).astype(_np_dtype(dtype, np.dtype(np.float32)))
    return _finish(np.asarray(array), requires_grad)


def randn(*size: Any, size_kw: Any = None, dtype: Any = None, requires_grad: bool = False, **kw: Any) -> Tensor:
    """Standard normal samples; ``randn(3)``, ``randn(2, 2)`` or ``randn(size=())``."""
    shape = _random_shape(size, kw.pop("size", size_kw))
    array = _generator.standard_normal(shape).astype(_np_dtype(dtype, np.dtype(np.float32)))
    return _finish(np.asarray(array), requires_grad)


def randint(low: int, high: int | None = None, size: Sequence[int] = (), *, dtype: Any = None) -> Tensor:
    if high is None:
        low, high = 0, low
    array = _generator.integers(low, high, size=tuple(size)).astype(_np_dtype(dtype, np.dtype(np.int64)))
    return Tensor._make(np.asarray(array))
