"""Elementwise arithmetic and activations.

Each class holds one operation: the numpy forward, the backward written with engine operations
(so that it can itself be differentiated), and the SymPy rule used by ``autograd_nb.sym``.
Symbolic inputs are numpy object arrays of SymPy expressions (or plain numbers), so most symbolic
rules read exactly like the numpy forward.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from .._dtype import checked_scalar, wrapped_int
from ..autograd.both import array_of, zeros
from ..autograd.function import Op
from ._sym import elementwise, exact, sympy

# numpy takes about twice as long to multiply a small array by a Python number as by the same number held in a
# 0-d array of the array's dtype: it converts the number on every call (for a 4-element float32 array, some
# 3,500 machine instructions of the 7,000). The conversion is the one numpy would make (a Python number is
# weakly typed, NEP 50, as in PyTorch), so the arithmetic below hands numpy the number converted once: same
# bits, half the time. Only for float32/float64 arrays; zero (whose sign the cache key would lose) and nan
# are left as they are.
_NUMBER_ARRAYS: dict = {}


def as_operand(number: Any, array: Any) -> Any:
    """``number`` as numpy computes with it beside ``array`` (see above); anything else unchanged."""
    if type(number) not in (float, int) or type(array) is not np.ndarray:
        return number
    converted = _NUMBER_ARRAYS.get((number, array.dtype))
    if converted is None:
        if array.dtype not in (np.float32, np.float64) or not number or number != number:
            return number
        if len(_NUMBER_ARRAYS) >= 1024:
            _NUMBER_ARRAYS.clear()
        converted = _NUMBER_ARRAYS[(number, array.dtype)] = np.array(number, array.dtype)
        converted.flags.writeable = False
    return converted


def times_alpha(alpha: Any, b: Any, dtype: np.dtype, negate: bool = False) -> Any:
    """``alpha * b`` (``-alpha * b`` with ``negate``, as ``sub`` adds it) for ``add`` computing in ``dtype``, with
    PyTorch's rules for ``alpha``: no float alpha for an integer result, no bool one for a non-bool result, and
    one that fits the dtype (for ``sub``, its negation)."""
    if dtype.kind in "biu" and isinstance(alpha, float):
        raise RuntimeError("For integral input tensors, argument alpha must not be a floating point number.")
    if isinstance(alpha, bool) and dtype.kind != "b":
        raise RuntimeError("Boolean alpha only supported for Boolean results.")
    if dtype.kind == "b":
        return np.logical_and(alpha, b)  # any nonzero alpha is True
    scaled = checked_scalar(-alpha if negate else alpha, dtype) * b
    return wrapped_int(scaled, dtype) if type(scaled) is int and dtype.kind in "iu" else scaled


def in_float64(function: np.ufunc, a: np.ndarray) -> np.ndarray:
    """``function(a)``, for a float32 ``a`` of up to ``EXACT_UP_TO`` elements computed in float64 and rounded once.

    For exp, tanh, expm1 and log1p that gives PyTorch's float32 results nearly always, where numpy's float32
    versions differ from them in the last bit for a third of the inputs; for log, sin and cos it halves those
    differences. It costs about 2 µs a call, and on large arrays 5 times numpy's float32 time (its float32
    versions are vectorised), so the tensors of a lesson get PyTorch's bits and a network's activations numpy's speed.
    """
    if a.dtype == np.float32 and a.size <= EXACT_UP_TO:
        return function(a.astype(np.float64)).astype(np.float32)
    return function(a)


EXACT_UP_TO = 1024


class Add(Op):
    name = "AddBackward0"
    promote = "binary"

    def forward(ctx, a, b, alpha=1):
        ctx.alpha = alpha
        if alpha == 1 and type(alpha) is int:
            return a + as_operand(b, a)
        return a + times_alpha(alpha, b, a.dtype)

    def backward(ctx, grad):
        return grad, grad if ctx.alpha == 1 else grad * ctx.alpha

    def symbolic(ctx, a, b):
        return a + exact(ctx.alpha) * b


class Sub(Op):
    name = "SubBackward0"
    promote = "binary"

    def forward(ctx, a, b, alpha=1):
        ctx.alpha = alpha
        if alpha == 1 and type(alpha) is int:
            return a - as_operand(b, a)
        return a + times_alpha(alpha, b, a.dtype, negate=True)  # PyTorch's sub is add with -alpha

    def backward(ctx, grad):
        return grad, -grad if ctx.alpha == 1 else grad * -ctx.alpha

    def symbolic(ctx, a, b):
        return a - exact(ctx.alpha) * b


class Rsub(Op):
    """``number - tensor``; PyTorch records it as its own node."""

    name = "RsubBackward1"
    promote = "binary"

    def forward(ctx, a, b):
        return as_operand(b, a) - a

    def backward(ctx, grad):
        return -grad, None

    def symbolic(ctx, a, b):
        return b - a


class Mul(Op):
    name = "MulBackward0"
    saved_names = ("self", "other")
    promote = "binary"

    def forward(ctx, a, b):
        # save only what a requested gradient needs, as PyTorch does
        ctx.save_for_backward(a if ctx.needs_input_grad[1] else None, b if ctx.needs_input_grad[0] else None)
        return a * as_operand(b, a)

    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        return (
            grad * as_operand(b, grad) if ctx.needs_input_grad[0] else None,
            grad * a if ctx.needs_input_grad[1] else None,
        )

    def symbolic(ctx, a, b):
        return a * b


class Div(Op):
    name = "DivBackward0"
    saved_names = ("self", "other")
    promote = "float"

    def forward(ctx, a, b):
        ctx.save_for_backward(a if ctx.needs_input_grad[1] else None, b)
        return a / as_operand(b, a)

    def backward(ctx, grad):
        a, b = ctx.saved_tensors
        return (
            grad / as_operand(b, grad) if ctx.needs_input_grad[0] else None,
            -grad * ((a / b) / b) if ctx.needs_input_grad[1] else None,  # PyTorch's order: a / b / b is exact
        )

    def symbolic(ctx, a, b):
        return a / b


class DivMode(Div):
    """``div(a, b, rounding_mode=...)``: PyTorch records it as its own node; rounded results have gradient zero."""

    name = "DivBackward2"
    promote = "binary"

    def forward(ctx, a, b, rounding_mode=None):
        ctx.rounding_mode = rounding_mode
        if rounding_mode is None:
            a, b = (x.astype(np.float32) if isinstance(x, np.ndarray) and x.dtype.kind != "f" else x for x in (a, b))
            return Div.forward(ctx, a, b)
        if rounding_mode not in ("trunc", "floor"):
            raise RuntimeError(
                f"div expected rounding_mode to be one of None, 'trunc', or 'floor' but found '{rounding_mode}'"
            )
        if isinstance(a, np.ndarray) and a.dtype.kind in "iu" and (not isinstance(b, float)):
            out = np.floor_divide(a, b) if rounding_mode == "floor" else np.trunc(a / b).astype(a.dtype)
            return np.asarray(out, dtype=a.dtype)
        # numpy's floor_divide rounds a quotient as PyTorch's does (-1 // inf is -1, not floor(-0.))
        return np.floor_divide(a, b) if rounding_mode == "floor" else np.trunc(np.true_divide(a, b))

    def backward(ctx, grad):
        if ctx.rounding_mode is None:
            return Div.backward(ctx, grad)
        return grad * 0, (grad * 0 if ctx.needs_input_grad[1] else None)

    def symbolic(ctx, a, b):
        if ctx.rounding_mode is None:
            return a / b
        rounding = sympy.floor if ctx.rounding_mode == "floor" else (lambda e: sympy.sign(e) * sympy.floor(abs(e)))
        return elementwise(rounding, a / b)


class Reciprocal(Op):
    name = "ReciprocalBackward0"
    saved_names = ("result",)
    promote = "float"

    def forward(ctx, a):
        out = 1 / a
        ctx.save_for_backward(out)
        return out

    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return -grad * out * out

    def symbolic(ctx, a):
        return 1 / a


class Neg(Op):
    name = "NegBackward0"

    def forward(ctx, a):
        return -a

    def backward(ctx, grad):
        return -grad

    def symbolic(ctx, a):
        return -a


# PyTorch computes these powers of a tensor by multiplying and taking square roots, not with pow, whose last bit,
# and the sign of 1 / sqrt(-0.), can differ (numpy itself shortcuts 2, 0.5, 1, 0 and -1 as PyTorch does)
_POWER_SHORTCUTS = {3: lambda a: a * a * a, -2: lambda a: 1 / (a * a), -0.5: lambda a: 1 / np.sqrt(a)}


class PowScalar(Op):
    """``tensor ** number``."""

    name = "PowBackward0"
    saved_names = ("self",)
    promote = "binary"

    def forward(ctx, a, exponent):
        ctx.save_for_backward(a)
        ctx.exponent = exponent
        if a.dtype == np.float16:  # computed in float32 with pow, as PyTorch computes float16 (no shortcut)
            return np.power(a.astype(np.float32), np.full(a.shape, exponent, np.float32)).astype(np.float16)
        shortcut = _POWER_SHORTCUTS.get(exponent) if a.dtype.kind == "f" else None
        out = a**exponent if shortcut is None else shortcut(a)
        return out if a.dtype.kind != "b" else out.astype(bool)  # numpy raises bools to a power in int8

    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        n = ctx.exponent
        if n == 0:
            return grad * 0, None
        return grad * n * PowScalar.apply(a, n - 1), None

    def symbolic(ctx, a, exponent):
        return a ** exact(exponent)


class Pow(Op):
    """``tensor ** tensor``."""

    name = "PowBackward1"
    saved_names = ("self", "exponent", "result")
    promote = "float"

    def forward(ctx, a, b):
        # PyTorch's tensor ** tensor is pow element by element. numpy takes an exponent that is one number (0-d,
        # or one value repeated by broadcasting) down its path for a number, where 0.5 is sqrt (-0. for -0.):
        # give it the exponent written out in full
        shape = np.broadcast_shapes(np.shape(a), np.shape(b))
        out = np.power(a, b if np.shape(b) == shape else np.broadcast_to(b, shape).copy())
        ctx.save_for_backward(a, b, out)
        return out

    def backward(ctx, grad):
        a, b, out = ctx.saved_tensors
        # where b == 0 the gradient is 0, also at a == 0 (where b * a ** (b - 1) would be 0 * inf)
        grad_a = None
        if ctx.needs_input_grad[0]:
            grad_a = MaskedFill.apply(grad * b * Pow.apply(a, b - 1), 0, mask=array_of(b) == 0)
        grad_b = None
        if ctx.needs_input_grad[1]:
            # d(a^b)/db = a^b log a, taken as 0 where a == 0 and b >= 0 (the limit PyTorch uses)
            safe = (array_of(a) == 0) & (array_of(b) >= 0)
            # the local derivative is masked, not the product: a nan gradient stays nan, as in PyTorch
            grad_b = grad * MaskedFill.apply(out * Log.apply(MaskedFill.apply(a, 1, mask=safe)), 0, mask=safe)
        return grad_a, grad_b

    def symbolic(ctx, a, b):
        return a**b


class RPow(Op):
    """``number ** tensor``."""

    name = "PowBackward2"
    saved_names = ("result", "exponent")
    promote = "float"

    def forward(ctx, a, base):
        out = np.power(base, a)
        ctx.base, ctx.exponent_nonnegative = base, a >= 0
        ctx.save_for_backward(out, a)  # the exponent too, as PyTorch: an in-place change of it is reported
        return out

    def backward(ctx, grad):
        out, _ = ctx.saved_tensors
        if ctx.base == 0:  # d(0 ** x)/dx: -inf for x < 0, and 0 where 0 ** x is 0 or 1 (PyTorch's limit)
            return grad * MaskedFill.apply(out * -np.inf, 0, mask=ctx.exponent_nonnegative), None  # nan stays nan
        return grad * out * float(np.log(ctx.base)), None

    def symbolic(ctx, a, base):
        return elementwise(lambda e: exact(base) ** e, a)


class Exp(Op):
    name = "ExpBackward0"
    saved_names = ("result",)
    promote = "float"  # integer inputs give float32, as in PyTorch

    def forward(ctx, a):
        out = in_float64(np.exp, a)
        ctx.save_for_backward(out)
        return out

    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad * out

    def symbolic(ctx, a):
        return elementwise(sympy.exp, a)


class Log(Op):
    name = "LogBackward0"
    saved_names = ("self",)
    promote = "float"

    def forward(ctx, a):
        ctx.save_for_backward(a)
        return in_float64(np.log, a)

    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad / a

    def symbolic(ctx, a):
        return elementwise(sympy.log, a)


class Sqrt(Op):
    name = "SqrtBackward0"
    saved_names = ("result",)
    promote = "float"

    def forward(ctx, a):
        out = np.sqrt(a)
        ctx.save_for_backward(out)
        return out

    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad / (2 * out)

    def symbolic(ctx, a):
        return elementwise(sympy.sqrt, a)


class Sin(Op):
    name = "SinBackward0"
    saved_names = ("self",)
    promote = "float"

    def forward(ctx, a):
        ctx.save_for_backward(a)
        return in_float64(np.sin, a)

    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad * Cos.apply(a)

    def symbolic(ctx, a):
        return elementwise(sympy.sin, a)


class Cos(Op):
    name = "CosBackward0"
    saved_names = ("self",)
    promote = "float"

    def forward(ctx, a):
        ctx.save_for_backward(a)
        return in_float64(np.cos, a)

    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad * -Sin.apply(a)

    def symbolic(ctx, a):
        return elementwise(sympy.cos, a)


class Tanh(Op):
    name = "TanhBackward0"
    saved_names = ("result",)
    promote = "float"

    def forward(ctx, a):
        out = in_float64(np.tanh, a)
        ctx.save_for_backward(out)
        return out

    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad * (1 - out * out)

    def symbolic(ctx, a):
        return elementwise(sympy.tanh, a)


class Sigmoid(Op):
    name = "SigmoidBackward0"
    saved_names = ("result",)
    promote = "float"

    def forward(ctx, a):
        # split by sign so that exp never overflows
        out = np.where(a >= 0, 1 / (1 + np.exp(-np.abs(a))), np.exp(-np.abs(a)) / (1 + np.exp(-np.abs(a))))
        out = out.astype(a.dtype, copy=False)
        ctx.save_for_backward(out)
        return out

    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad * out * (1 - out)

    def symbolic(ctx, a):
        return elementwise(lambda e: 1 / (1 + sympy.exp(-e)), a)


def _kept_or_zero(keep: np.ndarray, values: np.ndarray) -> np.ndarray:
    """``np.where(keep, values, 0)`` in ``values``' dtype, bit for bit (a kept -0. or nan stays, the rest is +0.).

    What the trick buys: numpy's ``where`` has no fast loop for this (0.6 ms on a 256×512 float32 array, a
    tenth of the matrix product before it); multiplying the floats' bit patterns, read as integers of the
    same size, by the mask is one vectorised pass (0.05 ms): times 1 keeps every bit, times 0 gives +0.'s.
    """
    if values.dtype.kind == "f":
        return np.multiply(values.view(f"i{values.itemsize}"), keep).view(values.dtype)
    return np.where(keep, values, 0).astype(values.dtype, copy=False)


class Relu(Op):
    name = "ReluBackward0"
    saved_names = ("result",)

    def forward(ctx, a):
        out = _kept_or_zero(~(a < 0), a)  # keeps -0. and nan, as PyTorch's relu does
        ctx.save_for_backward(out)
        return out

    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return ReluGrad.apply(grad, out)

    def symbolic(ctx, a):
        from ._kinks import relu  # SymPy functions: loaded with SymPy, only when a symbolic rule runs

        return elementwise(relu, a)


class ReluGrad(Op):
    """relu's backward, ``grad`` where the output is positive: recorded under create_graph, as PyTorch's is."""

    name = "ThresholdBackwardBackward0"

    def forward(ctx, grad, out):
        ctx.positive = ~(out <= 0)  # as PyTorch's threshold_backward: a nan output passes the gradient on
        return _kept_or_zero(ctx.positive, grad)

    def backward(ctx, grad):
        return ReluGrad.apply(grad, ctx.positive * 1.0), (grad * 0 if ctx.needs_input_grad[1] else None)

    def symbolic(ctx, grad, out):
        return np.where(ctx.positive, grad, 0)


class Abs(Op):
    name = "AbsBackward0"
    saved_names = ("self",)

    def forward(ctx, a):
        ctx.save_for_backward(a)
        return np.abs(a)

    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad * Sgn.apply(a)

    def symbolic(ctx, a):
        return elementwise(sympy.Abs, a)


class Sgn(Op):
    """The sign (-1, 0 or 1), with gradient zero: abs's backward uses it, so that it records a graph."""

    name = "SgnBackward0"

    def forward(ctx, a):
        out = np.where(np.isnan(a), 0, np.sign(a)).astype(a.dtype, copy=False)
        ctx.save_for_backward(a, out)  # as PyTorch's does: an in-place change of either is then reported
        return out

    def backward(ctx, grad):
        ctx.saved_tensors  # noqa: B018  (the version check)
        return zeros(grad.shape, like=grad)

    def symbolic(ctx, a):
        return elementwise(sympy.sign, a)


class Clamp(Op):
    name = "ClampBackward1"
    saved_names = ("self",)

    def forward(ctx, a, min=None, max=None):
        ctx.save_for_backward(a)
        ctx.min, ctx.max = min, max
        if min != min or max != max:  # a nan bound (None != None is False) makes every element nan, as in PyTorch
            return np.full_like(a, np.nan)
        out = a if min is None else np.where(a < min, min, a)  # not np.clip: a -0. at the bound stays -0.
        return (out if max is None else np.where(out > max, max, out)).astype(a.dtype, copy=False)

    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        inside = np.ones(a.shape, dtype=bool)  # the bounds themselves count as inside: gradient 1 there
        if ctx.min is not None:
            inside &= array_of(a) >= ctx.min
        if ctx.max is not None:
            inside &= array_of(a) <= ctx.max
        return Where.apply(grad, 0.0, condition=inside)  # 0., never -0. as grad * False would give for a negative grad

    def symbolic(ctx, a):
        from ._kinks import clamp  # SymPy functions: loaded with SymPy, only when a symbolic rule runs

        low = -sympy.oo if ctx.min is None else exact(ctx.min)
        high = sympy.oo if ctx.max is None else exact(ctx.max)
        return elementwise(lambda e: clamp(e, low, high), a)


class ClampTensor(Op):
    """``clamp`` with tensor bounds: each bound gets the gradient where it won."""

    name = "ClampBackward0"
    saved_names = ("self", "min", "max")
    promote = "binary"

    def forward(ctx, a, low, high):
        ctx.save_for_backward(a, low, high)  # only for the version check of an in-place change, as in PyTorch
        # who gets the gradient, by PyTorch's rules: the input where it lies within the bounds (so not where it is
        # nan), a bound where the input passed it; when low > high, high wins
        if low is None or high is None:
            ctx.inside = a >= low if high is None else a <= high
            ctx.low_wins, ctx.high_wins = (a < low, None) if high is None else (None, a > high)
        else:
            ctx.inside = (a >= low) & (a <= high)
            ctx.low_wins, ctx.high_wins = (a < low) & (low < high), (a > high) | (high < low)
        # as PyTorch's: a tie keeps the input (-0. beside a 0. bound stays -0.), a nan from either side wins
        out = a if low is None else np.where((a < low) | np.isnan(low), low, a)
        return out if high is None else np.where((out > high) | np.isnan(high), high, out)

    def backward(ctx, grad):
        ctx.saved_tensors  # noqa: B018  (raises if an input was changed in place)
        return (
            Where.apply(grad, 0.0, condition=ctx.inside),
            Where.apply(grad, 0.0, condition=ctx.low_wins) if ctx.needs_input_grad[1] else None,
            Where.apply(grad, 0.0, condition=ctx.high_wins) if ctx.needs_input_grad[2] else None,
        )

    def symbolic(ctx, a, low, high):
        out = a if low is None else np.asarray(np.frompyfunc(sympy.Max, 2, 1)(a, low), dtype=object)
        return out if high is None else np.asarray(np.frompyfunc(sympy.Min, 2, 1)(out, high), dtype=object)


class Where(Op):
    name = "WhereBackward0"
    promote = "binary"

    def forward(ctx, a, b, condition):
        ctx.condition = condition
        return np.where(condition, a, b)

    def backward(ctx, grad):
        zero = zeros((), like=grad)
        return (
            Where.apply(grad, zero, condition=ctx.condition) if ctx.needs_input_grad[0] else None,
            Where.apply(zero, grad, condition=ctx.condition) if ctx.needs_input_grad[1] else None,
        )

    def symbolic(ctx, a, b):
        return np.where(ctx.condition, a, b)


class MaskedFill(Op):
    """``masked_fill``: ``value`` where ``mask`` holds; the result keeps the input's dtype."""

    name = "MaskedFillBackward0"

    def forward(ctx, a, value, mask):
        ctx.mask = mask
        return np.where(mask, value, a).astype(a.dtype, copy=False)

    def backward(ctx, grad):
        grad_value = Where.apply(grad, 0.0, condition=ctx.mask).sum() if ctx.needs_input_grad[1] else None
        return MaskedFill.apply(grad, 0.0, mask=ctx.mask), grad_value

    def symbolic(ctx, a, value):
        return np.where(ctx.mask, value, a)


class MaskedFillTensor(MaskedFill):
    """``masked_fill`` with a 0-d tensor value, which receives the gradients of the elements it filled."""

    name = "MaskedFillBackward1"


class Maximum(Op):
    """``torch.maximum``: the larger element; a tie sends half the gradient to each side, as in PyTorch."""

    name = "MaximumBackward0"
    saved_names = ("self", "other")
    promote = "binary"
    pick = staticmethod(np.maximum)
    sym = "maximum"

    def forward(ctx, a, b):
        # the inputs, not the output, decide who won: an in-place change of the output must not matter
        ctx.save_for_backward(a, b)
        # PyTorch keeps a where the two are equal (so maximum(-0., 0.) is -0.) and lets a nan of either win
        out = np.where(b > a if ctx.op.pick is np.maximum else b < a, b, a)
        return np.where(np.isnan(b), b, out)

    def backward(ctx, grad):
        a, b = (array_of(t) for t in ctx.saved_tensors)
        a_won, b_won = (a > b, a < b) if ctx.op.pick is np.maximum else (a < b, a > b)
        shared = Where.apply(grad / 2, grad, condition=a == b)  # a tie splits the gradient, as in PyTorch
        return (
            MaskedFill.apply(shared, 0.0, mask=b_won) if ctx.needs_input_grad[0] else None,
            MaskedFill.apply(shared, 0.0, mask=a_won) if ctx.needs_input_grad[1] else None,
        )

    def symbolic(ctx, a, b):
        from . import _kinks  # SymPy functions: loaded with SymPy, only when a symbolic rule runs

        return np.asarray(np.frompyfunc(getattr(_kinks, ctx.op.sym), 2, 1)(a, b), dtype=object)


class Minimum(Maximum):
    name = "MinimumBackward0"
    pick = staticmethod(np.minimum)
    sym = "minimum"


class Sign(Op):
    """``torch.sign``: -1, 0 or 1; a step function, so its gradient is 0 everywhere, as in PyTorch."""

    name = "SignBackward0"

    def forward(ctx, a):
        return a.copy() if a.dtype == bool else np.where(np.isnan(a), 0, np.sign(a)).astype(a.dtype, copy=False)

    def backward(ctx, grad):
        return zeros(grad.shape, like=grad)

    def symbolic(ctx, a):
        from ._kinks import sign  # SymPy functions: loaded with SymPy, only when a symbolic rule runs

        return elementwise(sign, a)


# == newops: more elementwise ops (floor_divide, remainder, nan_to_num, log/exp variants, trig, ...) ==


class _NotDifferentiable(Op):
    """An op PyTorch records without a derivative: backward raises, as PyTorch's ``NotImplemented`` node does."""

    name = ""
    aten = ""

    def backward(ctx, grad):
        raise RuntimeError(f"derivative for aten::{ctx.op.aten} is not implemented")


def _check_integer_divisor(a, b, kernel: str) -> None:
    """PyTorch's errors for ``//`` and ``%`` on integers: no division by zero, and none on bools at all."""
    kind = np.result_type(a, b).kind
    if kind == "b":
        raise NotImplementedError(f'"{kernel}_cpu" not implemented for \'Bool\'')
    if kind in "iu" and np.any(np.asarray(b) == 0):
        raise RuntimeError("ZeroDivisionError")


def _remainder(a, b):
    """PyTorch's ``a % b``: ``fmod`` moved into the divisor's sign, so a zero keeps the dividend's sign
    (numpy's ``remainder`` gives it the divisor's)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        rest = np.fmod(a, b)
        return np.where((rest != 0) & ((rest < 0) != (np.asarray(b) < 0)), rest + b, rest)[()]


class FloorDivide(_NotDifferentiable):
    """``a // b``: rounds toward minus infinity, like Python and PyTorch (no derivative in PyTorch)."""

    name = "NotImplemented"
    aten = "floor_divide"
    promote = "binary"

    def forward(ctx, a, b):
        _check_integer_divisor(a, b, "div_floor")
        with np.errstate(divide="ignore", invalid="ignore"):
            ctx.quotient = np.floor_divide(a, b)
        return ctx.quotient

    def symbolic(ctx, a, b):
        return exact(ctx.quotient)  # piecewise constant


class RRemainder(_NotDifferentiable):
    """``number % tensor``: PyTorch has no derivative for a Python number divided by a tensor."""

    name = "NotImplemented"
    aten = "remainder"
    promote = "binary"

    def forward(ctx, a, number):
        _check_integer_divisor(number, a, "remainder")
        ctx.out = np.asarray(_remainder(number, a), dtype=a.dtype)
        return ctx.out

    def symbolic(ctx, a, number):
        return exact(ctx.out)  # piecewise constant


class RemainderScalar(Op):
    """``tensor % number``: the sign of the divisor, as Python's ``%`` (and numpy's ``remainder``)."""

    name = "RemainderBackward0"
    promote = "binary"

    def forward(ctx, a, b):
        _check_integer_divisor(a, b, "remainder")
        with np.errstate(divide="ignore", invalid="ignore"):
            ctx.quotient = np.floor_divide(a, b)
        # d/db needs a and b: saved (as PyTorch does) so that an in-place change of either is detected
        ctx.save_for_backward(*((a, b) if ctx.needs_input_grad[1] else ()))
        return np.asarray(_remainder(a, b), dtype=a.dtype)

    def backward(ctx, grad):
        return grad, None

    def symbolic(ctx, a, b):
        # a - b * floor(a / b), with the floor (constant between its jumps) taken from the forward pass
        return a - exact(b) * exact(ctx.quotient)


class Remainder(RemainderScalar):
    """``tensor % tensor``; d/db = -floor(a / b)."""

    name = "RemainderBackward1"

    def backward(ctx, grad):
        if not ctx.needs_input_grad[1]:
            return grad, None
        a, b = ctx.saved_tensors
        return grad, -grad * DivMode.apply(a, b, rounding_mode="floor")

    def symbolic(ctx, a, b):
        return a - b * exact(ctx.quotient)


class NanToNum(Op):
    """``nan_to_num``: nan, +inf and -inf replaced by finite numbers; their gradient is zero."""

    name = "NanToNumBackward0"
    saved_names = ("self",)

    def forward(ctx, a, nan=0.0, posinf=None, neginf=None):
        ctx.finite = np.isfinite(a)
        ctx.save_for_backward(a)  # only for the version check of an in-place change, as in PyTorch
        ctx.out = np.nan_to_num(a, nan=nan, posinf=posinf, neginf=neginf)
        return ctx.out

    def backward(ctx, grad):
        ctx.saved_tensors  # noqa: B018  (raises if the input was changed in place)
        return grad * ctx.finite

    def symbolic(ctx, a):
        return np.where(ctx.finite, a, exact(ctx.out))


class Log1p(Op):
    name = "Log1PBackward0"
    saved_names = ("self",)
    promote = "float"

    def forward(ctx, a):
        ctx.save_for_backward(a)
        with np.errstate(divide="ignore", invalid="ignore"):
            return in_float64(np.log1p, a)

    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad / (a + 1)

    def symbolic(ctx, a):
        return elementwise(lambda e: sympy.log(1 + e), a)


class Expm1(Op):
    name = "Expm1Backward0"
    saved_names = ("result",)
    promote = "float"

    def forward(ctx, a):
        out = in_float64(np.expm1, a)
        ctx.save_for_backward(out)
        return out

    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad * (out + 1)

    def symbolic(ctx, a):
        return elementwise(lambda e: sympy.exp(e) - 1, a)


class Log2(Op):
    name = "Log2Backward0"
    saved_names = ("self",)
    promote = "float"

    def forward(ctx, a):
        ctx.save_for_backward(a)
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.log2(a)

    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad / (a * float(np.log(2.0)))

    def symbolic(ctx, a):
        return elementwise(lambda e: sympy.log(e, 2), a)


class Exp2(Op):
    name = "Exp2Backward0"
    saved_names = ("result",)
    promote = "float"

    def forward(ctx, a):
        out = np.exp2(a)
        ctx.save_for_backward(out)
        return out

    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad * out * float(np.log(2.0))

    def symbolic(ctx, a):
        return elementwise(lambda e: sympy.Integer(2) ** e, a)


class Rsqrt(Op):
    name = "RsqrtBackward0"
    saved_names = ("result",)
    promote = "float"

    def forward(ctx, a):
        with np.errstate(divide="ignore", invalid="ignore"):
            out = (1 / np.sqrt(a)).astype(a.dtype, copy=False)
        ctx.save_for_backward(out)
        return out

    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad * -0.5 * out**3

    def symbolic(ctx, a):
        return elementwise(lambda e: 1 / sympy.sqrt(e), a)


class Tan(Op):
    name = "TanBackward0"
    saved_names = ("result",)
    promote = "float"

    def forward(ctx, a):
        out = np.tan(a)
        ctx.save_for_backward(out)
        return out

    def backward(ctx, grad):
        (out,) = ctx.saved_tensors
        return grad * (1 + out * out)

    def symbolic(ctx, a):
        return elementwise(sympy.tan, a)


class Atan(Op):
    name = "AtanBackward0"
    saved_names = ("self",)
    promote = "float"

    def forward(ctx, a):
        ctx.save_for_backward(a)
        return np.arctan(a)

    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad / (1 + a * a)

    def symbolic(ctx, a):
        return elementwise(sympy.atan, a)


class Sinh(Op):
    name = "SinhBackward0"
    saved_names = ("self",)
    promote = "float"

    def forward(ctx, a):
        ctx.save_for_backward(a)
        return np.sinh(a)

    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad * Cosh.apply(a)

    def symbolic(ctx, a):
        return elementwise(sympy.sinh, a)


class Cosh(Op):
    name = "CoshBackward0"
    saved_names = ("self",)
    promote = "float"

    def forward(ctx, a):
        ctx.save_for_backward(a)
        return np.cosh(a)

    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad * Sinh.apply(a)

    def symbolic(ctx, a):
        return elementwise(sympy.cosh, a)


class Asin(Op):
    name = "AsinBackward0"
    saved_names = ("self",)
    promote = "float"

    def forward(ctx, a):
        ctx.save_for_backward(a)
        with np.errstate(invalid="ignore"):
            return np.arcsin(a)

    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return grad * Rsqrt.apply(1 - a * a)

    def symbolic(ctx, a):
        return elementwise(sympy.asin, a)


class Acos(Op):
    name = "AcosBackward0"
    saved_names = ("self",)
    promote = "float"

    def forward(ctx, a):
        ctx.save_for_backward(a)
        with np.errstate(invalid="ignore"):
            return np.arccos(a)

    def backward(ctx, grad):
        (a,) = ctx.saved_tensors
        return -grad * Rsqrt.apply(1 - a * a)

    def symbolic(ctx, a):
        return elementwise(sympy.acos, a)


class Addcmul(Op):
    """``input + value * tensor1 * tensor2``."""

    name = "AddcmulBackward0"
    saved_names = ("tensor1", "tensor2")
    promote = "binary"

    def forward(ctx, a, t1, t2, value=1):
        ctx.value = value
        ctx.save_for_backward(t1 if ctx.needs_input_grad[2] else None, t2 if ctx.needs_input_grad[1] else None)
        return a + value * t1 * t2

    def backward(ctx, grad):
        t1, t2 = ctx.saved_tensors
        return (
            grad,
            grad * t2 * ctx.value if ctx.needs_input_grad[1] else None,
            grad * t1 * ctx.value if ctx.needs_input_grad[2] else None,
        )

    def symbolic(ctx, a, t1, t2):
        return a + exact(ctx.value) * t1 * t2


def _check_lerp_dtypes(start, **others) -> None:
    """PyTorch's lerp promotes nothing: ``end`` (and a weight with dimensions) must have the start's dtype."""
    for word, other in others.items():
        if np.ndim(other) and other.dtype != start.dtype:
            name = {"float32": "float", "float64": "double", "float16": "half"}
            raise RuntimeError(
                f"expected dtype {name.get(start.dtype.name, start.dtype.name)} for `{word}` but got dtype "
                f"{name.get(other.dtype.name, other.dtype.name)}"
            )


def _lerp(start, end, weight, dtype):
    """PyTorch's kernel: ``base + coeff * (end - start)`` from the nearer end (so that lerp(-inf, x, 0.5) is -inf, not
    -inf + inf = nan), as one fused multiply-add, in float32 for float16 and float32 results. That fused result is
    exactly what a float64 product and sum give once rounded; float64 results have nothing wider to compute in."""
    compute = np.dtype(np.float32) if dtype in (np.float16, np.float32) else dtype
    start, end, weight = (np.asarray(v, dtype=compute) for v in (start, end, weight))
    small = np.abs(weight) < 0.5
    # (the large weight's coefficient is -(1 - w), not w - 1: at w = 1 it is -0., which decides the sign of a zero)
    coeff, base, difference = np.where(small, weight, -(1 - weight)), np.where(small, start, end), end - start
    with np.errstate(invalid="ignore"):
        if compute == np.float32:
            return (coeff.astype(np.float64) * difference + base).astype(np.float32).astype(dtype, copy=False)
        return coeff * difference + base


class Lerp(Op):
    """``start + weight * (end - start)`` with a number as weight."""

    name = "LerpBackward0"

    def forward(ctx, start, end, weight=0.5):
        _check_lerp_dtypes(start, end=np.atleast_1d(end))
        ctx.weight = weight
        return _lerp(start, end, weight, start.dtype)

    def backward(ctx, grad):
        return grad * (1 - ctx.weight), grad * ctx.weight

    def symbolic(ctx, start, end):
        return start + exact(ctx.weight) * (end - start)


class LerpTensor(Op):
    """``lerp`` with a tensor weight, which gets a gradient too."""

    name = "LerpBackward1"
    saved_names = ("self", "end", "weight")

    def forward(ctx, start, end, weight):
        _check_lerp_dtypes(start, end=np.atleast_1d(end), weight=weight)
        # save only what a requested gradient needs, as PyTorch does (so that end may change in place after)
        wants_weight, wants_ends = ctx.needs_input_grad[2], ctx.needs_input_grad[0] or ctx.needs_input_grad[1]
        ctx.save_for_backward(start if wants_weight else None, end if wants_weight else None,
                              weight if wants_ends else None)  # fmt: skip
        # a 0-d weight of another dtype counts only beside 0-d ends, as in PyTorch's type promotion
        dtype = np.promote_types(start.dtype, weight.dtype) if start.ndim == end.ndim == 0 else start.dtype
        return _lerp(start, end, weight, dtype)

    def backward(ctx, grad):
        start, end, weight = ctx.saved_tensors
        return (
            grad * (1 - weight) if ctx.needs_input_grad[0] else None,
            grad * weight if ctx.needs_input_grad[1] else None,
            grad * (end - start) if ctx.needs_input_grad[2] else None,
        )

    def symbolic(ctx, start, end, weight):
        return start + weight * (end - start)


class ClampMin(Op):
    """``clamp_min``: the larger of input and bound; at the bound itself the input keeps the gradient."""

    name = "ClampMinBackward0"
    saved_names = ("self", None)
    promote = "binary"
    keep = staticmethod(np.greater_equal)
    bound_wins = staticmethod(np.less)
    sym = "Max"

    def forward(ctx, a, bound):
        ctx.save_for_backward(a, bound)
        # as PyTorch: the input where it ties with the bound (-0. beside 0. stays -0.), nan from either side
        return np.where(ctx.op.bound_wins(a, bound) | np.isnan(bound), bound, a)

    def backward(ctx, grad):
        a, bound = ctx.saved_tensors
        a, bound = array_of(a), array_of(bound)
        # where(), not a product: a nan gradient stays out of the input that was not picked, as in PyTorch;
        # where the bound is nan, neither is picked
        return (
            Where.apply(grad, 0.0, condition=ctx.op.keep(a, bound)) if ctx.needs_input_grad[0] else None,
            Where.apply(grad, 0.0, condition=ctx.op.bound_wins(a, bound)) if ctx.needs_input_grad[1] else None,
        )

    def symbolic(ctx, a, bound):
        from . import _kinks  # SymPy functions: loaded with SymPy, only when a symbolic rule runs

        if isinstance(bound, np.ndarray):
            # a tensor bound: max(a, b) = a + relu(b - a), min(a, b) = a - relu(a - b), whose derivatives at a tie
            # (relu' = 0 at 0) send the gradient to a, as PyTorch does (SymPy's Max would split it)
            sign = 1 if ctx.op.sym == "Max" else -1
            pick = np.frompyfunc(lambda x, b: x + sign * _kinks.relu(sign * (b - x)), 2, 1)
            return np.asarray(pick(a, bound), dtype=object)
        low, high = (bound, sympy.oo) if ctx.op.sym == "Max" else (-sympy.oo, bound)
        return elementwise(lambda e: _kinks.clamp(e, low, high), a)  # gradient 1 at the bound, as PyTorch's


class ClampMax(ClampMin):
    name = "ClampMaxBackward0"
    keep = staticmethod(np.less_equal)
    bound_wins = staticmethod(np.greater)
    sym = "Min"


class ClampMinTensor(ClampMin):
    """``clamp_min`` with a tensor bound, which gets the gradient where it is chosen."""

    name = "ClampMinBackward1"
    saved_names = ("self", "min")


class ClampMaxTensor(ClampMax):
    name = "ClampMaxBackward1"
    saved_names = ("self", "max")


# == end newops ==
