"""What a recorded graph turns into when drawn: boxes (vertices) and arrows.

Arrows always point the way gradients flow: output → grad_fn nodes → AccumulateGrad → leaf. The DOT
writer flips them for ``direction="forward"``. Vertices are numbered in the order the walk meets them
(the engine's topological order), so the same computation gives the same drawing: no memory address
reaches the output.
The graph is walked iteratively, as the engine does, so long chains need no deep Python stack.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .._shapes import broadcast_dims
from .._tensor import Tensor
from ..autograd import engine
from ..autograd.engine import topological_order
from ..autograd.function import BackwardCFunction
from ..autograd.graph import AccumulateGrad, Node, gradient_edge


@dataclass
class Vertex:
    role: str  # "function", "accumulate", "leaf", "tensor" (a named intermediate), "output", "saved"
    title: str  # the grad_fn class name, or the tensor's name ("" for an unnamed tensor)
    shape: tuple | None = None
    value: np.ndarray | None = None
    grad: np.ndarray | None = None
    notes: list[str] = field(default_factory=list)
    count: int = 1  # how many identical nodes were folded into this one by ``collapse``
    fold_key: tuple = ()  # nodes fold together only if they match here: same op, same constants
    marked: bool = False  # on a highlighted path
    alive: bool = True

    @property
    def label(self) -> str:
        return self.title + (f" ×{self.count}" if self.count > 1 else "")


@dataclass
class Arrow:
    src: int
    dst: int
    grad: np.ndarray | None = None  # the gradient sent along this arrow, when known
    saved: bool = False  # links a saved tensor to the node that saved it
    marked: bool = False
    alive: bool = True


@dataclass
class Graph:
    vertices: list[Vertex] = field(default_factory=list)
    arrows: list[Arrow] = field(default_factory=list)
    boxes: dict[Any, int] = field(default_factory=dict)  # ``tensor_key`` -> the tensor's box
    missing: str = ""  # why some arrows carry no gradient label, shown under the drawing

    def box_of(self, tensor: Tensor) -> int | None:
        return self.boxes.get(tensor_key(tensor))

    def add(self, vertex: Vertex) -> int:
        self.vertices.append(vertex)
        return len(self.vertices) - 1

    def connect(self, src: int, dst: int, **fields: Any) -> None:
        self.arrows.append(Arrow(src, dst, **fields))

    def live_vertices(self) -> list[tuple[int, Vertex]]:
        return [(i, v) for i, v in enumerate(self.vertices) if v.alive]

    def live_arrows(self) -> list[Arrow]:
        return [a for a in self.arrows if a.alive and self.vertices[a.src].alive and self.vertices[a.dst].alive]

    def edges(self) -> list[tuple[str, str]]:
        """``(source, destination)`` titles of every arrow, in gradient-flow direction."""
        return [(self.vertices[a.src].label, self.vertices[a.dst].label) for a in self.live_arrows()]


def tensor_key(tensor: Tensor) -> Any:
    """Leaves are themselves; an intermediate is output ``output_nr`` of its ``grad_fn``."""
    return id(tensor) if tensor.grad_fn is None else (id(tensor.grad_fn), tensor._output_nr)


def tensor_names(names: Mapping[str, Any]) -> dict:
    """``key -> (name, tensor)``: leaves keyed by identity, intermediates by ``(grad_fn, output_nr)``.

    Several names for one tensor are joined. Names starting with an underscore are skipped: in IPython
    ``_``, ``__`` and ``_7`` hold old outputs.
    """
    found: dict[Any, tuple[str, Tensor]] = {}
    for name, value in names.items():
        if not isinstance(value, Tensor) or not isinstance(name, str) or name.startswith("_"):
            continue
        key = tensor_key(value)
        found[key] = (f"{found[key][0]}, {name}", value) if key in found else (name, value)
    return found


def build(
    outputs: Sequence[Tensor],
    names: Mapping[str, Any],
    *,
    forward: bool = False,
    saved: bool = False,
    recompute: bool = True,
) -> Graph:
    """The drawing of everything that ``outputs`` were computed from."""
    roots = [gradient_edge(t) for t in outputs]
    root_nodes = [node for node, _ in roots if node is not None]
    order = topological_order(root_nodes)
    if recompute and not forward:
        _compute_missing_grads(outputs, order)
    # gradients left on the nodes by a backward pass that did not start at these outputs are not theirs
    ours = all(node.grad_outputs is not None for node in root_nodes)
    return _Builder(names, forward, saved, ours).run(outputs, roots, order)


class _Builder:
    def __init__(self, names: Mapping[str, Any], forward: bool, saved: bool, grads_known: bool) -> None:
        self.names = tensor_names(names)
        self.names_by_data = {id(t._data): name for name, t in self.names.values()}
        self.forward, self.saved, self.grads_known = forward, saved, grads_known
        self.graph = Graph()
        self.boxes = self.graph.boxes
        self.vertex_of: dict[int, int] = {}  # id(node) -> its vertex (the leaf's box for AccumulateGrad, forward)
        self.saved_box: dict[int, int] = {}  # id(array) -> saved tensor vertex
        self.fan_in: Counter = Counter()
        self.edge_grads: dict[int, tuple | None] = {}

    def run(self, outputs: Sequence[Tensor], roots: list, order: list[Node]) -> Graph:
        g = self.graph
        output_boxes = [self._box(t, "output") for t in outputs]
        for node in order:
            if type(node) is AccumulateGrad:
                accumulate = None if self.forward else g.add(Vertex("accumulate", "AccumulateGrad"))
                box = self._box(node.variable, "leaf")
                self.vertex_of[id(node)] = box if accumulate is None else accumulate
            else:  # the class name, as PyTorch users see it in grad_fn=<MulBackward0>
                name = type(node).__name__
                fold_key = (name, *map(_constant_key, node.constants))
                self.vertex_of[id(node)] = g.add(Vertex("function", name, fold_key=fold_key))
        for node, nr in roots:
            self.fan_in[(id(node), nr)] += 1
        for node in order:
            for child, nr in node.next_functions:
                if child is not None:
                    self.fan_in[(id(child), nr)] += 1

        for box, tensor in zip(output_boxes, outputs):
            if tensor.grad_fn is not None:
                self._link_box(box, tensor.grad_fn, tensor._output_nr)
        for node in order:
            here = self.vertex_of[id(node)]
            if type(node) is AccumulateGrad:
                if not self.forward:
                    g.connect(here, self.boxes[tensor_key(node.variable)])
                continue
            for k, (child, nr) in enumerate(node.next_functions):
                if child is not None:
                    g.connect(here, self._target(child, nr), grad=self._sent(node, k, child, nr))
            if self.saved:
                self._link_saved(node, here)
        if not self.forward:
            self._explain_missing(g)
        return g

    def _explain_missing(self, g: Graph) -> None:
        """Say why arrows have no gradient label, instead of leaving them blank silently."""
        unlabelled = [a for a in g.arrows if not a.saved and a.grad is None and g.vertices[a.dst].role != "leaf"]
        if not unlabelled:
            return
        if not self.grads_known:
            g.missing = ("no gradients on the arrows: no backward pass has run from this output\n"
                         "(call .backward(v) first; for a scalar output the drawing computes them itself)")  # fmt: skip
        else:
            g.missing = ("arrows without a gradient: what flowed along them was not kept\n"
                         "(backward ran before autograd_nb.viz was imported: import it first)")  # fmt: skip

    # -- tensor boxes ----------------------------------------------------------------------------

    def _box(self, tensor: Tensor, role: str) -> int:
        """The box of a leaf, an output or a named intermediate; each tensor gets one."""
        key = tensor_key(tensor)
        if key in self.boxes:
            if role == "output":
                self.graph.vertices[self.boxes[key]].role = role
            return self.boxes[key]
        name, tensor = self.names.get(key, ("output" if role == "output" else "", tensor))
        if tensor.grad_fn is None:
            grad = tensor._grad._data if tensor._grad is not None else None
        else:  # what ``.grad`` would hold after ``retain_grad()``
            grad = self._received(tensor.grad_fn, tensor._output_nr)
        self.boxes[key] = self.graph.add(Vertex(role, name, tensor._data.shape, tensor._data, grad))
        return self.boxes[key]

    def _link_box(self, box: int, node: Node, nr: int) -> None:
        self.graph.connect(box, self.vertex_of[id(node)], grad=None if self.forward else self._received(node, nr))

    def _target(self, child: Node, nr: int) -> int:
        """Where an arrow into ``child`` lands: the box of the tensor it made, when that tensor has a name."""
        key = (id(child), nr)
        if key not in self.boxes and key in self.names:
            self._link_box(self._box(self.names[key][1], "tensor"), child, nr)
        return self.boxes.get(key, self.vertex_of[id(child)])

    def _link_saved(self, node: Node, here: int) -> None:
        saved = node.saved_values
        if saved is None:
            self.graph.vertices[here].notes.append("(saved tensors freed)")
            return
        linked = set()
        for array in saved:
            if not isinstance(array, np.ndarray) or id(array) in linked:
                continue
            linked.add(id(array))
            if id(array) not in self.saved_box:
                title = self.names_by_data.get(id(array), "saved")
                self.saved_box[id(array)] = self.graph.add(Vertex("saved", title, array.shape, array))
            self.graph.connect(self.saved_box[id(array)], here, saved=True)

    def _received(self, node: Node, nr: int) -> np.ndarray | None:
        """The gradient that output ``nr`` of ``node`` received in the last backward pass, if one reached it."""
        received = node.grad_outputs if self.grads_known else None
        return received[nr] if received is not None and nr < len(received) else None

    def _sent(self, node: Node, k: int, child: Node, nr: int) -> np.ndarray | None:
        """The gradient ``node`` sent to its k-th input, as the engine kept it for this edge.

        Without that record (a custom node run outside the engine), what the child received is it when no
        other arrow reaches the child, and otherwise the node's backward is replayed if its tensors are kept.
        """
        if self.forward or not self.grads_known:
            return None
        if id(node) not in self.edge_grads:
            sent = node.grad_inputs
            self.edge_grads[id(node)] = _to_input_shapes(node, sent) if sent is not None else None
        grads = self.edge_grads[id(node)]
        if grads is not None:
            return grads[k]
        if self.fan_in[(id(child), nr)] == 1:
            return self._received(child, nr)
        self.edge_grads[id(node)] = grads = _replay_backward(node)
        return None if grads is None else grads[k]


def _replay_backward(node: Node) -> tuple | None:
    """Run a built-in node's backward again on the gradients it received, to split a sum into its terms.

    Possible only while its saved tensors are kept (``retain_graph=True``, or a node that saves none).
    """
    received = node.grad_outputs
    if _runs_user_code(node) or node.saved_values is None or received is None or any(g is None for g in received):
        return None
    try:
        grads = node.backward_on_arrays(received)
    except RuntimeError:
        return None
    return _to_input_shapes(node, grads)


def _to_input_shapes(node: Node, grads: tuple) -> tuple:
    """Gradients as the inputs receive them: broadcasting summed back, in the input's dtype."""
    result = []
    for grad, meta in zip(grads, node.input_metas):
        if grad is None or meta is None:
            result.append(None)
            continue
        grad = np.asarray(grad)
        if grad.shape != meta[0]:
            dims = broadcast_dims(meta[0], grad.shape) or ()
            grad = (grad.sum(axis=dims, keepdims=True) if dims else grad).reshape(meta[0])
        result.append(grad.astype(meta[1], copy=False))
    return tuple(result)


def _compute_missing_grads(outputs: Sequence[Tensor], order: list[Node]) -> None:
    """When no backward has run yet, let the engine compute the gradients without touching ``.grad``.

    Skipped when an output is not a scalar (which vector to use is the learner's choice), when part of
    the graph was already freed, and when user code would run (hooks, custom Functions' backward).
    """
    if not order or order[0].grad_outputs is not None or any(t._data.size != 1 for t in outputs):
        return
    if any(node.saved_values is None or _runs_user_code(node) for node in order):
        return
    leaves = [node.variable for node in order if type(node) is AccumulateGrad]
    engine.grad(list(outputs), leaves, retain_graph=True, allow_unused=True)


def _runs_user_code(node: Node) -> bool:
    return node.has_hooks or isinstance(node, BackwardCFunction)


# -- transformations of the drawing ----------------------------------------------------------------


def highlight(graph: Graph, target: int, outputs: Iterable[int]) -> None:
    """Mark every vertex and arrow on a path from an output to ``target``."""
    succ: dict[int, list[int]] = {}
    pred: dict[int, list[int]] = {}
    for a in graph.live_arrows():
        if not a.saved:
            succ.setdefault(a.src, []).append(a.dst)
            pred.setdefault(a.dst, []).append(a.src)
    on_paths = _reachable(outputs, succ) & _reachable([target], pred)
    for i in on_paths:
        graph.vertices[i].marked = True
    for a in graph.live_arrows():
        a.marked = not a.saved and a.src in on_paths and a.dst in on_paths


def _reachable(starts: Iterable[int], links: dict[int, list[int]]) -> set[int]:
    seen = set(starts)
    stack = list(seen)
    while stack:
        for nxt in links.get(stack.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                stack.append(nxt)
    return seen


def _constant_key(constant: Any) -> Any:
    # `b * 2` repeated folds into one box, but a following `100 * b` stays a step of its own
    if isinstance(constant, np.ndarray):
        return (constant.shape, constant.dtype.str, constant.tobytes())
    return constant


def collapse(graph: Graph) -> None:
    """Fold each chain of identical grad_fn nodes (one arrow between each pair) into one vertex ``×n``."""
    outgoing: dict[int, list[Arrow]] = {}
    incoming: dict[int, list[Arrow]] = {}
    for a in graph.arrows:
        outgoing.setdefault(a.src, []).append(a)
        incoming.setdefault(a.dst, []).append(a)

    def flow(arrows: list[Arrow]) -> list[Arrow]:
        return [a for a in arrows if a.alive and not a.saved]

    for u, top in enumerate(graph.vertices):  # topological order: the head of a chain comes first
        if top.role != "function" or not top.alive:
            continue
        while True:
            out = flow(outgoing.get(u, []))
            if len(out) != 1:
                break
            v = out[0].dst
            below = graph.vertices[v]
            if below.role != "function" or below.fold_key != top.fold_key or len(flow(incoming.get(v, []))) != 1:
                break
            top.count += below.count
            top.marked = top.marked or below.marked
            below.alive = out[0].alive = False
            for a in outgoing.get(v, []):
                a.src = u
            outgoing[u] = [a for a in outgoing.get(u, []) if a.alive] + outgoing.pop(v, [])
            for a in incoming.get(v, []):
                a.alive = a.alive and not a.saved
    linked = {a.src for a in graph.live_arrows()}
    for i, vertex in graph.live_vertices():
        if vertex.role == "saved" and i not in linked:
            vertex.alive = False
