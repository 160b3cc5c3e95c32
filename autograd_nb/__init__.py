"""autograd_nb: a small numpy autograd engine that behaves and prints like PyTorch's.

Use it where a tutorial uses PyTorch::

    import autograd_nb as torch

    x = torch.ones(2, 2, requires_grad=True)
    out = (3 * (x + 2) ** 2).mean()
    out.backward()
    print(x.grad)          # tensor([[4.5000, 4.5000], [4.5000, 4.5000]])

``autograd_nb.sym`` derives the same gradients with SymPy, ``autograd_nb.viz`` draws the graph.
"""

from __future__ import annotations

import typing as _typing

if _typing.TYPE_CHECKING:  # names for annotations only: the public namespace holds PyTorch's names
    from collections.abc import Sequence
    from typing import Any

from . import autograd
from ._creation import (
    arange,
    as_tensor,
    bernoulli,
    empty,
    empty_like,
    eye,
    from_numpy,
    full,
    full_like,
    initial_seed,
    linspace,
    manual_seed,
    normal,
    ones,
    ones_like,
    rand,
    rand_like,
    randint,
    randn,
    randn_like,
    randperm,
    seed,
    tensor,
    zeros,
    zeros_like,
)  # fmt: skip
from ._dtype import (
    Size,
    bool,
    double,
    dtype,
    float,
    float16,
    float32,
    float64,
    half,
    int,
    int8,
    int16,
    int32,
    int64,
    long,
    short,
    uint8,
)  # fmt: skip
from ._printing import set_printoptions
from ._random import Generator, default_generator
from ._tensor import Tensor, _operand
from ._tensor import result_type as _result_type
from .autograd.grad_mode import enable_grad, inference_mode, is_grad_enabled, no_grad, set_grad_enabled

__version__ = "0.1.0"

FloatTensor = DoubleTensor = LongTensor = Tensor


def is_tensor(obj: Any) -> bool:
    return isinstance(obj, Tensor)


def numel(input: Tensor) -> int:
    return input.numel()


def result_type(a: Any, b: Any) -> dtype:
    from ._dtype import from_numpy_dtype

    return from_numpy_dtype(_result_type(a, b))


def get_default_dtype() -> dtype:
    return float32


# -- functions that mirror Tensor methods, as torch.exp(x) mirrors x.exp() ------------------------------


def _method(name: str, doc: str) -> Any:
    def function(input: Tensor, *args: Any, **kwargs: Any) -> Any:
        return getattr(_operand(input), name)(*args, **kwargs)

    function.__name__ = function.__qualname__ = name
    function.__doc__ = doc
    return function


_FUNCTIONS = {
    "add": "input + other (times alpha)", "sub": "input - other", "mul": "input * other",
    "div": "input / other", "neg": "-input", "abs": "|input|",
    "exp": "e ** input", "log": "natural logarithm", "sqrt": "square root", "sin": "sine", "cos": "cosine",
    "tanh": "hyperbolic tangent", "sigmoid": "1 / (1 + exp(-input))", "relu": "max(input, 0)",
    "clamp": "limit to [min, max]", "clip": "limit to [min, max]", "reciprocal": "1 / input",
    "sum": "sum of elements", "mean": "mean of elements", "max": "largest element(s)",
    "min": "smallest element(s)", "norm": "vector norm",
    "matmul": "matrix product", "mm": "matrix-matrix product",
    "mv": "matrix-vector product", "dot": "inner product of vectors", "reshape": "same data, new shape",
    "transpose": "swap two dimensions", "t": "transpose a matrix", "permute": "reorder dimensions",
    "unsqueeze": "insert a dimension of size one", "squeeze": "drop dimensions of size one",
    "flatten": "flatten dimensions", "narrow": "a slice along a dimension", "select": "index along a dimension",
    "argmax": "index of the largest element", "argmin": "index of the smallest element",
    "maximum": "elementwise maximum", "minimum": "elementwise minimum", "clone": "a copy with history",
    "detach": "the same data without history", "eq": "elementwise ==", "ne": "elementwise !=",
    "lt": "elementwise <", "le": "elementwise <=", "gt": "elementwise >", "ge": "elementwise >=",
    "all": "are all elements true", "any": "is any element true", "sign": "sign of each element",
    "allclose": "are two tensors close", "equal": "same shape and elements", "masked_fill": "fill where mask",
    "sgn": "sign of each element",
}  # fmt: skip
for _name, _doc in _FUNCTIONS.items():
    globals()[_name] = _method(_name, _doc)
del _name, _doc


def pow(input: Any, exponent: Any) -> Tensor:
    """``input ** exponent``; either one may be a Python number (``torch.pow(2.0, x)``)."""
    if not isinstance(input, Tensor) and isinstance(exponent, Tensor):
        return exponent.__rpow__(input)
    return _operand(input).pow(exponent)


def softmax(input: Tensor, dim: int, dtype: Any = None) -> Tensor:
    """softmax along ``dim`` (computed in ``dtype`` when given)."""
    return input.softmax(dim, dtype=dtype)


def log_softmax(input: Tensor, dim: int, dtype: Any = None) -> Tensor:
    """log of softmax along ``dim`` (computed in ``dtype`` when given)."""
    return input.log_softmax(dim, dtype=dtype)
# == newops: more torch.* functions that mirror Tensor methods ==
_NEWOPS_FUNCTIONS = {
    "isnan": "where input is nan", "isinf": "where input is ±inf", "isfinite": "where input is finite",
    "nan_to_num": "nan and ±inf replaced by finite numbers", "square": "input * input",
    "log1p": "log(1 + input)", "expm1": "exp(input) - 1", "log2": "base-2 logarithm", "exp2": "2 ** input",
    "rsqrt": "1 / sqrt(input)", "tan": "tangent", "atan": "inverse tangent", "arctan": "inverse tangent",
    "sinh": "hyperbolic sine", "cosh": "hyperbolic cosine", "asin": "inverse sine", "arcsin": "inverse sine",
    "acos": "inverse cosine", "arccos": "inverse cosine", "logsumexp": "log of the sum of exp along dim",
    "prod": "product of elements", "cumsum": "running sums along dim", "amax": "largest elements over dims",
    "amin": "smallest elements over dims", "var": "variance", "std": "standard deviation",
    "outer": "outer product of two vectors", "addcmul": "input + value * tensor1 * tensor2",
    "lerp": "input + weight * (end - input)", "flip": "reverse the order along dims", "tile": "repeat the tensor",
    "chunk": "split into equal pieces", "split": "split into pieces of given sizes", "unbind": "each index along dim",
    "swapaxes": "swap two dimensions", "swapdims": "swap two dimensions", "movedim": "move dimensions",
    "moveaxis": "move dimensions", "tril": "lower triangle", "triu": "upper triangle",
    "diagonal": "a diagonal, as a new last dimension", "index_select": "entries at index along dim",
    "gather": "entries picked along dim by index", "scatter_add": "add src into input at index along dim",
    "masked_select": "elements where mask holds, as a 1-d tensor", "clamp_min": "max(input, min)",
    "clamp_max": "min(input, max)",
}  # fmt: skip
for _name, _doc in _NEWOPS_FUNCTIONS.items():
    globals()[_name] = _method(_name, _doc)


def remainder(input: Any, other: Any) -> Tensor:
    """``input % other`` with the sign of ``other``; ``input`` may be a number."""
    return input.remainder(other) if isinstance(input, Tensor) else _operand(other).__rmod__(input)


def floor_divide(input: Any, other: Any) -> Tensor:
    """``input // other``, rounded toward minus infinity; ``input`` may be a number."""
    return input.floor_divide(other) if isinstance(input, Tensor) else _operand(other).__rfloordiv__(input)


def einsum(equation: str, *operands: Any) -> Tensor:
    """Sums of products in Einstein's notation: ``einsum("ij,jk->ik", a, b)`` is ``a @ b``."""
    from .ops.linalg import einsum as _einsum

    return _einsum(equation, *operands)


# == end newops ==


def where(condition: Tensor, input: Any, other: Any) -> Tensor:
    """Elements of ``input`` where ``condition`` holds, else of ``other``."""
    from .ops.arithmetic import Where

    return Where.apply(_operand(input), _operand(other), condition=condition._data)


def cat(tensors: Sequence[Tensor], dim: int = 0) -> Tensor:
    """Join tensors along an existing dimension."""
    from .ops.shape import Cat

    if not tensors:
        raise RuntimeError("torch.cat(): expected a non-empty list of Tensors")
    return Cat.apply(*tensors, dim=dim)


concat = concatenate = cat


def stack(tensors: Sequence[Tensor], dim: int = 0) -> Tensor:
    """Join tensors along a new dimension."""
    from .ops.shape import Stack

    if not tensors:
        raise RuntimeError("stack expects a non-empty TensorList")
    return Stack.apply(*tensors, dim=dim)


def set_default_dtype(d: dtype) -> None:
    if d is not float32:
        raise NotImplementedError("autograd_nb keeps float32 as the default dtype")


del annotations  # the __future__ feature, not a PyTorch name


def __getattr__(name: str) -> Any:
    # the optional parts load on first use, so `import autograd_nb` stays light
    if name in ("sym", "viz", "widgets", "nn", "optim"):
        import importlib

        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'autograd_nb' has no attribute '{name}'")
