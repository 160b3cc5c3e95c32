"""The ``torch.*`` functions: ``torch.exp(x)`` is ``x.exp()``, each written out so that a reader can jump to it.

Most hand their work to the Tensor method of the same name (in ``_tensor_methods.py``); ``input`` may also
be a number or a list (``torch.exp(1.0)``), made a tensor as an operand of ``x + 1.0`` would be.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from . import _dtype
from ._tensor import Tensor
from ._tensor_methods import _NO_ROUNDING, _operand, _where_values
from .ops.arithmetic import Where
from .ops.shape import Cat, Stack


def is_tensor(obj: Any) -> bool:
    """Whether ``obj`` is a Tensor."""
    return isinstance(obj, Tensor)


def numel(input: Tensor) -> int:
    """The number of elements of ``input``."""
    return input.numel()


def result_type(a: Any, b: Any) -> _dtype.dtype:
    """The dtype PyTorch gives an operation on ``a`` and ``b`` (tensors or Python numbers)."""
    return _dtype.from_numpy_dtype(_dtype.result_type(a, b))


def get_default_dtype() -> _dtype.dtype:
    """The dtype of tensors made from Python floats: float32."""
    return _dtype.float32


def set_default_dtype(d: _dtype.dtype) -> None:
    """Only float32 is available as the default dtype."""
    if d is not _dtype.float32:
        raise NotImplementedError("autograd_nb keeps float32 as the default dtype")


# -- arithmetic ------------------------------------------------------------------------------------


def add(input: Tensor, other: Any, *, alpha: Any = 1) -> Tensor:
    """input + other (times alpha)"""
    return _operand(input).add(other, alpha=alpha)


def sub(input: Tensor, other: Any, *, alpha: Any = 1) -> Tensor:
    """input - other"""
    return _operand(input).sub(other, alpha=alpha)


def mul(input: Tensor, other: Any) -> Tensor:
    """input * other"""
    return _operand(input).mul(other)


def div(input: Tensor, other: Any, *, rounding_mode: Any = _NO_ROUNDING) -> Tensor:
    """input / other"""
    return _operand(input).div(other, rounding_mode=rounding_mode)


def neg(input: Tensor) -> Tensor:
    """-input"""
    return _operand(input).neg()


def abs(input: Tensor) -> Tensor:
    """|input|"""
    return _operand(input).abs()


def sign(input: Tensor) -> Tensor:
    """sign of each element"""
    return _operand(input).sign()


def sgn(input: Tensor) -> Tensor:
    """sign of each element"""
    return _operand(input).sgn()


def reciprocal(input: Tensor) -> Tensor:
    """1 / input"""
    return _operand(input).reciprocal()


def square(input: Tensor) -> Tensor:
    """input * input"""
    return _operand(input).square()


def sqrt(input: Tensor) -> Tensor:
    """square root"""
    return _operand(input).sqrt()


def rsqrt(input: Tensor) -> Tensor:
    """1 / sqrt(input)"""
    return _operand(input).rsqrt()


def exp(input: Tensor) -> Tensor:
    """e ** input"""
    return _operand(input).exp()


def exp2(input: Tensor) -> Tensor:
    """2 ** input"""
    return _operand(input).exp2()


def expm1(input: Tensor) -> Tensor:
    """exp(input) - 1"""
    return _operand(input).expm1()


def log(input: Tensor) -> Tensor:
    """natural logarithm"""
    return _operand(input).log()


def log2(input: Tensor) -> Tensor:
    """base-2 logarithm"""
    return _operand(input).log2()


def log1p(input: Tensor) -> Tensor:
    """log(1 + input)"""
    return _operand(input).log1p()


def sin(input: Tensor) -> Tensor:
    """sine"""
    return _operand(input).sin()


def cos(input: Tensor) -> Tensor:
    """cosine"""
    return _operand(input).cos()


def tan(input: Tensor) -> Tensor:
    """tangent"""
    return _operand(input).tan()


def atan(input: Tensor) -> Tensor:
    """inverse tangent"""
    return _operand(input).atan()


def arctan(input: Tensor) -> Tensor:
    """inverse tangent"""
    return _operand(input).arctan()


def asin(input: Tensor) -> Tensor:
    """inverse sine"""
    return _operand(input).asin()


def arcsin(input: Tensor) -> Tensor:
    """inverse sine"""
    return _operand(input).arcsin()


def acos(input: Tensor) -> Tensor:
    """inverse cosine"""
    return _operand(input).acos()


def arccos(input: Tensor) -> Tensor:
    """inverse cosine"""
    return _operand(input).arccos()


def sinh(input: Tensor) -> Tensor:
    """hyperbolic sine"""
    return _operand(input).sinh()


def cosh(input: Tensor) -> Tensor:
    """hyperbolic cosine"""
    return _operand(input).cosh()


def tanh(input: Tensor) -> Tensor:
    """hyperbolic tangent"""
    return _operand(input).tanh()


def sigmoid(input: Tensor) -> Tensor:
    """1 / (1 + exp(-input))"""
    return _operand(input).sigmoid()


def relu(input: Tensor) -> Tensor:
    """max(input, 0)"""
    return _operand(input).relu()


def clamp(input: Tensor, min: Any = None, max: Any = None) -> Tensor:
    """limit to [min, max]"""
    return _operand(input).clamp(min, max)


def clip(input: Tensor, min: Any = None, max: Any = None) -> Tensor:
    """limit to [min, max]"""
    return _operand(input).clip(min, max)


def clamp_min(input: Tensor, min: Any) -> Tensor:
    """max(input, min)"""
    return _operand(input).clamp_min(min)


def clamp_max(input: Tensor, max: Any) -> Tensor:
    """min(input, max)"""
    return _operand(input).clamp_max(max)


def maximum(input: Tensor, other: Tensor) -> Tensor:
    """elementwise maximum"""
    return _operand(input).maximum(other)


def minimum(input: Tensor, other: Tensor) -> Tensor:
    """elementwise minimum"""
    return _operand(input).minimum(other)


def masked_fill(input: Tensor, mask: Any, value: Any) -> Tensor:
    """fill where mask"""
    return _operand(input).masked_fill(mask, value)


def nan_to_num(input: Tensor, nan: float = 0.0, posinf: float | None = None, neginf: float | None = None) -> Tensor:
    """nan and ±inf replaced by finite numbers"""
    return _operand(input).nan_to_num(nan, posinf, neginf)


def addcmul(input: Tensor, tensor1: Tensor, tensor2: Tensor, *, value: Any = 1) -> Tensor:
    """input + value * tensor1 * tensor2"""
    return _operand(input).addcmul(tensor1, tensor2, value=value)


def lerp(input: Tensor, end: Tensor, weight: Any) -> Tensor:
    """input + weight * (end - input)"""
    return _operand(input).lerp(end, weight)


# -- comparisons and tests (no gradient) -----------------------------------------------------------


def eq(input: Tensor, other: Any) -> Tensor:
    """elementwise =="""
    return _operand(input).eq(other)


def ne(input: Tensor, other: Any) -> Tensor:
    """elementwise !="""
    return _operand(input).ne(other)


def lt(input: Tensor, other: Any) -> Tensor:
    """elementwise <"""
    return _operand(input).lt(other)


def le(input: Tensor, other: Any) -> Tensor:
    """elementwise <="""
    return _operand(input).le(other)


def gt(input: Tensor, other: Any) -> Tensor:
    """elementwise >"""
    return _operand(input).gt(other)


def ge(input: Tensor, other: Any) -> Tensor:
    """elementwise >="""
    return _operand(input).ge(other)


def isnan(input: Tensor) -> Tensor:
    """where input is nan"""
    return _operand(input).isnan()


def isinf(input: Tensor) -> Tensor:
    """where input is ±inf"""
    return _operand(input).isinf()


def isfinite(input: Tensor) -> Tensor:
    """where input is finite"""
    return _operand(input).isfinite()


def all(input: Tensor) -> Tensor:
    """are all elements true"""
    return _operand(input).all()


def any(input: Tensor) -> Tensor:
    """is any element true"""
    return _operand(input).any()


def equal(input: Tensor, other: Tensor) -> bool:
    """same shape and elements"""
    return _operand(input).equal(other)


def allclose(input: Tensor, other: Tensor, rtol: float = 1e-05, atol: float = 1e-08) -> bool:
    """are two tensors close"""
    return _operand(input).allclose(other, rtol, atol)


def argmax(input: Tensor, dim: int | None = None, keepdim: bool = False) -> Tensor:
    """index of the largest element"""
    return _operand(input).argmax(dim, keepdim)


def argmin(input: Tensor, dim: int | None = None, keepdim: bool = False) -> Tensor:
    """index of the smallest element"""
    return _operand(input).argmin(dim, keepdim)


# -- reductions ------------------------------------------------------------------------------------


def sum(input: Tensor, dim: Any = None, keepdim: bool = False, *, dtype: Any = None, axis: Any = None) -> Tensor:
    """sum of elements"""
    return _operand(input).sum(dim, keepdim, dtype=dtype, axis=axis)


def mean(input: Tensor, dim: Any = None, keepdim: bool = False, *, dtype: Any = None, axis: Any = None) -> Tensor:
    """mean of elements"""
    return _operand(input).mean(dim, keepdim, dtype=dtype, axis=axis)


def prod(input: Tensor, dim: int | None = None, keepdim: bool = False, *, dtype: Any = None) -> Tensor:
    """product of elements"""
    return _operand(input).prod(dim, keepdim, dtype=dtype)


def cumsum(input: Tensor, dim: int, *, dtype: Any = None) -> Tensor:
    """running sums along dim"""
    return _operand(input).cumsum(dim, dtype=dtype)


def max(input: Tensor, dim: Any = None, keepdim: bool = False) -> Any:
    """largest element(s)"""
    return _operand(input).max(dim, keepdim)


def min(input: Tensor, dim: Any = None, keepdim: bool = False) -> Any:
    """smallest element(s)"""
    return _operand(input).min(dim, keepdim)


def amax(input: Tensor, dim: Any = (), keepdim: bool = False) -> Tensor:
    """largest elements over dims"""
    return _operand(input).amax(dim, keepdim)


def amin(input: Tensor, dim: Any = (), keepdim: bool = False) -> Tensor:
    """smallest elements over dims"""
    return _operand(input).amin(dim, keepdim)


def var(input: Tensor, dim: Any = None, unbiased: Any = None, keepdim: bool = False, *,
        correction: Any = None) -> Tensor:  # fmt: skip
    """variance"""
    return _operand(input).var(dim, unbiased, keepdim, correction=correction)


def std(input: Tensor, dim: Any = None, unbiased: Any = None, keepdim: bool = False, *,
        correction: Any = None) -> Tensor:  # fmt: skip
    """standard deviation"""
    return _operand(input).std(dim, unbiased, keepdim, correction=correction)


def norm(input: Tensor, p: Any = "fro", dim: Any = None, keepdim: bool = False) -> Tensor:
    """vector norm"""
    return _operand(input).norm(p, dim, keepdim)


def logsumexp(input: Tensor, dim: Any, keepdim: bool = False) -> Tensor:
    """log of the sum of exp along dim"""
    return _operand(input).logsumexp(dim, keepdim)


# -- linear algebra --------------------------------------------------------------------------------


def matmul(input: Tensor, other: Tensor) -> Tensor:
    """matrix product"""
    return _operand(input).matmul(other)


def mm(input: Tensor, mat2: Tensor) -> Tensor:
    """matrix-matrix product"""
    return _operand(input).mm(mat2)


def mv(input: Tensor, vec: Tensor) -> Tensor:
    """matrix-vector product"""
    return _operand(input).mv(vec)


def dot(input: Tensor, other: Tensor) -> Tensor:
    """inner product of vectors"""
    return _operand(input).dot(other)


def outer(input: Tensor, vec2: Tensor) -> Tensor:
    """outer product of two vectors"""
    return _operand(input).outer(vec2)


# -- shape -----------------------------------------------------------------------------------------


def reshape(input: Tensor, shape: Any) -> Tensor:
    """same data, new shape"""
    return _operand(input).reshape(shape)


def flatten(input: Tensor, start_dim: int = 0, end_dim: int = -1) -> Tensor:
    """flatten dimensions"""
    return _operand(input).flatten(start_dim, end_dim)


def t(input: Tensor) -> Tensor:
    """transpose a matrix"""
    return _operand(input).t()


def transpose(input: Tensor, dim0: int, dim1: int) -> Tensor:
    """swap two dimensions"""
    return _operand(input).transpose(dim0, dim1)


def swapaxes(input: Tensor, axis0: int, axis1: int) -> Tensor:
    """swap two dimensions"""
    return _operand(input).swapaxes(axis0, axis1)


def swapdims(input: Tensor, dim0: int, dim1: int) -> Tensor:
    """swap two dimensions"""
    return _operand(input).swapdims(dim0, dim1)


def permute(input: Tensor, dims: Any) -> Tensor:
    """reorder dimensions"""
    return _operand(input).permute(dims)


def movedim(input: Tensor, source: Any, destination: Any) -> Tensor:
    """move dimensions"""
    return _operand(input).movedim(source, destination)


def moveaxis(input: Tensor, source: Any, destination: Any) -> Tensor:
    """move dimensions"""
    return _operand(input).moveaxis(source, destination)


def squeeze(input: Tensor, dim: int | Sequence[int] | None = None) -> Tensor:
    """drop dimensions of size one"""
    return _operand(input).squeeze(dim)


def unsqueeze(input: Tensor, dim: int) -> Tensor:
    """insert a dimension of size one"""
    return _operand(input).unsqueeze(dim)


def flip(input: Tensor, dims: Any) -> Tensor:
    """reverse the order along dims"""
    return _operand(input).flip(dims)


def tile(input: Tensor, dims: Any) -> Tensor:
    """repeat the tensor"""
    return _operand(input).tile(dims)


def split(input: Tensor, split_size_or_sections: Any, dim: int = 0) -> tuple[Tensor, ...]:
    """split into pieces of given sizes"""
    return _operand(input).split(split_size_or_sections, dim)


def chunk(input: Tensor, chunks: int, dim: int = 0) -> tuple[Tensor, ...]:
    """split into equal pieces"""
    return _operand(input).chunk(chunks, dim)


def unbind(input: Tensor, dim: int = 0) -> tuple[Tensor, ...]:
    """each index along dim"""
    return _operand(input).unbind(dim)


def tril(input: Tensor, diagonal: int = 0) -> Tensor:
    """lower triangle"""
    return _operand(input).tril(diagonal)


def triu(input: Tensor, diagonal: int = 0) -> Tensor:
    """upper triangle"""
    return _operand(input).triu(diagonal)


def diagonal(input: Tensor, offset: int = 0, dim1: int = 0, dim2: int = 1) -> Tensor:
    """a diagonal, as a new last dimension"""
    return _operand(input).diagonal(offset, dim1, dim2)


def clone(input: Tensor) -> Tensor:
    """a copy with history"""
    return _operand(input).clone()


def detach(input: Tensor) -> Tensor:
    """the same data without history"""
    return _operand(input).detach()


# -- indexing --------------------------------------------------------------------------------------


def narrow(input: Tensor, dim: int, start: int, length: int) -> Tensor:
    """a slice along a dimension"""
    return _operand(input).narrow(dim, start, length)


def select(input: Tensor, dim: int, index: int) -> Tensor:
    """index along a dimension"""
    return _operand(input).select(dim, index)


def index_select(input: Tensor, dim: int, index: Tensor) -> Tensor:
    """entries at index along dim"""
    return _operand(input).index_select(dim, index)


def gather(input: Tensor, dim: int, index: Tensor, *, sparse_grad: bool = False) -> Tensor:
    """entries picked along dim by index"""
    return _operand(input).gather(dim, index, sparse_grad=sparse_grad)


def scatter_add(input: Tensor, dim: int, index: Tensor, src: Tensor) -> Tensor:
    """add src into input at index along dim"""
    return _operand(input).scatter_add(dim, index, src)


def masked_select(input: Tensor, mask: Tensor) -> Tensor:
    """elements where mask holds, as a 1-d tensor"""
    return _operand(input).masked_select(mask)


# -- functions with no method of the same signature -------------------------------------------------------


def pow(input: Any, exponent: Any) -> Tensor:
    """``input ** exponent``; either one may be a Python number (``torch.pow(2.0, x)``)."""
    if not isinstance(input, Tensor) and isinstance(exponent, Tensor):
        return exponent.__rpow__(input)
    return _operand(input).pow(exponent)


def remainder(input: Any, other: Any) -> Tensor:
    """``input % other`` with the sign of ``other``; ``input`` may be a number."""
    return input.remainder(other) if isinstance(input, Tensor) else _operand(other).__rmod__(input)


def floor_divide(input: Any, other: Any) -> Tensor:
    """``input // other``, rounded toward minus infinity; ``input`` may be a number."""
    return input.floor_divide(other) if isinstance(input, Tensor) else _operand(other).__rfloordiv__(input)


def softmax(input: Tensor, dim: int, dtype: Any = None) -> Tensor:
    """softmax along ``dim`` (computed in ``dtype`` when given)."""
    return input.softmax(dim, dtype=dtype)


def log_softmax(input: Tensor, dim: int, dtype: Any = None) -> Tensor:
    """log of softmax along ``dim`` (computed in ``dtype`` when given)."""
    return input.log_softmax(dim, dtype=dtype)


def where(condition: Tensor, input: Any, other: Any) -> Tensor:
    """Elements of ``input`` where ``condition`` holds, else of ``other``."""
    return Where.apply(*_where_values(input, other), condition=condition._data)


def cat(tensors: Sequence[Tensor], dim: int = 0) -> Tensor:
    """Join tensors along an existing dimension."""
    if not tensors:
        raise RuntimeError("torch.cat(): expected a non-empty list of Tensors")
    return Cat.apply(*tensors, dim=dim)


concat = concatenate = cat


def stack(tensors: Sequence[Tensor], dim: int = 0) -> Tensor:
    """Join tensors along a new dimension."""
    if not tensors:
        raise RuntimeError("stack expects a non-empty TensorList")
    return Stack.apply(*tensors, dim=dim)
