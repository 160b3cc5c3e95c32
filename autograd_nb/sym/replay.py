"""Replay a recorded graph with SymPy: leaf elements become symbols, every node applies its op's rule.

The graph is the trace of one run, so loops and branches of the learner's code are already resolved.
The walk is iterative (one topological order), and it reads only what ``forward`` stored on each node
(its attributes and ``node.constants``), never saved tensors, so it works after ``backward()`` has
freed them.
"""

from __future__ import annotations

import string
from collections.abc import Callable
from dataclasses import dataclass
from types import FrameType

import numpy as np

from .._frames import caller_tensors
from .._tensor import Tensor
from ..autograd.engine import topological_order
from ..autograd.graph import AccumulateGrad, Node
from ..ops._sym import exact
from .display import ElementSymbol

Key = tuple[int, int]  # (id(grad_fn), output_nr): where a non-leaf tensor comes from


@dataclass
class Input:
    """A tensor differentiated with respect to: its name and one symbol per element."""

    name: str
    tensor: Tensor
    symbols: np.ndarray  # object array shaped like the tensor

    @property
    def flat(self) -> list:
        return list(self.symbols.reshape(-1))


def key_of(tensor: Tensor) -> Key | None:
    return None if tensor.grad_fn is None else (id(tensor.grad_fn), tensor._output_nr)


INDEX_STYLES = ("auto", "vector", "matrix")


def element_symbols(name: str, shape: tuple, index_style: str = "auto") -> np.ndarray:
    """One real symbol per element, counting from 1: ``x_1 … x_n`` for a vector, ``W_2_3`` for ``W[1, 2]``.

    ``"auto"`` gives vectors one index and matrices (and higher tensors) one index per dimension;
    ``"vector"`` numbers every tensor's elements in row-major order (``W_6``); ``"matrix"`` is ``"auto"``.

    >>> element_symbols("x", (2, 2))
    array([[x_1_1, x_1_2],
           [x_2_1, x_2_2]], dtype=object)
    """
    if index_style not in INDEX_STYLES:
        raise ValueError(f"index_style must be one of {', '.join(map(repr, INDEX_STYLES))}, not {index_style!r}")
    out = np.empty(shape, dtype=object)
    if not shape:
        out[()] = ElementSymbol(name, real=True)
        return out
    flat = index_style == "vector" or len(shape) == 1
    for k, index in enumerate(np.ndindex(*shape)):
        label = str(k + 1) if flat else "_".join(str(i + 1) for i in index)
        out[index] = ElementSymbol(f"{name}_{label}", real=True)
    return out


def leaf_tensors(output: Tensor) -> list[Tensor]:
    """The leaves ``output`` depends on, in the order the forward computation first used them."""
    if output.grad_fn is None:
        return [output] if output.requires_grad else []
    leaves = []
    for node in reversed(topological_order([output.grad_fn])):
        if type(node) is AccumulateGrad:
            leaves.append(node.variable)
    return leaves


def name_inputs(output: Tensor, named: dict[str, Tensor], frame: FrameType | None) -> list[tuple[str, Tensor]]:
    """Keyword names first, then every other leaf named from the caller's variables or ``a, b, c, …``."""
    for name, tensor in named.items():
        if not isinstance(tensor, Tensor):
            raise TypeError(f"{name} must be a Tensor, not {type(tensor).__name__}")
        if not tensor.requires_grad:
            raise RuntimeError(f"{name} does not require grad, so nothing can be differentiated with respect to it")
    chosen = list(named.items())
    taken = {id(t) for _, t in chosen}
    variables = caller_tensors(frame)
    used_names = set(named) | {name for name, _ in variables}
    spare = (letter for letter in string.ascii_lowercase if letter not in used_names)
    for leaf in leaf_tensors(output):
        if id(leaf) in taken:
            continue
        taken.add(id(leaf))
        name = next((n for n, t in variables if t is leaf and n not in named), None)
        chosen.append((name or next(spare), leaf))
    return chosen


def symbolic_rule(node: Node) -> Callable:
    """The node's ``symbolic(ctx, *inputs)``: from its op class, or from a custom ``Function`` that defines one."""
    owner = node.op
    rule = getattr(owner, "symbolic", None)
    if rule is None:
        raise NotImplementedError(
            f"autograd_nb.sym has no symbolic rule for {node.name()}: define symbolic(ctx, *inputs) on "
            f"{getattr(owner, '__name__', type(node).__name__)}, beside its forward and backward"
        )
    return rule


def replay(
    output: Tensor,
    inputs: list[Input],
    cuts: dict[Key, np.ndarray] | None = None,
    use: Callable[[np.ndarray], np.ndarray] | None = None,
) -> tuple[np.ndarray, dict[Key, np.ndarray]]:
    """The output's elements as expressions of the input symbols.

    ``cuts`` maps non-leaf tensors (by ``key_of``) to symbols that stand in for them upstream. Returns the
    output as an object array and, for each cut, what it was computed as in terms of the symbols below it.
    ``use``, when given, maps the symbols of an input or a cut to the symbols of one use of it (one edge of
    the graph), so that ``y * y`` stays a product of two uses instead of becoming ``y**2``.
    """
    if not output.requires_grad:
        raise RuntimeError(
            "the output does not require grad and has no grad_fn, so there is no recorded graph to replay "
            "(was it computed under no_grad(), after detach(), or from tensors without requires_grad=True?)"
        )
    leaves = {id(i.tensor): i.symbols for i in inputs if i.tensor.grad_fn is None}
    given = {key_of(i.tensor): i.symbols for i in inputs if i.tensor.grad_fn is not None}
    cuts = cuts or {}
    root = key_of(output)
    if root is None:
        return leaves[id(output)], {}
    if root in given:
        return given[root], {}
    values: dict[Key, np.ndarray] = {}
    locals_: dict[Key, np.ndarray] = {}
    for node in reversed(topological_order([output.grad_fn])):
        if type(node) is AccumulateGrad:
            continue
        keys = [(id(node), nr) for nr in range(len(node.output_metas))]
        if any(key in given for key in keys):  # differentiated with respect to: what lies below does not matter
            values.update({key: given[key] for key in keys if key in given})
            continue
        args = []
        for (child, nr), constant in zip(node.next_functions, node.constants):
            if child is None:
                args.append(exact(constant))
            elif type(child) is AccumulateGrad:
                symbols = leaves[id(child.variable)]
                args.append(symbols if use is None else use(symbols))
            else:
                key = (id(child), nr)
                args.append(values[key] if use is None or (key not in cuts and key not in given) else use(values[key]))
        result = symbolic_rule(node)(node, *args)
        for nr, value in enumerate(result if type(result) is tuple else (result,)):
            value = np.asarray(value, dtype=object)
            shape = node.output_metas[nr][0]
            if value.shape != shape:
                raise RuntimeError(
                    f"the symbolic rule of {node.name()} gave output {nr} the shape {value.shape}, but its forward "
                    f"gave {shape}"
                )
            key = (id(node), nr)
            if key in cuts:
                locals_[key], value = value, cuts[key]
            values[key] = value
    return values[root], locals_
