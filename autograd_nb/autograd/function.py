"""The two ways to define a differentiable operation, and how calling one records a graph node.

* ``Op`` — the engine's built-in operations, one small class each in ``autograd_nb/ops``: ``forward`` on
  numpy arrays, ``backward`` on arrays or Tensors (see ``Op``), ``symbolic`` on SymPy object arrays.
* ``Function`` — PyTorch's public ``torch.autograd.Function``, whose ``forward`` and ``backward`` get Tensors.

Calling ``apply`` records a ``Node`` (the output's ``grad_fn``, see graph.py), which doubles as the ``ctx``
that ``forward`` and ``backward`` share, as in PyTorch.
"""

from __future__ import annotations

import inspect
import operator
import warnings
import weakref
from typing import Any

import numpy as np

from .._dtype import result_type, wrapped_int
from .._shapes import raise_broadcast_error
from .._tensor import Tensor
from .grad_mode import _State, no_grad
from .graph import _FREED, SEQUENCE, Node, SavedCast, SavedOutput, _unpack

# log(0), x / 0, sqrt(-1): PyTorch returns inf or nan and prints nothing. numpy warns, from the line of our
# code that called it; this filter silences exactly those warnings (np.errstate per op would cost 2.5 µs each).
warnings.filterwarnings("ignore", category=RuntimeWarning, module=r"autograd_nb(\.|$)")


class _NoGradCtx:
    """The ``ctx`` forward gets when nothing is recorded (one per op): saving and marking do nothing."""

    needs_input_grad = (False, False, False, False, False, False, False, False)

    def __init__(self, op: type) -> None:
        self.op = op  # as on a node: ops that share a forward read their own class attributes through it

    def save_for_backward(self, *values: Any) -> None:
        pass

    def mark_non_differentiable(self, *outputs: Any) -> None:
        pass


def _saved_property(index: int) -> property:
    """``grad_fn._saved_<name>`` of a built-in op's node: what forward saved at ``index`` (see ``Op.saved_names``).
    A property of the node's class, not a ``__getattr__``, which would slow every attribute read of every node."""
    return property(lambda node: _saved_field(node, index))


def _saved_field(node: Node, index: int) -> Any:
    """The ``index``-th value the node saved, as PyTorch gives it: an input tensor itself, a new tensor for an
    output (whose grad_fn is the node), None for what was not saved, a Python number as the 0-d tensor PyTorch
    wraps it in (int64, float64 or bool); checked against in-place changes since."""
    if node._saved is None:
        raise RuntimeError(_FREED)
    value = node._saved[index]
    if type(value) in _PLAIN_VALUES:
        return Tensor._make(np.array(value))  # numpy's own types for them are PyTorch's: int64, float64, bool
    version = node._saved_versions[index] if node._saved_versions else None
    if type(value) is SavedCast:  # PyTorch's node holds the input as it was given, before the op's cast
        value = value.tensor
    return _unpack(node, value, version, as_tensor=True)


class _OpMeta(type):
    """Makes ``forward``/``backward``/``symbolic`` static and gives each op its node class."""

    def __init__(cls, name: str, bases: tuple, namespace: dict) -> None:
        super().__init__(name, bases, namespace)
        for method in ("forward", "backward", "symbolic"):
            if inspect.isfunction(namespace.get(method)):
                setattr(cls, method, staticmethod(namespace[method]))
        cls._no_grad_ctx = _NoGradCtx(cls)
        if "name" in namespace:
            saved = {f"_saved_{field}": _saved_property(i) for i, field in enumerate(cls.saved_names) if field}
            cls._node_cls = type(namespace["name"], (Node,), {"_op": cls, "__module__": cls.__module__, **saved})


class Op(metaclass=_OpMeta):
    """A built-in differentiable operation.

    Subclasses set ``name`` (the PyTorch ``grad_fn`` name) and define, side by side, three plain functions
    (no ``self``, no decorators; ``ctx.op`` is the op class, for ops that share code through subclasses)::

        forward(ctx, *arrays, **params) -> np.ndarray      # numpy; may ctx.save_for_backward(...)
        backward(ctx, grad) -> gradient | tuple            # one gradient (or None) per input
        symbolic(ctx, *inputs) -> object array             # SymPy replay, used by autograd_nb.sym

    ``saved_names`` gives PyTorch's names for what forward saves, in order (``("self", "other")`` for ``Mul``),
    which learners read back from the node as PyTorch's ``_saved_<name>``: the input tensor itself, a new tensor
    for an output, None for what was not saved::

        >>> x = tensor([1.0, 2.0], requires_grad=True)
        >>> x.exp().grad_fn._saved_result
        tensor([2.7183, 7.3891], grad_fn=<ExpBackward0>)
        >>> (x * x).grad_fn._saved_self is x
        True

    Positional inputs are Tensors or Python numbers; keyword ``params`` (dims, shapes) are not
    differentiated. ``forward`` stores on ``ctx`` what ``backward`` and ``symbolic`` will need.
    Gradients for broadcast inputs are summed back to the input's shape by the engine.

    The backward rule, the same for every op: ``backward`` gets its gradients, and ``ctx.saved_tensors``
    its saved values, as numpy arrays in a plain backward (fast: no Tensor, no node per step) and as
    Tensors when the backward is itself recorded (``create_graph=True``, where grad mode is on). So it is
    written with what both share: operators, comparisons, Python numbers, ``.shape``, ``.ndim``,
    ``.reshape(shape)``, ``.sum()``, indexing, and ``SomeOp.apply(...)``, which on arrays runs that op's
    forward alone. Other Tensor methods are functions of either kind in ``autograd/both.py``
    (``expand(grad, shape)`` for ``grad.expand(shape)``), beside ``zeros``, ``array_of`` (the array behind a
    value, for masks) and ``sum_to_shape``. For example ``Mul``::

        def backward(ctx, grad):
            a, b = ctx.saved_tensors
            return grad * b, grad * a
    """

    name = ""
    saved_names: tuple = ()  # PyTorch's names for what forward saves, in order (None for one it does not name)
    promote: str | None = None  # "binary": PyTorch type promotion; "float": also int -> float32
    view = False  # True: forward returns a numpy view of the first input, and the result is a view (see views.py)

    @classmethod
    def apply(cls, *inputs: Any, **params: Any) -> Any:
        """Run the op: on Tensors, a Tensor result (recording a node when one requires grad and grad mode is
        on); on numpy arrays and numbers alone (inside a plain backward), forward's arrays, recording nothing."""
        arrays, requires_grad = _arrays_of(cls, inputs)
        if requires_grad is None:  # no Tensor among the inputs
            return cls.forward(cls._no_grad_ctx, *arrays, **params)
        node = cls._node_cls() if requires_grad and _State.enabled else None
        if node is not None:
            _connect(node, inputs, arrays)
        try:
            results = cls.forward(cls._no_grad_ctx if node is None else node, *arrays, **params)
        except ValueError as error:
            _raise_if_broadcast(error, arrays)
            raise
        if type(results) is tuple:
            outputs = _wrap_outputs(node, results)
        else:
            outputs = Tensor._make(results, node, 0)
        if node is not None:
            _record_outputs(node, inputs, arrays, outputs, results)
        if cls.view:
            for out in (outputs if type(outputs) is tuple else (outputs,)):
                _mark_view(out, inputs[0], multi_output=type(results) is tuple)
        return outputs


def _arrays_of(op: type[Op], inputs: tuple) -> tuple[list, bool | None]:
    """The inputs' arrays (numbers stay numbers), promoted to PyTorch's dtype, and whether any input requires
    grad: None when no input is a Tensor."""
    arrays = []
    requires_grad = dtype = None
    mixed = False
    for value in inputs:
        if isinstance(value, Tensor):
            data = value._data
            arrays.append(data)
            if value._requires_grad:
                requires_grad = True
            elif requires_grad is None:
                requires_grad = False
            if dtype is None:
                dtype = data.dtype
            elif data.dtype is not dtype:
                mixed = True
        else:
            arrays.append(value)
    # float tensors of one dtype, with Python numbers (weakly typed), need no cast: skip the rules
    if dtype is not None and op.promote is not None and (mixed or dtype.kind != "f"):
        target = result_type(*inputs)
        if op.promote == "float" and target.kind != "f":
            target = np.dtype(np.float32)
        arrays = [a.astype(target) if type(a) is np.ndarray and a.dtype != target else a for a in arrays]
        if target.kind in "iu":  # a Python int beside an integer tensor wraps around, as in PyTorch (see _dtype)
            arrays = [wrapped_int(a, target) if type(a) is int else a for a in arrays]
    return arrays, requires_grad


def _connect(node: Node, inputs: tuple, arrays: list) -> None:
    """Give the node, per input, its edge and the constant to replay (None for an input that gets a gradient).

    Runs before ``forward``, which may read ``ctx.needs_input_grad``.
    """
    children, key, constants = [], [], []  # key: per input, the output number along its edge, or -1 for a constant
    for value, array in zip(inputs, arrays):
        if isinstance(value, Tensor) and value._requires_grad:
            grad_fn = value.grad_fn
            if grad_fn is None:
                children.append(value._grad_accumulator())
                key.append(0)
            else:
                children.append(grad_fn)
                key.append(value._output_nr)
            constants.append(None)
        else:
            children.append(None)  # an input that needs no gradient
            key.append(-1)
            constants.append(array)  # the (promoted) array of a tensor, or the Python number itself
    node._children = tuple(children)
    node._seq = next(SEQUENCE)
    key = tuple(key)
    node._child_nrs, node.needs_input_grad, no_constants = _EDGE_DATA.get(key) or _shared_edge_data(key)
    node._constants = tuple(constants) if -1 in key else no_constants
    # CPython stores a new object's attributes without a dictionary while they are few (up to ten) and set
    # early; a second one added late (the engine adds _grad_outputs and _grad_inputs once viz is imported, after
    # backward) would give every node a dictionary of its own. Setting this one now keeps that from happening.
    node._grad_inputs = None


def _raise_if_broadcast(error: ValueError, arrays: list) -> None:
    """numpy's error for shapes that do not broadcast, as PyTorch words it."""
    if "broadcast" in str(error):
        raise_broadcast_error(*(np.shape(a) for a in arrays[:2]))


def _wrap_outputs(node: Node | None, results: tuple) -> tuple:
    """Forward's arrays as Tensors, output ``i`` made by ``node`` (unless marked non-differentiable)."""
    if node is None:
        return tuple([Tensor._make(r) for r in results])
    skip = [id(a) for a in node._non_differentiable]
    node._non_differentiable = ()  # the marked arrays need not stay on the node
    return tuple([Tensor._make(r) if id(r) in skip else Tensor._make(r, node, i) for i, r in enumerate(results)])


def _record_outputs(node: Node, inputs: tuple, arrays: list, outputs: Tensor | tuple, results: Any) -> None:
    """After ``forward``: note the outputs' shapes and dtypes, and resolve what it saved for backward.

    ``outputs`` is the one output Tensor, or a tuple of them; ``results`` are what ``forward`` returned (a
    numpy scalar there is a 0-d array in its tensor).
    """
    if type(outputs) is tuple:
        metas = tuple([(t._data.shape, t._data.dtype) for t in outputs])
    else:
        data = outputs._data
        metas = ((data.shape, data.dtype),)
        outputs, results = (outputs,), (results,)
    node._outputs_meta = _METAS.get(metas) or _shared(_METAS, metas)
    to_save = node._saved  # what forward passed to ctx.save_for_backward (raw arrays must not stay on the node)
    if to_save:
        values, versions = [], []
        for obj in to_save:
            if obj is None or type(obj) in _PLAIN_VALUES:  # tested here, which saves a call per such value
                values.append(obj)
                versions.append(None)
            else:
                value, version = _saved_entry(obj, inputs, arrays, outputs, results)
                values.append(value)
                versions.append(version)
        values = tuple(values)
        if len(values) == len(node._constants) and all(map(operator.is_, values, node._constants)):
            values = node._constants  # it saved its constant inputs (x * 0.5 saves 0.5): one tuple less per node
        node._saved = values
        versions = tuple(versions)
        node._saved_versions = _NUMBERS.get(versions) or _shared(_NUMBERS, versions)


# Thousands of nodes describe themselves with the same few small tuples: ((shape, dtype),) for their outputs,
# (True, False) for needs_input_grad, (0, 0) for the output numbers of their edges, (0, None) for the versions
# of what they saved, (None, None) for the constants of an op whose inputs all get gradients. One shared copy
# of each (flags apart from numbers, as True == 1),
# instead of one per node, costs a dictionary lookup per op and buys memory and, above all, fewer objects for
# the cyclic garbage collector to scan on each of its passes over a large graph (see benchmarks/). A table
# is emptied when it reaches _SHARED_LIMIT entries, so a program making ever-new shapes cannot grow it forever.
# Callers write ``table.get(value) or _shared(table, value)``: a hit, nearly every op, then costs no call.
_METAS: dict = {}
_NUMBERS: dict = {}
_EDGE_DATA: dict = {}
_SHARED_LIMIT = 4096


def _shared(table: dict, value: tuple) -> tuple:
    """The one copy of ``value`` kept in ``table`` (called on a miss, see above)."""
    shared = table.get(value)
    if shared is None:
        if len(table) >= _SHARED_LIMIT:
            table.clear()
        shared = table[value] = value
    return shared


def _shared_edge_data(key: tuple) -> tuple:
    """The shared ``(_child_nrs, needs_input_grad, constants of an op without constant inputs)`` of a node whose
    inputs ``key`` describes (per input, the output number along its edge, -1 for a constant): one lookup per op
    for the three tuples."""
    if len(_EDGE_DATA) >= _SHARED_LIMIT:
        _EDGE_DATA.clear()
    shared = _EDGE_DATA[key] = (tuple([max(nr, 0) for nr in key]), tuple([nr >= 0 for nr in key]), (None,) * len(key))
    return shared


def _saved_entry(obj: Any, inputs: tuple, arrays: list, outputs: tuple, results: tuple) -> tuple:
    """``(value, version when saved)`` of an array or tensor that forward saved: an input tensor, an output (as
    ``SavedOutput``) or a constant."""
    for value, array in zip(inputs, arrays):
        if obj is array or obj is value:
            if not isinstance(value, Tensor):
                return (value, None)
            if obj is array and array is not value._data:  # the copy _arrays_of promoted
                return (SavedCast(value, array.dtype), value._version_box[0])
            return (value, value._version_box[0])
    for t, result in zip(outputs, results):
        if obj is result or obj is t._data or obj is t:
            return (SavedOutput(t._data, t._version_counter(), t._output_nr, Tensor), t._version_box[0])
    if isinstance(obj, Tensor):
        return (obj, obj._version_box[0])
    return (Tensor._make(np.asarray(obj)), 0)  # a constant computed in forward: its own, unchanging version


_PLAIN_VALUES = frozenset({int, float, bool})  # saved as they are, with no version to check


# How a view was made, which decides PyTorch's error when it is later written in place (see views.py)
VIEW_DEFAULT, VIEW_NO_GRAD, VIEW_MULTI_OUTPUT = "default", "no_grad", "multi_output"


def _mark_view(out: Tensor, source: Tensor, multi_output: bool = False) -> None:
    """Mark ``out`` (whose array is a numpy view of ``source``'s) as a view of ``source``'s base (see views.py).

    ``multi_output``: ``out`` is one of several views that one op returned (``split``, ``unbind``).
    """
    base = source._base if source._base is not None else source
    out._base = base
    out._version_box = counter = base._version_counter()
    if len(counter) == 1:
        counter += [weakref.WeakSet(), {}]
    counter[1].add(out)
    made = VIEW_NO_GRAD if not _State.enabled else VIEW_MULTI_OUTPUT if multi_output else VIEW_DEFAULT
    if made == VIEW_DEFAULT and source._base is not None:
        made = counter[2].get(id(source), VIEW_DEFAULT)
    # by id, as tensors compare elementwise; only the unusual ones, and a dead view's id is cleared when reused
    if made == VIEW_DEFAULT:
        counter[2].pop(id(out), None)
    else:
        counter[2][id(out)] = made


# -- the public torch.autograd.Function -------------------------------------------------------------


class BackwardCFunction(Node):
    """The node (and ctx) of a custom ``Function``; its repr follows PyTorch's.

    A custom ``backward`` always gets Tensors (PyTorch's contract): in a plain backward this node wraps the
    engine's arrays for it, and unwraps what it returns.
    """

    _forward_cls: Any = None
    _materialize_grads = True

    @property
    def _op(self) -> Any:
        return self._forward_cls

    @property
    def saved_tensors(self) -> tuple:
        previous, _State.enabled = _State.enabled, True  # Tensors, whatever the mode
        try:
            return Node.saved_tensors.fget(self)
        finally:
            _State.enabled = previous

    def __repr__(self) -> str:
        return f"<torch.autograd.function.{self.name()} object at {hex(id(self))}>"

    def _apply_backward(self, grads: tuple) -> tuple:
        on_arrays = not _State.enabled
        grads = tuple([g if g is None or isinstance(g, Tensor) else Tensor._make(g) for g in grads])
        if self._materialize_grads:
            metas = self._outputs_meta
            grads = tuple([Tensor._make(np.zeros(*meta)) if g is None else g for g, meta in zip(grads, metas)])
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
        if on_arrays:
            result = tuple([g._data if isinstance(g, Tensor) else g for g in result])
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
        skip = {id(t) for t in node._non_differentiable}
        node._non_differentiable = ()
        outputs = []
        for i, r in enumerate(results):
            if isinstance(r, Tensor) and id(r) not in skip:
                if r.grad_fn is not None or any(r is t for t in tensors):
                    r = Tensor._make(r._data, node, i)  # a view of the input, now with this node's history
                else:
                    r._set_history(node, i)
            outputs.append(r)
        to_save = node._saved
        if to_save:
            node._saved = tuple(_resolve_saved_output(obj, results, outputs) for obj in to_save)
        outputs_t = tuple([o for o in outputs if isinstance(o, Tensor)])
        _record_outputs(node, tensors, [t._data for t in tensors], outputs_t, outputs_t)
        return tuple(outputs) if type(result) is tuple else outputs[0]


def _resolve_saved_output(obj: Any, results: tuple, outputs: list) -> Any:
    for r, o in zip(results, outputs):
        if obj is r:
            return o
    return obj
