"""``torch.autograd``: ``backward``, ``grad``, ``Function``, grad modes and ``functional``."""

from __future__ import annotations

from typing import Any

from . import functional
from .engine import run_backward
from .function import Function
from .grad_mode import enable_grad, inference_mode, is_grad_enabled, no_grad, set_grad_enabled

__all__ = ["backward", "grad", "Function", "functional", "no_grad", "enable_grad", "set_grad_enabled",
           "is_grad_enabled", "inference_mode"]  # fmt: skip


def _as_tuple(value: Any) -> tuple:
    from .._tensor import Tensor

    if value is None:
        return ()
    if isinstance(value, Tensor):
        return (value,)
    return tuple(value)


def backward(
    tensors: Any,
    grad_tensors: Any = None,
    retain_graph: bool | None = None,
    create_graph: bool = False,
    inputs: Any = None,
) -> None:
    """Add the gradients of ``tensors`` into the ``.grad`` of the leaves they depend on.

    >>> x = tensor([1.0, 2.0], requires_grad=True)
    >>> backward((x * x).sum())
    >>> x.grad
    tensor([2., 4.])
    """
    outputs = _as_tuple(tensors)
    grads = _as_tuple(grad_tensors) or (None,) * len(outputs)
    if len(grads) != len(outputs):
        raise RuntimeError("grad can be implicitly created only for scalar outputs")
    if inputs is not None:
        inputs = _as_tuple(inputs)
        if not inputs:
            raise RuntimeError("'inputs' argument to backward() cannot be empty.")
    retain = create_graph if retain_graph is None else retain_graph
    run_backward(outputs, grads, retain, create_graph, inputs=inputs, accumulate=True)


def grad(
    outputs: Any,
    inputs: Any,
    grad_outputs: Any = None,
    retain_graph: bool | None = None,
    create_graph: bool = False,
    allow_unused: bool | None = None,
    materialize_grads: bool = False,
) -> tuple:
    """Return the gradients of ``outputs`` with respect to ``inputs``, leaving every ``.grad`` alone.

    >>> x = tensor(3.0, requires_grad=True)
    >>> grad(x**2, x)
    (tensor(6.),)
    """
    from .._tensor import Tensor

    outputs_t = _as_tuple(outputs)
    inputs_t = _as_tuple(inputs)
    grads = _as_tuple(grad_outputs) or (None,) * len(outputs_t)
    if len(grads) != len(outputs_t):
        raise RuntimeError(
            f"grad requires one grad_output per output: got {len(grads)} grad_outputs and {len(outputs_t)} outputs"
        )
    if not inputs_t:
        raise RuntimeError("`inputs` argument to `grad()` cannot be empty.")
    for t in inputs_t:
        if not isinstance(t, Tensor):
            raise TypeError(f"grad(): inputs must be Tensors, not {type(t).__name__}")
        if not t.requires_grad:
            raise RuntimeError("One of the differentiated Tensors does not require grad")
    allow_unused = materialize_grads if allow_unused is None else allow_unused
    retain = create_graph if retain_graph is None else retain_graph
    result = run_backward(outputs_t, grads, retain, create_graph, inputs=inputs_t, accumulate=False)
    for k, (t, g) in enumerate(zip(inputs_t, result)):
        if g is None:
            if materialize_grads:
                result[k] = Tensor._make(t._data * 0)
            elif not allow_unused:
                raise RuntimeError(
                    f"The differentiated Tensor at index {k} appears to not have been used in the graph. "
                    "Set allow_unused=True if this is the desired behavior."
                )
        elif not create_graph:
            result[k] = g.detach()
    return tuple(result)
