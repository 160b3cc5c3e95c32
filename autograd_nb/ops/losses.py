"""Losses that PyTorch records as one node: mean squared error, negative log-likelihood, binary cross-entropy.

Each takes ``reduction`` ("mean", "sum" or "none") as a parameter. Targets may require grad where
PyTorch allows it (mse, the binary cross-entropies); class indices are constants.
"""

from __future__ import annotations

import numpy as np

from ..autograd.both import clamp, log, sigmoid
from ..autograd.function import Op
from ._sym import elementwise, exact, sympy


def _reduce(loss: np.ndarray, reduction: str, count: float | None = None) -> np.ndarray:
    if reduction == "none":
        return loss
    total = np.add.reduce(loss, axis=None, dtype=loss.dtype)  # not .sum(): see reductions.Sum
    return np.asarray(total if reduction == "sum" else total / (loss.size if count is None else count), loss.dtype)


def _sym_reduce(loss: np.ndarray, reduction: str, count=None) -> np.ndarray:
    if reduction == "none":
        return loss
    total = sympy.Add(*np.asarray(loss).reshape(-1))
    return np.array(total if reduction == "sum" else total / (loss.size if count is None else count), dtype=object)


def _spread(grad, ctx):
    """The incoming gradient per element of the unreduced loss (a reduced one broadcasts over them)."""
    return grad / ctx.count if ctx.reduction == "mean" else grad


class MseLoss(Op):
    name = "MseLossBackward0"
    saved_names = ("self", "target")
    promote = "binary"

    def forward(ctx, a, b, reduction="mean"):
        diff = a - b
        ctx.reduction, ctx.shape, ctx.count = reduction, diff.shape, max(diff.size, 1)
        ctx.save_for_backward(a, b)
        return _reduce(diff * diff, reduction)

    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        local = _spread(grad, ctx) * 2 * (a - b)
        return local if ctx.needs_input_grad[0] else None, -local if ctx.needs_input_grad[1] else None

    def symbolic(ctx, a, b):
        diff = np.broadcast_to(np.asarray(a - b, dtype=object), ctx.shape)
        return _sym_reduce(diff * diff, ctx.reduction)


class NllLoss(Op):
    """``-input[i, target[i]] * weight[target[i]]``, averaged over the weights of the counted targets.

    The class dimension is 1 (or 0 for a single item of shape (C,)); ``target`` holds class indices.
    """

    name = "NllLossBackward0"

    def forward(ctx, a, target, weight=None, reduction="mean", ignore_index=-100):
        classes = a.shape[1] if a.ndim > 1 else a.shape[0]
        by_class = np.moveaxis(a, 1, -1).reshape(-1, classes) if a.ndim > 1 else a.reshape(1, classes)
        flat_target = target.reshape(-1)
        kept = flat_target != ignore_index
        bad = kept & ((flat_target < 0) | (flat_target >= classes))
        if bad.any():
            raise IndexError(f"Target {int(flat_target[bad][0])} is out of bounds.")
        picked = np.where(kept, flat_target, 0)
        weights = np.ones(len(picked), a.dtype) if weight is None else weight.astype(a.dtype)[picked]
        weights = weights * kept
        rows = np.arange(len(picked))
        losses = -by_class[rows, picked] * weights
        ctx.reduction, ctx.picked, ctx.weights = reduction, picked.reshape(target.shape), weights
        ctx.count = np.add.reduce(weights, axis=None, dtype=a.dtype)
        # d loss / d input before the incoming gradient: -weight at each picked class, zero elsewhere
        scale = weights / ctx.count if reduction == "mean" else weights
        scatter = np.zeros(by_class.shape, a.dtype)
        scatter[rows, picked] = -scale
        if a.ndim > 1:
            moved_shape = (a.shape[0],) + a.shape[2:] + (classes,)
            ctx.scatter = np.moveaxis(scatter.reshape(moved_shape), -1, 1)
            ctx.grad_shape = (a.shape[0], 1) + a.shape[2:]  # 'none': one gradient per item, spread over classes
        else:
            ctx.scatter, ctx.grad_shape = scatter.reshape(a.shape), ()
        return _reduce(losses.reshape(target.shape), reduction, ctx.count)

    def backward(ctx, grad):
        if ctx.reduction == "none" and ctx.grad_shape:
            grad = grad.reshape(ctx.grad_shape)
        return grad * ctx.scatter

    def symbolic(ctx, a):
        a = np.asarray(a, dtype=object)
        by_class = np.moveaxis(a, 1, -1) if a.ndim > 1 else a
        picked = np.take_along_axis(by_class, ctx.picked[..., None], -1)[..., 0]
        loss = -picked * exact(ctx.weights.reshape(ctx.picked.shape))
        return _sym_reduce(loss, ctx.reduction, exact(ctx.count))


class NllLoss2d(NllLoss):
    """``nll_loss`` of inputs with spatial dimensions (N, C, d1, ...): PyTorch's NllLoss2DBackward0."""

    name = "NllLoss2DBackward0"


def _log_clamped(x):
    """PyTorch clamps the logarithms of binary cross-entropy at -100, so 0 * log(0) stays finite."""
    with np.errstate(divide="ignore"):
        return np.maximum(np.log(x), -100)


class BinaryCrossEntropy(Op):
    name = "BinaryCrossEntropyBackward0"
    promote = "binary"

    def forward(ctx, x, t, weight=None, reduction="mean"):
        if ((x < 0) | (x > 1)).any():
            raise RuntimeError("all elements of input should be between 0 and 1")
        ctx.reduction, ctx.shape, ctx.count, ctx.weight = reduction, x.shape, max(x.size, 1), weight
        ctx.save_for_backward(x, t)
        loss = -(t * _log_clamped(x) + (1 - t) * _log_clamped(1 - x))
        return _reduce(loss if weight is None else loss * weight, reduction)

    def backward(ctx, grad):
        x, t = ctx.saved_tensors
        g = _spread(grad, ctx) if ctx.weight is None else _spread(grad, ctx) * ctx.weight
        grad_x = g * (x - t) / clamp((1 - x) * x, min=1e-12) if ctx.needs_input_grad[0] else None
        grad_t = None
        if ctx.needs_input_grad[1]:
            grad_t = g * (_log_clamped_backward(1 - x) - _log_clamped_backward(x))
        return grad_x, grad_t

    def symbolic(ctx, x, t):
        loss = -(t * elementwise(sympy.log, x) + (1 - t) * elementwise(sympy.log, 1 - x))
        return _sym_reduce(loss if ctx.weight is None else loss * exact(ctx.weight), ctx.reduction)


def _log_clamped_backward(x):
    """``_log_clamped`` for backward (arrays or Tensors)."""
    return clamp(log(x), min=-100)


class BinaryCrossEntropyWithLogits(Op):
    """``(1 - t) x + (1 + (pos_weight - 1) t) log(1 + exp(-x))``, computed without overflow."""

    name = "BinaryCrossEntropyWithLogitsBackward0"
    promote = "binary"

    def forward(ctx, x, t, weight=None, pos_weight=None, reduction="mean"):
        ctx.reduction, ctx.shape, ctx.count = reduction, np.broadcast_shapes(x.shape, t.shape), max(x.size, 1)
        ctx.weight, ctx.pos_weight = weight, pos_weight
        ctx.save_for_backward(x, t)
        softplus_minus_x = np.log1p(np.exp(-np.abs(x))) + np.maximum(-x, 0)  # log(1 + exp(-x))
        scale = 1 if pos_weight is None else 1 + (pos_weight - 1) * t
        loss = (1 - t) * x + scale * softplus_minus_x
        return _reduce(loss if weight is None else loss * weight, reduction)

    def backward(ctx, grad):
        x, t = ctx.saved_tensors
        g = _spread(grad, ctx) if ctx.weight is None else _spread(grad, ctx) * ctx.weight
        p = sigmoid(x)
        if ctx.pos_weight is None:
            grad_x = g * (p - t)
            grad_t = -g * x
        else:
            pos_t = t * ctx.pos_weight
            grad_x = g * ((pos_t + 1 - t) * p - pos_t)
            grad_t = g * (-log(p) * (ctx.pos_weight - 1) - x)
        return grad_x if ctx.needs_input_grad[0] else None, grad_t if ctx.needs_input_grad[1] else None

    def symbolic(ctx, x, t):
        softplus = elementwise(lambda e: sympy.log(1 + sympy.exp(-e)), x)
        scale = 1 if ctx.pos_weight is None else 1 + (exact(ctx.pos_weight) - 1) * t
        loss = np.broadcast_to(np.asarray((1 - t) * x + scale * softplus, dtype=object), ctx.shape)
        return _sym_reduce(loss if ctx.weight is None else loss * exact(ctx.weight), ctx.reduction)
