"""``torch.autograd.functional``: whole Jacobians, Hessians and vector-Jacobian products of a function."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from .._tensor import Tensor
from ..ops.shape import Stack
from .engine import grad
from .grad_mode import enable_grad


def _tuple(value: Any) -> tuple[tuple, bool]:
    if isinstance(value, Tensor):
        return (value,), False
    return tuple(value), True


def _prepare(inputs: tuple, create_graph: bool) -> tuple:
    # differentiate with respect to fresh leaves so the caller's tensors and graph stay untouched
    return tuple(x if create_graph and x.requires_grad else x.detach().requires_grad_(True) for x in inputs)


def vjp(func: Callable, inputs: Any, v: Any = None, create_graph: bool = False, strict: bool = False) -> tuple:
    """``(func(inputs), vᵀJ)``: what ``func(inputs).backward(v)`` would put in ``.grad``.

    >>> vjp(lambda x: 2 * x, tensor([1.0, 2.0]), tensor([1.0, 0.5]))
    (tensor([2., 4.]), tensor([2., 1.]))
    """
    inputs_t, is_tuple = _tuple(inputs)
    with enable_grad():
        xs = _prepare(inputs_t, create_graph)
        out = func(*xs)
        outputs, out_is_tuple = _tuple(out)
        vs = _tuple(v)[0] if v is not None else (None,) * len(outputs)
        grads = grad(outputs, xs, vs, create_graph=create_graph, allow_unused=True)
    grads = tuple(g if g is not None else x.detach() * 0 for g, x in zip(grads, xs))
    result_out = out if create_graph else (tuple(o.detach() for o in outputs) if out_is_tuple else outputs[0].detach())
    return result_out, grads if is_tuple else grads[0]


def jacobian(func: Callable, inputs: Any, create_graph: bool = False, strict: bool = False,
             vectorize: bool = False, strategy: str = "reverse-mode") -> Any:  # fmt: skip
    """The Jacobian of ``func`` at ``inputs``, shaped ``output.shape + input.shape``.

    Row i is the gradient of output element i, computed by one backward pass with a one-hot v.

    >>> jacobian(lambda x: x**2, tensor([1.0, 2.0]))
    tensor([[2., 0.],
            [0., 4.]])
    """
    inputs_t, in_is_tuple = _tuple(inputs)
    with enable_grad():
        xs = _prepare(inputs_t, create_graph)
        out = func(*xs)
        outputs, out_is_tuple = _tuple(out)
        table = []
        for y in outputs:
            rows: list[list] = [[] for _ in xs]
            for i in range(y.numel()):
                one_hot = np.zeros(y._data.size, dtype=y._data.dtype)
                one_hot[i] = 1
                v = Tensor._make(one_hot.reshape(y._data.shape))
                gs = grad(y, xs, v, retain_graph=True, create_graph=create_graph, allow_unused=True) \
                    if y.requires_grad else (None,) * len(xs)  # fmt: skip
                for k, (g, x) in enumerate(zip(gs, xs)):
                    rows[k].append(g if g is not None else Tensor._make(np.zeros_like(x._data)))
            table.append(tuple(_stack_rows(r, y, x) for r, x in zip(rows, xs)))
    if not out_is_tuple:
        return table[0] if in_is_tuple else table[0][0]
    return tuple(row if in_is_tuple else row[0] for row in table)


def _stack_rows(rows: list, y: Any, x: Any) -> Any:
    if not rows:
        raise RuntimeError("stack expects a non-empty TensorList")  # PyTorch stacks the rows of an empty output
    recorded = any(r.requires_grad for r in rows)
    stacked = Stack.apply(*rows, dim=0) if recorded else Tensor._make(np.stack([r._data for r in rows]))
    return stacked.reshape(tuple(y.shape) + tuple(x.shape))


def hessian(func: Callable, inputs: Any, create_graph: bool = False, strict: bool = False,
            vectorize: bool = False, outer_jacobian_strategy: str = "reverse-mode") -> Any:  # fmt: skip
    """The matrix of second derivatives of a scalar ``func``.

    >>> hessian(lambda x: (x[0] ** 2 + x[1] ** 2 + x[0] * x[1]), tensor([3.0, 1.0]))
    tensor([[2., 1.],
            [1., 2.]])
    """
    inputs_t, in_is_tuple = _tuple(inputs)

    def gradient(*xs: Any) -> Any:
        out = func(*xs)
        if out.numel() != 1:
            raise RuntimeError("The function given to hessian should return a single element Tensor")
        gs = grad(out.reshape(()), xs, create_graph=True, allow_unused=True)
        return tuple(g if g is not None else x * 0 for g, x in zip(gs, xs))

    result = jacobian(gradient, inputs_t, create_graph=create_graph)
    if not in_is_tuple:
        return result[0][0]
    return result


def jvp(func: Callable, inputs: Any, v: Any = None, create_graph: bool = False, strict: bool = False) -> tuple:
    """``(func(inputs), J v)``, computed with the double-backward trick."""
    inputs_t, is_tuple = _tuple(inputs)
    with enable_grad():
        xs = _prepare(inputs_t, create_graph)
        out = func(*xs)
        outputs, out_is_tuple = _tuple(out)
        dummies = tuple(Tensor._make(np.zeros_like(o._data)).requires_grad_(True) for o in outputs)
        gs = grad(outputs, xs, dummies, create_graph=True, allow_unused=True)
        pairs = [(g, vv) for g, vv in zip(gs, _tuple(v)[0] if v is not None else (None,) * len(xs)) if g is not None]
        jv = grad([g for g, _ in pairs], dummies, [vv for _, vv in pairs], create_graph=create_graph, allow_unused=True)
    jv = tuple(j if j is not None else o.detach() * 0 for j, o in zip(jv, outputs))
    result_out = tuple(o.detach() for o in outputs) if out_is_tuple else outputs[0].detach()
    return result_out, jv if out_is_tuple else jv[0]
