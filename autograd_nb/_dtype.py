"""dtypes and torch.Size, mapped onto numpy, and PyTorch's type promotion (``result_type``)."""

from __future__ import annotations

import builtins
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
