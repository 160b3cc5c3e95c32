"""``torch.nn.functional``: layers and losses as functions (``import autograd_nb.nn.functional as F``).

Losses that PyTorch records as one node are ops in ``autograd_nb/ops/losses.py``; the rest are
compositions recorded exactly as PyTorch records them (``l1_loss`` is Sub, Abs, Mean).
"""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np

from .. import _creation
from .._dtype import TYPE_NAMES
from .._tensor import Tensor
from ..ops.arithmetic import Relu
from ..ops.linalg import Addmm
from ..ops.losses import BinaryCrossEntropy, BinaryCrossEntropyWithLogits, MseLoss, NllLoss, NllLoss2d

_REDUCTIONS = ("none", "mean", "sum")


def linear(input: Tensor, weight: Tensor, bias: Tensor | None = None) -> Tensor:
    """``input @ weight.T + bias``, recorded as PyTorch does (one AddmmBackward0 node for a batch).

    >>> linear(ones(2, 3), ones(1, 3), tensor([0.5]))
    tensor([[3.5000],
            [3.5000]])
    """
    if input.dim() == 0:
        raise RuntimeError(f"both arguments to linear need to be at least 1D, but they are 0D and {weight.dim()}D")
    if bias is None:
        return input.matmul(weight.t())
    if input.dtype != weight.dtype:
        raise RuntimeError(f"mat1 and mat2 must have the same dtype, but got {TYPE_NAMES[input.dtype.name]} and "
                           f"{TYPE_NAMES[weight.dtype.name]}")  # fmt: skip
    if input.dim() == 2:
        return Addmm.apply(bias, input, weight.t())
    if input.is_contiguous():
        # PyTorch folds leading dimensions into rows, multiplies once, and views the result back
        rows = input.reshape(-1, input.shape[-1])
        return Addmm.apply(bias, rows, weight.t()).view(*input.shape[:-1], weight.shape[0])
    return input.matmul(weight.t()) + bias


def dropout(input: Tensor, p: float = 0.5, training: bool = True, inplace: bool = False) -> Tensor:
    """Zero each element with probability ``p`` and scale the rest by 1/(1 - p), in training only.

    The mask is ``bernoulli_(1 - p)`` from PyTorch's generator, so the same seed drops the same elements.
    """
    if not 0.0 <= p <= 1.0:
        raise ValueError(f"dropout probability has to be between 0 and 1, but got {p}")
    if p == 0 or not training or input.numel() == 0:
        return input
    if p == 1:
        mask = _creation.zeros((), dtype=input.dtype)
    else:
        mask = _creation.empty_like(input).bernoulli_(1 - p)
        mask.div_(1 - p)
    return input.mul_(mask) if inplace else input * mask


def relu(input: Tensor, inplace: bool = False) -> Tensor:
    if inplace:
        return input._inplace(Relu)
    return input.relu()


def sigmoid(input: Tensor) -> Tensor:
    return input.sigmoid()


def tanh(input: Tensor) -> Tensor:
    return input.tanh()


def _softmax_dim(name: str, ndim: int) -> int:
    warnings.warn(f"Implicit dimension choice for {name} has been deprecated. Change the call to include dim=X "
                  "as an argument.", UserWarning, stacklevel=3)  # fmt: skip
    return 0 if ndim in (0, 1, 3) else 1


def softmax(input: Tensor, dim: int | None = None, _stacklevel: int = 3, dtype: Any = None) -> Tensor:
    dim = _softmax_dim("softmax", input.dim()) if dim is None else dim
    return (input if dtype is None else input.to(dtype)).softmax(dim)


def log_softmax(input: Tensor, dim: int | None = None, _stacklevel: int = 3, dtype: Any = None) -> Tensor:
    dim = _softmax_dim("log_softmax", input.dim()) if dim is None else dim
    return (input if dtype is None else input.to(dtype)).log_softmax(dim)


def _check_reduction(reduction: str) -> None:
    if reduction not in _REDUCTIONS:
        raise ValueError(f"{reduction} is not a valid value for reduction")


def _warn_if_broadcast(input: Tensor, target: Tensor) -> None:
    if target.shape != input.shape:
        warnings.warn(f"Using a target size ({target.shape}) that is different to the input size ({input.shape}). "
                      "This will likely lead to incorrect results due to broadcasting. Please ensure they have the "
                      "same size.", UserWarning, stacklevel=3)  # fmt: skip


def _reduce(loss: Tensor, reduction: str) -> Tensor:
    return loss if reduction == "none" else loss.sum() if reduction == "sum" else loss.mean()


def mse_loss(input: Tensor, target: Tensor, size_average: Any = None, reduce: Any = None,
             reduction: str = "mean") -> Tensor:  # fmt: skip
    """Mean squared error, one MseLossBackward0 node."""
    _check_reduction(reduction)
    _warn_if_broadcast(input, target)
    return MseLoss.apply(input, target, reduction=reduction)


def l1_loss(input: Tensor, target: Tensor, size_average: Any = None, reduce: Any = None,
            reduction: str = "mean") -> Tensor:  # fmt: skip
    _check_reduction(reduction)
    _warn_if_broadcast(input, target)
    return _reduce((input - target).abs(), reduction)


def nll_loss(input: Tensor, target: Tensor, weight: Tensor | None = None, size_average: Any = None,
             ignore_index: int = -100, reduce: Any = None, reduction: str = "mean") -> Tensor:  # fmt: skip
    """Negative log-likelihood of class indices: ``-input[i, target[i]]``, averaged."""
    _check_reduction(reduction)
    if target.dtype.name not in ("int64", "uint8"):
        raise RuntimeError(f"expected target dtype to be Long or Byte, but got {TYPE_NAMES[target.dtype.name]}")
    if input.dim() >= 2 and (target.dim() == 0 or input.shape[0] != target.shape[0]):
        size = target.shape[0] if target.dim() else 1
        raise ValueError(f"Expected input batch_size ({input.shape[0]}) to match target batch_size ({size}).")
    if input.dim() == 2 and target.dim() != 1 or input.dim() == 1 and target.dim() > 1:
        raise RuntimeError("0D or 1D target tensor expected, multi-target not supported")
    weights = None if weight is None else weight._data
    if input.dim() < 3:
        return NllLoss.apply(input, target=target._data, weight=weights, reduction=reduction, ignore_index=ignore_index)
    if input.dim() == 4:
        return NllLoss2d.apply(input, target=target._data, weight=weights, reduction=reduction,
                               ignore_index=ignore_index)  # fmt: skip
    # PyTorch views other spatial shapes as (N, C, 1, rest) for its 2-d kernel, then views the result back
    n, classes = input.shape[0], input.shape[1]
    flat_target = target._data.reshape(n, 1, -1)
    loss = NllLoss2d.apply(input.reshape(n, classes, 1, -1), target=flat_target, weight=weights,
                           reduction=reduction, ignore_index=ignore_index)  # fmt: skip
    return loss.view(target.shape) if reduction == "none" else loss


def cross_entropy(input: Tensor, target: Tensor, weight: Tensor | None = None, size_average: Any = None,
                  ignore_index: int = -100, reduce: Any = None, reduction: str = "mean",
                  label_smoothing: float = 0.0) -> Tensor:  # fmt: skip
    """``log_softmax`` over the classes, then ``nll_loss``: two nodes, as in PyTorch.

    ``target`` holds class indices, or class probabilities of the input's shape.
    """
    _check_reduction(reduction)
    if label_smoothing:
        raise NotImplementedError("label_smoothing is not supported by autograd_nb")
    class_dim = 1 if input.dim() >= 2 else 0
    log_probs = input.log_softmax(class_dim)
    if target.is_floating_point() and target.shape == input.shape:
        if weight is not None:
            log_probs = log_probs * weight.reshape([-1] + [1] * (input.dim() - class_dim - 1))
        loss = -(log_probs * target).sum(class_dim)
        batch = max(loss.numel(), 1)
        return loss if reduction == "none" else loss.sum() if reduction == "sum" else loss.sum() / batch
    return nll_loss(log_probs, target, weight, ignore_index=ignore_index, reduction=reduction)


def binary_cross_entropy(input: Tensor, target: Tensor, weight: Tensor | None = None, size_average: Any = None,
                         reduce: Any = None, reduction: str = "mean") -> Tensor:  # fmt: skip
    """``-(t log x + (1 - t) log(1 - x))`` for probabilities ``x``, one BinaryCrossEntropyBackward0 node."""
    _check_reduction(reduction)
    if target.shape != input.shape:
        raise ValueError(f"Using a target size ({target.shape}) that is different to the input size ({input.shape}) "
                         "is deprecated. Please ensure they have the same size.")  # fmt: skip
    weights = None if weight is None else np.broadcast_to(weight._data, input.shape)
    return BinaryCrossEntropy.apply(input, target, weight=weights, reduction=reduction)


def binary_cross_entropy_with_logits(input: Tensor, target: Tensor, weight: Tensor | None = None,
                                     size_average: Any = None, reduce: Any = None, reduction: str = "mean",
                                     pos_weight: Tensor | None = None) -> Tensor:  # fmt: skip
    """Binary cross-entropy of ``sigmoid(input)``, computed stably from the logits in one node."""
    _check_reduction(reduction)
    if target.shape != input.shape:
        raise ValueError(f"Target size ({target.shape}) must be the same as input size ({input.shape})")
    return BinaryCrossEntropyWithLogits.apply(
        input, target, weight=None if weight is None else weight._data,
        pos_weight=None if pos_weight is None else pos_weight._data, reduction=reduction,
    )  # fmt: skip
