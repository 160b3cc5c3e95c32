"""Tensor's operators and math methods, each a short call to one op in ``autograd_nb/ops`` or to the engine.

How they reach Tensor: the ``@tensor_method`` decorator sets the function on the class under its own name,
so ``def exp(self)`` below is ``Tensor.exp``; other names for the same methods are listed at the end. The
functions here take the names of Python builtins (``sum``, ``max``, ``int``, ``float``, ``type``, …), so
Python's own are written ``builtins.sum`` in this file (docstring examples too: ``float("nan")`` would fail).
"""

from __future__ import annotations

import builtins
import numbers
import warnings
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import numpy as np

from . import _creation, _dtype, autograd, ops
from ._creation import _shape_args
from ._dtype import TYPE_NAMES
from ._shapes import broadcast_dims, raise_broadcast_error
from ._tensor import Tensor
from .autograd import views
from .autograd.function import _arrays_of
from .autograd.grad_mode import _State, no_grad

F = TypeVar("F", bound=Callable)


def tensor_method(function: F) -> F:
    """Make ``function`` the Tensor method of the same name: after ``@tensor_method def exp(self)``, ``x.exp()``."""
    function.__qualname__ = f"Tensor.{function.__name__}"  # as tracebacks and help() name a method
    setattr(Tensor, function.__name__, function)
    return function


def tensor_property(function: F) -> F:
    """Make ``function`` a read-only Tensor property of the same name: ``x.T`` calls ``T(x)``."""
    setattr(Tensor, function.__name__, property(function))
    return function


_KEPT_AS_IS = frozenset({Tensor, builtins.float, builtins.int, builtins.bool})


def _operand(value: Any) -> Any:
    """``value`` as the ops take it: Python numbers stay numbers (weakly typed, as in PyTorch), the rest tensors."""
    if value.__class__ in _KEPT_AS_IS:  # the usual operands, recognised without walking isinstance's tuple
        return value
    if isinstance(value, (Tensor, builtins.bool, builtins.int, builtins.float)):
        return value
    if isinstance(value, numbers.Number):
        return value.item() if isinstance(value, np.generic) else value
    if isinstance(value, np.ndarray):
        return Tensor._make(value)
    return _creation.tensor(value)


def _subtrahend(self: Tensor, other: Any) -> Any:
    """``other`` as ``_operand`` gives it, for a subtraction with ``self``; PyTorch refuses bools there."""
    other = _operand(other)
    bools = (self._data.dtype.kind == "b") + (other.__class__ is builtins.bool or (
        isinstance(other, Tensor) and other._data.dtype.kind == "b"))  # fmt: skip
    if bools == 2:
        raise RuntimeError("Subtraction, the `-` operator, with two bool tensors is not supported. "
                           "Use the `^` or `logical_xor()` operator instead.")
    if bools:
        raise RuntimeError("Subtraction, the `-` operator, with a bool tensor is not supported. "
                           "If you are trying to invert a mask, use the `~` or `logical_not()` operator instead.")
    return other


class _NoRounding:
    """The default of ``div``'s ``rounding_mode``: PyTorch tells an omitted one from an explicit None."""


_NO_ROUNDING = _NoRounding()


# -- conversion ----------------------------------------------------------------------------------------------


@tensor_method
def type(self, dtype: Any = None) -> str | Tensor:
    if dtype is None:
        return f"torch.{TYPE_NAMES[self.dtype.name]}Tensor"
    return self.to(dtype)


@tensor_method
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
    return ops.shape.ToCopy.apply(self, dtype=np_dtype)


@tensor_method
def float(self) -> Tensor:
    return self.to(_dtype.float32)


@tensor_method
def double(self) -> Tensor:
    return self.to(_dtype.float64)


@tensor_method
def half(self) -> Tensor:
    return self.to(_dtype.float16)


@tensor_method
def long(self) -> Tensor:
    return self.to(_dtype.int64)


@tensor_method
def int(self) -> Tensor:
    return self.to(_dtype.int32)


@tensor_method
def bool(self) -> Tensor:
    return self.to(_dtype.bool)


@tensor_method
def cpu(self) -> Tensor:
    return self


@tensor_method
def clone(self) -> Tensor:
    return ops.shape.Clone.apply(self)


@tensor_method
def contiguous(self) -> Tensor:
    return self if self._data.flags.c_contiguous else self.clone()


# -- autograd ------------------------------------------------------------------------------------------------


@tensor_method
def backward(self, gradient: Tensor | None = None, retain_graph: builtins.bool | None = None,
             create_graph: builtins.bool = False, inputs: Sequence[Tensor] | None = None) -> None:  # fmt: skip
    """Compute the gradient of this tensor with respect to the leaves, adding it into their ``.grad``.

    For a non-scalar tensor pass ``gradient`` (the vector v of the vector-Jacobian product vᵀJ).
    """
    autograd.backward(self, gradient, retain_graph, create_graph, inputs=inputs)


# -- arithmetic operators: x + y, 2 * x, x ** 2, … -----------------------------------------------------------


@tensor_method
def __add__(self, other: Any) -> Tensor:
    return ops.arithmetic.Add.apply(self, _operand(other))


@tensor_method
def __radd__(self, other: Any) -> Tensor:
    return ops.arithmetic.Add.apply(self, _operand(other))


@tensor_method
def __sub__(self, other: Any) -> Tensor:
    return ops.arithmetic.Sub.apply(self, _subtrahend(self, other))


@tensor_method
def __rsub__(self, other: Any) -> Tensor:
    return ops.arithmetic.Rsub.apply(self, _subtrahend(self, other))


@tensor_method
def __mul__(self, other: Any) -> Tensor:
    return ops.arithmetic.Mul.apply(self, _operand(other))


@tensor_method
def __rmul__(self, other: Any) -> Tensor:
    return ops.arithmetic.Mul.apply(self, _operand(other))


@tensor_method
def __truediv__(self, other: Any) -> Tensor:
    return ops.arithmetic.Div.apply(self, _operand(other))


@tensor_method
def __rtruediv__(self, other: Any) -> Tensor:
    return ops.arithmetic.Reciprocal.apply(self) * other


@tensor_method
def __rfloordiv__(self, other: Any) -> Tensor:
    return ops.arithmetic.FloorDivide.apply(_operand(other), self)


@tensor_method
def __rmod__(self, other: Any) -> Tensor:
    return ops.arithmetic.RRemainder.apply(self, _operand(other))


@tensor_method
def __pow__(self, exponent: Any) -> Tensor:
    if isinstance(exponent, Tensor):
        return ops.arithmetic.Pow.apply(self, exponent)
    return ops.arithmetic.PowScalar.apply(self, _number_exponent(self, exponent))


def _number_exponent(self: Tensor, exponent: Any) -> Any:
    """A number exponent, with PyTorch's errors for an integer tensor: none negative, and one that fits its dtype."""
    exponent = _operand(exponent)
    if self._data.dtype.kind in "biu" or self._data.dtype == np.float16:  # (PyTorch checks no other float)
        computed_in = _dtype.result_type(self, exponent)
        if computed_in.kind in "iu" and exponent < 0:
            raise RuntimeError("Integers to negative integer powers are not allowed.")
        if computed_in.kind in "iu" or computed_in == np.float16:
            exponent = _dtype.checked_scalar(exponent, computed_in)
    return exponent


@tensor_method
def __rpow__(self, base: Any) -> Tensor:
    return ops.arithmetic.RPow.apply(self, _operand(base))


@tensor_method
def __neg__(self) -> Tensor:
    return ops.arithmetic.Neg.apply(self)


@tensor_method
def __pos__(self) -> Tensor:
    return self


@tensor_method
def __abs__(self) -> Tensor:
    return self.abs()


@tensor_method
def __matmul__(self, other: Tensor) -> Tensor:
    return self.matmul(other)


@tensor_method
def __rmatmul__(self, other: Tensor) -> Tensor:
    return _operand(other).matmul(self)


# -- arithmetic (ops/arithmetic.py) --------------------------------------------------------------------------


@tensor_method
def add(self, other: Any, *, alpha: Any = 1) -> Tensor:
    return ops.arithmetic.Add.apply(self, _operand(other), alpha=alpha)


@tensor_method
def sub(self, other: Any, *, alpha: Any = 1) -> Tensor:
    return ops.arithmetic.Sub.apply(self, _subtrahend(self, other), alpha=alpha)


@tensor_method
def mul(self, other: Any) -> Tensor:
    return self * other


@tensor_method
def div(self, other: Any, *, rounding_mode: Any = _NO_ROUNDING) -> Tensor:
    """``self / other``; any ``rounding_mode`` (even None) records PyTorch's ``DivBackward2``."""
    if rounding_mode is _NO_ROUNDING:
        return self / other
    return ops.arithmetic.DivMode.apply(self, _operand(other), rounding_mode=rounding_mode)


@tensor_method
def floor_divide(self, other: Any) -> Tensor:
    """``self // other``, rounded toward minus infinity. PyTorch defines no gradient for it.

    >>> tensor([7.0, -7.0]) // 2
    tensor([ 3., -4.])
    """
    return ops.arithmetic.FloorDivide.apply(self, _operand(other))


@tensor_method
def remainder(self, other: Any) -> Tensor:
    """``self % other`` with the sign of ``other``, as Python's ``%``.

    >>> tensor([7.0, -7.0]) % 3
    tensor([1., 2.])
    """
    other = _operand(other)
    if isinstance(other, Tensor):
        return ops.arithmetic.Remainder.apply(self, other)
    return ops.arithmetic.RemainderScalar.apply(self, other)


@tensor_method
def pow(self, exponent: Any) -> Tensor:
    return self**exponent


@tensor_method
def neg(self) -> Tensor:
    return -self


@tensor_method
def reciprocal(self) -> Tensor:
    return ops.arithmetic.Reciprocal.apply(self)


@tensor_method
def abs(self) -> Tensor:
    return ops.arithmetic.Abs.apply(self)


@tensor_method
def sign(self) -> Tensor:
    return ops.arithmetic.Sign.apply(self)


@tensor_method
def sgn(self) -> Tensor:
    return ops.arithmetic.Sgn.apply(self)


@tensor_method
def square(self) -> Tensor:
    return self.pow(2)


@tensor_method
def sqrt(self) -> Tensor:
    return ops.arithmetic.Sqrt.apply(self)


@tensor_method
def rsqrt(self) -> Tensor:
    return ops.arithmetic.Rsqrt.apply(self)


@tensor_method
def exp(self) -> Tensor:
    return ops.arithmetic.Exp.apply(self)


@tensor_method
def exp2(self) -> Tensor:
    return ops.arithmetic.Exp2.apply(self)


@tensor_method
def expm1(self) -> Tensor:
    return ops.arithmetic.Expm1.apply(self)


@tensor_method
def log(self) -> Tensor:
    return ops.arithmetic.Log.apply(self)


@tensor_method
def log2(self) -> Tensor:
    return ops.arithmetic.Log2.apply(self)


@tensor_method
def log1p(self) -> Tensor:
    return ops.arithmetic.Log1p.apply(self)


@tensor_method
def sin(self) -> Tensor:
    return ops.arithmetic.Sin.apply(self)


@tensor_method
def cos(self) -> Tensor:
    return ops.arithmetic.Cos.apply(self)


@tensor_method
def tan(self) -> Tensor:
    return ops.arithmetic.Tan.apply(self)


@tensor_method
def atan(self) -> Tensor:
    return ops.arithmetic.Atan.apply(self)


@tensor_method
def asin(self) -> Tensor:
    return ops.arithmetic.Asin.apply(self)


@tensor_method
def acos(self) -> Tensor:
    return ops.arithmetic.Acos.apply(self)


@tensor_method
def sinh(self) -> Tensor:
    return ops.arithmetic.Sinh.apply(self)


@tensor_method
def cosh(self) -> Tensor:
    return ops.arithmetic.Cosh.apply(self)


@tensor_method
def tanh(self) -> Tensor:
    return ops.arithmetic.Tanh.apply(self)


@tensor_method
def sigmoid(self) -> Tensor:
    return ops.arithmetic.Sigmoid.apply(self)


@tensor_method
def relu(self) -> Tensor:
    return ops.arithmetic.Relu.apply(self)


@tensor_method
def clamp(self, min: Any = None, max: Any = None) -> Tensor:
    if min is None and max is None:
        raise RuntimeError("torch.clamp: At least one of 'min' or 'max' must not be None")
    if _tensor_bounds(min, max):
        return ops.arithmetic.ClampTensor.apply(self, min, max)
    source, min, max = _number_bounds(self, min, max)
    return ops.arithmetic.Clamp.apply(source, min=min, max=max)


@tensor_method
def clamp_min(self, min: Any) -> Tensor:
    if isinstance(min, Tensor):
        return ops.arithmetic.ClampMinTensor.apply(self, min)
    source, min, _ = _number_bounds(self, min, None)
    return ops.arithmetic.ClampMin.apply(source, min)


@tensor_method
def clamp_max(self, max: Any) -> Tensor:
    if isinstance(max, Tensor):
        return ops.arithmetic.ClampMaxTensor.apply(self, max)
    source, _, max = _number_bounds(self, None, max)
    return ops.arithmetic.ClampMax.apply(source, max)


@tensor_method
def where(self, condition: Any, other: Any) -> Tensor:
    return ops.arithmetic.Where.apply(*_where_values(self, other), condition=_mask(condition))


def _where_values(input: Any, other: Any) -> tuple:
    """``where``'s two values, a number checked to fit the dtype of the result (PyTorch checks none beside float16,
    where a large one becomes inf)."""
    input, other = _operand(input), _operand(other)
    computed_in = _dtype.result_type(input, other)
    if computed_in == np.float16:
        return input, other
    return _dtype.checked_scalar(input, computed_in), _dtype.checked_scalar(other, computed_in)


@tensor_method
def masked_fill(self, mask: Any, value: Any) -> Tensor:
    value = _fill_value(self, value)
    return _masked_fill_op(value).apply(self, value, mask=_mask(mask))


def _masked_fill_op(value: Any) -> Any:
    return ops.arithmetic.MaskedFillTensor if isinstance(value, Tensor) else ops.arithmetic.MaskedFill


def _fill_value(self: Tensor, value: Any) -> Any:
    """The value of ``masked_fill`` or ``fill_``: a tensor, or a number that must fit ``self``'s dtype."""
    return _dtype.checked_scalar(_operand(value), self._data.dtype)


@tensor_method
def nan_to_num(self, nan: builtins.float = 0.0, posinf: builtins.float | None = None,
               neginf: builtins.float | None = None) -> Tensor:  # fmt: skip
    """nan, +inf and -inf replaced (by 0 and the dtype's largest and smallest finite values by default).

    >>> (tensor([-1.0, 0.0, 1.0]) / 0).nan_to_num(posinf=9.0, neginf=-9.0)
    tensor([-9.,  0.,  9.])
    """
    return ops.arithmetic.NanToNum.apply(self, nan=nan, posinf=posinf, neginf=neginf)


@tensor_method
def addcmul(self, tensor1: Tensor, tensor2: Tensor, *, value: Any = 1) -> Tensor:
    """``self + value * tensor1 * tensor2``.

    >>> ones(2).addcmul(tensor([1.0, 2.0]), tensor([3.0, 4.0]), value=0.5)
    tensor([2.5000, 5.0000])
    """
    return ops.arithmetic.Addcmul.apply(self, _operand(tensor1), _operand(tensor2), value=value)


@tensor_method
def lerp(self, end: Tensor, weight: Any) -> Tensor:
    """``self + weight * (end - self)``: a straight line from ``self`` (weight 0) to ``end`` (weight 1).

    >>> tensor([0.0, 10.0]).lerp(tensor([10.0, 20.0]), 0.25)
    tensor([ 2.5000, 12.5000])
    """
    if isinstance(weight, Tensor):
        return ops.arithmetic.LerpTensor.apply(self, _operand(end), weight)
    return ops.arithmetic.Lerp.apply(self, _operand(end), weight=weight)


# -- comparisons and tests: bool or index tensors, no gradient -----------------------------------------------


@tensor_method
def _compare(self, other: Any, ufunc: np.ufunc) -> Tensor:
    """``self`` compared with, or bitwise-combined with, ``other``, in the dtype PyTorch computes in (found only
    where it matters: a float comparison, the usual one, needs no promotion rules)."""
    if ufunc in _BITWISE:
        computed_in = _dtype.result_type(self, other)
        if computed_in.kind == "f":
            kind = TYPE_NAMES[_dtype.from_numpy_dtype(computed_in).name]
            raise NotImplementedError(f'"{ufunc.__name__}_cpu" not implemented for \'{kind}\'')
    if isinstance(other, Tensor):
        other = other._data
    elif builtins.type(other) is builtins.int and self._data.dtype.kind in "biu":
        computed_in = _dtype.result_type(self, other)
        if computed_in.kind in "iu":
            other = _dtype.wrapped_int(other, computed_in)  # int8: t < 1000 compares with -24, as PyTorch does
    try:
        return Tensor._make(np.asarray(ufunc(self._data, other)))
    except ValueError:
        raise_broadcast_error(self._data.shape, np.shape(other))


_BITWISE = (np.bitwise_and, np.bitwise_or, np.bitwise_xor)


@tensor_method
def __eq__(self, other: Any) -> Tensor:  # type: ignore[override]
    return self._compare(other, np.equal)


@tensor_method
def __ne__(self, other: Any) -> Tensor:  # type: ignore[override]
    return self._compare(other, np.not_equal)


@tensor_method
def __lt__(self, other: Any) -> Tensor:
    return self._compare(other, np.less)


@tensor_method
def __le__(self, other: Any) -> Tensor:
    return self._compare(other, np.less_equal)


@tensor_method
def __gt__(self, other: Any) -> Tensor:
    return self._compare(other, np.greater)


@tensor_method
def __ge__(self, other: Any) -> Tensor:
    return self._compare(other, np.greater_equal)


@tensor_method
def __and__(self, other: Any) -> Tensor:
    return self._compare(other, np.bitwise_and)


@tensor_method
def __or__(self, other: Any) -> Tensor:
    return self._compare(other, np.bitwise_or)


@tensor_method
def __xor__(self, other: Any) -> Tensor:
    return self._compare(other, np.bitwise_xor)


@tensor_method
def __invert__(self) -> Tensor:
    if self._data.dtype.kind == "f":
        raise TypeError("~ (operator.invert) is only implemented on integer and Boolean-type tensors")
    return Tensor._make(np.invert(self._data))


@tensor_method
def isnan(self) -> Tensor:
    return Tensor._make(np.isnan(self._data))


@tensor_method
def isinf(self) -> Tensor:
    return Tensor._make(np.isinf(self._data))


@tensor_method
def isfinite(self) -> Tensor:
    return Tensor._make(np.isfinite(self._data))


@tensor_method
def equal(self, other: Tensor) -> builtins.bool:
    return self._data.shape == other._data.shape and builtins.bool(np.array_equal(self._data, other._data))


@tensor_method
def allclose(self, other: Tensor, rtol: builtins.float = 1e-05, atol: builtins.float = 1e-08) -> builtins.bool:
    return builtins.bool(np.allclose(self._data, _operand(other)._data, rtol=rtol, atol=atol))


@tensor_method
def all(self) -> Tensor:
    return Tensor._make(np.asarray(np.all(self._data)))


@tensor_method
def any(self) -> Tensor:
    return Tensor._make(np.asarray(np.any(self._data)))


@tensor_method
def argmax(self, dim: builtins.int | None = None, keepdim: builtins.bool = False) -> Tensor:
    if dim is None:
        return Tensor._make(np.asarray(np.argmax(self._data)))
    return Tensor._make(np.argmax(self._data, axis=self._dim_index(dim), keepdims=keepdim))


@tensor_method
def argmin(self, dim: builtins.int | None = None, keepdim: builtins.bool = False) -> Tensor:
    if dim is None:
        return Tensor._make(np.asarray(np.argmin(self._data)))
    return Tensor._make(np.argmin(self._data, axis=self._dim_index(dim), keepdims=keepdim))


# -- reductions (ops/reductions.py) --------------------------------------------------------------------------


@tensor_method
def sum(self, dim: Any = None, keepdim: builtins.bool = False, *, dtype: Any = None, axis: Any = None) -> Tensor:
    dim = _dim_or_axis("sum", dim, axis)
    source = self if dtype is None else self.to(dtype)
    if dim is None:
        return ops.reductions.Sum.apply(source)
    return ops.reductions.SumDim.apply(source, dim=dim, keepdim=keepdim)


@tensor_method
def mean(self, dim: Any = None, keepdim: builtins.bool = False, *, dtype: Any = None, axis: Any = None) -> Tensor:
    dim = _dim_or_axis("mean", dim, axis)
    source = self if dtype is None else self.to(dtype)
    if dim is None:
        return ops.reductions.Mean.apply(source)
    return ops.reductions.MeanDim.apply(source, dim=dim, keepdim=keepdim)


@tensor_method
def prod(self, dim: builtins.int | None = None, keepdim: builtins.bool = False, *, dtype: Any = None) -> Tensor:
    dtype = None if dtype is None else _dtype_of(dtype)
    if dim is None:
        return ops.reductions.Prod.apply(self, dtype=dtype)
    return ops.reductions.ProdDim.apply(self, dim=dim, keepdim=keepdim, dtype=dtype)


@tensor_method
def cumsum(self, dim: builtins.int, *, dtype: Any = None) -> Tensor:
    """Running sums along ``dim``: ``out[i] = self[0] + … + self[i]``.

    >>> tensor([1.0, 2.0, 3.0]).cumsum(0)
    tensor([1., 3., 6.])
    """
    return ops.reductions.Cumsum.apply(self, dim=dim, dtype=None if dtype is None else _dtype_of(dtype))


@tensor_method
def max(self, dim: Any = None, keepdim: builtins.bool = False) -> Any:
    if isinstance(dim, Tensor):
        return self.maximum(dim)
    if dim is None:
        return ops.reductions.Max.apply(self)
    return _return_type("max", *ops.reductions.MaxDim.apply(self, dim=dim, keepdim=keepdim))


@tensor_method
def min(self, dim: Any = None, keepdim: builtins.bool = False) -> Any:
    if isinstance(dim, Tensor):
        return self.minimum(dim)
    if dim is None:
        return ops.reductions.Min.apply(self)
    return _return_type("min", *ops.reductions.MinDim.apply(self, dim=dim, keepdim=keepdim))


@tensor_method
def maximum(self, other: Tensor) -> Tensor:
    return ops.arithmetic.Maximum.apply(self, _operand(other))


@tensor_method
def minimum(self, other: Tensor) -> Tensor:
    return ops.arithmetic.Minimum.apply(self, _operand(other))


@tensor_method
def amax(self, dim: Any = (), keepdim: builtins.bool = False) -> Tensor:
    return ops.reductions.Amax.apply(self, dim=dim, keepdim=keepdim)


@tensor_method
def amin(self, dim: Any = (), keepdim: builtins.bool = False) -> Tensor:
    return ops.reductions.Amin.apply(self, dim=dim, keepdim=keepdim)


@tensor_method
def var(self, dim: Any = None, unbiased: Any = None, keepdim: builtins.bool = False, *,
        correction: Any = None) -> Tensor:  # fmt: skip
    """The variance over ``dim`` (all elements by default), dividing by ``N - 1`` unless told otherwise.

    >>> x = tensor([1.0, 2.0, 3.0, 4.0])
    >>> x.var(), x.var(unbiased=False), x.var(correction=0)
    (tensor(1.6667), tensor(1.2500), tensor(1.2500))
    """
    return ops.reductions.Var.apply(self, **_variance_args(dim, unbiased, keepdim, correction))


@tensor_method
def std(self, dim: Any = None, unbiased: Any = None, keepdim: builtins.bool = False, *,
        correction: Any = None) -> Tensor:  # fmt: skip
    """The standard deviation over ``dim``: ``sqrt(var)``."""
    return ops.reductions.Std.apply(self, **_variance_args(dim, unbiased, keepdim, correction))


@tensor_method
def norm(self, p: Any = "fro", dim: Any = None, keepdim: builtins.bool = False) -> Tensor:
    p = 2 if p in ("fro", None) else p
    return ops.reductions.Norm.apply(self, p=p, dim=dim, keepdim=keepdim)


@tensor_method
def logsumexp(self, dim: Any, keepdim: builtins.bool = False) -> Tensor:
    """``log(sum(exp(self), dim))``, computed without overflow.

    >>> tensor([1000.0, 1000.0]).logsumexp(0)
    tensor(1000.6932)
    """
    return ops.reductions.Logsumexp.apply(self, dim=dim, keepdim=keepdim)


@tensor_method
def softmax(self, dim: builtins.int, dtype: Any = None) -> Tensor:
    return ops.reductions.Softmax.apply(self if dtype is None else self.to(dtype), dim=dim)


@tensor_method
def log_softmax(self, dim: builtins.int, dtype: Any = None) -> Tensor:
    return ops.reductions.LogSoftmax.apply(self if dtype is None else self.to(dtype), dim=dim)


@tensor_method
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


# -- linear algebra (ops/linalg.py) --------------------------------------------------------------------------


@tensor_method
def dot(self, other: Tensor) -> Tensor:
    return ops.linalg.Dot.apply(self, other)


@tensor_method
def mv(self, vec: Tensor) -> Tensor:
    return ops.linalg.Mv.apply(self, vec)


@tensor_method
def mm(self, mat2: Tensor) -> Tensor:
    return ops.linalg.Mm.apply(self, mat2)


@tensor_method
def matmul(self, other: Tensor) -> Tensor:
    """``@`` with PyTorch's dispatch: dot, mv, mm, or a batched product."""
    return ops.linalg.matmul(self, other)


@tensor_method
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


# -- shape (ops/shape.py) ------------------------------------------------------------------------------------


@tensor_method
def reshape(self, *shape: Any) -> Tensor:
    shape = _shape_args(shape)
    if self._data.flags.c_contiguous:
        return ops.shape.View.apply(self, shape=shape)
    if _reshapes_as_view(self._data, shape):
        return ops.shape.ReshapeAlias.apply(self, shape=shape)
    # no view can hold the new shape: PyTorch copies first and records an unsafe view of the copy
    return ops.shape.UnsafeView.apply(self.clone(), shape=shape)


@tensor_method
def view(self, *shape: Any) -> Tensor:
    if len(shape) == 1 and isinstance(shape[0], _dtype.dtype):
        raise NotImplementedError("view(dtype) is not supported")
    return ops.shape.View.apply(self, shape=_shape_args(shape), must_alias=True)


@tensor_method
def view_as(self, other: Tensor) -> Tensor:
    return self.view(other.shape)


@tensor_method
def reshape_as(self, other: Tensor) -> Tensor:
    return self.reshape(other.shape)


@tensor_method
def flatten(self, start_dim: builtins.int = 0, end_dim: builtins.int = -1) -> Tensor:
    if self._data.ndim == 0:
        return self.reshape(1)
    start, end = self._dim_index(start_dim), self._dim_index(end_dim)
    if start == end:
        return self  # nothing to merge: PyTorch returns the input itself
    shape = self._data.shape
    return self.reshape(shape[:start] + (-1,) + shape[end + 1 :])


@tensor_method
def transpose(self, dim0: builtins.int, dim1: builtins.int) -> Tensor:
    return ops.shape.Transpose.apply(self, dim0=dim0, dim1=dim1)


@tensor_method
def t(self) -> Tensor:
    if self._data.ndim > 2:
        raise RuntimeError(f"t() expects a tensor with <= 2 dimensions, but self is {self._data.ndim}D")
    return ops.shape.T.apply(self, dim0=0, dim1=-1)


@tensor_property
def T(self) -> Tensor:
    return self.permute(*reversed(range(self._data.ndim)))


@tensor_property
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


@tensor_method
def swapaxes(self, axis0: builtins.int, axis1: builtins.int) -> Tensor:
    return self.transpose(axis0, axis1)


@tensor_method
def swapdims(self, dim0: builtins.int, dim1: builtins.int) -> Tensor:
    return self.transpose(dim0, dim1)


@tensor_method
def permute(self, *dims: Any) -> Tensor:
    return ops.shape.Permute.apply(self, dims=_shape_args(dims))


@tensor_method
def movedim(self, source: Any, destination: Any) -> Tensor:
    """Move dimensions ``source`` to positions ``destination``; the others keep their order.

    >>> zeros(2, 3, 4).movedim(0, -1).shape
    torch.Size([3, 4, 2])
    """
    return ops.shape.movedim(self, source, destination)


@tensor_method
def unsqueeze(self, dim: builtins.int) -> Tensor:
    return ops.shape.Unsqueeze.apply(self, dim=dim)


@tensor_method
def squeeze(self, dim: builtins.int | Sequence[builtins.int] | None = None) -> Tensor:
    if dim is None:
        return ops.shape.Squeeze.apply(self)
    if isinstance(dim, (tuple, list)):
        return ops.shape.SqueezeDims.apply(self, dim=tuple(dim))
    return ops.shape.SqueezeDim.apply(self, dim=dim)


@tensor_method
def expand(self, *sizes: Any) -> Tensor:
    return ops.shape.Expand.apply(self, shape=_shape_args(sizes))


@tensor_method
def expand_as(self, other: Tensor) -> Tensor:
    return self.expand(other.shape)


@tensor_method
def flip(self, *dims: Any) -> Tensor:
    return ops.shape.Flip.apply(self, dims=_shape_args(dims))


@tensor_method
def repeat(self, *sizes: Any) -> Tensor:
    """Tile the tensor ``sizes[d]`` times along each dimension."""
    return ops.shape.Repeat.apply(self, repeats=_shape_args(sizes))


@tensor_method
def tile(self, *dims: Any) -> Tensor:
    dims = _shape_args(dims)
    return self.repeat((1,) * (self._data.ndim - len(dims)) + dims)


@tensor_method
def split(self, split_size_or_sections: Any, dim: builtins.int = 0) -> tuple[Tensor, ...]:
    """Consecutive pieces along ``dim``: each of one size (the last may be shorter), or of the sizes given.

    >>> arange(5.0).split(2)
    (tensor([0., 1.]), tensor([2., 3.]), tensor([4.]))
    >>> arange(5.0).split([1, 4])
    (tensor([0.]), tensor([1., 2., 3., 4.]))
    """
    return ops.shape.split(self, split_size_or_sections, dim)


@tensor_method
def chunk(self, chunks: builtins.int, dim: builtins.int = 0) -> tuple[Tensor, ...]:
    """At most ``chunks`` pieces of equal size along ``dim`` (the last may be smaller).

    >>> arange(5.0).chunk(2)
    (tensor([0., 1., 2.]), tensor([3., 4.]))
    """
    if not self._data.ndim:
        raise RuntimeError("chunk expects at least a 1-dimensional tensor")
    if chunks <= 0:
        raise RuntimeError(f"chunk expects `chunks` to be greater than 0, got: {chunks}")
    size = self.shape[dim]
    if size == 0:
        return ops.shape.SplitWithSizes.apply(self, sizes=[0] * chunks, dim=dim)
    return self.split(-(-size // chunks), dim)


@tensor_method
def unbind(self, dim: builtins.int = 0) -> tuple[Tensor, ...]:
    """Every index along ``dim`` as its own tensor: ``x.unbind(0)`` is ``(x[0], x[1], …)``.

    >>> tensor([[1.0, 2.0], [3.0, 4.0]]).unbind(1)
    (tensor([1., 3.]), tensor([2., 4.]))
    """
    return ops.shape.Unbind.apply(self, dim=dim)


@tensor_method
def tril(self, diagonal: builtins.int = 0) -> Tensor:
    return ops.shape.Tril.apply(self, diagonal=diagonal)


@tensor_method
def triu(self, diagonal: builtins.int = 0) -> Tensor:
    return ops.shape.Triu.apply(self, diagonal=diagonal)


@tensor_method
def diagonal(self, offset: builtins.int = 0, dim1: builtins.int = 0, dim2: builtins.int = 1) -> Tensor:
    return ops.shape.Diagonal.apply(self, offset=offset, dim1=dim1, dim2=dim2)


# -- indexing (ops/indexing.py) ------------------------------------------------------------------------------


@tensor_method
def __getitem__(self, key: Any) -> Tensor:
    return ops.indexing.getitem(self, key)


@tensor_method
def __setitem__(self, key: Any, value: Any) -> None:
    ops.indexing.setitem(self, key, _operand(value))


@tensor_method
def __iter__(self):
    if self._data.ndim == 0:
        raise TypeError("iteration over a 0-d tensor")
    return (self[i] for i in range(self._data.shape[0]))


@tensor_method
def narrow(self, dim: builtins.int, start: builtins.int, length: builtins.int) -> Tensor:
    if not self._data.ndim:
        raise RuntimeError("narrow() cannot be applied to a 0-dim tensor.")
    size = self._data.shape[self._dim_index(dim)]
    if start + length > size:
        raise RuntimeError(f"start ({start}) + length ({length}) exceeds dimension size ({size}).")
    return ops.indexing.Slice.apply(self, dim=dim, start=start, stop=start + length)


@tensor_method
def select(self, dim: builtins.int, index: builtins.int) -> Tensor:
    return ops.indexing.Select.apply(self, dim=dim, index=index)


@tensor_method
def index_select(self, dim: builtins.int, index: Tensor) -> Tensor:
    return ops.indexing.IndexSelect.apply(self, dim=dim, index=_index_tensor(index))


@tensor_method
def gather(self, dim: builtins.int, index: Tensor, *, sparse_grad: builtins.bool = False) -> Tensor:
    """``out[i][j] = self[index[i][j]][j]`` for ``dim=0`` (and likewise along other dimensions).

    >>> tensor([[1.0, 2.0], [3.0, 4.0]]).gather(1, tensor([[1, 1], [0, 1]]))
    tensor([[2., 2.],
            [3., 4.]])
    """
    return ops.indexing.Gather.apply(self, dim=dim, index=_index_tensor(index))


@tensor_method
def scatter_add(self, dim: builtins.int, index: Tensor, src: Tensor) -> Tensor:
    """A copy of ``self`` with ``src[i][j]`` added at row ``index[i][j]`` for ``dim=0`` (repeats add up).

    >>> zeros(3).scatter_add(0, tensor([0, 2, 0]), tensor([1.0, 2.0, 3.0]))
    tensor([4., 0., 2.])
    """
    return ops.indexing.ScatterAdd.apply(self, _operand(src), dim=dim, index=_index_tensor(index))


@tensor_method
def masked_select(self, mask: Tensor) -> Tensor:
    return ops.indexing.MaskedSelect.apply(self, mask=_mask(mask))


# -- in place: x.add_(y) runs the op, then writes its result into x's memory ---------------------------------


@tensor_method
def _inplace(self, op: Any, *others: Any, **params: Any) -> Tensor:
    """Apply ``op`` and write the result into this tensor's memory, as ``x.add_(y)`` does.

    The write, the version bump and the new history (``CopySlices`` for a view) are in ``autograd.views``.
    """
    tracked = _State.enabled and (self._requires_grad or builtins.any(
        isinstance(o, Tensor) and o._requires_grad for o in others))  # fmt: skip
    fills = op in _FILLS
    views.check_inplace(self, tracked, others, fills=fills)
    if not tracked and _write_unrecorded(self, op, others, params):
        return self
    if tracked:
        # the node must see the old values, which the write below overwrites
        before = Tensor._make(self._data.copy(), self.grad_fn, self._output_nr)
        before._requires_grad = self._requires_grad
        result = op.apply(before, *others, **params)
    else:
        with no_grad():
            result = op.apply(self, *others, **params)
    _check_cast(result._data.dtype, self._data.dtype)
    views.write(self, result._data, result if tracked else None)
    return self


# ops that write one value everywhere or at chosen places, which PyTorch allows on an expanded tensor (views.py)
_FILLS = (ops.indexing.Fill, ops.indexing.Zero, ops.arithmetic.MaskedFill, ops.arithmetic.MaskedFillTensor,
          ops.shape.Tril, ops.shape.Triu)  # fmt: skip


# Straight into the tensor's memory, when nothing is recorded (``p -= lr * p.grad`` under no_grad, ``grad.zero_()``).
# What it buys: numpy's ``out=`` instead of a new result copied in, so no allocation (page faults on large
# tensors) and one pass over memory instead of two: a 784×512 weight's update runs ~3× faster. It covers the
# ops whose forward is one numpy ufunc call, which on the operands as that forward gets them (promoted by the
# op's rule, alpha applied) computes the same values and casts them into the tensor as the copy would.
_UFUNC_OF = {ops.arithmetic.Add: np.add, ops.arithmetic.Sub: np.subtract, ops.arithmetic.Mul: np.multiply,
             ops.arithmetic.Div: np.true_divide}  # fmt: skip


def _write_unrecorded(self: Tensor, op: Any, others: tuple, params: dict) -> builtins.bool:
    """Do an unrecorded in-place ``op`` with numpy's ``out=``; False (nothing done) where it does not apply."""
    ufunc = _UFUNC_OF.get(op)
    if op is ops.indexing.Zero:
        self._data.fill(0)
    elif ufunc is not None:
        a, b = _arrays_of(op, (self, *others))[0]
        alpha = params.get("alpha", 1)
        if not (alpha == 1 and builtins.type(alpha) is builtins.int):  # as Add's and Sub's forward
            b = ops.arithmetic.times_alpha(alpha, b, a.dtype, negate=op is ops.arithmetic.Sub)
            ufunc = np.add
        if not _broadcasts_to(np.shape(b), self._data.shape):
            return False  # the written tensor would have to grow: the general path raises PyTorch's error
        try:
            ufunc(a, b, out=self._data, casting="same_kind")
        except TypeError:  # numpy refused the cast into the tensor, before writing anything: PyTorch's error
            _check_cast(np.result_type(a, b), self._data.dtype)
            raise
    else:
        return False
    views.bump_version(self)
    return True


def _broadcasts_to(shape: tuple, target: tuple) -> builtins.bool:
    try:
        return shape == target or np.broadcast_shapes(shape, target) == target
    except ValueError:
        return False


def _check_cast(result: np.dtype, target: np.dtype) -> None:
    """PyTorch's error for an in-place result that cannot be written into the tensor's dtype (``int_tensor *= 0.5``)."""
    if not np.can_cast(result, target, casting="same_kind"):
        raise RuntimeError(
            f"result type {TYPE_NAMES[_dtype.from_numpy_dtype(result).name]} can't be cast to the desired output "
            f"type {TYPE_NAMES[_dtype.from_numpy_dtype(target).name]}"
        )


@tensor_method
def add_(self, other: Any, *, alpha: Any = 1) -> Tensor:
    return self._inplace(ops.arithmetic.Add, _operand(other), alpha=alpha)


@tensor_method
def sub_(self, other: Any, *, alpha: Any = 1) -> Tensor:
    return self._inplace(ops.arithmetic.Sub, _subtrahend(self, other), alpha=alpha)


@tensor_method
def mul_(self, other: Any) -> Tensor:
    return self._inplace(ops.arithmetic.Mul, _operand(other))


@tensor_method
def div_(self, other: Any) -> Tensor:
    return self._inplace(ops.arithmetic.Div, _operand(other))


@tensor_method
def pow_(self, exponent: Any) -> Tensor:
    if isinstance(exponent, Tensor):
        return self._inplace(ops.arithmetic.Pow, exponent)
    return self._inplace(ops.arithmetic.PowScalar, _number_exponent(self, exponent))


@tensor_method
def square_(self) -> Tensor:
    return self._inplace(ops.arithmetic.PowScalar, 2)


@tensor_method
def clamp_(self, min: Any = None, max: Any = None) -> Tensor:
    if _tensor_bounds(min, max):
        return self._inplace(ops.arithmetic.ClampTensor, min, max)
    _, min, max = _number_bounds(self, min, max, in_place=True)
    return self._inplace(ops.arithmetic.Clamp, min=min, max=max)


@tensor_method
def clamp_min_(self, min: Any) -> Tensor:
    if isinstance(min, Tensor):
        return self._inplace(ops.arithmetic.ClampMinTensor, min)
    return self._inplace(ops.arithmetic.ClampMin, _number_bounds(self, min, None, in_place=True)[1])


@tensor_method
def clamp_max_(self, max: Any) -> Tensor:
    if isinstance(max, Tensor):
        return self._inplace(ops.arithmetic.ClampMaxTensor, max)
    return self._inplace(ops.arithmetic.ClampMax, _number_bounds(self, None, max, in_place=True)[2])


@tensor_method
def floor_divide_(self, other: Any) -> Tensor:
    return self._inplace(ops.arithmetic.FloorDivide, _operand(other))


@tensor_method
def remainder_(self, other: Any) -> Tensor:
    other = _operand(other)
    op = ops.arithmetic.Remainder if isinstance(other, Tensor) else ops.arithmetic.RemainderScalar
    return self._inplace(op, other)


@tensor_method
def nan_to_num_(self, nan: builtins.float = 0.0, posinf: builtins.float | None = None,
                neginf: builtins.float | None = None) -> Tensor:  # fmt: skip
    return self._inplace(ops.arithmetic.NanToNum, nan=nan, posinf=posinf, neginf=neginf)


@tensor_method
def addcmul_(self, tensor1: Tensor, tensor2: Tensor, *, value: Any = 1) -> Tensor:
    return self._inplace(ops.arithmetic.Addcmul, _operand(tensor1), _operand(tensor2), value=value)


@tensor_method
def lerp_(self, end: Tensor, weight: Any) -> Tensor:
    if isinstance(weight, Tensor):
        return self._inplace(ops.arithmetic.LerpTensor, _operand(end), weight)
    return self._inplace(ops.arithmetic.Lerp, _operand(end), weight=weight)


@tensor_method
def cumsum_(self, dim: builtins.int) -> Tensor:
    return self._inplace(ops.reductions.Cumsum, dim=dim)


@tensor_method
def tril_(self, diagonal: builtins.int = 0) -> Tensor:
    return self._inplace(ops.shape.Tril, diagonal=diagonal)


@tensor_method
def triu_(self, diagonal: builtins.int = 0) -> Tensor:
    return self._inplace(ops.shape.Triu, diagonal=diagonal)


@tensor_method
def fill_(self, value: Any) -> Tensor:
    return self._inplace(ops.indexing.Fill, value=_fill_value(self, _number(value)))


@tensor_method
def zero_(self) -> Tensor:
    return self._inplace(ops.indexing.Zero, value=0)


@tensor_method
def copy_(self, src: Tensor) -> Tensor:
    return self._inplace(ops.indexing.Copy, _operand(src))


@tensor_method
def scatter_add_(self, dim: builtins.int, index: Tensor, src: Tensor) -> Tensor:
    views.check_no_overlap(self, src)
    return self._inplace(ops.indexing.ScatterAdd, _operand(src), dim=dim, index=_index_tensor(index))


@tensor_method
def masked_fill_(self, mask: Any, value: Any) -> Tensor:
    if builtins.any(stride == 0 and size > 1 for stride, size in zip(self._data.strides, self._data.shape)):
        warnings.warn("Use of masked_fill_ on expanded tensors is deprecated. Please clone() the tensor before "
                      "performing this operation. This also applies to advanced indexing e.g. tensor[mask] = "
                      "scalar", UserWarning, stacklevel=2)  # fmt: skip
    value = _fill_value(self, value)
    return self._inplace(_masked_fill_op(value), value, mask=_mask(mask))


@tensor_method
def exp_(self) -> Tensor:
    return self._inplace(ops.arithmetic.Exp)


@tensor_method
def log_(self) -> Tensor:
    return self._inplace(ops.arithmetic.Log)


@tensor_method
def sqrt_(self) -> Tensor:
    return self._inplace(ops.arithmetic.Sqrt)


@tensor_method
def sin_(self) -> Tensor:
    return self._inplace(ops.arithmetic.Sin)


@tensor_method
def cos_(self) -> Tensor:
    return self._inplace(ops.arithmetic.Cos)


@tensor_method
def tanh_(self) -> Tensor:
    return self._inplace(ops.arithmetic.Tanh)


@tensor_method
def sigmoid_(self) -> Tensor:
    return self._inplace(ops.arithmetic.Sigmoid)


@tensor_method
def relu_(self) -> Tensor:
    return self._inplace(ops.arithmetic.Relu)


@tensor_method
def abs_(self) -> Tensor:
    return self._inplace(ops.arithmetic.Abs)


@tensor_method
def neg_(self) -> Tensor:
    return self._inplace(ops.arithmetic.Neg)


@tensor_method
def reciprocal_(self) -> Tensor:
    return self._inplace(ops.arithmetic.Reciprocal)


@tensor_method
def log1p_(self) -> Tensor:
    return self._inplace(ops.arithmetic.Log1p)


@tensor_method
def expm1_(self) -> Tensor:
    return self._inplace(ops.arithmetic.Expm1)


@tensor_method
def log2_(self) -> Tensor:
    return self._inplace(ops.arithmetic.Log2)


@tensor_method
def exp2_(self) -> Tensor:
    return self._inplace(ops.arithmetic.Exp2)


@tensor_method
def rsqrt_(self) -> Tensor:
    return self._inplace(ops.arithmetic.Rsqrt)


@tensor_method
def tan_(self) -> Tensor:
    return self._inplace(ops.arithmetic.Tan)


@tensor_method
def atan_(self) -> Tensor:
    return self._inplace(ops.arithmetic.Atan)


@tensor_method
def sinh_(self) -> Tensor:
    return self._inplace(ops.arithmetic.Sinh)


@tensor_method
def cosh_(self) -> Tensor:
    return self._inplace(ops.arithmetic.Cosh)


@tensor_method
def asin_(self) -> Tensor:
    return self._inplace(ops.arithmetic.Asin)


@tensor_method
def acos_(self) -> Tensor:
    return self._inplace(ops.arithmetic.Acos)


# -- random fills (PyTorch's generator, see _random.py) ------------------------------------------------------


@tensor_method
def normal_(self, mean: builtins.float = 0.0, std: builtins.float = 1.0, *, generator: Any = None) -> Tensor:
    return _creation._fill_random(self, "normal", generator, mean=mean, std=std)


@tensor_method
def uniform_(self, from_: builtins.float = 0.0, to: builtins.float = 1.0, *, generator: Any = None) -> Tensor:
    return _creation._fill_random(self, "uniform", generator, low=from_, high=to)


@tensor_method
def bernoulli_(self, p: builtins.float = 0.5, *, generator: Any = None) -> Tensor:
    return _creation._fill_random(self, "bernoulli", generator, p=p)


@tensor_method
def bernoulli(self, p: builtins.float | None = None, *, generator: Any = None) -> Tensor:
    return _creation.bernoulli(self, p, generator=generator)


# -- argument helpers ----------------------------------------------------------------------------------------


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


def _mask(condition: Any) -> np.ndarray:
    return condition._data if isinstance(condition, Tensor) else np.asarray(condition)


def _number_bounds(self: Tensor, low: Any, high: Any, in_place: bool = False) -> tuple:
    """``(tensor to clamp, low, high)`` for number bounds of ``clamp``, ``clamp_min`` or ``clamp_max``, with
    PyTorch's rules: no bools; an integer tensor with a float bound is clamped as floats (so not in place); each
    bound must fit the dtype clamped in."""
    low, high = _number(low), _number(high)
    computed_in = _dtype.result_type(self, *(b for b in (low, high) if b is not None))
    if computed_in.kind == "b":
        kernel = "clamp" if low is not None and high is not None else "clamp_min" if low is not None else "clamp_max"
        raise NotImplementedError(f'"{kernel}_scalar_cpu" not implemented for \'Bool\'')
    if computed_in != self._data.dtype:
        if in_place:  # (this message names C++ types, unlike every other in-place op's)
            raise RuntimeError(f"result type {TYPE_NAMES[_dtype.from_numpy_dtype(computed_in).name]} can't be cast "
                               f"to the desired output type {_dtype.CPP_TYPE_NAMES[self._data.dtype.name]}")
        self = self.to(_dtype.from_numpy_dtype(computed_in))
    return self, _dtype.checked_scalar(low, computed_in), _dtype.checked_scalar(high, computed_in)


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


def _reshapes_as_view(array: np.ndarray, shape: tuple) -> builtins.bool:
    try:
        return np.may_share_memory(array.reshape(shape), array)
    except ValueError:
        return True  # an impossible shape: let View raise PyTorch's error


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


# -- other names PyTorch gives the same methods ----------------------------------------------------------

Tensor.clip = clamp
Tensor.eq, Tensor.ne, Tensor.lt, Tensor.le, Tensor.gt, Tensor.ge = __eq__, __ne__, __lt__, __le__, __gt__, __ge__
Tensor.__iadd__, Tensor.__isub__, Tensor.__imul__, Tensor.__itruediv__ = add_, sub_, mul_, div_
Tensor.__floordiv__, Tensor.__mod__ = floor_divide, remainder
Tensor.__ifloordiv__, Tensor.__imod__ = floor_divide_, remainder_
Tensor.arctan, Tensor.arcsin, Tensor.arccos = atan, asin, acos
Tensor.moveaxis = movedim
