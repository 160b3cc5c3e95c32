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
import warnings
import weakref
from collections.abc import Callable
from typing import Any

import numpy as np

from .grad_mode import _State

# log(0), x / 0, sqrt(-1): PyTorch returns inf or nan and prints nothing. numpy warns, from the line of our
# code that called it; this filter silences exactly those warnings (np.errstate per op would cost 2.5 µs each).
warnings.filterwarnings("ignore", category=RuntimeWarning, module=r"autograd_nb(\.|$)")

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
    _array_backward = False  # the op's array_backward: without create_graph, backward runs on numpy arrays

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
        saved = self._saved
        if saved is None:
            raise RuntimeError(_FREED)
        if _unpack_to_arrays:
            return tuple([_unpack_array(self, entry) for entry in saved])
        return tuple([_unpack(self, entry) for entry in saved])

    def _apply_backward(self, grads: tuple) -> tuple:
        result = self._op.backward(self, *grads)
        return result if type(result) is tuple else (result,)

    def _apply_backward_to_arrays(self, grads: list) -> tuple:
        """Run an ``array_backward`` rule on numpy arrays: meanwhile ``saved_tensors`` hands out arrays."""
        global _unpack_to_arrays
        _unpack_to_arrays = True
        try:
            result = self._op.backward(self, *grads)
        finally:
            _unpack_to_arrays = False
        return result if type(result) is tuple else (result,)


class AccumulateGrad(Node):
    """The sink for a leaf tensor: its incoming gradient is added to ``variable.grad``."""

    next_functions = ()

    def __init__(self, variable: Any) -> None:
        self.variable = variable

    @property
    def _outputs_meta(self) -> tuple:
        return ((self.variable._data.shape, self.variable._data.dtype),)

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


# True only while the engine runs an ``array_backward`` rule (see Node._apply_backward_to_arrays)
_unpack_to_arrays = False


def _unpack_array(node: Node, entry: tuple) -> Any:
    """``_unpack`` for a backward that runs on numpy arrays: the same checks, the bare array back."""
    value, expected_version = entry
    if type(value) is _SavedOutput:
        if value.version[0] != expected_version:
            _unpack(node, entry)  # raises, with the message that needs the output as a Tensor
        return value.array
    if isinstance(value, Tensor):
        if expected_version is not None and value._version_box[0] != expected_version:
            _unpack(node, entry)
        return value._data
    return value  # a Python number or None


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


def _connect(node: Node, inputs: tuple, arrays: list) -> None:
    """Give the node, per input, its edge, the input's shape and dtype, and the constant to replay.

    Runs before ``forward``, which may read ``ctx.needs_input_grad``.
    """
    edges, needs, metas, constants = [], [], [], []
    for value, array in zip(inputs, arrays):
        if isinstance(value, Tensor) and value._requires_grad:
            grad_fn = value.grad_fn
            edges.append((grad_fn, value._output_nr) if grad_fn is not None else (value._grad_accumulator(), 0))
            needs.append(True)
            metas.append((value._data.shape, value._data.dtype))
            constants.append(None)
        else:
            edges.append(_NO_EDGE)
            needs.append(False)
            metas.append(None)
            constants.append(array)  # the (promoted) array of a tensor, or the Python number itself
    node.next_functions = tuple(edges)
    node.needs_input_grad = tuple(needs)
    node._input_meta = tuple(metas)
    node._constants = tuple(constants)


def _record_outputs(node: Node, inputs: tuple, arrays: list, outputs: tuple, results: tuple) -> None:
    """After ``forward``: note the outputs' shapes and dtypes, and resolve what it saved for backward.

    ``results`` are what ``forward`` returned: a numpy scalar there is a 0-d array in its tensor.
    """
    node._outputs_meta = tuple([(t._data.shape, t._data.dtype) for t in outputs])
    to_save = node._to_save
    if to_save:
        node._to_save = None  # raw arrays (or, for a Function, output tensors) must not stay on the node
        node._saved = tuple([_saved_entry(obj, inputs, arrays, outputs, results) for obj in to_save])


def _saved_entry(obj: Any, inputs: tuple, arrays: list, outputs: tuple, results: tuple) -> tuple:
    """``(value, version when saved)``: an input tensor, an output (as ``_SavedOutput``) or a constant."""
    if obj is None or type(obj) in (int, float, bool):
        return (obj, None)
    for value, array in zip(inputs, arrays):
        if obj is array or obj is value:
            if isinstance(value, Tensor):
                return (value, value._version_box[0])
            return (value, None)
    for t, result in zip(outputs, results):
        if obj is result or obj is t._data or obj is t:
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
            cls._node_cls = type(namespace["name"], (Node,), {
                "_op": cls, "_array_backward": cls.array_backward, "__module__": cls.__module__})  # fmt: skip


class Op(metaclass=_OpMeta):
    """A built-in differentiable operation.

    Subclasses set ``name`` (the PyTorch ``grad_fn`` name) and define, side by side::

        forward(ctx, *arrays, **params) -> np.ndarray      # numpy; may ctx.save_for_backward(...)
        backward(ctx, grad) -> Tensor | tuple              # engine ops, one gradient per input
        symbolic(ctx, *inputs) -> object array             # SymPy replay, used by autograd_nb.sym

    Positional inputs are Tensors or Python numbers; keyword ``params`` (dims, shapes) are not
    differentiated. ``forward`` stores on ``ctx`` what ``backward`` and ``symbolic`` will need.
    Gradients for broadcast inputs are summed back to the input's shape by the engine.

    ``array_backward = True`` declares that ``backward`` uses only what numpy arrays and Tensors
    share (arithmetic operators, comparisons, Python numbers): without ``create_graph`` the engine
    then runs it on the bare arrays, skipping a Tensor and a node per step.
    """

    name = ""
    promote: str | None = None  # "binary": PyTorch type promotion; "float": also int -> float32
    array_backward = False
    view = False  # True: forward returns a numpy view of the first input, and the result is a view (see views.py)

    @classmethod
    def apply(cls, *inputs: Any, **params: Any) -> Any:
        arrays = []
        requires_grad = mixed = False
        dtype = None
        for value in inputs:
            if isinstance(value, Tensor):
                data = value._data
                arrays.append(data)
                if value._requires_grad:
                    requires_grad = True
                if dtype is None:
                    dtype = data.dtype
                elif data.dtype is not dtype:
                    mixed = True
            else:
                arrays.append(value)
        # float tensors of one dtype, with Python numbers (weakly typed), need no cast: skip the rules
        if cls.promote is not None and (mixed or dtype is None or dtype.kind != "f"):
            arrays = _promote(cls.promote, inputs, arrays)

        node = cls._node_cls() if requires_grad and _State.enabled else None
        if node is not None:
            _connect(node, inputs, arrays)
        try:
            result = cls.forward(_NO_GRAD_CTX if node is None else node, *arrays, **params)
        except ValueError as error:
            if "broadcast" not in str(error):
                raise
            _raise_broadcast_error(*(np.shape(a) for a in arrays[:2]))
        if type(result) is tuple:
            outputs = _tuple_outputs(node, inputs, arrays, result)
            if cls.view:
                for out in outputs:
                    make_view(out, inputs[0], multi_output=True)
            return outputs
        out = Tensor._make(result) if node is None else Tensor._make(result, node, 0)
        if cls.view:
            make_view(out, inputs[0])
        if node is None:
            return out
        # _record_outputs for the usual single output, inlined: this runs once per recorded op
        node._outputs_meta = ((out._data.shape, out._data.dtype),)
        if node._to_save:
            node._saved = tuple([_saved_entry(obj, inputs, arrays, (out,), (result,)) for obj in node._to_save])
            node._to_save = None  # raw arrays must not stay on the node
        return out


def _tuple_outputs(node: Node | None, inputs: tuple, arrays: list, results: tuple) -> tuple:
    if node is None:
        return tuple(Tensor._make(r) for r in results)
    skip = [id(a) for a in node.__dict__.pop("_non_differentiable", ())]
    outputs = tuple(Tensor._make(r) if id(r) in skip else Tensor._make(r, node, i) for i, r in enumerate(results))
    _record_outputs(node, inputs, arrays, outputs, results)
    return outputs


def _promote(mode: str, inputs: tuple, arrays: list) -> list:
    """Cast arrays to the dtype PyTorch's promotion rules give (numpy's rules differ)."""
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
        if record:
            _connect(node, tensors, [t._data for t in tensors])
        node.needs_input_grad = tuple(isinstance(a, Tensor) and a._requires_grad for a in args)  # per argument
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
        outputs_t = tuple([o for o in outputs if isinstance(o, Tensor)])
        _record_outputs(node, tensors, [t._data for t in tensors], outputs_t, outputs_t)
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
from .views import make_view  # noqa: E402
