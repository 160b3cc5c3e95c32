"""Products of vectors and matrices: dot, mv, mm, and batched matmul."""

from __future__ import annotations

from typing import Any

import numpy as np

from .._dtype import TYPE_NAMES
from .._shapes import raise_broadcast_error
from .._tensor import Tensor
from ..autograd.both import mv, transpose, unsqueeze
from ..autograd.both import t as t_
from ..autograd.function import Op
from ._sym import sum_last_axis
from .shape import SqueezeMatmul, UnsafeView


def _dims(shape: tuple) -> str:
    return "x".join(str(s) for s in shape)


class Dot(Op):
    name = "DotBackward0"
    saved_names = ("self", "tensor")
    promote = "binary"

    def forward(ctx, a, b):
        if a.ndim != 1 or b.ndim != 1:
            raise RuntimeError(f"1D tensors expected, but got {a.ndim}D and {b.ndim}D tensors")
        if a.shape != b.shape:
            raise RuntimeError(
                f"inconsistent tensor size, expected tensor [{a.size}] and src [{b.size}] to have the same "
                f"number of elements, but got {a.size} and {b.size} elements respectively"
            )
        ctx.save_for_backward(a if ctx.needs_input_grad[1] else None, b if ctx.needs_input_grad[0] else None)
        return np.asarray(np.dot(a, b))

    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        return grad * b if ctx.needs_input_grad[0] else None, grad * a if ctx.needs_input_grad[1] else None

    def symbolic(ctx, a, b):
        return sum_last_axis(a * b)


class Mv(Op):
    name = "MvBackward0"
    saved_names = ("self", "vec")
    promote = "binary"

    def forward(ctx, m, v):
        if m.ndim != 2 or v.ndim != 1 or m.shape[1] != v.shape[0]:
            raise RuntimeError(f"size mismatch, got input ({m.shape[0]}), mat ({_dims(m.shape)}), vec ({v.shape[0]})")
        ctx.save_for_backward(m, v)
        return m @ v

    def backward(ctx, grad):
        m, v = ctx.saved_tensors
        return unsqueeze(grad, 1) * v, mv(t_(m), grad)

    def symbolic(ctx, m, v):
        return sum_last_axis(m * v)


class Mm(Op):
    name = "MmBackward0"
    saved_names = ("self", "mat2")
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
            grad @ t_(b) if ctx.needs_input_grad[0] else None,  # on Tensors, ``@`` of two matrices is ``mm``
            t_(a) @ grad if ctx.needs_input_grad[1] else None,
        )

    def symbolic(ctx, a, b):
        return sum_last_axis(a[:, None, :] * b.T[None, :, :])


class Bmm(Op):
    """Batched matrix product with broadcast batch dimensions (both inputs at least 2-d)."""

    name = "BmmBackward0"
    saved_names = ("self", "mat2")
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
        return Bmm.apply(grad, transpose(b, -1, -2)), Bmm.apply(transpose(a, -1, -2), grad)

    def symbolic(ctx, a, b):
        return sum_last_axis(a[..., :, None, :] * np.swapaxes(b, -1, -2)[..., None, :, :])


class Addmm(Op):
    """``bias + mat1 @ mat2`` in one node, as ``nn.Linear`` records it (AddmmBackward0)."""

    name = "AddmmBackward0"
    saved_names = ("mat1", "mat2")
    promote = "binary"

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


# == newops: einsum, built from the engine's ops (diagonal, permute, unsqueeze, mul, sum) ==

_ELLIPSIS_LABELS = "0123456789"  # stand-ins for the dimensions of "...", never valid subscript letters


def _einsum_terms(equation: str, operands: tuple) -> tuple[list[str], str]:
    """The subscripts of each operand and of the output, with "..." expanded into stand-in labels."""
    equation = equation.replace(" ", "")
    for i, c in enumerate(equation.replace("...", "___").replace("->", "__").replace(",", "_")):
        if not (c.isascii() and c.isalpha()) and c != "_":
            raise RuntimeError(
                f"einsum(): invalid subscript given at index {i} in the equation string, subscripts must be in [a-zA-Z]"
            )
    lhs, arrow, output = equation.partition("->")
    terms = lhs.split(",")
    if len(terms) > len(operands):
        raise RuntimeError("einsum(): fewer operands were provided than specified in the equation")
    if len(terms) < len(operands):
        raise RuntimeError("einsum(): more operands were provided than specified in the equation")
    n_ellipsis = 0
    for i, (term, t) in enumerate(zip(terms, operands)):
        letters = len(term.replace("...", ""))
        if "..." in term:
            n_ellipsis = max(n_ellipsis, t.ndim - letters)
        elif letters != t.ndim:
            raise RuntimeError(
                f"einsum(): the number of subscripts in the equation ({letters}) does not match the number of "
                f"dimensions ({t.ndim}) for operand {i} and no ellipsis was given"
            )
    broadcast = _ELLIPSIS_LABELS[:n_ellipsis]
    terms = [term.replace("...", broadcast[n_ellipsis - (t.ndim - len(term) + 3):] if "..." in term else "")
             for term, t in zip(terms, operands)]  # fmt: skip
    if not arrow:
        letters = "".join(terms)
        output = broadcast + "".join(sorted(c for c in set(letters) if c.isalpha() and letters.count(c) == 1))
    else:
        output = output.replace("...", broadcast)
        for c in output:
            if output.count(c) > 1:
                raise RuntimeError(f"einsum(): output subscript {c} appears more than once in the output")
            if c not in "".join(terms):
                raise RuntimeError(
                    f"einsum(): output subscript {c} does not appear in the equation for any input operand"
                )
    return terms, output


def einsum(equation: str, *operands: Any) -> Any:
    """Sum of products over the subscripts that the output leaves out, written with Einstein's notation.

    Repeated subscripts in one operand take a diagonal; every operand is lined up to one order of all
    subscripts, the operands are multiplied (broadcasting) and the subscripts not in the output summed.

    >>> import autograd_nb as torch
    >>> a = torch.tensor([[1.0, 2.0], [3.0, 4.0]])
    >>> torch.einsum("ij,jk->ik", a, a), torch.einsum("ii->", a)
    (tensor([[ 7., 10.],
            [15., 22.]]), tensor(5.))
    """
    if len(operands) == 1 and isinstance(operands[0], (list, tuple)):
        operands = tuple(operands[0])
    terms, output = _einsum_terms(equation, operands)
    sizes: dict[str, int] = {}
    for i, (term, t) in enumerate(zip(terms, operands)):
        own: dict[str, int] = {}  # a subscript repeated within one operand takes a diagonal: its sizes must agree
        for c, size in zip(term, t.shape):
            if own.setdefault(c, size) != size:
                raise RuntimeError(
                    f"einsum(): subscript {c} is repeated for operand {i} but the sizes don't match, {size} != {own[c]}"
                )
            seen = sizes.get(c, 1)
            if size != 1 and seen != 1 and size != seen:
                raise RuntimeError(
                    f"einsum(): subscript {c} has size {size} for operand {i} which does not broadcast with "
                    f"previously seen size {seen}"
                )
            sizes[c] = size if seen == 1 else seen
    contracted = "".join(dict.fromkeys(c for c in "".join(terms) if c not in output))
    _check_pair_dtypes(terms, output, operands)
    order = output + contracted
    aligned = []
    for term, t in zip(terms, operands):
        for c in dict.fromkeys(term):  # a repeated subscript: keep only the diagonal, as the last dimension
            while term.count(c) > 1:
                first = term.index(c)
                second = term.index(c, first + 1)
                t = t.diagonal(0, first, second)
                term = term[:first] + term[first + 1 : second] + term[second + 1 :] + c
        t = t.permute(sorted(range(len(term)), key=lambda k: order.index(term[k])))
        for position, c in enumerate(order):
            if c not in term:
                t = t.unsqueeze(position)
        aligned.append(t)
    result = aligned[0]
    for t in aligned[1:]:
        result = result * t
    if contracted:
        result = result.sum(tuple(range(len(output), len(order))))
    return result


def _check_pair_dtypes(terms: list[str], output: str, operands: tuple) -> None:
    """PyTorch's error where its einsum needs one dtype. It takes the operands in turn; a pair that shares a
    subscript of size above 1 in both, which neither the output nor a later operand has, is contracted by a
    batched matrix product, which refuses two dtypes; other pairs are multiplied, which promotes. (With an empty
    operand it answers zeros first.)"""
    if any(t._data.size == 0 for t in operands):
        return
    dtype, seen = operands[0]._data.dtype, dict(zip(terms[0], operands[0]._data.shape))  # subscript: size so far
    for k in range(1, len(terms)):
        kept = set(output).union(*terms[k + 1 :])
        other, sizes = operands[k]._data.dtype, dict(zip(terms[k], operands[k]._data.shape))
        if any(seen.get(c, 1) != 1 and size != 1 and c not in kept for c, size in sizes.items()):
            if other != dtype:
                raise RuntimeError(f"expected scalar type {TYPE_NAMES[dtype.name]} but found {TYPE_NAMES[other.name]}")
        else:
            dtype = np.promote_types(dtype, other)
        for c, size in sizes.items():
            seen[c] = max(seen.get(c, 1), size)


# == end newops ==


# == matmul: ``a @ b`` dispatched to the ops above, as PyTorch dispatches it ==


def matmul(input: Tensor, other: Tensor) -> Tensor:
    """``input @ other`` as PyTorch dispatches and records it: dot, mv, mm, or a batched product (Bmm).

    >>> import autograd_nb as torch
    >>> x = torch.ones(2, 3, requires_grad=True)
    >>> x @ torch.ones(3), (torch.ones(4, 2, 3) @ torch.ones(3, 5)).shape
    (tensor([3., 3.], grad_fn=<MvBackward0>), torch.Size([4, 2, 5]))
    """
    a, b = input._data.ndim, other._data.ndim
    if a == 0 or b == 0:
        raise RuntimeError(f"both arguments to matmul need to be at least 1D, but they are {a}D and {b}D")
    if a == 1 and b == 1:
        return input.dot(other)
    if a == 2 and b == 1:
        return input.mv(other)
    if a == 1 and b == 2:
        if input._data.shape[0] != other._data.shape[0]:
            raise RuntimeError(
                f"mat1 and mat2 shapes cannot be multiplied (1x{input._data.shape[0]} and "
                f"{other._data.shape[0]}x{other._data.shape[1]})"
            )
        return SqueezeMatmul.apply(input.unsqueeze(0).mm(other), dim=0)
    if a == 2 and b == 2:
        return input.mm(other)
    if b <= 2:
        # fold the batch into rows, multiply, unfold: PyTorch's recipe and graph
        rows = input.reshape(-1, input._data.shape[-1])
        product = rows.mm(other) if b == 2 else rows.mv(other)
        shape = input._data.shape[:-1] + (other._data.shape[-1],) if b == 2 else input._data.shape[:-1]
        return UnsafeView.apply(product, shape=shape)
    return _batched_matmul(input.unsqueeze(0) if a == 1 else input, other, vector_on_left=a == 1)


def _batched_matmul(left: Tensor, other: Tensor, vector_on_left: bool) -> Tensor:
    """Broadcast the batch dimensions, fold them into one for ``Bmm``, unfold the product (PyTorch's graph)."""
    (n, k), (k2, m) = left._data.shape[-2:], other._data.shape[-2:]
    try:
        batch = np.broadcast_shapes(left._data.shape[:-2], other._data.shape[:-2])
    except ValueError:
        raise_broadcast_error(left._data.shape[:-2], other._data.shape[:-2])
    product = Bmm.apply(
        left.expand(batch + (n, k)).reshape(-1, n, k), other.expand(batch + (k2, m)).reshape(-1, k2, m)
    )
    # a vector on the left lost its row of one in the same reshape, as in PyTorch
    return UnsafeView.apply(product, shape=batch + ((m,) if vector_on_left else (n, m)))
