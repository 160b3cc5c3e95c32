"""Reductions: sum, mean, max/min, norm, and the softmax family."""

from __future__ import annotations

import math
import warnings
from typing import Any

import numpy as np

from .._dtype import from_numpy_dtype
from .._shapes import normalize_dims
from ..autograd.both import abs as abs_
from ..autograd.both import (
    array_of,
    cumsum,
    exp,
    expand,
    flip,
    mean,
    movedim,
    prod,
    sgn,
    sum_dims,
    to,
    unsqueeze,
    zeros,
)
from ..autograd.function import Op
from ..autograd.grad_mode import is_grad_enabled
from ._sym import elementwise, exact, sympy
from .arithmetic import Exp, MaskedFill, Where, in_float64
from .shape import Expand


def _restore_dims(grad, ctx):
    """Undo the reduction's shape change so that ``grad`` broadcasts against the input."""
    if not ctx.keepdim and ctx.shape:
        for d in ctx.dims:
            grad = unsqueeze(grad, d)
    return grad


def _sym_sum(a: np.ndarray, dims: tuple[int, ...], combine: Any = None) -> np.ndarray:
    # one flat Add per output element, never a chain of pairwise sums
    moved = np.moveaxis(a, dims, tuple(range(-len(dims), 0)))
    flat = moved.reshape(moved.shape[: moved.ndim - len(dims)] + (-1,))
    combine = combine or sympy.Add
    return elementwise(lambda row: combine(*row), _rows(flat))


def _rows(a: np.ndarray) -> np.ndarray:
    rows = np.empty(a.shape[:-1], dtype=object)
    for index in np.ndindex(rows.shape):
        rows[index] = tuple(a[index])
    return rows


# Reductions call the ufunc's reduce, not the array's method: ``a.sum()`` runs in numpy's Python file, so a warning
# it raises (inf + -inf) is numpy's, which the filter for autograd_nb's own numpy warnings (function.py) lets through.


class Sum(Op):
    name = "SumBackward0"

    def forward(ctx, a):
        ctx.shape = a.shape
        return np.asarray(np.add.reduce(a, axis=None, dtype=np.int64 if a.dtype.kind in "biu" else a.dtype))

    def backward(ctx, grad):
        return expand(grad, ctx.shape)

    def symbolic(ctx, a):
        return np.array(sympy.Add(*np.asarray(a).reshape(-1)), dtype=object)


class SumDim(Op):
    name = "SumBackward1"

    def forward(ctx, a, dim, keepdim=False):
        ctx.shape, ctx.keepdim = a.shape, keepdim
        ctx.dims = normalize_dims(dim, a.ndim) if a.ndim else ()
        dtype = np.int64 if a.dtype.kind in "biu" else a.dtype
        return np.asarray(np.add.reduce(a, axis=ctx.dims, keepdims=keepdim, dtype=dtype))

    def backward(ctx, grad):
        return expand(_restore_dims(grad, ctx), ctx.shape)

    def symbolic(ctx, a):
        if not ctx.dims:
            return a
        out = _sym_sum(a, ctx.dims)
        return np.expand_dims(out, ctx.dims) if ctx.keepdim else out


def _check_mean_dtype(a: np.ndarray) -> None:
    if a.dtype.kind != "f":
        name = {"int64": "Long", "int32": "Int", "int16": "Short", "int8": "Char", "uint8": "Byte", "bool": "Bool"}
        raise RuntimeError(
            "mean(): could not infer output dtype. Input dtype must be either a floating point or complex "
            f"dtype. Got: {name.get(from_numpy_dtype(a.dtype).name, a.dtype.name)}"
        )


class Mean(Op):
    name = "MeanBackward0"

    def forward(ctx, a):
        _check_mean_dtype(a)
        ctx.shape = a.shape
        return np.asarray(np.add.reduce(a, axis=None, dtype=a.dtype) / a.size)

    def backward(ctx, grad):
        return Expand.apply(grad, shape=ctx.shape) / max(math.prod(ctx.shape), 1)

    def symbolic(ctx, a):
        a = np.asarray(a)
        return np.array(sympy.Add(*a.reshape(-1)) / a.size, dtype=object)


class MeanDim(Op):
    name = "MeanBackward1"

    def forward(ctx, a, dim, keepdim=False):
        _check_mean_dtype(a)
        ctx.shape, ctx.keepdim = a.shape, keepdim
        ctx.dims = normalize_dims(dim, a.ndim) if a.ndim else ()
        ctx.count = int(np.prod([a.shape[d] for d in ctx.dims])) if ctx.dims else 1
        return np.asarray(np.add.reduce(a, axis=ctx.dims, keepdims=keepdim, dtype=a.dtype) / ctx.count)

    def backward(ctx, grad):
        return expand(_restore_dims(grad, ctx), ctx.shape) / ctx.count

    def symbolic(ctx, a):
        if not ctx.dims:
            return a
        out = _sym_sum(a, ctx.dims) / sympy.Integer(ctx.count)
        return np.expand_dims(out, ctx.dims) if ctx.keepdim else out


class _Extreme(Op):
    """max/min over all elements: ties share the gradient evenly, as in PyTorch."""

    saved_names = ("self", "result")
    pick = staticmethod(np.max)

    def forward(ctx, a):
        if a.size == 0:
            raise RuntimeError(
                f"{ctx.op.pick.__name__}(): Expected reduction dim to be specified for input.numel() == 0. "
                "Specify the reduction dim with the 'dim' argument."
            )
        out = np.asarray(ctx.op.pick(a))
        ctx.save_for_backward(a, out)
        return out

    def backward(ctx, grad):
        a, out = ctx.saved_tensors
        a_, out_ = array_of(a), array_of(out)
        winners = np.isnan(a_) if np.isnan(out_) else a_ == out_
        # zeros with the winners' share written in (never -0.), as PyTorch does
        return MaskedFill.apply(zeros(a.shape, like=a), grad / int(winners.sum()), mask=winners)

    def symbolic(ctx, a):
        from ._kinks import amax, amin  # SymPy functions: loaded with SymPy, only when a symbolic rule runs

        pick = amax if ctx.op.pick is np.max else amin
        return np.array(pick(*np.asarray(a).reshape(-1)), dtype=object)


class Max(_Extreme):
    name = "MaxBackward1"
    pick = staticmethod(np.max)


class Min(_Extreme):
    name = "MinBackward1"
    pick = staticmethod(np.min)


class _ExtremeDim(Op):
    """max/min along a dimension: returns values and indices; the gradient goes to the chosen index."""

    arg = staticmethod(np.argmax)

    def forward(ctx, a, dim, keepdim=False):
        (ctx.dim,) = normalize_dims(dim, a.ndim) if a.ndim else (0,)
        ctx.shape, ctx.keepdim = a.shape, keepdim
        if a.ndim and a.shape[ctx.dim] == 0:
            name = "max" if ctx.op.arg is np.argmax else "min"
            raise IndexError(f"{name}(): Expected reduction dim {ctx.dim} to have non-zero size.")
        if a.ndim == 0:
            values, indices = a.copy(), np.zeros((), np.int64)
        else:
            indices = np.expand_dims(ctx.op.arg(a, axis=ctx.dim), ctx.dim)
            values = np.take_along_axis(a, indices, ctx.dim)
            if not keepdim:
                values, indices = values.squeeze(ctx.dim), indices.squeeze(ctx.dim)
        ctx.indices = indices = indices.astype(np.int64, copy=False)
        ctx.mark_non_differentiable(indices)  # by identity, so the very array returned must be marked
        return values, indices

    def backward(ctx, grad, _grad_indices=None):
        if not ctx.shape:
            return grad
        indices = ctx.indices if ctx.keepdim else np.expand_dims(ctx.indices, ctx.dim)
        chosen = np.arange(ctx.shape[ctx.dim]).reshape([-1 if d == ctx.dim else 1 for d in range(len(ctx.shape))])
        mask = chosen == indices
        if not ctx.keepdim:
            grad = unsqueeze(grad, ctx.dim)
        return Where.apply(grad, 0.0, condition=mask)  # 0. elsewhere, never -0., as PyTorch's scatter into zeros

    def symbolic(ctx, a):
        if not ctx.shape:
            return a
        indices = ctx.indices if ctx.keepdim else np.expand_dims(ctx.indices, ctx.dim)
        values = np.take_along_axis(np.asarray(a), indices, ctx.dim)
        return values if ctx.keepdim else values.squeeze(ctx.dim)


class MaxDim(_ExtremeDim):
    name = "MaxBackward0"
    arg = staticmethod(np.argmax)


class MinDim(_ExtremeDim):
    name = "MinBackward0"
    arg = staticmethod(np.argmin)


class Norm(Op):
    """The vector p-norm (default 2) over all elements or over ``dim``."""

    name = "LinalgVectorNormBackward0"

    def forward(ctx, a, p=2, dim=None, keepdim=False):
        ctx.p, ctx.shape, ctx.keepdim = p, a.shape, keepdim
        ctx.dims = tuple(range(a.ndim)) if dim is None or not a.ndim else normalize_dims(dim, a.ndim)
        if p == float("inf"):
            if not a.size:
                raise RuntimeError(
                    "linalg.vector_norm cannot compute the inf norm on an empty tensor because the operation does "
                    "not have an identity"
                )
            out = np.abs(a).max(axis=ctx.dims, keepdims=keepdim)
        else:
            out = np.add.reduce(np.abs(a) ** p, axis=ctx.dims, keepdims=keepdim) ** (1 / p)
        out = np.asarray(out, dtype=a.dtype)
        ctx.save_for_backward(a, out)
        return out

    def backward(ctx, grad):
        # PyTorch's formulas, term for term, so that second derivatives agree too (nan at a zero 2-norm)
        a, out = ctx.saved_tensors
        grad, out = _restore_dims(grad, ctx), _restore_dims(out, ctx)
        zero = array_of(out) == 0
        if ctx.p == 1:
            return sgn(a) * grad
        if ctx.p == 2:
            return grad * MaskedFill.apply(a / out, 0, mask=zero)
        if ctx.p == float("inf"):
            a_ = array_of(a)
            winners = (np.abs(a_) == array_of(out)) | np.isnan(a_)  # ties (and nans) share the gradient
            return sgn(a) * ((grad / winners.sum(axis=ctx.dims, keepdims=True)) * winners)
        return a * abs_(a) ** (ctx.p - 2) * MaskedFill.apply(grad / out ** (ctx.p - 1), 0, mask=zero)

    def symbolic(ctx, a):
        from ._kinks import amax, vector_norm  # SymPy functions: loaded with SymPy, only when a symbolic rule runs

        if not np.ndim(a):
            return elementwise(sympy.Abs, a)
        if ctx.p == float("inf"):
            out = _sym_sum(elementwise(sympy.Abs, a), ctx.dims, combine=amax)
        elif ctx.p == 1:  # Σ|x|: its derivative sign(x) is already PyTorch's 0 at 0
            out = _sym_sum(elementwise(sympy.Abs, a), ctx.dims)
        else:
            p = exact(ctx.p)
            out = _sym_sum(a, ctx.dims, combine=lambda *row: vector_norm(p, *row))
        return np.expand_dims(out, ctx.dims) if ctx.keepdim else out


def _softmax(a: np.ndarray, dim: int) -> np.ndarray:
    if not a.size:
        return a.copy()
    if a.dtype == np.float16:  # PyTorch computes half's softmax in float32 and rounds once
        return _softmax(a.astype(np.float32), dim).astype(np.float16)
    shifted = in_float64(np.exp, a - a.max(axis=dim, keepdims=True))
    total = np.add.reduce(shifted, axis=dim, keepdims=True)
    # PyTorch's kernel for the last dimension multiplies by the sum's reciprocal, the one for other dimensions
    # divides (the two round differently); row-major whatever a's layout, as PyTorch's softmax returns (so later
    # reshapes view it as PyTorch's do)
    out = shifted * (1 / total) if dim == a.ndim - 1 else shifted / total
    return out if out.flags.c_contiguous else out.copy()


class Softmax(Op):
    name = "SoftmaxBackward0"
    saved_names = ("result",)

    def forward(ctx, a, dim):
        (ctx.dim,) = normalize_dims(dim, a.ndim) if a.ndim else (0,)
        out = _softmax(a.reshape(a.shape or (1,)), ctx.dim).reshape(a.shape)
        ctx.save_for_backward(out)
        return out

    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return out * (grad - sum_dims(grad * out, ctx.dim, keepdim=True))

    def symbolic(ctx, a):
        exps = elementwise(sympy.exp, a)
        if not np.ndim(a):
            return np.array(sympy.Integer(1), dtype=object)
        return exps / np.expand_dims(_sym_sum(exps, (ctx.dim,)), ctx.dim)


class LogSoftmax(Op):
    name = "LogSoftmaxBackward0"
    saved_names = ("result",)

    def forward(ctx, a, dim):
        (ctx.dim,) = normalize_dims(dim, a.ndim) if a.ndim else (0,)
        if a.size:
            rows = a.reshape(a.shape or (1,))  # a 0-d input is a row of one
            shifted = rows - rows.max(axis=ctx.dim, keepdims=True)
            log_total = in_float64(np.log, np.add.reduce(in_float64(np.exp, shifted), axis=ctx.dim, keepdims=True))
            out = (shifted - log_total).reshape(a.shape)
            out = out if out.flags.c_contiguous else out.copy()  # row-major, as PyTorch's log_softmax returns
        else:
            out = np.zeros_like(a)
        ctx.save_for_backward(out)
        return out

    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad - Exp.apply(out) * SumDim.apply(grad, dim=ctx.dim, keepdim=True)

    def symbolic(ctx, a):
        if not np.ndim(a):
            return np.array(sympy.Integer(0), dtype=object)
        total = np.expand_dims(_sym_sum(elementwise(sympy.exp, a), (ctx.dim,)), ctx.dim)
        return a - elementwise(sympy.log, total)


# == newops: logsumexp, prod, cumsum, amax/amin, var/std ==


def _reduced_dims(a: np.ndarray, dim) -> tuple[int, ...]:
    """``dim`` normalized; ``None`` or ``()`` reduce every dimension, as in PyTorch's amax, var, logsumexp."""
    if dim is None or (not isinstance(dim, int) and len(dim) == 0):
        return tuple(range(a.ndim))
    return normalize_dims(dim, a.ndim) if a.ndim else ()


def _sym_reduce(a: Any, dims: tuple[int, ...], keepdim: bool, combine: Any = None) -> np.ndarray:
    a = np.asarray(a, dtype=object)
    if not dims:
        return a
    out = _sym_sum(a, dims, combine)
    return np.expand_dims(out, dims) if keepdim else out


class Logsumexp(Op):
    """``log(sum(exp(x)))`` along ``dim``, shifted by the maximum so that exp never overflows."""

    name = "LogsumexpBackward0"
    saved_names = ("self", "result")
    promote = "float"

    def forward(ctx, a, dim, keepdim=False):
        ctx.shape, ctx.keepdim = a.shape, keepdim
        ctx.dims = _reduced_dims(a, dim)
        if a.size == 0:
            out = np.full([1 if d in ctx.dims else s for d, s in enumerate(a.shape)], -np.inf, a.dtype)  # log of 0
            out = out if keepdim else np.squeeze(out, axis=ctx.dims)
        else:
            top = a.max(axis=ctx.dims, keepdims=True)
            top = np.where(np.isfinite(top), top, 0)
            with np.errstate(divide="ignore"):
                out = np.log(np.add.reduce(np.exp(a - top), axis=ctx.dims, keepdims=True)) + top
            out = out if keepdim else np.squeeze(out, axis=ctx.dims)
        out = np.asarray(out, dtype=a.dtype)
        ctx.save_for_backward(a, out)
        return out

    def backward(ctx, grad):
        a, out = ctx.saved_tensors
        return _restore_dims(grad, ctx) * exp(a - _restore_dims(out, ctx))

    def symbolic(ctx, a):
        total = _sym_reduce(elementwise(sympy.exp, a), ctx.dims, ctx.keepdim)
        # over no elements the sum is 0, whose log SymPy calls zoo (complex infinity); PyTorch gives -inf
        return elementwise(lambda t: -sympy.oo if t == 0 else sympy.log(t), total)


def _accumulator(a: np.ndarray, dtype: Any) -> np.dtype:
    """The dtype a product or running sum is computed in: as asked, else int64 for integers, as in PyTorch."""
    if dtype is not None:
        return dtype
    return np.dtype(np.int64) if a.dtype.kind in "biu" else a.dtype


def _product_of_others(a, dim: int):
    """For each element, the product of the other elements along ``dim``: right even where some are 0."""
    moved = movedim(a, dim, -1)
    n = moved.shape[-1]
    spread = expand(unsqueeze(moved, -2), (*moved.shape[:-1], n, n))
    others = prod(MaskedFill.apply(spread, 1, mask=np.eye(n, dtype=bool)), -1)
    return movedim(others, -1, dim)


class Prod(Op):
    """The product of all elements; the gradient of each is the product of the others."""

    name = "ProdBackward0"
    saved_names = ("self", "result")

    def forward(ctx, a, dtype=None):
        ctx.shape, ctx.dtype = a.shape, dtype
        out = np.asarray(np.multiply.reduce(a, axis=None, dtype=_accumulator(a, dtype)))
        ctx.save_for_backward(a, out)
        return out

    def backward(ctx, grad):
        a, out = ctx.saved_tensors
        a = a if ctx.dtype is None else to(a, ctx.dtype)
        if not ctx.shape:
            return grad
        zeros_in_a = (array_of(a) == 0).sum()
        if not zeros_in_a:
            return grad * out / a
        if zeros_in_a > 1 and not is_grad_enabled():  # PyTorch's shortcut: zeros, even for a nan or inf gradient
            return zeros(ctx.shape, a)
        return grad * _product_of_others(a.reshape(-1), 0).reshape(ctx.shape)

    def symbolic(ctx, a):
        return np.array(sympy.Mul(*np.asarray(a).reshape(-1)), dtype=object)


class ProdDim(Op):
    name = "ProdBackward1"
    saved_names = ("self", "result")

    def forward(ctx, a, dim, keepdim=False, dtype=None):
        (ctx.dim,) = normalize_dims(dim, a.ndim) if a.ndim else (0,)
        ctx.shape, ctx.keepdim, ctx.dims, ctx.dtype = a.shape, keepdim, (ctx.dim,) if a.ndim else (), dtype
        out = np.asarray(np.multiply.reduce(a, axis=ctx.dims, keepdims=keepdim, dtype=_accumulator(a, dtype)))
        ctx.save_for_backward(a, out)
        return out

    def backward(ctx, grad):
        a, out = ctx.saved_tensors
        a = a if ctx.dtype is None else to(a, ctx.dtype)
        if not ctx.shape:
            return grad
        if not (array_of(a) == 0).any():
            return _restore_dims(grad, ctx) * _restore_dims(out, ctx) / a
        return _restore_dims(grad, ctx) * _product_of_others(a, ctx.dim)

    def symbolic(ctx, a):
        return _sym_reduce(a, ctx.dims, ctx.keepdim, sympy.Mul)


class Cumsum(Op):
    name = "CumsumBackward0"

    def forward(ctx, a, dim, dtype=None):
        (ctx.dim,) = normalize_dims(dim, a.ndim) if a.ndim else (0,)
        dtype = _accumulator(a, dtype)
        if not a.ndim:
            return a.astype(dtype)
        out = np.ascontiguousarray(np.cumsum(a, axis=ctx.dim, dtype=dtype))  # row-major, as PyTorch's result
        return out + 0 if out.dtype.kind == "f" else out  # PyTorch's sums start from +0.: never a -0.

    def backward(ctx, grad):
        if not grad.ndim:
            return grad
        # each input element feeds every later partial sum: a reversed cumulative sum of the gradient
        return flip(cumsum(flip(grad, ctx.dim), ctx.dim), ctx.dim)

    def symbolic(ctx, a):
        if not np.ndim(a):
            return a
        out = np.empty(np.shape(a), dtype=object)
        for index in np.ndindex(out.shape):
            k = index[ctx.dim]
            out[index] = sympy.Add(*[a[index[: ctx.dim] + (j,) + index[ctx.dim + 1 :]] for j in range(k + 1)])
        return out


class Amax(Op):
    """``amax``: the largest element over ``dim`` (all by default); ties share the gradient evenly."""

    name = "AmaxBackward0"
    saved_names = ("self", "result")
    arg = staticmethod(np.argmax)
    sym = "amax"

    def forward(ctx, a, dim=(), keepdim=False):
        word = ctx.op.__name__.lower()
        ctx.dims, ctx.shape, ctx.keepdim = _reduced_dims(a, dim), a.shape, keepdim
        if a.size == 0:
            if dim is None or dim == ():
                raise RuntimeError(
                    f"{word}(): Expected reduction dim to be specified for input.numel() == 0. "
                    "Specify the reduction dim with the 'dim' argument."
                )
            for d in ctx.dims:
                if a.shape[d] == 0:
                    raise IndexError(f"{word}(): Expected reduction dim {d} to have non-zero size.")
        out = np.asarray(_first_extreme(a, ctx.dims, keepdim, ctx.op.arg))
        ctx.save_for_backward(a, out)
        return out

    def backward(ctx, grad):
        a, out = ctx.saved_tensors
        winners = a == _restore_dims(out, ctx)
        return _restore_dims(grad, ctx) * winners / sum_dims(winners, ctx.dims, keepdim=True)

    def symbolic(ctx, a):
        from . import _kinks  # SymPy functions: loaded with SymPy, only when a symbolic rule runs

        return _sym_reduce(a, ctx.dims, ctx.keepdim, getattr(_kinks, ctx.op.sym))


class Amin(Amax):
    name = "AminBackward0"
    arg = staticmethod(np.argmin)
    sym = "amin"


def _first_extreme(a: np.ndarray, dims: tuple[int, ...], keepdim: bool, arg: Any) -> np.ndarray:
    """The largest (smallest) element over ``dims``, the first of equal ones, as PyTorch picks it: 0. and -0.
    are equal, and numpy's max would keep the last."""
    if not dims:
        return a.copy()
    kept = [s for d, s in enumerate(a.shape) if d not in dims]
    flat = np.moveaxis(a, dims, range(-len(dims), 0)).reshape(kept + [int(np.prod([a.shape[d] for d in dims]))])
    out = np.take_along_axis(flat, arg(flat, axis=-1, keepdims=True), axis=-1)[..., 0]
    return out.reshape([1 if d in dims else s for d, s in enumerate(a.shape)]) if keepdim else out


def _variance(ctx: Any, a: np.ndarray, dim: Any, correction: float, keepdim: bool, word: str) -> np.ndarray:
    if a.dtype.kind != "f":
        raise RuntimeError("std and var only support floating point and complex dtypes")
    ctx.dims, ctx.shape, ctx.keepdim = _reduced_dims(a, dim), a.shape, keepdim
    ctx.count = int(np.prod([a.shape[d] for d in ctx.dims]))
    ctx.divisor = max(ctx.count - correction, 0)
    if ctx.divisor == 0:
        warnings.warn(
            f"{word}(): degrees of freedom is <= 0. Correction should be strictly less than the reduction factor "
            "(input numel divided by output numel).",
            UserWarning,
            stacklevel=5,
        )
    # in float64, as PyTorch accumulates it; the caller rounds to a's dtype (std after its square root), which then
    # gives PyTorch's bits, where float32 sums differ from them in the last place about every third time
    wide = a.astype(np.float64, copy=False)
    with np.errstate(divide="ignore", invalid="ignore"):
        centered = wide - np.add.reduce(wide, axis=ctx.dims, keepdims=True) / ctx.count if a.size else wide
        return np.asarray(np.add.reduce(centered * centered, axis=ctx.dims, keepdims=keepdim) / ctx.divisor)


def _centered(a: Any, ctx: Any) -> Any:
    return a - mean(a, ctx.dims, keepdim=True) if array_of(a).size else a  # nothing to center in an empty tensor


class Var(Op):
    """The variance over ``dim`` (all by default), dividing by ``N - correction``."""

    name = "VarBackward0"

    def forward(ctx, a, dim=None, correction=1, keepdim=False):
        ctx.save_for_backward(a)
        ctx.whole = dim is None or a.ndim == 0
        return _variance(ctx, a, dim, correction, keepdim, "var").astype(a.dtype)

    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        if not ctx.divisor and ctx.whole:  # no degrees of freedom left: PyTorch's nan at the mean, inf elsewhere
            data = array_of(a)
            local = np.where(data == np.add.reduce(data, axis=None) / data.size, np.nan, np.inf).astype(data.dtype)
            return _restore_dims(grad, ctx) * local
        scale = 2 / ctx.divisor if ctx.divisor else float("inf")  # 2 / 0, as PyTorch computes it
        return _restore_dims(grad, ctx) * _centered(a, ctx) * scale

    def symbolic(ctx, a):
        return _sym_variance(a, ctx)


def _sym_variance(a: Any, ctx: Any) -> np.ndarray:
    a = np.asarray(a, dtype=object)
    mean = _sym_reduce(a, ctx.dims, True) / sympy.Integer(ctx.count)
    return _sym_reduce((a - mean) ** 2, ctx.dims, ctx.keepdim) / sympy.Integer(ctx.divisor)


class Std(Op):
    """The standard deviation: the square root of ``var``."""

    name = "StdBackward0"

    def forward(ctx, a, dim=None, correction=1, keepdim=False):
        out = np.sqrt(_variance(ctx, a, dim, correction, keepdim, "std")).astype(a.dtype)
        ctx.save_for_backward(a, out)
        return out

    def backward(ctx, grad):
        a, out = ctx.saved_tensors
        out = _restore_dims(out, ctx)
        zero = array_of(out) == 0  # no spread at all: PyTorch takes the gradient 0 there, not 0/0
        local = _centered(a, ctx) / (MaskedFill.apply(out, 1, mask=zero) * ctx.divisor)
        return MaskedFill.apply(_restore_dims(grad, ctx) * local, 0, mask=zero)

    def symbolic(ctx, a):
        return elementwise(sympy.sqrt, _sym_variance(a, ctx))


# == end newops ==
