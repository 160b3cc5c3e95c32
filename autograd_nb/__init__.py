"""autograd_nb: a small numpy autograd engine that behaves and prints like PyTorch's.

Use it where a tutorial uses PyTorch::

    import autograd_nb as torch

    x = torch.ones(2, 2, requires_grad=True)
    out = (3 * (x + 2) ** 2).mean()
    out.backward()
    print(x.grad)          # tensor([[4.5000, 4.5000], [4.5000, 4.5000]])

``autograd_nb.sym`` derives the same gradients with SymPy, ``autograd_nb.viz`` draws the graph.

This file only gathers the public names; README.md ("Layout") draws the order in which the modules
import one another.
"""

import importlib as _importlib

# autograd first: Python runs autograd/__init__.py (which loads the engine, and the engine Tensor) before
# any module in that folder, so the first import of autograd must not come from inside _tensor.py
from . import autograd

# isort: split
from . import _tensor_methods  # gives Tensor its operators and math methods: x + y, x.exp(), x[0], …
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
from ._functions import (
    abs,
    acos,
    add,
    addcmul,
    all,
    allclose,
    amax,
    amin,
    any,
    arccos,
    arcsin,
    arctan,
    argmax,
    argmin,
    asin,
    atan,
    cat,
    chunk,
    clamp,
    clamp_max,
    clamp_min,
    clip,
    clone,
    concat,
    concatenate,
    cos,
    cosh,
    cumsum,
    detach,
    diagonal,
    div,
    dot,
    eq,
    equal,
    exp,
    exp2,
    expm1,
    flatten,
    flip,
    floor_divide,
    gather,
    ge,
    get_default_dtype,
    gt,
    index_select,
    is_tensor,
    isfinite,
    isinf,
    isnan,
    le,
    lerp,
    log,
    log1p,
    log2,
    log_softmax,
    logsumexp,
    lt,
    masked_fill,
    masked_select,
    matmul,
    max,
    maximum,
    mean,
    min,
    minimum,
    mm,
    moveaxis,
    movedim,
    mul,
    mv,
    nan_to_num,
    narrow,
    ne,
    neg,
    norm,
    numel,
    outer,
    permute,
    pow,
    prod,
    reciprocal,
    relu,
    remainder,
    reshape,
    result_type,
    rsqrt,
    scatter_add,
    select,
    set_default_dtype,
    sgn,
    sigmoid,
    sign,
    sin,
    sinh,
    softmax,
    split,
    sqrt,
    square,
    squeeze,
    stack,
    std,
    sub,
    sum,
    swapaxes,
    swapdims,
    t,
    tan,
    tanh,
    tile,
    transpose,
    tril,
    triu,
    unbind,
    unsqueeze,
    var,
    where,
)  # fmt: skip
from ._printing import set_printoptions
from ._random import Generator, default_generator
from ._tensor import Tensor
from ._tensor import Tensor as DoubleTensor
from ._tensor import Tensor as FloatTensor
from ._tensor import Tensor as LongTensor
from .autograd.grad_mode import enable_grad, inference_mode, is_grad_enabled, no_grad, set_grad_enabled
from .ops.linalg import einsum

__version__ = "0.1.0"


def __getattr__(name: str) -> object:
    # the optional parts load on first use, so `import autograd_nb` stays light
    if name in ("sym", "viz", "widgets", "nn", "optim"):
        return _importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module 'autograd_nb' has no attribute '{name}'")
