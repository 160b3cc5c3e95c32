"""The backward pass: walk the recorded graph from the outputs to the leaves, without recursion.

Gradients flow in reverse topological order, computed once by an iterative depth-first search, so
a 100,000-op chain needs no deep Python stack. Nothing visible changes until the whole pass has
succeeded: ``.grad`` fields are written and saved tensors released only at the very end, so a pass
that fails half-way (a freed graph, an in-place modification, a hook that raises) leaves every
``.grad`` as it was.
"""

from __future__ import annotations

import gc
from collections.abc import Sequence
from typing import Any

import numpy as np

from .function import AccumulateGrad, Node, gradient_edge
from .grad_mode import _State


def topological_order(roots: Sequence[Node]) -> list[Node]:
    """Every node reachable from ``roots``, each listed after all nodes that send it gradients."""
    post_order: list[Node] = []
    visited: set[Node] = set()  # nodes hash by identity
    for root in roots:
        if root in visited:
            continue
        visited.add(root)
        stack = [(root, iter(root.next_functions))]
        while stack:
            node, children = stack[-1]
            for child, _ in children:
                if child is not None and child not in visited:
                    visited.add(child)
                    stack.append((child, iter(child.next_functions)))
                    break
            else:
                stack.pop()
                post_order.append(node)
    post_order.reverse()
    return post_order


def _root_grads(outputs: Sequence[Any], grad_outputs: Sequence[Any], create_graph: bool) -> list:
    grads = []
    for i, (out, grad) in enumerate(zip(outputs, grad_outputs)):
        if not out._requires_grad:
            raise RuntimeError(f"element {i} of tensors does not require grad and does not have a grad_fn")
        if grad is None:
            if out._data.size != 1:
                raise RuntimeError("grad can be implicitly created only for scalar outputs")
            grad = Tensor._make(np.ones_like(out._data))
        elif not isinstance(grad, Tensor):
            raise TypeError(
                f"gradients can be either Tensors or None, but got {type(grad).__name__}"
            )
        elif grad._data.shape != out._data.shape:
            raise RuntimeError(
                f"Mismatch in shape: grad_output[{i}] has a shape of {grad.shape} and output[{i}] has a "
                f"shape of {out.shape}."
            )
        elif grad._data.dtype != out._data.dtype:
            grad = Tensor._make(grad._data.astype(out._data.dtype))
        grads.append(grad if create_graph else grad.detach())
    return grads


def _run_hooks(hooks: list, grad: Any) -> Any:
    for hook in hooks:
        replaced = hook(grad)
        if replaced is not None:
            grad = replaced
    return grad


def run_backward(
    outputs: Sequence[Any],
    grad_outputs: Sequence[Any],
    retain_graph: bool,
    create_graph: bool,
    inputs: Sequence[Any] | None = None,
    accumulate: bool = True,
) -> list:
    """Propagate gradients from ``outputs``.

    With ``accumulate`` (``backward``), gradients are added to the ``.grad`` of the leaves (or of
    ``inputs`` only, when given). Without it (``autograd.grad``), the gradients reaching ``inputs``
    are returned, one per input (None where unused), and no ``.grad`` changes.

    Without ``create_graph`` nothing records the backward pass, so gradients travel as bare numpy
    arrays: a node whose op declares ``array_backward`` computes on them directly, any other node
    (and every hook) gets them wrapped in Tensors. With ``create_graph`` they are Tensors throughout.
    """
    root_grads = _root_grads(outputs, grad_outputs, create_graph)
    roots = [gradient_edge(out) for out in outputs]
    # The sort and the walk create no reference cycles, so a collection could free nothing, yet on a
    # deep graph each full collection rescans every node and tensor: pause the collector meanwhile.
    collector_was_enabled = gc.isenabled()
    gc.disable()
    try:
        return _run(roots, root_grads, retain_graph, create_graph, inputs, accumulate)
    finally:
        if collector_was_enabled:
            gc.enable()


def _run(roots: list, root_grads: list, retain_graph: bool, create_graph: bool, inputs: Sequence[Any] | None,
         accumulate: bool) -> list:  # fmt: skip
    """The body of ``run_backward``, which only pauses the garbage collector around it."""
    on_arrays = not create_graph
    order = topological_order([node for node, _ in roots])

    targets: dict[tuple[int, int], int] = {}
    if inputs is not None:
        for k, tensor in enumerate(inputs):
            node, nr = gradient_edge(tensor)
            targets[(id(node), nr)] = k
        # only run nodes from which some target can be reached
        target_nodes = {key[0] for key in targets}
        runs: set[int] = set()
        useful: set[int] = set()
        for node in reversed(order):
            if any(child is not None and id(child) in useful for child, _ in node.next_functions):
                runs.add(id(node))
                useful.add(id(node))
            if id(node) in target_nodes:
                useful.add(id(node))
    captured: list = [None] * (len(inputs) if inputs is not None else 0)

    buffers: dict[Node, list] = {}  # per node, the gradients received so far, one slot per output
    for (node, nr), grad in zip(roots, root_grads):
        _add_to_buffer(buffers, node, nr, grad._data if on_arrays else grad)

    pending_grads: list[tuple[Any, Any]] = []
    executed: list[Node] = []
    previous_mode = _State.enabled
    _State.enabled = create_graph
    try:
        for node in order:
            buffer = buffers.pop(node, None)
            if buffer is None:
                continue
            if node._tensor_hooks or node._pre_hooks or node._retained or (
                    type(node) is AccumulateGrad and node.variable._hooks):  # fmt: skip
                buffer = _before_backward(node, buffer, on_arrays, pending_grads)

            # kept (as plain arrays, so no reference cycle forms) for drawings of the gradient flow
            node._grad_outputs = tuple(buffer) if on_arrays else tuple([None if g is None else g._data for g in buffer])
            if inputs is not None:
                for nr, grad in enumerate(buffer):
                    k = targets.get((id(node), nr))
                    if k is not None:
                        captured[k] = grad
                if id(node) not in runs:
                    if KEEP_EDGE_GRADS:
                        node._grad_inputs = None  # this pass sent nothing along its edges
                    continue
            if type(node) is AccumulateGrad:
                if accumulate and inputs is None:
                    pending_grads.append((node.variable, buffer[0]))
                continue

            if on_arrays and node._array_backward and node._post_hooks is None:
                input_grads = node._apply_backward_to_arrays(buffer)
            else:
                input_grads = _apply_on_tensors(node, buffer, on_arrays)
            executed.append(node)
            if KEEP_EDGE_GRADS:
                _keep_edge_grads(node, input_grads, on_arrays)
            for (child, nr), grad, meta in zip(node.next_functions, input_grads, node._input_meta):
                if child is None or grad is None:
                    continue
                # broadcast inputs get their gradient summed back to their shape, in their dtype
                shape, dtype = meta
                if on_arrays:
                    if grad.shape != shape:
                        dims = _broadcast_dims_or_raise(node, input_grads, grad, grad.shape, shape)
                        grad = (grad.sum(axis=dims, keepdims=True) if dims else grad).reshape(shape)
                    if grad.dtype != dtype:
                        grad = grad.astype(dtype)
                else:
                    if grad._data.shape != shape:
                        _broadcast_dims_or_raise(node, input_grads, grad, grad._data.shape, shape)
                        grad = grad.sum_to_size(shape)
                    if grad._data.dtype != dtype:
                        grad = grad.to(dtype=dtype)
                # _add_to_buffer, inlined: this line runs once per edge of the graph
                slots = buffers.get(child)
                if slots is None:
                    slots = buffers[child] = [None] * len(child._outputs_meta)
                slots[nr] = grad if slots[nr] is None else slots[nr] + grad
    finally:
        _State.enabled = previous_mode

    # the pass succeeded: only now change what the user can see
    if accumulate:
        if inputs is not None:
            pending_grads.extend((t, g) for t, g in zip(inputs, captured) if g is not None)
        for tensor, grad in pending_grads:
            _accumulate(tensor, grad, create_graph)
    if not retain_graph:
        for node in executed:
            if node._saved:  # free what backward needed (nodes that saved nothing keep their empty tuple)
                node._saved = None
    if on_arrays:
        captured = [None if g is None else Tensor._make(g) for g in captured]
    return captured


# Set by ``autograd_nb.viz`` when it is imported: from then on backward keeps each edge's gradient.
KEEP_EDGE_GRADS = False


def _keep_edge_grads(node: Node, input_grads: tuple, on_arrays: bool) -> None:
    """Keep the gradient sent along each of the node's edges, for drawings (``viz`` labels every arrow).

    Cost: one attribute per node (on a 100,000-node chain about 50 MB more, mostly the nodes' larger
    attribute dicts; hence only once ``viz`` is loaded), and the arrays stay alive until the node's next
    backward or until the graph is dropped. They are the very arrays the pass computed (no copy; before
    the sum that undoes broadcasting), kept as bare arrays so that no reference cycle forms with
    ``create_graph``.
    """
    node._grad_inputs = input_grads if on_arrays else tuple([None if g is None else g._data for g in input_grads])


def _add_to_buffer(buffers: dict, node: Node, nr: int, grad: Any) -> None:
    buffer = buffers.get(node)
    if buffer is None:
        buffer = buffers[node] = [None] * len(node._outputs_meta)
    buffer[nr] = grad if buffer[nr] is None else buffer[nr] + grad


def _before_backward(node: Node, buffer: list, on_arrays: bool, pending_grads: list) -> list:
    """Tensor hooks, pre-hooks and retain_grad, which see (and may replace) the gradients as Tensors."""
    if on_arrays:
        buffer = [None if g is None else Tensor._make(g) for g in buffer]
    if type(node) is AccumulateGrad:
        if node.variable._hooks:
            buffer[0] = _run_hooks(node.variable._hooks, buffer[0])
    elif node._tensor_hooks:
        for nr, hooks in node._tensor_hooks.items():
            if buffer[nr] is not None:
                buffer[nr] = _run_hooks(hooks, buffer[nr])
    if node._pre_hooks:
        for hook in node._pre_hooks:
            replaced = hook(tuple(buffer))
            if replaced is not None:
                buffer = list(replaced)
    if on_arrays:
        buffer = [None if g is None else g._data for g in buffer]
    if node._retained:
        for nr, ref in node._retained.items():
            tensor = ref()
            if tensor is not None and buffer[nr] is not None:
                pending_grads.append((tensor, buffer[nr]))
    return buffer


def _apply_on_tensors(node: Node, buffer: list, on_arrays: bool) -> tuple:
    """Run a node's backward on Tensors (wrapping and unwrapping arrays when ``on_arrays``), with post-hooks."""
    if on_arrays:
        buffer = [None if g is None else Tensor._make(g) for g in buffer]
    if node._materialize_grads:  # only a custom Function asks for zeros in place of None
        buffer = [_zeros_for(meta) if g is None else g for g, meta in zip(buffer, node._outputs_meta)]
    grad_outputs = tuple(buffer)
    input_grads = node._apply_backward(grad_outputs)
    if node._post_hooks:
        for hook in node._post_hooks:
            hook(input_grads, grad_outputs)
    if on_arrays:
        return tuple([None if g is None else g._data for g in input_grads])
    return input_grads


def _broadcast_dims_or_raise(node: Node, input_grads: tuple, grad: Any, grad_shape: tuple, shape: tuple) -> tuple:
    """A gradient must have the input's shape, or one broadcasting could have made from it."""
    dims = broadcast_dims(shape, grad_shape)
    if dims is None:
        index = next(k for k, g in enumerate(input_grads) if g is grad)
        raise RuntimeError(
            f"Function {node.name()} returned an invalid gradient at index {index} - got {list(grad_shape)} "
            f"but expected shape compatible with {list(shape)}"
        )
    return dims


def _zeros_for(meta: tuple) -> Any:
    shape, dtype = meta
    return Tensor._make(np.zeros(shape, dtype))


def _accumulate(tensor: Any, grad: Any, create_graph: bool) -> None:
    """Add ``grad`` into ``tensor.grad``: a Tensor with ``create_graph``, else a numpy array."""
    old = tensor._grad
    if create_graph:
        tensor._grad = grad if old is None else old + grad
    elif old is None:
        tensor._grad = Tensor._make(np.array(grad, copy=True))  # gradient arrays may be shared with other nodes
    elif old.requires_grad:
        tensor._grad = old + Tensor._make(grad)
    else:
        np.add(old._data, grad, out=old._data, casting="unsafe")
        old._version_box[0] += 1


from .._tensor import Tensor, broadcast_dims  # noqa: E402  (_tensor imports this package first)
