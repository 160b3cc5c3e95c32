"""Every registered op's backward against central finite differences, in float64, on generated shapes.

``CHECKS`` maps each op class in ``autograd_nb.ops.registered_ops()`` to a recipe that draws input
shapes (broadcasting ones where the op broadcasts) and builds a function through the public API.
A new op without a recipe fails ``test_every_op_has_a_gradcheck_case``.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

import hypothesis.extra.numpy as hnp
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import autograd_nb as torch
from autograd_nb import ops
from autograd_nb.autograd import views
from autograd_nb.ops import arithmetic, indexing, shape

EPS = 1e-6


def numerical_vjp(f: Callable, arrays: list[np.ndarray], v: np.ndarray, k: int) -> np.ndarray:
    """d(sum(f(inputs) * v)) / d(input k), by central differences."""
    out = np.zeros_like(arrays[k])
    for index in np.ndindex(arrays[k].shape):
        total = []
        for step in (EPS, -EPS):
            moved = [a.copy() for a in arrays]
            moved[k][index] += step
            with torch.no_grad():
                total.append(float((f(*[torch.tensor(a) for a in moved])._data * v).sum()))
        out[index] = (total[0] - total[1]) / (2 * EPS)
    return out


def graph_names(t: torch.Tensor) -> set[str]:
    names, queue = set(), [t.grad_fn]
    while queue:
        node = queue.pop()
        if node is not None and node.name() not in names:
            names.add(node.name())
            queue.extend(child for child, _ in node.next_functions)
    return names


def check(op: type, f: Callable, arrays: list[np.ndarray], seed: int) -> None:
    xs = [torch.tensor(a, requires_grad=True) for a in arrays]
    out = f(*xs)
    assert op._node_cls().name() in graph_names(out), f"{op.__name__} was not used"
    v = np.random.default_rng(seed).uniform(-1, 1, size=out.shape)
    grads = torch.autograd.grad(out, xs, torch.tensor(v, dtype=out.dtype), allow_unused=True)
    for k, (x, g) in enumerate(zip(xs, grads)):
        analytic = np.zeros(x.shape) if g is None else g._data
        assert analytic.shape == arrays[k].shape
        np.testing.assert_allclose(analytic, numerical_vjp(f, arrays, v, k), rtol=1e-5, atol=1e-6)


# -- drawing inputs -----------------------------------------------------------------------------------------

shapes = hnp.array_shapes(min_dims=0, max_dims=3, min_side=1, max_side=3)
nonempty_shapes = hnp.array_shapes(min_dims=1, max_dims=3, min_side=1, max_side=3)
broadcast_pairs = hnp.mutually_broadcastable_shapes(num_shapes=2, min_dims=0, max_dims=3, max_side=3)


class Draw:
    """Shapes from hypothesis, values from a seeded numpy generator (drawn by hypothesis too)."""

    def __init__(self, data: st.DataObject) -> None:
        self.data = data
        self.rng = np.random.default_rng(data.draw(st.integers(0, 2**32 - 1), label="seed"))

    def __call__(self, strategy: st.SearchStrategy) -> Any:
        return self.data.draw(strategy)

    def values(self, shape: tuple, low: float = -2.0, high: float = 2.0) -> np.ndarray:
        return self.rng.uniform(low, high, size=shape)

    def positive(self, shape: tuple) -> np.ndarray:
        return self.values(shape, 0.5, 2.0)

    def one(self, positive: bool = False, nonempty: bool = False) -> list[np.ndarray]:
        shape = self(nonempty_shapes if nonempty else shapes)
        return [self.positive(shape) if positive else self.values(shape)]

    def two(self, positive_second: bool = False) -> list[np.ndarray]:
        a, b = self(broadcast_pairs).input_shapes
        return [self.values(a), self.positive(b) if positive_second else self.values(b)]

    def dim(self, ndim: int) -> int:
        return self(st.integers(-max(ndim, 1), max(ndim, 1) - 1))


def unary(method: str, positive: bool = False, nonempty: bool = False) -> Callable:
    return lambda d: (lambda x: getattr(x, method)(), d.one(positive, nonempty))


def binary(f: Callable, positive_second: bool = False) -> Callable:
    return lambda d: (f, d.two(positive_second))


def reduce_dim(method: str, **kwargs: Any) -> Callable:
    def recipe(d: Draw) -> tuple:
        (x,) = d.one(nonempty=True)
        dim, keepdim = d.dim(x.ndim), d(st.booleans())
        return (lambda t: getattr(t, method)(dim, keepdim=keepdim, **kwargs)), [x]

    return recipe


def extreme_dim(method: str) -> Callable:
    def recipe(d: Draw) -> tuple:
        (x,) = d.one(nonempty=True)
        dim, keepdim = d.dim(x.ndim), d(st.booleans())
        return (lambda t: getattr(t, method)(dim, keepdim=keepdim).values), [x]

    return recipe


def norm(d: Draw) -> tuple:
    (x,) = d.one(nonempty=True)
    p = d(st.sampled_from([2, 1, 3, float("inf")]))
    dim = d(st.none() | st.just(d.dim(x.ndim)))
    return (lambda t: t.norm(p, dim=dim)), [x]


def softmax(method: str) -> Callable:
    def recipe(d: Draw) -> tuple:
        (x,) = d.one(nonempty=True)
        dim = d.dim(x.ndim)
        return (lambda t: getattr(t, method)(dim)), [x]

    return recipe


def matmul(d: Draw, a_dims: int, b_dims: int) -> list[np.ndarray]:
    n, k, m = (d(st.integers(1, 3)) for _ in range(3))
    batch = d(hnp.array_shapes(min_dims=1, max_dims=2, max_side=3))
    a = {1: (k,), 2: (n, k), 3: batch + (n, k)}[a_dims]
    b = {1: (k,), 2: (k, m), 3: batch + (k, m)}[b_dims]
    return [d.values(a), d.values(b)]


def unsqueeze(d: Draw) -> tuple:
    (x,) = d.one()
    dim = d(st.integers(-x.ndim - 1, x.ndim))
    return (lambda t: t.unsqueeze(dim)), [x]


def cat(d: Draw) -> tuple:
    (x,) = d.one(nonempty=True)
    dim = d.dim(x.ndim)
    other = list(x.shape)
    other[dim] = d(st.integers(1, 3))
    return (lambda a, b: torch.cat([a, b], dim)), [x, d.values(tuple(other))]


def stack(d: Draw) -> tuple:
    (x,) = d.one()
    dim = d(st.integers(-x.ndim - 1, x.ndim))
    return (lambda a, b: torch.stack([a, b], dim)), [x, d.values(x.shape)]


def permute(d: Draw) -> tuple:
    (x,) = d.one()
    order = d(st.permutations(range(x.ndim)))
    return (lambda t: t.permute(*order)), [x]


def transpose(d: Draw) -> tuple:
    (x,) = d.one(nonempty=True)
    dim0, dim1 = d.dim(x.ndim), d.dim(x.ndim)
    return (lambda t: t.transpose(dim0, dim1)), [x]


def expand(d: Draw) -> tuple:
    (x,) = d.one()
    target = d(hnp.broadcastable_shapes(x.shape, min_dims=x.ndim, max_dims=3, max_side=3))
    target = tuple(max(s, t) for s, t in zip(x.shape[::-1], target[::-1]))[::-1]
    lead = d(hnp.array_shapes(min_dims=0, max_dims=3 - x.ndim, max_side=3)) if x.ndim < 3 else ()
    return (lambda t: t.expand(*(lead + target))), [x]


def squeeze_dim(d: Draw) -> tuple:
    shape = list(d(nonempty_shapes))
    dim = d.dim(len(shape))
    shape[dim] = d(st.sampled_from([1, shape[dim]]))
    return (lambda t: t.squeeze(dim)), [d.values(tuple(shape))]


def index_position(d: Draw) -> tuple:
    (x,) = d.one(nonempty=True)
    dim = d.dim(x.ndim)
    return x, dim, d(st.integers(-x.shape[dim], x.shape[dim] - 1))


def select(d: Draw) -> tuple:
    x, dim, i = index_position(d)
    return (lambda t: t.select(dim, i)), [x]


def slice_(d: Draw) -> tuple:
    x, dim, start = index_position(d)
    step = d(st.integers(1, 2))
    key = (slice(None),) * (dim % x.ndim) + (slice(start, None, step),)
    return (lambda t: t[key]), [x]


def advanced_index(d: Draw) -> tuple:
    (x,) = d.one(nonempty=True)
    if d(st.booleans()):
        key = d.rng.integers(0, 2, size=x.shape).astype(bool)
    else:
        key = list(d.rng.integers(-x.shape[0], x.shape[0], size=d(st.integers(1, 4))))
    return (lambda t: t[key]), [x]


def backward_op(op: type) -> Callable:
    """The scatter ops that only backward passes record, called directly."""

    def recipe(d: Draw) -> tuple:
        x, dim, i = index_position(d)
        keys = {indexing.SelectGrad: (slice(None),) * (dim % x.ndim) + (i,),
                indexing.SliceGrad: (slice(None),) * (dim % x.ndim) + (slice(i, None),),
                indexing.IndexGrad: (np.array([i, i, 0]),)}  # fmt: skip
        key = keys[op]
        grad_shape = np.zeros(x.shape)[key].shape
        return (lambda g: op.apply(g, shape=x.shape, key=key)), [d.values(grad_shape)]

    return recipe


def pow(t: torch.Tensor, base: float | None = None, exp: float | None = None) -> torch.Tensor:
    return t**exp if base is None else base**t


def in_place(write: Callable) -> Callable:
    """``write`` mutates a copy with history, as in ``y = x * 1; y[0] = v``."""

    def f(x: torch.Tensor, value: torch.Tensor) -> torch.Tensor:
        y = x * 1
        write(y, value)
        return y

    return f


def setitem(d: Draw) -> tuple:
    x, dim, i = index_position(d)
    key = (slice(None),) * (dim % x.ndim) + (i,)
    target = np.zeros(x.shape)[key].shape
    # a value that broadcasts to the target: a suffix of its shape, some sizes set to one
    suffix = target[d(st.integers(0, len(target))) :]
    value = d.values(tuple(1 if d(st.booleans()) else s for s in suffix))
    return in_place(lambda y, v: y.__setitem__(key, v)), [x, value]


def view_in_place(d: Draw) -> tuple:
    """An in-place op through a transposed view: the base gets CopySlices, the view AsStridedBackward0."""
    (x,) = d.one(nonempty=True)
    value = d.values(x.shape[::-1])

    def f(t: torch.Tensor, v: torch.Tensor) -> torch.Tensor:
        y = t * 1
        view = y.permute(*reversed(range(y.ndim)))
        view.mul_(v)
        return y * view.permute(*reversed(range(view.ndim)))

    return f, [x, value]


def as_strided_scatter(d: Draw) -> tuple:
    """A scatter only CopySlices' double backward records, called directly."""
    (x,) = d.one(nonempty=True)
    positions = d.rng.permutation(x.size)[: d(st.integers(1, x.size))]
    add = d(st.booleans())
    return (lambda t, v: views.AsStridedScatter.apply(t, v, positions=positions, add=add)), [
        x, d.values(positions.shape)]  # fmt: skip


def index_put(d: Draw) -> tuple:
    (x,) = d.one(nonempty=True)
    mask = d.rng.integers(0, 2, size=x.shape).astype(bool)
    return in_place(lambda y, v: y.__setitem__(mask, v)), [x, d.values(())]


def copy(d: Draw) -> tuple:
    x, src = d.two()
    x = np.broadcast_to(x, np.broadcast_shapes(x.shape, src.shape)).copy()
    return in_place(lambda y, v: y.copy_(v)), [x, src]


def where(d: Draw) -> tuple:
    a, b = d.two()
    condition = d.rng.integers(0, 2, size=np.broadcast_shapes(a.shape, b.shape)).astype(bool)
    return (lambda x, y: torch.where(torch.tensor(condition), x, y)), [a, b]


def masked_fill(d: Draw) -> tuple:
    (x,) = d.one()
    mask = torch.tensor(d.rng.integers(0, 2, size=x.shape).astype(bool))
    return (lambda t, value: t.masked_fill(mask, value)), [x, d.values(())]


def addmm(d: Draw) -> tuple:
    n, k, m = (d(st.integers(1, 3)) for _ in range(3))
    bias = d(st.sampled_from([(m,), (1, m), (n, m)]))
    return (lambda b, x, w: torch.nn.functional.linear(x, w, b)), [d.values(bias), d.values((n, k)), d.values((m, k))]


def nll_loss(spatial: bool) -> Callable:
    def recipe(d: Draw) -> tuple:
        n, classes = d(st.integers(1, 3)), d(st.integers(2, 4))
        shape = (n, classes, d(st.integers(1, 3))) if spatial else (n, classes)
        target_shape = (shape[0],) + shape[2:]
        target = torch.tensor(d.rng.integers(0, classes, size=target_shape))
        reduction = d(st.sampled_from(["mean", "sum", "none"]))
        return (lambda x: torch.nn.functional.nll_loss(x, target, reduction=reduction)), [d.values(shape)]

    return recipe


def loss(name: str, low: float = -2.0, high: float = 2.0) -> Callable:
    def recipe(d: Draw) -> tuple:
        shape = d(nonempty_shapes)
        reduction = d(st.sampled_from(["mean", "sum", "none"]))
        f = getattr(torch.nn.functional, name)
        return (lambda x, t: f(x, t, reduction=reduction)), [d.values(shape, low, high), d.values(shape, 0.0, 1.0)]

    return recipe


CHECKS: dict[str, Callable[[Draw], tuple]] = {
    "Abs": unary("abs"),
    "Addmm": addmm,
    "BinaryCrossEntropy": loss("binary_cross_entropy", 0.05, 0.95),
    "BinaryCrossEntropyWithLogits": loss("binary_cross_entropy_with_logits"),
    "MseLoss": loss("mse_loss"),
    "NllLoss": nll_loss(spatial=False),
    "NllLoss2d": nll_loss(spatial=True),
    "Add": binary(lambda a, b: torch.add(a, b, alpha=0.5) + b),
    "Bmm": lambda d: (torch.matmul, matmul(d, 3, 3)),
    "Cat": cat,
    "Clamp": lambda d: ((lambda t: t.clamp(-0.5, 0.7)), d.one()),
    "Clone": unary("clone"),
    "Copy": copy,
    "Cos": unary("cos"),
    "Div": binary(lambda a, b: a / b, positive_second=True),
    "Dot": lambda d: (torch.dot, matmul(d, 1, 1)),
    "Exp": unary("exp"),
    "Expand": expand,
    "Fill": lambda d: ((lambda t: (t * 1).fill_(2.0)), d.one()),
    "Index": advanced_index,
    "IndexGrad": backward_op(indexing.IndexGrad),
    "IndexPut": index_put,
    "Log": unary("log", positive=True),
    "LogSoftmax": softmax("log_softmax"),
    "MaskedFill": masked_fill,
    "Max": unary("max", nonempty=True),
    "MaxDim": extreme_dim("max"),
    "Maximum": binary(torch.maximum),
    "Mean": unary("mean"),
    "MeanDim": reduce_dim("mean"),
    "Min": unary("min", nonempty=True),
    "MinDim": extreme_dim("min"),
    "Minimum": binary(torch.minimum),
    "Mm": lambda d: (torch.mm, matmul(d, 2, 2)),
    "Mul": binary(lambda a, b: a * b),
    "Mv": lambda d: (torch.mv, matmul(d, 2, 1)),
    "Neg": unary("neg"),
    "Norm": norm,
    "Permute": permute,
    "Pow": binary(lambda a, b: b**a, positive_second=True),
    "PowScalar": lambda d: (partial(pow, exp=d(st.sampled_from([2, 3, 0.5, -1, -1.5]))), d.one(positive=True)),
    "RPow": lambda d: (partial(pow, base=d(st.sampled_from([2, 0.5, 3.5]))), d.one()),
    "Reciprocal": unary("reciprocal", positive=True),
    "Relu": unary("relu"),
    "Rsub": lambda d: ((lambda t: 1.5 - t), d.one()),
    "Select": select,
    "SelectGrad": backward_op(indexing.SelectGrad),
    "CopySlices": setitem,
    "DivMode": binary(lambda a, b: torch.div(a, b, rounding_mode=None), positive_second=True),
    "Sgn": lambda d: ((lambda t: t.sgn() * t), d.one()),
    "ReluGrad": binary(lambda g, out: arithmetic.ReluGrad.apply(g, out) * out),
    "ClampTensor": lambda d: ((lambda t, low: t.clamp(low, low + 1)), d.two()),
    "AsStrided": view_in_place,
    "AsStridedScatter": as_strided_scatter,
    "ReshapeAlias": lambda d: (
        (lambda t: t.transpose(0, -1).reshape(*t.shape[::-1][:1], *t.shape[1:-1], t.shape[0], 1)),
        [d.values(d(hnp.array_shapes(min_dims=2, max_dims=3, min_side=2, max_side=3)))],
    ),
    "Alias": lambda d: ((lambda t: t[...]), d.one()),
    "SqueezeDims": lambda d: ((lambda t: t.squeeze((0, -1))), [d.values(d(nonempty_shapes)[:1] + (1,))]),
    "Sigmoid": unary("sigmoid"),
    "Sign": unary("sign"),
    "Sin": unary("sin"),
    "Slice": slice_,
    "SliceGrad": backward_op(indexing.SliceGrad),
    "Softmax": softmax("softmax"),
    "Sqrt": unary("sqrt", positive=True),
    "Squeeze": unary("squeeze"),
    "SqueezeDim": squeeze_dim,
    "SqueezeMatmul": lambda d: (torch.matmul, matmul(d, 1, 2)),
    "Stack": stack,
    "Sub": binary(lambda a, b: torch.sub(a, b, alpha=2)),
    "Sum": unary("sum"),
    "SumDim": reduce_dim("sum"),
    "T": lambda d: (torch.t, [d.values(d(hnp.array_shapes(min_dims=0, max_dims=2, max_side=3)))]),
    "Tanh": unary("tanh"),
    "ToCopy": lambda d: ((lambda t: shape.ToCopy.apply(t, dtype=np.float64)), d.one()),
    "Transpose": transpose,
    "UnsafeView": lambda d: (
        (lambda t: t.t().reshape(-1)),
        [d.values(d(hnp.array_shapes(min_dims=2, max_dims=2, min_side=2)))],
    ),
    "Unsqueeze": unsqueeze,
    "View": lambda d: ((lambda t: t.view(-1)), d.one()),
    "Where": where,
    "Zero": lambda d: ((lambda t: (t * 1).zero_()), d.one()),
}


# == newops: recipes for the ops of the newops blocks ==

# PyTorch records these without a derivative (backward raises): tests/test_newops.py checks that it does
NOT_DIFFERENTIABLE = {"FloorDivide", "RRemainder"}
three_shapes = hnp.mutually_broadcastable_shapes(num_shapes=3, min_dims=0, max_dims=3, max_side=3)
matrix_shapes = hnp.array_shapes(min_dims=2, max_dims=3, min_side=1, max_side=4)


def within(method: str, low: float, high: float) -> Callable:
    return lambda d: ((lambda t: getattr(t, method)()), [d.values(d(shapes), low, high)])


def three(f: Callable) -> Callable:
    return lambda d: (f, [d.values(s) for s in d(three_shapes).input_shapes])


def reduce_dims(method: str, min_side: int = 1, **kwargs: Any) -> Callable:
    """A reduction over one dimension, several, or all (``None``)."""

    def recipe(d: Draw) -> tuple:
        x = d.values(d(hnp.array_shapes(min_dims=1, max_dims=3, min_side=min_side, max_side=3)))
        dims = d(st.none() | st.just(d.dim(x.ndim)) | st.sets(st.integers(0, max(x.ndim - 1, 0)), min_size=1))
        dims = tuple(dims) if isinstance(dims, set) else dims
        keepdim = d(st.booleans())
        if dims is None:
            return (lambda t: getattr(t, method)(keepdim=keepdim, **kwargs)), [x]
        return (lambda t: getattr(t, method)(dims, keepdim=keepdim, **kwargs)), [x]

    return recipe


def nan_to_num(d: Draw) -> tuple:
    (x,) = d.one()
    infinite = torch.tensor(d.rng.integers(0, 2, size=x.shape).astype(bool))
    return (lambda t: t.masked_fill(infinite, float("inf")).nan_to_num(posinf=3.0)), [x]


def prod_with_zeros(over_dim: bool) -> Callable:
    def recipe(d: Draw) -> tuple:
        (x,) = d.one(nonempty=True)
        x = np.where(d.rng.integers(0, 3, size=x.shape) == 0, 0.0, x)  # some exact zeros: the hard case
        if not over_dim:
            return (lambda t: t.prod()), [x]
        dim, keepdim = d.dim(x.ndim), d(st.booleans())
        return (lambda t: t.prod(dim, keepdim=keepdim)), [x]

    return recipe


def flip(d: Draw) -> tuple:
    (x,) = d.one(nonempty=True)
    dims = tuple(d(st.sets(st.integers(0, x.ndim - 1), min_size=1)))
    return (lambda t: t.flip(dims)), [x]


def repeat(d: Draw) -> tuple:
    (x,) = d.one()
    repeats = d(st.lists(st.integers(1, 3), min_size=x.ndim, max_size=x.ndim + 1))
    return (lambda t: t.repeat(*repeats) if repeats else t.repeat(())), [x]


def split(d: Draw, sizes: bool) -> tuple:
    (x,) = d.one(nonempty=True)
    dim = d.dim(x.ndim)
    n = x.shape[dim]
    if sizes:
        cut = d(st.integers(0, n))
        how: Any = [cut, n - cut]
    else:
        how = d(st.integers(1, 3))

    def f(t: torch.Tensor) -> torch.Tensor:
        return torch.cat([p * (i + 1) for i, p in enumerate(t.split(how, dim))], dim)

    return f, [x]


def unbind(d: Draw) -> tuple:
    (x,) = d.one(nonempty=True)
    dim = d.dim(x.ndim)
    return (lambda t: torch.stack([p * (i + 1) for i, p in enumerate(t.unbind(dim))], dim)), [x]


def triangle(method: str) -> Callable:
    def recipe(d: Draw) -> tuple:
        diagonal = d(st.integers(-2, 2))
        return (lambda t: getattr(t, method)(diagonal)), [d.values(d(matrix_shapes))]

    return recipe


def diagonal_args(d: Draw) -> tuple:
    x = d.values(d(matrix_shapes))
    dim1, dim2 = d(st.permutations(range(x.ndim)))[:2]
    return x, d(st.integers(-2, 2)), dim1, dim2


def diagonal(d: Draw) -> tuple:
    x, offset, dim1, dim2 = diagonal_args(d)
    return (lambda t: t.diagonal(offset, dim1, dim2)), [x]


def diagonal_grad(d: Draw) -> tuple:
    x, offset, dim1, dim2 = diagonal_args(d)
    grad = d.values(np.diagonal(x, offset, dim1, dim2).shape)
    return (lambda g: shape.DiagonalGrad.apply(g, shape=x.shape, offset=offset, dim1=dim1, dim2=dim2)), [grad]


def index_select(d: Draw) -> tuple:
    (x,) = d.one(nonempty=True)
    dim = d.dim(x.ndim)
    index = torch.tensor(d.rng.integers(0, x.shape[dim], size=d(st.integers(0, 4))))
    return (lambda t: t.index_select(dim, index)), [x]


def gather_index(d: Draw, x: np.ndarray, dim: int) -> torch.Tensor:
    shape = [d(st.integers(1, s)) for s in x.shape]
    shape[dim] = d(st.integers(1, 4))
    return torch.tensor(d.rng.integers(0, x.shape[dim], size=shape))


def gather(d: Draw) -> tuple:
    (x,) = d.one(nonempty=True)
    dim = d.dim(x.ndim)
    index = gather_index(d, x, dim)
    return (lambda t: t.gather(dim, index)), [x]


def scatter_add(d: Draw) -> tuple:
    (x,) = d.one(nonempty=True)
    dim = d.dim(x.ndim)
    index = gather_index(d, x, dim)
    return (lambda t, src: t.scatter_add(dim, index, src)), [x, d.values(tuple(index.shape))]


def masked_select(d: Draw) -> tuple:
    x_shape, mask_shape = d(broadcast_pairs).input_shapes  # the mask broadcasts with the input, either way
    mask = torch.tensor(d.rng.integers(0, 2, size=mask_shape).astype(bool))
    return (lambda t: t.masked_select(mask)), [d.values(x_shape)]


CHECKS.update({
    "Acos": within("acos", -0.9, 0.9),
    "Addcmul": three(lambda a, b, c: torch.addcmul(a, b, c, value=-1.5)),
    "Amax": reduce_dims("amax"),
    "Amin": reduce_dims("amin"),
    "Asin": within("asin", -0.9, 0.9),
    "Atan": unary("atan"),
    "ClampMax": lambda d: ((lambda t: t.clamp_max(0.3)), d.one()),
    "ClampMaxTensor": binary(torch.clamp_max),
    "ClampMin": lambda d: ((lambda t: torch.clamp_min(t, -0.3)), d.one()),
    "ClampMinTensor": binary(lambda a, b: a.clamp_min(b)),
    "Cosh": unary("cosh"),
    "Cumsum": softmax("cumsum"),
    "Diagonal": diagonal,
    "DiagonalGrad": diagonal_grad,
    "Exp2": unary("exp2"),
    "Expm1": unary("expm1"),
    "Flip": flip,
    "Gather": gather,
    "IndexSelect": index_select,
    "Lerp": binary(lambda a, b: torch.lerp(a, b, 0.3)),
    "LerpTensor": three(torch.lerp),
    "Log1p": unary("log1p", positive=True),
    "Log2": unary("log2", positive=True),
    "Logsumexp": reduce_dim("logsumexp"),
    "MaskedSelect": masked_select,
    "NanToNum": nan_to_num,
    "Prod": prod_with_zeros(over_dim=False),
    "ProdDim": prod_with_zeros(over_dim=True),
    "Remainder": binary(lambda a, b: a % b, positive_second=True),
    "RemainderScalar": lambda d: ((lambda t: t % 0.7), d.one()),
    "Repeat": repeat,
    "Rsqrt": unary("rsqrt", positive=True),
    "ScatterAdd": scatter_add,
    "Sinh": unary("sinh"),
    "Split": lambda d: split(d, sizes=False),
    "SplitWithSizes": lambda d: split(d, sizes=True),
    "Std": reduce_dims("std", min_side=2),  # one element has no spread: nan, as in PyTorch
    "Tan": within("tan", -1.2, 1.2),
    "Tril": triangle("tril"),
    "Triu": triangle("triu"),
    "Unbind": unbind,
    "Var": reduce_dims("var", min_side=2, correction=0),
})  # fmt: skip

# == end newops ==


def test_every_op_has_a_gradcheck_case() -> None:
    registered = {op.__name__ for op in ops.registered_ops()}
    assert registered - set(CHECKS) - NOT_DIFFERENTIABLE == set(), "add a gradcheck recipe for each new op"
    assert set(CHECKS) - registered == set(), "recipes for ops that no longer exist"


OPS = {op.__name__: op for op in ops.registered_ops()}


@pytest.mark.parametrize("name", sorted(set(OPS) - NOT_DIFFERENTIABLE))
@settings(max_examples=12, deadline=None, derandomize=True)
@given(data=st.data())
def test_gradient_matches_finite_differences(name: str, data: st.DataObject) -> None:
    if name not in CHECKS:
        pytest.fail(f"no gradcheck recipe for {name}")
    d = Draw(data)
    f, arrays = CHECKS[name](d)
    check(OPS[name], f, arrays, seed=len(name))

