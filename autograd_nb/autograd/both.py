"""What a backward rule uses beside operators: Tensor methods as functions of an array or a Tensor.

A backward gets numpy arrays in a plain backward and Tensors under ``create_graph`` (see ``Op``).
Operators, comparisons, ``.shape``, ``.ndim``, ``.reshape``, ``.sum()`` and indexing work on both; so
does ``SomeOp.apply``. For everything else a rule writes ``expand(grad, shape)`` for ``grad.expand(shape)``:
on a Tensor that is the method itself (recorded under ``create_graph``); an array is lent a Tensor for
the call and handed back as an array (grad mode is off in a plain backward, so nothing is recorded).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from .._shapes import broadcast_dims
from .._tensor import Tensor


def _tensor_method(name: str) -> Callable:
    def method(value: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(value, Tensor):
            return getattr(value, name)(*args, **kwargs)
        # numpy scalars (what numpy gives for 0-d results) would pass as weakly typed Python numbers: keep them arrays
        args = [np.asarray(a) if isinstance(a, np.generic) else a for a in args]
        return getattr(Tensor._make(np.asarray(value)), name)(*args, **kwargs)._data

    method.__name__ = method.__qualname__ = name
    method.__doc__ = f"``value.{name}(...)`` for a Tensor or an array (see the module docstring)."
    return method


abs = _tensor_method("abs")  # noqa: A001  (the Tensor method's name)
clamp = _tensor_method("clamp")
cumsum = _tensor_method("cumsum")
diagonal = _tensor_method("diagonal")
exp = _tensor_method("exp")
expand = _tensor_method("expand")
flip = _tensor_method("flip")
gather = _tensor_method("gather")
log = _tensor_method("log")
masked_fill = _tensor_method("masked_fill")
matmul = _tensor_method("matmul")
mean = _tensor_method("mean")
mm = _tensor_method("mm")
movedim = _tensor_method("movedim")
mv = _tensor_method("mv")
narrow = _tensor_method("narrow")
permute = _tensor_method("permute")
prod = _tensor_method("prod")
scatter_add = _tensor_method("scatter_add")
select = _tensor_method("select")
sgn = _tensor_method("sgn")
sigmoid = _tensor_method("sigmoid")
squeeze = _tensor_method("squeeze")
sum_dims = _tensor_method("sum")  # sum(value, dims, keepdim=True); a plain .sum() is shared already


def t(value: Any) -> Any:
    """``value.t()``; an array's is numpy's ``.T``, without lending it a Tensor (which costs more than the
    product of two small matrices that follows it in ``Mm``'s backward)."""
    return value.t() if isinstance(value, Tensor) else value.T


to = _tensor_method("to")
transpose = _tensor_method("transpose")
unsqueeze = _tensor_method("unsqueeze")
where = _tensor_method("where")


def zeros(shape: tuple, like: Any, dtype: np.dtype | None = None) -> Any:
    """Zeros of ``shape``, of ``like``'s kind (array or Tensor) and, unless given, its dtype."""
    array = np.zeros(shape, dtype or array_of(like).dtype)
    return Tensor._make(array) if isinstance(like, Tensor) else array


def array_of(value: Any) -> Any:
    """The numpy array behind a Tensor (an array or a number stays as it is): for masks and tests on values."""
    return value._data if isinstance(value, Tensor) else value


def sum_to_shape(grad: Any, shape: tuple) -> Any:
    """Sum a gradient over the dimensions broadcasting added or stretched, back to ``shape``."""
    if isinstance(grad, Tensor):
        return grad.sum_to_size(shape)
    dims = broadcast_dims(shape, grad.shape)
    # (np.add.reduce, not grad.sum(): a warning from the array method would be numpy's, shown to the learner)
    return (np.add.reduce(grad, axis=dims, keepdims=True) if dims else grad).reshape(shape)


def cast(grad: Any, dtype: np.dtype) -> Any:
    """``grad`` in ``dtype`` (recorded as ``ToCopyBackward0`` for a Tensor)."""
    if isinstance(grad, Tensor):
        return grad.to(dtype=dtype)
    return grad.astype(dtype)
