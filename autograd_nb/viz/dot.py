"""DOT text for a drawing, with every label escaped.

Labels are plain quoted DOT strings (never HTML-like labels), so ``<``, ``>``, ``{``, ``}`` and ``|``
mean nothing to Graphviz; backslashes, quotes and ``&`` (which Graphviz reads as the start of an
entity such as ``&lt;``) are escaped, and control characters are written out as visible escapes.
Colours follow torchviz: leaves blue, output green, grad_fn nodes grey, saved tensors orange.
"""

from __future__ import annotations

import unicodedata
from collections import Counter

import numpy as np

from .. import _dtype
from .._printing import format_tensor
from .graph import Graph, Vertex

MAX_VALUES = 16  # tensors with more elements show their shape only
# Above this many boxes, cap dot's network-simplex passes and draw straight arrows: a leaf shared by a
# hundred ops gives a hundred long labelled edges, which otherwise take dot minutes to route.
LARGE = 100
_FAST_LAYOUT = "  graph [nslimit=2, nslimit1=2, splines=line]\n"

_FILL = {
    "leaf": "lightblue",
    "output": "darkolivegreen1",
    "function": "lightgrey",
    "accumulate": "lightgrey",
    "tensor": "white",
    "saved": "orange",
}
_HEADER = """\
digraph autograd {
  graph [rankdir=TB, nodesep=0.25, ranksep=0.3, fontname=Helvetica, fontsize=10]
  node [shape=box, style="filled,rounded", fontname=Helvetica, fontsize=10, height=0.3, margin="0.1,0.04"]
  edge [fontname=Courier, fontsize=9, arrowsize=0.7]
"""
_LEGEND = """\
  subgraph cluster_legend {
    label="legend"; style=dashed; color=grey60
    legend_leaf [label="leaf tensor", fillcolor=lightblue, style=filled]
    legend_fn [label="grad_fn node", fillcolor=lightgrey]
    legend_output [label="output", fillcolor=darkolivegreen1, style=filled]
    legend_tensor [label="named intermediate", fillcolor=white, style=filled]
    legend_saved [label="saved tensor", fillcolor=orange, style=filled]
  }
"""
_ESCAPES = {"\\": "\\\\", '"': '\\"', "&": "&amp;"}


def escape(text: str) -> str:
    """``text`` as the inside of a quoted DOT label, drawn exactly as written.

    >>> escape('say "hi" & <b>\\\\n')
    'say \\\\"hi\\\\" &amp; <b>\\\\\\\\n'
    """
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif unicodedata.category(ch) in ("Cc", "Cs", "Cn"):
            # control characters, lone surrogates and non-characters are not allowed in SVG (XML) text
            out.append(ch.encode("unicode_escape").decode("ascii").replace("\\", "\\\\"))
        else:
            out.append(ch)
    return "".join(out)


def format_values(array: np.ndarray) -> list[str]:
    """The elements as PyTorch prints them, without the ``tensor(...)`` around them."""
    text = format_tensor(array, _dtype.from_numpy_dtype(array.dtype))
    lines = text[len("tensor(") : -1].split("\n")
    return lines[:1] + [line[len("tensor(") :] for line in lines[1:]]


def format_shape(shape: tuple) -> str:
    return "(" + ", ".join(str(n) for n in shape) + ("," if len(shape) == 1 else "") + ")"


def _prefixed(prefix: str, lines: list[str]) -> list[str]:
    return [prefix + lines[0]] + [" " * len(prefix) + line for line in lines[1:]]


def _small(array: np.ndarray | None) -> bool:
    return array is not None and array.size <= MAX_VALUES


def tensor_lines(vertex: Vertex, *, values: bool, grads: bool, shapes: bool) -> list[str]:
    head = " ".join(part for part in (vertex.title, format_shape(vertex.shape) if shapes else "") if part)
    lines = [head] if head else []
    if values and _small(vertex.value):
        lines += format_values(vertex.value)
    if grads and vertex.grad is not None:
        shown = format_values(vertex.grad) if _small(vertex.grad) else [format_shape(vertex.grad.shape)]
        lines += _prefixed("grad ", shown)
    return lines + vertex.notes


def _label(lines: list[str], left: bool) -> str:
    end = "\\l" if left else "\\n"
    body = end.join(escape(line) for line in lines)
    return f'"{body}\\l"' if left else f'"{body}"'


def to_dot(
    graph: Graph,
    *,
    forward: bool = False,
    values: bool = True,
    grads: bool = True,
    shapes: bool = True,
    legend: bool = False,
) -> str:
    """The DOT source of ``graph``; arrows follow the data (``forward``) or the gradients."""
    ids = {i: f"n{k}" for k, (i, _) in enumerate(graph.live_vertices())}
    out = [_HEADER, _FAST_LAYOUT if len(ids) > LARGE else ""]
    for i, vertex in graph.live_vertices():
        attrs = [f"fillcolor={_FILL[vertex.role]}"]
        if vertex.role in ("function", "accumulate"):
            attrs.insert(0, "label=" + _label([vertex.label, *vertex.notes], left=False))
        else:
            lines = tensor_lines(vertex, values=values, grads=grads, shapes=shapes) or [" "]
            attrs[:0] = ["label=" + _label(lines, left=True), "style=filled", "fontname=Courier"]
        if vertex.marked:
            attrs += ["color=red", "penwidth=2"]
        out.append(f"  {ids[i]} [{', '.join(attrs)}]\n")
    arrows = graph.live_arrows()
    parallel = Counter((a.src, a.dst) for a in arrows)
    for arrow in arrows:
        src, dst = ids[arrow.src], ids[arrow.dst]
        attrs = []
        if arrow.saved:
            attrs += ["style=dashed", "dir=none", "color=darkorange"]
        elif forward:
            src, dst = dst, src
        if grads and not forward and arrow.grad is not None:
            lines = format_values(arrow.grad) if _small(arrow.grad) else [format_shape(arrow.grad.shape)]
            if parallel[(arrow.src, arrow.dst)] > 1:  # y * y: dot sets the labels side by side, keep a gap
                lines = [f" {line} " for line in lines]
            attrs.append("label=" + _label(lines, left=True))
        if arrow.marked:
            attrs += ["color=red", "penwidth=2"]
        out.append(f"  {src} -> {dst}" + (f" [{', '.join(attrs)}]" if attrs else "") + "\n")
    if legend:
        out.append(_LEGEND)
    if grads and not forward and graph.missing:
        caption = "\\n".join(escape(line) for line in graph.missing.split("\n"))
        out.append(f'  graph [labelloc=b, fontsize=9, label="{caption}"]\n')
    out.append("}\n")
    return "".join(out)
