"""The backward graph: nodes, their edges, and what they keep for backward.

A forward computation records one ``Node`` per operation (``tensor.grad_fn``); its ``next_functions``
are the edges, ``(node, output_nr)`` per input, along which gradients flow to the leaves' ``AccumulateGrad``.
This module knows nothing of Tensors (``_tensor.py`` imports it), so a node holds plain data: shapes,
dtypes, numpy arrays, and the input tensors an op saved.

Read-only API, for tools that draw or replay a graph (``autograd_nb.sym``, ``viz``, ``widgets``)::

    node.op               the Op (or custom Function) class whose backward and symbolic rule the node runs;
                          None for AccumulateGrad
    node.input_metas      per input: (shape, dtype) of an input that gets a gradient, None for a constant
    node.constants        per input: the value of a constant input (array or number), None for the others
    node.output_metas     per output: (shape, dtype)
    node.params           the op's parameters (dims, shapes, ... that forward stored on ctx), as a dict
    node.saved_values     the arrays (or numbers) saved for backward, or None once backward freed them
    node.grad_outputs     the gradients the node received in the last backward pass, as arrays (or None)
    node.grad_inputs      the gradients it sent along each edge then, as arrays (both are kept once viz is
                          imported; otherwise backward frees each gradient once used, as PyTorch does)
    node.has_hooks        True when a hook or retain_grad would run user code in backward
    node.backward_on_arrays(grads)  run the node's backward again on numpy gradients, recording nothing

>>> import autograd_nb as torch
>>> x = torch.tensor([1.0, 2.0], requires_grad=True)
>>> node = (x * 3).grad_fn
>>> node.op.__name__, node.input_metas[0][0], node.constants[1], node.output_metas
('Mul', (2,), 3, (((2,), dtype('float32')),))
"""

from __future__ import annotations

import itertools
import re
import weakref
from collections.abc import Callable
from typing import Any

from .._dtype import from_numpy_dtype
from .grad_mode import _State

_FREED = (
    "Trying to backward through the graph a second time (or directly access saved tensors after they "
    "have already been freed). Saved intermediate values of the graph are freed when you call "
    ".backward() or autograd.grad(). Specify retain_graph=True if you need to backward through the "
    "graph a second time or if you need to access saved tensors after calling backward."
)


class RemovableHandle:
    """Returned by ``register_hook``: call ``.remove()`` to take the hook off again."""

    def __init__(self, hooks: list, hook: Callable) -> None:
        self._hooks, self._hook = hooks, hook

    def remove(self) -> None:
        if self._hook in self._hooks:
            self._hooks.remove(self._hook)


# nodes PyTorch defines in C++ outside the generated ops: name() spells their namespace, repr does not
_TORCH_AUTOGRAD_NODES = {"AccumulateGrad", "CopySlices", "CopyBackwards", "NotImplemented"}

# engine bookkeeping on a node, left out of ``node.params``
_BOOKKEEPING = {"needs_input_grad", "metadata"}


# PyTorch numbers nodes in the order it creates them (``sequence_nr``) and, of the nodes ready to run in
# backward, runs the most recent first, a leaf's AccumulateGrad before any (see engine.execution_order):
# hooks then fire, and gradients add up, in PyTorch's order.
SEQUENCE = itertools.count()


class Node:
    """One step of the backward graph; ``tensor.grad_fn`` points to one of these.

    ``next_functions`` holds, for each input, ``(node, output_nr)`` of where its gradient goes next,
    or ``(None, 0)`` for an input that needs no gradient. The node doubles as the ``ctx`` that an op's
    forward and backward share, as in PyTorch.
    """

    # Set per instance by function.py when the op is recorded; the class-level defaults let the engine
    # test the rarely set ones without a dictionary lookup per node.
    # The edges are two parallel tuples, the nodes and which of their outputs: PyTorch's next_functions, a
    # tuple of (node, output_nr) pairs, would be one more object per edge for the garbage collector to scan
    # on each of its passes over a large graph, so the property below builds it when asked.
    _children: tuple = ()
    _child_nrs: tuple = ()
    _op: Any = None
    _constants: tuple = ()
    _outputs_meta: tuple = ()
    _saved: tuple | None = ()  # the values saved for backward; None once freed
    _saved_versions: tuple = ()  # the version of each when saved (None for a number or a constant)
    _tensor_hooks: dict | None = None  # {output_nr: [hook, ...]} from tensor.register_hook on a non-leaf
    _pre_hooks: list | None = None
    _post_hooks: list | None = None
    _retained: dict | None = None  # {output_nr: weakref to the tensor} from retain_grad
    _hooked = False  # set once one of the three above is: the engine then runs them (one test per node)
    _seq = 0  # when it was created, see SEQUENCE
    _non_differentiable: tuple = ()
    _grad_outputs: list | None = None  # the gradients received in the last backward, as arrays
    _grad_inputs: tuple | None = None  # and those sent along each edge (kept once viz is imported)
    _materialize_grads = False

    @property
    def next_functions(self) -> tuple:
        return tuple(zip(self._children, self._child_nrs))

    @next_functions.setter
    def next_functions(self, edges: tuple) -> None:
        self._children = tuple([child for child, _ in edges])
        self._child_nrs = tuple([nr for _, nr in edges])

    def name(self) -> str:
        name = type(self).__name__
        return f"torch::autograd::{name}" if name in _TORCH_AUTOGRAD_NODES else name

    def __repr__(self) -> str:
        return f"<{type(self).__name__} object at {hex(id(self))}>"

    @property
    def metadata(self) -> dict:
        if "_metadata" not in self.__dict__:
            self._metadata = {}
        return self._metadata

    def register_hook(self, hook: Callable) -> RemovableHandle:
        """``hook(grad_inputs, grad_outputs)`` runs after this node's backward."""
        hooks = self.__dict__.setdefault("_post_hooks", [])
        hooks.append(hook)
        return RemovableHandle(hooks, hook)

    def register_prehook(self, hook: Callable) -> RemovableHandle:
        """``hook(grad_outputs)`` runs before this node's backward and may replace the gradients."""
        hooks = self.__dict__.setdefault("_pre_hooks", [])
        hooks.append(hook)
        self._hooked = True
        return RemovableHandle(hooks, hook)

    # -- the read-only API (see the module docstring) -------------------------------------------------

    @property
    def op(self) -> Any:
        return self._op

    @property
    def input_metas(self) -> tuple:
        # what the node's inputs were is what the nodes along its edges made: no need to keep it twice
        edges = zip(self._children, self._child_nrs)
        return tuple([None if child is None else child._outputs_meta[nr] for child, nr in edges])

    @property
    def constants(self) -> tuple:
        return self._constants

    @property
    def output_metas(self) -> tuple:
        return self._outputs_meta

    @property
    def params(self) -> dict:
        return {k: v for k, v in vars(self).items() if not k.startswith("_") and k not in _BOOKKEEPING}

    @property
    def saved_values(self) -> tuple | None:
        if self._saved is None:
            return None
        return tuple(_array_of(value) for value in self._saved)

    @property
    def grad_outputs(self) -> tuple | None:
        return self._grad_outputs

    @property
    def grad_inputs(self) -> tuple | None:
        return self._grad_inputs

    @property
    def has_hooks(self) -> bool:
        return bool(self._tensor_hooks or self._pre_hooks or self._post_hooks or self._retained)

    def backward_on_arrays(self, grads: tuple) -> tuple:
        """The node's backward run again on numpy gradients (one per output), recording nothing: arrays back."""
        previous, _State.enabled = _State.enabled, False
        try:
            return self._apply_backward(grads)
        finally:
            _State.enabled = previous

    # -- ctx API used inside forward/backward -------------------------------------------------------

    def save_for_backward(self, *values: Any) -> None:
        self._saved = values  # as given, until function.py's _record_outputs resolves them after forward

    def mark_non_differentiable(self, *outputs: Any) -> None:
        self._non_differentiable = outputs

    def set_materialize_grads(self, value: bool) -> None:
        self._materialize_grads = value

    @property
    def saved_tensors(self) -> tuple:
        """What forward saved, checked against in-place changes: Tensors while grad mode records (a backward
        with ``create_graph``), numpy arrays otherwise (a plain backward), matching the gradients (see ``Op``)."""
        saved = self._saved
        if saved is None:
            raise RuntimeError(_FREED)
        versions = self._saved_versions
        # a value saved without a version (a number, None, a constant) is returned as is, tested here without a
        # call; a node that saved only such values (``x * 0.5``) returns its tuple as it is
        if versions.count(None) == len(versions):
            return saved
        as_tensors = _State.enabled
        return tuple([value if version is None else _unpack(self, value, version, as_tensors)
                      for value, version in zip(saved, versions)])

    def _apply_backward(self, grads: list) -> tuple:
        result = self._op.backward(self, *grads)
        return result if type(result) is tuple else (result,)


class AccumulateGrad(Node):
    """The sink for a leaf tensor: its incoming gradient is added to ``variable.grad``."""

    def __init__(self, variable: Any) -> None:
        self.variable = variable

    @property
    def _outputs_meta(self) -> tuple:
        return ((self.variable._data.shape, self.variable._data.dtype),)

    @property
    def has_hooks(self) -> bool:
        return bool(self.variable._hooks)

    _hooked = has_hooks  # a leaf's hooks live on its tensor

    def __repr__(self) -> str:
        return f"<AccumulateGrad object at {hex(id(self))}>"


class _AccumulatorCache:
    """Leaves keep their AccumulateGrad weakly, as PyTorch does, so no reference cycle forms."""

    @staticmethod
    def get(tensor: Any) -> AccumulateGrad:
        ref = tensor._accumulator_ref
        node = ref() if ref is not None else None
        if node is None:
            node = AccumulateGrad(tensor)
            tensor._accumulator_ref = weakref.ref(node)
        return node


def gradient_edge(tensor: Any) -> tuple:
    """Where the gradient of ``tensor`` must be sent: ``(grad_fn, output_nr)`` or its accumulator."""
    if tensor.grad_fn is not None:
        return (tensor.grad_fn, tensor._output_nr)
    if tensor._requires_grad:
        return (tensor._grad_accumulator(), 0)
    return (None, 0)


# -- saved values ---------------------------------------------------------------------------------------


class SavedOutput:
    """An output saved for backward, kept as its array (not its tensor, which would hold the node in a cycle).

    ``tensor_type`` rebuilds the tensor when a backward with ``create_graph`` asks for it.
    """

    __slots__ = ("array", "version", "output_nr", "tensor_type")

    def __init__(self, array: Any, version: list, output_nr: int, tensor_type: type) -> None:
        self.array, self.version, self.output_nr, self.tensor_type = array, version, output_nr, tensor_type


class SavedCast:
    """An input saved for backward that forward saw cast to the op's dtype (a float64 0-d tensor beside float32
    ones). Backward gets it cast the same way (a recorded backward through a recorded cast): PyTorch's formulas
    compute in that dtype too, so ties and roundings come out as in forward."""

    __slots__ = ("tensor", "dtype")

    def __init__(self, tensor: Any, dtype: Any) -> None:
        self.tensor, self.dtype = tensor, dtype


def _array_of(value: Any) -> Any:
    """The array behind a saved value: an output's array, an input tensor's ``_data``, or a number itself."""
    if type(value) is SavedOutput:
        return value.array
    if type(value) is SavedCast:
        return value.tensor._data.astype(value.dtype)
    return getattr(value, "_data", value)


def _unpack(node: Node, value: Any, expected_version: int | None, as_tensor: bool) -> Any:
    """A saved value for backward: raises if it changed in place since it was saved."""
    if expected_version is None:  # a Python number, None, or a constant array
        return value
    if type(value) is SavedCast:
        tensor = value.tensor
        if tensor._version_box[0] != expected_version:
            raise RuntimeError(_version_error(tensor, expected_version))
        return tensor.to(from_numpy_dtype(value.dtype)) if as_tensor else tensor._data.astype(value.dtype)
    if type(value) is SavedOutput:
        version_box = value.version
        if version_box[0] == expected_version and not as_tensor:
            return value.array
        tensor = value.tensor_type._make(value.array, node, value.output_nr)
        tensor._version_box = version_box
        value = tensor
    if value._version_box[0] != expected_version:
        raise RuntimeError(_version_error(value, expected_version))
    return value if as_tensor else value._data


def _version_error(tensor: Any, expected: int) -> str:
    kind = {"float32": "Float", "float64": "Double", "float16": "Half"}.get(tensor._data.dtype.name, "Float")
    where = f"[torch.{kind}Tensor {list(tensor._data.shape)}]"
    if tensor.grad_fn is not None:
        op = re.sub(r"Backward\d*$", "", tensor.grad_fn.name())
        where += f", which is output {tensor._output_nr} of {op},"
    return (
        "one of the variables needed for gradient computation has been modified by an inplace "
        f"operation: {where} is at version {tensor._version_box[0]}; expected version {expected} instead. "
        "Hint: enable anomaly detection to find the operation that failed to compute its gradient, "
        "with torch.autograd.set_detect_anomaly(True, check_nan=False)."
    )
