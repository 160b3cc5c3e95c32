"""Indexing (``x[0]``, slices, integer lists, boolean masks) and the in-place writers."""

from __future__ import annotations

import numpy as np

from .._tensor import _raise_broadcast_error
from ..autograd.function import Op
from ._sym import exact, sympy
from .reductions import normalize_dims


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

    @classmethod
    def forward(cls, ctx, grad, shape, key):
        ctx.shape, ctx.key = shape, key
        out = np.zeros(shape, dtype=grad.dtype)
        if cls.repeats:
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
        return grad.new_zeros(grad.shape)  # zeros_like, as PyTorch: never -0.

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
            _raise_broadcast_error(a.shape, np.shape(src))
        if shape != a.shape:
            raise RuntimeError(f"output with shape {list(a.shape)} doesn't match the broadcast shape {list(shape)}")
        return np.array(np.broadcast_to(src, a.shape), dtype=a.dtype)

    def backward(ctx, grad):
        return (grad.new_zeros(grad.shape) if ctx.needs_input_grad[0] else None), grad

    def symbolic(ctx, a, src):
        return np.array(np.broadcast_to(np.asarray(src, dtype=object), np.shape(a)))
