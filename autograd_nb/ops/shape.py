"""Operations that move elements without computing: views, transposes, expand, cat/stack, clone."""

from __future__ import annotations

import numbers
from typing import Any

import numpy as np

from .._shapes import normalize_dims
from .._tensor import Tensor
from ..autograd.both import diagonal, narrow, permute, select, squeeze, sum_to_shape, transpose, zeros
from ..autograd.function import Op
from ._sym import sympy


def infer_shape(shape: tuple, size: int) -> tuple[int, ...]:
    """Resolve a single -1 in ``shape`` as PyTorch does, with its error messages."""
    shape = tuple(int(s) for s in shape)
    if shape.count(-1) > 1:
        raise RuntimeError("only one dimension can be inferred")
    known = int(np.prod([s for s in shape if s != -1]))
    if -1 in shape:
        if known == 0 or size % known:
            raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size {size}")
        shape = tuple(size // known if s == -1 else s for s in shape)
    elif known != size:
        raise RuntimeError(f"shape '{list(shape)}' is invalid for input of size {size}")
    return shape


class View(Op):
    name = "ViewBackward0"
    view = True

    def forward(ctx, a, shape, must_alias=False):
        ctx.in_shape = a.shape
        ctx.shape = infer_shape(shape, a.size)
        out = a.reshape(ctx.shape)
        if must_alias and a.size and not np.shares_memory(out, a):
            raise RuntimeError(
                "view size is not compatible with input tensor's size and stride (at least one dimension spans "
                "across two contiguous subspaces). Use .reshape(...) instead."
            )
        return out

    def backward(ctx, grad):
        return grad.reshape(ctx.in_shape)

    def symbolic(ctx, a):
        return np.asarray(a).reshape(ctx.shape)


class ReshapeAlias(View):
    """``reshape`` of a non-contiguous tensor whose elements a view can still hold (PyTorch's name for it)."""

    name = "ReshapeAliasBackward0"


class UnsafeView(View):
    """A reshape PyTorch records under this name (after a copy or a folded matmul)."""

    name = "UnsafeViewBackward0"
    view = False  # a reshape of a fresh copy or product, which nobody else holds: not a view in PyTorch


class Alias(Op):
    """``x[...]``: the same elements, a new view."""

    name = "AliasBackward0"
    view = True

    def forward(ctx, a):
        return a.view()

    def backward(ctx, grad):
        return grad

    def symbolic(ctx, a):
        return a


class Transpose(Op):
    name = "TransposeBackward0"
    view = True

    def forward(ctx, a, dim0, dim1):
        ctx.dim0, ctx.dim1 = (normalize_dims(d, a.ndim)[0] for d in (dim0, dim1))
        return np.swapaxes(a, ctx.dim0, ctx.dim1) if a.ndim else a.view()

    def backward(ctx, grad):
        return transpose(grad, ctx.dim0, ctx.dim1)

    def symbolic(ctx, a):
        return np.swapaxes(a, ctx.dim0, ctx.dim1) if np.ndim(a) else a


class T(Transpose):
    name = "TBackward0"


class Permute(Op):
    name = "PermuteBackward0"
    view = True

    def forward(ctx, a, dims):
        dims = tuple(d % a.ndim for d in dims) if a.ndim else tuple(dims)
        if sorted(dims) != list(range(a.ndim)):
            raise RuntimeError(
                f"permute(sparse_coo): number of dimensions in the tensor input does not match the length of "
                f"the desired ordering of dimensions i.e. input.dim() = {a.ndim} is not equal to "
                f"len(dims) = {len(dims)}"
            )
        ctx.dims = dims
        return np.transpose(a, dims)

    def backward(ctx, grad):
        return permute(grad, tuple(np.argsort(ctx.dims)))

    def symbolic(ctx, a):
        return np.transpose(a, ctx.dims)


class Unsqueeze(Op):
    name = "UnsqueezeBackward0"
    view = True

    def forward(ctx, a, dim):
        (ctx.dim,) = normalize_dims(dim, a.ndim + 1)
        return np.expand_dims(a, ctx.dim)

    def backward(ctx, grad):
        return squeeze(grad, ctx.dim)

    def symbolic(ctx, a):
        return np.expand_dims(a, ctx.dim)


class Squeeze(Op):
    """``squeeze()``: drop every dimension of size one."""

    name = "SqueezeBackward0"
    view = True

    def forward(ctx, a):
        ctx.in_shape = a.shape
        return a.reshape([s for s in a.shape if s != 1])

    def backward(ctx, grad):
        return grad.reshape(ctx.in_shape)

    def symbolic(ctx, a):
        return np.asarray(a).reshape([s for s in ctx.in_shape if s != 1])


class SqueezeDim(Op):
    """``squeeze(dim)``: drop that dimension if its size is one."""

    name = "SqueezeBackward1"
    view = True

    def forward(ctx, a, dim):
        ctx.in_shape = a.shape
        dims = normalize_dims(dim, a.ndim)
        ctx.shape = tuple(s for d, s in enumerate(a.shape) if d not in dims or s != 1)
        return a.reshape(ctx.shape)

    def backward(ctx, grad):
        return grad.reshape(ctx.in_shape)

    def symbolic(ctx, a):
        return np.asarray(a).reshape(ctx.shape)


class SqueezeMatmul(SqueezeDim):
    """The squeeze that ends a vector-matrix product, recorded by PyTorch under this name."""

    name = "SqueezeBackward4"
    view = False  # the squeezed product is a fresh array: PyTorch does not call it a view


class SqueezeDims(SqueezeDim):
    """``squeeze((0, 2))``: drop those dimensions that have size one."""

    name = "SqueezeBackward2"


class Expand(Op):
    name = "ExpandBackward0"
    view = True

    def forward(ctx, a, shape):
        shape = tuple(shape)
        ctx.in_shape = a.shape
        if len(shape) < a.ndim:
            raise RuntimeError(
                f"expand(torch.FloatTensor{{{list(a.shape)}}}, size={list(shape)}): the number of sizes provided "
                f"({len(shape)}) must be greater or equal to the number of dimensions in the tensor ({a.ndim})"
            )
        lead = len(shape) - a.ndim
        target = []
        for i, s in enumerate(shape):
            old = a.shape[i - lead] if i >= lead else 1
            if s == -1:
                if i < lead:
                    raise RuntimeError(
                        f"The expanded size of the tensor (-1) isn't allowed in a leading, non-existing dimension {i}"
                    )
                s = old
            elif old != 1 and s != old:
                raise RuntimeError(
                    f"The expanded size of the tensor ({s}) must match the existing size ({old}) at non-singleton "
                    f"dimension {i}.  Target sizes: {list(shape)}.  Tensor sizes: {list(a.shape)}"
                )
            target.append(s)
        ctx.shape = tuple(target)
        lead = len(ctx.shape) - a.ndim
        strides = (0,) * lead + tuple(0 if s != old else st for s, old, st in zip(ctx.shape[lead:], a.shape, a.strides))
        # a writable view (numpy's broadcast_to is read-only): in-place ops check the repeated memory themselves
        return np.lib.stride_tricks.as_strided(a, ctx.shape, strides, writeable=a.flags.writeable)

    def backward(ctx, grad):
        return sum_to_shape(grad, ctx.in_shape)

    def symbolic(ctx, a):
        return np.broadcast_to(np.asarray(a), ctx.shape)


class Clone(Op):
    name = "CloneBackward0"

    def forward(ctx, a):
        return a.copy()

    def backward(ctx, grad):
        return grad

    def symbolic(ctx, a):
        return a


class ToCopy(Op):
    """A dtype conversion; the gradient is converted back by the engine."""

    name = "ToCopyBackward0"

    def forward(ctx, a, dtype):
        return a.astype(dtype)

    def backward(ctx, grad):
        return grad

    def symbolic(ctx, a):
        return a


class Cat(Op):
    name = "CatBackward0"
    promote = "binary"

    def forward(ctx, *arrays, dim=0):
        shaped = [a for a in arrays if a.shape != (0,)]  # PyTorch lets empty 1-d tensors join anything
        if not shaped:
            ctx.dim, ctx.sizes = 0, [0] * len(arrays)
            return np.concatenate(arrays)
        (ctx.dim,) = normalize_dims(dim, shaped[0].ndim)
        for i, a in enumerate(shaped):
            if a.ndim != shaped[0].ndim:
                raise RuntimeError(
                    f"Tensors must have same number of dimensions: got {shaped[0].ndim} and {a.ndim}"
                )
            for d in range(a.ndim):
                if d != ctx.dim and a.shape[d] != shaped[0].shape[d]:
                    raise RuntimeError(
                        f"Sizes of tensors must match except in dimension {ctx.dim}. Expected size "
                        f"{shaped[0].shape[d]} but got size {a.shape[d]} for tensor number {i} in the list."
                    )
        ctx.sizes = [a.shape[ctx.dim] if a.shape != (0,) else None for a in arrays]
        return np.concatenate(shaped, axis=ctx.dim)

    def backward(ctx, grad):
        grads, start = [], 0
        for size in ctx.sizes:
            if size is None:  # an empty 1-d tensor joined to others: its gradient is empty too
                grads.append(zeros((0,), like=grad))
                continue
            grads.append(narrow(grad, ctx.dim, start, size))
            start += size
        return tuple(grads)

    def symbolic(ctx, *arrays):
        return np.concatenate([np.asarray(a) for a in arrays if np.shape(a) != (0,)], axis=ctx.dim)


class Stack(Op):
    name = "StackBackward0"
    promote = "binary"

    def forward(ctx, *arrays, dim=0):
        for i, a in enumerate(arrays):
            if a.shape != arrays[0].shape:
                raise RuntimeError(
                    f"stack expects each tensor to be equal size, but got {list(arrays[0].shape)} at entry 0 and "
                    f"{list(a.shape)} at entry {i}"
                )
        (ctx.dim,) = normalize_dims(dim, arrays[0].ndim + 1)
        return np.stack(arrays, axis=ctx.dim)

    def backward(ctx, grad):
        return tuple(select(grad, ctx.dim, i) for i in range(grad.shape[ctx.dim]))

    def symbolic(ctx, *arrays):
        return np.stack([np.asarray(a) for a in arrays], axis=ctx.dim)


# == newops: flip, repeat, split/chunk/unbind, tril/triu, diagonal ==
# split, unbind and diagonal return views of their input in PyTorch: their outputs are numpy views here too,
# and ``view = True`` marks them for the engine's view/storage model. mT, swapaxes and movedim are built
# in _tensor_methods.py from transpose and permute, PyTorch's own nodes for them.


class Flip(Op):
    name = "FlipBackward0"

    def forward(ctx, a, dims):
        ctx.dims = normalize_dims(dims, a.ndim)  # a 0-d tensor has one dimension, 0 (or -1), here
        for d in set(ctx.dims):
            if ctx.dims.count(d) > 1:
                raise RuntimeError(f"dim {d} appears multiple times in the list of dims")
        ctx.dims = ctx.dims if a.ndim else ()
        return np.flip(a, ctx.dims).copy()

    def backward(ctx, grad):
        return Flip.apply(grad, dims=ctx.dims)

    def symbolic(ctx, a):
        return np.flip(a, ctx.dims)


class Repeat(Op):
    """``repeat``: tile the input ``repeats[d]`` times along each dimension (leading ones added)."""

    name = "RepeatBackward0"

    def forward(ctx, a, repeats):
        if len(repeats) < a.ndim:
            raise RuntimeError(
                "Number of dimensions of repeat dims can not be smaller than number of dimensions of tensor"
            )
        ctx.repeats = tuple(repeats)
        ctx.shape = (1,) * (len(repeats) - a.ndim) + a.shape
        return np.tile(a.reshape(ctx.shape), ctx.repeats)

    def backward(ctx, grad):
        # split every dimension into (repeat, size) and sum over the repeats
        split = []
        for r, s in zip(ctx.repeats, ctx.shape):
            split += [r, s]
        return grad.reshape(split).sum(tuple(range(0, len(split), 2))) if split else grad

    def symbolic(ctx, a):
        return np.tile(np.asarray(a, dtype=object).reshape(ctx.shape), ctx.repeats)


class Split(Op):
    """``split(size)`` and ``chunk``: consecutive pieces along ``dim`` (views in PyTorch)."""

    name = "SplitBackward0"
    view = True

    def forward(ctx, a, sizes, dim=0):
        (ctx.dim,) = normalize_dims(dim, a.ndim)
        ctx.sizes = tuple(sizes)
        return tuple(np.split(a, np.cumsum(ctx.sizes)[:-1], axis=ctx.dim))

    def backward(ctx, *grads):
        return Cat.apply(*_fill_missing(ctx, grads), dim=ctx.dim)

    def symbolic(ctx, a):
        return tuple(np.split(np.asarray(a, dtype=object), np.cumsum(ctx.sizes)[:-1], axis=ctx.dim))


class SplitWithSizes(Split):
    """``split([sizes])``."""

    name = "SplitWithSizesBackward0"


class Unbind(Op):
    """``unbind``: every index along ``dim`` as its own tensor (views in PyTorch)."""

    name = "UnbindBackward0"
    view = True

    def forward(ctx, a, dim=0):
        if not a.ndim:
            raise IndexError("Dimension specified as 0 but tensor has no dimensions")
        (ctx.dim,) = normalize_dims(dim, a.ndim)
        moved = np.moveaxis(a, ctx.dim, 0)
        return tuple(moved[i, ...] for i in range(len(moved)))  # [i, ...]: a 0-d view, where [i] would copy

    def backward(ctx, *grads):
        return Stack.apply(*_fill_missing(ctx, grads), dim=ctx.dim)

    def symbolic(ctx, a):
        return tuple(np.moveaxis(np.asarray(a, dtype=object), ctx.dim, 0))


def _fill_missing(ctx, grads: tuple) -> list:
    """The gradients of a multi-output op's outputs, with zeros where none arrived, so that the pieces join again."""
    like = next(g for g in grads if g is not None)
    return [g if g is not None else zeros(shape, like, dtype) for g, (shape, dtype) in zip(grads, ctx.output_metas)]


class Tril(Op):
    """``tril``: zero above the ``diagonal``-th diagonal of the last two dimensions."""

    name = "TrilBackward0"
    keep = staticmethod(np.tril)
    word = "tril"

    def forward(ctx, a, diagonal=0):
        if a.ndim < 2:
            raise RuntimeError(f"{ctx.op.word}: input tensor must have at least 2 dimensions")
        ctx.diagonal = diagonal
        ctx.mask = ctx.op.keep(np.ones(a.shape[-2:], dtype=bool), diagonal)
        return np.where(ctx.mask, a, np.zeros((), a.dtype))

    def backward(ctx, grad):
        return ctx.op.apply(grad, diagonal=ctx.diagonal)  # grad.tril(), as PyTorch: a nan above it is dropped

    def symbolic(ctx, a):
        return np.where(ctx.mask, a, sympy.Integer(0))


class Triu(Tril):
    name = "TriuBackward0"
    keep = staticmethod(np.triu)
    word = "triu"


class Diagonal(Op):
    """``diagonal``: the elements ``a[..., i, i + offset, ...]`` of two dimensions, as the last dimension."""

    name = "DiagonalBackward0"
    view = True

    def forward(ctx, a, offset=0, dim1=0, dim2=1):
        ctx.dim1, ctx.dim2 = (normalize_dims(d, a.ndim)[0] for d in (dim1, dim2))
        if ctx.dim1 == ctx.dim2:
            raise RuntimeError(f"diagonal dimensions cannot be identical {dim1}, {dim2}")
        ctx.offset, ctx.shape = offset, a.shape
        out = np.diagonal(a, offset, ctx.dim1, ctx.dim2)
        out.flags.writeable = a.flags.writeable  # numpy hands out diagonals read-only; PyTorch's views are not
        return out

    def backward(ctx, grad):
        return DiagonalGrad.apply(grad, shape=ctx.shape, offset=ctx.offset, dim1=ctx.dim1, dim2=ctx.dim2)

    def symbolic(ctx, a):
        return np.diagonal(np.asarray(a, dtype=object), ctx.offset, ctx.dim1, ctx.dim2)


def _diagonal_view(a: np.ndarray, offset: int, dim1: int, dim2: int) -> tuple:
    """A writable view of ``a`` and the index that reaches its diagonal in ``np.diagonal``'s layout."""
    moved = np.moveaxis(a, (dim1, dim2), (-2, -1))
    n = np.diagonal(moved, offset, -2, -1).shape[-1]
    return moved, (..., np.arange(n) + max(-offset, 0), np.arange(n) + max(offset, 0))


class DiagonalGrad(Op):
    """The gradient of ``diagonal``: a zero tensor with the gradient on that diagonal."""

    name = "DiagonalBackwardBackward0"

    def forward(ctx, grad, shape, offset, dim1, dim2):
        ctx.shape, ctx.offset, ctx.dim1, ctx.dim2 = shape, offset, dim1, dim2
        out = np.zeros(shape, dtype=grad.dtype)
        moved, index = _diagonal_view(out, offset, dim1, dim2)
        moved[index] = grad
        return out

    def backward(ctx, grad):
        return diagonal(grad, ctx.offset, ctx.dim1, ctx.dim2)

    def symbolic(ctx, grad):
        out = np.full(ctx.shape, sympy.Integer(0), dtype=object)
        moved, index = _diagonal_view(out, ctx.offset, ctx.dim1, ctx.dim2)
        moved[index] = grad
        return out

# == end newops ==


# == split and movedim: their arguments turned into the ops above ==


def split(tensor: Tensor, split_size_or_sections: Any, dim: int = 0) -> tuple[Tensor, ...]:
    """``tensor.split``: ``Split`` into pieces of one size (the last may be shorter), or ``SplitWithSizes``."""
    if not tensor._data.ndim:
        raise RuntimeError("split expects at least a 1-dimensional tensor")
    size = tensor.shape[dim]
    if isinstance(split_size_or_sections, numbers.Integral):
        step = int(split_size_or_sections)
        if step == 0 and size:
            raise RuntimeError(f"split_size can only be 0 if dimension size is 0, but got dimension size of {size}")
        sizes = [step] * (size // step) + ([size % step] if size % step else []) if step else []
        return Split.apply(tensor, sizes=sizes or [size], dim=dim)
    sizes = [int(s) for s in split_size_or_sections]
    if sum(sizes) != size:
        raise RuntimeError(
            f"split_with_sizes expects split_sizes to sum exactly to {size} (input tensor's size at dimension "
            f"{tensor._dim_index(dim)}), but got split_sizes={sizes}"
        )
    return SplitWithSizes.apply(tensor, sizes=sizes, dim=dim)


def movedim(tensor: Tensor, source: Any, destination: Any) -> Tensor:
    """``tensor.movedim``: one ``permute`` that puts dimensions ``source`` at ``destination``."""
    source = [source] if isinstance(source, numbers.Integral) else list(source)
    destination = [destination] if isinstance(destination, numbers.Integral) else list(destination)
    if len(source) != len(destination):
        raise RuntimeError(
            f"movedim: Invalid source or destination dims: source ({source} dims) should contain the same "
            f"number of dims as destination ({destination} dims)"
        )
    source = [tensor._dim_index(d) for d in source]
    destination = [tensor._dim_index(d) for d in destination]
    if not tensor._data.ndim:
        return Alias.apply(tensor)  # as PyTorch: nothing to move in a 0-d tensor
    order = [d for d in range(tensor._data.ndim) if d not in source]
    for dest, src in sorted(zip(destination, source)):
        order.insert(dest, src)
    return tensor.permute(order)
