"""SymPy functions whose derivatives at their kinks are the ones PyTorch chose.

At a kink (relu at 0, a tie in a max, clamp at a bound, a norm at 0) a function has no derivative, and
PyTorch's backward uses one particular subgradient. SymPy's own ``Max``/``Min`` differentiate to
``Heaviside(·)`` with the value 1/2 at 0, and flatten nested maxima, so ``sympy.diff`` would disagree
with PyTorch there. The functions below have the same values as SymPy's, and their ``fdiff`` (which
``sympy.diff`` uses through the chain rule) is the derivative away from the kink plus PyTorch's choice
at it:

============================  =====================================================================
``relu(x)``                   ``Heaviside(x, 0)``: 0 at x = 0
``clamp(x, min, max)``        ``Heaviside(x - min, 1)·Heaviside(max - x, 1)``: 1 at either bound
``maximum(a, b)``             ``Heaviside(a - b, 1/2)``: a tie sends half to each side
``amax(x_1, …)``, ``amin``    a tie splits evenly among the tied elements (1/k each)
``sign(x)``                   0 everywhere (``sympy.sign`` would give ``2·DiracDelta(x)``)
``vector_norm(p, x_1, …)``    0 for every element where the norm is 0
``Abs``, ``sqrt``             SymPy's own: ``sign(x)`` (0 at 0); ``1/(2√x)`` (+∞ at 0, see below)
============================  =====================================================================

``sqrt`` needs no function of its own: its derivative at 0 is a division by zero, which the checker
evaluates in floating point, as the engine does, giving +∞ like PyTorch.
The conventions were recorded from PyTorch into ``tests/golden/kinks.json``.
"""

from __future__ import annotations

import sympy
from sympy.core.function import ArgumentIndexError

HALF = sympy.Rational(1, 2)


class relu(sympy.Function):
    """``max(x, 0)``, whose derivative at 0 is 0, as ``torch.relu``'s."""

    @classmethod
    def eval(cls, x):
        if x.is_number:
            return sympy.Max(x, 0)
        if x.is_nonnegative:
            return x
        if x.is_nonpositive:
            return sympy.Integer(0)
        return None

    def fdiff(self, argindex=1):
        return sympy.Heaviside(self.args[0], 0)

    def _eval_is_real(self):
        return self.args[0].is_real


class maximum(sympy.Function):
    """``torch.maximum(a, b)``: the larger; a tie gives each side half the gradient. Never flattened."""

    nargs = 2
    _pick = sympy.Max

    @classmethod
    def eval(cls, a, b):
        if a == b:
            return a
        if (a - b).is_number:
            return cls._pick(a, b)
        return None

    def fdiff(self, argindex=1):
        if argindex not in (1, 2):
            raise ArgumentIndexError(self, argindex)
        a, b = self.args if argindex == 1 else self.args[::-1]
        return sympy.Heaviside(a - b if self._pick is sympy.Max else b - a, HALF)

    def _eval_is_real(self):
        return self.args[0].is_real and self.args[1].is_real


class minimum(maximum):
    _pick = sympy.Min


class ties(sympy.Function):
    """How many of the arguments equal their largest (``ties(1, x…)``) or smallest (``ties(-1, x…)``) one.

    A step function of its arguments: its derivative is 0 wherever it is defined.
    """

    @classmethod
    def eval(cls, direction, *args):
        if all(a.is_number for a in args):
            best = (sympy.Max if direction == 1 else sympy.Min)(*args)
            return sympy.Integer(sum(1 for a in args if a == best))
        return None

    def fdiff(self, argindex=1):
        return sympy.Integer(0)


class amax(sympy.Function):
    """The largest argument; at a tie, each of the k tied arguments gets 1/k of the gradient (``torch.max()``)."""

    _pick, _direction = sympy.Max, 1

    @classmethod
    def eval(cls, *args):
        if len(args) == 1:
            return args[0]
        if all(a.is_number for a in args):
            return cls._pick(*args)
        return None

    def fdiff(self, argindex=1):
        args = list(self.args)
        chosen = args.pop(argindex - 1)
        others = self._pick(*args)
        gap = chosen - others if self._direction == 1 else others - chosen
        return sympy.Heaviside(gap, 1) / ties(self._direction, *self.args)

    def _eval_is_real(self):
        return all(a.is_real for a in self.args)


class amin(amax):
    _pick, _direction = sympy.Min, -1


class clamp(sympy.Function):
    """``torch.clamp(x, min, max)`` (a missing bound is ±oo); the derivative is 1 at either bound."""

    nargs = 3

    @classmethod
    def eval(cls, x, low, high):
        if x.is_number:
            return sympy.Min(sympy.Max(x, low), high)
        return None

    def fdiff(self, argindex=1):
        if argindex != 1:  # the bounds are numbers given to clamp, never differentiated
            return sympy.Integer(0)
        x, low, high = self.args
        inside = [sympy.Heaviside(x - low, 1)] if low.is_finite else []
        inside += [sympy.Heaviside(high - x, 1)] if high.is_finite else []
        return sympy.Mul(*inside)

    def _eval_is_real(self):
        return self.args[0].is_real

    def _bounds(self, printer) -> list[str]:
        _, low, high = self.args
        return [f"{name}={printer._print(b)}" for name, b in (("min", low), ("max", high)) if b.is_finite]

    def _sympystr(self, printer) -> str:
        return f"clamp({', '.join([printer._print(self.args[0]), *self._bounds(printer)])})"

    def _latex(self, printer) -> str:
        x, low, high = self.args
        parts = [printer._print(x)]
        parts += [rf"\mathrm{{{name}}}={printer._print(b)}" for name, b in (("min", low), ("max", high)) if b.is_finite]
        return r"\operatorname{clamp}\left(" + ", ".join(parts) + r"\right)"


class sign(sympy.sign):
    """``torch.sign``: -1, 0 or 1; its gradient is 0 everywhere, as PyTorch's."""

    def _eval_derivative(self, x):
        return sympy.Integer(0)

    def fdiff(self, argindex=1):
        return sympy.Integer(0)


class vector_norm(sympy.Function):
    """``‖x‖_p`` of the elements after ``p``; PyTorch's gradient at a zero norm is 0 for every element."""

    @classmethod
    def eval(cls, p, *args):
        if all(a.is_number for a in args):
            return sympy.Add(*[sympy.Abs(a) ** p for a in args]) ** (1 / p)
        return None

    def fdiff(self, argindex=1):
        if argindex == 1:
            raise ArgumentIndexError(self, argindex)  # p is a number given to norm, never differentiated
        p, x = self.args[0], self.args[argindex - 1]
        local = x * sympy.Abs(x) ** (p - 2) / self ** (p - 1)
        return sympy.Piecewise((0, sympy.Eq(self, 0)), (local, True))

    def _eval_is_real(self):
        return True

    def _sympystr(self, printer) -> str:
        p, *args = self.args
        inside = ", ".join(printer._print(a) for a in args)
        return f"norm(({inside}), p={printer._print(p)})" if p != 2 else f"norm(({inside}))"

    def _latex(self, printer) -> str:
        p, *args = self.args
        inside = ", ".join(printer._print(a) for a in args)
        return rf"\left\|\left({inside}\right)\right\|_{{{printer._print(p)}}}"
