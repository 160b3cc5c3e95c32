"""Products of vectors and matrices: dot, mv, mm, and batched matmul."""

from __future__ import annotations

import numpy as np

from ..autograd.function import Op
from ._sym import sum_last_axis


def _dims(shape: tuple) -> str:
    return "x".join(str(s) for s in shape)


class Dot(Op):
    name = "DotBackward0"
    promote = "binary"

    def forward(ctx, a, b):
        if a.ndim != 1 or b.ndim != 1:
            raise RuntimeError(f"1D tensors expected, but got {a.ndim}D and {b.ndim}D tensors")
        if a.shape != b.shape:
            raise RuntimeError(
                f"inconsistent tensor size, expected tensor [{a.size}] and src [{b.size}] to have the same "
                f"number of elements, but got {a.size} and {b.size} elements respectively"
            )
        ctx.save_for_backward(a, b)
        return np.asarray(np.dot(a, b))

    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        return grad * b, grad * a

    def symbolic(ctx, a, b):
        return sum_last_axis(a * b)


class Mv(Op):
    name = "MvBackward0"
    promote = "binary"

    def forward(ctx, m, v):
        if m.ndim != 2 or v.ndim != 1 or m.shape[1] != v.shape[0]:
            raise RuntimeError(f"size mismatch, got input ({m.shape[0]}), mat ({_dims(m.shape)}), vec ({v.shape[0]})")
        ctx.save_for_backward(m, v)
        return m @ v

    def backward(ctx, grad):
        m, v = ctx.saved_tensors
        return grad.unsqueeze(1) * v, m.t().mv(grad)

    def symbolic(ctx, m, v):
        return sum_last_axis(m * v)


class Mm(Op):
    name = "MmBackward0"
    promote = "binary"

    def forward(ctx, a, b):
        if a.ndim != 2:
            raise RuntimeError("self must be a matrix")
        if b.ndim != 2:
            raise RuntimeError("mat2 must be a matrix")
        if a.shape[1] != b.shape[0]:
            raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({_dims(a.shape)} and {_dims(b.shape)})")
        ctx.save_for_backward(a if ctx.needs_input_grad[1] else None, b if ctx.needs_input_grad[0] else None)
        return a @ b

    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        return (
            grad.mm(b.t()) if ctx.needs_input_grad[0] else None,
            a.t().mm(grad) if ctx.needs_input_grad[1] else None,
        )

    def symbolic(ctx, a, b):
        return sum_last_axis(a[:, None, :] * b.T[None, :, :])


class Bmm(Op):
    """Batched matrix product with broadcast batch dimensions (both inputs at least 2-d)."""

    name = "BmmBackward0"
    promote = "binary"

    def forward(ctx, a, b):
        if a.shape[-1] != b.shape[-2]:
            raise RuntimeError(
                f"Expected size for first two dimensions of batch2 tensor to be: [{a.shape[0]}, {a.shape[-1]}] "
                f"but got: [{b.shape[0]}, {b.shape[-2]}]."
            )
        ctx.save_for_backward(a, b)
        return a @ b

    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        return grad.matmul(b.transpose(-1, -2)), a.transpose(-1, -2).matmul(grad)

    def symbolic(ctx, a, b):
        return sum_last_axis(a[..., :, None, :] * np.swapaxes(b, -1, -2)[..., None, :, :])


class Addmm(Op):
    """``bias + mat1 @ mat2`` in one node, as ``nn.Linear`` records it (AddmmBackward0)."""

    name = "AddmmBackward0"
    promote = "binary"
    array_backward = True

    def forward(ctx, bias, a, b):
        if a.shape[1] != b.shape[0]:
            raise RuntimeError(f"mat1 and mat2 shapes cannot be multiplied ({_dims(a.shape)} and {_dims(b.shape)})")
        ctx.save_for_backward(a if ctx.needs_input_grad[2] else None, b if ctx.needs_input_grad[1] else None)
        # nn.Linear passes weight.t(): like PyTorch, give its gradient the same (transposed) layout, so that
        # the weight's own gradient comes out contiguous
        ctx.b_transposed = b.flags.f_contiguous and not b.flags.c_contiguous
        out = a @ b
        out += bias
        return out

    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        grad_b = None
        if ctx.needs_input_grad[2]:
            grad_b = (grad.T @ a).T if ctx.b_transposed else a.T @ grad
        return (
            grad if ctx.needs_input_grad[0] else None,  # the engine sums it back to the bias's shape
            grad @ b.T if ctx.needs_input_grad[1] else None,
            grad_b,
        )

    def symbolic(ctx, bias, a, b):
        return bias + sum_last_axis(a[:, None, :] * b.T[None, :, :])
