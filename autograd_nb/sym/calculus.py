"""Partial derivatives of replayed formulas, by SymPy's own differentiation rules, without the overhead.

``sympy.diff`` builds a ``Derivative`` object for every sub-expression it meets and, for products, goes
through the general n-th derivative (Leibniz) formula; on a formula with a thousand terms that costs
milliseconds per term. ``derivative`` applies the same rules SymPy's nodes define (``Add``: term by term;
``Mul``: the product rule; ``Pow``: ``b**e * (e'·log b + b'·e/b)``, as ``Pow._eval_derivative``; functions:
``fdiff`` times the inner derivative, as ``Function._eval_derivative``) in one iterative pass over the
expression, and hands every other kind of node to ``sympy.diff`` itself. None of it looks at the engine's
backward rules.
"""

from __future__ import annotations

from collections import defaultdict

import sympy
from sympy.core.function import ArgumentIndexError
from sympy.functions.elementary.miscellaneous import MinMaxBase

_ZERO, _ONE = sympy.Integer(0), sympy.Integer(1)
# functions whose derivative SymPy computes as fdiff(i) · (d arg_i) — the chain rule, nothing special
_CHAIN_RULE = (sympy.Function._eval_derivative, MinMaxBase._eval_derivative)


def _handled(node: sympy.Basic) -> bool:
    if node.is_Add or node.is_Mul or node.is_Pow:
        return True
    return isinstance(node, sympy.Function) and getattr(type(node), "_eval_derivative", None) in _CHAIN_RULE


def _fdiff(node: sympy.Function, i: int) -> sympy.Expr:
    try:
        return node.fdiff(i)
    except ArgumentIndexError:
        return sympy.Function.fdiff(node, i)


def _combine(node: sympy.Basic, ds: list) -> sympy.Expr:
    args = node.args
    if node.is_Add:
        return sympy.Add(*[d for d in ds if d is not _ZERO])
    if node.is_Mul:
        return sympy.Add(*[sympy.Mul(*args[:i], *([] if d is _ONE else [d]), *args[i + 1 :])
                           for i, d in enumerate(ds) if d is not _ZERO])  # fmt: skip
    if node.is_Pow:
        (base, exponent), (dbase, dexp) = args, ds
        if dexp is _ZERO:  # b**e * (b'·e/b), written the way it simplifies
            return sympy.Mul(exponent, base ** (exponent - 1), *([] if dbase is _ONE else [dbase]))
        return node * (dexp * sympy.log(base) + dbase * exponent / base)
    return sympy.Add(*[_fdiff(node, i + 1) * d for i, d in enumerate(ds) if d is not _ZERO])


def derivative(expr: sympy.Expr, s: sympy.Symbol) -> sympy.Expr:
    """``∂expr/∂s``, equal to ``sympy.diff(expr, s)``.

    >>> x = sympy.Symbol("x")
    >>> derivative(3 * (x + 2) ** 2 / 4, x)
    3*x/2 + 3
    """
    done: dict = {}
    stack = [expr]
    while stack:  # post-order over the expression's distinct sub-expressions, without recursion
        node = stack[-1]
        if node in done:
            stack.pop()
            continue
        if not node.args or not _handled(node):
            stack.pop()
            if node == s:
                done[node] = _ONE
            elif not node.args or s not in node.free_symbols:
                done[node] = _ZERO
            else:
                done[node] = sympy.diff(node, s)
            continue
        pending = [a for a in node.args if a not in done]
        if pending:
            stack.extend(pending)
            continue
        stack.pop()
        ds = [done[a] for a in node.args]
        done[node] = _ZERO if all(d is _ZERO for d in ds) else _combine(node, ds)
    return done[expr]


def partials(expr: sympy.Expr, wanted: set) -> dict:
    """``{symbol: ∂expr/∂symbol}`` for the wanted symbols that ``expr`` contains (the others are 0).

    A sum is split into its terms first, so that each symbol meets only the terms that contain it:
    differentiating ``Σ 3(x_i+2)²/4`` by each of n symbols then costs n small derivatives, not n².
    """
    terms = expr.args if expr.is_Add else (expr,)
    by_symbol = defaultdict(list)
    for term in terms:
        for symbol in term.free_symbols & wanted:
            by_symbol[symbol].append(term)
    return {s: sympy.Add(*[derivative(t, s) for t in ts]) for s, ts in by_symbol.items()}
