"""The SymPy cross-checker: the learner's computation as exact formulas, derived and checked.

* ``derive(out, x=x)`` replays the recorded graph with one symbol per input element and returns a
  ``Derivation`` (``.expr``, ``.gradient``, ``.jacobian``, ``.hessian``, ``.vjp``, ``.evaluate``).
* ``check(out)`` compares every input's ``.grad`` with the analytic gradient.
* ``explain(out, x, 0)`` writes the chain rule for one element, path by path.

The derivatives come from SymPy's differentiation rules applied to the replayed formulas (the rules of
``sympy.diff``, without its per-node overhead: see ``calculus``), never from the engine's backward rules,
so a passing check means something.
"""

from __future__ import annotations

from .check import CheckReport, CheckRow, check
from .derive import Derivation, derive
from .explain import Explanation, explain

__all__ = ["derive", "check", "explain", "Derivation", "CheckReport", "CheckRow", "Explanation"]
