"""Indexing (``x[0]``, slices, integer lists, boolean masks) and the in-place writers."""

from __future__ import annotations

from typing import Any

import numpy as np

from .._shapes import normalize_dims, raise_broadcast_error
from .._tensor import Tensor
from ..autograd.both import gather, scatter_add, zeros
from ..autograd.function import Op
from ._sym import exact, sympy
from .shape import Alias


def _at(dim: int, index) -> tuple:
    return (slice(None),) * dim + (index,)


class Select(Op):
    """``x[i]`` along one dimension."""

    name = "SelectBackward0"
    view = True

    def forward(ctx, a, dim, index):
        (ctx.dim,) = normalize_dims(dim, a.ndim)
        size = a.shape[ctx.dim]
        if not -size <= index < size:
            raise IndexError(f"index {index} is out of bounds for dimension {ctx.dim} with size {size}")
        ctx.in_shape, ctx.key = a.shape, _at(ctx.dim, index % size)
        return a[ctx.key + (...,)]  # the trailing ... keeps a 0-d result a numpy view, not a copied scalar

    def backward(ctx, grad):
        return SelectGrad.apply(grad, shape=ctx.in_shape, key=ctx.key)

    def symbolic(ctx, a):
        return np.asarray(a)[ctx.key]


class Slice(Op):
    """``x[start:stop:step]`` along one dimension (also ``narrow``)."""

    name = "SliceBackward0"
    view = True

    def forward(ctx, a, dim, start, stop, step=1):
        (ctx.dim,) = normalize_dims(dim, a.ndim)
        if step is not None and step <= 0:
            raise ValueError("step must be greater than zero")
        ctx.in_shape, ctx.key = a.shape, _at(ctx.dim, slice(start, stop, step))
        return a[ctx.key]

    def backward(ctx, grad):
        return SliceGrad.apply(grad, shape=ctx.in_shape, key=ctx.key)

    def symbolic(ctx, a):
        return np.asarray(a)[ctx.key]


class Index(Op):
    """Advanced indexing: integer lists or tensors, boolean masks."""

    name = "IndexBackward0"

    def forward(ctx, a, key):
        ctx.in_shape, ctx.key = a.shape, key
        try:
            return np.asarray(a[key])
        except IndexError as error:
            raise IndexError(str(error).replace("axis", "dimension")) from None

    def backward(ctx, grad):
        return IndexGrad.apply(grad, shape=ctx.in_shape, key=ctx.key)

    def symbolic(ctx, a):
        return np.asarray(a)[ctx.key]


class SelectGrad(Op):
    """Scatter a gradient back into a zero tensor of the input's shape (repeated indices add up)."""

    name = "SelectBackwardBackward0"
    repeats = False  # a select or slice never repeats an element: the gradient is copied (a -0. stays -0.)

    def forward(ctx, grad, shape, key):
        ctx.shape, ctx.key = shape, key
        out = np.zeros(shape, dtype=grad.dtype)
        if ctx.op.repeats:
            np.add.at(out, key, grad)
        else:
            out[key] = grad
        return out

    def backward(ctx, grad):
        return Index.apply(grad, key=ctx.key)

    def symbolic(ctx, grad):
        out = np.full(ctx.shape, sympy.Integer(0), dtype=object)
        np.add.at(out, ctx.key, grad)
        return out


class SliceGrad(SelectGrad):
    name = "SliceBackwardBackward0"


class IndexGrad(SelectGrad):
    name = "IndexPutBackward0"
    repeats = True


class Fill(Op):
    """``fill_``: every element replaced, so no gradient flows to the old values."""

    name = "FillBackward2"

    def forward(ctx, a, value):
        ctx.value = value
        return np.full_like(a, value)

    def backward(ctx, grad):
        return zeros(grad.shape, like=grad)  # zeros_like, as PyTorch: never -0.

    def symbolic(ctx, a):
        return np.full(np.shape(a), exact(ctx.value), dtype=object)


class Zero(Fill):
    name = "ZeroBackward0"


class IndexPut(Op):
    """``x[mask] = value`` or ``x[[0, 2]] = value``: advanced indices write without a view."""

    name = "IndexPutBackward0"
    promote = "binary"

    def forward(ctx, a, value, key):
        ctx.key = key
        out = a.copy()
        out[key] = value
        return out

    def backward(ctx, grad):
        grad_a = IndexPut.apply(grad, 0.0, key=ctx.key) if ctx.needs_input_grad[0] else None
        grad_value = grad[ctx.key] if ctx.needs_input_grad[1] else None
        return grad_a, grad_value

    def symbolic(ctx, a, value):
        out = np.array(a, dtype=object)
        out[ctx.key] = value
        return out


class Copy(Op):
    """``x.copy_(src)``: every element replaced by ``src`` (broadcast, converted to x's dtype)."""

    name = "CopyBackwards"

    def forward(ctx, a, src):
        try:
            shape = np.broadcast_shapes(a.shape, np.shape(src))
        except ValueError:
            raise_broadcast_error(a.shape, np.shape(src))
        if shape != a.shape:
            raise RuntimeError(f"output with shape {list(a.shape)} doesn't match the broadcast shape {list(shape)}")
        return np.array(np.broadcast_to(src, a.shape), dtype=a.dtype)

    def backward(ctx, grad):
        return (zeros(grad.shape, like=grad) if ctx.needs_input_grad[0] else None), grad

    def symbolic(ctx, a, src):
        return np.array(np.broadcast_to(np.asarray(src, dtype=object), np.shape(a)))

# == newops: index_select, gather, scatter_add, masked_select ==


def _check_index(index: np.ndarray, dtype_message: str) -> None:
    if index.dtype.kind not in "iu":
        raise RuntimeError(dtype_message)


class IndexSelect(Op):
    """``index_select``: the entries at ``index`` (a vector of integers) along ``dim``."""

    name = "IndexSelectBackward0"

    def forward(ctx, a, dim, index):
        _check_index(index, "index_select(): Expected dtype int32 or int64 for index")
        if index.ndim > 1:
            raise IndexError("index_select(): Index is supposed to be a vector")
        (ctx.dim,) = normalize_dims(dim, a.ndim) if a.ndim else (0,)
        size = a.shape[ctx.dim] if a.ndim else 1
        if not a.ndim and index.size != 1:
            raise RuntimeError(f"index_select(): Index to scalar can have only 1 value, got {index.size} value(s)")
        if index.size and (index.min() < 0 or index.max() >= size):
            raise IndexError("index out of range in self")
        ctx.shape, ctx.index = a.shape, index.reshape(-1)
        return np.take(a, ctx.index, axis=ctx.dim) if a.ndim else a.copy()

    def backward(ctx, grad):
        if not ctx.shape:
            return grad
        # the gradient is scattered back (added, for repeated indices): scatter_add with the index spread out
        index = ctx.index.reshape([-1 if d == ctx.dim else 1 for d in range(len(ctx.shape))])
        index = np.broadcast_to(index, grad.shape)
        return scatter_add(zeros(ctx.shape, like=grad), ctx.dim, index, grad)

    def symbolic(ctx, a):
        return np.take(np.asarray(a, dtype=object), ctx.index, axis=ctx.dim) if ctx.shape else a


def _check_gather_shapes(a: np.ndarray, index: np.ndarray, dim: int, name: str) -> None:
    """PyTorch's checks of gather's and scatter's index; ``name`` is how the message calls the input."""
    if index.ndim != max(a.ndim, 1) and not (a.ndim == 0 and index.ndim == 0):
        raise RuntimeError(f"Index tensor must have the same number of dimensions as {name} tensor")
    size = a.shape[dim] if a.ndim else 1
    if index.size and (index.min() < -size or index.max() >= size):
        bad = index.max() if index.max() >= size else index.min()
        raise RuntimeError(f"index {bad} is out of bounds for dimension {dim} with size {size}")
    for d in range(a.ndim):
        if d != dim and index.shape[d] > a.shape[d]:
            raise RuntimeError(
                f"Size does not match at dimension {d} expected index {list(index.shape)} to be no larger than "
                f"self {list(a.shape)} apart from dimension {dim}"
            )


class Gather(Op):
    """``gather``: ``out[i][j] = a[index[i][j]][j]`` along ``dim`` 0 (and so on for other dims)."""

    name = "GatherBackward0"

    def forward(ctx, a, dim, index):
        _check_index(index, "gather(): Expected dtype int32/int64 for index")
        (ctx.dim,) = normalize_dims(dim, a.ndim) if a.ndim else (0,)
        _check_gather_shapes(a, index, ctx.dim, "input")
        ctx.shape, ctx.index = a.shape, index
        ctx.save_for_backward(a)  # only for the version check of an in-place change, as in PyTorch
        if not a.ndim:
            return a.copy()
        return np.take_along_axis(_leading(a, index, ctx.dim), index, axis=ctx.dim)

    def backward(ctx, grad):
        ctx.saved_tensors  # noqa: B018  (raises if the input was changed in place)
        return scatter_add(zeros(ctx.shape, like=grad), ctx.dim, ctx.index, grad)

    def symbolic(ctx, a):
        if not ctx.shape:
            return a
        return np.take_along_axis(_leading(np.asarray(a, dtype=object), ctx.index, ctx.dim), ctx.index, axis=ctx.dim)


def _leading(a: np.ndarray, index: np.ndarray, dim: int) -> np.ndarray:
    """The part of ``a`` that ``gather`` reads: as large as ``index`` in every dimension but ``dim``.

    (numpy's ``take_along_axis`` would broadcast a smaller index instead.)
    """
    return a[tuple(slice(None) if d == dim else slice(0, s) for d, s in enumerate(index.shape))]


class ScatterAdd(Op):
    """``scatter_add``: ``out = a`` plus each ``src[i][j]`` added at row ``index[i][j]`` (for ``dim`` 0)."""

    name = "ScatterAddBackward0"

    def forward(ctx, a, src, dim, index):
        _check_index(index, "scatter(): Expected dtype int64 for index")
        if a.dtype != src.dtype:
            raise RuntimeError("scatter(): Expected self.dtype to be equal to src.dtype")
        (ctx.dim,) = normalize_dims(dim, a.ndim) if a.ndim else (0,)
        _check_gather_shapes(a, index, ctx.dim, "self")
        ctx.index = index
        out = a.copy()
        np.add.at(out, _scatter_key(index, ctx.dim), src[tuple(slice(0, s) for s in index.shape)])
        return out

    def backward(ctx, grad):
        return grad, (gather(grad, ctx.dim, ctx.index) if ctx.needs_input_grad[1] else None)

    def symbolic(ctx, a, src):
        out = np.array(a, dtype=object)
        src = np.asarray(src, dtype=object)
        np.add.at(out, _scatter_key(ctx.index, ctx.dim), src[tuple(slice(0, s) for s in ctx.index.shape)])
        return out


def _scatter_key(index: np.ndarray, dim: int) -> tuple:
    """Where each element of ``index`` sends its value: its own position, except ``index`` along ``dim``."""
    if not index.ndim:
        return (Ellipsis,)
    key = list(np.indices(index.shape, sparse=True))
    key[dim] = index
    return tuple(key)


class MaskedSelect(Op):
    """``masked_select``: the elements where ``mask`` holds, as a 1-d tensor (mask and input broadcast)."""

    name = "MaskedSelectBackward0"

    def forward(ctx, a, mask):
        if mask.dtype != np.bool_:
            raise RuntimeError("masked_select: expected BoolTensor for mask")
        try:
            shape = np.broadcast_shapes(a.shape, mask.shape)
        except ValueError:
            raise_broadcast_error(mask.shape, a.shape)
        ctx.shape, ctx.mask = shape, np.broadcast_to(mask, shape)
        ctx.save_for_backward(a)  # only for the version check of an in-place change, as in PyTorch
        return np.broadcast_to(a, shape)[ctx.mask]

    def backward(ctx, grad):
        ctx.saved_tensors  # noqa: B018  (raises if the input was changed in place)
        return IndexGrad.apply(grad, shape=ctx.shape, key=(ctx.mask,))

    def symbolic(ctx, a):
        return np.broadcast_to(np.asarray(a, dtype=object), ctx.shape)[ctx.mask]


# == end newops ==


# == x[key] and x[key] = value: indexing dispatched to the ops above ==


def getitem(tensor: Tensor, key: Any) -> Tensor:
    """``tensor[key]``, recorded as PyTorch records it.

    Advanced indexing (lists, arrays, tensors, bools) is one ``Index``; basic indexing (ints, slices, None,
    ``...``) is a chain of ``select``, ``Slice`` and ``unsqueeze`` steps.
    """
    key = key if isinstance(key, tuple) else (key,)
    if any(_is_advanced(k) for k in key):
        return Index.apply(tensor, key=tuple(_index_array(k) for k in key))
    out = _basic_index(tensor, key)
    if out is tensor:  # nothing selected (x[:], x[...]): still a new view, as in PyTorch
        if any(isinstance(k, slice) for k in key):
            return Slice.apply(tensor, dim=0, start=None, stop=None)
        return Alias.apply(tensor)
    return out


def _basic_index(tensor: Tensor, key: tuple) -> Tensor:
    """One step per entry of ``key``: an int selects (dropping the dimension), a slice slices, None inserts."""
    n_indexed = sum(1 for k in key if k is not None and k is not Ellipsis)
    if not tensor._data.ndim and any(isinstance(k, slice) for k in key):
        raise IndexError("slice() cannot be applied to a 0-dim tensor.")
    if n_indexed > tensor._data.ndim:
        raise IndexError(f"too many indices for tensor of dimension {tensor._data.ndim}")
    out, dim = tensor, 0
    for k in key:
        if k is Ellipsis:
            dim += tensor._data.ndim - n_indexed
        elif k is None:
            out = out.unsqueeze(dim)
            dim += 1
        elif isinstance(k, slice):
            if k != slice(None):
                out = Slice.apply(out, dim=dim, start=k.start, stop=k.stop, step=k.step or 1)
            dim += 1
        else:
            out = out.select(dim, int(k))
    return out


def setitem(tensor: Tensor, key: Any, value: Any) -> None:
    """``tensor[key] = value`` (a Tensor or a Python number), written into ``tensor`` in place."""
    advanced = any(_is_advanced(k) for k in (key if isinstance(key, tuple) else (key,)))
    # basic indexing writes through a view (x[0].copy_(value)); advanced indexing is one index_put_
    target = None if advanced else tensor[key]
    key = tuple(_index_array(k) for k in key) if isinstance(key, tuple) else _index_array(key)
    ndim = target._data.ndim if target is not None else tensor._data[key].ndim
    if isinstance(value, Tensor) and value._data.ndim > ndim:
        # like PyTorch, drop the value's leading dimensions of size one (x[0] = ones(1, 3) on a 2x3 x)
        extra = value._data.ndim - ndim
        if all(s == 1 for s in value._data.shape[:extra]):
            value = value.view(value._data.shape[extra:])
    if target is None:
        tensor._inplace(IndexPut, value, key=key)
    else:
        target.copy_(value)


def _is_advanced(key: Any) -> bool:
    return isinstance(key, (list, np.ndarray, Tensor, bool))


def _index_array(key: Any) -> Any:
    if isinstance(key, Tensor):
        return key._data
    if isinstance(key, list):
        return np.asarray(key)
    return key
