"""The Tensor: a numpy array plus the autograd fields PyTorch learners know.

``requires_grad`` asks for operations to be recorded, ``grad_fn`` is the node that made a tensor,
``grad`` receives gradients after ``backward``. Every operation is a method that defers to one op
class in ``autograd_nb/ops``; this file only routes calls and keeps the bookkeeping.
"""

from __future__ import annotations

import builtins
import numbers
import warnings
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from . import _dtype
from ._dtype import Size, dtype
from .autograd.grad_mode import _State, no_grad
from .autograd.graph import Node, RemovableHandle, _AccumulatorCache

_NON_LEAF_GRAD_WARNING = (
    "The .grad attribute of a Tensor that is not a leaf Tensor is being accessed. Its .grad attribute won't "
    "be populated during autograd.backward(). If you indeed want the .grad field to be populated for a "
    "non-leaf Tensor, use .retain_grad() on the non-leaf Tensor. If you access the non-leaf Tensor by "
    "mistake, make sure you access the leaf Tensor instead. See github.com/pytorch/pytorch/pull/30531 for "
    "more information. (Triggered internally at /__w/pytorch/pytorch/build/aten/src/ATen/core/TensorBody.h:493.)"
)
_TYPE_NAMES = {"float32": "Float", "float64": "Double", "float16": "Half", "int64": "Long", "int32": "Int",
               "int16": "Short", "int8": "Char", "uint8": "Byte", "bool": "Bool"}  # fmt: skip


class _NoRounding:
    """The default of ``div``'s ``rounding_mode``: PyTorch tells an omitted one from an explicit None."""


_NO_ROUNDING = _NoRounding()


class Tensor:
    """An n-dimensional array that can record the operations applied to it.

    >>> x = tensor([1.0, 2.0], requires_grad=True)
    >>> y = (x * x).sum()
    >>> y.backward()
    >>> x.grad
    tensor([2., 4.])
    """

    # _base: the tensor whose memory this view shares (None if not a view); see autograd/views.py
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
        t._version_box = [0]
        t._hooks = None
        t._accumulator_ref = None
        t._base = None
        return t

    def _set_history(self, node: Node, output_nr: int) -> None:
        self.grad_fn, self._output_nr, self._requires_grad = node, output_nr, True

    def _grad_accumulator(self) -> Node:
        return _AccumulatorCache.get(self)

    # -- autograd fields ----------------------------------------------------------------------------

    @property
    def requires_grad(self) -> bool:
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
        return self.grad_fn is None

    @property
    def grad(self) -> Tensor | None:
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
        import weakref

        if not self._requires_grad:
            raise RuntimeError("can't retain_grad on Tensor that has requires_grad=False")
        if self.grad_fn is not None:
            self.grad_fn.__dict__.setdefault("_retained", {})[self._output_nr] = weakref.ref(self)

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
        hooks.append(hook)
        return RemovableHandle(hooks, hook)

    def backward(self, gradient: Tensor | None = None, retain_graph: bool | None = None,
                 create_graph: bool = False, inputs: Sequence[Tensor] | None = None) -> None:  # fmt: skip
        """Compute the gradient of this tensor with respect to the leaves, adding it into their ``.grad``.

        For a non-scalar tensor pass ``gradient`` (the vector v of the vector-Jacobian product vᵀJ).
        """
        from .autograd import backward

        backward(self, gradient, retain_graph, create_graph, inputs=inputs)

    def detach(self) -> Tensor:
        """The same data, cut from the graph (and sharing the version counter, as in PyTorch)."""
        t = Tensor._make(self._data)
        t._version_box = self._version_box
        return t

    def detach_(self) -> Tensor:
        self.grad_fn, self._requires_grad = None, False
        return self

    @property
    def data(self) -> Tensor:
        return Tensor._make(self._data)

    @data.setter
    def data(self, value: Tensor) -> None:
        self._data = value._data

    @property
    def _version(self) -> int:
        return self._version_box[0]

    def _is_view(self) -> builtins.bool:
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

    def type(self, dtype: Any = None) -> str | Tensor:
        if dtype is None:
            return f"torch.{_TYPE_NAMES[self.dtype.name]}Tensor"
        return self.to(dtype)

    def _dim_index(self, dim: int) -> int:
        from .ops.reductions import normalize_dims

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

    def to(self, *args: Any, dtype: Any = None, **kwargs: Any) -> Tensor:
        """Convert to another dtype (devices other than ``"cpu"`` are not available)."""
        for arg in args:
            if isinstance(arg, _dtype.dtype):
                dtype = arg
            elif isinstance(arg, Tensor):
                dtype = arg.dtype
        if dtype is None:
            return self
        np_dtype = dtype.np if isinstance(dtype, _dtype.dtype) else np.dtype(dtype)
        if np_dtype == self._data.dtype:
            return self
        from .ops.shape import ToCopy

        return ToCopy.apply(self, dtype=np_dtype)

    def float(self) -> Tensor:
        return self.to(_dtype.float32)

    def double(self) -> Tensor:
        return self.to(_dtype.float64)

    def half(self) -> Tensor:
        return self.to(_dtype.float16)

    def long(self) -> Tensor:
        return self.to(_dtype.int64)

    def int(self) -> Tensor:
        return self.to(_dtype.int32)

    def bool(self) -> Tensor:
        return self.to(_dtype.bool)

    def cpu(self) -> Tensor:
        return self

    def clone(self) -> Tensor:
        return ops.shape.Clone.apply(self)

    def contiguous(self) -> Tensor:
        return self if self._data.flags.c_contiguous else self.clone()

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
        from ._printing import format_tensor

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

    def __iter__(self):
        if self._data.ndim == 0:
            raise TypeError("iteration over a 0-d tensor")
        return (self[i] for i in range(self._data.shape[0]))

    def __bool__(self) -> bool:
        if self._data.size != 1:
            raise RuntimeError("Boolean value of Tensor with more than one value is ambiguous")
        return builtins.bool(self._data.reshape(-1)[0])

    def __float__(self) -> float:
        return builtins.float(self.item())

    def __int__(self) -> int:
        return builtins.int(self.item())

    def __index__(self) -> int:
        if self._data.dtype.kind not in "iub" or self._data.size != 1:
            raise TypeError("only integer tensors of a single element can be converted to an index")
        return builtins.int(self.item())

    __hash__ = object.__hash__

    # -- arithmetic ----------------------------------------------------------------------------------

    def __add__(self, other: Any) -> Tensor:
        return ops.arithmetic.Add.apply(self, _operand(other))

    def __radd__(self, other: Any) -> Tensor:
        return ops.arithmetic.Add.apply(self, _operand(other))

    def __sub__(self, other: Any) -> Tensor:
        return ops.arithmetic.Sub.apply(self, _operand(other))

    def __rsub__(self, other: Any) -> Tensor:
        return ops.arithmetic.Rsub.apply(self, _operand(other))

    def __mul__(self, other: Any) -> Tensor:
        return ops.arithmetic.Mul.apply(self, _operand(other))

    def __rmul__(self, other: Any) -> Tensor:
        return ops.arithmetic.Mul.apply(self, _operand(other))

    def __truediv__(self, other: Any) -> Tensor:
        return ops.arithmetic.Div.apply(self, _operand(other))

    def __rtruediv__(self, other: Any) -> Tensor:
        return ops.arithmetic.Reciprocal.apply(self) * other

    def __pow__(self, exponent: Any) -> Tensor:
        if isinstance(exponent, Tensor):
            return ops.arithmetic.Pow.apply(self, exponent)
        return ops.arithmetic.PowScalar.apply(self, _operand(exponent))

    def __rpow__(self, base: Any) -> Tensor:
        return ops.arithmetic.RPow.apply(self, _operand(base))

    def __neg__(self) -> Tensor:
        return ops.arithmetic.Neg.apply(self)

    def __pos__(self) -> Tensor:
        return self

    def __abs__(self) -> Tensor:
        return self.abs()

    def __matmul__(self, other: Tensor) -> Tensor:
        return self.matmul(other)

    def __rmatmul__(self, other: Tensor) -> Tensor:
        return _operand(other).matmul(self)

    def add(self, other: Any, *, alpha: Any = 1) -> Tensor:
        return ops.arithmetic.Add.apply(self, _operand(other), alpha=alpha)

    def sub(self, other: Any, *, alpha: Any = 1) -> Tensor:
        return ops.arithmetic.Sub.apply(self, _operand(other), alpha=alpha)

    def mul(self, other: Any) -> Tensor:
        return self * other

    def div(self, other: Any, *, rounding_mode: Any = _NO_ROUNDING) -> Tensor:
        """``self / other``; any ``rounding_mode`` (even None) records PyTorch's ``DivBackward2``."""
        if rounding_mode is _NO_ROUNDING:
            return self / other
        return ops.arithmetic.DivMode.apply(self, _operand(other), rounding_mode=rounding_mode)

    def pow(self, exponent: Any) -> Tensor:
        return self**exponent

    def neg(self) -> Tensor:
        return -self

    def reciprocal(self) -> Tensor:
        return ops.arithmetic.Reciprocal.apply(self)

    def exp(self) -> Tensor:
        return ops.arithmetic.Exp.apply(self)

    def log(self) -> Tensor:
        return ops.arithmetic.Log.apply(self)

    def sqrt(self) -> Tensor:
        return ops.arithmetic.Sqrt.apply(self)

    def sin(self) -> Tensor:
        return ops.arithmetic.Sin.apply(self)

    def cos(self) -> Tensor:
        return ops.arithmetic.Cos.apply(self)

    def tanh(self) -> Tensor:
        return ops.arithmetic.Tanh.apply(self)

    def sigmoid(self) -> Tensor:
        return ops.arithmetic.Sigmoid.apply(self)

    def relu(self) -> Tensor:
        return ops.arithmetic.Relu.apply(self)

    def abs(self) -> Tensor:
        return ops.arithmetic.Abs.apply(self)

    def clamp(self, min: Any = None, max: Any = None) -> Tensor:
        if min is None and max is None:
            raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
        if _tensor_bounds(min, max):
            return ops.arithmetic.ClampTensor.apply(self, min, max)
        return ops.arithmetic.Clamp.apply(self, min=_number(min), max=_number(max))

    def sgn(self) -> Tensor:
        return ops.arithmetic.Sgn.apply(self)

    clip = clamp

    def where(self, condition: Any, other: Any) -> Tensor:
        return ops.arithmetic.Where.apply(self, _operand(other), condition=_mask(condition))

    def masked_fill(self, mask: Any, value: Any) -> Tensor:
        return ops.arithmetic.MaskedFill.apply(self, _operand(value), mask=_mask(mask))

    # -- comparisons (no gradient) ------------------------------------------------------------------

    def _compare(self, other: Any, ufunc: np.ufunc) -> Tensor:
        other = other._data if isinstance(other, Tensor) else other
        try:
            return Tensor._make(np.asarray(ufunc(self._data, other)))
        except ValueError:
            _raise_broadcast_error(self._data.shape, np.shape(other))

    def __eq__(self, other: Any) -> Tensor:  # type: ignore[override]
        return self._compare(other, np.equal)

    def __ne__(self, other: Any) -> Tensor:  # type: ignore[override]
        return self._compare(other, np.not_equal)

    def __lt__(self, other: Any) -> Tensor:
        return self._compare(other, np.less)

    def __le__(self, other: Any) -> Tensor:
        return self._compare(other, np.less_equal)

    def __gt__(self, other: Any) -> Tensor:
        return self._compare(other, np.greater)

    def __ge__(self, other: Any) -> Tensor:
        return self._compare(other, np.greater_equal)

    eq, ne, lt, le, gt, ge = __eq__, __ne__, __lt__, __le__, __gt__, __ge__

    def __and__(self, other: Any) -> Tensor:
        return self._compare(other, np.bitwise_and)

    def __or__(self, other: Any) -> Tensor:
        return self._compare(other, np.bitwise_or)

    def __xor__(self, other: Any) -> Tensor:
        return self._compare(other, np.bitwise_xor)

    def __invert__(self) -> Tensor:
        if self._data.dtype.kind == "f":
            raise TypeError("bitwise_not_cpu not implemented for 'Float'")
        return Tensor._make(np.invert(self._data))

    def equal(self, other: Tensor) -> bool:
        return self._data.shape == other._data.shape and builtins.bool(np.array_equal(self._data, other._data))

    def allclose(self, other: Tensor, rtol: float = 1e-05, atol: float = 1e-08) -> bool:
        return builtins.bool(np.allclose(self._data, _operand(other)._data, rtol=rtol, atol=atol))

    def all(self) -> Tensor:
        return Tensor._make(np.asarray(np.all(self._data)))

    def any(self) -> Tensor:
        return Tensor._make(np.asarray(np.any(self._data)))

    def argmax(self, dim: int | None = None, keepdim: bool = False) -> Tensor:
        if dim is None:
            return Tensor._make(np.asarray(np.argmax(self._data)))
        return Tensor._make(np.argmax(self._data, axis=self._dim_index(dim), keepdims=keepdim))

    def argmin(self, dim: int | None = None, keepdim: bool = False) -> Tensor:
        if dim is None:
            return Tensor._make(np.asarray(np.argmin(self._data)))
        return Tensor._make(np.argmin(self._data, axis=self._dim_index(dim), keepdims=keepdim))

    def sign(self) -> Tensor:
        return ops.arithmetic.Sign.apply(self)

    # -- reductions ------------------------------------------------------------------------------------

    def sum(self, dim: Any = None, keepdim: bool = False, *, dtype: Any = None, axis: Any = None) -> Tensor:
        dim = _dim_or_axis("sum", dim, axis)
        source = self if dtype is None else self.to(dtype)
        if dim is None:
            return ops.reductions.Sum.apply(source)
        return ops.reductions.SumDim.apply(source, dim=dim, keepdim=keepdim)

    def mean(self, dim: Any = None, keepdim: bool = False, *, dtype: Any = None, axis: Any = None) -> Tensor:
        dim = _dim_or_axis("mean", dim, axis)
        source = self if dtype is None else self.to(dtype)
        if dim is None:
            return ops.reductions.Mean.apply(source)
        return ops.reductions.MeanDim.apply(source, dim=dim, keepdim=keepdim)

    def max(self, dim: Any = None, keepdim: bool = False) -> Any:
        if isinstance(dim, Tensor):
            return self.maximum(dim)
        if dim is None:
            return ops.reductions.Max.apply(self)
        return _return_type("max", *ops.reductions.MaxDim.apply(self, dim=dim, keepdim=keepdim))

    def min(self, dim: Any = None, keepdim: bool = False) -> Any:
        if isinstance(dim, Tensor):
            return self.minimum(dim)
        if dim is None:
            return ops.reductions.Min.apply(self)
        return _return_type("min", *ops.reductions.MinDim.apply(self, dim=dim, keepdim=keepdim))

    def maximum(self, other: Tensor) -> Tensor:
        return ops.arithmetic.Maximum.apply(self, _operand(other))

    def minimum(self, other: Tensor) -> Tensor:
        return ops.arithmetic.Minimum.apply(self, _operand(other))

    def norm(self, p: Any = "fro", dim: Any = None, keepdim: bool = False) -> Tensor:
        p = 2 if p in ("fro", None) else p
        return ops.reductions.Norm.apply(self, p=p, dim=dim, keepdim=keepdim)

    def softmax(self, dim: int, dtype: Any = None) -> Tensor:
        return ops.reductions.Softmax.apply(self if dtype is None else self.to(dtype), dim=dim)

    def log_softmax(self, dim: int, dtype: Any = None) -> Tensor:
        return ops.reductions.LogSoftmax.apply(self if dtype is None else self.to(dtype), dim=dim)

    def sum_to_size(self, *size: Any) -> Tensor:
        """Sum broadcast dimensions away so the result has shape ``size`` (how gradients un-broadcast)."""
        shape = tuple(size[0]) if len(size) == 1 and not isinstance(size[0], numbers.Integral) else tuple(size)
        if self._data.shape == shape and shape:
            return self  # (PyTorch sums a 0-d tensor to size () into a new tensor, so that case falls through)
        if not shape:
            return self.sum()
        dims = broadcast_dims(shape, self._data.shape)
        if dims is None:
            raise RuntimeError(f"size {{{list(shape)}}} is not expandable to size {{{list(self._data.shape)}}}.")
        out = self.sum(dims, keepdim=True) if dims else self
        return out.reshape(shape) if out._data.shape != shape else out

    # -- linear algebra ------------------------------------------------------------------------------

    def dot(self, other: Tensor) -> Tensor:
        return ops.linalg.Dot.apply(self, other)

    def mv(self, vec: Tensor) -> Tensor:
        return ops.linalg.Mv.apply(self, vec)

    def mm(self, mat2: Tensor) -> Tensor:
        return ops.linalg.Mm.apply(self, mat2)

    def matmul(self, other: Tensor) -> Tensor:
        """``@`` with PyTorch's dispatch: dot, mv, mm, or a batched product."""
        a, b = self._data.ndim, other._data.ndim
        if a == 0 or b == 0:
            raise RuntimeError(f"both arguments to matmul need to be at least 1D, but they are {a}D and {b}D")
        if a == 1 and b == 1:
            return self.dot(other)
        if a == 2 and b == 1:
            return self.mv(other)
        if a == 1 and b == 2:
            if self._data.shape[0] != other._data.shape[0]:
                raise RuntimeError(
                    f"mat1 and mat2 shapes cannot be multiplied (1x{self._data.shape[0]} and "
                    f"{other._data.shape[0]}x{other._data.shape[1]})"
                )
            return ops.shape.SqueezeMatmul.apply(self.unsqueeze(0).mm(other), dim=0)
        if a == 2 and b == 2:
            return self.mm(other)
        if b <= 2:
            # fold the batch into rows, multiply, unfold: PyTorch's recipe and graph
            rows = self.reshape(-1, self._data.shape[-1])
            product = rows.mm(other) if b == 2 else rows.mv(other)
            shape = self._data.shape[:-1] + (other._data.shape[-1],) if b == 2 else self._data.shape[:-1]
            return ops.shape.UnsafeView.apply(product, shape=shape)
        # broadcast the batch dimensions, fold them into one for bmm, unfold the product
        left = self.unsqueeze(0) if a == 1 else self
        (n, k), (k2, m) = left._data.shape[-2:], other._data.shape[-2:]
        try:
            batch = np.broadcast_shapes(left._data.shape[:-2], other._data.shape[:-2])
        except ValueError:
            _raise_broadcast_error(left._data.shape[:-2], other._data.shape[:-2])
        product = ops.linalg.Bmm.apply(
            left.expand(batch + (n, k)).reshape(-1, n, k), other.expand(batch + (k2, m)).reshape(-1, k2, m)
        )
        # a vector on the left lost its row of one in the same reshape, as in PyTorch
        return ops.shape.UnsafeView.apply(product, shape=batch + ((m,) if a == 1 else (n, m)))

    # -- shape -------------------------------------------------------------------------------------

    def reshape(self, *shape: Any) -> Tensor:
        shape = _shape_args(shape)
        if self._data.flags.c_contiguous:
            return ops.shape.View.apply(self, shape=shape)
        if _reshapes_as_view(self._data, shape):
            return ops.shape.ReshapeAlias.apply(self, shape=shape)
        # no view can hold the new shape: PyTorch copies first and records an unsafe view of the copy
        return ops.shape.UnsafeView.apply(self.clone(), shape=shape)

    def view(self, *shape: Any) -> Tensor:
        if len(shape) == 1 and isinstance(shape[0], _dtype.dtype):
            raise NotImplementedError("view(dtype) is not supported")
        return ops.shape.View.apply(self, shape=_shape_args(shape), must_alias=True)

    def view_as(self, other: Tensor) -> Tensor:
        return self.view(other.shape)

    def reshape_as(self, other: Tensor) -> Tensor:
        return self.reshape(other.shape)

    def flatten(self, start_dim: int = 0, end_dim: int = -1) -> Tensor:
        if self._data.ndim == 0:
            return self.reshape(1)
        start, end = self._dim_index(start_dim), self._dim_index(end_dim)
        if start == end:
            return self  # nothing to merge: PyTorch returns the input itself
        shape = self._data.shape
        return self.reshape(shape[:start] + (-1,) + shape[end + 1 :])

    def transpose(self, dim0: int, dim1: int) -> Tensor:
        return ops.shape.Transpose.apply(self, dim0=dim0, dim1=dim1)

    def t(self) -> Tensor:
        if self._data.ndim > 2:
            raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is {self._data.ndim}D")
        return ops.shape.T.apply(self, dim0=0, dim1=-1)

    @property
    def T(self) -> Tensor:
        return self.permute(*reversed(range(self._data.ndim)))

    def permute(self, *dims: Any) -> Tensor:
        return ops.shape.Permute.apply(self, dims=_shape_args(dims))

    def unsqueeze(self, dim: int) -> Tensor:
        return ops.shape.Unsqueeze.apply(self, dim=dim)

    def squeeze(self, dim: int | Sequence[int] | None = None) -> Tensor:
        if dim is None:
            return ops.shape.Squeeze.apply(self)
        if isinstance(dim, (tuple, list)):
            return ops.shape.SqueezeDims.apply(self, dim=tuple(dim))
        return ops.shape.SqueezeDim.apply(self, dim=dim)

    def expand(self, *sizes: Any) -> Tensor:
        return ops.shape.Expand.apply(self, shape=_shape_args(sizes))

    def expand_as(self, other: Tensor) -> Tensor:
        return self.expand(other.shape)

    def narrow(self, dim: int, start: int, length: int) -> Tensor:
        if not self._data.ndim:
            raise RuntimeError("narrow() cannot be applied to a 0-dim tensor.")
        size = self._data.shape[self._dim_index(dim)]
        if start + length > size:
            raise RuntimeError(f"start ({start}) + length ({length}) exceeds dimension size ({size}).")
        return ops.indexing.Slice.apply(self, dim=dim, start=start, stop=start + length)

    def select(self, dim: int, index: int) -> Tensor:
        return ops.indexing.Select.apply(self, dim=dim, index=index)

    # -- indexing --------------------------------------------------------------------------------------

    def __getitem__(self, key: Any) -> Tensor:
        key = key if isinstance(key, tuple) else (key,)
        if builtins.any(_is_advanced(k) for k in key):
            return ops.indexing.Index.apply(self, key=tuple(_index_array(k) for k in key))
        # basic indexing becomes a chain of select/slice/unsqueeze steps, as PyTorch records it
        n_indexed = builtins.sum(1 for k in key if k is not None and k is not Ellipsis)
        if not self._data.ndim and builtins.any(isinstance(k, slice) for k in key):
            raise IndexError("slice() cannot be applied to a 0-dim tensor.")
        if n_indexed > self._data.ndim:
            raise IndexError(
                f"too many indices for tensor of dimension {self._data.ndim}"
            )
        out, dim = self, 0
        for k in key:
            if k is Ellipsis:
                dim += self._data.ndim - n_indexed
            elif k is None:
                out = out.unsqueeze(dim)
                dim += 1
            elif isinstance(k, slice):
                if k != slice(None):
                    start, stop, step = k.start, k.stop, k.step
                    out = ops.indexing.Slice.apply(out, dim=dim, start=start, stop=stop, step=step or 1)
                dim += 1
            else:
                out = out.select(dim, builtins.int(k))
        if out is self:
            if builtins.any(isinstance(k, slice) for k in key):
                return ops.indexing.Slice.apply(self, dim=0, start=None, stop=None)
            return ops.shape.Alias.apply(self)
        return out

    def __setitem__(self, key: Any, value: Any) -> None:
        advanced = builtins.any(_is_advanced(k) for k in (key if isinstance(key, tuple) else (key,)))
        # basic indexing writes through a view (x[0].copy_(value)); advanced indexing is one index_put_
        target = None if advanced else self[key]
        key = tuple(_index_array(k) for k in key) if isinstance(key, tuple) else _index_array(key)
        value = _operand(value)
        ndim = target._data.ndim if target is not None else self._data[key].ndim
        if isinstance(value, Tensor) and value._data.ndim > ndim:
            # like PyTorch, drop the value's leading dimensions of size one (x[0] = ones(1, 3) on a 2x3 x)
            extra = value._data.ndim - ndim
            if builtins.all(s == 1 for s in value._data.shape[:extra]):
                value = value.view(value._data.shape[extra:])
        if target is None:
            self._inplace(ops.indexing.IndexPut, value, key=key)
        else:
            target.copy_(value)

    # -- in-place --------------------------------------------------------------------------------------

    def _inplace(self, op: Any, *others: Any, **params: Any) -> Tensor:
        """Apply ``op`` and write the result into this tensor's memory, as ``x.add_(y)`` does.

        The write, the version bump and the new history (``CopySlices`` for a view) are in ``autograd.views``.
        """
        tracked = _State.enabled and (self._requires_grad or builtins.any(
            isinstance(o, Tensor) and o._requires_grad for o in others))  # fmt: skip
        views.check_inplace(self, tracked, others, fills=op in (ops.indexing.Fill, ops.indexing.Zero))
        if tracked:
            ops.shape.refuse_inplace_on_multi_output_view(self)  # newops
            # the node must see the old values, which the write below overwrites
            before = Tensor._make(self._data.copy(), self.grad_fn, self._output_nr)
            before._requires_grad = self._requires_grad
            result = op.apply(before, *others, **params)
        else:
            with no_grad():
                result = op.apply(self, *others, **params)
        if not np.can_cast(result._data.dtype, self._data.dtype, casting="same_kind"):
            raise RuntimeError(
                f"result type {_TYPE_NAMES[result.dtype.name]} can't be cast to the desired output type "
                f"{_TYPE_NAMES[self.dtype.name]}"
            )
        views.write(self, result._data, result if tracked else None)
        return self

    def add_(self, other: Any, *, alpha: Any = 1) -> Tensor:
        return self._inplace(ops.arithmetic.Add, _operand(other), alpha=alpha)

    def sub_(self, other: Any, *, alpha: Any = 1) -> Tensor:
        return self._inplace(ops.arithmetic.Sub, _operand(other), alpha=alpha)

    def mul_(self, other: Any) -> Tensor:
        return self._inplace(ops.arithmetic.Mul, _operand(other))

    def div_(self, other: Any) -> Tensor:
        return self._inplace(ops.arithmetic.Div, _operand(other))

    def clamp_(self, min: Any = None, max: Any = None) -> Tensor:
        if _tensor_bounds(min, max):
            return self._inplace(ops.arithmetic.ClampTensor, min, max)
        return self._inplace(ops.arithmetic.Clamp, min=_number(min), max=_number(max))

    def fill_(self, value: Any) -> Tensor:
        return self._inplace(ops.indexing.Fill, value=value.item() if isinstance(value, Tensor) else value)

    def zero_(self) -> Tensor:
        return self._inplace(ops.indexing.Zero, value=0)

    def copy_(self, src: Tensor) -> Tensor:
        return self._inplace(ops.indexing.Copy, _operand(src))

    # -- random fills (PyTorch's generator, see _random.py) ------------------------------------------------------

    def normal_(self, mean: float = 0.0, std: float = 1.0, *, generator: Any = None) -> Tensor:
        return _creation._fill_random(self, "normal", generator, mean=mean, std=std)

    def uniform_(self, from_: float = 0.0, to: float = 1.0, *, generator: Any = None) -> Tensor:
        return _creation._fill_random(self, "uniform", generator, low=from_, high=to)

    def bernoulli_(self, p: float = 0.5, *, generator: Any = None) -> Tensor:
        return _creation._fill_random(self, "bernoulli", generator, p=p)

    def bernoulli(self, p: float | None = None, *, generator: Any = None) -> Tensor:
        return _creation.bernoulli(self, p, generator=generator)

    __iadd__ = add_
    __isub__ = sub_
    __imul__ = mul_
    __itruediv__ = div_

    # == newops: more of PyTorch's Tensor methods (ops in the newops blocks of autograd_nb/ops) ==

    def floor_divide(self, other: Any) -> Tensor:
        """``self // other``, rounded toward minus infinity. PyTorch defines no gradient for it.

        >>> tensor([7.0, -7.0]) // 2
        tensor([ 3., -4.])
        """
        return ops.arithmetic.FloorDivide.apply(self, _operand(other))

    def __rfloordiv__(self, other: Any) -> Tensor:
        return ops.arithmetic.FloorDivide.apply(_operand(other), self)

    def remainder(self, other: Any) -> Tensor:
        """``self % other`` with the sign of ``other``, as Python's ``%``.

        >>> tensor([7.0, -7.0]) % 3
        tensor([1., 2.])
        """
        other = _operand(other)
        if isinstance(other, Tensor):
            return ops.arithmetic.Remainder.apply(self, other)
        return ops.arithmetic.RemainderScalar.apply(self, other)

    def __rmod__(self, other: Any) -> Tensor:
        return ops.arithmetic.RRemainder.apply(self, _operand(other))

    __floordiv__ = floor_divide
    __mod__ = remainder

    def isnan(self) -> Tensor:
        return Tensor._make(np.isnan(self._data))

    def isinf(self) -> Tensor:
        return Tensor._make(np.isinf(self._data))

    def isfinite(self) -> Tensor:
        return Tensor._make(np.isfinite(self._data))

    def nan_to_num(self, nan: float = 0.0, posinf: float | None = None, neginf: float | None = None) -> Tensor:
        """nan, +inf and -inf replaced (by 0 and the dtype's largest and smallest finite values by default).

        >>> tensor([float("nan"), float("inf"), 1.0]).nan_to_num(posinf=9.0)
        tensor([0., 9., 1.])
        """
        return ops.arithmetic.NanToNum.apply(self, nan=nan, posinf=posinf, neginf=neginf)

    def square(self) -> Tensor:
        return self.pow(2)

    def log1p(self) -> Tensor:
        return ops.arithmetic.Log1p.apply(self)

    def expm1(self) -> Tensor:
        return ops.arithmetic.Expm1.apply(self)

    def log2(self) -> Tensor:
        return ops.arithmetic.Log2.apply(self)

    def exp2(self) -> Tensor:
        return ops.arithmetic.Exp2.apply(self)

    def rsqrt(self) -> Tensor:
        return ops.arithmetic.Rsqrt.apply(self)

    def tan(self) -> Tensor:
        return ops.arithmetic.Tan.apply(self)

    def atan(self) -> Tensor:
        return ops.arithmetic.Atan.apply(self)

    def sinh(self) -> Tensor:
        return ops.arithmetic.Sinh.apply(self)

    def cosh(self) -> Tensor:
        return ops.arithmetic.Cosh.apply(self)

    def asin(self) -> Tensor:
        return ops.arithmetic.Asin.apply(self)

    def acos(self) -> Tensor:
        return ops.arithmetic.Acos.apply(self)

    arctan, arcsin, arccos = atan, asin, acos

    def addcmul(self, tensor1: Tensor, tensor2: Tensor, *, value: Any = 1) -> Tensor:
        """``self + value * tensor1 * tensor2``.

        >>> ones(2).addcmul(tensor([1.0, 2.0]), tensor([3.0, 4.0]), value=0.5)
        tensor([2.5000, 5.0000])
        """
        return ops.arithmetic.Addcmul.apply(self, _operand(tensor1), _operand(tensor2), value=value)

    def lerp(self, end: Tensor, weight: Any) -> Tensor:
        """``self + weight * (end - self)``: a straight line from ``self`` (weight 0) to ``end`` (weight 1).

        >>> tensor([0.0, 10.0]).lerp(tensor([10.0, 20.0]), 0.25)
        tensor([ 2.5000, 12.5000])
        """
        if isinstance(weight, Tensor):
            return ops.arithmetic.LerpTensor.apply(self, _operand(end), weight)
        return ops.arithmetic.Lerp.apply(self, _operand(end), weight=weight)

    def clamp_min(self, min: Any) -> Tensor:
        bound = _operand(min)
        op = ops.arithmetic.ClampMinTensor if isinstance(bound, Tensor) else ops.arithmetic.ClampMin
        return op.apply(self, bound)

    def clamp_max(self, max: Any) -> Tensor:
        bound = _operand(max)
        op = ops.arithmetic.ClampMaxTensor if isinstance(bound, Tensor) else ops.arithmetic.ClampMax
        return op.apply(self, bound)

    def logsumexp(self, dim: Any, keepdim: bool = False) -> Tensor:
        """``log(sum(exp(self), dim))``, computed without overflow.

        >>> tensor([1000.0, 1000.0]).logsumexp(0)
        tensor(1000.6932)
        """
        return ops.reductions.Logsumexp.apply(self, dim=dim, keepdim=keepdim)

    def prod(self, dim: int | None = None, keepdim: bool = False, *, dtype: Any = None) -> Tensor:
        dtype = None if dtype is None else _dtype_of(dtype)
        if dim is None:
            return ops.reductions.Prod.apply(self, dtype=dtype)
        return ops.reductions.ProdDim.apply(self, dim=dim, keepdim=keepdim, dtype=dtype)

    def cumsum(self, dim: int, *, dtype: Any = None) -> Tensor:
        """Running sums along ``dim``: ``out[i] = self[0] + … + self[i]``.

        >>> tensor([1.0, 2.0, 3.0]).cumsum(0)
        tensor([1., 3., 6.])
        """
        return ops.reductions.Cumsum.apply(self, dim=dim, dtype=None if dtype is None else _dtype_of(dtype))

    def amax(self, dim: Any = (), keepdim: bool = False) -> Tensor:
        return ops.reductions.Amax.apply(self, dim=dim, keepdim=keepdim)

    def amin(self, dim: Any = (), keepdim: bool = False) -> Tensor:
        return ops.reductions.Amin.apply(self, dim=dim, keepdim=keepdim)

    def var(self, dim: Any = None, unbiased: Any = None, keepdim: bool = False, *, correction: Any = None) -> Tensor:
        """The variance over ``dim`` (all elements by default), dividing by ``N - 1`` unless told otherwise.

        >>> x = tensor([1.0, 2.0, 3.0, 4.0])
        >>> x.var(), x.var(unbiased=False), x.var(correction=0)
        (tensor(1.6667), tensor(1.2500), tensor(1.2500))
        """
        return ops.reductions.Var.apply(self, **_variance_args(dim, unbiased, keepdim, correction))

    def std(self, dim: Any = None, unbiased: Any = None, keepdim: bool = False, *, correction: Any = None) -> Tensor:
        """The standard deviation over ``dim``: ``sqrt(var)``."""
        return ops.reductions.Std.apply(self, **_variance_args(dim, unbiased, keepdim, correction))

    def outer(self, vec2: Tensor) -> Tensor:
        """``self[i] * vec2[j]``, recorded as PyTorch does: a column view times the row.

        >>> tensor([1.0, 2.0]).outer(tensor([1.0, 10.0, 100.0]))
        tensor([[  1.,  10., 100.],
                [  2.,  20., 200.]])
        """
        for word, t in (("self", self), ("vec2", vec2)):
            if t.ndim != 1:
                raise RuntimeError(f"outer: Expected 1-D argument {word}, but got {t.ndim}-D")
        return self.reshape(-1, 1) * vec2

    def flip(self, *dims: Any) -> Tensor:
        return ops.shape.Flip.apply(self, dims=_shape_args(dims))

    def repeat(self, *sizes: Any) -> Tensor:
        """Tile the tensor ``sizes[d]`` times along each dimension."""
        return ops.shape.Repeat.apply(self, repeats=_shape_args(sizes))

    def tile(self, *dims: Any) -> Tensor:
        dims = _shape_args(dims)
        return self.repeat((1,) * (self._data.ndim - len(dims)) + dims)

    def split(self, split_size_or_sections: Any, dim: int = 0) -> tuple[Tensor, ...]:
        """Consecutive pieces along ``dim``: each of one size (the last may be shorter), or of the sizes given.

        >>> arange(5.0).split(2)
        (tensor([0., 1.]), tensor([2., 3.]), tensor([4.]))
        >>> arange(5.0).split([1, 4])
        (tensor([0.]), tensor([1., 2., 3., 4.]))
        """
        size = self.shape[dim] if self._data.ndim else 0
        if isinstance(split_size_or_sections, numbers.Integral):
            step = builtins.int(split_size_or_sections)
            if step == 0 and size:
                raise RuntimeError(
                    f"split_size can only be 0 if dimension size is 0, but got dimension size of {size}"
                )
            sizes = [step] * (size // step) + ([size % step] if size % step else []) if step else []
            return ops.shape.Split.apply(self, sizes=sizes or [size], dim=dim)
        sizes = [builtins.int(s) for s in split_size_or_sections]
        if builtins.sum(sizes) != size:
            raise RuntimeError(
                f"split_with_sizes expects split_sizes to sum exactly to {size} (input tensor's size at dimension "
                f"{self._dim_index(dim)}), but got split_sizes={sizes}"
            )
        return ops.shape.SplitWithSizes.apply(self, sizes=sizes, dim=dim)

    def chunk(self, chunks: int, dim: int = 0) -> tuple[Tensor, ...]:
        """At most ``chunks`` pieces of equal size along ``dim`` (the last may be smaller).

        >>> arange(5.0).chunk(2)
        (tensor([0., 1., 2.]), tensor([3., 4.]))
        """
        if chunks <= 0:
            raise RuntimeError(f"chunk expects `chunks` to be greater than 0, got: {chunks}")
        size = self.shape[dim]
        if size == 0:
            return ops.shape.SplitWithSizes.apply(self, sizes=[0] * chunks, dim=dim)
        return self.split(-(-size // chunks), dim)

    def unbind(self, dim: int = 0) -> tuple[Tensor, ...]:
        """Every index along ``dim`` as its own tensor: ``x.unbind(0)`` is ``(x[0], x[1], …)``.

        >>> tensor([[1.0, 2.0], [3.0, 4.0]]).unbind(1)
        (tensor([1., 3.]), tensor([2., 4.]))
        """
        return ops.shape.Unbind.apply(self, dim=dim)

    @property
    def mT(self) -> Tensor:
        """The last two dimensions swapped (a batch of matrices, transposed)."""
        if self._data.ndim == 0:
            warnings.warn("Tensor.mT is deprecated on 0-D tensors. This function is the identity in these cases.",
                          UserWarning, stacklevel=2)  # fmt: skip
            return self
        if self._data.ndim < 2:
            raise RuntimeError(
                f"tensor.mT is only supported on matrices or batches of matrices. Got {self._data.ndim}-D tensor."
            )
        return self.transpose(-2, -1)

    def swapaxes(self, axis0: int, axis1: int) -> Tensor:
        return self.transpose(axis0, axis1)

    def swapdims(self, dim0: int, dim1: int) -> Tensor:
        return self.transpose(dim0, dim1)

    def movedim(self, source: Any, destination: Any) -> Tensor:
        """Move dimensions ``source`` to positions ``destination``; the others keep their order.

        >>> zeros(2, 3, 4).movedim(0, -1).shape
        torch.Size([3, 4, 2])
        """
        source = [source] if isinstance(source, numbers.Integral) else list(source)
        destination = [destination] if isinstance(destination, numbers.Integral) else list(destination)
        if len(source) != len(destination):
            raise RuntimeError(
                f"movedim: Invalid source or destination dims: source ({source} dims) should contain the same "
                f"number of dims as destination ({destination} dims)"
            )
        source = [self._dim_index(d) for d in source]
        destination = [self._dim_index(d) for d in destination]
        order = [d for d in range(self._data.ndim) if d not in source]
        for dest, src in sorted(zip(destination, source)):
            order.insert(dest, src)
        return self.permute(order)

    moveaxis = movedim

    def tril(self, diagonal: int = 0) -> Tensor:
        return ops.shape.Tril.apply(self, diagonal=diagonal)

    def triu(self, diagonal: int = 0) -> Tensor:
        return ops.shape.Triu.apply(self, diagonal=diagonal)

    def diagonal(self, offset: int = 0, dim1: int = 0, dim2: int = 1) -> Tensor:
        return ops.shape.Diagonal.apply(self, offset=offset, dim1=dim1, dim2=dim2)

    def index_select(self, dim: int, index: Tensor) -> Tensor:
        return ops.indexing.IndexSelect.apply(self, dim=dim, index=_index_tensor(index))

    def gather(self, dim: int, index: Tensor, *, sparse_grad: builtins.bool = False) -> Tensor:
        """``out[i][j] = self[index[i][j]][j]`` for ``dim=0`` (and likewise along other dimensions).

        >>> tensor([[1.0, 2.0], [3.0, 4.0]]).gather(1, tensor([[1, 1], [0, 1]]))
        tensor([[2., 2.],
                [3., 4.]])
        """
        return ops.indexing.Gather.apply(self, dim=dim, index=_index_tensor(index))

    def scatter_add(self, dim: int, index: Tensor, src: Tensor) -> Tensor:
        """A copy of ``self`` with ``src[i][j]`` added at row ``index[i][j]`` for ``dim=0`` (repeats add up).

        >>> zeros(3).scatter_add(0, tensor([0, 2, 0]), tensor([1.0, 2.0, 3.0]))
        tensor([4., 0., 2.])
        """
        return ops.indexing.ScatterAdd.apply(self, _operand(src), dim=dim, index=_index_tensor(index))

    def masked_select(self, mask: Tensor) -> Tensor:
        return ops.indexing.MaskedSelect.apply(self, mask=_mask(mask))

    # in-place forms: the same op, its result written into this tensor

    def square_(self) -> Tensor:
        return self._inplace(ops.arithmetic.PowScalar, 2)

    def pow_(self, exponent: Any) -> Tensor:
        if isinstance(exponent, Tensor):
            return self._inplace(ops.arithmetic.Pow, exponent)
        return self._inplace(ops.arithmetic.PowScalar, exponent)

    def clamp_min_(self, min: Any) -> Tensor:
        bound = _operand(min)
        return self._inplace(ops.arithmetic.ClampMinTensor if isinstance(bound, Tensor) else ops.arithmetic.ClampMin,
                             bound)  # fmt: skip

    def clamp_max_(self, max: Any) -> Tensor:
        bound = _operand(max)
        return self._inplace(ops.arithmetic.ClampMaxTensor if isinstance(bound, Tensor) else ops.arithmetic.ClampMax,
                             bound)  # fmt: skip

    def floor_divide_(self, other: Any) -> Tensor:
        return self._inplace(ops.arithmetic.FloorDivide, _operand(other))

    def remainder_(self, other: Any) -> Tensor:
        other = _operand(other)
        op = ops.arithmetic.Remainder if isinstance(other, Tensor) else ops.arithmetic.RemainderScalar
        return self._inplace(op, other)

    __ifloordiv__ = floor_divide_
    __imod__ = remainder_

    def nan_to_num_(self, nan: float = 0.0, posinf: float | None = None, neginf: float | None = None) -> Tensor:
        return self._inplace(ops.arithmetic.NanToNum, nan=nan, posinf=posinf, neginf=neginf)

    def addcmul_(self, tensor1: Tensor, tensor2: Tensor, *, value: Any = 1) -> Tensor:
        return self._inplace(ops.arithmetic.Addcmul, _operand(tensor1), _operand(tensor2), value=value)

    def lerp_(self, end: Tensor, weight: Any) -> Tensor:
        if isinstance(weight, Tensor):
            return self._inplace(ops.arithmetic.LerpTensor, _operand(end), weight)
        return self._inplace(ops.arithmetic.Lerp, _operand(end), weight=weight)

    def cumsum_(self, dim: int) -> Tensor:
        return self._inplace(ops.reductions.Cumsum, dim=dim)

    def tril_(self, diagonal: int = 0) -> Tensor:
        return self._inplace(ops.shape.Tril, diagonal=diagonal)

    def triu_(self, diagonal: int = 0) -> Tensor:
        return self._inplace(ops.shape.Triu, diagonal=diagonal)

    def scatter_add_(self, dim: int, index: Tensor, src: Tensor) -> Tensor:
        return self._inplace(ops.indexing.ScatterAdd, _operand(src), dim=dim, index=_index_tensor(index))

    def masked_fill_(self, mask: Any, value: Any) -> Tensor:
        return self._inplace(ops.arithmetic.MaskedFill, _operand(value), mask=_mask(mask))

    # == end newops ==


# == newops: helpers of the newops methods, and the unary in-place forms (x.exp_() is x.exp() written into x) ==


def _variance_args(dim: Any, unbiased: Any, keepdim: builtins.bool, correction: Any) -> dict:
    """PyTorch's var/std overloads: ``var(unbiased)``, ``var(dim, unbiased, keepdim)``, ``var(dim, correction=)``."""
    if isinstance(dim, builtins.bool):  # x.var(False): the first argument was ``unbiased``
        dim, unbiased = None, dim
    if correction is None:
        correction = 0 if unbiased is False else 1
    return {"dim": dim, "correction": correction, "keepdim": keepdim}


def _dtype_of(d: Any) -> np.dtype:
    return d.np if isinstance(d, _dtype.dtype) else np.dtype(d)


def _index_tensor(index: Any) -> np.ndarray:
    return index._data if isinstance(index, Tensor) else np.asarray(index)


def _unary_inplace(op_name: str, method: str) -> Callable:
    def inplace(self: Tensor) -> Tensor:
        return self._inplace(getattr(ops.arithmetic, op_name))

    inplace.__name__ = inplace.__qualname__ = method
    inplace.__doc__ = f"In place: ``x.{method}()`` writes ``x.{method[:-1]}()`` into ``x``."
    return inplace


_UNARY_INPLACE = {"exp_": "Exp", "log_": "Log", "sqrt_": "Sqrt", "sin_": "Sin", "cos_": "Cos", "tanh_": "Tanh",
                  "sigmoid_": "Sigmoid", "relu_": "Relu", "abs_": "Abs", "neg_": "Neg", "reciprocal_": "Reciprocal",
                  "log1p_": "Log1p", "expm1_": "Expm1", "log2_": "Log2", "exp2_": "Exp2", "rsqrt_": "Rsqrt",
                  "tan_": "Tan", "atan_": "Atan", "sinh_": "Sinh", "cosh_": "Cosh", "asin_": "Asin",
                  "acos_": "Acos"}  # fmt: skip
for _method, _op in _UNARY_INPLACE.items():
    setattr(Tensor, _method, _unary_inplace(_op, _method))

# == end newops ==


_KEPT_AS_IS = frozenset({Tensor, builtins.float, builtins.int, builtins.bool})


def _operand(value: Any) -> Any:
    """Python numbers stay numbers (weakly typed, as in PyTorch); arrays and lists become tensors."""
    if type(value) in _KEPT_AS_IS:  # the usual operands, recognised without walking isinstance's tuple
        return value
    if isinstance(value, (Tensor, builtins.bool, builtins.int, builtins.float)):
        return value
    if isinstance(value, numbers.Number):
        return value.item() if isinstance(value, np.generic) else value
    if isinstance(value, np.ndarray):
        return Tensor._make(value)
    from ._creation import tensor

    return tensor(value)


def _mask(condition: Any) -> np.ndarray:
    return condition._data if isinstance(condition, Tensor) else np.asarray(condition)


def _tensor_bounds(low: Any, high: Any) -> builtins.bool:
    """Which ``clamp`` PyTorch picks: tensor bounds (``ClampBackward0``) unless a bound is a Python number.

    Beside a number, a 0-d tensor bound is read as a number too (``ClampBackward1``), as PyTorch's parser does.
    """
    bounds = [b for b in (low, high) if b is not None]
    return builtins.all(isinstance(b, Tensor) for b in bounds) and builtins.any(isinstance(b, Tensor) for b in bounds)


def _number(bound: Any) -> Any:
    return bound.item() if isinstance(bound, Tensor) else bound


def _dim_or_axis(name: str, dim: Any, axis: Any) -> Any:
    """PyTorch accepts numpy's ``axis=`` as another name for ``dim=``."""
    if axis is not None and dim is not None:
        raise TypeError(f"{name}() got an unexpected keyword argument 'axis'")
    return dim if axis is None else axis


def _shape_args(args: tuple) -> tuple:
    if len(args) == 1 and not isinstance(args[0], (numbers.Integral, Tensor)):
        return tuple(builtins.int(s) for s in args[0])
    return tuple(builtins.int(s) for s in args)


def _reshapes_as_view(array: np.ndarray, shape: tuple) -> builtins.bool:
    try:
        return np.may_share_memory(array.reshape(shape), array)
    except ValueError:
        return True  # an impossible shape: let View raise PyTorch's error


def _is_advanced(key: Any) -> builtins.bool:
    return isinstance(key, (list, np.ndarray, Tensor)) or (isinstance(key, builtins.bool))


def _index_array(key: Any) -> Any:
    if isinstance(key, Tensor):
        return key._data
    if isinstance(key, list):
        return np.asarray(key)
    return key


def broadcast_dims(shape: tuple, expanded: tuple) -> tuple[int, ...] | None:
    """The dimensions of ``expanded`` that broadcasting ``shape`` added or stretched (None if it could not).

    Summing a gradient over them (keeping dims) gives back ``shape``: how gradients un-broadcast.
    """
    lead = len(expanded) - len(shape)
    if lead < 0 or any(s != 1 and s != expanded[lead + i] for i, s in enumerate(shape)):
        return None
    return tuple(range(lead)) + tuple(lead + i for i, s in enumerate(shape) if s == 1 and expanded[lead + i] != 1)


def _raise_broadcast_error(shape_a: tuple, shape_b: tuple) -> None:
    ndim = builtins.max(len(shape_a), len(shape_b))
    a = (1,) * (ndim - len(shape_a)) + tuple(shape_a)
    b = (1,) * (ndim - len(shape_b)) + tuple(shape_b)
    for d in reversed(range(ndim)):
        if a[d] != b[d] and a[d] != 1 and b[d] != 1:
            raise RuntimeError(
                f"The size of tensor a ({a[d]}) must match the size of tensor b ({b[d]}) at non-singleton "
                f"dimension {d}"
            )
    raise RuntimeError(f"shapes {list(shape_a)} and {list(shape_b)} cannot be broadcast together")


class _ReturnType(tuple):
    """``torch.return_types.max(values=..., indices=...)``."""

    _name = ""

    @property
    def values(self) -> Tensor:
        return self[0]

    @property
    def indices(self) -> Tensor:
        return self[1]

    def __repr__(self) -> str:
        return f"torch.return_types.{self._name}(\nvalues={self[0]!r},\nindices={self[1]!r})"


def _return_type(name: str, values: Tensor, indices: Tensor) -> _ReturnType:
    result = _ReturnType((values, indices))
    result._name = name
    return result


_CATEGORY = {"b": 0, "u": 1, "i": 1, "f": 2}
_DEFAULT_FOR_CATEGORY = {0: np.dtype(np.bool_), 1: np.dtype(np.int64), 2: np.dtype(np.float32)}


def _promote_types(dtypes: list[np.dtype]) -> np.dtype:
    # numpy widens int64 + float32 to float64; PyTorch keeps the float type of the higher kind
    top = max(_CATEGORY[d.kind] for d in dtypes)
    return np.result_type(*(d for d in dtypes if _CATEGORY[d.kind] == top))


def result_type(*operands: Any) -> np.dtype:
    """The dtype PyTorch gives an operation on ``operands``.

    Tensors with dimensions outrank 0-d tensors, which outrank Python numbers; a lower-ranked operand
    only matters when its kind (bool < integer < float) is higher than everything ranked above it.
    """
    groups: list[list[np.dtype]] = [[], [], []]
    for x in operands:
        if isinstance(x, Tensor):
            groups[0 if x._data.ndim else 1].append(x._data.dtype)
        elif isinstance(x, builtins.bool):
            groups[2].append(_DEFAULT_FOR_CATEGORY[0])
        elif isinstance(x, numbers.Integral):
            groups[2].append(_DEFAULT_FOR_CATEGORY[1])
        elif isinstance(x, numbers.Real):
            groups[2].append(_DEFAULT_FOR_CATEGORY[2])
    result = None
    for group in groups:
        if not group:
            continue
        promoted = _promote_types(group)
        if result is None:
            result = promoted
        elif _CATEGORY[promoted.kind] > _CATEGORY[result.kind]:
            result = _DEFAULT_FOR_CATEGORY[_CATEGORY[promoted.kind]] if group is groups[2] else promoted
    return result if result is not None else np.dtype(np.float32)


from . import _creation, ops  # noqa: E402  (ops need Tensor defined first)
from .autograd import views  # noqa: E402  (engine-core branch only: tensor-split moves its users out of _tensor.py)
