"""Backpropagation as a list of steps, replayed from the recorded graph without touching it.

The forward values are replayed numerically through each op's symbolic rule (what ``forward`` left on the
node: its attributes and constants), so it works after ``backward()`` freed the saved tensors. Each node's
local derivative is SymPy's derivative of that same rule, evaluated at the replayed inputs, and the
downstream gradient is upstream × local (vᵀJ). Nothing is written to the graph or to any ``.grad``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import sympy

from .._tensor import Tensor
from ..autograd.engine import execution_order
from ..autograd.graph import AccumulateGrad, Node
from ..ops._sym import exact
from ..sym.calculus import partials
from ..sym.replay import element_symbols, symbolic_rule

MAX_LOCAL_ELEMENTS = 4096  # output elements × input elements of one local Jacobian


@dataclass
class Step:
    """One node of the backward pass: the gradient arriving at its output, its local derivative per input,
    and the gradient it sends to each input (``None`` for an input that needs none).

    ``local[k]`` is the elementwise factor (shaped like input k) when ``elementwise[k]``, else the Jacobian
    (output elements × input elements), and ``downstream[k] = upstream × local[k]``. An ``AccumulateGrad``
    step has no inputs: its ``upstream`` is what is added into the leaf's ``.grad``.
    """

    node: str
    upstream: np.ndarray
    local: tuple = ()
    downstream: tuple = ()
    inputs: tuple[str, ...] = ()  # what each input is called ("x", "y", or the node that made it)
    elementwise: tuple[bool, ...] = ()
    target: str = ""  # the tensor this node made (or, for AccumulateGrad, the leaf)
    _grad_fn: Node | None = field(default=None, repr=False, compare=False)


def _floats(values: Any) -> np.ndarray:
    flat = [float(e) for e in np.asarray(values, dtype=object).reshape(-1)]
    return np.array(flat, dtype=np.float64).reshape(np.shape(values))


def _objects(array: np.ndarray) -> np.ndarray:
    out = np.empty(array.shape, dtype=object)
    out.reshape(-1)[:] = [sympy.Float(float(x)) for x in array.reshape(-1)]
    return out


def backward_steps(output: Tensor, gradient: np.ndarray | None, names: dict[Any, str]) -> list[Step]:
    """The steps of ``output.backward(gradient)``: grad_fn nodes in the engine's order, then the leaves'
    accumulations (the engine writes ``.grad`` only once the whole pass has succeeded)."""
    if output.grad_fn is None:
        raise RuntimeError("element 0 of tensors does not require grad and does not have a grad_fn")
    if gradient is None:
        if output._data.size != 1:
            raise RuntimeError("grad can be implicitly created only for scalar outputs")
        gradient = np.ones(output.shape)
    order = execution_order([output.grad_fn])
    values = _replay_values(order)
    received: dict[tuple[int, int], np.ndarray] = {(id(output.grad_fn), output._output_nr): np.asarray(gradient, float)}
    steps, accumulations = [], []
    for node in order:
        if type(node) is AccumulateGrad:
            grad = received.get((id(node), 0))
            if grad is not None:
                leaf = node.variable
                name = names.get(id(leaf), "")
                accumulations.append(Step("AccumulateGrad", grad.astype(leaf._data.dtype), target=name))
            continue
        steps.append(_function_step(node, values, received, names))
    return steps + accumulations


def _input_values(node: Node, values: dict) -> list:
    args = []
    for (child, nr), constant in zip(node.next_functions, node.constants):
        if child is None:
            args.append(constant)
        elif type(child) is AccumulateGrad:
            args.append(np.asarray(child.variable._data, dtype=np.float64))
        else:
            args.append(values[(id(child), nr)])
    return args


def _replay_values(order: list[Node]) -> dict:
    """Every node output's value, computed by the op's symbolic rule on numbers (leaves first)."""
    values: dict[tuple[int, int], np.ndarray] = {}
    for node in reversed(order):
        if type(node) is AccumulateGrad:
            continue
        args = [_objects(a) if isinstance(a, np.ndarray) and a.dtype.kind == "f" and not _is_constant(node, k)
                else exact(a) for k, a in enumerate(_input_values(node, values))]  # fmt: skip
        result = symbolic_rule(node)(node, *args)
        for nr, value in enumerate(result if type(result) is tuple else (result,)):
            values[(id(node), nr)] = _floats(value)
    return values


def _is_constant(node: Node, k: int) -> bool:
    return node.next_functions[k][0] is None


def _function_step(node: Node, values: dict, received: dict, names: dict) -> Step:
    metas = node.output_metas
    upstream_parts = [received.get((id(node), nr), np.zeros(shape)) for nr, (shape, _) in enumerate(metas)]
    upstream_flat = np.concatenate([u.reshape(-1) for u in upstream_parts])
    numbers = _input_values(node, values)
    args, symbols = [], {}
    for k, ((child, _), value) in enumerate(zip(node.next_functions, numbers)):
        if child is None:
            args.append(exact(value))
        else:
            symbols[k] = element_symbols(f"in{k}", np.shape(value))
            args.append(symbols[k])
    result = symbolic_rule(node)(node, *args)
    outputs = [np.asarray(r, dtype=object).reshape(-1) for r in (result if type(result) is tuple else (result,))]
    flat_out = [e for part in outputs for e in part]
    subs = {s: sympy.Float(float(x)) for k, syms in symbols.items()
            for s, x in zip(syms.reshape(-1), np.asarray(numbers[k], dtype=np.float64).reshape(-1))}  # fmt: skip

    local, downstream, elementwise, inputs = [], [], [], []
    for k, (child, nr) in enumerate(node.next_functions):
        inputs.append(_input_name(child, nr, node.constants[k], names))
        if child is None:
            local.append(None), downstream.append(None), elementwise.append(False)
            continue
        syms = list(symbols[k].reshape(-1))
        if len(flat_out) * len(syms) > MAX_LOCAL_ELEMENTS:
            raise ValueError(f"{node.name()} is too big to step through: its local Jacobian would have "
                             f"{len(flat_out)}×{len(syms)} entries (limit {MAX_LOCAL_ELEMENTS})")
        column = {s: j for j, s in enumerate(syms)}
        J = np.zeros((len(flat_out), len(syms)))
        for i, e in enumerate(flat_out):
            for s, d in partials(sympy.sympify(e), set(syms)).items():
                J[i, column[s]] = float(sympy.sympify(d).xreplace(subs))
        shape, dtype = node.input_metas[k]
        sent = (upstream_flat @ J).reshape(shape).astype(dtype)
        is_elementwise = len(metas) == 1 and metas[0][0] == shape and np.count_nonzero(J - np.diag(np.diag(J))) == 0
        local.append(np.diag(J).reshape(shape).astype(dtype) if is_elementwise else J.astype(dtype))
        downstream.append(sent)
        elementwise.append(bool(is_elementwise))
        key = (id(child), nr)
        received[key] = received[key] + sent if key in received else sent.astype(np.float64)
    upstream = upstream_parts[0] if len(metas) == 1 else tuple(upstream_parts)
    upstream = upstream.astype(metas[0][1]) if len(metas) == 1 else upstream
    return Step(node.name(), upstream, tuple(local), tuple(downstream), tuple(inputs), tuple(elementwise),
                names.get((id(node), 0), ""), node)  # fmt: skip


def _input_name(child: Node | None, nr: int, constant: Any, names: dict) -> str:
    if child is None:
        return "a constant"
    if type(child) is AccumulateGrad:
        return names.get(id(child.variable), "a leaf")
    return names.get((id(child), nr), f"the output of {child.name()}")
