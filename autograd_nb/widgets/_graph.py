"""The graph pane: ``viz.draw`` as inline SVG, with values and gradients on small graphs.

Rendering is the slow part of an update (Graphviz lays the graph out again whenever a label changes), so
graphs with more than ``VALUES_MAX_NODES`` nodes are drawn without values and gradients (those are in the
panes above): the drawing then depends only on the graph's structure and is rendered once per structure.
"""

from __future__ import annotations

from .. import viz
from .._tensor import Tensor
from ._base import pre

VALUES_MAX_NODES = 12
CACHE_SIZE = 16


class GraphCache:
    """SVG drawings by DOT source (small graphs) or by graph structure (large ones)."""

    def __init__(self) -> None:
        self._svgs: dict[object, str] = {}

    def html(self, out: Tensor, leaves: dict[str, Tensor], structure: tuple, size: int) -> str:
        names = {**leaves, "out": out}
        try:
            if size <= VALUES_MAX_NODES:
                view = viz.draw(out, names=names)
                return "<div>" + self._svg(view.source, view.svg) + "</div>"
            note = (f"<p><small>The graph has {size} nodes (more than {VALUES_MAX_NODES}): drawn without values and "
                    "gradients, which are shown above.</small></p>")  # fmt: skip
            if structure not in self._svgs:
                self._store(structure, viz.draw(out, names=names, values=False, grads=False).svg())
            return note + "<div>" + self._svgs[structure] + "</div>"
        except Exception as error:  # noqa: BLE001 - a missing renderer must not break the widget
            return pre(f"(graph not drawn: {type(error).__name__}: {error})")

    def _svg(self, key: object, render) -> str:  # noqa: ANN001
        if key not in self._svgs:
            self._store(key, render())
        return self._svgs[key]

    def _store(self, key: object, svg: str) -> None:
        if len(self._svgs) >= CACHE_SIZE:
            self._svgs.pop(next(iter(self._svgs)))
        self._svgs[key] = svg
