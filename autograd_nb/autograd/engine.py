"""The backward pass: walk the recorded graph from the outputs to the leaves, without recursion.

Gradients flow from the outputs to the leaves in the order PyTorch's engine uses (``execution_order``:
a node runs once every node that sends it gradients has run, the most recently created first), found
without recursion, so a 100,000-op chain needs no deep Python stack. Each node's turn is a few named
steps (``_propagate``):
gather its gradients → run hooks → apply its backward → reduce broadcast gradients → send them to
its children; the leaves' gradients are accumulated at the end. Nothing visible changes until the
whole pass has succeeded: ``.grad`` fields are written and saved tensors released only at the very
end, so a pass that fails half-way (a freed graph, an in-place modification, a hook that raises)
leaves every ``.grad`` as it was.

Without ``create_graph`` nothing records the backward pass, so gradients travel as bare numpy arrays
and every op's backward computes on them (see ``Op``); hooks still see Tensors. With ``create_graph``
they are Tensors throughout, and the backward pass is itself recorded.
"""

from __future__ import annotations

import gc
import operator
from collections.abc import Sequence
from typing import Any

import numpy as np

from .._shapes import broadcast_dims
from .._tensor import Tensor, warn_once
from .both import array_of, cast, sum_to_shape
from .grad_mode import _State
from .graph import AccumulateGrad, Node, gradient_edge


def topological_order(roots: Sequence[Node]) -> list[Node]:
    """Every node reachable from ``roots``, each listed after all nodes that send it gradients, depth first in
    the order of each node's inputs: the stable order drawings and replays list nodes in. (The engine runs
    them in ``execution_order``, PyTorch's.)"""
    post_order: list[Node] = []
    visited: set[Node] = set()  # nodes hash by identity
    for root in roots:
        if root in visited:
            continue
        visited.add(root)
        stack = [(root, iter(root._children))]
        while stack:
            node, children = stack[-1]
            for child in children:
                if child is not None and child not in visited:
                    visited.add(child)
                    stack.append((child, iter(child._children)))
                    break
            else:
                stack.pop()
                post_order.append(node)
    post_order.reverse()
    return post_order


def execution_order(roots: Sequence[Node]) -> list[Node]:
    """Every node reachable from ``roots``, in the order PyTorch's engine runs them. PyTorch runs, of the nodes
    whose senders have all run, a leaf's AccumulateGrad first, then the most recently created node (graph.SEQUENCE).
    As a node is always created after the nodes it sends gradients to, that is: the nodes by creation, newest
    first, each leaf's AccumulateGrad right after the last node that sends it gradients (in the order of that
    node's edges, as PyTorch queues them). Hooks fire in this order.
    """
    nodes, leaves = _reachable(roots)
    last_senders = set(leaves.values())
    order = [leaf for leaf, sender in leaves.items() if sender is None]  # leaves among the roots
    for node in sorted(nodes, key=_creation, reverse=True):
        order.append(node)
        if node in last_senders:
            order += [child for child in dict.fromkeys(node._children) if leaves.get(child) is node]
    return order


_creation = operator.attrgetter("_seq")


def _reachable(roots: Sequence[Node]) -> tuple[list, dict]:
    """The nodes reachable from ``roots`` other than leaves, and the leaves' AccumulateGrad nodes, each with the
    last node to send it gradients (the one created first; None for a leaf that is a root).

    Each node is visited once, from a stack of the nodes found but not yet visited: on a long chain it holds one
    node, where a depth-first search, which keeps the whole path, would hold the chain.
    """
    leaves = {root: None for root in roots if type(root) is AccumulateGrad}
    seen = set(roots)
    stack = list(dict.fromkeys(roots))
    nodes = []
    while stack:
        node = stack.pop()
        if type(node) is AccumulateGrad:
            continue
        nodes.append(node)
        for child in node._children:
            if child is None:
                continue
            if type(child) is AccumulateGrad:
                sender = leaves.get(child)
                if sender is None or node._seq < sender._seq:
                    leaves[child] = node
            elif child not in seen:
                seen.add(child)
                stack.append(child)
    return nodes, leaves


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
    """
    root_grads = _root_grads(outputs, grad_outputs, create_graph)
    roots = [gradient_edge(out) for out in outputs]
    # The sort and the walk create no reference cycles, so a collection could free nothing, yet on a
    # deep graph each full collection rescans every node and tensor: pause the collector meanwhile.
    collector_was_enabled = gc.isenabled()
    gc.disable()
    previous_mode, _State.enabled = _State.enabled, create_graph  # record the pass only with create_graph
    try:
        pass_ = _propagate(roots, root_grads, inputs)
    finally:
        _State.enabled = previous_mode
        if collector_was_enabled:
            gc.enable()

    # the pass succeeded: only now change what the user can see
    if accumulate:
        for tensor, grad in pass_.leaf_grads(inputs):
            _accumulate(tensor, grad, create_graph)
    if not retain_graph:
        for node in pass_.executed:
            if node._saved:  # free what backward needed (nodes that saved nothing keep their empty tuple)
                node._saved = None
    return [_as_tensor(g) for g in pass_.captured]


class _Pass:
    """What a pass leaves for the end: gradients for leaves, the nodes that ran, what reached ``inputs``."""

    def __init__(self, targets: _Targets | None) -> None:
        self.targets = targets
        self.pending: list[tuple[Any, Any]] = []  # (leaf or retained tensor, gradient)
        self.executed: list[Node] = []

    @property
    def captured(self) -> list:
        return self.targets.captured if self.targets is not None else []

    def leaf_grads(self, inputs: Sequence[Any] | None) -> list:
        if self.targets is None:
            return self.pending
        return self.pending + [(t, g) for t, g in zip(inputs, self.targets.captured) if g is not None]


def _propagate(roots: list, root_grads: list, inputs: Sequence[Any] | None) -> _Pass:
    """Run every node that received a gradient, in PyTorch's order; see the module docstring."""
    root_nodes = [node for node, _ in roots]
    order = execution_order(root_nodes)
    pass_ = _Pass(_Targets(inputs, order) if inputs is not None else None)
    targets = pass_.targets
    buffers: dict[Node, list] = {}  # per node, the gradients received so far, one slot per output
    for (node, nr), grad in zip(roots, root_grads):
        _send(buffers, node, nr, grad)

    on_arrays = not _State.enabled
    for node in order:
        grads = buffers.pop(node, None)  # gather the node's gradients
        if grads is None:
            continue
        if node._hooked:
            grads = _run_hooks(node, grads, pass_.pending)
        if KEEP_GRADS or node in root_nodes:  # for drawings, as arrays (Tensors would make a cycle)
            node._grad_outputs = grads if on_arrays else [array_of(g) for g in grads]
        if targets is not None:
            targets.capture(node, grads)
            if not targets.leads_somewhere(node):
                continue
        if type(node) is AccumulateGrad:
            if targets is None:
                pass_.pending.append((node.variable, grads[0]))  # accumulated at the end
            continue
        input_grads = node._apply_backward(grads)
        if node._post_hooks:
            _run_post_hooks(node, input_grads, grads)
        pass_.executed.append(node)
        if KEEP_GRADS:
            _keep_edge_grads(node, input_grads)
        for child, nr, grad in zip(node._children, node._child_nrs, input_grads):
            if child is not None and grad is not None:
                meta = child._outputs_meta[nr]
                if type(grad) is not np.ndarray or (grad.shape, grad.dtype) != meta:
                    grad = _reduce_to_input(node, input_grads, grad, meta)
                _send(buffers, child, nr, grad)
    return pass_


def _root_grads(outputs: Sequence[Any], grad_outputs: Sequence[Any], create_graph: bool) -> list:
    """The gradient each output starts with: arrays for a plain backward, Tensors under create_graph."""
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
        grads.append(grad if create_graph else grad._data)
    return grads


class _Targets:
    """For ``autograd.grad(outputs, inputs)``: the nodes worth running, and the gradients reaching ``inputs``."""

    def __init__(self, inputs: Sequence[Any], order: list[Node]) -> None:
        self.index = {}
        for k, tensor in enumerate(inputs):
            node, nr = gradient_edge(tensor)
            self.index[(id(node), nr)] = k
        self.captured: list = [None] * len(inputs)
        # a node is worth running when some target can be reached from it
        target_nodes = {key[0] for key in self.index}
        self.useful: set[int] = set()
        self.runs: set[int] = set()
        for node in reversed(order):
            if any(child is not None and id(child) in self.useful for child in node._children):
                self.runs.add(id(node))
                self.useful.add(id(node))
            if id(node) in target_nodes:
                self.useful.add(id(node))

    def capture(self, node: Node, grads: list) -> None:
        for nr, grad in enumerate(grads):
            k = self.index.get((id(node), nr))
            if k is not None:
                self.captured[k] = grad

    def leads_somewhere(self, node: Node) -> bool:
        if id(node) in self.runs:
            return True
        if KEEP_GRADS:
            node._grad_inputs = None  # this pass sent nothing along its edges
        return False


def _run_hooks(node: Node, grads: list, pending: list) -> list:
    """Tensor hooks, pre-hooks and retain_grad, which see (and may replace) the gradients as Tensors."""
    on_arrays = not _State.enabled
    grads = [_as_tensor(g) for g in grads]
    if type(node) is AccumulateGrad:
        grads[0] = _call_tensor_hooks(node.variable._hooks, grads[0])
    elif node._tensor_hooks:
        for nr, hooks in node._tensor_hooks.items():
            if grads[nr] is not None:
                grads[nr] = _call_tensor_hooks(hooks, grads[nr])
    for hook in node._pre_hooks or ():
        replaced = hook(tuple(grads))
        if replaced is not None:
            grads = list(replaced)
    if node._retained:
        for nr, ref in node._retained.items():
            tensor = ref()
            if tensor is not None and grads[nr] is not None:
                pending.append((tensor, grads[nr]._data if on_arrays else grads[nr]))
    return [array_of(g) for g in grads] if on_arrays else grads


def _call_tensor_hooks(hooks: list, grad: Any) -> Any:
    for hook in hooks:
        replaced = hook(grad)
        if replaced is not None:
            grad = replaced
    return grad


def _run_post_hooks(node: Node, input_grads: tuple, grads: list) -> None:
    """``hook(grad_inputs, grad_outputs)`` after the node's backward, with Tensors."""
    tensors_in = tuple([_as_tensor(g) for g in input_grads])
    tensors_out = tuple([_as_tensor(g) for g in grads])
    for hook in node._post_hooks:
        hook(tensors_in, tensors_out)


def _reduce_to_input(node: Node, input_grads: tuple, grad: Any, meta: tuple) -> Any:
    """A gradient for a broadcast input is summed back to the input's shape, and cast to its dtype."""
    shape, dtype = meta
    data = array_of(grad)
    if data.shape != shape:
        if broadcast_dims(shape, data.shape) is None:
            index = next(k for k, g in enumerate(input_grads) if g is grad)
            raise RuntimeError(
                f"Function {node.name()} returned an invalid gradient at index {index} - got {list(data.shape)} "
                f"but expected shape compatible with {list(shape)}"
            )
        grad = sum_to_shape(grad, shape)
    if data.dtype != dtype:
        grad = cast(grad, dtype)
    return grad


def _send(buffers: dict, node: Node, nr: int, grad: Any) -> None:
    """Add ``grad`` into the slot for output ``nr`` of ``node``."""
    slots = buffers.get(node)
    if slots is None:
        slots = buffers[node] = [None] * len(node._outputs_meta)
    slots[nr] = grad if slots[nr] is None else slots[nr] + grad


def _as_tensor(grad: Any) -> Any:
    return grad if grad is None or isinstance(grad, Tensor) else Tensor._make(grad)


# Set by ``autograd_nb.viz`` when it is imported: from then on backward keeps, on each node, the gradients it
# received and those it sent along each edge, which drawings label arrows with. Otherwise each gradient is
# freed as soon as the pass has used it, as in PyTorch: on a long chain, keeping them all would add a third
# to the memory the graph takes at its peak (see benchmarks/bench_chain.py). The outputs' own nodes keep what
# they received in any case, so that a drawing can tell that a backward pass ran from them.
KEEP_GRADS = False


def _keep_edge_grads(node: Node, input_grads: tuple) -> None:
    """Keep the gradient sent along each of the node's edges, for drawings (``viz`` labels every arrow).

    Cost: one attribute per node (on a 100,000-node chain about 50 MB more, mostly the nodes' larger
    attribute dicts; hence only once ``viz`` is loaded), and the arrays stay alive until the node's next
    backward or until the graph is dropped. They are the very arrays the pass computed (no copy; before
    the sum that undoes broadcasting), kept as bare arrays so that no reference cycle forms with
    ``create_graph``.
    """
    node._grad_inputs = tuple([array_of(g) for g in input_grads])


def _accumulate(tensor: Any, grad: Any, create_graph: bool) -> None:
    """Add ``grad`` into ``tensor.grad``: a Tensor with ``create_graph``, else a numpy array."""
    old = tensor._grad
    if create_graph:  # a first gradient is copied into a tensor of its own, as PyTorch does (grad_fn CopyBackwards)
        tensor._grad = Tensor._make(np.empty_like(grad._data)).copy_(grad) if old is None else old + grad
    elif old is None:
        tensor._grad = Tensor._make(np.array(grad, copy=True))  # gradient arrays may be shared with other nodes
    elif old.requires_grad:
        tensor._grad = old + Tensor._make(grad)
    else:
        np.add(old._data, grad, out=old._data, casting="unsafe")
        old._version_counter()[0] += 1


# -- the public entry points: torch.autograd.backward and torch.autograd.grad ----------------------


def _as_tuple(value: Any) -> tuple:
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
    if create_graph:
        warn_once(_CREATE_GRAPH_WARNING)
    run_backward(outputs, grads, retain, create_graph, inputs=inputs, accumulate=True)


_CREATE_GRAPH_WARNING = (
    "Using backward() with create_graph=True will create a reference cycle between the parameter and its gradient "
    "which can cause a memory leak. We recommend using autograd.grad when creating the graph to avoid this. If you "
    "have to use this function, make sure to reset the .grad fields of your parameters to None after use to break "
    "the cycle and avoid the leak. (Triggered internally at /__w/pytorch/pytorch/torch/csrc/autograd/engine.cpp:1307.)"
)


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
