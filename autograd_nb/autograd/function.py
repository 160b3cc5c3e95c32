"""Graph nodes and the two ways to define a differentiable operation.

* ``Op`` — the engine's built-in operations. ``forward`` works on numpy arrays, ``backward`` on
  Tensors (so that ``create_graph=True`` records the backward pass too), ``symbolic`` on SymPy
  object arrays. Each op is one small class in ``autograd_nb/ops``.
* ``Function`` — PyTorch's public ``torch.autograd.Function``, where ``forward`` receives Tensors.

Calling ``apply`` records a ``Node`` (the output's ``grad_fn``). The node doubles as the ``ctx`` that
``forward`` and ``backward`` share, as in PyTorch.
"""

from __future__ import annotations

import inspect
import re
import weakref
from collections.abc import Callable
from typing import Any

import numpy as np

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
_TORCH_AUTOGRAD_NODES = {"AccumulateGrad", "CopySlices", "CopyBackwards"}


class Node:
    """One step of the backward graph; ``tensor.grad_fn`` points to one of these.

    ``next_functions`` holds, for each input, ``(node, output_nr)`` of where its gradient goes next,
    or ``(None, 0)`` for an input that needs no gradient.
    """

    _op: Any = None
    _saved: tuple | None = ()
    _constants: tuple = ()
    _tensor_hooks: dict | None = None
    # rarely set; class-level defaults let the engine test them without a dictionary lookup per node
    _to_save: tuple | None = None
    _pre_hooks: list | None = None
    _post_hooks: list | None = None
    _retained: dict | None = None
    _materialize_grads = False

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
        return RemovableHandle(hooks, hook)

    # -- ctx API used inside forward/backward -------------------------------------------------------

    def save_for_backward(self, *values: Any) -> None:
        self._to_save = values

    def mark_non_differentiable(self, *outputs: Any) -> None:
        self._non_differentiable = outputs

    def set_materialize_grads(self, value: bool) -> None:
        self._materialize_grads = value

    @property
    def saved_tensors(self) -> tuple:
        if self._saved is None:
            raise RuntimeError(_FREED)
        return tuple(_unpack(self, entry) for entry in self._saved)

    def _release(self) -> None:
        if self._saved:
            self._saved = None

    def _apply_backward(self, grads: tuple) -> tuple:
        result = self._op.backward(self, *grads)
        return result if type(result) is tuple else (result,)


class AccumulateGrad(Node):
    """The sink for a leaf tensor: its incoming gradient is added to ``variable.grad``."""

    next_functions = ()

    def __init__(self, variable: Any) -> None:
        self.variable = variable

    def __repr__(self) -> str:
        return f"<AccumulateGrad object at {hex(id(self))}>"


class _NoGradCtx:
    """The ``ctx`` forward gets when nothing is recorded: saving and marking do nothing."""

    needs_input_grad = (False, False, False, False, False, False, False, False)

    def save_for_backward(self, *values: Any) -> None:
        pass

    def mark_non_differentiable(self, *outputs: Any) -> None:
        pass


_NO_GRAD_CTX = _NoGradCtx()


class _SavedOutput:
    """An output saved for backward; stored without its tensor so the node holds no cycle."""

    __slots__ = ("array", "version", "output_nr")

    def __init__(self, array: np.ndarray, version: list, output_nr: int) -> None:
        self.array, self.version, self.output_nr = array, version, output_nr


def _unpack(node: Node, entry: tuple) -> Any:
    value, expected_version = entry
    if type(value) is _SavedOutput:
        tensor = Tensor._make(value.array, node, value.output_nr)
        tensor._version_box = value.version
        value = tensor
    if expected_version is not None and value._version_box[0] != expected_version:
        raise RuntimeError(_version_error(value, expected_version))
    return value


def _version_error(tensor: Any, expected: int) -> str:
    kind = {"float32": "Float", "float64": "Double", "float16": "Half"}.get(tensor.dtype.name, "Float")
    where = f"[torch.{kind}Tensor {list(tensor.shape)}]"
    if tensor.grad_fn is not None:
        op = re.sub(r"Backward\d*$", "", tensor.grad_fn.name())
        where += f", which is output {tensor._output_nr} of {op},"
    return (
        "one of the variables needed for gradient computation has been modified by an inplace "
        f"operation: {where} is at version {tensor._version_box[0]}; expected version {expected} instead. "
        "Hint: enable anomaly detection to find the operation that failed to compute its gradient, "
        "with torch.autograd.set_detect_anomaly(True, check_nan=False)."
    )


def gradient_edge(tensor: Any) -> tuple:
    """Where the gradient of ``tensor`` must be sent: ``(grad_fn, output_nr)`` or its accumulator."""
    if tensor.grad_fn is not None:
        return (tensor.grad_fn, tensor._output_nr)
    if tensor._requires_grad:
        return (tensor._grad_accumulator(), 0)
    return (None, 0)


_NO_EDGE = (None, 0)  # shared by every input that needs no gradient


def _record(node: Node, inputs: tuple, arrays: tuple, outputs: list) -> None:
    """Fill in the node's edges, replay constants and saved values after ``forward`` has run."""
    edges, shapes, constants = [], [], []
    for value, array in zip(inputs, arrays):
        if isinstance(value, Tensor) and value._requires_grad:
            edges.append(gradient_edge(value))
            shapes.append((value._data.shape, value._data.dtype))
            constants.append(None)
        else:
            edges.append(_NO_EDGE)
            shapes.append(None)
            constants.append(array)  # the (promoted) array of a tensor, or the Python number itself
    node.next_functions = tuple(edges)
    node._input_meta = tuple(shapes)
    node._constants = tuple(constants)
    node._outputs_meta = tuple([(t._data.shape, t._data.dtype) for t in outputs])

    to_save = node._to_save
    if to_save:
        node._to_save = None  # raw arrays (or, for a Function, output tensors) must not stay on the node
        node._saved = tuple([_saved_entry(obj, inputs, arrays, outputs) for obj in to_save])


def _saved_entry(obj: Any, inputs: tuple, arrays: tuple, outputs: list) -> tuple:
    if obj is None or type(obj) in (int, float, bool):
        return (obj, None)
    for value, array in zip(inputs, arrays):
        if obj is array or obj is value:
            if isinstance(value, Tensor):
                return (value, value._version_box[0])
            return (value, None)
    for t in outputs:
        if obj is t._data or obj is t:
            return (_SavedOutput(t._data, t._version_box, t._output_nr), t._version_box[0])
    if isinstance(obj, Tensor):
        return (obj, obj._version_box[0])
    return (Tensor._make(np.asarray(obj)), None)


class _OpMeta(type):
    """Makes ``forward``/``backward``/``symbolic`` static and gives each op its node class."""

    def __init__(cls, name: str, bases: tuple, namespace: dict) -> None:
        super().__init__(name, bases, namespace)
        for method in ("forward", "backward", "symbolic"):
            if inspect.isfunction(namespace.get(method)):
                setattr(cls, method, staticmethod(namespace[method]))
        if "name" in namespace:
            cls._node_cls = type(namespace["name"], (Node,), {"_op": cls, "__module__": cls.__module__})


class Op(metaclass=_OpMeta):
    """A built-in differentiable operation.

    Subclasses set ``name`` (the PyTorch ``grad_fn`` name) and define, side by side::

        forward(ctx, *arrays, **params) -> np.ndarray      # numpy; may ctx.save_for_backward(...)
        backward(ctx, grad) -> Tensor | tuple              # engine ops, one gradient per input
        symbolic(ctx, *inputs) -> object array             # SymPy replay, used by autograd_nb.sym

    Positional inputs are Tensors or Python numbers; keyword ``params`` (dims, shapes) are not
    differentiated. ``forward`` stores on ``ctx`` what ``backward`` and ``symbolic`` will need.
    Gradients for broadcast inputs are summed back to the input's shape by the engine.
    """

    name = ""
    promote: str | None = None  # "binary": PyTorch type promotion; "float": also int -> float32

    @classmethod
    def apply(cls, *inputs: Any, **params: Any) -> Any:
        arrays = []
        requires_grad = False
        for value in inputs:
            if isinstance(value, Tensor):
                arrays.append(value._data)
                requires_grad = requires_grad or value._requires_grad
            else:
                arrays.append(value)
        if cls.promote is not None:
            arrays = _promote(cls.promote, inputs, arrays)

        if not (requires_grad and _State.enabled):
            result = _forward(cls, _NO_GRAD_CTX, arrays, params)
            if type(result) is tuple:
                return tuple(Tensor._make(r) for r in result)
            return Tensor._make(result)

        node = cls._node_cls()
        node.needs_input_grad = tuple([isinstance(v, Tensor) and v._requires_grad for v in inputs])
        result = _forward(cls, node, arrays, params)
        if type(result) is tuple:
            skip = [id(a) for a in node.__dict__.pop("_non_differentiable", ())]
            outputs = [
                Tensor._make(r) if id(r) in skip else Tensor._make(r, node, i) for i, r in enumerate(result)
            ]
        else:
            outputs = [Tensor._make(result, node, 0)]
        _record(node, tuple(inputs), tuple(arrays), outputs)
        return tuple(outputs) if type(result) is tuple else outputs[0]


def _forward(cls: type, ctx: Any, arrays: list, params: dict) -> Any:
    try:
        return cls.forward(ctx, *arrays, **params)
    except ValueError as error:
        if "broadcast" not in str(error):
            raise
        _raise_broadcast_error(*(np.shape(a) for a in arrays[:2]))


def _promote(mode: str, inputs: tuple, arrays: list) -> list:
    """Cast arrays to the dtype PyTorch's promotion rules give (numpy's rules differ)."""
    dtypes = {a.dtype for a in arrays if type(a) is np.ndarray}
    if len(dtypes) == 1 and dtypes.pop().kind == "f":
        return arrays  # the common case, float tensors of one dtype with Python numbers: nothing to cast
    target = result_type(*inputs)
    if mode == "float" and target.kind != "f":
        target = np.dtype(np.float32)
    return [a.astype(target) if type(a) is np.ndarray and a.dtype != target else a for a in arrays]


# -- the public torch.autograd.Function -------------------------------------------------------------


class BackwardCFunction(Node):
    """The node (and ctx) of a custom ``Function``; its repr follows PyTorch's."""

    _forward_cls: Any = None
    _materialize_grads = True

    def __repr__(self) -> str:
        return f"<torch.autograd.function.{self.name()} object at {hex(id(self))}>"

    def _apply_backward(self, grads: tuple) -> tuple:
        result = self._forward_cls.backward(self, *grads)
        result = result if type(result) is tuple else (result,)
        # backward answers for every forward argument; the graph has edges for tensor arguments only
        if len(result) != len(self._tensor_positions) and len(result) != self._n_args:
            raise RuntimeError(
                f"function {self.name()} returned an incorrect number of gradients "
                f"(expected {self._n_args}, got {len(result)})"
            )
        if len(result) == self._n_args:
            result = tuple(result[i] for i in self._tensor_positions)
        return result


class FunctionMeta(type):
    def __init__(cls, name: str, bases: tuple, namespace: dict) -> None:
        super().__init__(name, bases, namespace)
        cls._backward_cls = type(name + "Backward", (BackwardCFunction,), {"_forward_cls": cls})


class Function(metaclass=FunctionMeta):
    """Define a differentiable operation with your own forward and backward, as in PyTorch.

    >>> class Square(Function):
    ...     @staticmethod
    ...     def forward(ctx, x):
    ...         ctx.save_for_backward(x)
    ...         return x * x
    ...     @staticmethod
    ...     def backward(ctx, grad):
    ...         (x,) = ctx.saved_tensors
    ...         return 2 * x * grad
    >>> Square.apply(tensor(3.0, requires_grad=True))
    tensor(9., grad_fn=<SquareBackward>)
    """

    @staticmethod
    def forward(ctx: Any, *args: Any, **kwargs: Any) -> Any:
        raise NotImplementedError("You must implement the forward function for custom autograd.Function.")

    @staticmethod
    def backward(ctx: Any, *grad_outputs: Any) -> Any:
        raise NotImplementedError("You must implement either the backward or vjp method for your custom "
                                  "autograd.Function to use it with backward mode AD.")

    @classmethod
    def apply(cls, *args: Any, **kwargs: Any) -> Any:
        from .grad_mode import no_grad

        tensor_positions = tuple(i for i, a in enumerate(args) if isinstance(a, Tensor))
        tensors = tuple(args[i] for i in tensor_positions)
        record = _State.enabled and any(t._requires_grad for t in tensors)
        node = cls._backward_cls()
        node.needs_input_grad = tuple(isinstance(a, Tensor) and a._requires_grad for a in args)
        node._tensor_positions, node._n_args = tensor_positions, len(args)
        with no_grad():
            result = cls.forward(node, *args, **kwargs)
        if not record:
            return result
        results = result if type(result) is tuple else (result,)
        skip = {id(t) for t in node.__dict__.pop("_non_differentiable", ())}
        outputs = []
        for i, r in enumerate(results):
            if isinstance(r, Tensor) and id(r) not in skip:
                if r.grad_fn is not None or any(r is t for t in tensors):
                    r = Tensor._make(r._data, node, i)  # a view of the input, now with this node's history
                else:
                    r._set_history(node, i)
            outputs.append(r)
        to_save = node.__dict__.get("_to_save")
        if to_save:
            node._to_save = tuple(_resolve_saved_output(obj, results, outputs) for obj in to_save)
        _record(node, tensors, tuple(t._data for t in tensors), [o for o in outputs if isinstance(o, Tensor)])
        return tuple(outputs) if type(result) is tuple else outputs[0]


def _resolve_saved_output(obj: Any, results: tuple, outputs: list) -> Any:
    for r, o in zip(results, outputs):
        if obj is r:
            return o
    return obj


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


# _tensor imports this module first, so these names can only be bound once both modules exist
from .._tensor import Tensor, _raise_broadcast_error, result_type  # noqa: E402
