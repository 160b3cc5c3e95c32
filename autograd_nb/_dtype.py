"""dtypes and torch.Size, mapped onto numpy, and PyTorch's type promotion (``result_type``)."""

from __future__ import annotations

import builtins
import math
import numbers
from typing import Any

import numpy as np


class dtype:
    """A PyTorch-style dtype: ``torch.float32`` and friends, backed by a numpy dtype."""

    __slots__ = ("name", "np", "is_floating_point", "is_signed", "itemsize")

    def __init__(self, name: str, np_dtype: type) -> None:
        self.name = name
        self.np = np.dtype(np_dtype)
        self.is_floating_point = self.np.kind == "f"
        self.is_signed = self.np.kind in "fi"
        self.itemsize = self.np.itemsize

    def __repr__(self) -> str:
        return f"torch.{self.name}"

    def __reduce__(self):
        return (_by_name, (self.name,))


float16 = half = dtype("float16", np.float16)
float32 = float = dtype("float32", np.float32)
float64 = double = dtype("float64", np.float64)
uint8 = dtype("uint8", np.uint8)
int8 = dtype("int8", np.int8)
int16 = short = dtype("int16", np.int16)
int32 = int = dtype("int32", np.int32)
int64 = long = dtype("int64", np.int64)
bool = dtype("bool", np.bool_)

_ALL = (float16, float32, float64, uint8, int8, int16, int32, int64, bool)
_FROM_NUMPY = {d.np: d for d in _ALL}


# the names PyTorch's messages use for a dtype ("result type Float can't be cast to ... Long")
TYPE_NAMES = {"float32": "Float", "float64": "Double", "float16": "Half", "int64": "Long", "int32": "Int",
              "int16": "Short", "int8": "Char", "uint8": "Byte", "bool": "Bool"}  # fmt: skip


def _by_name(name: str) -> dtype:
    return globals()[name]


def from_numpy_dtype(np_dtype: np.dtype) -> dtype:
    try:
        return _FROM_NUMPY[np.dtype(np_dtype)]
    except KeyError:
        raise TypeError(
            f"can't convert np.ndarray of type numpy.{np.dtype(np_dtype).name}. The only supported types "
            "are: float64, float32, float16, int64, int32, int16, int8, uint8, and bool."
        ) from None


class Size(tuple):
    """The shape of a tensor: a tuple that prints as ``torch.Size([2, 2])``."""

    def __repr__(self) -> str:
        return f"torch.Size({list(self)})"

    __str__ = __repr__

    def numel(self) -> int:
        n = 1
        for s in self:
            n *= s
        return n


# -- type promotion --------------------------------------------------------------------------------

_CATEGORY = {"b": 0, "u": 1, "i": 1, "f": 2}
_DEFAULT_FOR_CATEGORY = {0: np.dtype(np.bool_), 1: np.dtype(np.int64), 2: np.dtype(np.float32)}


def _promote_types(dtypes: list[np.dtype]) -> np.dtype:
    # numpy widens int64 + float32 to float64; PyTorch keeps the float type of the higher kind
    top = max(_CATEGORY[d.kind] for d in dtypes)
    return np.result_type(*(d for d in dtypes if _CATEGORY[d.kind] == top))


def result_type(*operands: Any) -> np.dtype:
    """The dtype PyTorch gives an operation on ``operands`` (Tensors and Python numbers).

    Tensors with dimensions outrank 0-d tensors, which outrank Python numbers; a lower-ranked operand
    only matters when its kind (bool < integer < float) is higher than everything ranked above it.

    >>> import autograd_nb as torch
    >>> result_type(torch.tensor([1, 2]), 2.5)
    dtype('float32')
    """
    groups: list[list[np.dtype]] = [[], [], []]
    for x in operands:
        array = getattr(x, "_data", None)  # a Tensor's numpy array (this module comes before Tensor)
        if array is not None:
            groups[0 if array.ndim else 1].append(array.dtype)
        elif isinstance(x, builtins.bool):  # (``bool`` in this module is torch.bool)
            groups[2].append(_DEFAULT_FOR_CATEGORY[0])
        elif isinstance(x, numbers.Integral):
            groups[2].append(_DEFAULT_FOR_CATEGORY[1])
        elif isinstance(x, numbers.Real):
            groups[2].append(_DEFAULT_FOR_CATEGORY[2])
    result = None
    for group in groups:
        if not group:
            continue
        promoted = _promote_types(group)
        if result is None:
            result = promoted
        elif _CATEGORY[promoted.kind] > _CATEGORY[result.kind]:
            result = _DEFAULT_FOR_CATEGORY[_CATEGORY[promoted.kind]] if group is groups[2] else promoted
    return result if result is not None else np.dtype(np.float32)


# -- a Python number meeting a tensor's dtype --------------------------------------------------------
# PyTorch turns a Python number into a C++ value of an operation's dtype in one of two ways, and numpy in
# neither (it refuses ``int8_array + 1000`` outright):
# * an operand of arithmetic, comparisons and bitwise ops (``t + 1000``, ``t < 1000``) is cast through a 64-bit
#   integer, which wraps around as C does: beside an int8 tensor, 1000 is -24 (so ``t < 1000`` is False for 1);
# * a scalar argument (a fill value, ``alpha``, a clamp bound, a ``where`` or ``masked_fill`` value, an exponent)
#   is checked, and one that does not fit is an error.

_C_NAMES = {"uint8": "uint8_t", "int8": "int8_t", "int16": "int16_t", "int32": "int", "int64": "int64_t",
            "float16": "c10::Half", "float32": "float", "float64": "double"}  # fmt: skip
# and the C++ names of a few of PyTorch's messages (clamp_ with a number bound into an integer tensor)
CPP_TYPE_NAMES = {"uint8": "unsigned char", "int8": "signed char", "int16": "short int", "int32": "int",
                  "int64": "long int", "bool": "bool"}  # fmt: skip


def _as_64_bits(number: builtins.int) -> builtins.int:
    """The bits of a Python int as PyTorch reads it (int64, or uint64 above that), with its errors beyond."""
    if number >= 2**64:
        raise OverflowError("int too big to convert")
    if number < -(2**63):
        raise OverflowError("can't convert negative int to unsigned")
    return number % 2**64


def wrapped_int(number: builtins.int, target: np.dtype) -> Any:
    """A Python int operand beside an integer tensor whose op computes in ``target``: itself when it fits, else
    wrapped around as PyTorch's cast does it, as a numpy scalar of ``target``.

    >>> wrapped_int(1000, np.dtype(np.int8)), wrapped_int(5, np.dtype(np.int8))
    (np.int8(-24), 5)
    """
    info = np.iinfo(target)
    if info.min <= number <= info.max:
        return number
    return np.array(_as_64_bits(number), np.uint64).astype(target)[()]


def checked_scalar(value: Any, target: np.dtype) -> Any:
    """``value``, a scalar argument of an op computing in ``target``, unchanged if it fits there; otherwise
    PyTorch's error. As in C++, a negative int fits an unsigned dtype when its magnitude does (uint8: -1 is 255),
    and inf and nan fit a float dtype only.

    >>> checked_scalar(1000, np.dtype(np.int8))
    Traceback (most recent call last):
    RuntimeError: value cannot be converted to type int8_t without overflow
    """
    if target.kind == "b" or isinstance(value, builtins.bool) or not isinstance(value, numbers.Real):
        return value
    is_int = isinstance(value, numbers.Integral)
    if is_int:
        _as_64_bits(builtins.int(value))
    if target.kind == "f":
        fits = math.isnan(value) or math.isinf(value) or abs(value) <= builtins.float(np.finfo(target).max)
    else:
        info = np.iinfo(target)
        low = -info.max if target.kind == "u" and is_int else info.min
        fits = low <= value <= info.max  # False for nan
    if not fits:
        raise RuntimeError(f"value cannot be converted to type {_C_NAMES[target.name]} without overflow")
    return wrapped_int(value, target) if is_int and target.kind in "iu" else value
