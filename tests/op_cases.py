"""The op cases: one table that every generic op test reads, as PyTorch's OpInfo does.

A row, ``Case(op, name, expr, inputs)``, is a small computation: ``expr`` is evaluated over named inputs
with ``torch`` bound to autograd_nb or to PyTorch, ``op`` names the registered op (the class in
``autograd_nb.ops.registered_ops()``) whose node its graph must contain, or None for a case about no op
(dtype promotion, comparisons, integer inputs). The rows are read by

- ``tests/test_gradcheck.py``: backward against central finite differences, in float64, at the row's inputs
  and, for rows with ``draw``, on shapes and arguments drawn by hypothesis;
- ``tests/test_sym_ops.py``: backward against ``sympy.diff`` of the replayed formulas (``autograd_nb.sym``);
- ``tests/golden/make_ops_golden.py``, which records what PyTorch computes for ``OPS_CASES``, ``MORE_CASES``
  and ``ADDED_CASES`` into ``golden/ops.json``, ``ops_more.json`` and ``ops_added.json``;
  ``tests/test_ops_golden.py`` compares the engine with those files (and with live torch where importable).

Adding an op: write its class, add one row at the end of ``ADDED_CASES`` (with ``draw=`` a recipe from the
section below), re-record with ``python tests/golden/make_ops_golden.py``. Rows are appended, never inserted:
each file's input values come from one seeded generator in row order (cases, then error statements), so
earlier cases keep their values.
"""

from __future__ import annotations

import types
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

import hypothesis.extra.numpy as hnp
import numpy as np
from hypothesis import strategies as st

import autograd_nb as torch

nan, inf = float("nan"), float("inf")

# -- the one place that reaches into the engine: the op registry and its node names ----------------------------

OPS: dict[str, type] = {op.__name__: op for op in torch.ops.registered_ops()}


def graph_ops(t: Any) -> set[str]:
    """The registered ops (class names) whose nodes are in the graph behind ``t``."""
    found, seen, queue = set(), set(), [t.grad_fn]
    while queue:
        node = queue.pop()
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        if getattr(node, "_op", None) is not None:  # the op behind a node: engine detail, used only here
            found.add(node._op.__name__)
        queue.extend(child for child, _ in node.next_functions)
    return found


# -- inputs ----------------------------------------------------------------------------------------------------


def spec(*shape: int, dtype: str = "float32", grad: bool = True, low: float = -2.0, high: float = 2.0) -> dict:
    return {"shape": list(shape), "dtype": dtype, "requires_grad": grad, "low": low, "high": high}


def F(*shape: int) -> dict:
    """float32 that requires grad, values in [-2, 2)."""
    return spec(*shape)


def D(*shape: int) -> dict:
    """float64 that requires grad."""
    return spec(*shape, dtype="float64")


def P(*shape: int) -> dict:
    """Positive float32 that requires grad (for log, sqrt, pow bases)."""
    return spec(*shape, low=0.5, high=2.0)


def U(*shape: int) -> dict:
    """float32 that requires grad, values in (-0.9, 0.9): the domain of asin and acos."""
    return spec(*shape, low=-0.9, high=0.9)


def C(*shape: int) -> dict:
    """float32 constant (no grad)."""
    return spec(*shape, grad=False)


def I(*shape: int) -> dict:  # noqa: E743
    """int64 constant in [1, 5]."""
    return spec(*shape, dtype="int64", grad=False, low=1, high=6)


def B(*shape: int) -> dict:
    """bool constant."""
    return spec(*shape, dtype="bool", grad=False, low=0, high=2)


def K(values: Any, dtype: str = "float32", grad: bool = True) -> dict:
    """Fixed values (ties for max/min, exact zeros)."""
    return {"values": values, "dtype": dtype, "requires_grad": grad}


def make_values(rng: np.random.Generator, s: dict) -> Any:
    """Values for one input spec, drawn from ``rng`` (fixed values as they are)."""
    if "values" in s:
        return s["values"]
    if s["dtype"] in ("int64", "bool"):
        values = rng.integers(s["low"], s["high"], size=s["shape"])
        return values.astype(bool).tolist() if s["dtype"] == "bool" else values.tolist()
    values = rng.uniform(s["low"], s["high"], size=s["shape"]).astype(s["dtype"])
    return values.tolist()


# -- the row ---------------------------------------------------------------------------------------------------

# why a row is not checked by finite differences or SymPy (PyTorch's choice there is in the golden files)
NO_DERIVATIVE = "PyTorch records no derivative (NotImplemented); tests/test_newops.py checks the error"
TIE = "a tie: the one-sided derivatives differ, PyTorch picks one"
BOUND = "at a bound of the domain or of a clamp: one-sided or infinite derivatives"
NOT_FINITE = "inf or nan values"
DTYPE = "a dtype conversion: on float64 inputs it records nothing or computes in float32 (draw calls ToCopy)"
# why PyTorch cannot run a row
BACKWARD_ONLY = "PyTorch records this node only while differentiating a backward pass"
# why the engine's graph is not PyTorch's (README, differences from PyTorch)
EINSUM_GRAPH = "einsum is built from the engine's own ops"
MATMUL_GRAPH = "PyTorch folds a batch of one into a transposed mm; the engine broadcasts and uses bmm"


@dataclass(frozen=True)
class Case:
    op: str | None  # the registered op whose node the graph must contain; None: golden values only
    name: str  # unique within its golden file; test ids are "op-name"
    expr: str  # evaluated with torch (autograd_nb or PyTorch), the inputs and HELPERS
    inputs: dict  # input name -> spec (F, P, K, ... above)
    draw: Callable | None = None  # hypothesis recipe -> (f, arrays): finite differences on drawn shapes
    no_gradcheck: str = ""  # why finite differences do not apply (a tie or a bound, no derivative, ...)
    no_sym: str = ""  # why the SymPy check does not apply
    engine_only: str = ""  # why PyTorch cannot run it (so it is not in the golden files)
    graph_differs: str = ""  # why the engine's graph is not PyTorch's (values and gradients still compared)

    @property
    def id(self) -> str:
        return f"{self.op}-{self.name}" if self.op else self.name

    @property
    def differentiable(self) -> bool:
        """An op case with a float input that requires grad: the finite-difference and SymPy tests take it."""
        return self.op is not None and any(
            s["requires_grad"] and s["dtype"].startswith("float") for s in self.inputs.values()
        )


def float64_inputs(case: Case, rng: np.random.Generator) -> dict[str, np.ndarray]:
    """Inputs for the finite-difference and SymPy checks: floats in float64, drawn from the spec's range
    (fixed values as they are), kept 0.05 away from zero where abs, relu, clamp and masks have their kinks."""
    arrays = {}
    for name, s in case.inputs.items():
        if not s["dtype"].startswith("float"):
            arrays[name] = np.array(make_values(rng, s), dtype=s["dtype"])
        elif "values" in s:
            arrays[name] = np.array(s["values"], dtype=np.float64)
        else:
            values = rng.uniform(s["low"], s["high"], size=s["shape"])
            arrays[name] = np.where(np.abs(values) < 0.05, 0.3, values)
    return arrays


# -- helpers the expressions use (they work on either library's tensors) ---------------------------------------


def setitem(tensor: Any, key: Any, value: Any) -> Any:
    tensor[key] = value
    return tensor


def iadd(tensor: Any, other: Any) -> Any:
    tensor += other
    return tensor


def imod(tensor: Any, other: Any) -> Any:
    tensor %= other
    return tensor


def mul_through_view(tensor: Any, other: Any) -> Any:
    """An in-place op through a transposed view: the base records CopySlices, the view AsStridedBackward0."""
    view = tensor.t()
    view.mul_(other)
    return tensor * view.t()


HELPERS = {"setitem": setitem, "iadd": iadd, "imod": imod, "mul_through_view": mul_through_view}
ENGINE_ONLY = {"ops": types.SimpleNamespace(**OPS), "np": np}  # for rows that call engine classes directly


def evaluate(library: Any, case: Case, leaves: dict) -> Any:
    """``case.expr`` with ``torch`` bound to ``library`` (autograd_nb or PyTorch)."""
    namespace = {"torch": library, **HELPERS, **(ENGINE_ONLY if case.engine_only else {}), **leaves}
    return eval(case.expr, namespace)


# -- drawn inputs (a row's ``draw``): first derivatives in test_gradcheck.py, second in test_newops.py ---------

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


def backward_op(op: str) -> Callable:
    """The scatter ops that only backward passes record, called directly."""

    def recipe(d: Draw) -> tuple:
        x, dim, i = index_position(d)
        keys = {"SelectGrad": (slice(None),) * (dim % x.ndim) + (i,),
                "SliceGrad": (slice(None),) * (dim % x.ndim) + (slice(i, None),),
                "IndexGrad": (np.array([i, i, 0]) % x.shape[0],)}  # positions along the first axis  # fmt: skip
        key = keys[op]
        grad_shape = np.zeros(x.shape)[key].shape
        return (lambda g: OPS[op].apply(g, shape=x.shape, key=key)), [d.values(grad_shape)]

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
    return (lambda t, v: OPS["AsStridedScatter"].apply(t, v, positions=positions, add=add)), [
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
    return (lambda t: t.masked_fill(mask, 0.5)), [x]


def masked_fill_tensor(d: Draw) -> tuple:
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
    return (lambda g: OPS["DiagonalGrad"].apply(g, shape=x.shape, offset=offset, dim1=dim1, dim2=dim2)), [grad]


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




def reshape_alias(d: Draw) -> tuple:
    x = d.values(d(hnp.array_shapes(min_dims=2, max_dims=3, min_side=2, max_side=3)))
    return (lambda t: t.transpose(0, -1).reshape(*t.shape[::-1][:1], *t.shape[1:-1], t.shape[0], 1)), [x]


def unsafe_view(d: Draw) -> tuple:
    return (lambda t: t.t().reshape(-1)), [d.values(d(hnp.array_shapes(min_dims=2, max_dims=2, min_side=2)))]


# -- the cases recorded in golden/ops.json (seed 20240702) -----------------------------------------------------

OPS_CASES: list[Case] = [
    Case("Add", "add", "x + y", {"x": F(2, 3), "y": F(2, 3)}, draw=binary(lambda a, b: torch.add(a, b, alpha=0.5) + b)),
    Case("Add", "add_broadcast_row", "x + y", {"x": F(2, 3), "y": F(3)}),
    Case("Add", "add_broadcast_both", "x + y", {"x": F(2, 1, 3), "y": F(4, 1)}),
    Case("Add", "add_scalar", "x + 2", {"x": F(2, 3)}),
    Case("Add", "radd_scalar", "2.5 + x", {"x": F(2, 3)}),
    Case("Add", "add_alpha", "torch.add(x, y, alpha=2)", {"x": F(2, 3), "y": F(3)}),
    Case("Add", "add_method", "x.add(y)", {"x": F(2, 3), "y": C(2, 3)}),
    Case("Add", "add_0d", "x + y", {"x": F(2, 3), "y": F()}),
    Case("Sub", "sub", "x - y", {"x": F(2, 3), "y": F(2, 3)}, draw=binary(lambda a, b: torch.sub(a, b, alpha=2))),
    Case("Sub", "sub_broadcast", "x - y", {"x": F(3, 1), "y": F(1, 4)}),
    Case("Sub", "sub_scalar", "x - 1.5", {"x": F(2, 3)}),
    Case("Rsub", "rsub_scalar", "1.5 - x", {"x": F(2, 3)}, draw=lambda d: ((lambda t: 1.5 - t), d.one())),
    Case("Sub", "sub_alpha", "torch.sub(x, y, alpha=3)", {"x": F(2, 3), "y": F(2, 3)}),
    Case("Mul", "mul", "x * y", {"x": F(2, 3), "y": F(2, 3)}, draw=binary(lambda a, b: a * b)),
    Case("Mul", "mul_broadcast", "x * y", {"x": F(3, 1), "y": F(1, 4)}),
    Case("Mul", "mul_scalar", "x * 3", {"x": F(2, 3)}),
    Case("Mul", "rmul_scalar", "3 * x", {"x": F(2, 3)}),
    Case("Mul", "mul_constant", "x * y", {"x": F(2, 3), "y": C(3)}),
    Case("Mul", "mul_self", "x * x", {"x": F(2, 3)}),
    Case("Mul", "torch_mul", "torch.mul(x, y)", {"x": F(2, 3), "y": F(2, 3)}),
    Case("Div", "div", "x / y", {"x": F(2, 3), "y": P(2, 3)}, draw=binary(lambda a, b: a / b, positive_second=True)),
    Case("Div", "div_broadcast", "x / y", {"x": F(2, 3), "y": P(3)}),
    Case("Div", "div_scalar", "x / 2", {"x": F(2, 3)}),
    Case("Mul", "rdiv_scalar", "2 / x", {"x": P(2, 3)}),
    Case("Div", "torch_div", "torch.div(x, y)", {"x": F(2, 3), "y": P(2, 1)}),
    Case("PowScalar", "pow_2", "x ** 2", {"x": F(2, 3)},
         draw=lambda d: (partial(pow, exp=d(st.sampled_from([2, 3, 0.5, -1, -1.5]))), d.one(positive=True))),
    Case("PowScalar", "pow_3", "x ** 3", {"x": F(2, 3)}),
    Case("PowScalar", "pow_half", "x ** 0.5", {"x": P(2, 3)}),
    Case("PowScalar", "pow_minus1", "x ** -1", {"x": P(2, 3)}),
    Case("PowScalar", "pow_0", "x ** 0", {"x": F(2, 3)}),
    Case("PowScalar", "pow_method", "x.pow(2)", {"x": F(2, 3)}),
    Case("PowScalar", "torch_pow", "torch.pow(x, 3)", {"x": F(2, 3)}),
    Case("Pow", "pow_tensor", "x ** y", {"x": P(2, 3), "y": F(2, 3)},
         draw=binary(lambda a, b: b**a, positive_second=True)),
    Case("Pow", "pow_tensor_broadcast", "x ** y", {"x": P(2, 3), "y": F(3)}),
    Case("RPow", "rpow_scalar", "2 ** x", {"x": F(2, 3)},
         draw=lambda d: (partial(pow, base=d(st.sampled_from([2, 0.5, 3.5]))), d.one())),
    Case("Neg", "neg", "-x", {"x": F(2, 3)}, draw=unary("neg")),
    Case("Neg", "neg_method", "x.neg()", {"x": F(2, 3)}),
    Case("Neg", "torch_neg", "torch.neg(x)", {"x": F(2, 3)}),
    Case("Reciprocal", "reciprocal", "x.reciprocal()", {"x": P(2, 3)}, draw=unary("reciprocal", positive=True)),
    Case("Abs", "abs", "x.abs()", {"x": F(2, 3)}, draw=unary("abs")),
    Case("Abs", "torch_abs", "torch.abs(x)", {"x": F(2, 3)}),
    Case("Exp", "exp", "x.exp()", {"x": F(2, 3)}, draw=unary("exp")),
    Case("Exp", "torch_exp", "torch.exp(x)", {"x": F(2, 3)}),
    Case("Log", "log", "x.log()", {"x": P(2, 3)}, draw=unary("log", positive=True)),
    Case("Log", "torch_log", "torch.log(x)", {"x": P(2, 3)}),
    Case("Sqrt", "sqrt", "x.sqrt()", {"x": P(2, 3)}, draw=unary("sqrt", positive=True)),
    Case("Sqrt", "torch_sqrt", "torch.sqrt(x)", {"x": P(2, 3)}),
    Case("Sin", "sin", "x.sin()", {"x": F(2, 3)}, draw=unary("sin")),
    Case("Cos", "cos", "torch.cos(x)", {"x": F(2, 3)}, draw=unary("cos")),
    Case("Tanh", "tanh", "x.tanh()", {"x": F(2, 3)}, draw=unary("tanh")),
    Case("Tanh", "torch_tanh", "torch.tanh(x)", {"x": F(2, 3)}),
    Case("Sigmoid", "sigmoid", "x.sigmoid()", {"x": F(2, 3)}, draw=unary("sigmoid")),
    Case("Sigmoid", "torch_sigmoid", "torch.sigmoid(x)", {"x": F(4)}),
    Case("Relu", "relu", "x.relu()", {"x": F(2, 3)}, draw=unary("relu")),
    Case("Relu", "torch_relu", "torch.relu(x)", {"x": F(2, 3)}),
    Case("Clamp", "clamp_both", "x.clamp(-0.5, 0.5)", {"x": F(2, 3)},
         draw=lambda d: ((lambda t: t.clamp(-0.5, 0.7)), d.one())),
    Case("Clamp", "clamp_min", "x.clamp(min=0)", {"x": F(2, 3)}),
    Case("Clamp", "clamp_max", "torch.clamp(x, max=0.3)", {"x": F(2, 3)}),
    Case("Clamp", "clip", "x.clip(-1, 1)", {"x": F(2, 3)}),
    Case("Where", "where", "torch.where(x > 0, x, y)", {"x": F(2, 3), "y": F(2, 3)}, draw=where),
    Case("Where", "where_broadcast", "torch.where(c, x, y)", {"c": B(2, 3), "x": F(3), "y": F(2, 1)}),
    Case("Where", "where_scalar", "torch.where(x > 0, x, 0.0)", {"x": F(2, 3)}),
    Case("Where", "where_method", "x.where(x < 0, y)", {"x": F(2, 3), "y": F(2, 3)}),
    Case("MaskedFill", "masked_fill", "x.masked_fill(x > 0, 1.0)", {"x": F(2, 3)}, draw=masked_fill),
    Case("Maximum", "maximum", "torch.maximum(x, y)", {"x": F(2, 3), "y": F(2, 3)}, draw=binary(torch.maximum)),
    Case("Minimum", "minimum", "torch.minimum(x, y)", {"x": F(2, 3), "y": F(2, 3)}, draw=binary(torch.minimum)),
    Case("Sum", "sum", "x.sum()", {"x": F(2, 3)}, draw=unary("sum")),
    Case("Sum", "torch_sum", "torch.sum(x)", {"x": F(2, 3)}),
    Case("SumDim", "sum_dim0", "x.sum(0)", {"x": F(2, 3)}, draw=reduce_dim("sum")),
    Case("SumDim", "sum_dim1", "x.sum(dim=1)", {"x": F(2, 3)}),
    Case("SumDim", "sum_keepdim", "x.sum(-1, keepdim=True)", {"x": F(2, 3)}),
    Case("SumDim", "sum_dims", "x.sum((0, 2))", {"x": F(2, 3, 4)}),
    Case("SumDim", "torch_sum_dim", "torch.sum(x, dim=0)", {"x": F(2, 3)}),
    Case("Sum", "sum_0d", "x.sum()", {"x": F()}),
    Case("Mean", "mean", "x.mean()", {"x": F(2, 3)}, draw=unary("mean")),
    Case("Mean", "torch_mean", "torch.mean(x)", {"x": F(2, 3)}),
    Case("MeanDim", "mean_dim0", "x.mean(0)", {"x": F(2, 3)}, draw=reduce_dim("mean")),
    Case("MeanDim", "mean_keepdim", "x.mean(1, keepdim=True)", {"x": F(2, 3)}),
    Case("MeanDim", "mean_dims", "x.mean(dim=(0, 2))", {"x": F(2, 3, 4)}),
    Case("Max", "max", "x.max()", {"x": F(2, 3)}, draw=unary("max", nonempty=True)),
    Case("Max", "torch_max", "torch.max(x)", {"x": F(2, 3)}),
    Case("Max", "max_ties", "x.max()", {"x": K([1.0, 3.0, 3.0, 2.0])}),
    Case("MaxDim", "max_dim", "x.max(0)", {"x": F(2, 3)}, draw=extreme_dim("max")),
    Case("MaxDim", "max_dim_keepdim", "x.max(1, keepdim=True)", {"x": F(2, 3)}),
    Case("MaxDim", "torch_max_dim", "torch.max(x, dim=1)", {"x": F(2, 3)}),
    Case("MaxDim", "max_dim_values", "x.max(dim=1).values", {"x": F(2, 3)}),
    Case(None, "max_dim_indices", "x.max(dim=1).indices", {"x": F(2, 3)}),
    Case("MaxDim", "max_dim_ties", "x.max(0)", {"x": K([[1.0, 5.0], [1.0, 2.0]])}, no_gradcheck=TIE),
    Case("Maximum", "max_binary", "torch.max(x, y)", {"x": F(2, 3), "y": F(2, 3)}),
    Case("Min", "min", "x.min()", {"x": F(2, 3)}, draw=unary("min", nonempty=True)),
    Case("Min", "min_ties", "x.min()", {"x": K([0.0, -1.0, -1.0])}),
    Case("MinDim", "min_dim", "x.min(1)", {"x": F(2, 3)}, draw=extreme_dim("min")),
    Case("MinDim", "torch_min_dim", "torch.min(x, 0, keepdim=True)", {"x": F(2, 3)}),
    Case("Norm", "norm", "x.norm()", {"x": F(2, 3)}, draw=norm),
    Case("Norm", "torch_norm", "torch.norm(x)", {"x": F(2, 3)}),
    Case("Norm", "norm_dim", "x.norm(dim=1)", {"x": F(2, 3)}),
    Case("Norm", "norm_p1", "x.norm(p=1)", {"x": F(2, 3)}),
    Case("Norm", "norm_keepdim", "x.norm(2, dim=0, keepdim=True)", {"x": F(2, 3)}),
    Case("Norm", "norm_p3", "x.norm(3)", {"x": F(2, 3)}),
    Case("Norm", "norm_zero", "x.norm()", {"x": K([0.0, 0.0])}),
    Case("Softmax", "softmax", "x.softmax(dim=1)", {"x": F(2, 3)}, draw=softmax("softmax")),
    Case("Softmax", "softmax_dim0", "torch.softmax(x, dim=0)", {"x": F(2, 3)}),
    Case("Softmax", "softmax_1d", "x.softmax(-1)", {"x": F(5)}),
    Case("LogSoftmax", "log_softmax", "x.log_softmax(dim=1)", {"x": F(2, 3)}, draw=softmax("log_softmax")),
    Case("LogSoftmax", "torch_log_softmax", "torch.log_softmax(x, 0)", {"x": F(2, 3)}),
    Case("Mm", "mm", "x.mm(y)", {"x": F(2, 3), "y": F(3, 4)}, draw=lambda d: (torch.mm, matmul(d, 2, 2))),
    Case("Mm", "torch_mm", "torch.mm(x, y)", {"x": F(2, 3), "y": F(3, 2)}),
    Case("Mv", "mv", "x.mv(y)", {"x": F(2, 3), "y": F(3)}, draw=lambda d: (torch.mv, matmul(d, 2, 1))),
    Case("Mv", "torch_mv", "torch.mv(x, y)", {"x": F(2, 3), "y": F(3)}),
    Case("Dot", "dot", "x.dot(y)", {"x": F(4), "y": F(4)}, draw=lambda d: (torch.dot, matmul(d, 1, 1))),
    Case("Dot", "torch_dot", "torch.dot(x, y)", {"x": F(4), "y": C(4)}),
    Case("Mm", "matmul_2d", "x @ y", {"x": F(2, 3), "y": F(3, 2)}),
    Case("Mm", "matmul_transpose", "torch.matmul(x, w.T)", {"x": F(3, 3), "w": F(2, 3)}),
    Case("Dot", "matmul_1d_1d", "x @ y", {"x": F(3), "y": F(3)}),
    Case("Mv", "matmul_2d_1d", "x @ y", {"x": F(2, 3), "y": F(3)}),
    Case("SqueezeMatmul", "matmul_1d_2d", "x @ y", {"x": F(2), "y": F(2, 3)},
         draw=lambda d: (torch.matmul, matmul(d, 1, 2))),
    Case("UnsafeView", "matmul_3d_2d", "x @ y", {"x": F(2, 2, 3), "y": F(3, 4)}, draw=unsafe_view),
    Case("UnsafeView", "matmul_3d_1d", "x @ y", {"x": F(2, 2, 3), "y": F(3)}),
    Case("UnsafeView", "matmul_3d_3d", "x @ y", {"x": F(2, 2, 3), "y": F(2, 3, 4)}),
    Case("UnsafeView", "matmul_batch_broadcast", "x @ y", {"x": F(1, 2, 3), "y": F(2, 3, 2)},
         graph_differs=MATMUL_GRAPH),
    Case("Mm", "matmul_method", "x.matmul(y)", {"x": F(2, 3), "y": F(3, 2)}),
    Case("View", "reshape", "x.reshape(3, 2)", {"x": F(2, 3)}, draw=lambda d: ((lambda t: t.view(-1)), d.one())),
    Case("View", "reshape_tuple", "x.reshape((6,))", {"x": F(2, 3)}),
    Case("View", "reshape_infer", "x.reshape(-1)", {"x": F(2, 3)}),
    Case("UnsafeView", "reshape_noncontiguous", "x.t().reshape(-1)", {"x": F(2, 3)}),
    Case("View", "torch_reshape", "torch.reshape(x, (3, 2))", {"x": F(2, 3)}),
    Case("View", "view", "x.view(6)", {"x": F(2, 3)}),
    Case("View", "view_infer", "x.view(-1, 2)", {"x": F(2, 3)}),
    Case("View", "flatten", "x.flatten()", {"x": F(2, 2, 2)}),
    Case("T", "t", "x.t()", {"x": F(2, 3)},
         draw=lambda d: (torch.t, [d.values(d(hnp.array_shapes(min_dims=0, max_dims=2, max_side=3)))])),
    Case("T", "t_1d", "x.t()", {"x": F(3)}),
    Case("Permute", "T", "x.T", {"x": F(2, 3)}, draw=permute),
    Case("Permute", "T_3d", "x.T", {"x": F(2, 3, 4)}),
    Case("Transpose", "transpose", "x.transpose(0, 1)", {"x": F(2, 3)}, draw=transpose),
    Case("Transpose", "torch_transpose", "torch.transpose(x, 0, 2)", {"x": F(2, 3, 4)}),
    Case("Permute", "permute", "x.permute(2, 0, 1)", {"x": F(2, 3, 4)}),
    Case("Permute", "permute_tuple", "x.permute((1, 0))", {"x": F(2, 3)}),
    Case("Unsqueeze", "unsqueeze", "x.unsqueeze(0)", {"x": F(2, 3)}, draw=unsqueeze),
    Case("Unsqueeze", "unsqueeze_last", "x.unsqueeze(-1)", {"x": F(2, 3)}),
    Case("Unsqueeze", "torch_unsqueeze", "torch.unsqueeze(x, 1)", {"x": F(2, 3)}),
    Case("Squeeze", "squeeze", "x.squeeze()", {"x": F(1, 3, 1)}, draw=unary("squeeze")),
    Case("SqueezeDim", "squeeze_dim", "x.squeeze(0)", {"x": F(1, 3)}, draw=squeeze_dim),
    Case("SqueezeDim", "squeeze_dim_noop", "x.squeeze(1)", {"x": F(2, 3)}),
    Case("Expand", "expand", "x.expand(2, 3)", {"x": F(3)}, draw=expand),
    Case("Expand", "expand_minus1", "x.expand(-1, 4)", {"x": F(3, 1)}),
    Case("Expand", "expand_new_dim", "x.expand(2, 3, 4)", {"x": F(3, 1)}),
    Case("Expand", "expand_as", "x.expand_as(y)", {"x": F(1, 3), "y": C(2, 3)}),
    Case("Cat", "cat", "torch.cat([x, y])", {"x": F(2, 3), "y": F(1, 3)}, draw=cat),
    Case("Cat", "cat_dim1", "torch.cat((x, y), dim=1)", {"x": F(2, 3), "y": F(2, 2)}),
    Case("Cat", "cat_constant", "torch.cat([x, y], -1)", {"x": F(2, 3), "y": C(2, 1)}),
    Case("Stack", "stack", "torch.stack([x, y])", {"x": F(2, 3), "y": F(2, 3)}, draw=stack),
    Case("Stack", "stack_dim1", "torch.stack((x, y), dim=1)", {"x": F(3), "y": F(3)}),
    Case("Clone", "clone", "x.clone()", {"x": F(2, 3)}, draw=unary("clone")),
    Case("ToCopy", "double", "x.double()", {"x": F(2, 3)},
         draw=lambda d: ((lambda t: OPS["ToCopy"].apply(t, dtype=np.float64)), d.one()), no_gradcheck=DTYPE,
         no_sym=DTYPE),
    Case("ToCopy", "to_float", "x.float()", {"x": D(2, 3)}, no_gradcheck=DTYPE),
    Case("ToCopy", "to_dtype", "x.to(torch.float64)", {"x": F(2, 3)}, no_gradcheck=DTYPE, no_sym=DTYPE),
    Case("Select", "index_int", "x[0]", {"x": F(2, 3)}, draw=select),
    Case("Select", "index_negative", "x[-1]", {"x": F(2, 3)}),
    Case("Select", "index_two_ints", "x[1, 2]", {"x": F(2, 3)}),
    Case("Select", "index_column", "x[:, 1]", {"x": F(2, 3)}),
    Case("Slice", "index_slice", "x[1:]", {"x": F(4, 2)}, draw=slice_),
    Case("Slice", "index_slice_step", "x[::2]", {"x": F(5)}),
    Case("Slice", "index_slice_stop", "x[:, :2]", {"x": F(2, 3)}),
    Case("Select", "index_ellipsis", "x[..., 0]", {"x": F(2, 3, 4)}),
    Case("Unsqueeze", "index_none", "x[None]", {"x": F(2, 3)}),
    Case("Index", "index_list", "x[[0, 2]]", {"x": F(3, 2)}, draw=advanced_index),
    Case("Index", "index_list_repeated", "x[[0, 0, 1]]", {"x": F(3)}),
    Case("Index", "index_list_columns", "x[:, [0, 2]]", {"x": F(2, 3)}),
    Case("Index", "index_tensor", "x[i]", {"x": F(4), "i": K([3, 1, 1], "int64", False)}),
    Case("Index", "index_mask", "x[x > 0]", {"x": F(2, 3)}),
    Case("Index", "index_bool_tensor", "x[m]", {"x": F(4), "m": K([True, False, True, True], "bool", False)}),
    Case("Index", "index_two_lists", "x[[0, 1], [2, 0]]", {"x": F(2, 3)}),
    Case("Slice", "narrow", "x.narrow(1, 1, 2)", {"x": F(2, 3)}),
    Case("Select", "select", "x.select(1, 0)", {"x": F(2, 3)}),
    Case("Add", "add_inplace", "x.clone().add_(y)", {"x": F(2, 3), "y": F(2, 3)}),
    Case("Sub", "sub_inplace", "x.clone().sub_(y)", {"x": F(2, 3), "y": F(3)}),
    Case("Mul", "mul_inplace", "x.clone().mul_(y)", {"x": F(2, 3), "y": F(2, 3)}),
    Case("Div", "div_inplace", "x.clone().div_(2)", {"x": F(2, 3)}),
    Case("Add", "iadd", "iadd(x * 1, y)", {"x": F(2, 3), "y": F(2, 3)}),
    Case("Zero", "zero_inplace", "x.clone().zero_()", {"x": F(2, 3)},
         draw=lambda d: ((lambda t: (t * 1).zero_()), d.one())),
    Case("Fill", "fill_inplace", "x.clone().fill_(2.0)", {"x": F(2, 3)},
         draw=lambda d: ((lambda t: (t * 1).fill_(2.0)), d.one())),
    Case("Copy", "copy_inplace", "x.clone().copy_(y)", {"x": F(2, 3), "y": F(3)}, draw=copy),
    Case("CopySlices", "setitem_row", "setitem(x.clone(), 0, y)", {"x": F(2, 3), "y": F(3)}, draw=setitem),
    Case("IndexPut", "setitem_mask", "setitem(x.clone(), x > 0, 0.0)", {"x": F(2, 3)}, draw=index_put),
    Case("Clamp", "clamp_inplace", "x.clone().clamp_(min=0)", {"x": F(2, 3)}),
    Case(None, "promote_int_times_float", "x * 2.5", {"x": I(3)}),
    Case(None, "promote_int_times_int", "x * 2", {"x": I(3)}),
    Case("Add", "promote_int_plus_float_tensor", "x + y", {"x": I(3), "y": F(3)}),
    Case("Mul", "promote_float32_0d_float64", "x * y", {"x": F(3), "y": D()}),
    Case("Add", "promote_float32_float64", "x + y", {"x": F(3), "y": D(3)}),
    Case("Mul", "promote_int_0d_float64", "x * y", {"x": I(3), "y": D()}),
    Case(None, "promote_int_div_int", "x / y", {"x": I(3), "y": I(3)}),
    Case(None, "promote_bool_plus_bool", "x + y", {"x": B(4), "y": B(4)}),
    Case(None, "promote_bool_times_int", "x * 2", {"x": B(3)}),
    Case(None, "promote_bool_times_float", "x * 2.5", {"x": B(3)}),
    Case(None, "promote_int_pow", "x ** 2", {"x": I(3)}),
    Case(None, "promote_int_pow_float", "x ** 0.5", {"x": I(3)}),
    Case("Pow", "promote_float_pow_0d_double", "x ** y", {"x": P(3), "y": D()}),
    Case(None, "promote_int_sum", "x.sum()", {"x": I(3)}),
    Case(None, "promote_bool_sum", "x.sum()", {"x": B(4)}),
    Case(None, "promote_int_sqrt", "x.sqrt()", {"x": I(3)}),
    Case(None, "promote_int_exp", "torch.exp(x)", {"x": I(3)}),
    Case("Where", "promote_where", "torch.where(c, x, y)", {"c": B(3), "x": I(3), "y": F(3)}),
    Case("Cat", "promote_cat", "torch.cat([x, y])", {"x": I(2), "y": F(2)}),
    Case("Mv", "promote_double_matmul", "x @ y", {"x": D(2, 2), "y": D(2)}),
    Case(None, "eq", "x == y", {"x": K([1.0, 2.0, 3.0]), "y": K([1.0, 0.0, 3.0])}),
    Case(None, "ne_scalar", "x != 2", {"x": K([1.0, 2.0, 3.0])}),
    Case(None, "lt", "x < y", {"x": F(2, 3), "y": F(2, 3)}),
    Case(None, "le_broadcast", "x <= y", {"x": F(2, 3), "y": F(3)}),
    Case(None, "gt_scalar", "x > 0", {"x": F(2, 3)}),
    Case(None, "ge_int", "x >= 3", {"x": I(4)}),
    Case(None, "eq_method", "x.eq(y)", {"x": I(4), "y": I(4)}),
    Case(None, "torch_gt", "torch.gt(x, 0.5)", {"x": F(2, 3)}),
    Case("Mean", "tutorial_mean", "(3 * (x + 2) ** 2).mean()", {"x": K([[1.0, 1.0], [1.0, 1.0]])}),
    Case("Mul", "tutorial_dot", "2 * torch.dot(x, x)", {"x": K([0.0, 1.0, 2.0, 3.0])}),
    Case("Add", "tutorial_poly", "x ** 2 + y ** 2 + x * y", {"x": K(3.0), "y": K(1.0)}),
    Case("Mean", "mlp_layer", "(x @ w.t() + b).relu().sum(1).mean()", {"x": F(4, 3), "w": F(2, 3), "b": F(2)}),
    Case("Neg", "softmax_loss", "-(x.log_softmax(1) * y).sum()", {"x": F(3, 4), "y": C(3, 4)}),
    Case("Addmm", "nn_linear", "torch.nn.functional.linear(x, w, b)", {"x": F(4, 3), "w": F(2, 3), "b": F(2)},
         draw=addmm),
    Case("View", "nn_linear_1d", "torch.nn.functional.linear(x, w, b)", {"x": F(3), "w": F(2, 3), "b": F(2)}),
    Case("View", "nn_linear_3d", "torch.nn.functional.linear(x, w, b)", {"x": F(2, 2, 3), "w": F(2, 3), "b": F(2)}),
    Case("Mm", "nn_linear_no_bias", "torch.nn.functional.linear(x, w)", {"x": F(4, 3), "w": F(2, 3)}),
    Case("MseLoss", "mse_loss", "torch.nn.functional.mse_loss(x, y)", {"x": F(2, 3), "y": F(2, 3)},
         draw=loss("mse_loss")),
    Case("MseLoss", "mse_loss_sum", "torch.nn.functional.mse_loss(x, y, reduction='sum')",
         {"x": F(2, 3), "y": C(2, 3)}),
    Case("MseLoss", "mse_loss_none", "torch.nn.functional.mse_loss(x, y, reduction='none')",
         {"x": F(2, 3), "y": C(2, 3)}),
    Case("Mean", "l1_loss", "torch.nn.functional.l1_loss(x, y)", {"x": F(2, 3), "y": C(2, 3)}),
    Case("NllLoss", "nll_loss", "torch.nn.functional.nll_loss(x, t)",
         {"x": F(3, 4), "t": K([0, 3, 1], "int64", False)}, draw=nll_loss(spatial=False)),
    Case("NllLoss", "nll_loss_weight_ignore", "torch.nn.functional.nll_loss(x, t, weight=w, ignore_index=1)",
         {"x": F(3, 4), "t": K([0, 1, 2], "int64", False), "w": C(4)}),
    Case("NllLoss", "nll_loss_none", "torch.nn.functional.nll_loss(x, t, reduction='none')",
         {"x": F(3, 4), "t": K([2, 3, 1], "int64", False)}),
    Case("NllLoss", "nll_loss_1d", "torch.nn.functional.nll_loss(x, t)", {"x": F(4), "t": K(2, "int64", False)}),
    Case("NllLoss2d", "nll_loss_2d", "torch.nn.functional.nll_loss(x, t)",
         {"x": F(2, 3, 2), "t": K([[0, 2], [1, 1]], "int64", False)}, draw=nll_loss(spatial=True)),
    Case("NllLoss", "cross_entropy", "torch.nn.functional.cross_entropy(x, t)",
         {"x": F(3, 4), "t": K([0, 3, 1], "int64", False)}),
    Case("NllLoss", "cross_entropy_sum", "torch.nn.functional.cross_entropy(x, t, reduction='sum')",
         {"x": F(2, 3), "t": K([2, 0], "int64", False)}),
    Case("BinaryCrossEntropy", "bce", "torch.nn.functional.binary_cross_entropy(x, y)",
         {"x": spec(2, 3, low=0.05, high=0.95), "y": spec(2, 3, low=0.0, high=1.0)},
         draw=loss("binary_cross_entropy", 0.05, 0.95)),
    Case("BinaryCrossEntropy", "bce_weight", "torch.nn.functional.binary_cross_entropy(x, y, weight=w)",
         {"x": spec(2, 3, low=0.05, high=0.95), "y": spec(2, 3, grad=False, low=0.0, high=1.0), "w": C(3)}),
    Case("BinaryCrossEntropyWithLogits", "bce_with_logits",
         "torch.nn.functional.binary_cross_entropy_with_logits(x, y)",
         {"x": F(2, 3), "y": spec(2, 3, low=0.0, high=1.0)}, draw=loss("binary_cross_entropy_with_logits")),
    Case("BinaryCrossEntropyWithLogits", "bce_with_logits_pos_weight",
         "torch.nn.functional.binary_cross_entropy_with_logits(x, y, pos_weight=w)",
         {"x": F(2, 3), "y": spec(2, 3, low=0.0, high=1.0), "w": spec(3, grad=False, low=0.5, high=3.0)}),
]

# statements whose exception (type and message) is recorded
OPS_ERRORS: list[tuple[str, str, dict]] = [
    ("backward_non_scalar", "(x * 2).backward()", {"x": F(3)}),
    ("backward_twice", "y = (x * x).sum()\ny.backward()\ny.backward()", {"x": F(3)}),
    ("grad_twice", "y = (x.exp()).sum()\ntorch.autograd.grad(y, x)\ntorch.autograd.grad(y, x)", {"x": F(3)}),
    ("backward_no_grad", "(x * 2).sum().backward()", {"x": C(3)}),
    ("backward_wrong_gradient_shape", "(x * 2).backward(torch.ones(2))", {"x": F(3)}),
    ("requires_grad_int_tensor", "torch.tensor([1, 2], requires_grad=True)", {}),
    ("requires_grad_int_method", "x.requires_grad_()", {"x": I(3)}),
    ("requires_grad_int_ones", "torch.ones(2, dtype=torch.long, requires_grad=True)", {}),
    ("requires_grad_non_leaf_off", "(x * 2).requires_grad_(False)", {"x": F(3)}),
    ("inplace_leaf", "x.add_(1)", {"x": F(3)}),
    ("inplace_leaf_mul", "x.mul_(2)", {"x": F(3)}),
    ("inplace_leaf_setitem", "x[0] = 1.0", {"x": F(3)}),
    ("inplace_saved_exp", "y = x.exp()\ny.add_(1)\ny.sum().backward()", {"x": F(3)}),
    ("inplace_saved_input", "y = x * 1\nz = y.sin()\ny.mul_(2)\nz.sum().backward()", {"x": F(3)}),
    ("inplace_saved_mul", "a = x + 0\nb = a * y\na.zero_()\nb.sum().backward()", {"x": F(3), "y": F(3)}),
    ("mm_shapes", "x.mm(y)", {"x": F(2, 3), "y": F(2, 3)}),
    ("matmul_shapes", "x @ y", {"x": F(2, 3), "y": F(2, 3)}),
    ("matmul_1d_shapes", "x @ y", {"x": F(3), "y": F(4)}),
    ("matmul_2d_1d_shapes", "x @ y", {"x": F(2, 3), "y": F(2)}),
    ("matmul_1d_2d_shapes", "x @ y", {"x": F(3), "y": F(2, 3)}),
    ("matmul_0d", "x @ y", {"x": F(), "y": F(3)}),
    ("mv_shapes", "x.mv(y)", {"x": F(2, 3), "y": F(2)}),
    ("dot_shapes", "x.dot(y)", {"x": F(3), "y": F(2)}),
    ("dot_2d", "x.dot(y)", {"x": F(2, 3), "y": F(2, 3)}),
    ("broadcast_add", "x + y", {"x": F(2, 3), "y": F(2)}),
    ("broadcast_mul", "x * y", {"x": F(2, 3), "y": F(3, 2)}),
    ("broadcast_compare", "x < y", {"x": F(4), "y": F(3)}),
    ("reshape_invalid", "x.reshape(4)", {"x": F(2, 3)}),
    ("reshape_two_inferred", "x.reshape(-1, -1)", {"x": F(2, 3)}),
    ("view_non_contiguous", "x.t().view(-1)", {"x": F(2, 3)}),
    ("dim_out_of_range", "x.sum(2)", {"x": F(2, 3)}),
    ("index_out_of_range", "x[5]", {"x": F(2, 3)}),
    ("too_many_indices", "x[0, 0, 0]", {"x": F(2, 3)}),
    ("expand_mismatch", "x.expand(2, 4)", {"x": F(3)}),
    ("cat_mismatch", "torch.cat([x, y])", {"x": F(2, 3), "y": F(2, 2)}),
    ("stack_mismatch", "torch.stack([x, y])", {"x": F(2, 3), "y": F(3, 2)}),
    ("t_3d", "x.t()", {"x": F(2, 2, 2)}),
    ("clamp_without_bounds", "x.clamp()", {"x": F(3)}),
    ("mean_int", "x.mean()", {"x": I(3)}),
    ("item_many", "x.item()", {"x": F(3)}),
    ("numpy_requires_grad", "x.numpy()", {"x": F(3)}),
    ("bool_ambiguous", "bool(x > 0)", {"x": F(3)}),
    ("grad_unused", "torch.autograd.grad((x * 2).sum(), [x, y])", {"x": F(3), "y": F(3)}),
    ("grad_unused_single", "torch.autograd.grad((x * 2).sum(), y)", {"x": F(3), "y": F(3)}),
    ("grad_input_no_grad", "torch.autograd.grad((x * 2).sum(), y)", {"x": F(3), "y": C(3)}),
    ("grad_non_scalar", "torch.autograd.grad(x * 2, x)", {"x": F(3)}),
    ("retain_grad_no_grad", "x.retain_grad()", {"x": C(3)}),
    ("hook_no_grad", "x.register_hook(lambda g: g)", {"x": C(3)}),
    ("inplace_int_result", "x.add_(1.5)", {"x": I(3)}),
    ("inplace_broadcast_out", "x.clone().add_(y)", {"x": C(3), "y": C(2, 3)}),
    ("linear_shapes", "torch.nn.functional.linear(x, w, b)", {"x": F(3, 5), "w": F(4, 3), "b": F(4)}),
    ("linear_shapes_no_bias", "torch.nn.functional.linear(x, w)", {"x": F(3, 5), "w": F(4, 3)}),
    ("linear_dtypes", "torch.nn.functional.linear(x, w, b)", {"x": D(3, 3), "w": F(4, 3), "b": F(4)}),
    ("cross_entropy_class_out_of_range", "torch.nn.functional.cross_entropy(x, t)",
     {"x": F(2, 3), "t": K([0, 3], "int64", False)}),
    ("cross_entropy_negative_class", "torch.nn.functional.cross_entropy(x, t)",
     {"x": F(2, 3), "t": K([0, -1], "int64", False)}),
    ("cross_entropy_batch_mismatch", "torch.nn.functional.cross_entropy(x, t)",
     {"x": F(3, 4), "t": K([0, 1], "int64", False)}),
    ("nll_loss_float_target", "torch.nn.functional.nll_loss(x, t)", {"x": F(2, 3), "t": C(2)}),
    ("bce_out_of_range", "torch.nn.functional.binary_cross_entropy(x, y)", {"x": K([1.5]), "y": K([1.0])}),
    ("bce_sizes", "torch.nn.functional.binary_cross_entropy(x.sigmoid(), y)", {"x": F(3), "y": C(2)}),
    ("loss_bad_reduction", "torch.nn.functional.mse_loss(x, y, reduction='avg')", {"x": F(3), "y": C(3)}),
    ("optimizer_empty", "torch.optim.SGD([], lr=0.1)", {}),
    ("optimizer_non_leaf", "torch.optim.SGD([x * 2], lr=0.1)", {"x": F(3)}),
    ("optimizer_bad_lr", "torch.optim.Adam([x], lr=-1)", {"x": F(3)}),
    ("load_state_dict_keys",
     "m = torch.nn.Linear(2, 2)\nm.load_state_dict({'weight': torch.zeros(2, 2), 'extra': torch.zeros(1)})", {}),
    ("load_state_dict_shape", "m = torch.nn.Linear(2, 2)\nm.load_state_dict({'weight': torch.zeros(2), 'bias': x})",
     {"x": C(2)}),
]


# -- the cases recorded in golden/ops_more.json (seed 20261127); new error statements go at the end ------------

MORE_CASES: list[Case] = [
    Case("FloorDivide", "floordiv", "x // y", {"x": F(2, 3), "y": P(2, 3)},
         no_gradcheck=NO_DERIVATIVE, no_sym=NO_DERIVATIVE),
    Case("FloorDivide", "floordiv_scalar", "x // 0.5", {"x": F(2, 3)},
         no_gradcheck=NO_DERIVATIVE, no_sym=NO_DERIVATIVE),
    Case(None, "floordiv_negative", "x // 2", {"x": K([7.0, -7.0, 7.5, -0.5], grad=False)}),
    Case(None, "floordiv_int", "x // y", {"x": I(4), "y": I(4)}),
    Case(None, "floordiv_int_negative", "x // -2", {"x": K([7, -7, 3, 0], "int64", False)}),
    Case("FloorDivide", "rfloordiv", "7 // x", {"x": P(3)}, no_gradcheck=NO_DERIVATIVE, no_sym=NO_DERIVATIVE),
    Case("FloorDivide", "torch_floor_divide", "torch.floor_divide(x, y)", {"x": C(2, 3), "y": P(3)},
         no_gradcheck=NO_DERIVATIVE, no_sym=NO_DERIVATIVE),
    Case(None, "floor_divide_method", "x.floor_divide(2.0)", {"x": C(4)}),
    Case("Remainder", "mod", "x % y", {"x": F(2, 3), "y": P(2, 3)},
         draw=binary(lambda a, b: a % b, positive_second=True)),
    Case("Remainder", "mod_broadcast", "x % y", {"x": F(2, 3), "y": P(3)}),
    Case("RemainderScalar", "mod_scalar", "x % 1.5", {"x": F(2, 3)}, draw=lambda d: ((lambda t: t % 0.7), d.one())),
    Case("RemainderScalar", "mod_negative_divisor", "x % -1.5", {"x": F(2, 3)}),
    Case(None, "mod_int", "x % 3", {"x": K([7, -7, 3, 0], "int64", False)}),
    Case("RRemainder", "rmod", "2.5 % x", {"x": P(3)}, no_gradcheck=NO_DERIVATIVE, no_sym=NO_DERIVATIVE),
    Case("Remainder", "torch_remainder", "torch.remainder(x, y)", {"x": F(2, 3), "y": P(2, 3)}),
    Case("RemainderScalar", "remainder_method", "x.remainder(0.7)", {"x": F(2, 3)}),
    Case("RRemainder", "torch_remainder_number_first", "torch.remainder(2.5, x)", {"x": P(3)},
         no_gradcheck=NO_DERIVATIVE, no_sym=NO_DERIVATIVE),
    Case("FloorDivide", "torch_floor_divide_number_first", "torch.floor_divide(7, x)", {"x": P(3)},
         no_gradcheck=NO_DERIVATIVE, no_sym=NO_DERIVATIVE),
    Case(None, "isnan", "x.isnan()", {"x": K([nan, 1.0, inf, -inf])}),
    Case(None, "isinf", "torch.isinf(x)", {"x": K([nan, 1.0, inf, -inf])}),
    Case(None, "isfinite", "x.isfinite()", {"x": K([nan, 1.0, inf, -inf])}),
    Case(None, "isnan_int", "torch.isnan(x)", {"x": I(3)}),
    Case("NanToNum", "nan_to_num", "x.nan_to_num()", {"x": K([nan, 1.5, inf, -inf])}, draw=nan_to_num,
         no_gradcheck=NOT_FINITE),
    Case("NanToNum", "nan_to_num_args", "torch.nan_to_num(x, nan=1.0, posinf=2.0, neginf=-2.0)",
         {"x": K([nan, 1.5, inf, -inf])}),
    Case("NanToNum", "nan_to_num_double", "x.nan_to_num()", {"x": K([nan, 0.5, inf, -inf], "float64")},
         no_gradcheck=NOT_FINITE),
    Case(None, "nan_to_num_int", "x.nan_to_num()", {"x": I(3)}),
    Case("PowScalar", "square", "x.square()", {"x": F(2, 3)}),
    Case("PowScalar", "torch_square", "torch.square(x)", {"x": F(2, 3)}),
    Case(None, "square_int", "x.square()", {"x": I(3)}),
    Case("Log1p", "log1p", "x.log1p()", {"x": spec(2, 3, low=-0.5)}, draw=unary("log1p", positive=True)),
    Case("Log1p", "torch_log1p", "torch.log1p(x)", {"x": P(3)}),
    Case(None, "log1p_int", "x.log1p()", {"x": I(3)}),
    Case("Expm1", "expm1", "x.expm1()", {"x": F(2, 3)}, draw=unary("expm1")),
    Case("Expm1", "torch_expm1", "torch.expm1(x)", {"x": F(3)}),
    Case("Log2", "log2", "x.log2()", {"x": P(2, 3)}, draw=unary("log2", positive=True)),
    Case("Log2", "torch_log2", "torch.log2(x)", {"x": P(3)}),
    Case("Exp2", "exp2", "x.exp2()", {"x": F(2, 3)}, draw=unary("exp2")),
    Case(None, "exp2_int", "torch.exp2(x)", {"x": I(3)}),
    Case("Rsqrt", "rsqrt", "x.rsqrt()", {"x": P(2, 3)}, draw=unary("rsqrt", positive=True)),
    Case("Rsqrt", "torch_rsqrt", "torch.rsqrt(x)", {"x": P(3)}),
    Case(None, "rsqrt_zero", "x.rsqrt()", {"x": K([0.0, 4.0], grad=False)}),
    Case("Tan", "tan", "x.tan()", {"x": spec(2, 3, low=-1.2, high=1.2)}, draw=within("tan", -1.2, 1.2)),
    Case("Tan", "torch_tan", "torch.tan(x)", {"x": F(3)}),
    Case("Atan", "atan", "x.atan()", {"x": F(2, 3)}, draw=unary("atan")),
    Case("Atan", "arctan", "torch.arctan(x)", {"x": F(3)}),
    Case("Sinh", "sinh", "x.sinh()", {"x": F(2, 3)}, draw=unary("sinh")),
    Case("Sinh", "torch_sinh", "torch.sinh(x)", {"x": F(3)}),
    Case("Cosh", "cosh", "x.cosh()", {"x": F(2, 3)}, draw=unary("cosh")),
    Case("Cosh", "torch_cosh", "torch.cosh(x)", {"x": F(3)}),
    Case("Asin", "asin", "x.asin()", {"x": U(2, 3)}, draw=within("asin", -0.9, 0.9)),
    Case("Asin", "arcsin", "torch.arcsin(x)", {"x": U(3)}),
    Case("Acos", "acos", "x.acos()", {"x": U(2, 3)}, draw=within("acos", -0.9, 0.9)),
    Case("Acos", "arccos", "torch.arccos(x)", {"x": U(3)}),
    Case("Addcmul", "addcmul", "torch.addcmul(x, y, z)", {"x": F(2, 3), "y": F(2, 3), "z": F(2, 3)},
         draw=three(lambda a, b, c: torch.addcmul(a, b, c, value=-1.5))),
    Case("Addcmul", "addcmul_value_broadcast", "torch.addcmul(x, y, z, value=0.5)",
         {"x": F(3), "y": F(2, 1), "z": F(2, 3)}),
    Case("Addcmul", "addcmul_method", "x.addcmul(y, z, value=-2)", {"x": F(2, 3), "y": C(2, 3), "z": F(3)}),
    Case("Lerp", "lerp", "torch.lerp(x, y, 0.3)", {"x": F(2, 3), "y": F(2, 3)},
         draw=binary(lambda a, b: torch.lerp(a, b, 0.3))),
    Case("Lerp", "lerp_method", "x.lerp(y, 0.75)", {"x": F(2, 3), "y": F(3)}),
    Case("LerpTensor", "lerp_tensor_weight", "torch.lerp(x, y, w)", {"x": F(2, 3), "y": F(2, 3), "w": F(3)},
         draw=three(torch.lerp)),
    Case("ClampMin", "clamp_min", "x.clamp_min(0.2)", {"x": F(2, 3)},
         draw=lambda d: ((lambda t: torch.clamp_min(t, -0.3)), d.one())),
    Case("ClampMin", "clamp_min_at_bound", "x.clamp_min(1.0)", {"x": K([0.5, 1.0, 1.5])}, no_gradcheck=BOUND),
    Case("ClampMin", "torch_clamp_min", "torch.clamp_min(x, -0.5)", {"x": F(2, 3)}),
    Case("ClampMax", "clamp_max", "x.clamp_max(0.2)", {"x": F(2, 3)},
         draw=lambda d: ((lambda t: t.clamp_max(0.3)), d.one())),
    Case("ClampMax", "clamp_max_at_bound", "torch.clamp_max(x, 1.0)", {"x": K([0.5, 1.0, 1.5])}, no_gradcheck=BOUND),
    Case("ClampMinTensor", "clamp_min_tensor", "x.clamp_min(y)", {"x": K([0.5, 1.0, 1.5]), "y": K([1.0, 1.0, 1.0])},
         draw=binary(lambda a, b: a.clamp_min(b)), no_gradcheck=TIE),
    Case("ClampMaxTensor", "clamp_max_tensor", "torch.clamp_max(x, y)", {"x": F(2, 3), "y": F(3)},
         draw=binary(torch.clamp_max)),
    Case(None, "clamp_min_int", "x.clamp_min(2)", {"x": I(4)}),
    Case("Logsumexp", "logsumexp", "x.logsumexp(1)", {"x": F(2, 3)}, draw=reduce_dim("logsumexp")),
    Case("Logsumexp", "logsumexp_keepdim", "x.logsumexp(0, keepdim=True)", {"x": F(2, 3)}),
    Case("Logsumexp", "logsumexp_dims", "torch.logsumexp(x, (0, 2))", {"x": F(2, 3, 2)}),
    Case("Logsumexp", "logsumexp_large", "x.logsumexp(0)", {"x": K([1000.0, 1000.0, 999.0])}),
    Case(None, "logsumexp_neg_inf", "x.logsumexp(0)", {"x": K([-inf, -inf], grad=False)}),
    Case(None, "logsumexp_int", "x.logsumexp(0)", {"x": I(3)}),
    Case("Prod", "prod", "x.prod()", {"x": F(2, 3)}, draw=prod_with_zeros(over_dim=False)),
    Case("Prod", "torch_prod", "torch.prod(x)", {"x": F(4)}),
    Case("ProdDim", "prod_dim", "x.prod(1)", {"x": F(2, 3)}, draw=prod_with_zeros(over_dim=True)),
    Case("ProdDim", "prod_keepdim", "torch.prod(x, 0, keepdim=True)", {"x": F(2, 3)}),
    Case("Prod", "prod_one_zero", "x.prod()", {"x": K([2.0, 0.0, 3.0])}),
    Case("Prod", "prod_two_zeros", "x.prod()", {"x": K([0.0, 2.0, 0.0])}),
    Case("ProdDim", "prod_dim_zeros", "x.prod(1)", {"x": K([[1.0, 0.0, 2.0], [2.0, 3.0, 4.0], [0.0, 0.0, 5.0]])}),
    Case(None, "prod_int", "x.prod()", {"x": I(3)}),
    Case("Prod", "prod_dtype", "x.prod(dtype=torch.float64)", {"x": F(3)}),
    Case("Prod", "prod_0d", "x.prod()", {"x": F()}),
    Case("Cumsum", "cumsum", "x.cumsum(0)", {"x": F(2, 3)}, draw=softmax("cumsum")),
    Case("Cumsum", "cumsum_dim1", "torch.cumsum(x, dim=1)", {"x": F(2, 3)}),
    Case("Cumsum", "cumsum_negative_dim", "x.cumsum(-1)", {"x": F(2, 2, 3)}),
    Case("Cumsum", "cumsum_dtype", "x.cumsum(0, dtype=torch.float64)", {"x": F(4)}),
    Case(None, "cumsum_int", "x.cumsum(0)", {"x": I(4)}),
    Case("Amax", "amax", "x.amax()", {"x": F(2, 3)}, draw=reduce_dims("amax")),
    Case("Amax", "amax_dim", "x.amax(1)", {"x": F(2, 3)}),
    Case("Amax", "amax_dims_keepdim", "torch.amax(x, (0, 2), keepdim=True)", {"x": F(2, 3, 2)}),
    Case("Amax", "amax_ties", "x.amax()", {"x": K([1.0, 3.0, 3.0, 2.0])}),
    Case("Amax", "amax_dim_ties", "x.amax(0)", {"x": K([[1.0, 5.0], [1.0, 2.0], [0.0, 5.0]])}),
    Case("Amin", "amin", "x.amin()", {"x": F(2, 3)}, draw=reduce_dims("amin")),
    Case("Amin", "amin_dim_ties", "torch.amin(x, 1)", {"x": K([[1.0, 1.0, 2.0], [0.0, -1.0, -1.0]])}),
    Case(None, "amax_int", "x.amax()", {"x": I(4)}),
    Case("Var", "var", "x.var()", {"x": F(2, 3)}, draw=reduce_dims("var", min_side=2, correction=0)),
    Case("Var", "torch_var", "torch.var(x)", {"x": F(5)}),
    Case("Var", "var_dim", "x.var(1)", {"x": F(2, 3)}),
    Case("Var", "var_unbiased_false", "x.var(unbiased=False)", {"x": F(2, 3)}),
    Case("Var", "var_positional", "torch.var(x, 0, True, True)", {"x": F(2, 3)}),
    Case("Var", "var_correction", "x.var(dim=(0, 1), correction=0, keepdim=True)", {"x": F(2, 3)}),
    Case("Var", "var_unbiased_positional", "x.var(False)", {"x": F(2, 3)}),
    Case("Std", "std", "x.std()", {"x": F(2, 3)}, draw=reduce_dims("std", min_side=2)),
    Case("Std", "torch_std", "torch.std(x, dim=0)", {"x": F(2, 3)}),
    Case("Std", "std_unbiased_false", "x.std(1, unbiased=False, keepdim=True)", {"x": F(2, 3)}),
    Case("Std", "std_correction", "x.std(correction=0)", {"x": D(4)}),
    Case("Mul", "outer", "torch.outer(x, y)", {"x": F(3), "y": F(4)}),
    Case("Mul", "outer_method", "x.outer(y)", {"x": F(2), "y": C(3)}),
    Case("Mul", "outer_int_float", "torch.outer(x, y)", {"x": I(2), "y": F(3)}),
    Case("SumDim", "einsum_mm", "torch.einsum('ij,jk->ik', x, y)", {"x": F(2, 3), "y": F(3, 4)},
         graph_differs=EINSUM_GRAPH),
    Case("SumDim", "einsum_bmm", "torch.einsum('bij,bjk->bik', x, y)", {"x": F(2, 2, 3), "y": F(2, 3, 2)},
         graph_differs=EINSUM_GRAPH),
    Case("Mul", "einsum_outer", "torch.einsum('i,j->ij', x, y)", {"x": F(3), "y": F(2)}, graph_differs=EINSUM_GRAPH),
    Case("SumDim", "einsum_trace", "torch.einsum('ii->', x)", {"x": F(3, 3)}, graph_differs=EINSUM_GRAPH),
    Case("Permute", "einsum_diagonal", "torch.einsum('ii->i', x)", {"x": F(3, 3)}, graph_differs=EINSUM_GRAPH),
    Case("SumDim", "einsum_sum_index", "torch.einsum('ij->i', x)", {"x": F(2, 3)}, graph_differs=EINSUM_GRAPH),
    Case("SumDim", "einsum_sum_all", "torch.einsum('ij->', x)", {"x": F(2, 3)}, graph_differs=EINSUM_GRAPH),
    Case("Permute", "einsum_transpose", "torch.einsum('ij->ji', x)", {"x": F(2, 3)}, graph_differs=EINSUM_GRAPH),
    Case("SumDim", "einsum_bilinear", "torch.einsum('i,ij,j->', x, a, y)", {"x": F(2), "a": F(2, 3), "y": F(3)},
         graph_differs=EINSUM_GRAPH),
    Case("SumDim", "einsum_bilinear_batch", "torch.einsum('bi,ij,bj->b', x, a, y)",
         {"x": F(4, 2), "a": F(2, 3), "y": F(4, 3)}, graph_differs=EINSUM_GRAPH),
    Case("SumDim", "einsum_dot", "torch.einsum('i,i->', x, y)", {"x": F(4), "y": F(4)}, graph_differs=EINSUM_GRAPH),
    Case("Mul", "einsum_hadamard", "torch.einsum('ij,ij->ij', x, y)", {"x": F(2, 3), "y": F(2, 3)},
         graph_differs=EINSUM_GRAPH),
    Case("SumDim", "einsum_mv", "torch.einsum('ij,j->i', x, y)", {"x": F(2, 3), "y": F(3)}, graph_differs=EINSUM_GRAPH),
    Case("SumDim", "einsum_implicit", "torch.einsum('ij,jk', x, y)", {"x": F(2, 3), "y": F(3, 2)},
         graph_differs=EINSUM_GRAPH),
    Case("SumDim", "einsum_list", "torch.einsum('ij,jk->ik', [x, y])", {"x": F(2, 3), "y": F(3, 2)},
         graph_differs=EINSUM_GRAPH),
    Case("SumDim", "einsum_ellipsis", "torch.einsum('...ij,...jk->...ik', x, y)", {"x": F(2, 2, 3), "y": F(3, 2)},
         graph_differs=EINSUM_GRAPH),
    Case("SumDim", "einsum_spaces", "torch.einsum('i j , j -> i', x, y)", {"x": F(2, 3), "y": C(3)},
         graph_differs=EINSUM_GRAPH),
    Case("SumDim", "einsum_upper_implicit", "torch.einsum('Ji,i', x, y)", {"x": F(2, 3), "y": F(3)},
         graph_differs=EINSUM_GRAPH),
    Case("SumDim", "einsum_batch_trace", "torch.einsum('bii->b', x)", {"x": F(2, 3, 3)}, graph_differs=EINSUM_GRAPH),
    Case("Flip", "flip", "x.flip(0)", {"x": F(2, 3)}, draw=flip),
    Case("Flip", "flip_dims", "torch.flip(x, (0, 2))", {"x": F(2, 3, 2)}),
    Case("Flip", "flip_varargs", "x.flip(1, 0)", {"x": F(2, 3)}),
    Case("Repeat", "repeat", "x.repeat(2, 1)", {"x": F(2, 3)}, draw=repeat),
    Case("Repeat", "repeat_new_dims", "x.repeat(2, 1, 3)", {"x": F(3, 1)}),
    Case("Repeat", "tile", "x.tile(2)", {"x": F(2, 3)}),
    Case("Repeat", "torch_tile", "torch.tile(x, (2, 1, 1))", {"x": F(3)}),
    Case("Split", "chunk", "x.chunk(2)", {"x": F(4, 2)}, draw=lambda d: split(d, sizes=False)),
    Case("Split", "chunk_uneven", "x.chunk(2, 1)", {"x": F(2, 3)}),
    Case("Split", "chunk_more_than_size", "torch.chunk(x, 5)", {"x": F(3)}),
    Case("Mul", "chunk_second", "x.chunk(3)[1] * 2", {"x": F(6)}),
    Case("Split", "split", "x.split(2)", {"x": F(5, 2)}),
    Case("SplitWithSizes", "split_sizes", "x.split([1, 2], dim=1)", {"x": F(2, 3)},
         draw=lambda d: split(d, sizes=True)),
    Case("Split", "torch_split", "torch.split(x, 1)", {"x": F(2, 3)}),
    Case("Split", "split_whole", "x.split(3, 1)", {"x": F(2, 3)}),
    Case("Unbind", "unbind", "x.unbind()", {"x": F(2, 3)}, draw=unbind),
    Case("Unbind", "unbind_dim1", "torch.unbind(x, 1)", {"x": F(2, 3)}),
    Case("Mul", "unbind_last", "x.unbind(-1)[2] * 3", {"x": F(2, 3)}),
    Case("Transpose", "mT", "x.mT", {"x": F(2, 3)}),
    Case("Transpose", "mT_batch", "x.mT", {"x": F(2, 3, 2)}),
    Case("Transpose", "swapaxes", "x.swapaxes(0, 2)", {"x": F(2, 3, 2)}),
    Case("Transpose", "torch_swapdims", "torch.swapdims(x, 0, 1)", {"x": F(2, 3)}),
    Case("Permute", "movedim", "x.movedim(0, -1)", {"x": F(2, 3, 4)}),
    Case("Permute", "movedim_tuple", "torch.movedim(x, (0, 1), (2, 0))", {"x": F(2, 3, 4)}),
    Case("Permute", "moveaxis", "x.moveaxis(1, 0)", {"x": F(2, 3)}),
    Case("Tril", "tril", "x.tril()", {"x": F(3, 3)}, draw=triangle("tril")),
    Case("Tril", "torch_tril_negative", "torch.tril(x, -1)", {"x": F(3, 4)}),
    Case("Triu", "triu", "x.triu(1)", {"x": F(3, 4)}, draw=triangle("triu")),
    Case("Triu", "triu_batch", "torch.triu(x)", {"x": F(2, 2, 3)}),
    Case("Tril", "tril_beyond", "x.tril(5)", {"x": F(2, 3)}),
    Case("Diagonal", "diagonal", "x.diagonal()", {"x": F(3, 3)}, draw=diagonal),
    Case("Diagonal", "diagonal_offset", "torch.diagonal(x, 1)", {"x": F(3, 4)}),
    Case("Diagonal", "diagonal_dims", "x.diagonal(-1, 0, 2)", {"x": F(3, 2, 3)}),
    Case("IndexSelect", "index_select", "x.index_select(0, i)", {"x": F(4, 2), "i": K([3, 0], "int64", False)},
         draw=index_select),
    Case("IndexSelect", "index_select_repeated", "torch.index_select(x, 1, i)",
         {"x": F(2, 3), "i": K([2, 2, 0, 2], "int64", False)}),
    Case("IndexSelect", "index_select_empty", "x.index_select(1, i)", {"x": F(2, 3), "i": K([], "int64", False)}),
    Case("Gather", "gather", "x.gather(1, i)", {"x": F(2, 3), "i": K([[0, 0], [2, 1]], "int64", False)}, draw=gather),
    Case("Gather", "gather_dim0", "torch.gather(x, 0, i)", {"x": F(2, 3), "i": K([[1, 0, 1]], "int64", False)}),
    Case("Gather", "gather_negative_dim", "x.gather(-1, i)",
         {"x": F(2, 2, 3), "i": K([[[2], [0]], [[1], [1]]], "int64", False)}),
    Case("ScatterAdd", "scatter_add", "x.scatter_add(1, i, y)",
         {"x": F(2, 3), "i": K([[0, 0], [2, 1]], "int64", False), "y": F(2, 2)}, draw=scatter_add),
    Case("ScatterAdd", "scatter_add_dim0", "torch.scatter_add(x, 0, i, y)",
         {"x": F(3, 2), "i": K([[0, 2], [0, 0]], "int64", False), "y": F(2, 2)}),
    Case("MaskedSelect", "masked_select", "x.masked_select(x > 0)", {"x": F(2, 3)}, draw=masked_select),
    Case("MaskedSelect", "masked_select_broadcast", "torch.masked_select(x, m)",
         {"x": F(2, 3), "m": K([True, False, True], "bool", False)}),
    Case("MaskedSelect", "masked_select_mask_bigger", "x.masked_select(m)", {"x": F(3), "m": B(2, 3)}),
    Case("Prod", "prod_empty", "x.prod()", {"x": K([])}),
    Case("Cumsum", "cumsum_empty", "x.cumsum(0)", {"x": K([])}),
    Case("Logsumexp", "logsumexp_empty", "x.logsumexp(0)", {"x": K([])}, no_sym=NOT_FINITE),
    Case(None, "amax_empty_other_dim", "x.amax(1)", {"x": F(0, 3)}),
    Case("Var", "var_empty", "x.var()", {"x": K([])}),
    Case("Var", "var_one_element", "x.var()", {"x": K([1.5])}, no_gradcheck=NOT_FINITE, no_sym=NOT_FINITE),
    Case("Std", "std_no_spread", "x.std()", {"x": K([1.0, 1.0])}, no_sym=NOT_FINITE),
    Case("Std", "std_dim_no_spread", "x.std(1)", {"x": K([[1.0, 1.0], [1.0, 2.0]])},
         no_gradcheck=NOT_FINITE, no_sym=NOT_FINITE),
    Case("MaskedSelect", "masked_select_nothing", "x.masked_select(x > 5)", {"x": F(2, 3)}),
    Case("SplitWithSizes", "chunk_empty", "x.chunk(2, 1)", {"x": F(2, 0)}),
    Case("Split", "split_empty", "x.split(2, 1)", {"x": F(2, 0)}),
    Case("Flip", "flip_empty", "x.flip(0)", {"x": K([])}),
    Case("Repeat", "repeat_zero", "x.repeat(2, 0)", {"x": F(2, 3)}),
    Case("Tril", "tril_empty", "x.tril()", {"x": F(2, 0)}),
    Case("Gather", "gather_empty_index", "x.gather(1, i)", {"x": F(2, 3), "i": K([[], []], "int64", False)}),
    Case(None, "einsum_empty_sum", "torch.einsum('ij,jk->ik', x, y)", {"x": F(2, 0), "y": F(0, 3)},
         graph_differs=EINSUM_GRAPH),
    Case("Asin", "asin_bounds", "x.asin()", {"x": K([1.0, -1.0, 0.5])}, no_gradcheck=BOUND, no_sym=BOUND),
    Case("Acos", "acos_bounds", "x.acos()", {"x": K([1.0, -1.0, 0.5])}, no_gradcheck=BOUND, no_sym=BOUND),
    Case("Rsqrt", "rsqrt_zero_grad", "x.rsqrt()", {"x": K([0.0, 4.0])}, no_gradcheck=BOUND, no_sym=BOUND),
    Case("Log2", "log2_zero", "x.log2()", {"x": K([0.0, 2.0])}, no_gradcheck=BOUND, no_sym=BOUND),
    Case("NanToNum", "nan_to_num_keeps_finite", "x.nan_to_num()", {"x": F(2, 3)}),
    Case("PowScalar", "square_inplace", "x.clone().square_()", {"x": F(2, 3)}),
    Case("Exp", "exp_inplace", "x.clone().exp_()", {"x": F(2, 3)}),
    Case("Relu", "relu_inplace", "(x * 1).relu_()", {"x": F(2, 3)}),
    Case("Abs", "abs_inplace", "x.clone().abs_()", {"x": F(2, 3)}),
    Case("Sqrt", "sqrt_inplace", "x.clone().sqrt_()", {"x": P(2, 3)}),
    Case("Log", "log_inplace", "x.clone().log_()", {"x": P(2, 3)}),
    Case("Sin", "sin_inplace", "x.clone().sin_()", {"x": F(2, 3)}),
    Case("Cos", "cos_inplace", "x.clone().cos_()", {"x": F(2, 3)}),
    Case("Tanh", "tanh_inplace", "x.clone().tanh_()", {"x": F(2, 3)}),
    Case("Sigmoid", "sigmoid_inplace", "x.clone().sigmoid_()", {"x": F(2, 3)}),
    Case("Neg", "neg_inplace", "x.clone().neg_()", {"x": F(2, 3)}),
    Case("Reciprocal", "reciprocal_inplace", "x.clone().reciprocal_()", {"x": P(2, 3)}),
    Case("Log1p", "log1p_inplace", "x.clone().log1p_()", {"x": P(3)}),
    Case("Expm1", "expm1_inplace", "x.clone().expm1_()", {"x": F(3)}),
    Case("Log2", "log2_inplace", "x.clone().log2_()", {"x": P(3)}),
    Case("Exp2", "exp2_inplace", "x.clone().exp2_()", {"x": F(3)}),
    Case("Rsqrt", "rsqrt_inplace", "x.clone().rsqrt_()", {"x": P(3)}),
    Case("Tan", "tan_inplace", "x.clone().tan_()", {"x": U(3)}),
    Case("Atan", "atan_inplace", "x.clone().atan_()", {"x": F(3)}),
    Case("Sinh", "sinh_inplace", "x.clone().sinh_()", {"x": F(3)}),
    Case("Cosh", "cosh_inplace", "x.clone().cosh_()", {"x": F(3)}),
    Case("Asin", "asin_inplace", "x.clone().asin_()", {"x": U(3)}),
    Case("Acos", "acos_inplace", "x.clone().acos_()", {"x": U(3)}),
    Case("PowScalar", "pow_inplace", "x.clone().pow_(3)", {"x": F(3)}),
    Case("ClampMin", "clamp_min_inplace", "x.clone().clamp_min_(0.0)", {"x": F(2, 3)}),
    Case("ClampMax", "clamp_max_inplace", "x.clone().clamp_max_(0.0)", {"x": F(2, 3)}),
    Case("RemainderScalar", "remainder_inplace", "x.clone().remainder_(0.7)", {"x": F(2, 3)}),
    Case("RemainderScalar", "imod", "imod(x * 1, 0.7)", {"x": F(2, 3)}),
    Case("NanToNum", "nan_to_num_inplace", "(x * 1).nan_to_num_()", {"x": K([nan, 1.5, inf])}, no_gradcheck=NOT_FINITE),
    Case("Addcmul", "addcmul_inplace", "x.clone().addcmul_(y, z, value=2)", {"x": F(2, 3), "y": F(2, 3), "z": F(3)}),
    Case("Lerp", "lerp_inplace", "x.clone().lerp_(y, 0.25)", {"x": F(2, 3), "y": F(2, 3)}),
    Case("Cumsum", "cumsum_inplace", "x.clone().cumsum_(1)", {"x": F(2, 3)}),
    Case("Tril", "tril_inplace", "x.clone().tril_()", {"x": F(3, 3)}),
    Case("Triu", "triu_inplace", "x.clone().triu_(-1)", {"x": F(3, 3)}),
    Case("ScatterAdd", "scatter_add_inplace", "x.clone().scatter_add_(0, i, y)",
         {"x": F(3), "i": K([0, 0], "int64", False), "y": F(2)}),
    Case("MaskedFill", "masked_fill_inplace", "x.clone().masked_fill_(x > 0, 0.5)", {"x": F(2, 3)}),
    Case(None, "exp_inplace_no_grad", "x.exp_()", {"x": C(3)}),
    Case(None, "floor_divide_inplace_int", "x.floor_divide_(2)", {"x": I(4)}),
    Case(None, "inplace_piece_without_grad", "x.split(2)[0].mul_(2)", {"x": C(4)}),
]

MORE_ERRORS: list[tuple[str, str, dict]] = [
    ("floordiv_backward", "(x // 2).sum().backward()", {"x": F(3)}),
    ("rmod_backward", "(2 % x).sum().backward()", {"x": P(3)}),
    ("floordiv_int_zero", "x // y", {"x": I(2), "y": K([0, 1], "int64", False)}),
    ("mod_int_zero", "x % 0", {"x": I(2)}),
    ("var_int", "x.var()", {"x": I(3)}),
    ("amax_empty", "x.amax()", {"x": K([], grad=False)}),
    ("amax_empty_dim", "x.amax(0)", {"x": C(0, 3)}),
    ("amax_dim_out_of_range", "x.amax(2)", {"x": F(2, 3)}),
    ("cumsum_dim_out_of_range", "x.cumsum(2)", {"x": F(2, 3)}),
    ("logsumexp_dim_out_of_range", "x.logsumexp(2)", {"x": F(2, 3)}),
    ("prod_dim_out_of_range", "x.prod(-3)", {"x": F(2, 3)}),
    ("index_select_out_of_range", "x.index_select(0, torch.tensor([3]))", {"x": F(2, 3)}),
    ("index_select_2d_index", "x.index_select(0, torch.tensor([[0]]))", {"x": F(2, 3)}),
    ("index_select_float_index", "x.index_select(0, torch.tensor([0.0]))", {"x": F(2, 3)}),
    ("gather_wrong_dims", "x.gather(1, torch.tensor([0]))", {"x": F(2, 3)}),
    ("gather_out_of_range", "x.gather(1, torch.tensor([[5]]))", {"x": F(2, 3)}),
    ("gather_float_index", "x.gather(1, torch.tensor([[0.0]]))", {"x": F(2, 3)}),
    ("gather_index_too_big", "x.gather(0, torch.tensor([[0, 0, 0, 0]]))", {"x": F(2, 3)}),
    ("scatter_add_out_of_range", "x.scatter_add(1, torch.tensor([[5]]), x)", {"x": F(2, 3)}),
    ("scatter_add_dtype", "x.scatter_add(1, torch.tensor([[0]]), y)", {"x": F(2, 3), "y": D(1, 1)}),
    ("masked_select_not_bool", "x.masked_select(torch.tensor([1, 0, 1]))", {"x": F(2, 3)}),
    ("masked_select_shapes", "x.masked_select(torch.ones(2, dtype=torch.bool))", {"x": F(2, 3)}),
    ("flip_repeated_dim", "x.flip(0, 0)", {"x": F(2, 3)}),
    ("flip_dim_out_of_range", "x.flip(2)", {"x": F(2, 3)}),
    ("repeat_too_few", "x.repeat(2)", {"x": F(2, 3)}),
    ("chunk_zero", "x.chunk(0)", {"x": F(2, 3)}),
    ("split_zero", "x.split(0)", {"x": F(2, 3)}),
    ("split_sizes_sum", "x.split([1, 1])", {"x": F(3, 2)}),
    ("unbind_dim_out_of_range", "x.unbind(2)", {"x": F(2, 3)}),
    ("mT_1d", "x.mT", {"x": F(3)}),
    ("movedim_lengths", "x.movedim((0, 1), (0,))", {"x": F(2, 3)}),
    ("movedim_out_of_range", "x.movedim(0, 2)", {"x": F(2, 3)}),
    ("swapaxes_out_of_range", "x.swapaxes(0, 2)", {"x": F(2, 3)}),
    ("tril_1d", "x.tril()", {"x": F(3)}),
    ("triu_1d", "torch.triu(x)", {"x": F(3)}),
    ("outer_2d", "torch.outer(x, x)", {"x": F(2, 3)}),
    ("einsum_size_mismatch", "torch.einsum('ij,jk->ik', x, x)", {"x": F(2, 3)}),
    ("einsum_unknown_output", "torch.einsum('ij->k', x)", {"x": F(2, 3)}),
    ("einsum_wrong_ndim", "torch.einsum('ijk->', x)", {"x": F(2, 3)}),
    ("einsum_too_few_operands", "torch.einsum('ij,j', x)", {"x": F(2, 3)}),
    ("einsum_too_many_operands", "torch.einsum('ij', x, x)", {"x": F(2, 3)}),
    ("einsum_repeated_output", "torch.einsum('ij->ii', x)", {"x": F(2, 3)}),
    ("einsum_invalid_subscript", "torch.einsum('i1->i', x)", {"x": F(2, 3)}),
    ("einsum_no_arrow", "torch.einsum('ij-ji', x)", {"x": F(2, 3)}),
    ("inplace_split_piece", "(x * 1).split(2)[1].mul_(2)", {"x": F(4, 2)}),
    ("inplace_chunk_piece", "(x * 1).chunk(2)[0].exp_()", {"x": F(4)}),
    ("inplace_unbind_piece", "(x * 1).unbind(1)[1].zero_()", {"x": F(4, 2)}),
    ("inplace_split_sizes_piece", "(x * 1).split([1, 3])[1].add_(1)", {"x": F(4)}),
    ("inplace_leaf_exp", "x.exp_()", {"x": F(3)}),
    ("inplace_int_exp", "x.exp_()", {"x": I(3)}),
    ("inplace_saved_square", "y = x * 1\nz = y.square()\ny.exp_()\nz.sum().backward()", {"x": F(3)}),
]


# -- the cases recorded in golden/ops_added.json (seed 20261128): new rows go at the end -----------------------

# the first rows came from the SymPy-only cases when the tables were merged into this one
ADDED_CASES: list[Case] = [
    Case("MseLoss", "mse_loss_none_both", "torch.nn.functional.mse_loss(x, y, reduction='none')",
         {"x": F(3), "y": F(3)}),
    Case("NllLoss", "nll_loss_weight_sum", "torch.nn.functional.nll_loss(x, t, weight=w, reduction='sum')",
         {"x": F(2, 3), "t": K([2, 0], "int64", False), "w": K([1.0, 2.0, 0.5], grad=False)}),
    Case("BinaryCrossEntropyWithLogits", "bce_with_logits_pos_weight_sum",
         "torch.nn.functional.binary_cross_entropy_with_logits(x, y.sigmoid(), pos_weight=w, reduction='sum')",
         {"x": F(4), "y": F(4), "w": K([1.0, 2.0, 0.5, 3.0], grad=False)}),
    Case("Add", "add_alpha_broadcast_both", "x.add(y, alpha=0.5)", {"x": F(2, 1), "y": F(1, 3)}),
    Case("Bmm", "matmul_batch_broadcast_right", "x @ y", {"x": F(2, 2, 3), "y": F(1, 3, 2)},
         draw=lambda d: (torch.matmul, matmul(d, 3, 3)), graph_differs=MATMUL_GRAPH),
    Case("AsStrided", "mul_through_transposed_view", "mul_through_view(x * 2, y)", {"x": F(2, 3), "y": F(3, 1)},
         draw=view_in_place),
    Case("DivMode", "div_rounding_mode_none", "torch.div(x, y, rounding_mode=None)", {"x": F(2, 3), "y": P(3)},
         draw=binary(lambda a, b: torch.div(a, b, rounding_mode=None), positive_second=True)),
    Case("Sgn", "sgn_times_input", "x.sgn() * x", {"x": F(3)}, draw=lambda d: ((lambda t: t.sgn() * t), d.one())),
    Case("ReluGrad", "relu_double_backward", "torch.autograd.grad((x * x).relu().sum(), x, create_graph=True)[0]",
         {"x": F(3)}, draw=binary(lambda g, out: OPS["ReluGrad"].apply(g, out) * out),
         no_gradcheck="a gradient inside: no_grad finite differences cannot take it (draw calls ReluGrad)"),
    Case("ClampTensor", "clamp_tensor_bounds", "x.clamp(y, y + 1.0)", {"x": F(2, 3), "y": F(3)},
         draw=lambda d: ((lambda t, low: t.clamp(low, low + 1)), d.two())),
    Case("ClampTensor", "clamp_tensor_max_0d", "x.clamp(max=y)", {"x": F(3), "y": F()}),
    Case("ReshapeAlias", "reshape_transposed", "x.t().reshape(3, 2, 1) * 2", {"x": F(2, 3)}, draw=reshape_alias),
    Case("Alias", "index_ellipsis_alias", "x[...] * x", {"x": F(2, 3)}, draw=lambda d: ((lambda t: t[...]), d.one())),
    Case("SqueezeDims", "squeeze_dims", "x.squeeze((0, 2)) * 2", {"x": F(1, 3, 1)},
         draw=lambda d: ((lambda t: t.squeeze((0, -1))), [d.values(d(nonempty_shapes)[:1] + (1,))])),
    Case("IndexPut", "setitem_rows", "setitem(x * 2, [0, 2], y)", {"x": F(3, 2), "y": F(2)}),
    Case("MaskedFillTensor", "masked_fill_tensor_value", "x.masked_fill(x.detach() > 0, y)", {"x": F(2, 3), "y": F()},
         draw=masked_fill_tensor),
    Case("Maximum", "maximum_broadcast", "x.maximum(y)", {"x": F(2, 3), "y": F(3)}),
    Case("Minimum", "minimum_broadcast", "torch.minimum(x, y)", {"x": F(2, 3), "y": F(2, 1)}),
    Case("Norm", "norm_p1_dim", "x.norm(p=1, dim=1)", {"x": F(2, 3)}),
    Case("Norm", "norm_p3_keepdim", "x.norm(p=3, dim=0, keepdim=True)", {"x": F(3, 2)}),
    Case("Norm", "norm_inf", "x.norm(p=float('inf'))", {"x": F(4)}),
    Case("Sign", "sign_times_input", "x.sign() * x", {"x": F(3)}, draw=unary("sign")),
    Case("Amin", "amin_dim", "x.amin(1)", {"x": F(2, 3)}),
    Case("ClampMinTensor", "clamp_min_tensor_broadcast", "torch.clamp_min(x, y)", {"x": F(2, 3), "y": F(3)}),
    Case("NanToNum", "nan_to_num_posinf_grad", "x.masked_fill(x.detach() > 0, float('inf')).nan_to_num(posinf=2.0)",
         {"x": F(4)}),
    Case("Split", "split_pieces_product", "x.split(2)[2] * x.split(2)[0][:1]", {"x": F(5, 2)}),
    Case("SplitWithSizes", "split_sizes_swapped", "torch.cat(x.split([2, 1], 1)[::-1], 1)", {"x": F(2, 3)}),
    # nodes that PyTorch records only inside a backward pass: the engine's classes, called through the registry
    Case("AsStridedScatter", "as_strided_scatter", "ops.AsStridedScatter.apply(x, y, positions=np.array([4, 1]))",
         {"x": F(2, 3), "y": F(2)}, engine_only=BACKWARD_ONLY, draw=as_strided_scatter),
    Case("IndexGrad", "index_backward", "ops.IndexGrad.apply(x, shape=(5,), key=(np.array([0, 4, 0]),))", {"x": F(3)},
         engine_only=BACKWARD_ONLY, draw=backward_op("IndexGrad")),
    Case("SelectGrad", "select_backward", "ops.SelectGrad.apply(x, shape=(3, 4), key=(1,))", {"x": F(4)},
         engine_only=BACKWARD_ONLY, draw=backward_op("SelectGrad")),
    Case("SliceGrad", "slice_backward", "ops.SliceGrad.apply(x, shape=(5,), key=(slice(1, 4, 2),))", {"x": F(2)},
         engine_only=BACKWARD_ONLY, draw=backward_op("SliceGrad")),
    Case("DiagonalGrad", "diagonal_backward", "ops.DiagonalGrad.apply(x, shape=(2, 3), offset=1, dim1=0, dim2=1)",
         {"x": F(2)}, engine_only=BACKWARD_ONLY, draw=diagonal_grad),
]

CASES = OPS_CASES + MORE_CASES + ADDED_CASES
