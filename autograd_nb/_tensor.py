"""The Tensor core: a numpy array plus the autograd fields PyTorch learners know.

``requires_grad`` asks for operations to be recorded, ``grad_fn`` is the node that made a tensor,
``grad`` receives gradients after ``backward``, and ``_version_box`` counts in-place writes so that a
node can tell its saved tensors were changed. This file holds only that state and what reads it; the
operators and math methods (``x * y``, ``x.exp()``, ``x[0]``, ``x.backward()``) are given to Tensor by
``_tensor_methods.py``, each a short call to an op in ``autograd_nb/ops`` or to the engine.
"""

from __future__ import annotations

import sys
import warnings
import weakref
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from . import _dtype
from ._dtype import Size, dtype
from ._printing import format_tensor
from ._shapes import normalize_dims
from .autograd.graph import Node, RemovableHandle, _AccumulatorCache

_NON_LEAF_GRAD_WARNING = (
    "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad attribute won't "
    "be populated during autograd.backward(). If you indeed want the .grad field to be populated for a "
    "non-leaf Tensor, use .retain_grad() on the non-leaf Tensor. If you access the non-leaf Tensor by "
    "mistake, make sure you access the leaf Tensor instead. See github.com/pytorch/pytorch/pull/30531 for "
    "more information. (Triggered internally at /__w/pytorch/pytorch/build/aten/src/ATen/core/TensorBody.h:493.)"
)


_FLOAT_OF_GRAD_WARNING = (
    "Converting a tensor with requires_grad=True to a scalar may lead to unexpected behavior.\nConsider using "
    "tensor.detach() first. (Triggered internally at "
    "/__w/pytorch/pytorch/torch/csrc/autograd/generated/python_variable_methods.cpp:822.)"
)
_WARNED: set[str] = set()


def warn_once(message: str) -> None:
    """A UserWarning that PyTorch gives once per process (its TORCH_WARN_ONCE), shown at the learner's line."""
    if message in _WARNED:
        return
    _WARNED.add(message)
    level, frame = 1, sys._getframe(1)
    while frame is not None and frame.f_globals.get("__name__", "").startswith("autograd_nb"):
        level, frame = level + 1, frame.f_back
    warnings.warn(message, UserWarning, stacklevel=level + 1)


# The version counter every new tensor starts with. Most tensors are never written in place nor share their
# counter: one shared, immutable (0,) instead of a list each saves 80 bytes per tensor and one object for the
# garbage collector to scan; ``_version_counter`` gives a tensor its own list when it needs one.
_UNWRITTEN = (0,)


class Tensor:
    """An n-dimensional array that can record the operations applied to it.

    >>> x = tensor([1.0, 2.0], requires_grad=True)
    >>> y = (x * x).sum()
    >>> y.backward()
    >>> x.grad
    tensor([2., 4.])
    """

    # _version_box: [number of in-place writes, …], shared with views and detach() (see autograd/views.py), or
    # _UNWRITTEN until the tensor is first written in place or shares its counter (see _version_counter);
    # _base: the tensor whose memory this view shares (None if not a view)
    __slots__ = ("_data", "_requires_grad", "grad_fn", "_grad", "_output_nr", "_version_box", "_hooks",
                 "_accumulator_ref", "_base", "__weakref__")  # fmt: skip

    # -- construction ---------------------------------------------------------------------------

    @staticmethod
    def _make(array: Any, grad_fn: Node | None = None, output_nr: int = 0) -> Tensor:
        """Wrap an array without copying; the fast path every operation uses."""
        t = object.__new__(Tensor)
        t._data = array if type(array) is np.ndarray else np.asarray(array)
        t._requires_grad = grad_fn is not None
        t.grad_fn = grad_fn
        t._grad = None
        t._output_nr = output_nr
        t._version_box = _UNWRITTEN
        t._hooks = None
        t._accumulator_ref = None
        t._base = None
        return t

    def _version_counter(self) -> list:
        """This tensor's own version counter, ``[number of in-place writes, …]``, to write or to share."""
        counter = self._version_box
        if counter is _UNWRITTEN:
            counter = self._version_box = [0]
        return counter

    def _set_history(self, node: Node, output_nr: int) -> None:
        self.grad_fn, self._output_nr, self._requires_grad = node, output_nr, True

    def _grad_accumulator(self) -> Node:
        return _AccumulatorCache.get(self)

    # -- autograd fields ----------------------------------------------------------------------------

    @property
    def requires_grad(self) -> bool:
        """Whether operations on this tensor are recorded, so that gradients can flow back to it."""
        return self._requires_grad

    @requires_grad.setter
    def requires_grad(self, value: bool) -> None:
        self.requires_grad_(value)

    def requires_grad_(self, requires_grad: bool = True) -> Tensor:
        """Start (or stop) recording operations on this leaf tensor, in place."""
        if self.grad_fn is not None:
            if not requires_grad:
                raise RuntimeError(
                    "you can only change requires_grad flags of leaf variables. If you want to use a computed "
                    "variable in a subgraph that doesn't require differentiation use var_no_grad = var.detach()."
                )
            return self
        if requires_grad and self._data.dtype.kind != "f":
            raise RuntimeError("only Tensors of floating point dtype can require gradients")
        self._requires_grad = bool(requires_grad)
        return self

    @property
    def is_leaf(self) -> bool:
        """Made by the user, not by a recorded operation: ``backward`` stores its gradient in ``.grad``."""
        return self.grad_fn is None

    @property
    def grad(self) -> Tensor | None:
        """The gradients ``backward`` added up for this leaf (None before the first); PyTorch warns on a non-leaf."""
        if self.grad_fn is not None and not self.retains_grad:
            warnings.warn(_NON_LEAF_GRAD_WARNING, UserWarning, stacklevel=2)
        return self._grad

    @grad.setter
    def grad(self, value: Tensor | None) -> None:
        if value is not None:
            if not isinstance(value, Tensor):
                raise TypeError(
                    f"assigned grad expected to be a Tensor or None but got grad of type {type(value).__name__}"
                )
            if value._data.shape != self._data.shape:
                raise RuntimeError("assigned grad has data of a different size")
            if value._data.dtype != self._data.dtype:
                raise RuntimeError("assigned grad has data of a different type")
        self._grad = value

    @property
    def retains_grad(self) -> bool:
        retained = self.grad_fn.__dict__.get("_retained") if self.grad_fn is not None else None
        return bool(retained) and self._output_nr in retained and retained[self._output_nr]() is self

    def retain_grad(self) -> None:
        """Keep the gradient of this non-leaf tensor in ``.grad`` after backward."""
        if not self._requires_grad:
            raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
        if self.grad_fn is not None:
            self.grad_fn.__dict__.setdefault("_retained", {})[self._output_nr] = weakref.ref(self)
            self.grad_fn._hooked = True

    def register_hook(self, hook: Callable[[Tensor], Tensor | None]) -> RemovableHandle:
        """Call ``hook(grad)`` when this tensor's gradient is computed; a returned tensor replaces it."""
        if not self._requires_grad:
            raise RuntimeError("cannot register a hook on a tensor that doesn't require gradient")
        if self.grad_fn is None:
            if self._hooks is None:
                self._hooks = []
            hooks = self._hooks
        else:
            node = self.grad_fn
            if node._tensor_hooks is None:
                node._tensor_hooks = {}
            hooks = node._tensor_hooks.setdefault(self._output_nr, [])
            node._hooked = True
        hooks.append(hook)
        return RemovableHandle(hooks, hook)

    def detach(self) -> Tensor:
        """The same data, cut from the graph (and sharing the version counter, as in PyTorch)."""
        t = Tensor._make(self._data)
        t._version_box = self._version_counter()
        return t

    def detach_(self) -> Tensor:
        """Cut this tensor from the graph, in place: it becomes a leaf that does not require grad."""
        self.grad_fn, self._requires_grad = None, False
        return self

    @property
    def data(self) -> Tensor:
        """The same memory outside the graph; unlike ``detach()`` without the version counter: writes go unseen."""
        return Tensor._make(self._data)

    @data.setter
    def data(self, value: Tensor) -> None:
        self._data = value._data

    @property
    def _version(self) -> int:
        """How many in-place writes this memory has seen; a node that saved the tensor compares it at backward."""
        return self._version_box[0]

    def _is_view(self) -> bool:
        """True for the result of a view op (``view``, ``x[0]``, ``transpose``, …): it shares ``_base``'s memory."""
        return self._base is not None

    # -- metadata -----------------------------------------------------------------------------------

    @property
    def shape(self) -> Size:
        return Size(self._data.shape)

    def size(self, dim: int | None = None) -> Size | int:
        if dim is None:
            return Size(self._data.shape)
        return self._data.shape[self._dim_index(dim)]

    @property
    def dtype(self) -> dtype:
        return _dtype.from_numpy_dtype(self._data.dtype)

    @property
    def ndim(self) -> int:
        return self._data.ndim

    def dim(self) -> int:
        return self._data.ndim

    def numel(self) -> int:
        return self._data.size

    nelement = numel

    def element_size(self) -> int:
        return self._data.itemsize

    @property
    def device(self) -> str:
        return "cpu"

    def is_floating_point(self) -> bool:
        return self._data.dtype.kind == "f"

    def _dim_index(self, dim: int) -> int:
        return normalize_dims(dim, self._data.ndim)[0]

    # -- conversion ---------------------------------------------------------------------------------

    def item(self) -> float | int | bool:
        if self._data.size != 1:
            raise RuntimeError(f"a Tensor with {self._data.size} elements cannot be converted to Scalar")
        return self._data.reshape(-1)[0].item()

    def tolist(self) -> Any:
        return self._data.tolist()

    def numpy(self) -> np.ndarray:
        if self._requires_grad:
            raise RuntimeError("Can't call numpy() on Tensor that requires grad. Use tensor.detach().numpy() instead.")
        return self._data

    def __array__(self, dtype: Any = None, copy: bool | None = None) -> np.ndarray:
        array = self.numpy()
        return array if dtype is None else array.astype(dtype)

    def stride(self, dim: int | None = None) -> tuple[int, ...] | int:
        """How many elements apart neighbours are along each dimension (``x.t().stride()`` is ``x``'s reversed)."""
        strides = tuple(s // self._data.itemsize for s in self._data.strides)
        return strides if dim is None else strides[self._dim_index(dim)]

    def is_contiguous(self) -> bool:
        return bool(self._data.flags.c_contiguous)

    def new_zeros(self, size: Sequence[int]) -> Tensor:
        return Tensor._make(np.zeros(size, self._data.dtype))

    def new_ones(self, size: Sequence[int]) -> Tensor:
        return Tensor._make(np.ones(size, self._data.dtype))

    def new_tensor(self, data: Any) -> Tensor:
        return Tensor._make(np.array(data, dtype=self._data.dtype))

    # -- printing ------------------------------------------------------------------------------------

    def __repr__(self) -> str:
        # PyTorch prints the class name: CopySlices, whose name() is torch::autograd::CopySlices
        name = type(self.grad_fn).__name__ if self.grad_fn is not None else None
        return format_tensor(self._data, self.dtype, requires_grad=self._requires_grad, grad_fn_name=name)

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        if self._data.ndim == 0:
            return self.item().__format__(spec)
        return format(repr(self), spec)

    # -- Python protocol -----------------------------------------------------------------------------

    def __len__(self) -> int:
        if self._data.ndim == 0:
            raise TypeError("len() of a 0-d tensor")
        return self._data.shape[0]

    def __bool__(self) -> bool:
        if self._data.size != 1:
            raise RuntimeError("Boolean value of Tensor with more than one value is ambiguous")
        return bool(self._data.reshape(-1)[0])

    def __float__(self) -> float:
        if self._requires_grad:
            warn_once(_FLOAT_OF_GRAD_WARNING)
        return float(self.item())

    def __int__(self) -> int:
        return int(self.item())

    def __index__(self) -> int:
        if self._data.dtype.kind not in "iub" or self._data.size != 1:
            raise TypeError("only integer tensors of a single element can be converted to an index")
        return int(self.item())

    __hash__ = object.__hash__
