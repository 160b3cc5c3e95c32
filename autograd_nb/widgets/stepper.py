"""``step_backward``: backpropagation one node at a time, upstream × local = downstream, with the numbers."""

from __future__ import annotations

import html
import sys
from collections.abc import Mapping
from typing import Any

import ipywidgets as w
import numpy as np

from .. import viz
from .._creation import tensor
from .._frames import caller_tensors
from .._tensor import Tensor
from ..viz.dot import to_dot
from ..viz.graph import tensor_key
from ._base import ERROR_STYLE, SnapshotBox, pre, static_html
from ._steps import Step, backward_steps


class Stepper(SnapshotBox):
    """The widget ``step_backward`` returns; see there."""

    def __init__(self, output: Tensor, names: Mapping[str, Any], gradient: Any = None) -> None:
        super().__init__()
        named = {name: t for name, t in names.items() if isinstance(t, Tensor) and not name.startswith("_")}
        labels = {tensor_key(t): name for name, t in reversed(list(named.items()))}
        grad = None if gradient is None else np.asarray(gradient._data if isinstance(gradient, Tensor) else gradient)
        self.steps: list[Step] = backward_steps(output, grad, labels)
        self.error: str | None = None
        self._view = viz.draw(output, names=named, grads=False)
        self._svgs: dict[int, str] = {}
        # the slider counts from 1, as the step titles do ("Step 3 of 5"); ``index`` counts from 0, as lists do
        count = len(self.steps)
        self._play = w.Play(value=1, min=1, max=count, step=1, interval=1500, description="play")
        self._slider = w.IntSlider(value=1, min=1, max=count, description="step")
        self._previous = w.Button(description="◀ previous", layout={"width": "110px"})
        self._next = w.Button(description="next ▶", layout={"width": "110px"})
        w.link((self._play, "value"), (self._slider, "value"))
        self._previous.on_click(lambda _: self.show(self.index - 1))
        self._next.on_click(lambda _: self.show(self.index + 1))
        self._slider.observe(lambda change: self._render(change["new"] - 1), "value")
        self._error_pane, self._step_pane, self._graph_pane = w.HTML(), w.HTML(), w.HTML()
        self._step_pane.add_class("agnb-step")
        self.add_class("agnb-stepper")
        self.children = (w.HBox([self._play, self._previous, self._next, self._slider]), self._error_pane,
                         self._step_pane, self._graph_pane)  # fmt: skip
        self._render(0)

    @property
    def index(self) -> int:
        """The step shown, from 0."""
        return self._slider.value - 1

    def show(self, i: int) -> bool:
        """Move to step ``i`` (as the slider and buttons do); a step that does not exist is shown as an error."""
        if isinstance(i, bool) or not isinstance(i, (int, np.integer)) or not 0 <= i < len(self.steps):
            self.error = f"there is no step {i!r}: the steps go from 0 to {len(self.steps) - 1}."
            self._error_pane.value = f"<p style='{ERROR_STYLE}'>{html.escape(self.error)}</p>"
            return False
        if i == self.index:
            self._render(i)
        self._slider.value = int(i) + 1
        return True

    def _render(self, i: int) -> None:
        self.error, self._error_pane.value = None, ""
        self._step_pane.value = step_html(self.steps[i], i, len(self.steps))
        if i not in self._svgs:
            self._svgs[i] = "<div>" + _marked_svg(self._view, self._box_of_step(i)) + "</div>"
        self._graph_pane.value = self._svgs[i]

    def _box_of_step(self, i: int) -> int:
        """Which box of the drawing step i is. The drawing lists grad_fn and AccumulateGrad boxes in the
        engine's order, as the steps do (grad_fn nodes first, then the accumulations)."""
        accumulate = self.steps[i].node == "AccumulateGrad"
        rank = sum(1 for s in self.steps[:i] if (s.node == "AccumulateGrad") == accumulate)
        role = "accumulate" if accumulate else "function"
        boxes = [k for k, v in enumerate(_boxes(self._view)) if v.role == role]
        return boxes[rank] if rank < len(boxes) else -1

    def _snapshot_html(self) -> str:
        return static_html("<div class='autograd-nb-widget'><p><b>step_backward</b></p>" + self._error_pane.value
                           + self._step_pane.value + self._graph_pane.value + "</div>")  # fmt: skip

    def __repr__(self) -> str:
        return f"<Stepper: step {self.index} of {len(self.steps)}, {self.steps[self.index].node}>"


def _torch(array: np.ndarray) -> str:
    return repr(tensor(array))


def _boxes(view: viz.GraphView) -> list:
    return [v for _, v in view.graph.live_vertices() if v.role in ("function", "accumulate")]


def _marked_svg(view: viz.GraphView, position: int) -> str:
    """The drawing with one grad_fn box outlined in red (``position`` among the grad_fn boxes)."""
    try:
        boxes = _boxes(view)
        if not 0 <= position < len(boxes):
            return view.svg()
        boxes[position].marked = True
        try:
            source = to_dot(view.graph, grads=False)
        finally:
            boxes[position].marked = False
        return viz.GraphView(view.graph, source).svg()
    except Exception as error:  # noqa: BLE001 - a drawing problem must not break the stepper
        return pre(f"(graph not drawn: {type(error).__name__}: {error})")


def step_html(step: Step, i: int, count: int) -> str:
    """One step as HTML: upstream, local derivative per input, downstream, and the multiplication."""
    head = f"<p><b>Step {i + 1} of {count}: {html.escape(step.node)}</b>"
    if step.node == "AccumulateGrad":
        leaf = step.target or "the leaf"
        return (head + f" — {html.escape(leaf)}.grad receives its gradient</p>"
                + pre(f"{leaf}.grad += {_torch(step.upstream)}")
                + "<p>(the engine adds into <code>.grad</code> only after the whole pass succeeded; "
                  "the stepper leaves the real <code>.grad</code> alone)</p>")  # fmt: skip
    made = f" — computed {html.escape(step.target)}" if step.target else ""
    parts = [head + made + "</p>", "<p>upstream gradient arriving at its output:</p>", pre(_torch(step.upstream))]
    for k, name in enumerate(step.inputs):
        if step.downstream[k] is None:
            parts.append(f"<p>input {k} ({html.escape(name)}) needs no gradient.</p>")
            continue
        local = _torch(step.local[k])
        if step.elementwise[k]:
            factor = "× local derivative (elementwise factor)"
        else:
            rows, cols = step.local[k].shape
            factor = f"· local Jacobian J ({rows} output × {cols} input elements), as vᵀJ"
        text = f"upstream\n{factor}:\n{local}\n= downstream:\n{_torch(step.downstream[k])}"
        parts.append(f"<p>input {k} ({html.escape(name)}):</p>" + pre(text))
    return "".join(parts)


def step_backward(output: Tensor, /, names: Mapping[str, Any] | None = None, *, gradient: Any = None) -> Stepper:
    """Backpropagation through ``output``'s graph one node at a time, in the engine's order: Play, a step
    slider, previous/next. Each step shows the node marked in the graph, the upstream gradient, the local
    derivative and the downstream gradient per input; the last steps add into the leaves' ``.grad``.

    It replays the recorded graph, so it works before or after ``output.backward()``, and it never
    changes any ``.grad``. ``names`` maps names to tensors (the caller's variables by default);
    ``gradient`` is the v of ``backward(v)`` for a non-scalar output.

    >>> import autograd_nb as torch
    >>> x = torch.ones(2, 2, requires_grad=True)
    >>> out = (3 * (x + 2) ** 2).mean()
    >>> s = torch.widgets.step_backward(out)
    >>> [step.node for step in s.steps]
    ['MeanBackward0', 'MulBackward0', 'PowBackward0', 'AddBackward0', 'AccumulateGrad']
    >>> s.steps[-1].upstream.tolist()
    [[4.5, 4.5], [4.5, 4.5]]
    """
    if names is None:
        names = dict(caller_tensors(sys._getframe(1)))
    return Stepper(output, names, gradient)
