"""Interactive explorers on ipywidgets: move a slider, watch values, gradients, formulas and the graph follow.

* ``explore(fn, x=...)``: sliders and text boxes for ``fn``'s inputs; output, ``.grad``, SymPy check, graph.
* ``vjp(fn, x=..., v=...)``: the Jacobian, v, the product vᵀJ and ``x.grad`` after ``y.backward(v)``.
* ``step_backward(out)``: backpropagation one node at a time, upstream × local = downstream.

Each widget is thin: a control change calls one update that re-runs the learner's function with the engine
and asks ``sym`` and ``viz`` what to show; ``.set(...)`` takes the same path. Bad input never raises: the
widget shows one sentence (also in ``.error``) and keeps its last good state (``.result``).
"""

from __future__ import annotations

from ._steps import Step
from .explore import Explorer, ExploreResult, explore
from .stepper import Stepper, step_backward
from .vjp import VJPExplorer, VJPResult, vjp

__all__ = ["explore", "vjp", "step_backward", "Explorer", "ExploreResult", "VJPExplorer", "VJPResult", "Stepper",
           "Step"]
