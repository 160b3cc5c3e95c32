"""Making tensors: ``tensor``, ``ones``, ``zeros``, ``arange``, ``randn`` and friends."""

from __future__ import annotations

import builtins
import numbers
import warnings
from collections.abc import Sequence
from typing import Any

import numpy as np

from . import _dtype, _random
from ._dtype import TYPE_NAMES
from ._tensor import Tensor
from .autograd.grad_mode import is_grad_enabled


def _shape_args(args: tuple) -> tuple:
    """A shape given as separate sizes (``zeros(2, 3)``) or as one sequence (``zeros((2, 3))``)."""
    if len(args) == 1 and not isinstance(args[0], (numbers.Integral, Tensor)):
        return tuple(builtins.int(s) for s in args[0])
    return tuple(builtins.int(s) for s in args)


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
    target = _np_dtype(dtype, default)
    array = np.full(shape, 0 if fill is None else _dtype.checked_scalar(fill, target), dtype=target)
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
    return _finish(np.full(source._data.shape, _dtype.checked_scalar(fill, target), dtype=target), requires_grad)


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


def manual_seed(seed: int) -> _random.Generator:
    """Seed the default generator; the numbers that follow are PyTorch's for the same seed.

    >>> _ = manual_seed(0)
    >>> randn(3)
    tensor([ 1.5410, -0.2934, -2.1788])
    """
    return _random.default_generator.manual_seed(seed)


def initial_seed() -> int:
    return _random.default_generator.initial_seed()


def seed() -> int:
    """Seed the default generator from the operating system and return the seed."""
    return _random.default_generator.seed()


def _random_shape(size: tuple, size_kw: Any) -> tuple:
    return _shape_args(size) if size else _shape_args((size_kw,)) if size_kw is not None else ()


def _float_dtype(dtype: Any, kernel: str) -> np.dtype:
    target = _np_dtype(dtype, np.dtype(np.float32))
    if target.kind != "f":
        raise NotImplementedError(f'"{kernel}" not implemented for \'{TYPE_NAMES[target.name]}\'')
    return target


def _gen(generator: _random.Generator | None) -> _random.Generator:
    return _random.default_generator if generator is None else generator


def rand(*size: Any, generator: Any = None, dtype: Any = None, requires_grad: bool = False, **kw: Any) -> Tensor:
    """Uniform samples in [0, 1), the same as PyTorch's for the same seed."""
    shape = _random_shape(size, kw.pop("size", None))
    array = _gen(generator).uniform(shape, _float_dtype(dtype, "check_uniform_bounds"))
    return _finish(array, requires_grad)


def randn(*size: Any, generator: Any = None, dtype: Any = None, requires_grad: bool = False, **kw: Any) -> Tensor:
    """Standard normal samples; ``randn(3)``, ``randn(2, 2)`` or ``randn(size=())``.

    >>> _ = manual_seed(42)
    >>> randn(2, 2)
    tensor([[0.3367, 0.1288],
            [0.2345, 0.2303]])
    """
    shape = _random_shape(size, kw.pop("size", None))
    array = _gen(generator).normal(shape, _float_dtype(dtype, "normal_kernel_cpu"))
    return _finish(array, requires_grad)


def rand_like(input: Tensor, *, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    return rand(input.shape, dtype=dtype or input.dtype, requires_grad=requires_grad)


def randn_like(input: Tensor, *, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    return randn(input.shape, dtype=dtype or input.dtype, requires_grad=requires_grad)


def randint(low: int, high: Any = None, size: Any = None, *, generator: Any = None, dtype: Any = None,
            requires_grad: bool = False) -> Tensor:  # fmt: skip
    """Integers in ``[low, high)``: ``randint(10, (3,))`` or ``randint(2, 10, (3,))``; int64 by default."""
    if size is None and high is not None and not isinstance(high, numbers.Integral):  # randint(high, size)
        low, high, size = 0, low, high
    elif high is None:  # randint(high, size=...)
        low, high = 0, low
    if size is None:
        raise TypeError("randint() missing 1 required positional argument: 'size'")
    low, high = builtins.int(low), builtins.int(high)
    if low >= high:
        raise RuntimeError(f"random_ expects 'from' to be less than 'to', but got from={low} >= to={high}")
    array = _gen(generator).integers(low, high, _shape_args((size,)))
    return _finish(array.astype(_np_dtype(dtype, np.dtype(np.int64))), requires_grad)


def randperm(n: int, *, generator: Any = None, dtype: Any = None, requires_grad: bool = False) -> Tensor:
    """A random permutation of ``0 .. n-1`` (int64 by default)."""
    if n < 0:
        raise RuntimeError(f"Trying to create tensor with negative dimension {n}: [{n}]")
    array = _gen(generator).permutation(builtins.int(n))
    return _finish(array.astype(_np_dtype(dtype, np.dtype(np.int64))), requires_grad)


def normal(mean: Any, std: Any = 1.0, size: Any = None, *, generator: Any = None, dtype: Any = None,
           requires_grad: bool = False) -> Tensor:  # fmt: skip
    """Normal samples: ``normal(0., 1., (2, 3))``, or elementwise from tensors of means and stds."""
    if not isinstance(mean, Tensor) and not isinstance(std, Tensor):
        if size is None:
            raise TypeError("normal() received an invalid combination of arguments: size is required")
        out = zeros(_shape_args((size,)), dtype=dtype)
        _fill_random(out, "normal", generator, mean=mean, std=std)
        out.requires_grad_(requires_grad)
        return out
    # PyTorch's recipe: draw into a tensor of the broadcast shape, then scale by std and shift by mean
    mean_t, std_t = as_tensor(mean, dtype=_dtype.float32 if not isinstance(mean, Tensor) else None), std
    if isinstance(std, Tensor) and (std._data < 0).any():
        raise RuntimeError("normal expects all elements of std >= 0.0")
    shape = np.broadcast_shapes(mean_t.shape, std.shape if isinstance(std, Tensor) else ())
    out = zeros(shape, dtype=dtype or (mean_t.dtype if isinstance(mean, Tensor) else std.dtype))
    if isinstance(std_t, Tensor):
        _fill_random(out, "normal", generator, mean=0.0, std=1.0)
        out._data *= std_t._data
    else:
        _fill_random(out, "normal", generator, mean=0.0, std=std_t)
    out._data += mean_t._data
    out.requires_grad_(requires_grad)
    return out


def bernoulli(input: Tensor, p: float | None = None, *, generator: Any = None) -> Tensor:
    """Ones with probability ``input`` (elementwise), zeros otherwise; the dtype of ``input``."""
    if p is not None:
        out = zeros_like(input)
        return _fill_random(out, "bernoulli", generator, p=p)
    probabilities = input._data
    if ((probabilities < 0) | (probabilities > 1)).any():
        raise RuntimeError("Expected p_in >= 0 && p_in <= 1 to be true, but got false.")
    draws = _gen(generator).bernoulli(probabilities, probabilities.shape, probabilities.dtype)
    return Tensor._make(draws.astype(probabilities.dtype))


def _fill_random(tensor: Tensor, kind: str, generator: Any, **params: Any) -> Tensor:
    """``tensor.normal_()``, ``uniform_()``, ``bernoulli_()``: overwrite the values in place."""
    if tensor._requires_grad and is_grad_enabled():
        raise RuntimeError("a leaf Variable that requires grad is being used in an in-place operation.")
    data, gen = tensor._data, _gen(generator)
    if kind == "normal":
        if params["std"] < 0:
            raise RuntimeError(f"normal expects std >= 0.0, but found std {params['std']}")
        dtype = _float_dtype(data.dtype, "normal_kernel_cpu")
        values = gen.normal(data.shape, dtype, params["mean"], params["std"], contiguous=data.flags.c_contiguous)
    elif kind == "uniform":
        low, high = params["low"], params["high"]
        if low > high:
            raise RuntimeError(f"uniform_ expects to return a [from, to) range, but found from={low} > to={high}")
        values = gen.uniform(data.shape, _float_dtype(data.dtype, "check_uniform_bounds"), low, high)
    else:
        p = params["p"]
        if not 0 <= p <= 1:
            raise RuntimeError(f"bernoulli_ expects p to be in [0, 1], but got p={p}")
        values = gen.bernoulli(p, data.shape, np.float64)
    # PyTorch fills in memory order: walk the axes from the largest stride to the smallest
    order = sorted(range(data.ndim), key=lambda axis: -data.strides[axis])
    data.transpose(order)[...] = values.reshape([data.shape[axis] for axis in order])
    tensor._version_counter()[0] += 1
    return tensor
