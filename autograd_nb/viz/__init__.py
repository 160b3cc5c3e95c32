"""Draw the graph that autograd recorded: ``grad_fn`` nodes, leaves, saved tensors, gradients.

>>> import autograd_nb as torch
>>> x = torch.ones(2, 2, requires_grad=True)
>>> y = x + 2
>>> out = (y * y * 3).mean()
>>> out.backward()
>>> view = torch.viz.draw(out)     # in Jupyter the drawing shows itself
>>> view.edges()[:2]
[('out', 'MeanBackward0'), ('MeanBackward0', 'MulBackward0')]
"""

from __future__ import annotations

import base64
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from .._frames import caller_tensors
from .._tensor import Tensor
from ..autograd import engine as _engine
from . import graph as _graph
from . import render as _render
from .dot import escape, format_values, to_dot
from .render import RendererNotFound, RenderError, get_renderer, set_renderer

_engine.KEEP_GRADS = True  # from now on backward keeps what flowed along each arrow, for the labels

__all__ = ["GraphView", "GraphTooLarge", "RenderError", "RendererNotFound", "draw", "escape", "get_renderer",
           "set_renderer"]  # fmt: skip

MAX_NODES = 2000
SHOWN_LINES = 200  # of the DOT text, when it is shown instead of the drawing


class GraphTooLarge(RenderError):
    """More boxes than a drawing can usefully show."""


class GraphView:
    """A drawn graph: ``.source`` (DOT), ``.svg()``, ``.save(path)``; displays itself in Jupyter."""

    def __init__(self, graph: _graph.Graph, source: str, max_nodes: int = MAX_NODES) -> None:
        self.graph, self.source, self.max_nodes = graph, source, max_nodes
        self._cache: dict[tuple[str, str], bytes] = {}

    def edges(self) -> list[tuple[str, str]]:
        """``(from, to)`` titles of the arrows in gradient-flow direction (``"AccumulateGrad"``, ``"x"``, …)."""
        return self.graph.edges()

    def nodes(self) -> list[str]:
        """The titles of the drawn boxes, in drawing order."""
        return [v.label for _, v in self.graph.live_vertices()]

    def pipe(self, fmt: str = "svg") -> bytes:
        """The drawing in ``fmt`` ("svg", "png", or any format the renderer knows) as bytes."""
        size = len(self.graph.live_vertices())
        if size > self.max_nodes:
            raise GraphTooLarge(
                f"The graph has {size} boxes, too many to read (limit {self.max_nodes}). Draw it with "
                "collapse=True to fold repeated nodes, draw a smaller part, or pass max_nodes=… to draw it anyway."
            )
        key = (get_renderer(), fmt)
        if key not in self._cache:
            self._cache[key] = _render.render(self.source, fmt)
        return self._cache[key]

    def svg(self) -> str:
        """The drawing as SVG text (without Graphviz's version comment, so it is the same everywhere)."""
        return self.pipe("svg").decode("utf-8")

    def save(self, path: str | Path) -> Path:
        """Write the drawing; the suffix picks the format: ``.svg``, ``.png`` or ``.dot``/``.gv``."""
        path = Path(path)
        fmt = path.suffix.lower().lstrip(".")
        if fmt in ("dot", "gv"):
            path.write_text(self.source, encoding="utf-8")
        elif fmt in ("svg", "png"):
            path.write_bytes(self.pipe(fmt))
        else:
            raise ValueError(f"cannot save a graph as {path.suffix!r}: use .svg, .png, .dot or .gv")
        return path

    def _display_svg(self) -> tuple[str | None, str]:
        """SVG for display, or None and the reason; never raises (that would break notebook execution)."""
        try:
            return self.svg(), ""
        except Exception as error:  # noqa: BLE001 - any failure must fall back to the DOT text
            return None, f"{type(error).__name__}: {error}"

    def _repr_svg_(self) -> str | None:
        return self._display_svg()[0]

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict:
        """SVG, and the same drawing as PNG.

        JupyterLab shows no SVG in a notebook that is not trusted (a fresh clone), but it does show PNG;
        nbconvert HTML and slides use the SVG. Both come from the pinned renderer and are the same bytes
        on every run (nbval compares the SVG; it leaves PNG alone).
        """
        svg, reason = self._display_svg()
        if svg is None:
            lines = self.source.splitlines(keepends=True)
            shown = "".join(lines[:SHOWN_LINES])
            if len(lines) > SHOWN_LINES:
                shown += f"… {len(lines) - SHOWN_LINES} more lines in .source\n"
            return {"text/plain": f"{reason}\n\nDOT source:\n{shown}"}
        bundle = {"image/svg+xml": svg, "text/plain": repr(self)}
        try:
            bundle["image/png"] = base64.b64encode(self.pipe("png")).decode("ascii")
        except Exception:  # noqa: BLE001 - the SVG is still there; a display must never raise
            pass
        return bundle

    def __repr__(self) -> str:
        roles = [v.role for _, v in self.graph.live_vertices()]
        functions = roles.count("function") + roles.count("accumulate")
        return f"<GraphView: {functions} grad_fn nodes, {len(roles) - functions} tensors; .source, .svg(), .save(path)>"


def draw(
    output: Tensor | Sequence[Tensor],
    names: Mapping[str, Any] | None = None,
    *,
    values: bool = True,
    grads: bool = True,
    saved: bool = False,
    shapes: bool = True,
    highlight: Tensor | tuple | None = None,
    direction: str = "backward",
    collapse: bool = False,
    legend: bool = False,
    max_nodes: int = MAX_NODES,
) -> GraphView:
    """Draw the graph that produced ``output`` (a tensor or several).

    ``names`` maps names to tensors (``locals()`` works; by default the caller's variables are used) so
    boxes read ``x``, ``y``, ``out``. ``direction="backward"`` draws gradient flow, each arrow labelled
    with the gradient it carried in the last backward pass (computed with ``autograd.grad``, ``.grad``
    untouched, when none has run); ``"forward"`` draws data flow. ``highlight=(leaf, index)`` marks the
    paths from the output to ``leaf``; ``collapse`` folds chains of identical nodes into one ``×n`` box.

    >>> import autograd_nb as torch
    >>> x = torch.tensor([1.0, 2.0], requires_grad=True)
    >>> y = x * 2
    >>> for _ in range(3):
    ...     y = y * 2
    >>> draw(y, collapse=True).nodes()
    ['y', 'MulBackward0 ×4', 'AccumulateGrad', 'x']
    """
    if direction not in ("backward", "forward"):
        raise ValueError(f"direction must be 'backward' or 'forward', not {direction!r}")
    outputs = [output] if isinstance(output, Tensor) else list(output)
    if not outputs or not all(isinstance(t, Tensor) for t in outputs):
        raise TypeError("draw() expects a Tensor or a sequence of Tensors")
    if names is None:
        names = dict(caller_tensors(sys._getframe(1)))
    forward = direction == "forward"
    drawing = _graph.build(outputs, names, forward=forward, saved=saved, recompute=grads)
    if highlight is not None:
        _highlight(drawing, highlight, outputs)
    if collapse:
        _graph.collapse(drawing)
    source = to_dot(drawing, forward=forward, values=values, grads=grads, shapes=shapes, legend=legend)
    return GraphView(drawing, source, max_nodes)


def _highlight(drawing: _graph.Graph, spec: Tensor | tuple, outputs: list[Tensor]) -> None:
    tensor, index = spec if isinstance(spec, tuple) else (spec, None)
    if not isinstance(tensor, Tensor):
        raise TypeError("highlight must be a tensor or a (tensor, index) pair")
    box = drawing.box_of(tensor)
    if box is None:
        raise ValueError("the highlighted tensor is not in this graph: pass a leaf that requires grad, or a named one")
    _graph.highlight(drawing, box, [drawing.box_of(t) for t in outputs])
    if index is None:
        return
    vertex = drawing.vertices[box]
    np.empty(vertex.shape)[index]  # an IndexError here names the bad index, as indexing the tensor would
    if vertex.grad is not None:
        where = ", ".join(str(i) for i in (index if isinstance(index, tuple) else (index,)))
        out_name = drawing.vertices[drawing.box_of(outputs[0])].title
        value = " ".join(format_values(np.asarray(vertex.grad[index])))
        vertex.notes.append(f"∂{out_name}/∂{vertex.title or 'leaf'}[{where}] = {value}")
